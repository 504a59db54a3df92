"""What the registry stores for the portfolio at save time: typed figures, pilot dates, search key, tiers.

Pure (no database): from a campaign's content (the plain dict saved) and its evaluation summary
(``CampaignEvaluation.summary()``), the values of the campaign row's typed columns and of its
``campaign_segments`` rows. The listing, the period views, the tier results and the priors aggregate
these columns in the database; nothing there parses a campaign's JSON.

**Dates** (docs/formulas.md §17). ``pilot_start`` is the design's ``start_date`` when typed, else the
day (UTC) the campaign first reached a stage from ``running`` on. ``pilot_end`` – the date the
campaign's figures belong to – is set once the summary carries pilot figures: the design's
``end_date`` when typed, else the day those figures were first saved; later saves keep it.

References:
    docs/formulas.md §17; docs/architecture.md §5 (persistence).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from planner_common import InputError
from rollout.permissions import stage_rank
from rollout.portfolio import profit_std_error

TEXTS = {"currency": "currency", "recommendation": "recommendation", "direction": "direction"}
INTEGERS = {"audience": "audience", "n_control": "n_control", "contacts": "n_treatment"}
FLOATS = {
    "probability_of_profit": "probability_of_profit",
    "expected_profit": "expected_profit",
    "profit_ci_lower": "profit_ci_lower",
    "profit_ci_upper": "profit_ci_upper",
    "expected_roi": "expected_roi",
    "confidence_level": "confidence_level",
    "effect_size": "effect_size",
    "effect_std_error": "std_error",
    "control_rate": "control_rate",
    "treatment_rate": "treatment_rate",
    "conversion_rate": "conversion_rate",
    "responses": "responses",
    "incremental_responses": "incremental_responses",
    "spend": "spend",
    "pilot_profit": "pilot_profit",
    "cost_per_contact": "cost_per_contact",
    "cost_per_response": "cost_per_response",
    "cost_per_incremental_response": "cost_per_incremental_response",
}
FIGURE_COLUMNS = (*TEXTS, *INTEGERS, *FLOATS, "profit_std_error")
_TEXT_CHARS = 50
_LABEL_CHARS = 200


def search_key(text: str) -> str:
    """A name as it is searched: accents removed, case-folded, spaces collapsed.

    Examples:
        >>> search_key("  Catálogo  OTOÑO ")
        'catalogo otono'

    References:
        Unicode Standard Annex #15 (NFKD decomposition); Python ``str.casefold``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return value[:_TEXT_CHARS] if isinstance(value, str) and value else None


def figure_values(summary: Mapping[str, Any] | None) -> dict[str, Any]:
    """The typed figure columns of a summary (``None`` for each figure it lacks).

    Examples:
        >>> v = figure_values({"n_treatment": 20_000, "expected_profit": 17e6, "profit_ci_lower": -19.4e6,
        ...                    "profit_ci_upper": 53.4e6, "currency": "CLP"})
        >>> v["contacts"], v["currency"], round(v["profit_std_error"] / 1e6, 2), v["spend"]
        (20000, 'CLP', 18.57, None)

    References:
        docs/formulas.md §17 (which summary key fills which column).
    """
    s: Mapping[str, Any] = summary or {}
    values: dict[str, Any] = {column: _text(s.get(key)) for column, key in TEXTS.items()}
    for column, key in INTEGERS.items():
        number = _finite(s.get(key))
        values[column] = None if number is None else round(number)
    values |= {column: _finite(s.get(key)) for column, key in FLOATS.items()}
    values["profit_std_error"] = _finite(profit_std_error(s))
    return values


def _iso_date(design: Mapping[str, Any], key: str) -> date | None:
    value = design.get(key)
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(
            "pilot_date_invalid",
            f"design.{key} must be a date written YYYY-MM-DD, got {value!r}.",
            field=f"design.{key}",
            value=str(value)[:40],
        ) from None


def typed_dates(content: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """The design's typed ``start_date`` and ``end_date`` (``None`` when not typed).

    Examples:
        >>> typed_dates({"design": {"start_date": "2025-03-03", "end_date": "2025-03-30"}})
        (datetime.date(2025, 3, 3), datetime.date(2025, 3, 30))
    """
    design = content.get("design")
    if not isinstance(design, Mapping):
        return None, None
    return _iso_date(design, "start_date"), _iso_date(design, "end_date")


def pilot_dates(
    content: Mapping[str, Any],
    *,
    stage: str,
    has_figures: bool,
    current: tuple[date | None, date | None],
    today: date,
) -> tuple[date | None, date | None]:
    """``(pilot_start, pilot_end)`` after a write (see the module doc for the rule).

    Examples:
        A pilot first saved as running on 3 March and read on 31 March, without typed dates:

        >>> from datetime import date
        >>> started = pilot_dates({}, stage="running", has_figures=False, current=(None, None),
        ...                       today=date(2025, 3, 3))
        >>> pilot_dates({}, stage="analysed", has_figures=True, current=started, today=date(2025, 3, 31))
        (datetime.date(2025, 3, 3), datetime.date(2025, 3, 31))

    References:
        docs/formulas.md §17.
    """
    typed_start, typed_end = typed_dates(content)
    started = has_figures or stage_rank(stage) >= stage_rank("running")
    start = typed_start or current[0] or (today if started else None)
    end = (typed_end or current[1] or today) if has_figures else None
    return start, end


def _chosen_metric(readout: Mapping[str, Any], rollout: Mapping[str, Any]) -> str | None:
    found = readout.get("metrics")
    metrics: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    for name in (rollout.get("metric"), readout.get("primary")):
        if isinstance(name, str) and name in metrics:
            return name
    return next(iter(metrics), None)


def _segment_row(line: Mapping[str, Any]) -> dict[str, Any] | None:
    n_c, n_t = _finite(line.get("n_control")), _finite(line.get("n_treatment"))
    effect, se = _finite(line.get("effect_size")), _finite(line.get("std_error"))
    label = str(line.get("segment"))[:_LABEL_CHARS]
    if None in (n_c, n_t, effect, se) or not search_key(label):
        return None
    return {
        "segment": label,
        "segment_key": search_key(label),
        "metric": str(line.get("metric"))[:_LABEL_CHARS],
        "direction": "decrease" if line.get("direction") == "decrease" else "increase",
        "n_control": round(n_c or 0),
        "n_treatment": round(n_t or 0),
        "control_rate": _finite(line.get("control")),
        "treatment_rate": _finite(line.get("treatment")),
        "effect_size": effect,
        "std_error": se,
    }


def segment_rows(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The tier rows of a campaign: its readout's segment lines of the roll-out's metric and arm.

    Examples:
        >>> line = {"metric": "compra", "arm": "piloto", "segment": "Alto", "n_control": 900,
        ...         "n_treatment": 3_600, "effect_size": 0.012, "std_error": 0.004}
        >>> rows = segment_rows({"readout": {"arm": "piloto", "metrics": {"compra": {}},
        ...                                  "segment_lines": [line]}})
        >>> [(r["segment_key"], r["n_treatment"], r["effect_size"]) for r in rows]
        [('alto', 3600, 0.012)]

    References:
        docs/formulas.md §11 (value tiers), §17.
    """
    readout = content.get("readout")
    if not isinstance(readout, Mapping) or not isinstance(readout.get("segment_lines"), list | tuple):
        return []
    rollout = content.get("rollout") if isinstance(content.get("rollout"), Mapping) else {}
    metric, arm = _chosen_metric(readout, rollout or {}), readout.get("arm")
    rows = []
    for line in readout["segment_lines"]:
        if not isinstance(line, Mapping) or line.get("metric") != metric or line.get("segment") is None:
            continue
        if arm is not None and line.get("arm") != arm:
            continue
        row = _segment_row(line)
        if row is not None:
            rows.append(row)
    return rows

"""The one-page decision memo a leader approves from: HTML, PDF and XLSX of the same content.

:func:`build_memo` takes the campaign and its :class:`~rollout.evaluation.CampaignEvaluation` (the
figures the pages show; nothing is recomputed here), phrases them with the already-translated
``texts`` the UI passes in (this package never imports Streamlit or the UI catalogs), formats every
number with Babel in the reader's locale (``es`` → ``es_CL``, ``en`` → ``en_US``; euros in Spanish →
``es_ES``) and renders three files:

* ``html`` – one self-contained page (inline CSS, charts as inline SVG by ``vl_convert``), every
  user-provided string HTML-escaped, print CSS for A4;
* ``pdf`` – one A4 page by fpdf2 with an embedded Unicode font (see ``rollout/_memo_pdf.py``), charts as
  PNG by ``vl_convert``;
* ``xlsx`` – sheets summary, readout and scenarios; text cells are never formulas.

Content: campaign name, objective, channel, stage and date; the question; the recommendation with
its reasons; the readout (rates, lift with interval, p-value, sample sizes, SRM); the money
(break-even uplift, expected incremental profit with interval, probability of profit, scenarios);
assumptions; and the approval block (who approved or rejected, when, the reason and the SHA-256 of the
figures approved – from the registry only; "changed after approval" when the numbers moved since),
with signature lines while pending.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from babel import numbers as babel_numbers

from rollout._memo_content import TEXT_PREFIXES, MemoContent, memo_content
from rollout._memo_facts import Approval, MemoFacts, approval_from_status, memo_facts
from rollout._memo_format import MemoFormat
from rollout._memo_html import render_html
from rollout.campaign import Campaign
from rollout.evaluation import CampaignEvaluation

__all__ = [
    "TEXT_PREFIXES",
    "Approval",
    "Memo",
    "MemoContent",
    "MemoFacts",
    "MemoFormat",
    "approval_from_status",
    "build_memo",
    "memo_facts",
]

CHART_WIDTH, CHART_HEIGHT = 320, 190


@dataclass(frozen=True, slots=True, kw_only=True)
class Memo:
    """The memo in three formats, plus the figures and sentences it was built from."""

    html: str
    pdf: bytes
    xlsx: bytes
    content: MemoContent
    facts: MemoFacts
    lang: str
    currency: str


def _spec(chart: Any) -> dict[str, Any]:
    """A Vega-Lite dict from an Altair chart, a dict or a JSON string; container widths made fixed."""
    if isinstance(chart, str):
        spec = json.loads(chart)
    elif isinstance(chart, dict):
        spec = dict(chart)
    else:
        spec = json.loads(chart.to_json())
    for key, size in (("width", CHART_WIDTH), ("height", CHART_HEIGHT)):
        if not isinstance(spec.get(key, size), int | float):
            spec[key] = size
    return spec


@functools.cache
def _register_font() -> None:
    import font_source_sans_pro
    import vl_convert

    vl_convert.register_font_directory(font_source_sans_pro.font_directory)


def _chart_svg(chart: Any) -> str:
    """A chart as an inline SVG element (vl-convert; no external URLs are fetched)."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(_spec(chart), allowed_base_urls=[])
    return svg[svg.index("<svg") :] if "<svg" in svg else ""


def _chart_png(chart: Any, scale: float = 2.0) -> bytes:
    """A chart as PNG bytes at ``scale`` (2× for print), drawn in the memo's font (vl-convert)."""
    import vl_convert

    _register_font()
    return vl_convert.vegalite_to_png(
        _spec(chart), scale=scale, allowed_base_urls=[], config={"font": "Source Sans Pro"}
    )


def build_memo(
    campaign: Campaign,
    evaluation: CampaignEvaluation,
    *,
    texts: dict[str, str],
    charts: dict[str, Any] | None = None,
    lang: str = "es",
    approval: Approval | None = None,
    today: date | None = None,
) -> Memo:
    """Build the decision memo of a campaign in HTML, PDF and XLSX from its evaluation.

    Args:
        campaign: The campaign record (its words: name, objective, channel, stimulus, stage).
        evaluation: ``rollout.evaluate(campaign)``: every figure printed comes from it, so the memo says
            what the pages show; partial evaluations give a partial memo, never an error.
        texts: Catalog key → translated template for every key starting with one of
            :data:`TEXT_PREFIXES` (``memo.``, ``decision.``, ``stage.``, ``brief.objective_``,
            ``brief.channel_``); a missing key shows itself.
        charts: Altair charts (or Vega-Lite dicts / JSON) to embed, in order.
        lang: ``"es"`` or ``"en"`` – the locale of every number and date.
        approval: The current approval held by the registry (who, when, reason, hash of the figures).
        today: Date printed on the memo (default: today, UTC).

    Returns:
        The memo (``.html``, ``.pdf``, ``.xlsx``) with its facts and sentences.

    Examples:
        The catalogue pilot of docs/formulas.md §6 – 3 % of 20 000 against 2 % of 5 000 – rolled out to
        200 000 at 300 CLP a contact, 40 000 CLP margin, 3 M fixed:

        >>> from rollout import Brief, RolloutAssumptions, evaluate
        >>> campaign = Campaign(brief=Brief(name="Catálogo otoño", fixed_cost=3e6, cost_per_contact=300,
        ...     margin_per_response=40_000), rollout=RolloutAssumptions(source="rates", n_control=5_000,
        ...     n_treatment=20_000, control_rate=0.02, pilot_rate=0.03, audience=200_000))
        >>> memo = build_memo(campaign, evaluate(campaign), texts={"memo.expected_profit": "Ganancia esperada"})
        >>> memo.facts.decision.decision, memo.pdf[:4], "$17.000.000" in memo.html
        ('go', b'%PDF', True)

    References:
        docs/architecture.md §1 (RECORD), §6 (the same charts in the memo as SVG); docs/ux.md (Roll-out page).
    """
    from rollout._memo_pdf import render_pdf  # fpdf2 and xlsxwriter load when a memo is built, not before
    from rollout._memo_xlsx import render_xlsx

    fmt = MemoFormat(lang, evaluation.currency)
    facts = memo_facts(campaign, evaluation, approval)
    content = memo_content(facts, dict(texts), fmt, today or datetime.now(UTC).date())
    charts = dict(charts or {})
    html = render_html(content, [(key, _chart_svg(chart)) for key, chart in charts.items()])
    pdf = render_pdf(content, [_chart_png(chart) for chart in charts.values()])
    digits = babel_numbers.get_currency_precision(evaluation.currency)
    xlsx = render_xlsx(content, facts, dict(texts), digits)
    return Memo(
        html=html, pdf=pdf, xlsx=xlsx, content=content, facts=facts, lang=lang, currency=evaluation.currency
    )

"""The memo as a workbook: the summary as text, the readout and the scenarios as numbers.

Written with xlsxwriter with ``strings_to_formulas`` / ``strings_to_urls`` / ``strings_to_numbers``
off and every text through ``write_string``: a campaign called ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import io
import math
from typing import Any

import xlsxwriter

from rollout._memo_content import MemoContent
from rollout._memo_facts import MemoFacts

OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
READOUT_COLUMNS = (
    ("metric", None),
    ("direction", None),
    ("n_control", "int"),
    ("n_treatment", "int"),
    ("control", "pct"),
    ("treatment", "pct"),
    ("effect_size", "pp"),
    ("effect_size_ci_lower", "pp"),
    ("effect_size_ci_upper", "pp"),
    ("rel_effect_size", "pct"),
    ("pvalue", "p"),
)
SCENARIO_FORMATS = (None, "pp", "int", "money", "pct")


def _write(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Numbers as numbers (NaN/None as an empty cell), everything else as a text cell."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _cell_format(kind: str, column: str, line: dict[str, Any] | None) -> str:
    """A rate's levels and differences show as percentages; a mean's or a ratio's (revenue per customer)
    as plain amounts. The relative lift is a percentage for both.

    Examples:
        >>> _cell_format("pct", "control", {"kind": "mean"}), _cell_format("pct", "control", {})
        ('num', 'pct')
    """
    is_rate = (line or {}).get("kind", "proportion") == "proportion"
    return kind if is_rate or column == "rel_effect_size" or kind not in ("pct", "pp") else "num"


def _formats(book: Any, currency_digits: int) -> dict[str, Any]:
    money = "#,##0" + ("." + "0" * currency_digits if currency_digits else "")
    return {
        "head": book.add_format({"bold": True, "bg_color": "#F6F7F9", "bottom": 1}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "label": book.add_format({"font_color": "#5F6368", "valign": "top"}),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
        "int": book.add_format({"num_format": "#,##0"}),
        "pct": book.add_format({"num_format": "0.00%"}),
        "pp": book.add_format({"num_format": "0.00%"}),
        "p": book.add_format({"num_format": "0.0000"}),
        "num": book.add_format({"num_format": "#,##0.00"}),
        "money": book.add_format({"num_format": money}),
    }


def _summary(book: Any, c: MemoContent, tx: dict[str, str], f: dict[str, Any]) -> None:
    sheet = book.add_worksheet(tx.get("memo.sheet_summary", "summary")[:31])
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 80)
    rows: list[tuple[str, str]] = [
        (c.title, c.name),
        *c.meta,
        (c.question_title, c.question),
        (c.recommendation_title, c.verdict),
    ]
    rows += [("", reason) for reason in c.reasons]
    rows += [*c.readout, *c.money, *(("", a) for a in c.assumptions), *c.approval]
    sheet.write_string(0, 0, c.title, f["title"])
    for i, (label, value) in enumerate(rows[1:], start=1):
        sheet.write_string(i, 0, label, f["label"])
        sheet.write_string(i, 1, value, f["text"])
    sheet.write_string(0, 1, c.name, f["title"])


def _readout(book: Any, facts: MemoFacts, tx: dict[str, str], f: dict[str, Any]) -> None:
    sheet = book.add_worksheet(tx.get("memo.sheet_readout", "readout")[:31])
    for col, (name, _) in enumerate(READOUT_COLUMNS):
        sheet.write_string(0, col, tx.get(f"memo.col_{name}", name), f["head"])
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(READOUT_COLUMNS) - 1, 14)
    metrics = facts.metrics or (
        {
            facts.metric or "—": {
                "direction": facts.direction,
                "n_control": facts.n_control,
                "n_treatment": facts.n_treatment,
                "control": facts.control,
                "treatment": facts.treatment,
                "effect_size": facts.effect_size,
                "effect_size_ci_lower": facts.ci_lower,
                "effect_size_ci_upper": facts.ci_upper,
                "rel_effect_size": facts.rel_effect_size,
                "pvalue": facts.pvalue,
            }
        }
        if facts.has_pilot
        else {}
    )
    for row, (metric, m) in enumerate(metrics.items(), start=1):
        for col, (name, kind) in enumerate(READOUT_COLUMNS):
            value = metric if name == "metric" else (m or {}).get(name)
            if name == "direction":
                value = tx.get(f"memo.direction_{value}", value)
            _write(sheet, row, col, value, f[_cell_format(kind, name, m)] if kind else None)
    row = len(metrics) + 2
    sheet.write_string(row, 0, tx.get("memo.srm", "SRM"), f["label"])
    _write(sheet, row, 1, facts.srm_pvalue, f["p"])
    if facts.srm_flagged is not None:
        flag = "memo.srm_flagged_no_p" if facts.srm_flagged else "memo.srm_ok_no_p"
        sheet.write_string(row, 2, tx.get(flag, flag))


def _scenarios(book: Any, c: MemoContent, facts: MemoFacts, tx: dict[str, str], f: dict[str, Any]) -> None:
    sheet = book.add_worksheet(tx.get("memo.sheet_scenarios", "scenarios")[:31])
    sheet.set_column(0, len(c.scenario_header) - 1, 20)
    for col, head in enumerate(c.scenario_header):
        sheet.write_string(0, col, head, f["head"])
    if facts.projection is None:
        sheet.write_string(1, 0, c.money_missing)
        return
    for row, s in enumerate(facts.projection.scenarios, start=1):
        values = (
            tx.get(f"memo.scenario_{s.name}", s.name),
            s.uplift,
            s.incremental_responses,
            s.profit,
            s.roi,
        )
        for col, (value, kind) in enumerate(zip(values, SCENARIO_FORMATS, strict=True)):
            _write(sheet, row, col, value, f[kind] if kind else None)


def render_xlsx(c: MemoContent, facts: MemoFacts, texts: dict[str, str], currency_digits: int) -> bytes:
    """The workbook's bytes: sheets summary, readout and scenarios (names translated)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, OPTIONS)
    book.set_properties({"title": f"{c.title} – {c.name}", "author": "Campaign Planner"})
    formats = _formats(book, currency_digits)
    _summary(book, c, texts, formats)
    _readout(book, facts, texts, formats)
    _scenarios(book, c, facts, texts, formats)
    book.close()
    return buffer.getvalue()

"""The readout as the page shows it: SRM banner, cards, the sentence, tables, caveats.

It renders the campaign's ``rollout.ReadoutRecord`` (built by ``rollout.readout_record`` from a file's or
typed counts' ``experiments.PilotResult``), so a reopened campaign shows its readout without the file. Proportions
are shown as percentages and their lifts in percentage points; means and ratios in the campaign
currency. Verdicts come from :func:`experiments.verdict`, in each metric's direction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from app_pages.components.feedback import plain, show_notes
from app_pages.components.tables import download_table, show_table
from app_pages.i18n import fmt_int, fmt_money, fmt_money_avg, fmt_p, fmt_pct, fmt_points, fmt_pvalue, t
from experiments import verdict
from rollout import MetricLine, ReadoutRecord

Line = MetricLine  # one metric of one treated arm (and segment), as the campaign stores it


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text


def level(line: Line, value: float, cur: str) -> str:
    """A rate or an average in its unit."""
    return fmt_pct(value, digits=2) if line.kind == "proportion" else fmt_money_avg(value, cur)


def lift(line: Line, value: float, cur: str) -> str:
    """An absolute lift: points for rates, money for averages, with its sign."""
    if value != value:
        return "—"
    if line.kind != "proportion":
        return _signed(fmt_money_avg(value, cur), value)
    return _signed(fmt_points(value, 2 if value == 0 or abs(value) >= 0.001 else 4), value)  # "+2,00 pp"


def interval(lo: str, hi: str) -> str:
    return t("analyze.interval", lo=lo, hi=hi)


def rel(value: float) -> str:
    return "—" if value != value else _signed(fmt_pct(value, digits=1), value)


def srm_banner(result: ReadoutRecord) -> None:
    """Red banner when the split does not match the plan; a quiet line otherwise."""
    sizes = ", ".join(f"{arm}: {fmt_int(n)}" for arm, n in result.arm_sizes.items())
    if result.srm_flagged:
        st.error(
            t("analyze.srm.flagged", pvalue=fmt_p(result.srm_pvalue), sizes=sizes),
            icon=":material/warning:",
        )
    else:
        st.caption(t("analyze.srm.ok", pvalue=fmt_p(result.srm_pvalue), sizes=sizes))


def cards(line: Line, alpha: float, cur: str) -> None:
    """Four big numbers for the primary metric."""
    color = "normal" if line.direction == "increase" else "inverse"
    a, b, c, d = st.columns(4)
    a.metric(t("analyze.card.control"), level(line, line.control, cur))
    b.metric(
        t("analyze.card.pilot", arm=plain(line.arm)),
        level(line, line.treatment, cur),
        delta=lift(line, line.effect_size, cur),
        delta_color=color,
    )
    c.metric(
        t("analyze.card.relative"),
        rel(line.rel_effect_size),
        help=interval(rel(line.rel_effect_size_ci_lower), rel(line.rel_effect_size_ci_upper)),
    )
    found = verdict(line, alpha)
    if found == "inconclusive":
        d.metric(t("analyze.card.verdict"), t("analyze.verdict.inconclusive"))
    else:
        d.metric(
            t("analyze.card.verdict"),
            t("analyze.card.conclusive"),
            delta=t(f"analyze.card.{found}"),
            delta_color="green" if found == "better" else "red",
            delta_arrow="up" if found == "better" else "down",
        )


def sentence(line: Line, alpha: float, cur: str) -> str:
    """The pasteable sentence about the primary metric."""
    kind = "proportion" if line.kind == "proportion" else "money"
    extra = ""
    if math.isfinite(line.incremental):
        inc = fmt_int if line.kind == "proportion" else (lambda v: fmt_money(v, cur))
        extra = " " + t(
            f"analyze.sentence.incremental_{kind}",
            value=inc(line.incremental),
            lo=inc(line.incremental_ci_lower),
            hi=inc(line.incremental_ci_upper),
        )
    return (
        t(
            f"analyze.sentence.{kind}",
            metric=plain(line.metric),
            arm=plain(line.arm),
            control=level(line, line.control, cur),
            treatment=level(line, line.treatment, cur),
            effect=lift(line, line.effect_size, cur),
            lo=lift(line, line.effect_size_ci_lower, cur),
            hi=lift(line, line.effect_size_ci_upper, cur),
            confidence=fmt_pct(1 - alpha, digits=0),
            verdict=t(f"analyze.verdict.{verdict(line, alpha)}").lower(),
        )
        + extra
    )


def tables(
    lines: Sequence[Line], alpha: float, cur: str, by: str = "arm"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(display table of formatted text, download table of raw numbers) for the lines."""
    shown, raw = [], []
    adjusted = any(line.pvalue_adjusted != line.pvalue for line in lines)  # Holm (arms) or BH (segments)
    p_label = t("analyze.col.pvalue_adjusted" if adjusted else "analyze.col.pvalue")
    for line in lines:
        first = (
            {t("analyze.col.arm"): line.arm} if by == "arm" else {t("analyze.col.segment"): str(line.segment)}
        )
        shown.append(
            first
            | {
                t("analyze.col.metric"): line.metric,
                t("analyze.col.control"): level(line, line.control, cur),
                t("analyze.col.treatment"): level(line, line.treatment, cur),
                t("analyze.col.lift"): lift(line, line.effect_size, cur),
                t("analyze.col.lift_ci"): interval(
                    lift(line, line.effect_size_ci_lower, cur), lift(line, line.effect_size_ci_upper, cur)
                ),
                t("analyze.col.rel"): rel(line.rel_effect_size),
                t("analyze.col.rel_ci"): interval(
                    rel(line.rel_effect_size_ci_lower), rel(line.rel_effect_size_ci_upper)
                ),
                p_label: fmt_pvalue(line.pvalue_adjusted),
                t("analyze.col.verdict"): t(f"analyze.verdict.{verdict(line, alpha)}"),
                t("analyze.col.incremental"): "—"
                if line.incremental != line.incremental
                else (
                    fmt_int(line.incremental)
                    if line.kind == "proportion"
                    else fmt_money(line.incremental, cur)
                ),
                t("analyze.col.n"): f"{fmt_int(line.n_control)} / {fmt_int(line.n_treatment)}",
            }
        )
        raw.append(_raw_row(line, alpha))
    raw_df = pd.DataFrame(raw)
    if by == "arm":
        raw_df = raw_df.drop(columns=t("analyze.export.segment"))
    return pd.DataFrame(shown), raw_df


RAW_FIELDS = (
    "control", "treatment", "effect_size", "effect_size_ci_lower", "effect_size_ci_upper", "rel_effect_size",
    "rel_effect_size_ci_lower", "rel_effect_size_ci_upper", "pvalue", "pvalue_adjusted", "incremental",
    "incremental_ci_lower", "incremental_ci_upper", "n_control", "n_treatment",
)  # fmt: skip


def _raw_row(line: Line, alpha: float) -> dict[str, object]:
    """One line of the download: the figures as numbers, headers and categories in the user's words."""
    row: dict[str, object] = {
        t("analyze.export.arm"): line.arm,
        t("analyze.export.segment"): line.segment,
        t("analyze.export.metric"): line.metric,
        t("analyze.export.kind"): t(f"analyze.export.kind_{line.kind}"),
        t("analyze.export.direction"): t(f"analyze.direction.{line.direction}"),
    }
    row |= {t(f"analyze.export.{name}"): getattr(line, name) for name in RAW_FIELDS}
    return row | {t("analyze.export.verdict"): t(f"analyze.verdict.{verdict(line, alpha)}")}


def _names(note: object, metric: str) -> bool:
    """Whether the caveat's own sentence already names the metric (then no "metric: " prefix)."""
    params = note[1] if isinstance(note, list | tuple) and len(note) == 2 else getattr(note, "params", None)
    return isinstance(params, Mapping) and metric in params.values()


def notes(result: ReadoutRecord, lines: Sequence[Line]) -> None:
    """Readout-level and metric-level caveats, each once, in the user's language."""
    show_notes(result.notes)
    for line in lines:
        show_notes([n for n in line.notes if _names(n, line.metric)])
        show_notes([n for n in line.notes if not _names(n, line.metric)], prefix=f"{line.metric}: ")


def downloads(raw: pd.DataFrame, name: str, key: str) -> None:
    download_table(raw, name, key)


def show_lines(shown: pd.DataFrame) -> None:
    """The formatted table: text columns right-aligned like numbers, labels left."""
    show_table(shown, right=shown.columns[2:])

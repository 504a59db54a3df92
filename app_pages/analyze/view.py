"""The readout as the page shows it: result lines, SRM banner, cards, the sentence, tables, caveats.

:func:`lines_of` flattens a :class:`experiments.PilotResult` (of a file or of typed counts) into
:class:`Line` values, one per treated arm and metric (and segment); the rest formats them. Proportions
are shown as percentages and their lifts in percentage points; means and ratios in the campaign
currency. Verdicts come from :func:`experiments.verdict`, in each metric's direction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.analyze.mapping import STD_PREFIX
from app_pages.components.feedback import show_notes
from app_pages.components.tables import download_table, show_table
from app_pages.i18n import fmt_int, fmt_money, fmt_pct, fmt_pp, fmt_pvalue, t
from experiments import PilotResult, verdict


@dataclass(frozen=True, slots=True)
class Line:
    """One metric for one treated arm (and optionally one segment), ready to render."""

    arm: str
    metric: str
    kind: str
    direction: str
    control: float
    treatment: float
    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    rel_effect_size_ci_lower: float
    rel_effect_size_ci_upper: float
    pvalue: float
    pvalue_adjusted: float
    std_error: float
    n_control: int
    n_treatment: int
    incremental: float
    incremental_ci_lower: float
    incremental_ci_upper: float
    successes_control: int | None = None
    successes_treatment: int | None = None
    control_std: float | None = None
    treatment_std: float | None = None
    segment: Any = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Readout:
    """Everything the view shows: overall lines, segment lines (first arm), SRM, engine notes."""

    lines: tuple[Line, ...]
    segment_lines: tuple[Line, ...]
    srm_pvalue: float
    srm_flagged: bool
    arm_sizes: dict[str, int]
    control: str
    heterogeneity: dict[str, float]
    notes: tuple[str, ...]


_SAME = ("metric", "kind", "direction", "control", "treatment", "effect_size", "effect_size_ci_lower")
_SAME += ("effect_size_ci_upper", "rel_effect_size", "rel_effect_size_ci_lower", "rel_effect_size_ci_upper")
_SAME += ("pvalue", "pvalue_adjusted", "std_error", "n_control", "n_treatment", "incremental")
_SAME += ("incremental_ci_lower", "incremental_ci_upper")


def _line(arm: str, m: Any, stds: Any = None, segment: Any = None) -> Line:
    return Line(
        arm=arm,
        **{name: getattr(m, name) for name in _SAME},
        successes_control=getattr(m.detail, "successes_control", None),
        successes_treatment=getattr(m.detail, "successes_treatment", None),
        control_std=getattr(stds, "std_control", None),
        treatment_std=getattr(stds, "std_treatment", None),
        segment=segment,
        notes=tuple(m.notes),
    )


def lines_of(result: PilotResult) -> Readout:
    """The readout's lines (helper metrics only lend their standard deviations)."""
    lines, segment_lines = [], []
    for arm, by_metric in result.comparisons.items():
        for name, m in by_metric.items():
            if not name.startswith(STD_PREFIX):
                lines.append(_line(arm, m, (by_metric.get(STD_PREFIX + name) or m).detail))
    for value, by_metric in result.segments.items():
        for name, m in by_metric.items():
            if not name.startswith(STD_PREFIX):
                segment_lines.append(_line(result.treatments[0], m, segment=value))
    hetero = {name: h.pvalue for name, h in result.heterogeneity.items() if not name.startswith(STD_PREFIX)}
    return Readout(
        lines=tuple(lines),
        segment_lines=tuple(segment_lines),
        srm_pvalue=result.srm.pvalue,
        srm_flagged=result.srm.flagged,
        arm_sizes=dict(result.arm_sizes),
        control=result.control,
        heterogeneity=hetero,
        notes=tuple(result.notes),
    )


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def saved_readout(result: Readout, *, source: str, alpha: float, primary: str, arm: str) -> dict[str, Any]:
    """The saved readout (the exact structure other pages read) for one treated arm."""
    metrics = {}
    for line in (x for x in result.lines if x.arm == arm):
        metrics[line.metric] = {
            "kind": line.kind,
            "direction": line.direction,
            "arm": arm,
            "n_control": int(line.n_control),
            "n_treatment": int(line.n_treatment),
            "control": float(line.control),
            "treatment": float(line.treatment),
            "control_std": _num(line.control_std),
            "treatment_std": _num(line.treatment_std),
            "successes_control": None if line.successes_control is None else int(line.successes_control),
            "successes_treatment": None
            if line.successes_treatment is None
            else int(line.successes_treatment),
            **{
                k: float(getattr(line, k))
                for k in (
                    "effect_size",
                    "effect_size_ci_lower",
                    "effect_size_ci_upper",
                    "std_error",
                    "rel_effect_size",
                )
            },
            "pvalue": float(line.pvalue_adjusted),
        }
    return {
        "source": source,
        "alpha": float(alpha),
        "primary": primary,
        "srm_flagged": bool(result.srm_flagged),
        "srm_pvalue": float(result.srm_pvalue),
        "metrics": metrics,
    }


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text


def level(line: Line, value: float, cur: str) -> str:
    """A rate or an average in its unit."""
    return fmt_pct(value, digits=2) if line.kind == "proportion" else fmt_money(value, cur)


def lift(line: Line, value: float, cur: str) -> str:
    """An absolute lift: points for rates, money for averages, with its sign."""
    if value != value:
        return "—"
    return _signed(fmt_pp(value) if line.kind == "proportion" else fmt_money(value, cur), value)


def interval(lo: str, hi: str) -> str:
    return t("analyze.interval", lo=lo, hi=hi)


def rel(value: float) -> str:
    return "—" if value != value else _signed(fmt_pct(value, digits=1), value)


def srm_banner(result: Readout) -> None:
    """Red banner when the split does not match the plan; a quiet line otherwise."""
    sizes = ", ".join(f"{arm}: {fmt_int(n)}" for arm, n in result.arm_sizes.items())
    if result.srm_flagged:
        st.error(
            t("analyze.srm.flagged", pvalue=fmt_pvalue(result.srm_pvalue), sizes=sizes),
            icon=":material/warning:",
        )
    else:
        st.caption(t("analyze.srm.ok", pvalue=fmt_pvalue(result.srm_pvalue), sizes=sizes))


def cards(line: Line, alpha: float, cur: str) -> None:
    """Four big numbers for the primary metric."""
    color = "normal" if line.direction == "increase" else "inverse"
    a, b, c, d = st.columns(4)
    a.metric(t("analyze.card.control"), level(line, line.control, cur))
    b.metric(
        t("analyze.card.pilot", arm=line.arm),
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
            metric=line.metric,
            arm=line.arm,
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
                t("analyze.col.pvalue"): fmt_pvalue(line.pvalue_adjusted),
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
        raw.append(
            {
                "arm": line.arm,
                "segment": line.segment,
                "metric": line.metric,
                "kind": line.kind,
                "direction": line.direction,
                "control": line.control,
                "treatment": line.treatment,
                "effect_size": line.effect_size,
                "effect_size_ci_lower": line.effect_size_ci_lower,
                "effect_size_ci_upper": line.effect_size_ci_upper,
                "rel_effect_size": line.rel_effect_size,
                "rel_effect_size_ci_lower": line.rel_effect_size_ci_lower,
                "rel_effect_size_ci_upper": line.rel_effect_size_ci_upper,
                "pvalue": line.pvalue,
                "pvalue_adjusted": line.pvalue_adjusted,
                "incremental": line.incremental,
                "incremental_ci_lower": line.incremental_ci_lower,
                "incremental_ci_upper": line.incremental_ci_upper,
                "n_control": line.n_control,
                "n_treatment": line.n_treatment,
                "verdict": verdict(line, alpha),
            }
        )
    raw_df = pd.DataFrame(raw)
    if by == "arm":
        raw_df = raw_df.drop(columns="segment")
    return pd.DataFrame(shown), raw_df


def notes(result: Readout, lines: Sequence[Line]) -> None:
    """Readout-level and metric-level caveats, each once, in the user's language."""
    show_notes(result.notes)
    for line in lines:
        show_notes(line.notes, prefix=f"{line.metric}: ")


def downloads(raw: pd.DataFrame, name: str, key: str) -> None:
    download_table(raw, name, key)


def show_lines(shown: pd.DataFrame) -> None:
    """The formatted table: text columns right-aligned like numbers, labels left."""
    show_table(shown, right=shown.columns[2:])

"""Rendering of a pilot readout: SRM banner, metric cards, the pasteable sentence, tables, charts, notes.

Formatting only; every number comes from :mod:`app_pages._analyze_engine`. Proportions are shown as
percentages and their lifts in percentage points; means and ratios (revenue) in the campaign currency.
Verdicts follow each metric's direction ("less is better" for churn).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._analyze_engine import Line, Readout, verdict
from app_pages._i18n import current_lang, fmt_int, fmt_money, fmt_number, fmt_pct, fmt_pp, load_catalog, t
from app_pages._render import ARM_COLORS, download_table

_VEGA_LOCALE = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
_EXTRA_COLORS = ("#72b7b2", "#b279a2", "#eeca3b")


def fmt_p(p: float) -> str:
    """A p-value: four decimals, or "< 0,0001"."""
    if p != p:
        return "—"
    return f"< {fmt_number(0.0001, digits=4)}" if p < 0.0001 else fmt_number(p, digits=4)


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
            t("analyze.srm.flagged", pvalue=fmt_p(result.srm_pvalue), sizes=sizes), icon=":material/warning:"
        )
    else:
        st.caption(t("analyze.srm.ok", pvalue=fmt_p(result.srm_pvalue), sizes=sizes))


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
                t("analyze.col.pvalue"): fmt_p(line.pvalue_adjusted),
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


def show_table(shown: pd.DataFrame) -> None:
    """Text columns right-aligned like numbers, labels left."""
    config = {col: st.column_config.TextColumn(col, alignment="right") for col in shown.columns[2:]}
    st.dataframe(shown, hide_index=True, column_config=config)


def _colors(arms: Sequence[str]) -> list[str]:
    palette = [ARM_COLORS["pilot"], ARM_COLORS["rollout"], *_EXTRA_COLORS]
    return [palette[i % len(palette)] for i in range(len(arms))]


def lift_chart(lines: Sequence[Line], by: str) -> alt.LayerChart | None:
    """Relative lift and its interval per metric (or per segment), one colour per treated arm."""
    rows = [
        {
            "label": line.metric if by == "metric" else str(line.segment),
            "arm": line.arm,
            "lift": line.rel_effect_size,
            "lo": line.rel_effect_size_ci_lower,
            "hi": line.rel_effect_size_ci_upper,
        }
        for line in lines
        if all(
            math.isfinite(v)
            for v in (line.rel_effect_size, line.rel_effect_size_ci_lower, line.rel_effect_size_ci_upper)
        )
    ]
    if not rows:
        return None
    data = pd.DataFrame(rows)
    arms = list(dict.fromkeys(data["arm"]))
    color = alt.Color("arm:N", title=t("analyze.col.arm"), scale=alt.Scale(domain=arms, range=_colors(arms)))
    y = alt.Y("label:N", title=None, sort=None)
    offset = alt.YOffset("arm:N", sort=arms)
    bars = (
        alt.Chart(data)
        .mark_rule(strokeWidth=3)
        .encode(
            x=alt.X("lo:Q", title=t("analyze.chart.x"), axis=alt.Axis(format=".0%")),
            x2="hi:Q",
            y=y,
            yOffset=offset,
            color=color,
        )
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=90)
        .encode(
            x="lift:Q",
            y=y,
            yOffset=offset,
            color=color,
            tooltip=[
                alt.Tooltip("label:N", title=t("analyze.col.metric")),
                alt.Tooltip("arm:N", title=t("analyze.col.arm")),
                alt.Tooltip("lift:Q", title=t("analyze.col.rel"), format=".1%"),
                alt.Tooltip("lo:Q", title=t("analyze.chart.lo"), format=".1%"),
                alt.Tooltip("hi:Q", title=t("analyze.chart.hi"), format=".1%"),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color=ARM_COLORS["control"], strokeDash=[5, 4])
        .encode(x="x:Q")
    )
    title = t("analyze.chart.title_metric" if by == "metric" else "analyze.chart.title_segment")
    return (
        (zero + bars + points)
        .properties(title=title, height=70 + 45 * data["label"].nunique())
        .configure(locale={"number": _VEGA_LOCALE[current_lang()]})
    )


def note_text(note: Any) -> str:
    """An engine note in the session language when the catalog has it, else its English sentence."""
    key = f"analysis_notes.{getattr(note, 'code', '')}"
    if key in load_catalog(current_lang()):
        try:
            return t(key, **getattr(note, "params", {}))
        except (KeyError, ValueError, IndexError):
            pass
    return str(note)


def notes(result: Readout, lines: Sequence[Line]) -> None:
    """Readout-level and metric-level caveats, each once."""
    seen = dict.fromkeys(
        [note_text(n) for n in result.notes]
        + [f"{line.metric}: {note_text(n)}" for line in lines for n in line.notes]
    )
    for text in seen:
        st.caption(f":material/info: {text}")


def downloads(raw: pd.DataFrame, name: str, key: str) -> None:
    download_table(raw, name, key)

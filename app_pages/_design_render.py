"""Rendering for the "Size the pilot" page: metric cards, the sentence, warnings, chart, table, errors."""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._design_inputs import DesignInputs
from app_pages._i18n import current_lang, fmt_int, fmt_money, fmt_pct, fmt_pp, t
from app_pages._render import ACCENT, ARM_COLORS, how_computed, show_error
from app_pages._state import currency
from planner_common import InputError

LONG_DAYS = 60
MOST_OF_BASE = 0.8
_VEGA_LOCALE = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""], "percent": "\u202f%"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
_FIELD_LABEL = {
    "baseline_rate": "design.input.baseline",
    "std": "design.input.std",
    "effect_size": "design.input.lift_pp",
    "rel_effect_size": "design.input.lift_rel",
    "n_treatments": "design.input.n_treatments",
    "population": "design.input.population",
    "daily_volume": "design.input.daily_volume",
    "alpha": "design.input.confidence",
    "power": "design.input.power",
    "ratio": "design.input.split",
}
# The engine speaks of fractions; the page takes percents, so rate errors get sentences in percent.
_RATE_CODES = {
    "rate_out_of_range": "design_rate_range",
    "rate_as_percent": "design_rate_range",
    "rate_outside_unit": "design_rate_outside",
}


def pct(fraction: float) -> str:
    """A percent with as few decimals as it needs (3 % · 3,5 % · 0,25 %)."""
    digits = next(
        (d for d in (0, 1, 2) if abs(fraction * 100 * 10**d - round(fraction * 100 * 10**d)) < 1e-6), 2
    )
    return fmt_pct(fraction, digits=digits)


def pp(difference: float) -> str:
    """Percentage points with two decimals, or four for differences under 0.1 pp."""
    return fmt_pp(difference, digits=2 if abs(difference) >= 0.001 else 4)


def lift_text(inputs: DesignInputs, result: Any) -> str:
    """The lift as the user typed it: "0,5 pp", "20 % (0,6 pp)" or "$1.000"."""
    if inputs.metric == "mean":
        return fmt_money(result.effect_size, currency())
    if inputs.lift_mode == "relative":
        return t("design.sentence.lift_rel", rel=pct(result.rel_effect_size), pp=pp(result.effect_size))
    return pp(result.effect_size)


def show_input_error(exc: InputError, inputs: DesignInputs, slots: dict[str, Any]) -> None:
    """The error sentence next to the input that caused it, naming the widget and echoing its value."""
    params = dict(exc.params)
    field = params.get("field", "")
    label = _FIELD_LABEL.get(field)
    if field == "effect_size" and inputs.metric == "mean":
        label = "design.input.lift_money"
    params["field"] = t(label, currency=currency()) if label else field
    value = params.get("value")
    if isinstance(value, int | float) and inputs.metric == "rate" and field == "effect_size":
        params["value"] = pp(value)
    elif isinstance(value, int | float) and field in ("baseline_rate", "rel_effect_size"):
        params["value"] = pct(value)
    if isinstance(params.get("rate"), int | float):
        params["rate"] = pct(params["rate"])
    code = _RATE_CODES.get(exc.code, exc.code) if inputs.metric == "rate" else exc.code
    target = slots.get(field) or slots.get("effect_size" if "effect" in field else "baseline_rate")
    with target.container() if target is not None else st.container():
        show_error(InputError(code, str(exc), **params))


def metrics(inputs: DesignInputs, result: Any) -> None:
    """Big numbers: each arm and the total; then the duration and the share of the base."""
    pilot = "design.metric.pilot_each" if inputs.n_treatments > 1 else "design.metric.pilot"
    cols = st.columns(3)
    cols[0].metric(t(pilot), fmt_int(result.n_treatment), border=True)
    cols[1].metric(t("design.metric.control"), fmt_int(result.n_control), border=True)
    cols[2].metric(t("design.metric.total"), fmt_int(result.n_total), border=True)
    cols = st.columns(2)
    days = (
        t("design.metric.days", days=fmt_int(result.duration_days))
        if result.duration_days is not None
        else t("design.metric.no_volume")
    )
    per_day = t("design.metric.per_day", daily=fmt_int(inputs.daily_volume)) if inputs.daily_volume else None
    cols[0].metric(
        t("design.metric.duration"), days, delta=per_day, delta_color="off", delta_arrow="off", border=True
    )
    if result.share_of_population is None:
        cols[1].metric(t("design.metric.share"), t("design.metric.no_population"), border=True)
    else:
        left = result.remaining_for_rollout
        remaining = (
            t("design.metric.remaining", count=fmt_int(left))
            if left >= 0
            else t("design.metric.shortfall", count=fmt_int(-left))
        )
        cols[1].metric(
            t("design.metric.share"),
            pct_short(result.share_of_population),
            delta=remaining,
            delta_color="off",
            delta_arrow="off",
            border=True,
        )


def pct_short(fraction: float) -> str:
    return fmt_pct(fraction, digits=1 if fraction < 0.1 else 0)


def sentence(inputs: DesignInputs, result: Any) -> str:
    """One sentence a marketer can paste into an email."""
    many = inputs.n_treatments > 1
    common = {
        "lift": lift_text(inputs, result),
        "confidence": pct(1 - inputs.alpha),
        "power": pct(inputs.power),
        "pilot": fmt_int(result.n_treatment),
        "control": fmt_int(result.n_control),
        "k": fmt_int(inputs.n_treatments),
    }
    if inputs.metric == "rate":
        text = t(
            "design.sentence.rate_many" if many else "design.sentence.rate",
            baseline=pct(inputs.baseline),
            **common,
        )
    else:
        text = t(
            "design.sentence.mean_many" if many else "design.sentence.mean",
            baseline=fmt_money(inputs.baseline, currency()),
            std=fmt_money(inputs.std, currency()),
            **common,
        )
    if result.duration_days is not None:
        text += t(
            "design.sentence.duration", daily=fmt_int(inputs.daily_volume), days=fmt_int(result.duration_days)
        )
    return text + t("design.sentence.end")


def warnings(inputs: DesignInputs, result: Any) -> None:
    """Say when the design does not fit the base, uses most of it, or takes long."""
    if result.feasible is False:
        mde = result.mde_with_population
        needed, population = fmt_int(result.n_total), fmt_int(inputs.population)
        if mde is None or math.isnan(mde):
            st.warning(
                t("design.warn.infeasible_no_mde", needed=needed, population=population),
                icon=":material/warning:",
            )
        else:
            shown = (
                fmt_money(mde, currency())
                if inputs.metric == "mean"
                else t("design.warn.mde_rate", pp=pp(mde), rel=pct_short(mde / inputs.baseline))
            )
            st.warning(
                t("design.warn.infeasible", needed=needed, population=population, mde=shown),
                icon=":material/warning:",
            )
    elif result.share_of_population is not None and result.share_of_population > MOST_OF_BASE:
        st.warning(
            t("design.warn.most_of_base", share=pct_short(result.share_of_population)),
            icon=":material/warning:",
        )
    if result.duration_days is not None and result.duration_days > LONG_DAYS:
        st.info(t("design.warn.long", days=fmt_int(result.duration_days)), icon=":material/schedule:")


def display_lift(inputs: DesignInputs, effect: Any) -> Any:
    """An absolute effect in the unit the user typed the lift in (pp, % relative, or money)."""
    if inputs.lift_mode == "relative":
        return effect / inputs.baseline * 100
    return effect * 100 if inputs.metric == "rate" else effect


def power_chart(inputs: DesignInputs, table: pd.DataFrame, effect: float) -> alt.LayerChart:
    """Power against the true lift at the planned sizes, with the target power and the chosen lift."""
    if inputs.lift_mode == "relative":
        x_title, x_format = t("design.chart.x_rel"), ",.0f"
    elif inputs.metric == "rate":
        x_title, x_format = t("design.chart.x_pp"), ",.2~f"
    else:
        x_title, x_format = t("design.chart.x_money", currency=currency()), ",.0f"
    data = pd.DataFrame({"lift": display_lift(inputs, table["effect_size"]), "power": table["power"]})
    x = alt.X("lift:Q", title=x_title, axis=alt.Axis(format=x_format))
    y = alt.Y(
        "power:Q", title=t("design.chart.y"), scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")
    )
    line = (
        alt.Chart(data)
        .mark_line(color=ACCENT, strokeWidth=3)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("lift:Q", title=x_title, format=x_format),
                alt.Tooltip("power:Q", title=t("design.chart.y"), format=".1%"),
            ],
        )
    )
    target = (
        alt.Chart(pd.DataFrame({"power": [inputs.power]}))
        .mark_rule(color=ARM_COLORS["control"], strokeDash=[6, 4])
        .encode(y="power:Q")
    )
    target_label = (
        alt.Chart(
            pd.DataFrame(
                {"power": [inputs.power], "label": [f"{t('design.chart.target')} {pct(inputs.power)}"]}
            )
        )
        .mark_text(align="left", dx=6, dy=-8, color=ARM_COLORS["control"])
        .encode(y="power:Q", x=alt.value(0), text="label:N")
    )
    lift = pd.DataFrame({"lift": [display_lift(inputs, effect)], "label": [t("design.chart.chosen")]})
    chosen = alt.Chart(lift).mark_rule(color=ARM_COLORS["rollout"]).encode(x="lift:Q")
    chosen_label = (
        alt.Chart(lift)
        .mark_text(align="left", baseline="top", dx=6, color=ARM_COLORS["rollout"])
        .encode(x="lift:Q", y=alt.value(4), text="label:N")
    )
    return (
        (line + target + target_label + chosen + chosen_label)
        .properties(title=t("design.chart.title"), height=320)
        .configure(locale={"number": _VEGA_LOCALE[current_lang()]})
    )


def sizes_table(inputs: DesignInputs, result: Any) -> pd.DataFrame:
    """Customers per group (and share of the base) for the download."""
    arms = [t("design.metric.control")] + (
        [t("design.table.pilot_n", i=i + 1) for i in range(inputs.n_treatments)]
        if inputs.n_treatments > 1
        else [t("design.metric.pilot")]
    )
    counts = [result.n_control] + [result.n_treatment] * inputs.n_treatments
    table = pd.DataFrame({t("design.table.arm"): arms, t("design.table.customers"): counts})
    if inputs.population:
        table[t("design.table.share")] = [n / inputs.population for n in counts]
    return table


def explain(inputs: DesignInputs, result: Any) -> None:
    """The "How was this computed?" expander: formula, method, R function, assumptions, notes."""
    method = {
        ("rate", "normal"): "rate_normal",
        ("rate", "arcsine"): "rate_arcsine",
        ("mean", "t"): "mean_t",
        ("mean", "normal"): "mean_normal",
    }[(inputs.metric, inputs.method)]
    parts = [t(f"design.how.{method}"), t("design.how.assumptions", achieved=fmt_pct(result.power))]
    if result.notes:
        parts.append(t("design.how.notes", notes=" ".join(result.notes)))
    how_computed("\n\n".join(parts))

"""Charts of the "Size the pilot" page: power against the true lift, and expected profit against size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from app_pages import cache
from app_pages.components.charts import ACCENT, ARM_COLORS, vega_locale
from app_pages.design.inputs import DesignInputs
from app_pages.design.view import unit
from app_pages.i18n import current_lang, fmt_pct_auto, t
from app_pages.state import currency

if TYPE_CHECKING:  # a result type only: its module (scipy) loads when the tab computes
    from experiments import TestAndRollPlanResult

CURVE_POINTS = 41
CURVE_REACH = 2.5  # the power curve runs from no lift to 2.5 × the lift to detect


def power_table(inputs: DesignInputs, result: Any) -> pd.DataFrame:
    """Power at the planned sizes for true lifts from 0 to 2.5 × the lift to detect.

    Each comparison is tested at the design's per-comparison alpha (Bonferroni with several pilots,
    ``result.alpha_per_comparison``); a rate's lifts stop short of a treatment rate of 0 or 1.
    """
    effect = result.effect_size
    end = CURVE_REACH * effect
    if inputs.metric == "rate":  # the chart's range keeps the treatment rate inside (0, 1)
        room = (1 - inputs.baseline) if effect > 0 else -inputs.baseline
        end = min(end, room * 0.999) if effect > 0 else max(end, room * 0.999)
    effects = tuple(end * i / (CURVE_POINTS - 1) for i in range(CURVE_POINTS))
    return cache.power_at_effects(
        inputs.metric,
        inputs.baseline,
        inputs.std,
        n_control=result.n_control,
        n_treatment=result.n_treatment,
        effect_sizes=effects,
        alpha=result.alpha_per_comparison,
        alternative=inputs.alternative,
        method=inputs.method,
    )


def _display_lift(inputs: DesignInputs, effect: Any) -> Any:
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
    data = pd.DataFrame({"lift": _display_lift(inputs, table["effect_size"]), "power": table["power"]})
    x = alt.X("lift:Q", title=x_title, axis=alt.Axis(format=x_format))
    y = alt.Y(
        "power:Q", title=t("design.chart.y"), scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")
    )
    tooltip = [
        alt.Tooltip("lift:Q", title=x_title, format=x_format),
        alt.Tooltip("power:Q", title=t("design.chart.y"), format=".1%"),
    ]
    line = alt.Chart(data).mark_line(color=ACCENT, strokeWidth=3).encode(x=x, y=y, tooltip=tooltip)
    target = pd.DataFrame(
        {"power": [inputs.power], "label": [f"{t('design.chart.target')} {fmt_pct_auto(inputs.power)}"]}
    )
    target_rule = (
        alt.Chart(target).mark_rule(color=ARM_COLORS["control"], strokeDash=[6, 4]).encode(y="power:Q")
    )
    target_label = (
        alt.Chart(target)
        .mark_text(align="left", dx=6, dy=-8, color=ARM_COLORS["control"])
        .encode(y="power:Q", x=alt.value(0), text="label:N")
    )
    lift = pd.DataFrame({"lift": [_display_lift(inputs, effect)], "label": [t("design.chart.chosen")]})
    chosen = alt.Chart(lift).mark_rule(color=ARM_COLORS["rollout"]).encode(x="lift:Q")
    chosen_label = (
        alt.Chart(lift)
        .mark_text(align="left", baseline="top", dx=6, color=ARM_COLORS["rollout"])
        .encode(x="lift:Q", y=alt.value(4), text="label:N")
    )
    return (
        (line + target_rule + target_label + chosen + chosen_label)
        .properties(title=t("design.chart.title"), height=320)
        .configure(locale=vega_locale(current_lang()))
    )


def profit_chart(plan: TestAndRollPlanResult) -> alt.LayerChart:
    """Expected profit against the pilot size (log scale), n* and the power-based plans marked."""
    best, symmetric = plan.optimum, not plan.holdout
    x_field = "n_control" if symmetric else "n_total"
    x_title = t("profit.chart.x_arm" if symmetric else "profit.chart.x_total")
    y_title = t("profit.chart.y", unit=unit(plan))
    curve = plan.curve[plan.curve[x_field] > 0]
    x = alt.X(
        f"{x_field}:Q",
        title=x_title,
        axis=alt.Axis(format=",.0f"),
        scale=alt.Scale(type="log", domain=[1, int(curve[x_field].max())], nice=False),
    )
    y = alt.Y("expected_profit:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=",.0f"))
    tooltip = [
        alt.Tooltip(f"{x_field}:Q", title=x_title, format=",.0f"),
        alt.Tooltip("expected_profit:Q", title=y_title, format=",.0f"),
    ]
    line = (
        alt.Chart(curve)
        .mark_line(color=ARM_COLORS["rollout"], strokeWidth=3)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    marks = [(t("profit.chart.n_star"), best, ARM_COLORS["pilot"])]
    marks += [
        (t(f"profit.chart.{name}"), scored, color)
        for (name, scored), color in zip(plan.plans.items(), (ARM_COLORS["control"], "#5f5f5f"), strict=True)
        if scored is not None and getattr(scored, x_field) > 0
    ]
    points = pd.DataFrame(
        {
            "label": [label for label, _, _ in marks],
            x_field: [getattr(scored, x_field) for _, scored, _ in marks],
            "expected_profit": [scored.expected_profit for _, scored, _ in marks],
        }
    )
    color = alt.Color(
        "label:N",
        title=None,
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(domain=[m[0] for m in marks], range=[m[2] for m in marks]),
    )
    rules = (
        alt.Chart(points).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(x=f"{x_field}:Q", color=color)
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            x=f"{x_field}:Q",
            y="expected_profit:Q",
            color=color,
            tooltip=[alt.Tooltip("label:N", title=" "), *tooltip],
        )
    )
    return (
        (line + rules + dots)
        .properties(title=t("profit.chart.title"), height=340)
        .configure(locale=vega_locale(current_lang()))
    )

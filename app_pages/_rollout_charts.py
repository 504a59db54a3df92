"""Altair charts of the Roll-out page: the break-even chart and the projected-profit distribution.

Both are in the metric's good direction (for churn, the uplift is the *reduction*). The profit values
come from ``economics.rollout_profit``; the distribution's bell is drawn by Vega itself
(``densityNormal`` of the uplift, to which the profit is linear), so no density is computed in Python.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages._i18n import current_lang, fmt_pct, fmt_prob, t
from app_pages._render import ACCENT, ARM_COLORS
from app_pages._rollout_ui import CHART_PADDING, fmt_money_short, fmt_points, locale_axis, money_kind
from economics import RolloutProjectionResult

GAIN, LOSS = "#2e7d32", "#c62828"


def break_even_chart(curve: pd.DataFrame, proj: RolloutProjectionResult, currency: str) -> alt.Chart:
    """Incremental profit against uplift, with the pilot's interval band and the break-even line."""
    lang = current_lang()
    x = alt.X(
        "uplift:Q",
        title=t("rollout.chart_uplift"),
        axis=locale_axis("pp", lang, tickCount=6, labelOverlap="greedy"),
    )
    y = alt.Y(
        "profit:Q",
        title=t("rollout.chart_profit", currency=currency),
        axis=locale_axis(money_kind(curve["profit"]), lang),
    )
    level = fmt_pct(proj.confidence_level, digits=0)
    band = (
        alt.Chart(
            pd.DataFrame(
                {
                    "lo": [proj.uplift_ci_lower],
                    "hi": [proj.uplift_ci_upper],
                    "label": [t("rollout.chart_band", level=level)],
                }
            )
        )
        .mark_rect(color=ARM_COLORS["rollout"], opacity=0.15)
        .encode(x="lo:Q", x2="hi:Q")
    )
    band_text = (
        alt.Chart(
            pd.DataFrame({"lo": [proj.uplift_ci_lower], "label": [t("rollout.chart_band", level=level)]})
        )
        .mark_text(align="left", baseline="top", dx=4, y=4, color=ARM_COLORS["rollout"])
        .encode(x="lo:Q", text="label:N")
    )
    line = (
        alt.Chart(curve)
        .mark_line(color=ARM_COLORS["rollout"], strokeWidth=3)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("uplift:Q", title=t("rollout.chart_uplift"), format=".3%"),
                alt.Tooltip("profit:Q", title=t("rollout.chart_profit", currency=currency), format=",.0f"),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"profit": [0]})).mark_rule(color=ARM_COLORS["control"]).encode(y="profit:Q")
    )
    be = pd.DataFrame(
        {
            "uplift": [proj.break_even_uplift],
            "label": [t("rollout.chart_break_even", value=fmt_points(proj.break_even_uplift))],
        }
    )
    be_rule = alt.Chart(be).mark_rule(color=LOSS, strokeDash=[6, 4], strokeWidth=2).encode(x="uplift:Q")
    be_text = (
        alt.Chart(be)
        .mark_text(align="left", dx=5, y=24, color=LOSS, fontWeight="bold")
        .encode(x="uplift:Q", text="label:N")
    )
    here = pd.DataFrame(
        {
            "uplift": [proj.uplift],
            "profit": [proj.expected_profit],
            "label": [t("rollout.chart_estimate", value=fmt_money_short(proj.expected_profit, currency))],
        }
    )
    point = alt.Chart(here).mark_point(filled=True, size=150, color=ACCENT).encode(x=x, y=y)
    point_text = (
        alt.Chart(here)
        .mark_text(align="right", dx=-10, dy=-10, color=ACCENT, fontWeight="bold")
        .encode(x=x, y=y, text="label:N")
    )
    return alt.layer(band, band_text, zero, line, be_rule, be_text, point, point_text).properties(
        padding=CHART_PADDING, height=340, title=t("rollout.chart_break_even_title")
    )


def distribution_chart(spread: pd.DataFrame, proj: RolloutProjectionResult, currency: str) -> alt.Chart:
    """The projected profit's normal distribution, the loss area shaded (approximation, flat prior)."""
    lang = current_lang()
    data = spread.assign(
        outcome=[t("rollout.chart_loss") if p < 0 else t("rollout.chart_gain") for p in spread["profit"]]
    )
    seam = data.loc[[data["profit"].abs().idxmin()]].assign(outcome=t("rollout.chart_loss"))
    data = pd.concat([data, seam], ignore_index=True)  # both areas meet at the break-even point
    density = f"densityNormal(datum.uplift, {proj.uplift!r}, {proj.uplift_std_error!r})"
    x = alt.X(
        "profit:Q",
        title=t("rollout.chart_profit", currency=currency),
        axis=locale_axis(money_kind(data["profit"]), lang),
    )
    y = alt.Y(
        "density:Q", title=t("rollout.chart_density"), axis=alt.Axis(labels=False, ticks=False), stack=None
    )
    colors = alt.Scale(domain=[t("rollout.chart_loss"), t("rollout.chart_gain")], range=[LOSS, GAIN])
    area = (
        alt.Chart(data)
        .transform_calculate(density=density)
        .mark_area(opacity=0.55, line=True)
        .encode(
            x=x, y=y, color=alt.Color("outcome:N", scale=colors, title=None, legend=alt.Legend(orient="top"))
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"profit": [0]})).mark_rule(color=ARM_COLORS["control"]).encode(x="profit:Q")
    )
    loss = t("rollout.chart_loss_share", value=fmt_prob(1 - proj.probability_of_profit))
    text = (
        alt.Chart(pd.DataFrame({"profit": [0], "label": [loss]}))
        .mark_text(align="right", dx=-6, y=12, color=LOSS, fontWeight="bold")
        .encode(x="profit:Q", text="label:N")
    )
    return alt.layer(area, zero, text).properties(
        padding=CHART_PADDING, height=340, title=t("rollout.chart_distribution_title")
    )

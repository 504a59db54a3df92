"""Altair charts of the Roll-out page and of its decision memo.

Page: the break-even chart and the projected-profit distribution, both in the metric's good direction
(for churn, the uplift is the *reduction*). The profit values come from ``economics.rollout_profit``
over a range of uplifts chosen for the chart; the distribution's bell is drawn by Vega itself
(``densityNormal`` of the uplift, to which the profit is linear), so no density is computed in Python.

Memo: the lift interval against the break-even lift and zero, and the profit scenarios, built from the
memo's facts. The language is passed in (not read from the session) so the charts can be built inside a
deferred download.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages.components.charts import (
    ACCENT,
    ARM_COLORS,
    CHART_PADDING,
    GAIN,
    LOSS,
    locale_axis,
    localized,
    money_kind,
)
from app_pages.i18n import current_lang, fmt_money_short, fmt_pct, fmt_points, fmt_prob, t, translate
from economics import RolloutProjectionResult, rollout_profit
from rollout.memo import MemoFacts

MEMO_WIDTH, MEMO_HEIGHT = 320, 90
MEMO_TITLE = {"anchor": "start", "fontSize": 13}


def _grid(low: float, high: float, points: int, extra: tuple[float, ...] = ()) -> list[float]:
    step = (high - low) / (points - 1)
    return sorted({*(low + i * step for i in range(points)), *(x for x in extra if low <= x <= high)})


def _profits(proj: RolloutProjectionResult, uplifts: list[float]) -> pd.DataFrame:
    money = {
        "audience": proj.audience,
        "margin_per_response": proj.margin_per_response,
        "cost_per_contact": proj.cost_per_contact,
        "fixed_cost": proj.fixed_cost,
    }
    return pd.DataFrame({"uplift": uplifts, "profit": [rollout_profit(u, **money) for u in uplifts]})


def profit_by_uplift(proj: RolloutProjectionResult, points: int = 41) -> pd.DataFrame:
    """Roll-out profit over a range of uplifts that covers the interval, zero and the break-even."""
    marks = (proj.uplift_ci_lower, proj.uplift_ci_upper, proj.break_even_uplift, 0.0)
    low, high = min(marks), max(marks)
    pad = 0.15 * (high - low or abs(proj.break_even_uplift) or 0.01)
    return _profits(proj, _grid(max(-1.0, low - pad), min(1.0, high + pad), points, (proj.uplift,)))


def profit_spread(proj: RolloutProjectionResult, points: int = 121) -> pd.DataFrame:
    """Uplifts ± 4 standard errors around the estimate (with the break-even) and their profit."""
    se = proj.uplift_std_error
    low, high = max(-1.0, proj.uplift - 4 * se), min(1.0, proj.uplift + 4 * se)
    return _profits(proj, _grid(low, high, points, (proj.break_even_uplift,)))


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
        axis=locale_axis(money_kind(curve["profit"]), lang, currency),
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
    chart = alt.layer(band, band_text, zero, line, be_rule, be_text, point, point_text).properties(
        padding=CHART_PADDING, height=340, title=t("rollout.chart_break_even_title")
    )
    return localized(chart, lang, currency)


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
        axis=locale_axis(money_kind(data["profit"]), lang, currency),
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
    chart = alt.layer(area, zero, text).properties(
        padding=CHART_PADDING, height=340, title=t("rollout.chart_distribution_title")
    )
    return localized(chart, lang, currency)


def memo_lift_chart(facts: MemoFacts, lang: str, currency: str | None = None) -> alt.LayerChart | None:
    """The lift's interval against the break-even lift and zero (``None`` before a judged readout)."""
    if not facts.has_pilot:
        return None
    u, lo, hi = facts.benefit
    be = facts.break_even_uplift
    ends = [lo, hi, 0.0] + ([be] if be == be else [])
    pad = 0.15 * ((max(ends) - min(ends)) or 0.01)
    x_scale = alt.Scale(domain=[min(ends) - pad, max(ends) + pad], nice=False)
    axis = locale_axis("pp", lang, title=translate("memo.chart_lift_x", lang), tickCount=5, grid=False)
    est = pd.DataFrame({"lo": [lo], "hi": [hi], "u": [u], "label": [fmt_points(u, lang=lang)]})
    marks = pd.DataFrame(
        {
            "x": [be, 0.0],
            "color": [ARM_COLORS["rollout"], ARM_COLORS["control"]],
            "label": [
                f"{translate('memo.chart_break_even', lang)} {fmt_points(be, lang=lang)}",
                translate("memo.chart_zero", lang),
            ],
            "y": [4, MEMO_HEIGHT - 16],
        }
    ).dropna(subset=["x"])
    interval = (
        alt.Chart(est)
        .mark_rule(color=ACCENT, strokeWidth=8, opacity=0.35, strokeCap="round")
        .encode(x=alt.X("lo:Q", scale=x_scale, axis=axis), x2="hi:Q", y=alt.value(MEMO_HEIGHT * 0.62))
    )
    point = (
        alt.Chart(est)
        .mark_point(filled=True, size=170, color=ACCENT, opacity=1)
        .encode(x=alt.X("u:Q", scale=x_scale), y=alt.value(MEMO_HEIGHT * 0.62))
    )
    point_text = (
        alt.Chart(est)
        .mark_text(color=ACCENT, fontWeight="bold", dy=-16)
        .encode(x=alt.X("u:Q", scale=x_scale), y=alt.value(MEMO_HEIGHT * 0.62), text="label:N")
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[5, 3], strokeWidth=2)
        .encode(x=alt.X("x:Q", scale=x_scale), color=alt.Color("color:N", scale=None))
    )
    layers = [interval, rules, point, point_text]
    for _, row in marks.iterrows():
        layers.append(
            alt.Chart(marks.loc[[_]])
            .mark_text(
                align="left", dx=4, baseline="top", y=int(row["y"]), fontWeight="bold", color=row["color"]
            )
            .encode(x=alt.X("x:Q", scale=x_scale), text="label:N")
        )
    chart = alt.layer(*layers).properties(
        width=MEMO_WIDTH,
        height=MEMO_HEIGHT,
        title={"text": translate("memo.chart_lift_title", lang), **MEMO_TITLE},
    )
    return localized(chart, lang, currency).configure_view(stroke=None)


def memo_profit_chart(facts: MemoFacts, lang: str, currency: str) -> alt.LayerChart | None:
    """Roll-out profit in the three scenarios (``None`` without a money projection)."""
    if facts.projection is None:
        return None
    rows = [
        {
            "scenario": translate(f"memo.chart_{s.name}", lang),
            "profit": s.profit,
            "color": GAIN if s.profit >= 0 else LOSS,
            "label": fmt_money_short(s.profit, currency, lang),
        }
        for s in facts.projection.scenarios
    ]
    data = pd.DataFrame(rows)
    x = alt.X("scenario:N", sort=list(data["scenario"]), title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        "profit:Q",
        title=translate("memo.chart_profit_y", lang, currency=currency),
        axis=locale_axis("money", lang, currency, tickCount=4),
        scale=alt.Scale(nice=True),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(size=46, cornerRadius=2)
        .encode(x=x, y=y, color=alt.Color("color:N", scale=None))
    )
    # Gains are labelled on top of their bar; losses just above the zero line, so no label is clipped.
    labels = [
        alt.Chart(part)
        .mark_text(fontWeight="bold", dy=-7)
        .encode(x=x, y=y_value, text="label:N", color=alt.Color("color:N", scale=None))
        for part, y_value in (
            (data[data["profit"] >= 0], alt.Y("profit:Q")),
            (data[data["profit"] < 0], alt.datum(0)),
        )
        if len(part)
    ]
    zero = (
        alt.Chart(pd.DataFrame({"profit": [0]})).mark_rule(color=ARM_COLORS["control"]).encode(y="profit:Q")
    )
    chart = alt.layer(bars, zero, *labels).properties(
        width=MEMO_WIDTH,
        height=MEMO_HEIGHT + 25,
        title={"text": translate("memo.chart_profit_title", lang), **MEMO_TITLE},
    )
    return localized(chart, lang, currency).configure_view(stroke=None)


def memo_charts(facts: MemoFacts, lang: str, currency: str) -> dict[str, alt.LayerChart]:
    """The memo's charts that can be drawn from these facts, in reading order."""
    charts = {
        "lift": memo_lift_chart(facts, lang, currency),
        "profit": memo_profit_chart(facts, lang, currency),
    }
    return {key: chart for key, chart in charts.items() if chart is not None}

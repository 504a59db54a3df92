"""The two small charts of the decision memo, built from the memo's facts (no formulas here).

* lift interval: the measured lift in the metric's good direction with its interval, against the
  break-even lift and zero (``MemoFacts.benefit`` / ``break_even_uplift``);
* profit scenarios: conservative / base / optimistic roll-out profit (from ``economics.project_rollout``).

The language is passed in (not read from the session) so the charts can be built inside a cached,
deferred download.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages._i18n import translate
from app_pages._render import ACCENT, ARM_COLORS
from app_pages._rollout_ui import fmt_money_short, fmt_points, locale_axis
from rollout.memo import MemoFacts

WIDTH, HEIGHT = 320, 90
GAIN, LOSS = "#2e7d32", "#c62828"
TITLE = {"anchor": "start", "fontSize": 13}


def lift_chart(facts: MemoFacts, lang: str) -> alt.LayerChart | None:
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
            "y": [4, HEIGHT - 16],
        }
    ).dropna(subset=["x"])
    interval = (
        alt.Chart(est)
        .mark_rule(color=ACCENT, strokeWidth=8, opacity=0.35, strokeCap="round")
        .encode(x=alt.X("lo:Q", scale=x_scale, axis=axis), x2="hi:Q", y=alt.value(HEIGHT * 0.62))
    )
    point = (
        alt.Chart(est)
        .mark_point(filled=True, size=170, color=ACCENT, opacity=1)
        .encode(x=alt.X("u:Q", scale=x_scale), y=alt.value(HEIGHT * 0.62))
    )
    point_text = (
        alt.Chart(est)
        .mark_text(color=ACCENT, fontWeight="bold", dy=-16)
        .encode(x=alt.X("u:Q", scale=x_scale), y=alt.value(HEIGHT * 0.62), text="label:N")
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
    return (
        alt.layer(*layers)
        .properties(
            width=WIDTH, height=HEIGHT, title={"text": translate("memo.chart_lift_title", lang), **TITLE}
        )
        .configure_view(stroke=None)
    )


def profit_chart(facts: MemoFacts, lang: str, currency: str) -> alt.LayerChart | None:
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
        axis=locale_axis("money", lang, tickCount=4),
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
    return (
        alt.layer(bars, zero, *labels)
        .properties(
            width=WIDTH,
            height=HEIGHT + 25,
            title={"text": translate("memo.chart_profit_title", lang), **TITLE},
        )
        .configure_view(stroke=None)
    )


def memo_charts(facts: MemoFacts, lang: str, currency: str) -> dict[str, alt.LayerChart]:
    """The memo's charts that can be drawn from these facts, in reading order."""
    charts = {"lift": lift_chart(facts, lang), "profit": profit_chart(facts, lang, currency)}
    return {key: chart for key, chart in charts.items() if chart is not None}

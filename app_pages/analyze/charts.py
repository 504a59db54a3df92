"""The Analyse page's chart: relative lift and its interval per metric (or per segment), by treated arm."""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from app_pages.components.charts import ARM_COLORS, vega_locale
from app_pages.i18n import current_lang, t
from rollout import MetricLine as Line

_EXTRA_COLORS = ("#72b7b2", "#b279a2", "#eeca3b")


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
        .configure(locale=vega_locale(current_lang()))
    )

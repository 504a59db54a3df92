"""Altair charts of the Satisfaction page: net score with its interval, and the answer histogram."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages.components.charts import ACCENT, ARM_COLORS, CHART_PADDING, GAIN, LOSS, locale_axis, localized
from app_pages.i18n import current_lang, t

CATEGORY_COLORS = {"plus": GAIN, "zero": ARM_COLORS["control"], "minus": LOSS}


def histogram(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Answers per score value (chart data)."""
    counts = pd.to_numeric(df[column], errors="coerce").dropna().round().astype(int).value_counts()
    return counts.sort_index().rename_axis("score").reset_index(name="answers")


def interval_chart(rows: pd.DataFrame, title: str) -> alt.Chart:
    """Net score (points, −100..+100) with its confidence interval, one row per group.

    ``rows`` has the columns ``group``, ``score``, ``ci_lower``, ``ci_upper`` and ``n``.
    """
    lang = current_lang()
    x_scale = alt.Scale(domain=[-100, 100])
    y = alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelOverlap=False, labelLimit=160))
    axis = locale_axis("num", lang)
    band = (
        alt.Chart(rows)
        .mark_rule(strokeWidth=3, color=ARM_COLORS["rollout"])
        .encode(
            x=alt.X("ci_lower:Q", scale=x_scale, title=t("satisfaction.chart_points"), axis=axis),
            x2="ci_upper:Q",
            y=y,
        )
    )
    point = (
        alt.Chart(rows)
        .mark_point(filled=True, size=120, color=ACCENT)
        .encode(
            x=alt.X("score:Q", scale=x_scale),
            y=y,
            tooltip=[
                alt.Tooltip("group:N", title=t("satisfaction.chart_group")),
                alt.Tooltip("score:Q", title=t("satisfaction.chart_score"), format=".1f"),
                alt.Tooltip("ci_lower:Q", title=t("satisfaction.chart_lower"), format=".1f"),
                alt.Tooltip("ci_upper:Q", title=t("satisfaction.chart_upper"), format=".1f"),
                alt.Tooltip("n:Q", title=t("satisfaction.chart_n"), format=",.0f"),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(color=ARM_COLORS["control"], strokeDash=[4, 4])
        .encode(x="x:Q")
    )
    height = 60 + 40 * len(rows)
    return localized(
        (zero + band + point).properties(padding=CHART_PADDING, height=height, title=title), lang
    )


def histogram_chart(
    hist: pd.DataFrame,
    cuts: tuple[int, int],
    title: str,
    labels: tuple[str, str, str],
    scale: tuple[int, int],
) -> alt.Chart:
    """Answers per score, coloured by category (``cuts`` = (negative max, positive min))."""
    negative_max, positive_min = cuts
    data = hist.assign(
        category=[
            labels[0] if s >= positive_min else labels[2] if s <= negative_max else labels[1]
            for s in hist["score"]
        ]
    )
    colors = alt.Scale(
        domain=list(labels),
        range=[CATEGORY_COLORS["plus"], CATEGORY_COLORS["zero"], CATEGORY_COLORS["minus"]],
    )
    lang = current_lang()
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "score:O",
                title=t("satisfaction.chart_answer"),
                axis=alt.Axis(labelAngle=0),
                scale=alt.Scale(domain=list(range(scale[0], scale[1] + 1))),
            ),
            y=alt.Y("answers:Q", title=t("satisfaction.chart_answers"), axis=locale_axis("int", lang)),
            color=alt.Color("category:N", scale=colors, title=None, legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("score:O", title=t("satisfaction.chart_answer")),
                alt.Tooltip("answers:Q", title=t("satisfaction.chart_answers"), format=",.0f"),
                alt.Tooltip("category:N", title=t("satisfaction.chart_category")),
            ],
        )
        .properties(padding=CHART_PADDING, height=260, title=title)
    )
    return localized(chart, lang)


def category_chart(counts: list[int], names: tuple[str, str, str], title: str) -> alt.Chart:
    """Answers per category (positive, neutral, negative) when only the counts are known."""
    data = pd.DataFrame({"category": list(names), "answers": counts})
    colors = alt.Scale(
        domain=list(names), range=[CATEGORY_COLORS["plus"], CATEGORY_COLORS["zero"], CATEGORY_COLORS["minus"]]
    )
    lang = current_lang()
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("category:N", title=None, sort=list(names), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("answers:Q", title=t("satisfaction.chart_answers"), axis=locale_axis("int", lang)),
            color=alt.Color("category:N", scale=colors, legend=None),
            tooltip=[
                alt.Tooltip("category:N", title=t("satisfaction.chart_category")),
                alt.Tooltip("answers:Q", title=t("satisfaction.chart_answers"), format=",.0f"),
            ],
        )
        .properties(padding=CHART_PADDING, height=260, title=title)
    )
    return localized(chart, lang)

"""Altair charts of the Customer value page: the payback curve and the bathtub."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from app_pages.components.charts import ACCENT, ARM_COLORS, CHART_PADDING, locale_axis, localized
from app_pages.i18n import current_lang, fmt_int, fmt_money, t
from economics import cumulative_margin


def payback_curve(monthly_margin: float, monthly_retention: float, payback_months: float) -> pd.DataFrame:
    """Expected cumulative margin by month, for 24 to 120 months (a year past the payback)."""
    months = int(min(120, max(24, (payback_months if math.isfinite(payback_months) else 48) + 12)))
    return pd.DataFrame(
        {
            "month": range(1, months + 1),
            "margin": cumulative_margin(monthly_margin, months, retention_rate=monthly_retention),
        }
    )


def payback_chart(
    monthly_margin: float, monthly_retention: float, cac: float, payback_months: float, currency: str
) -> alt.Chart:
    """Expected cumulative margin of one customer by month, against the acquisition cost."""
    lang = current_lang()
    curve = payback_curve(monthly_margin, monthly_retention, payback_months)
    x = alt.X("month:Q", title=t("value.chart_month"), axis=locale_axis("int", lang))
    y = alt.Y("margin:Q", title=t("value.chart_margin", currency=currency), axis=locale_axis("money", lang))
    line = alt.Chart(curve).mark_line(color=ARM_COLORS["rollout"], strokeWidth=3).encode(x=x, y=y)
    cac_df = pd.DataFrame(
        {
            "margin": [cac],
            "month": [curve["month"].max()],
            "label": [t("value.chart_cac", cac=fmt_money(cac, currency))],
        }
    )
    rule = alt.Chart(cac_df).mark_rule(color=ARM_COLORS["control"], strokeDash=[6, 4]).encode(y="margin:Q")
    text = (
        alt.Chart(cac_df)
        .mark_text(align="right", dy=-8, color=ARM_COLORS["control"])
        .encode(x=x, y=y, text="label:N")
    )
    layers = [line, rule, text]
    if math.isfinite(payback_months) and payback_months <= curve["month"].max():
        mark = pd.DataFrame(
            {"month": [payback_months], "label": [t("value.chart_payback", months=fmt_int(payback_months))]}
        )
        layers.append(alt.Chart(mark).mark_rule(color=ACCENT, strokeWidth=2).encode(x="month:Q"))
        layers.append(
            alt.Chart(mark)
            .mark_text(align="left", dx=6, y=12, color=ACCENT, fontWeight="bold")
            .encode(x="month:Q", text="label:N")
        )
    chart = alt.layer(*layers).properties(
        padding=CHART_PADDING, height=300, title=t("value.chart_payback_title")
    )
    return localized(chart, lang)


def bathtub_chart(path: pd.DataFrame, steady: float) -> alt.Chart:
    """The customer base period by period, converging to the steady state ``A / c``."""
    lang = current_lang()
    x = alt.X("period:Q", title=t("value.chart_period"), axis=locale_axis("int", lang))
    y = alt.Y(
        "customers:Q",
        title=t("value.chart_customers"),
        axis=locale_axis("int", lang),
        scale=alt.Scale(zero=True),
    )
    line = (
        alt.Chart(path)
        .mark_line(color=ARM_COLORS["rollout"], strokeWidth=3, point=True)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("period:Q", title=t("value.chart_period")),
                alt.Tooltip("customers:Q", title=t("value.chart_customers"), format=",.0f"),
            ],
        )
    )
    layers = [line]
    if math.isfinite(steady):
        level = pd.DataFrame(
            {
                "customers": [steady],
                "period": [path["period"].max()],
                "label": [t("value.chart_steady", steady=fmt_int(steady))],
            }
        )
        layers.append(alt.Chart(level).mark_rule(color=ACCENT, strokeDash=[6, 4]).encode(y="customers:Q"))
        layers.append(
            alt.Chart(level)
            .mark_text(align="right", dy=-8, color=ACCENT, fontWeight="bold")
            .encode(x=x, y=y, text="label:N")
        )
    chart = alt.layer(*layers).properties(
        padding=CHART_PADDING, height=300, title=t("value.chart_bathtub_title")
    )
    return localized(chart, lang)

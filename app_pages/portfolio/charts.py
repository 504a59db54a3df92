"""The Portfolio page's period chart: incremental profit and spend per day, week or month.

Built from the registry's ``PeriodViewResult`` rows (passed as plain tuples, so the Vega-Lite spec is
cached once per content by ``components.charts.show_chart``); one panel per currency, since profits in
different currencies are never added.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages.components.charts import ACCENT, CHART_PADDING, locale_axis, money_kind
from app_pages.i18n import current_lang, t

SPEND = "#8c8c8c"


def period_chart(rows: tuple[tuple[str, str, float, float], ...], period: str) -> alt.Chart | None:
    """Bars of each period's incremental profit beside its spend; ``rows`` are ``(first day, currency,
    incremental profit, spend)``."""
    if not rows:
        return None
    lang = current_lang()
    profit, spend = t("portfolio.pcol.incremental_profit"), t("portfolio.pcol.spend")
    data = pd.DataFrame(
        [(day, cur, profit, value) for day, cur, value, _ in rows]
        + [(day, cur, spend, value) for day, cur, _, value in rows],
        columns=["period", "currency", "figure", "amount"],
    )
    kind = money_kind(data["amount"])
    base = alt.Chart(data, title=t(f"portfolio.chart_title.{period}")).mark_bar()
    chart = base.encode(
        x=alt.X("period:N", title=t("portfolio.pcol.period"), sort=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("figure:N", sort=[profit, spend]),
        y=alt.Y("amount:Q", title=t("portfolio.chart_amount"), axis=locale_axis(kind, lang)),
        color=alt.Color(
            "figure:N",
            title=None,
            scale=alt.Scale(domain=[profit, spend], range=[ACCENT, SPEND]),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=["period:N", "currency:N", "figure:N", alt.Tooltip("amount:Q", format=",.0f")],
    )
    if data["currency"].nunique() > 1:
        chart = chart.facet(row=alt.Row("currency:N", title=None))
    return chart.properties(padding=CHART_PADDING)

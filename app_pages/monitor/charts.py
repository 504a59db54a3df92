"""The Monitor page's chart: the pilot's z statistic by day against the stopping bounds (group-sequential
plans), or the always-valid interval of the lift by day against zero (confidence sequences).

Pilot in the pilot colour, the bounds and zero in the control's grey, as on every page; axes in the
user's locale; bounds of the looks still to come (daily plans) dashed. Early O'Brien-Fleming bounds are
very high: the vertical axis is cut a little above the statistic so the recent looks stay readable.
"""

from __future__ import annotations

import datetime as dt
import math

import altair as alt
import pandas as pd

from app_pages.components.charts import ARM_COLORS, locale_axis, vega_locale
from app_pages.i18n import current_lang, t
from rollout import MonitorOutlook

HEIGHT = 340


def _x(lang: str) -> alt.X:
    return alt.X(
        "date:T", title=t("monitor.chart.x"), axis=alt.Axis(format="%d/%m" if lang == "es" else "%m/%d")
    )


def _bounds(o: MonitorOutlook) -> pd.DataFrame:
    """Upper and lower bound of each look (and of the later daily looks, flagged ``later``)."""
    test, alternative = o.metric.test, o.plan.alternative
    assert test is not None
    rows = [(day, x.bound, False) for day, x in zip(o.metric.days, test.looks, strict=True)]
    if o.outlook is not None and o.plan.looks == "daily" and o.metric.days:
        last = o.metric.days[-1]
        rows += [(last + dt.timedelta(days=j + 1), c, True) for j, c in enumerate(o.outlook.future_bounds)]
    out = []
    for day, c, later in rows:
        if math.isfinite(c):
            if alternative != "less":
                out.append({"date": pd.Timestamp(day), "value": c, "side": "upper", "later": later})
            if alternative != "greater":
                out.append({"date": pd.Timestamp(day), "value": -c, "side": "lower", "later": later})
    return pd.DataFrame(out, columns=["date", "value", "side", "later"])


def _statistic_chart(o: MonitorOutlook, lang: str) -> alt.LayerChart:
    test = o.metric.test
    assert test is not None
    z = pd.DataFrame(
        {"date": [pd.Timestamp(d) for d in o.metric.days], "value": [x.statistic for x in test.looks]}
    )
    reach = max(5.0, float(z["value"].abs().max()) + 1.0)
    names = {"z": t("monitor.chart.statistic"), "bound": t("monitor.chart.bound")}
    color = alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                      scale=alt.Scale(domain=list(names.values()), range=[ARM_COLORS["pilot"], ARM_COLORS["control"]]))  # fmt: skip
    y = alt.Y("value:Q", title=t("monitor.chart.y_statistic"), scale=alt.Scale(domain=[-reach, reach]),
              axis=locale_axis("num", lang))  # fmt: skip
    bounds = _bounds(o).assign(series=names["bound"])
    tip = [alt.Tooltip("date:T", title=t("monitor.chart.x"), format="%d/%m/%Y"),
           alt.Tooltip("value:Q", title=t("monitor.chart.y_statistic"), format=".2f")]  # fmt: skip
    past = (
        alt.Chart(bounds[~bounds["later"]])
        .mark_line(clip=True, interpolate="step-after")
        .encode(x=_x(lang), y=y, color=color, detail="side:N", tooltip=tip)
    )
    later = (
        alt.Chart(bounds[bounds["later"]])
        .mark_line(clip=True, strokeDash=[5, 4], interpolate="step-after")
        .encode(x=_x(lang), y=y, color=color, detail="side:N")
    )
    line = (
        alt.Chart(z.assign(series=names["z"]))
        .mark_line(point=True, strokeWidth=3)
        .encode(x=_x(lang), y=y, color=color, tooltip=tip)
    )
    zero = alt.Chart(pd.DataFrame({"value": [0.0]})).mark_rule(color="#d0d0d0").encode(y="value:Q")
    return alt.layer(zero, past, later, line).properties(
        title=t("monitor.chart.title_statistic"), height=HEIGHT
    )


def _interval_chart(o: MonitorOutlook, lang: str) -> alt.LayerChart:
    kind = "pp" if o.metric.kind == "proportion" else "num"
    data = pd.DataFrame(
        {"date": [pd.Timestamp(d) for d in o.metric.days], "effect": [s.effect_size for s in o.metric.sequence],
         "lower": [s.effect_size_ci_lower for s in o.metric.sequence],
         "upper": [s.effect_size_ci_upper for s in o.metric.sequence]}
    )  # fmt: skip
    y = alt.Y("lower:Q", title=t("monitor.chart.y_interval"), axis=locale_axis(kind, lang))
    band = (
        alt.Chart(data)
        .mark_area(color=ARM_COLORS["pilot"], opacity=0.2)
        .encode(x=_x(lang), y=y, y2="upper:Q")
    )
    line = (
        alt.Chart(data)
        .mark_line(color=ARM_COLORS["pilot"], strokeWidth=3, point=True)
        .encode(x=_x(lang), y="effect:Q")
    )
    zero = (
        alt.Chart(pd.DataFrame({"v": [0.0]}))
        .mark_rule(color=ARM_COLORS["control"], strokeDash=[5, 4])
        .encode(y="v:Q")
    )
    return alt.layer(band, zero, line).properties(title=t("monitor.chart.title_interval"), height=HEIGHT)


def monitor_chart(o: MonitorOutlook) -> alt.LayerChart:
    """The statistic against the bounds, or the interval against zero, by day."""
    lang = current_lang()
    chart = _statistic_chart(o, lang) if o.metric.test is not None else _interval_chart(o, lang)
    return chart.configure(locale=vega_locale(lang))

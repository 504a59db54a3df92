"""The balance chart of the "Split the list" page: every standardised mean difference ("love plot")."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from app_pages.components.charts import ACCENT, ARM_COLORS, vega_locale
from app_pages.i18n import current_lang, t

SMD_LINE = 0.1  # the usual material-imbalance threshold, drawn as dashed lines


def smd_chart(table: pd.DataFrame, arm_label: Callable[[str], str]) -> alt.Chart:
    """SMD of every row, one colour per comparison, dashed lines at ±0.1."""
    category = table["category"].fillna("").map(lambda c: f" · {c}" if c else "")
    data = pd.DataFrame(
        {
            "row": table["covariate"] + category,
            "smd": table["smd"],
            "comparison": [
                f"{arm_label(a)} / {arm_label(r)}"
                for a, r in zip(table["arm"], table["reference"], strict=True)
            ],
        }
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=70)
        .encode(
            y=alt.Y("row:N", title=None, sort=None),
            x=alt.X("smd:Q", title=t("assign.balance.smd")),
            color=alt.Color(
                "comparison:N",
                title=None,
                scale=alt.Scale(range=[ACCENT, ARM_COLORS["rollout"], ARM_COLORS["control"]]),
            ),
            tooltip=[
                alt.Tooltip("row:N", title=t("assign.balance.variable")),
                alt.Tooltip("comparison:N", title=t("assign.balance.arm")),
                alt.Tooltip("smd:Q", title=t("assign.balance.smd"), format=".3f"),
            ],
        )
    )
    rules = alt.Chart(pd.DataFrame({"x": [-SMD_LINE, SMD_LINE]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    chart = (rules + points).properties(title=t("assign.balance.chart_title"), height=alt.Step(16))
    return chart.configure(locale=vega_locale(current_lang())).configure_legend(orient="bottom")

"""Chart, explanation and table of the Campaign brief page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages._i18n import current_lang, fmt_int, fmt_money, fmt_pct, fmt_pp, t
from app_pages._render import ACCENT, ARM_COLORS
from app_pages._rollout_ui import CHART_PADDING, locale_axis

OBJECTIVES = ("acquire", "retain", "grow")
CHANNELS = ("direct_mail", "email", "sms", "phone", "push", "web", "branch", "other")

EXAMPLE = {
    "brief.name": "Catálogo de primavera",
    "brief.objective": "grow",
    "brief.channel": "direct_mail",
    "brief.stimulus": "Catálogo impreso con cupón de 10 %",
    "brief.eligible_base": 200_000,
    "brief.fixed_cost": 3_000_000.0,
    "brief.cost_per_contact": 300.0,
    "brief.margin_per_response": 40_000.0,
}


def break_even_chart(curve: pd.DataFrame, contacts: int, rate: float, variable_only: float) -> alt.Chart:
    """Break-even response rate against campaign size: the fixed cost spreads over more contacts."""
    lang = current_lang()
    x_title, y_title = t("brief.chart_x"), t("brief.chart_y")
    x = alt.X("contacts:Q", title=x_title, axis=locale_axis("int", lang))
    y = alt.Y("rate:Q", title=y_title, axis=locale_axis("pct", lang), scale=alt.Scale(zero=True))
    line = alt.Chart(curve).mark_line(color=ARM_COLORS["rollout"], strokeWidth=3).encode(x=x, y=y)
    floor = alt.Chart(
        pd.DataFrame(
            {
                "contacts": [curve["contacts"].max()],
                "rate": [variable_only],
                "label": [t("brief.chart_floor")],
            }
        )
    )
    floor_rule = floor.mark_rule(color=ARM_COLORS["control"], strokeDash=[6, 4]).encode(y="rate:Q")
    floor_text = floor.mark_text(align="right", dy=-8, color=ARM_COLORS["control"]).encode(
        x=x, y=y, text="label:N"
    )
    here = pd.DataFrame(
        {
            "contacts": [contacts],
            "rate": [rate],
            "label": [t("brief.chart_here", rate=fmt_pct(rate, digits=2))],
        }
    )
    point = alt.Chart(here).mark_point(size=140, filled=True, color=ACCENT).encode(x=x, y=y)
    point_text = (
        alt.Chart(here)
        .mark_text(align="left", dx=10, dy=-12, color=ACCENT, fontWeight="bold")
        .encode(x=x, y=y, text="label:N")
    )
    return (line + floor_rule + floor_text + point + point_text).properties(
        padding=CHART_PADDING, height=320, title=t("brief.chart_title")
    )


def how_text() -> str:
    """The "How was this computed?" text (markdown with LaTeX; no parameters)."""
    return t("brief.how")


def brief_table(brief: dict, result, currency: str) -> pd.DataFrame:
    """The brief and its break-even as a two-column table for download."""
    rows = [
        (t("brief.name"), brief.get("name") or ""),
        (t("brief.objective"), t(f"brief.objective_{brief['objective']}") if brief.get("objective") else ""),
        (t("brief.channel"), t(f"brief.channel_{brief['channel']}") if brief.get("channel") else ""),
        (t("brief.stimulus"), brief.get("stimulus") or ""),
        (t("brief.eligible_base"), fmt_int(brief.get("eligible_base"))),
        (t("brief.fixed_cost"), fmt_money(brief.get("fixed_cost"), currency)),
        (t("brief.cost_per_contact"), fmt_money(brief.get("cost_per_contact"), currency)),
        (t("brief.margin_per_response"), fmt_money(brief.get("margin_per_response"), currency)),
        (t("brief.metric_rate"), fmt_pct(result.response_rate, digits=2)),
        (t("brief.metric_uplift"), fmt_pp(result.uplift, digits=2)),
        (t("brief.metric_variable"), fmt_pct(result.variable_only_rate, digits=2)),
    ]
    return pd.DataFrame(rows, columns=[t("brief.table_item"), t("brief.table_value")])

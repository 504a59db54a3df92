"""The answer of the Campaign brief page: break-even cards, the sentence, the chart, the table."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.brief.inputs import BriefInputs
from app_pages.components.cards import cards
from app_pages.components.charts import (
    ACCENT,
    ARM_COLORS,
    CHART_PADDING,
    locale_axis,
    localized,
    show_chart,
)
from app_pages.components.feedback import how_computed, plain, sentence
from app_pages.components.tables import download_table
from app_pages.i18n import current_lang, fmt_int, fmt_money, fmt_pct, fmt_pp, t
from economics import BreakEvenResult, break_even_response_rate
from rollout import Brief

CURVE_POINTS = 40
MONEY_FIELDS = ("fixed_cost", "cost_per_contact", "margin_per_response")


def break_even_curve(inputs: BriefInputs) -> pd.DataFrame:
    """Break-even response rate for campaign sizes from 5 % to 150 % of the eligible base."""
    base = inputs.eligible_base or 0
    steps = range(CURVE_POINTS)
    sizes = sorted({max(1, round(base * (0.05 + 1.45 * i / (CURVE_POINTS - 1)))) for i in steps})
    rates = [
        break_even_response_rate(
            inputs.cost_per_contact, inputs.margin_per_response, fixed_cost=inputs.fixed_cost, contacts=n
        )
        for n in sizes
    ]
    return pd.DataFrame({"contacts": sizes, "rate": rates})


def break_even_chart(curve: pd.DataFrame, contacts: int, rate: float, variable_only: float) -> alt.Chart:
    """Break-even response rate against campaign size: the fixed cost spreads over more contacts."""
    lang = current_lang()
    x = alt.X("contacts:Q", title=t("brief.chart_x"), axis=locale_axis("int", lang))
    y = alt.Y("rate:Q", title=t("brief.chart_y"), axis=locale_axis("pct", lang), scale=alt.Scale(zero=True))
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
    chart = (line + floor_rule + floor_text + point + point_text).properties(
        padding=CHART_PADDING, height=320, title=t("brief.chart_title")
    )
    return localized(chart, lang)


def brief_table(brief: Brief, result: BreakEvenResult, currency: str) -> pd.DataFrame:
    """The brief and its break-even as one row for download: words as text, figures as numbers in full
    (money in ``currency``, rates and the uplift as fractions), so the CSV writes them in the locale and
    the XLSX as numeric cells."""
    money = {key: f"{t(f'brief.{key}')} ({currency})" for key in MONEY_FIELDS}
    row = {
        t("brief.name"): brief.name,
        t("brief.objective"): t(f"brief.objective_{brief.objective}") if brief.objective else "",
        t("brief.channel"): t(f"brief.channel_{brief.channel}") if brief.channel else "",
        t("brief.stimulus"): brief.stimulus,
        t("brief.eligible_base"): brief.eligible_base,
        **{money[key]: getattr(brief, key) for key in MONEY_FIELDS},
        t("brief.metric_rate"): result.response_rate,
        t("brief.metric_uplift"): result.uplift,
        t("brief.metric_volume"): result.volume,
        t("brief.metric_variable"): result.variable_only_rate,
    }
    return pd.DataFrame([{name: math.nan if value is None else value for name, value in row.items()}])


def brief_formats() -> dict[str, str]:
    """Excel formats of the brief download: the rates as percents (the cells hold the fraction)."""
    return {t(f"brief.{key}"): "0.00%" for key in ("metric_rate", "metric_variable")}


def show_answer(inputs: BriefInputs, result: BreakEvenResult, brief: Brief, cur: str) -> None:
    """Cards, the sentence, the break-even chart, the explanation and the download."""
    cards(
        [
            (t("brief.metric_rate"), fmt_pct(result.response_rate, digits=2), t("brief.metric_rate_help")),
            (t("brief.metric_uplift"), fmt_pp(result.uplift), t("brief.metric_uplift_help")),
            (t("brief.metric_volume"), fmt_int(result.volume), t("brief.metric_volume_help")),
            (
                t("brief.metric_variable"),
                fmt_pct(result.variable_only_rate, digits=2),
                t("brief.metric_variable_help"),
            ),
        ]
    )
    if not result.feasible:
        st.warning(t("brief.impossible"), icon=":material/warning:")
    sentence(
        t(
            f"brief.sentence_{inputs.objective}",
            name=plain(inputs.name) if inputs.name else t("brief.this_campaign"),
            contacts=fmt_int(inputs.eligible_base),
            cost=fmt_money(inputs.cost_per_contact, cur),
            fixed=fmt_money(inputs.fixed_cost, cur),
            margin=fmt_money(inputs.margin_per_response, cur),
            rate=fmt_pct(result.response_rate, digits=2),
            uplift=fmt_pp(result.uplift),
        )
    )
    show_chart(
        break_even_chart, break_even_curve(inputs), inputs.eligible_base, result.response_rate,
        result.variable_only_rate, downloads=(t("brief.chart_file"), "brief.chart"),
    )  # fmt: skip
    how_computed(t("brief.how"))
    download_table(
        brief_table(brief, result, cur), t("brief.file_name"), "brief.table", formats=brief_formats()
    )

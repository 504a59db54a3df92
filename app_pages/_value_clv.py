"""The CLV tab of the Customer value page: lifetime value, lifetime, LTV:CAC and payback."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages._i18n import fmt_int, fmt_money, fmt_number, t
from app_pages._render import download_table, how_computed
from app_pages._rollout_ui import (
    cards,
    chart_downloads,
    money_input,
    option_labels,
    percent_input,
    sentence,
    show_field_error,
)
from app_pages._value_calc import CONVENTIONS, PERIODS, TIMINGS, customer_value
from app_pages._value_charts import payback_chart
from planner_common import InputError

LTV_CAC_REFERENCE = 3.0  # Skok's rule of thumb: LTV at least 3 × CAC


def _ratio(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{fmt_number(value, digits=1)}:1"


def _lifetime(value: float, period: str) -> str:
    if math.isinf(value):
        return t("value.lifetime_infinite")
    return t(f"value.lifetime_{period}", value=fmt_number(value, digits=1))


def _payback(months: float) -> str:
    return t("value.never") if math.isinf(months) else t("value.months", value=fmt_int(months))


def render(cur: str) -> None:
    """Inputs, cards, sentence, chart, explanation and download of the CLV tab."""
    inputs, answer = st.columns([1, 2], gap="large")
    with inputs:
        period = st.radio(
            t("value.period"),
            PERIODS,
            key="value.period",
            horizontal=True,
            format_func=option_labels("value.period_"),
        )
        per = t(f"value.per_{period}")
        labels = {
            "margin": f"{t('value.margin', per=per)} ({cur})",
            "retention_rate": f"{t('value.retention', per=per)} (%)",
            "discount_rate": f"{t('value.discount', per=per)} (%)",
            "acquisition_cost": f"{t('value.cac')} ({cur})",
        }
        labels.update(
            margin_per_period=labels["margin"],
            rate=labels["retention_rate"],
            churn_rate=labels["retention_rate"],
            cac=labels["acquisition_cost"],
        )
        margin = money_input(t("value.margin", per=per), "value.margin", cur, help=t("value.margin_help"))
        slots = {"margin": st.empty()}
        retention = percent_input(
            t("value.retention", per=per), "value.retention", step=1.0, help=t("value.retention_help")
        )
        slots["retention_rate"] = slots["rate"] = slots["churn_rate"] = st.empty()
        discount = percent_input(
            t("value.discount", per=per), "value.discount", step=1.0, help=t("value.discount_help")
        )
        slots["discount_rate"] = st.empty()
        timing = st.radio(
            t("value.timing"),
            TIMINGS,
            key="value.timing",
            format_func=option_labels("value.timing_"),
            help=t("value.timing_help"),
        )
        cac = money_input(t("value.cac"), "value.cac", cur, help=t("value.cac_help"))
        slots["acquisition_cost"] = slots["cac"] = st.empty()
        convention = st.selectbox(
            t("value.convention"),
            CONVENTIONS,
            key="value.convention",
            format_func=option_labels("value.convention_"),
        )
    with answer:
        if None in (margin, retention, discount, cac):
            st.info(t("value.clv_empty"), icon=":material/edit_note:")
            return
        try:
            result = customer_value(margin, retention, discount, timing, cac, period, convention)
        except InputError as exc:
            show_field_error(exc, slots, labels, st, percent_fields=("retention_rate", "rate"))
            return
        below = math.isfinite(result.ltv_cac) and result.ltv_cac < LTV_CAC_REFERENCE
        cards(
            [
                (t("value.metric_clv"), fmt_money(result.clv, cur), t(f"value.timing_{timing}")),
                (
                    t("value.metric_lifetime"),
                    _lifetime(result.lifetime, period),
                    t(f"value.convention_{convention}"),
                ),
                {
                    "label": t("value.metric_ltv_cac"),
                    "value": _ratio(result.ltv_cac),
                    "help": t("value.ltv_cac_help"),
                    "delta": t("value.ltv_cac_below" if below else "value.ltv_cac_ok")
                    if math.isfinite(result.ltv_cac)
                    else t("value.ltv_cac_undefined"),
                    "delta_color": "red" if below else ("green" if math.isfinite(result.ltv_cac) else "gray"),
                    "delta_arrow": "down" if below else ("up" if math.isfinite(result.ltv_cac) else "off"),
                },
                {
                    "label": t("value.metric_payback"),
                    "value": _payback(result.payback.periods),
                    "help": t("value.payback_help"),
                    "delta": t("value.naive", value=fmt_number(result.payback.naive_periods, digits=1)),
                    "delta_color": "gray",
                    "delta_arrow": "off",
                },
            ],
            per_row=2,
        )
        sentence(
            t(
                "value.clv_sentence",
                margin=fmt_money(margin, cur),
                per=per,
                retention=fmt_number(retention * 100, digits=1),
                discount=fmt_number(discount * 100, digits=1),
                clv=fmt_money(result.clv, cur),
                other=fmt_money(result.clv_other_timing, cur),
                ratio=_ratio(result.ltv_cac),
                payback=_payback(result.payback.periods),
            )
        )
        chart = payback_chart(result.curve, cac, result.payback.periods, cur)
        st.altair_chart(chart, width="stretch")
        chart_downloads(chart, t("value.payback_file"), "value.payback_chart")
    how_computed(t("value.clv_how"))
    table = pd.DataFrame(
        {
            t("value.table_item"): [
                t("value.metric_clv"),
                t("value.metric_clv_other"),
                t("value.metric_lifetime"),
                t("value.metric_ltv_cac"),
                t("value.metric_payback"),
            ],
            t("value.table_value"): [
                fmt_money(result.clv, cur),
                fmt_money(result.clv_other_timing, cur),
                _lifetime(result.lifetime, period),
                _ratio(result.ltv_cac),
                _payback(result.payback.periods),
            ],
        }
    )
    download_table(table, t("value.clv_file"), "value.clv_table")

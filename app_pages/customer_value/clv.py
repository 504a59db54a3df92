"""The CLV tab of the Customer value page: lifetime value, lifetime, LTV:CAC and payback.

Every figure is one ``economics`` call: the margin and retention of the period typed are brought to a
month by :func:`economics.margin_per_period` and :func:`economics.retention_per_period` for the payback.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_pages.components.cards import cards
from app_pages.components.charts import show_chart
from app_pages.components.feedback import how_computed, sentence, show_field_error
from app_pages.components.inputs import money_input, option_labels, percent_input, show_fix
from app_pages.components.tables import download_table
from app_pages.customer_value.charts import payback_chart
from app_pages.customer_value.inputs import CONVENTIONS, PERIODS, TIMINGS
from app_pages.i18n import fmt_int, fmt_money, fmt_number, t
from economics import (
    PaybackResult,
    clv,
    expected_lifetime,
    ltv_to_cac,
    margin_per_period,
    payback_period,
    retention_per_period,
)
from planner_common import InputError

LTV_CAC_REFERENCE = 3.0  # Skok's rule of thumb: LTV at least 3 × CAC


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueResult:
    """CLV (both timings), lifetime, LTV:CAC and payback of one customer, with the monthly figures."""

    clv: float
    clv_other_timing: float
    lifetime: float
    ltv_cac: float
    payback: PaybackResult
    monthly_margin: float
    monthly_retention: float


def customer_value(
    margin: float, retention: float, discount: float, timing: str, cac: float, period: str, convention: str
) -> ValueResult:
    """Everything the tab shows, for a margin and retention of ``period`` (year or month)."""
    value = clv(margin, retention, discount, timing=timing)
    other = clv(margin, retention, discount, timing=TIMINGS[1 - TIMINGS.index(timing)])
    monthly_margin = margin_per_period(margin, period=period)
    monthly_retention = retention_per_period(retention, period=period)
    return ValueResult(
        clv=value,
        clv_other_timing=other,
        payback=payback_period(cac, monthly_margin, retention_rate=monthly_retention),
        monthly_margin=monthly_margin,
        monthly_retention=monthly_retention,
        lifetime=expected_lifetime(1 - retention, convention=convention),
        ltv_cac=ltv_to_cac(value, cac),
    )


def _ratio(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{fmt_number(value, digits=1)}:1"


def _lifetime(value: float, period: str) -> str:
    if math.isinf(value):
        return t("value.lifetime_infinite")
    return t(f"value.lifetime_{period}", value=fmt_number(value, digits=1))


def _payback(months: float) -> str:
    return t("value.never") if math.isinf(months) else t("value.months", value=fmt_int(months))


def _finite(value: float) -> float:
    """A figure for the download: a blank (NaN) when it is infinite (no churn, never paid back)."""
    return value if math.isfinite(value) else math.nan


def clv_export(result: ValueResult, cur: str, period: str) -> pd.DataFrame:
    """The tab's figures for the downloads: numbers in full with their unit beside them (a blank when
    there is no finite value: no churn, or a CAC never paid back)."""
    rows = [
        (t("value.metric_clv"), result.clv, cur),
        (t("value.metric_clv_other"), result.clv_other_timing, cur),
        (t("value.metric_lifetime"), result.lifetime, t(f"export.unit_{period}")),
        (t("value.metric_ltv_cac"), result.ltv_cac, t("export.unit_times_cac")),
        (t("value.metric_payback"), result.payback.periods, t("export.unit_month")),
    ]
    return pd.DataFrame(
        {
            t("value.table_item"): [item for item, _, _ in rows],
            t("value.table_value"): [_finite(value) for _, value, _ in rows],
            t("export.unit"): [unit for _, _, unit in rows],
        }
    )


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
            t("value.retention", per=per), "value.retention", help=t("value.retention_help")
        )
        slots["retention_rate"] = slots["rate"] = slots["churn_rate"] = st.empty()
        discount = percent_input(
            t("value.discount", per=per), "value.discount", help=t("value.discount_help")
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
        if show_fix(("value.margin", "value.retention", "value.discount", "value.cac")):
            return
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
        show_chart(
            payback_chart, result.monthly_margin, result.monthly_retention, cac, result.payback.periods, cur,
            downloads=(t("value.payback_file"), "value.payback_chart"),
        )  # fmt: skip
    how_computed(t("value.clv_how"))
    download_table(clv_export(result, cur, period), t("value.clv_file"), "value.clv_table")

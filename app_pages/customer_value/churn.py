"""Churn tabs of the Customer value page: monthly ↔ annual churn, flows from counts, the bathtub."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages.components.cards import cards
from app_pages.components.charts import show_chart
from app_pages.components.feedback import how_computed, sentence, show_field_error
from app_pages.components.inputs import count_input, option_labels, percent_input, show_fix
from app_pages.components.tables import download_table
from app_pages.customer_value.charts import bathtub_chart
from app_pages.customer_value.inputs import CONVENTIONS, PERIODS
from app_pages.i18n import fmt_int, fmt_number, fmt_pct, t
from economics import (
    annual_churn_from_monthly,
    customer_base_path,
    customer_flows,
    expected_lifetime,
    monthly_churn_from_annual,
    steady_state_customers,
)
from planner_common import InputError


def convert_churn(rate: float, period: str, convention: str) -> dict[str, float]:
    """Monthly and annual churn from one of them, and the lifetime in months and in years."""
    monthly = rate if period == "month" else monthly_churn_from_annual(rate)
    annual = rate if period == "year" else annual_churn_from_monthly(rate)
    return {
        "monthly": monthly,
        "annual": annual,
        "lifetime_months": expected_lifetime(monthly, convention=convention),
        "lifetime_years": expected_lifetime(annual, convention=convention),
    }


def bathtub(start: float, new_per_period: float, churn: float, periods: int) -> tuple[float, pd.DataFrame]:
    """The steady-state base ``A / c`` and the base period by period."""
    path = customer_base_path(start, new_per_period, churn, periods)
    steady = steady_state_customers(new_per_period, churn)
    return steady, pd.DataFrame({"period": range(len(path)), "customers": path})


def _lifetime(value: float, period: str) -> str:
    if math.isinf(value):
        return t("value.lifetime_infinite")
    return t(f"value.lifetime_{period}", value=fmt_number(value, digits=1))


def render_conversion() -> None:
    """Monthly ↔ annual churn by compounding, and the lifetime in the period typed."""
    inputs, answer = st.columns([1, 2], gap="large")
    with inputs:
        period = st.radio(
            t("value.churn_period"),
            PERIODS,
            key="value.churn_period",
            horizontal=True,
            format_func=option_labels("value.period_"),
        )
        label = t("value.churn", per=t(f"value.per_{period}"))
        rate = percent_input(label, "value.churn", help=t("value.churn_help"))
        slot = st.empty()
        convention = st.selectbox(
            t("value.convention"),
            CONVENTIONS,
            key="value.churn_convention",
            format_func=option_labels("value.convention_"),
        )
    with answer:
        if show_fix(("value.churn",)):
            return
        if rate is None:
            st.info(t("value.churn_empty"), icon=":material/edit_note:")
            return
        try:
            result = convert_churn(rate, period, convention)
        except InputError as exc:
            show_field_error(
                exc,
                {},
                {"churn_rate": f"{label} (%)", "rate": f"{label} (%)"},
                slot,
                percent_fields=("churn_rate", "rate"),
            )
            return
        lifetime = result["lifetime_months" if period == "month" else "lifetime_years"]
        cards(
            [
                (t("value.metric_monthly"), fmt_pct(result["monthly"], digits=2)),
                (t("value.metric_annual"), fmt_pct(result["annual"], digits=1)),
                (
                    t("value.metric_lifetime"),
                    _lifetime(lifetime, period),
                    t(f"value.convention_{convention}"),
                ),
            ]
        )
        sentence(
            t(
                f"value.churn_sentence_{period}",
                monthly=fmt_pct(result["monthly"], digits=2),
                annual=fmt_pct(result["annual"], digits=1),
                lifetime=_lifetime(lifetime, period),
                convention=t(f"value.convention_{convention}"),
            )
        )
    how_computed(t("value.churn_how"))


def render_flows() -> None:
    """Retention, churn, acquisition and growth from the customers at start, new and at end."""
    labels = {"start": t("value.start"), "new": t("value.new"), "end": t("value.end")}
    columns = st.columns(3)
    values = {
        key: count_input(
            labels[key],
            f"value.flow_{key}",
            container=col,
            minimum=None,
            unit=t("app.unit_customers"),
            help=t(f"value.{key}_help"),
        )  # fmt: skip
        for col, key in zip(columns, ("start", "new", "end"), strict=True)
    }
    slot = st.empty()
    if show_fix(("value.flow_start", "value.flow_new", "value.flow_end")):
        return
    if None in values.values():
        st.info(t("value.flows_empty"), icon=":material/edit_note:")
        return
    try:
        result = customer_flows(values["start"], values["end"], values["new"])
    except InputError as exc:
        show_field_error(exc, {}, labels, slot)
        return
    if result.reason:
        slot.warning(t("value.flows_no_start"), icon=":material/warning:")
        return
    cards(
        [
            (t("value.metric_retention"), fmt_pct(result.retention_rate)),
            (t("value.metric_churn"), fmt_pct(result.churn_rate)),
            (t("value.metric_acquisition"), fmt_pct(result.acquisition_rate)),
            (t("value.metric_growth"), fmt_pct(result.growth_rate)),
        ]
    )
    sentence(
        t(
            "value.flows_sentence",
            start=fmt_int(result.start),
            new=fmt_int(result.new),
            end=fmt_int(result.end),
            lost=fmt_int(result.lost),
            retention=fmt_pct(result.retention_rate),
            churn=fmt_pct(result.churn_rate),
            growth=fmt_pct(result.growth_rate),
        )
    )
    st.caption(t("value.flows_note"))
    how_computed(t("value.flows_how"))
    table = pd.DataFrame(
        {
            t("value.table_item"): [
                labels["start"],
                labels["new"],
                labels["end"],
                t("value.lost"),
                t("value.metric_retention"),
                t("value.metric_churn"),
                t("value.metric_acquisition"),
                t("value.metric_growth"),
            ],
            t("value.table_value"): [
                result.start,
                result.new,
                result.end,
                result.lost,
                result.retention_rate,
                result.churn_rate,
                result.acquisition_rate,
                result.growth_rate,
            ],
        }
    )
    download_table(table, t("value.flows_file"), "value.flows_table")


def render_bathtub() -> None:
    """The base converging to ``A / c`` when A customers arrive and a share c leaves every period."""
    inputs, answer = st.columns([1, 2], gap="large")
    with inputs:
        labels = {
            "start": t("value.bath_start"),
            "new_per_period": t("value.bath_new"),
            "churn_rate": f"{t('value.bath_churn')} (%)",
            "periods": t("value.bath_periods"),
        }
        customers = t("app.unit_customers")
        start = count_input(labels["start"], "value.bath_start", minimum=None, unit=customers)
        new = count_input(labels["new_per_period"], "value.bath_new", minimum=None, unit=customers)
        slots = {"start": st.empty(), "new_per_period": st.empty()}
        churn = percent_input(t("value.bath_churn"), "value.bath_churn")
        slots["churn_rate"] = st.empty()
        periods = st.slider(labels["periods"], 6, 60, key="value.bath_periods")
    with answer:
        if show_fix(("value.bath_start", "value.bath_new", "value.bath_churn")):
            return
        if None in (start, new, churn):
            st.info(t("value.bath_empty"), icon=":material/edit_note:")
            return
        try:
            steady, path = bathtub(float(start), float(new), churn, periods)
        except InputError as exc:
            show_field_error(exc, slots, labels, st, percent_fields=("churn_rate",))
            return
        cards(
            [
                (t("value.metric_steady"), fmt_int(steady) if math.isfinite(steady) else "∞"),
                (t("value.metric_after", periods=fmt_int(periods)), fmt_int(path["customers"].iloc[-1])),
            ]
        )
        sentence(
            t("value.bath_sentence", new=fmt_int(new), churn=fmt_pct(churn), steady=fmt_int(steady))
            if math.isfinite(steady)
            else t("value.bath_no_churn")
        )
        show_chart(bathtub_chart, path, steady, downloads=(t("value.bath_file"), "value.bath_chart"))
        download_table(
            path.rename(columns={"period": t("value.chart_period"), "customers": t("value.chart_customers")}),
            t("value.bath_file"),
            "value.bath_table",
        )
    how_computed(t("value.bath_how"))

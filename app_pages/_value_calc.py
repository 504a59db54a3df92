"""Cached calls into ``economics`` for the Customer value page (no formulas here).

The only arithmetic is unit bookkeeping: a yearly margin is spread over 12 months for the payback
chart, and retention is ``1 − churn`` of the same period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from economics import (
    CustomerFlowResult,
    PaybackResult,
    annual_churn_from_monthly,
    clv,
    cumulative_margin,
    customer_base_path,
    customer_flows,
    expected_lifetime,
    ltv_to_cac,
    monthly_churn_from_annual,
    monthly_retention_from_annual,
    payback_period,
    steady_state_customers,
)

PERIODS = ("year", "month")
TIMINGS = ("end", "start")
CONVENTIONS = ("discrete", "continuous", "median")


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueResult:
    """CLV, lifetime, LTV:CAC and payback of one customer, plus the payback curve by month."""

    clv: float
    clv_other_timing: float
    lifetime: float
    ltv_cac: float
    payback: PaybackResult
    curve: pd.DataFrame


@st.cache_data(max_entries=64, show_spinner=False)
def customer_value(
    margin: float, retention: float, discount: float, timing: str, cac: float, period: str, convention: str
) -> ValueResult:
    """Everything the CLV tab shows, for a margin and retention of ``period`` (year or month)."""
    value = clv(margin, retention, discount, timing=timing)
    other = clv(margin, retention, discount, timing=TIMINGS[1 - TIMINGS.index(timing)])
    monthly_margin = margin / 12 if period == "year" else margin
    monthly_retention = monthly_retention_from_annual(retention) if period == "year" else retention
    payback = payback_period(cac, monthly_margin, retention_rate=monthly_retention)
    months = int(min(120, max(24, (payback.periods if math.isfinite(payback.periods) else 48) + 12)))
    curve = pd.DataFrame(
        {
            "month": range(1, months + 1),
            "margin": cumulative_margin(monthly_margin, months, retention_rate=monthly_retention),
        }
    )
    return ValueResult(
        clv=value,
        clv_other_timing=other,
        lifetime=expected_lifetime(1 - retention, convention=convention),
        ltv_cac=ltv_to_cac(value, cac),
        payback=payback,
        curve=curve,
    )


@st.cache_data(max_entries=64, show_spinner=False)
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


@st.cache_data(max_entries=64, show_spinner=False)
def flows(start: int, end: int, new: int) -> CustomerFlowResult:
    """Retention, churn, acquisition and growth from the period's customer counts."""
    return customer_flows(start, end, new)


@st.cache_data(max_entries=64, show_spinner=False)
def bathtub(start: float, new_per_period: float, churn: float, periods: int) -> tuple[float, pd.DataFrame]:
    """The steady-state base ``A / c`` and the base period by period."""
    path = customer_base_path(start, new_per_period, churn, periods)
    return steady_state_customers(new_per_period, churn), pd.DataFrame(
        {"period": range(len(path)), "customers": path}
    )

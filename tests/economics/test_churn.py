"""Churn, retention, lifetime, bathtub and NRR (oracles: docs/formulas.md §7–§8 worked examples at printed
precision; a period-by-period simulation of the base; round-trip properties)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economics import (
    annual_churn_from_monthly,
    annual_retention_from_monthly,
    customer_base_path,
    customer_flows,
    expected_lifetime,
    monthly_churn_from_annual,
    monthly_retention_from_annual,
    net_revenue_retention,
    steady_state_customers,
)
from planner_common import InputError


def test_section7_lifetime_conventions() -> None:
    # 20 % churn → 5 years (1/c), 4,48 (continuous mean), 3,1 (median / half-life).
    assert expected_lifetime(0.20) == 5
    assert round(expected_lifetime(0.20, convention="continuous"), 2) == 4.48
    assert round(expected_lifetime(0.20, convention="median"), 1) == 3.1


def test_section7_lifetime_does_not_convert_across_periods() -> None:
    # 80 % annual = 12,55 % monthly; 1/0,8 = 15 months but 1/0,1255 = 7,97 months; continuous 7,46 both ways.
    monthly = monthly_churn_from_annual(0.80)
    assert round(monthly * 100, 2) == 12.55
    assert round(expected_lifetime(0.80) * 12) == 15
    assert round(expected_lifetime(monthly), 2) == 7.97
    assert round(expected_lifetime(0.80, convention="continuous") * 12, 2) == 7.46
    assert round(expected_lifetime(monthly, convention="continuous"), 2) == 7.46


def test_section8_monthly_annual_never_times_12() -> None:
    # 3 % monthly → 30,6 % annual (not 36 %); 30 % annual → 2,93 % monthly.
    assert round(annual_churn_from_monthly(0.03) * 100, 1) == 30.6
    assert round(monthly_churn_from_annual(0.30) * 100, 2) == 2.93


def test_zero_churn_means_infinite_lifetime() -> None:
    assert math.isinf(expected_lifetime(0.0))
    assert math.isinf(steady_state_customers(250, 0.0))


def test_section8_flows() -> None:
    # S = 1 000, N_new = 250, E = 1 100 → r = 85 %, churn 15 %, acquisition 25 %, growth +10 %.
    f = customer_flows(1_000, 1_100, 250)
    assert round(f.retention_rate * 100) == 85 and round(f.churn_rate * 100) == 15
    assert round(f.acquisition_rate * 100) == 25 and round(f.growth_rate * 100) == 10
    assert f.growth_rate == pytest.approx(f.acquisition_rate - f.churn_rate)
    assert f.lost == 150


def test_flows_edge_cases() -> None:
    assert customer_flows(0, 10, 10).reason == "no_start_customers"
    with pytest.raises(InputError) as err:
        customer_flows(1_000, 100, 250)
    assert err.value.code == "flows_inconsistent"


def test_section8_bathtub() -> None:
    # 250 new per period and 15 % churn → the base tends to 1 667; a 200-period simulation agrees.
    assert round(steady_state_customers(250, 0.15)) == 1_667
    assert customer_base_path(1_000, 250, 0.15, 200)[-1] == pytest.approx(250 / 0.15, rel=1e-9)


def test_section8_nrr() -> None:
    # start 10 M, expansion 1,5 M, contraction 0,5 M, churned 1,5 M → 95 %.
    assert round(net_revenue_retention(10e6, 1.5e6, 0.5e6, 1.5e6) * 100) == 95
    assert math.isnan(net_revenue_retention(0, 0, 0, 0))


def test_churn_above_100_percent_is_refused() -> None:
    with pytest.raises(InputError) as err:
        expected_lifetime(20)
    assert err.value.code == "rate_as_percent"


@given(st.floats(0, 1))
def test_monthly_annual_round_trip(rate: float) -> None:
    # Round trip and the compounding identity r_annual = r_monthly^12.
    assert annual_churn_from_monthly(monthly_churn_from_annual(rate)) == pytest.approx(rate, abs=1e-12)
    assert annual_retention_from_monthly(monthly_retention_from_annual(1 - rate)) == pytest.approx(
        1 - rate, abs=1e-12
    )
    assert annual_churn_from_monthly(rate / 12) <= rate + 1e-15  # ×12 always overstates


@given(st.floats(0.001, 0.999))
def test_continuous_lifetime_is_period_invariant(annual: float) -> None:
    # Property (docs/formulas.md §7): the continuous mean converts across periods (×12), 1/c does not.
    monthly = monthly_churn_from_annual(annual)
    assert expected_lifetime(monthly, convention="continuous") == pytest.approx(
        12 * expected_lifetime(annual, convention="continuous"), rel=1e-9
    )

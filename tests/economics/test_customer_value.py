"""CLV, LTV:CAC and CLV-based campaign value (oracles: docs/formulas.md §7 worked examples at printed
precision; the defining series Σ m·r^t/(1+d)^t summed term by term; hypothesis properties)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economics import acquisition_campaign_value, clv, ltv_to_cac, retention_campaign_value
from planner_common import InputError

CLV = 100_000 * 0.8 / 0.3


def test_section7_clv_and_timing_variants() -> None:
    # m = 100 000 CLP/year, r = 0,80, d = 0,10 → multiple 2,667 → 266 667; t = 0 → 366 667;
    # undiscounted m/churn = 500 000; undiscounted end-of-period = 400 000.
    assert round(clv(1, 0.80, 0.10), 3) == 2.667
    assert round(clv(100_000, 0.80, 0.10)) == 266_667
    assert round(clv(100_000, 0.80, 0.10, timing="start")) == 366_667
    assert round(clv(100_000, 0.80, 0.0, timing="start")) == 500_000
    assert round(clv(100_000, 0.80, 0.0, timing="end")) == 400_000
    # The timing variants differ by exactly one period's margin.
    assert clv(100_000, 0.8, 0.1, timing="start") - clv(100_000, 0.8, 0.1) == pytest.approx(100_000)


def test_prospect_subtracts_acquisition_cost() -> None:
    assert clv(100_000, 0.80, 0.10, acquisition_cost=120_000) == pytest.approx(CLV - 120_000)


def test_negative_margin_gives_negative_clv() -> None:
    # docs/formulas.md §7 edge case: a real below-zero customer, never clipped.
    assert clv(-10_000, 0.8, 0.1) < 0


def test_section7_ltv_cac() -> None:
    # CLV 266 667 / CAC 120 000 = 2,2:1; CAC = 0 → undefined.
    assert round(ltv_to_cac(CLV, 120_000), 1) == 2.2
    assert math.isnan(ltv_to_cac(CLV, 0))


def test_section7_acquisition_campaign_value() -> None:
    # 200·40 000 + 80·266 667 = 29,3 M vs 8,0 M → +21,3 M; break-even new customers 8 M / 266 667 = 30.
    v = acquisition_campaign_value(
        incremental_responses=200,
        margin_per_response=40_000,
        incremental_new_customers=80,
        customer_value=CLV,
        total_cost=8_000_000,
    )
    assert round(v.value / 1e6, 1) == 29.3 and round(v.net_value / 1e6, 1) == 21.3
    assert round(v.break_even_customers) == 30


def test_section7_retention_campaign_value() -> None:
    # 10 000 at risk, churn 30 % → 25 %: 500 saved × 266 667 = 133,3 M vs 20 M → +113,3 M;
    # break-even churn reduction 2 000 / 266 667 = 0,75 pp.
    v = retention_campaign_value(
        customers=10_000, churn_control=0.30, churn_treatment=0.25, customer_value=CLV, cost_per_contact=2_000
    )
    assert round(v.customers) == 500 and round(v.value / 1e6, 1) == 133.3
    assert round(v.total_cost / 1e6, 1) == 20.0 and round(v.net_value / 1e6, 1) == 113.3
    assert round(v.break_even_churn_reduction * 100, 2) == 0.75


def test_campaign_value_without_positive_clv_has_no_break_even() -> None:
    v = acquisition_campaign_value(
        incremental_responses=0,
        margin_per_response=1,
        incremental_new_customers=5,
        customer_value=-10,
        total_cost=100,
    )
    assert math.isnan(v.break_even_customers) and v.notes


def test_clv_refused_at_r_equal_one_without_discount() -> None:
    # docs/formulas.md §7 edge case: r = 1 with d = 0 diverges.
    with pytest.raises(InputError) as err:
        clv(100_000, 1.0, 0.0)
    assert err.value.code == "clv_diverges"


@given(st.floats(0, 1), st.floats(-0.99, 1))
def test_clv_refused_exactly_when_r_reaches_one_plus_d(r: float, d: float) -> None:
    # Property: the series diverges (and is refused) iff r ≥ 1 + d.
    if r >= 1 + d:
        with pytest.raises(InputError) as err:
            clv(100, r, d)
        assert err.value.code == "clv_diverges"
    else:
        assert math.isfinite(clv(100, r, d))


@given(st.floats(-1e5, 1e5), st.floats(0, 0.9), st.floats(0.05, 0.5))
def test_clv_equals_the_defining_series(m: float, r: float, d: float) -> None:
    # Oracle: Σ_{t≥1} m·r^t/(1+d)^t (end of period), summed term by term until negligible.
    total, term = 0.0, m * r / (1 + d)
    for _ in range(2_000):
        total += term
        term *= r / (1 + d)
    assert clv(m, r, d) == pytest.approx(total, rel=1e-9, abs=1e-6)
    assert clv(m, r, d, timing="start") == pytest.approx(total + m, rel=1e-9, abs=1e-6)

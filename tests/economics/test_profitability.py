"""Profit, ROI, ROAS and payback (oracle: docs/formulas.md §5 worked examples, printed precision; a
brute-force month-by-month loop for payback; hypothesis properties)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from economics import (
    break_even_roas,
    campaign_profit,
    payback_period,
    profit,
    roas,
    roi,
    roi_from_roas,
)


def test_section5_attributed_vs_incremental() -> None:
    p = campaign_profit(
        responses=600,
        margin_per_response=40_000,
        total_cost=8_000_000,
        incremental_responses=200,
        revenue_per_response=100_000,
    )
    assert round(p.profit / 1e6, 1) == 16.0 and round(p.roi * 100) == 200 and round(p.roas, 1) == 7.5
    assert round(p.incremental_profit / 1e6, 1) == 0.0 and round(p.incremental_roi * 100) == 0
    assert round(p.incremental_roas, 1) == 2.5
    # iROAS equals the break-even ROAS 1/0,40 = 2,5x.
    assert round(break_even_roas(0.40), 1) == 2.5
    # ROI = ROAS · margin% − 1 when the cost is only media.
    assert roi_from_roas(7.5, 0.40) == pytest.approx(p.roi)


def test_section2_negative_incremental_profit_not_clipped() -> None:
    # docs/formulas.md §2: I = −40 → −40·40 000 − 8 000 000 = −9,6 M; negative iROI shown, not clipped.
    p = campaign_profit(
        responses=360, margin_per_response=40_000, total_cost=8_000_000, incremental_responses=-40
    )
    assert round(p.incremental_profit / 1e6, 1) == -9.6
    assert p.incremental_roi < 0


def test_zero_cost_makes_roi_and_roas_undefined() -> None:
    # docs/formulas.md §5 edge case: C = 0 → ROI and ROAS "n/d".
    assert math.isnan(roi(100, 0)) and math.isnan(roas(100, 0))
    p = campaign_profit(responses=10, margin_per_response=1, total_cost=0)
    assert math.isnan(p.roi) and any("cost is 0" in n for n in p.notes)


def test_payback_section5() -> None:
    # CAC 120 000, margin 100 000/year (8 333/month): naive 14,4 months; with 80 % annual retention
    # (monthly survival 0,9816) cumulative expected margin first exceeds CAC in month 17.
    survival = 0.80 ** (1 / 12)
    assert round(survival, 4) == 0.9816
    p = payback_period(120_000, 100_000 / 12, retention_rate=survival)
    assert round(p.naive_periods, 1) == 14.4
    assert p.periods == 17 and p.recovered


def test_payback_that_never_arrives() -> None:
    # docs/formulas.md §5 edge case: margin × survival sums to less than CAC → "no se recupera".
    p = payback_period(1_000, 100, retention_rate=0.5)
    assert math.isinf(p.periods) and not p.recovered and p.notes


def _brute_force(cac: float, m: float, r: float, d: float, horizon: int = 5_000) -> float:
    total, term = 0.0, m / (1 + d)
    for t in range(1, horizon + 1):
        total += term
        if total >= cac * (1 - 1e-12):
            return float(t)
        term *= r / (1 + d)
    return math.inf


@given(st.floats(1, 1e6), st.floats(1, 1e5), st.floats(0, 1), st.floats(0, 0.2))
def test_payback_matches_a_month_by_month_loop(cac: float, m: float, r: float, d: float) -> None:
    # Oracle: the definition Σ_{t=1..n} m·S(t−1)/(1+d)^t ≥ CAC evaluated term by term. Knife-edge cases
    # where the lifetime margin equals CAC (reached only in the limit) are left out.
    q = r / (1 + d)
    assume(q >= 1 or abs(m / (1 + d) / (1 - q) - cac) > 1e-9 * cac)
    expected = _brute_force(cac, m, r, d)
    got = payback_period(cac, m, retention_rate=r, discount_rate=d).periods
    if math.isfinite(expected):
        assert got == expected
    else:
        assert got > 5_000


@given(st.floats(-1, 1), st.floats(-1, 1), st.floats(0.01, 1e6), st.floats(0, 1e8), st.integers(1, 10**7))
def test_profit_is_monotone_in_uplift(u1: float, u2: float, m: float, cost: float, n: int) -> None:
    # Property: with a positive margin, more incremental response never lowers profit.
    lo, hi = sorted((u1, u2))
    assert profit(n * lo, m, cost) <= profit(n * hi, m, cost)

"""Roll-out projection (oracles: docs/formulas.md §6 worked table and shrinkage example at printed precision;
a seeded Monte Carlo of 200 000 draws for the probability of profit; hypothesis properties)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from economics import (
    project_rollout,
    rollout_profit,
    shrink_effect,
    std_error_from_interval,
)
from planner_common import InputError

# SE of the §2 pilot uplift from its counts (Wald): sqrt(p_T(1−p_T)/N_T + p_C(1−p_C)/N_C) = 0,232 pp.
SE = math.sqrt(0.03 * 0.97 / 20_000 + 0.02 * 0.98 / 5_000)
ROLL = dict(audience=200_000, margin_per_response=40_000, cost_per_contact=300, fixed_cost=3_000_000)


def _m(x: float) -> float:
    return round(x / 1e6, 1)


def test_section2_standard_error() -> None:
    assert round(SE * 100, 3) == 0.232


def test_section6_table() -> None:
    p = project_rollout(0.01, SE, **ROLL)
    assert round(p.break_even_uplift * 100, 4) == 0.7875
    # û = 1,00 pp → 2 000 incremental responses, +17,0 M
    assert round(p.expected_incremental_responses) == 2_000 and _m(p.expected_profit) == 17.0
    # 95 % lower bound 0,546 pp → 1 091, −19,4 M; upper 1,454 pp → 2 909, +53,4 M
    assert round(p.uplift_ci_lower * 100, 3) == 0.546 and round(p.incremental_responses_ci_lower) == 1_091
    assert _m(p.profit_ci_lower) == -19.4
    assert round(p.uplift_ci_upper * 100, 3) == 1.454 and round(p.incremental_responses_ci_upper) == 2_909
    assert _m(p.profit_ci_upper) == 53.4
    # P(profit) = Φ(0,917) ≈ 82 %
    assert round((p.uplift - p.break_even_uplift) / SE, 3) == 0.917
    assert round(p.probability_of_profit * 100) == 82
    assert [s.name for s in p.scenarios] == ["conservative", "base", "optimistic"]
    assert p.scenarios[0].profit == p.profit_ci_lower


def test_section6_one_sided_90_lower_bound() -> None:
    # 90 % one-sided lower bound = lower end of the 80 % two-sided interval: 0,703 pp → 1 406, −6,8 M.
    p = project_rollout(0.01, SE, confidence_level=0.80, **ROLL)
    assert round(p.uplift_ci_lower * 100, 3) == 0.703
    assert round(p.incremental_responses_ci_lower) == 1_406 and _m(p.profit_ci_lower) == -6.8


def test_roi_interval_is_profit_over_cost() -> None:
    p = project_rollout(0.01, SE, **ROLL)
    cost = 3_000_000 + 300 * 200_000
    assert p.total_cost == cost
    assert (p.roi_ci_lower, p.expected_roi, p.roi_ci_upper) == pytest.approx(
        (p.profit_ci_lower / cost, p.expected_profit / cost, p.profit_ci_upper / cost)
    )


def test_section6_shrinkage() -> None:
    # μ₀ = 0,5 pp, τ = 0,3 pp, SE = 0,232 pp → B = 0,626 → û_shrunk = 0,813 pp; profit +17,0 M → +2,0 M.
    s = shrink_effect(0.01, SE, prior_mean=0.005, prior_sd=0.003)
    assert round(s.factor, 3) == 0.626 and round(s.shrunk_effect_size * 100, 3) == 0.813
    p = project_rollout(0.01, SE, shrinkage=(0.005, 0.003), **ROLL)
    assert _m(p.expected_profit) == 2.0 and round(p.uplift * 100, 3) == 0.813
    assert round(p.shrinkage_factor, 3) == 0.626
    assert any(n.startswith("Assumption") for n in p.notes)
    assert p.uplift_std_error == pytest.approx(math.sqrt(s.factor) * SE)


def test_interval_helper_round_trip() -> None:
    # Round trip: the interval û ± z·SE gives back SE; the projection from it matches.
    p = project_rollout(0.01, SE, **ROLL)
    se = std_error_from_interval(p.uplift_ci_lower, p.uplift_ci_upper)
    assert se == pytest.approx(SE, rel=1e-12)
    assert project_rollout(0.01, se, **ROLL).probability_of_profit == pytest.approx(p.probability_of_profit)


def test_interval_reversed_is_refused() -> None:
    with pytest.raises(InputError) as err:
        std_error_from_interval(0.02, 0.01)
    assert err.value.code == "interval_reversed"


def test_retention_pilot_money_follows_churn_reduction() -> None:
    # docs/ux.md / docs/formulas.md §7: churn 30 % → 25 % is a win of 5 pp; valued per customer kept.
    dec = project_rollout(
        -0.05,
        0.01,
        audience=10_000,
        margin_per_response=266_667,
        cost_per_contact=2_000,
        direction="decrease",
    )
    inc = project_rollout(0.05, 0.01, audience=10_000, margin_per_response=266_667, cost_per_contact=2_000)
    assert dec.uplift == pytest.approx(0.05)
    assert dec.expected_profit == pytest.approx(inc.expected_profit) and dec.expected_profit > 0
    assert dec.probability_of_profit == pytest.approx(inc.probability_of_profit)


@pytest.mark.parametrize(
    ("effect", "se", "audience", "margin", "cost", "fixed"),
    [
        (0.01, SE, 200_000, 40_000, 300, 3_000_000),  # the docs/formulas.md §6 case (≈ 82 %)
        (0.004, 0.003, 50_000, 25_000, 120, 500_000),  # a weak e-mail pilot (≈ 34 %)
        (0.02, 0.004, 1_000_000, 15_000, 200, 2_000_000),  # a strong winner (≈ 95 %)
        (-0.03, 0.02, 10_000, 266_667, 2_000, 0.0),  # churn reduction, decrease direction (≈ 87 %)
    ],
)
def test_probability_of_profit_agrees_with_monte_carlo(
    effect: float, se: float, audience: int, margin: float, cost: float, fixed: float
) -> None:
    # Oracle: seeded simulation, 200 000 draws of the uplift, profit computed draw by draw.
    direction = "decrease" if effect < 0 else "increase"
    p = project_rollout(
        effect,
        se,
        audience=audience,
        margin_per_response=margin,
        cost_per_contact=cost,
        fixed_cost=fixed,
        direction=direction,
    )
    draws = np.random.default_rng(20240601).normal(abs(effect), se, size=200_000)
    simulated = np.mean(audience * (draws * margin - cost) - fixed > 0)
    assert abs(p.probability_of_profit - simulated) < 0.005


@pytest.mark.parametrize("margin", [0, -1])
def test_projection_refuses_non_positive_margin(margin: float) -> None:
    with pytest.raises(InputError) as err:
        project_rollout(0.01, SE, audience=1_000, margin_per_response=margin, cost_per_contact=300)
    assert err.value.code == "no_break_even"


def test_effect_typed_as_percent_gets_a_hint() -> None:
    with pytest.raises(InputError) as err:
        project_rollout(1.5, SE, **ROLL)
    assert err.value.code == "difference_as_percent"


def test_zero_std_error_is_a_sure_thing() -> None:
    assert project_rollout(0.01, 0.0, **ROLL).probability_of_profit == 1.0


uplifts = st.floats(-0.2, 0.2)


@given(uplifts, uplifts, st.floats(1, 1e6), st.floats(0, 1e4), st.floats(0, 1e8), st.integers(1, 10**7))
def test_rollout_profit_is_monotone_in_uplift(
    u1: float, u2: float, m: float, c: float, f: float, n: int
) -> None:
    lo, hi = sorted((u1, u2))
    kw = dict(audience=n, margin_per_response=m, cost_per_contact=c, fixed_cost=f)
    assert rollout_profit(lo, **kw) <= rollout_profit(hi, **kw)


@given(
    uplifts,
    st.floats(1e-4, 0.05),
    st.floats(1, 1e6),
    st.floats(0, 1e4),
    st.floats(0, 1e8),
    st.integers(1, 10**7),
)
def test_probability_of_profit_sides_with_break_even(
    u: float, se: float, m: float, c: float, f: float, n: int
) -> None:
    # Property: P(profit) is above 50 % exactly when û is above u* (and the expected profit positive).
    kw = dict(audience=n, margin_per_response=m, cost_per_contact=c, fixed_cost=f)
    p = project_rollout(u, se, **kw)
    gap = p.uplift - p.break_even_uplift
    assume(abs(gap) > 1e-6 * se and abs(gap) * n * m > 1e-9 * (f + c * n + 1))  # clear of rounding
    assert (p.probability_of_profit > 0.5) == (gap > 0) == (p.expected_profit > 0)

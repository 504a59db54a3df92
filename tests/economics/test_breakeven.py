"""Break-even rate, uplift, volume and contacts (oracle: docs/formulas.md §4 worked example and Hughes'
published example, printed precision; closed-form properties with hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economics import (
    break_even,
    break_even_contacts,
    break_even_index,
    break_even_rel_uplift,
    break_even_response_rate,
    break_even_uplift,
    break_even_volume,
    incremental_response,
    profit,
    roi,
)
from planner_common import InputError


def test_hughes_published_example() -> None:
    # Hughes [S1]: $0,55 / $40 = 1,375 %; r = 2,5 % → BEI = 81,8.
    be = break_even_response_rate(0.55, 40)
    assert round(be * 100, 3) == 1.375
    assert round(break_even_index(0.025, be), 1) == 81.8
    assert break_even_index(be, be) == 0


def test_section4_worked_example() -> None:
    # m = 40 000, c = 300, F = 2 000 000, N = 20 000.
    assert round(break_even_response_rate(300, 40_000) * 100, 2) == 0.75
    pilot = break_even_response_rate(300, 40_000, fixed_cost=2_000_000, contacts=20_000)
    assert round(pilot * 100, 2) == 1.00
    assert round(break_even_volume(8_000_000, 40_000)) == 200
    # L* = 1,00 / 2,00 = 50 %
    assert round(break_even_rel_uplift(300, 40_000, 0.02, fixed_cost=2_000_000, contacts=20_000) * 100) == 50
    # Judged on incremental response the pilot only breaks even: u = 1,00 pp = u*.
    u = incremental_response(600, 20_000, 100, 5_000).effect_size
    assert u == pytest.approx(break_even_uplift(300, 40_000, fixed_cost=2_000_000, contacts=20_000))


def test_section4_contacts_needed() -> None:
    # docs/formulas.md §4: N* = 2 000 000/(0,03·40 000 − 300) = 2 000 000 / 900 = 2 222 contacts (an earlier
    # draft printed 2 857, which is 2 000 000 / 700, the value at p = 2,5 %).
    assert round(break_even_contacts(0.03, 40_000, 300, 2_000_000)) == 2_222
    assert round(break_even_contacts(0.025, 40_000, 300, 2_000_000)) == 2_857
    # It exists only if p·m > c.
    assert math.isinf(break_even_contacts(0.0075, 40_000, 300, 2_000_000))


def test_margin_based_not_revenue_based() -> None:
    # docs/formulas.md §4 pitfall: a revenue-based break-even (300 / 100 000) understates by 1/margin% = 2,5×.
    assert break_even_response_rate(300, 40_000) / (300 / 100_000) == pytest.approx(2.5)


def test_rollout_break_even_uplift_section6() -> None:
    # docs/formulas.md §6: N_roll = 200 000, F_roll = 3 000 000 → u* = 0,75 % + 0,0375 % = 0,7875 pp.
    assert round(break_even_uplift(300, 40_000, fixed_cost=3_000_000, contacts=200_000) * 100, 4) == 0.7875


@pytest.mark.parametrize("margin", [0, -5_000])
def test_no_break_even_without_positive_margin(margin: float) -> None:
    # docs/formulas.md §4 edge case: m ≤ 0 → "no alcanza punto de equilibrio".
    for call in (
        lambda: break_even_response_rate(300, margin),
        lambda: break_even_uplift(300, margin, fixed_cost=1, contacts=10),
        lambda: break_even_volume(8_000_000, margin),
        lambda: break_even(300, margin),
    ):
        with pytest.raises(InputError) as err:
            call()
        assert err.value.code == "no_break_even" and err.value.params["field"] == "margin_per_response"


def test_impossible_campaign_is_flagged() -> None:
    # docs/formulas.md §4 edge case: RR* > 100 % → flag it.
    b = break_even(300, 200, fixed_cost=1_000_000, contacts=1_000)
    assert b.response_rate > 1 and not b.feasible and "above 100" in b.notes[0]


def test_fixed_cost_without_contacts_is_refused() -> None:
    with pytest.raises(InputError) as err:
        break_even_response_rate(300, 40_000, fixed_cost=2_000_000)
    assert err.value.code == "contacts_required"


def test_zero_contacts_is_refused() -> None:
    with pytest.raises(InputError) as err:
        break_even_response_rate(300, 40_000, fixed_cost=2_000_000, contacts=0)
    assert err.value.code == "too_small"


def test_zero_cost_campaign_breaks_even_at_zero() -> None:
    b = break_even(0, 40_000)
    assert b.response_rate == 0 and b.feasible and "costs nothing" in b.notes[0]


def test_rate_typed_as_percent_gets_a_hint() -> None:
    with pytest.raises(InputError) as err:
        break_even_contacts(3, 40_000, 300, 2_000_000)
    assert err.value.code == "rate_as_percent" and err.value.params["suggestion"] == 0.03


costs = st.floats(0, 10_000, allow_subnormal=False)
margins = st.floats(1, 1_000_000)
fixed = st.floats(0, 1e8, allow_subnormal=False)
contacts = st.integers(1, 10_000_000)


@given(costs, margins, fixed, contacts)
def test_roi_is_zero_at_break_even_volume(c: float, m: float, f: float, n: int) -> None:
    # Property: R* = C/m responses give profit 0 and ROI 0 (exact up to a few ulps of C).
    total = f + c * n
    r_star = break_even_volume(total, m)
    assert abs(profit(r_star, m, total)) <= 4 * math.ulp(max(total, 1.0))
    if total > 0:
        assert abs(roi(profit(r_star, m, total), total)) <= 1e-12


@given(costs, margins, fixed, contacts)
def test_break_even_rate_pays_exactly_the_campaign(c: float, m: float, f: float, n: int) -> None:
    # Property: N · RR* · m = F + c·N.
    rate = break_even_response_rate(c, m, fixed_cost=f, contacts=n)
    assert n * rate * m == pytest.approx(f + c * n, rel=1e-9, abs=1e-6)


@given(costs, margins, fixed, st.integers(1, 1_000_000))
def test_fixed_term_shrinks_with_volume(c: float, m: float, f: float, n: int) -> None:
    # Property (docs/formulas.md §4): a larger roll-out has a lower (or equal) break-even than its pilot.
    small = break_even_uplift(c, m, fixed_cost=f, contacts=n)
    assert break_even_uplift(c, m, fixed_cost=f, contacts=10 * n) <= small

"""Funnel rates and uplift counts (oracle: the published worked examples of docs/formulas.md §1–§2, printed
precision; closed-form identities as hypothesis properties)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economics import funnel_rate, funnel_rates, incremental_count, incremental_response
from planner_common import InputError


def test_section1_rates_on_each_named_base() -> None:
    # docs/formulas.md §1: 10 000 contacted, 9 500 delivered, 300 responded, 120 bought.
    f = funnel_rates(10_000, 300, delivered=9_500, conversions=120)
    assert round(f.response_rate_contacted.value * 100, 2) == 3.00
    assert round(f.response_rate_delivered.value * 100, 2) == 3.16
    assert round(f.conversion_rate_responders.value * 100) == 40
    assert round(f.conversion_rate_contacted.value * 100, 2) == 1.20
    assert f.response_rate_delivered.base_name == "delivered"
    assert f.conversion_rate_responders.base_name == "responders"


def test_empty_base_is_undefined_not_zero() -> None:
    # docs/formulas.md §1 edge case: N = 0 → "—", not 0 %.
    r = funnel_rate(0, 0)
    assert math.isnan(r.value) and r.reason == "empty_base"


def test_more_responders_than_contacts_is_blocked() -> None:
    # docs/formulas.md §1 edge case: R > N → data error.
    with pytest.raises(InputError) as err:
        funnel_rate(301, 300)
    assert err.value.code == "events_exceed_base"


def test_section2_pilot_incremental_figures() -> None:
    # docs/formulas.md §2: 600/20 000 vs 100/5 000 → u = 1,00 pp, I = 200, L = 50 %; 400 would respond anyway.
    r = incremental_response(600, 20_000, 100, 5_000)
    assert round(r.treatment * 100, 2) == 3.00 and round(r.control * 100, 2) == 2.00
    assert round(r.effect_size * 100, 2) == 1.00
    assert round(r.incremental_responders) == 200
    assert round(r.rel_effect_size * 100) == 50
    assert round(600 - r.incremental_responders) == 400


def test_section2_negative_lift() -> None:
    # docs/formulas.md §2: p_T = 1,8 %, p_C = 2,0 % → u = −0,2 pp, I = −40 (sleeping dogs).
    r = incremental_response(360, 20_000, 100, 5_000)
    assert round(r.effect_size * 100, 1) == -0.2
    assert round(r.incremental_responders) == -40
    assert any("suppressed" in n for n in r.notes)


def test_zero_control_response_leaves_relative_lift_undefined() -> None:
    # docs/formulas.md §2: 600/20 000 vs 0/5 000 → u = 3,00 pp, L undefined ("n/d (control sin respuestas)").
    r = incremental_response(600, 20_000, 0, 5_000)
    assert round(r.effect_size * 100, 2) == 3.00
    assert math.isnan(r.rel_effect_size) and r.rel_effect_size_reason == "no_control_response"
    assert any("0.0600%" in n for n in r.notes)  # rule of three: 3 / 5 000


def test_zero_control_group_is_refused() -> None:
    # docs/formulas.md §2: N_C = 0 → refuse to compute uplift, and say why.
    with pytest.raises(InputError) as err:
        incremental_response(600, 20_000, 0, 0)
    assert err.value.code == "no_control" and "control" in str(err.value)


def test_incremental_acquisitions_section3() -> None:
    # docs/formulas.md §3: 240 new customers, control new-customer rate 0,8 % → 240 − 160 = 80.
    assert round(incremental_count(240, 20_000, 0.008)) == 80


@given(st.integers(1, 10_000), st.integers(1, 10_000), st.data())
def test_incremental_responders_equal_n_times_uplift(nt: int, nc: int, data: st.DataObject) -> None:
    # Closed form (docs/formulas.md §2, formula 4): I = N_T · u = R_T − N_T · p_C.
    rt, rc = data.draw(st.integers(0, nt)), data.draw(st.integers(0, nc))
    r = incremental_response(rt, nt, rc, nc)
    assert r.incremental_responders == pytest.approx(nt * r.effect_size, abs=1e-6)

"""Per-period margin and retention, and the variance of a measured survey wave.

Oracles: closed forms of docs/formulas.md §5/§8 (a yearly margin is twelve monthly ones; retention compounds,
``r_month^12 = r_year``), the existing period converters (``monthly_retention_from_annual``), and the
NPS standard error of docs/formulas.md §9 (``se = 100·sqrt(σ²/n)`` of ``nps``), a different function.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economics import (
    isn,
    margin_per_period,
    monthly_retention_from_annual,
    nps,
    retention_per_period,
    wave_variance,
)
from planner_common import InputError


def test_a_yearly_margin_is_twelve_monthly_ones() -> None:
    assert margin_per_period(120_000, period="year") == 10_000
    assert margin_per_period(10_000, period="month", per="year") == 120_000
    assert margin_per_period(-1_200, period="year", per="quarter") == -300


@given(st.floats(min_value=0.0, max_value=1.0))
def test_retention_compounds_like_the_existing_converter(rate: float) -> None:
    monthly = retention_per_period(rate, period="year")
    assert monthly == pytest.approx(monthly_retention_from_annual(rate), abs=1e-15)
    assert retention_per_period(monthly, period="month", per="year") == pytest.approx(rate, abs=1e-12)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: margin_per_period(1.0, period="decade"), "bad_choice"),
        (lambda: margin_per_period(math.nan, period="year"), "not_a_number"),
        (lambda: retention_per_period(-0.2, period="year"), "rate_out_of_range"),
    ],
)
def test_invalid_periods_and_values_are_refused(call, code) -> None:
    with pytest.raises(InputError) as info:
        call()
    assert info.value.code == code


def test_wave_variance_reproduces_the_score_standard_error() -> None:
    """se = 100·sqrt(σ²/n) (docs/formulas.md §9), so σ² = n·(se/100)² from the score's own result."""
    for result in (nps(200, 120, 80), isn(310, 90, 100), nps(10, 0, 0)):
        assert wave_variance(result) == pytest.approx(result.n * (result.std_error / 100) ** 2, rel=1e-12)

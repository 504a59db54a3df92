"""Survey sample size and invitations (oracles: docs/formulas.md §9 worked examples at printed precision;
round trip: the margin of error achieved at the computed n)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economics import (
    SURVEY_RESPONSE_RATE_DEFAULTS,
    SURVEY_RESPONSE_RATE_SOURCE,
    survey_invitations,
    survey_sample_size,
)
from planner_common import InputError


def test_section9_sample_sizes() -> None:
    # ±5 points → 1 537 (worst case) or 922 (σ² = 0,6); ±3 points → 4 269 or 2 561; 922 → 779 out of 5 000.
    assert survey_sample_size(5).n == 1_537
    assert survey_sample_size(5, variance=0.6).n == 922
    assert survey_sample_size(3).n == 4_269
    assert survey_sample_size(3, variance=0.6).n == 2_561
    assert survey_sample_size(5, variance=0.6, population=5_000).n == 779


def test_section9_invitations() -> None:
    # 922 answers need 7 092 B2C-relational invitations at 13 %, or 2 881 B2B-relational at 32 %.
    # docs/formulas.md §9: n / rate is 7 092,3 and 2 881,25; the recommended count is rounded up so the
    # expected answers reach 922 (7 092 × 13 % = 921,96 answers).
    b2c = survey_invitations(922, audience="b2c", survey="relational")
    b2b = survey_invitations(922, audience="b2b", survey="relational")
    assert round(b2c.invitations_exact) == 7_092 and b2c.invitations == 7_093
    assert round(b2b.invitations_exact) == 2_881 and b2b.invitations == 2_882
    assert b2c.source == SURVEY_RESPONSE_RATE_SOURCE == "referencia del blog"


def test_response_rate_defaults_are_the_blog_figures_and_editable() -> None:
    assert dict(SURVEY_RESPONSE_RATE_DEFAULTS) == {
        ("b2b", "relational"): 0.32,
        ("b2c", "relational"): 0.13,
        ("b2b", "transactional"): 0.23,
        ("b2c", "transactional"): 0.16,
    }
    mine = {**SURVEY_RESPONSE_RATE_DEFAULTS, ("b2c", "relational"): 0.10}
    assert survey_invitations(100, audience="b2c", survey="relational", defaults=mine).invitations == 1_000
    typed = survey_invitations(100, response_rate=0.25)
    assert typed.source == "user" and typed.invitations == 400


def test_bad_survey_inputs() -> None:
    with pytest.raises(InputError) as err:
        survey_invitations(100, response_rate=13)
    assert err.value.code == "rate_as_percent"
    with pytest.raises(InputError) as err:
        survey_sample_size(0)
    assert err.value.code == "margin_out_of_range"
    with pytest.raises(InputError) as err:
        survey_invitations(100, audience="b2g", survey="relational")
    assert err.value.code == "bad_choice"


@given(st.floats(0.5, 20), st.floats(0.05, 1))
def test_margin_of_error_is_reached_at_n(margin: float, variance: float) -> None:
    # Round trip: at the computed n the half-width 1,96·100·√(σ²/n) is within the target, and not at n − 1.
    n = survey_sample_size(margin, variance=variance).n
    half = lambda k: 1.959963984540054 * 100 * math.sqrt(variance / k)  # noqa: E731
    assert half(n) <= margin * (1 + 1e-9)
    if n > 1:
        assert half(n - 1) > margin * (1 - 1e-9)

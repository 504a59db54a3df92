"""Cost per contact / response / acquisition / incremental result (oracle: docs/formulas.md §3 table, printed
precision; edge cases of §2–§3: undefined is NaN with a reason, never 0 or ∞)."""

from __future__ import annotations

import math

import pytest

from economics import (
    CampaignCosts,
    campaign_unit_costs,
    cost_per_contact,
    cost_per_incremental_acquisition,
    cost_per_incremental_response,
    unit_cost,
)
from planner_common import InputError

COSTS = CampaignCosts(fixed=2_000_000, per_contact=300)


def test_section3_table() -> None:
    # F = 2 000 000, c = 300, N = 20 000 → C = 8 000 000 CLP; R = 600, A = 240, I = 200, incremental A = 80.
    u = campaign_unit_costs(
        COSTS,
        contacts=20_000,
        responses=600,
        acquisitions=240,
        incremental_responses=200,
        incremental_acquisitions=80,
    )
    assert u.total_cost == 8_000_000
    assert u.per_contact.value == 400 and u.per_contact_variable.value == 300
    assert round(u.per_response.value) == 13_333
    assert round(u.per_acquisition.value) == 33_333
    assert u.per_incremental_response.value == 40_000
    assert u.per_incremental_acquisition.value == 100_000
    # "the incremental cost is 3× the attributed one"
    assert u.per_incremental_response.value / u.per_response.value == pytest.approx(3)


@pytest.mark.parametrize(
    ("units", "per", "reason"),
    [
        (0, "response", "no_responses"),
        (0, "acquisition", "no_acquisitions"),
        (0, "incremental_response", "no_incremental_response"),
        (-40, "incremental_response", "no_incremental_response"),  # §2 negative lift: "no aplica"
        (None, "incremental_acquisition", "not_measured"),
    ],
)
def test_undefined_cost_is_nan_with_reason(units: float | None, per: str, reason: str) -> None:
    r = unit_cost(8_000_000, units, per=per)
    assert math.isnan(r.value) and r.reason == reason
    assert not math.isinf(r.value)


def test_without_a_control_incremental_costs_are_not_measured() -> None:
    u = campaign_unit_costs(COSTS, contacts=20_000, responses=600)
    assert u.per_incremental_response.reason == "not_measured"
    assert cost_per_incremental_acquisition(8_000_000, None).reason == "not_measured"


def test_zero_cost_campaign_costs_zero_per_response() -> None:
    # A free campaign: the cost per response is a true 0 (defined), not a placeholder.
    r = cost_per_incremental_response(0, 200)
    assert r.value == 0 and r.reason is None


def test_cost_per_contact_fully_loaded() -> None:
    assert cost_per_contact(COSTS, 20_000).value == 400


@pytest.mark.parametrize(("fixed", "per_contact"), [(-1, 300), (0, -300)])
def test_negative_costs_are_refused(fixed: float, per_contact: float) -> None:
    with pytest.raises(InputError) as err:
        CampaignCosts(fixed=fixed, per_contact=per_contact)
    assert err.value.code == "negative"

"""Planning a monitored pilot from a fixed-horizon design.

Oracles: rpact getDesignCharacteristics (``r_reference_sequential.py``: inflation factor and expected
sizes, the rpact call beside each row); round trips (the maximum size reaches the target power; the
plan's dict restores the plan); properties of the daily schedule.
"""

from __future__ import annotations

import math

import pytest
from r_reference_sequential import CHARACTERISTICS

from experiments import SequentialPlan, plan_sequential, sample_size_two_means, sample_size_two_proportions
from planner_common import InputError

FOUR_OF = next(c for c in CHARACTERISTICS if c["spending"] == "obrien-fleming" and len(c["fractions"]) == 4)
TEN_P = next(c for c in CHARACTERISTICS if c["spending"] == "pocock" and len(c["fractions"]) == 10)


@pytest.mark.parametrize("case", [FOUR_OF, TEN_P], ids=lambda c: f"{c['spending']}-{len(c['fractions'])}")
def test_planned_looks_inflate_like_rpact(case: dict) -> None:
    """rpact getDesignCharacteristics (call in the reference file): inflation factor and expected sizes."""
    fixed = sample_size_two_proportions(
        0.03, rel_effect_size=0.2, alpha=case["alpha"], power=case["power"], alternative=case["alternative"]
    )
    p = plan_sequential(fixed, spending=case["spending"], looks=len(case["fractions"]))
    assert p.inflation_factor == pytest.approx(case["inflation_factor"], abs=1e-5)
    assert p.expected_size_ratio == pytest.approx(case["asn_h1"], abs=1e-5)
    assert p.expected_size_ratio_null == pytest.approx(case["asn_h0"], abs=1e-5)
    assert p.n_control == math.ceil(fixed.n_control * p.inflation_factor)
    assert p.n_treatment == math.ceil(fixed.n_treatment * p.inflation_factor)
    assert p.information_fractions == pytest.approx(case["fractions"])


def test_maximum_size_keeps_the_power_and_the_null_spends_alpha() -> None:
    """Round trip: the power at the rounded maximum sizes is at least the target; under no lift the
    chance of stopping by the last look is alpha; the expected size is below the maximum."""
    fixed = sample_size_two_means(40.0, effect_size=4.0, ratio=3, daily_volume=400)
    p = plan_sequential(fixed, spending="pocock")
    assert p.power >= fixed.target_power - 1e-9
    assert p.stopping_probability_null[-1] == pytest.approx(0.05, abs=1e-6)
    assert p.expected_n_total < p.n_total and p.expected_n_total_null < p.n_total
    assert p.stopping_probability[-1] == pytest.approx(p.power)


def test_daily_looks_take_the_fewest_days_that_hold_the_maximum_size() -> None:
    """Property of the schedule: n_max fits in D days at the daily volume; one look per day."""
    fixed = sample_size_two_proportions(0.02, rel_effect_size=0.25, daily_volume=1_000)
    p = plan_sequential(fixed)
    days = p.duration_days
    assert days is not None and p.n_total <= days * 1_000
    assert len(p.information_fractions) == days and p.look_days == tuple(range(1, days + 1))
    assert days >= fixed.duration_days
    assert p.expected_days is not None and p.expected_days < days
    assert p.plan.looks == "daily" and p.plan.planned_n_control == p.n_control


def test_plan_round_trips_through_a_plain_dict() -> None:
    plan = SequentialPlan(
        kind="group-sequential",
        planned_n_control=5_000,
        planned_n_treatment=20_000,
        spending="power",
        rho=3,
        looks=6,
    )
    assert SequentialPlan.from_dict(plan.to_dict()) == plan
    cs = SequentialPlan(kind="confidence-sequence", planned_n_control=5_000, planned_n_treatment=5_000)
    assert cs.tuning_n == 10_000 and SequentialPlan.from_dict(cs.to_dict()) == cs


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda: plan_sequential(sample_size_two_proportions(0.02, rel_effect_size=0.25)),
            "daily_volume_required",
        ),
        (
            lambda: plan_sequential(sample_size_two_proportions(0.02, rel_effect_size=0.25), looks=51),
            "too_many_looks",
        ),
        (
            lambda: plan_sequential(
                sample_size_two_proportions(0.02, rel_effect_size=0.25, daily_volume=100)
            ),
            "too_many_looks",
        ),
        (lambda: plan_sequential(object()), "bad_fixed_design"),
        (lambda: SequentialPlan(kind="bayes", planned_n_control=1, planned_n_treatment=1), "bad_choice"),
        (lambda: SequentialPlan.from_dict({"kind": "group-sequential", "colour": 1}), "bad_plan"),
        (
            lambda: SequentialPlan(
                kind="group-sequential", planned_n_control=1, planned_n_treatment=1, looks="weekly"
            ),
            "bad_looks",
        ),
    ],
)
def test_bad_plans_raise_a_coded_error(call: object, code: str) -> None:
    with pytest.raises(InputError) as err:
        call()  # type: ignore[operator]
    assert err.value.code == code

"""Conditional power of a running group-sequential pilot.

Oracles: for two looks, the closed form of Jennison & Turnbull (2000, §10.2) – from ``B(t₁) = z₁√t₁`` the
final ``B(1)`` is normal with mean ``B(t₁) + θ(1 − t₁)`` and variance ``1 − t₁``, so
``P(|Z(1)| ≥ c₂) = Φ((B(t₁) + θ(1 − t₁) − c₂)/√(1 − t₁)) + Φ((−c₂ − B(t₁) − θ(1 − t₁))/√(1 − t₁))`` – with
``c₂`` pasted from rpact; for many later looks a seeded simulation of the Brownian motion of the scores
(its Monte Carlo standard error beside the tolerance); properties (symmetry, monotonicity).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from experiments import ArmCounts, ArmMoments, conditional_power, group_sequential_test
from planner_common import InputError

# R: library(rpact)
# getDesignGroupSequential(kMax = 2, alpha = 0.05, sided = 2, typeOfDesign = "asOF",
#                          informationRates = c(0.5, 1))$criticalValues
#   [1] 2.96258804273 1.96859564632
# getDesignGroupSequential(kMax = 2, alpha = 0.05, sided = 2, typeOfDesign = "asP",
#                          informationRates = c(0.3, 1))$criticalValues
#   [1] 2.31183530381 2.12369338423
RPACT_C2 = {("obrien-fleming", 0.5): 1.96859564632, ("pocock", 0.3): 2.12369338423}


def _closed_form(z: float, t: float, c: float, drift: float) -> float:
    b, mean, sd = z * math.sqrt(t), drift * (1 - t), math.sqrt(1 - t)
    return float(norm.cdf((b + mean - c) / sd) + norm.cdf((-c - b - mean) / sd))


@pytest.mark.parametrize(
    ("spending", "first", "counts", "effect"),
    [
        ("obrien-fleming", 4_000, (100, 128), 0.005),  # half-way, the planned +0.5 pp
        ("obrien-fleming", 4_000, (100, 100), 0.005),  # no lift seen so far
        ("obrien-fleming", 4_000, (100, 95), 0.0),  # no true lift: the chance of a false conclusion
        ("pocock", 3_000, (60, 85), 0.004),  # 30 % of the way, Pocock
    ],
)
def test_two_looks_match_the_closed_form(spending, first, counts, effect):
    planned = 10 * first // (5 if spending == "obrien-fleming" else 3)
    look = (ArmCounts(counts[0], first), ArmCounts(counts[1], first))
    test = group_sequential_test(
        [look], planned_n_control=planned, planned_n_treatment=planned, spending=spending
    )
    assert test.decision == "continue"
    t = test.looks[0].information_fraction
    cp = conditional_power(test, effect_size=effect)
    c2 = RPACT_C2[(spending, round(t, 6))]
    assert cp.future_fractions == (1.0,) and cp.future_bounds[0] == pytest.approx(c2, abs=1e-6)
    drift = effect / (test.looks[0].std_error * math.sqrt(t))
    expected = _closed_form(test.looks[0].statistic, t, c2, drift)
    assert cp.probability == pytest.approx(expected, abs=1e-6)
    assert cp.probability_benefit + cp.probability_harm == pytest.approx(cp.probability, abs=1e-12)


def _simulated(cp, n_paths: int = 400_000, seed: int = 20250316) -> tuple[float, float]:
    """Crossing rate of simulated score paths from the last look through the later looks' bounds."""
    rng = np.random.default_rng(seed)
    b = np.full(n_paths, cp.statistic * math.sqrt(cp.information_fraction))
    alive = np.ones(n_paths, dtype=bool)
    previous = cp.information_fraction
    for t, c in zip(cp.future_fractions, cp.future_bounds, strict=True):
        b = b + rng.normal(cp.drift * (t - previous), math.sqrt(t - previous), n_paths)
        crossed = alive & (np.abs(b / math.sqrt(t)) >= c)
        alive &= ~crossed
        previous = t
    rate = 1 - alive.mean()
    return float(rate), math.sqrt(rate * (1 - rate) / n_paths)


@pytest.mark.parametrize("effect", [0.005, 0.0025, 0.0])
def test_many_later_looks_match_a_seeded_simulation(effect):
    """Nine daily looks so far, 21 left: the recursive integration against 400,000 simulated paths
    (Monte Carlo SE ≤ 0.0008; tolerance 4 SE)."""
    looks = [(ArmCounts(4 * d, 200 * d), ArmCounts(int(4.6 * d), 200 * d)) for d in range(1, 10)]
    test = group_sequential_test(looks, planned_n_control=6_000, planned_n_treatment=6_000)
    assert test.decision == "continue" and len(test.looks) == 9
    cp = conditional_power(test, effect_size=effect, future_fractions=21)
    assert cp.future_fractions[-1] == pytest.approx(1.0) and len(cp.future_bounds) == 21
    rate, se = _simulated(cp)
    assert abs(cp.probability - rate) < 4 * se + 1e-4, (cp.probability, rate, se)
    assert cp.cumulative[-1] == pytest.approx(cp.probability, abs=1e-12)
    assert all(a <= b + 1e-15 for a, b in zip(cp.cumulative, cp.cumulative[1:], strict=False))


def test_the_later_bounds_are_the_ones_the_test_will_use():
    """Property: the bounds projected for a later look equal those group_sequential_test computes
    when that look arrives with exactly the projected information."""
    looks = [(ArmCounts(30, 1_000), ArmCounts(38, 1_000)), (ArmCounts(61, 2_000), ArmCounts(80, 2_000))]
    test = group_sequential_test(looks, planned_n_control=5_000, planned_n_treatment=5_000)
    cp = conditional_power(test, effect_size=0.005, future_fractions=[0.6, 1.0])
    more = [*looks, (ArmCounts(90, 3_000), ArmCounts(110, 3_000))]
    later = group_sequential_test(more, planned_n_control=5_000, planned_n_treatment=5_000)
    assert later.looks[-1].information_fraction == pytest.approx(0.6)
    assert cp.future_bounds[0] == pytest.approx(later.looks[-1].bound, abs=1e-9)


def test_a_churn_pilot_counts_the_fall_as_benefit():
    """Property (mirror image): a 'decrease' metric's conditional power equals that of the same data
    with the arms' outcomes flipped and the direction 'increase'."""
    down = group_sequential_test(
        [(ArmCounts(300, 2_000), ArmCounts(270, 2_000))],
        planned_n_control=6_000, planned_n_treatment=6_000, direction="decrease",
    )  # fmt: skip
    up = group_sequential_test(
        [(ArmCounts(1_700, 2_000), ArmCounts(1_730, 2_000))],
        planned_n_control=6_000,
        planned_n_treatment=6_000,
    )
    a = conditional_power(down, effect_size=-0.03, future_fractions=4)
    b = conditional_power(up, effect_size=0.03, future_fractions=4)
    assert a.probability_benefit == pytest.approx(b.probability_benefit, abs=1e-9)
    assert a.probability_harm == pytest.approx(b.probability_harm, abs=1e-9)
    assert a.probability_benefit > 0.5 > a.probability_harm


def test_more_lift_means_more_chance_and_a_one_sided_plan_has_no_harm_side():
    looks = [(ArmMoments(1_500, 20_000.0, 50_000.0), ArmMoments(1_500, 22_000.0, 50_000.0))]
    test = group_sequential_test(
        looks, planned_n_control=6_000, planned_n_treatment=6_000, alternative="greater"
    )
    chances = [
        conditional_power(test, effect_size=e, future_fractions=3).probability for e in (0, 2_000, 4_000)
    ]
    assert chances[0] < chances[1] < chances[2]
    assert conditional_power(test, effect_size=-2_000, future_fractions=3).probability_harm == 0.0


def test_a_finished_test_has_no_later_look_and_bad_schedules_are_refused():
    done = group_sequential_test(
        [(ArmCounts(40, 2_000), ArmCounts(52, 2_000)), (ArmCounts(80, 4_000), ArmCounts(125, 4_000))],
        planned_n_control=8_000, planned_n_treatment=8_000,
    )  # fmt: skip
    ended = conditional_power(done, effect_size=0.005)
    assert done.decision == "benefit" and math.isnan(ended.probability) and ended.notes
    running = group_sequential_test([(ArmCounts(40, 2_000), ArmCounts(52, 2_000))], planned_n_control=8_000,
                                    planned_n_treatment=8_000)  # fmt: skip
    for bad in ([0.2], [0.5, 0.4], [1.2], []):
        with pytest.raises(InputError) as caught:
            conditional_power(running, effect_size=0.005, future_fractions=bad)
        assert caught.value.code in ("fractions_not_increasing", "no_looks")
    with pytest.raises(InputError) as caught:
        conditional_power(running, effect_size=0.005, future_fractions=60)
    assert caught.value.code == "too_many_looks"

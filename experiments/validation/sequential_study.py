"""Seeded simulation study of daily monitoring: false wins under no lift, and power at the planned lift.

Each simulated pilot enrols the same number of customers per arm every day for 30 days; responses are
Bernoulli. Every day's cumulative counts go through the public functions:

* :func:`group_sequential_test` with the daily O'Brien-Fleming plan of :func:`plan_sequential`;
* :func:`confidence_sequence` every day (``tuning_n`` = the planned total);
* the naive fixed-horizon two-sided z test at 5 % every day (what reading the Analyse page daily does).

A false win is a pilot with no lift that ever stops for benefit or harm (or whose interval ever
excludes 0). Power is the share of pilots with the planned lift that stop for benefit by day 30.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from experiments.analysis.sequential import confidence_sequence, group_sequential_test
from experiments.analysis.stats import ArmCounts
from experiments.design.proportions import sample_size_two_proportions
from experiments.design.sequential_plan import plan_sequential

__all__ = ["SequentialStudyResult", "run_sequential_study"]

DAYS = 30
Z_975 = 1.959963984540054


@dataclass(frozen=True, slots=True, kw_only=True)
class SequentialStudyResult:
    """Rates of the study, each with its Monte Carlo standard error ``sqrt(p(1 − p)/n)``.

    Attributes:
        n_pilots, days, seed: Echoed.
        baseline_rate, rel_effect_size, n_per_arm_per_day, design_power: The planned pilot.
        group_sequential_rate, confidence_sequence_rate, naive_rate: False-win rates under no lift.
        power: Share of pilots with the planned lift that the group-sequential test stopped for benefit.
        *_se: Monte Carlo standard errors of those rates.
        notes: Caveats.
    """

    n_pilots: int
    days: int
    seed: int
    baseline_rate: float
    rel_effect_size: float
    n_per_arm_per_day: int
    design_power: float
    group_sequential_rate: float
    group_sequential_rate_se: float
    confidence_sequence_rate: float
    confidence_sequence_rate_se: float
    naive_rate: float
    naive_rate_se: float
    power: float
    power_se: float
    notes: tuple[str, ...] = ()


def _se(rate: float, n: int) -> float:
    return math.sqrt(rate * (1 - rate) / n)


def _looks(
    rng: np.random.Generator, per_day: int, rates: tuple[float, float]
) -> list[tuple[ArmCounts, ArmCounts]]:
    c = np.cumsum(rng.binomial(per_day, rates[0], DAYS))
    t = np.cumsum(rng.binomial(per_day, rates[1], DAYS))
    n = per_day * np.arange(1, DAYS + 1)
    return [(ArmCounts(int(c[k]), int(n[k])), ArmCounts(int(t[k]), int(n[k]))) for k in range(DAYS)]


def _naive_win(looks: list[tuple[ArmCounts, ArmCounts]]) -> bool:
    for c, t in looks:
        se = math.sqrt(c.rate * (1 - c.rate) / c.trials + t.rate * (1 - t.rate) / t.trials)
        if se > 0 and abs(t.rate - c.rate) / se >= Z_975:
            return True
    return False


def run_sequential_study(
    seed: int, n_pilots: int, *, baseline_rate: float = 0.05, rel_effect_size: float = 0.2
) -> SequentialStudyResult:
    """Simulate ``n_pilots`` A/A pilots and ``n_pilots`` pilots with the planned lift, 30 daily looks.

    Examples:
        >>> r = run_sequential_study(1, 20)
        >>> r.days, r.n_pilots, 0 <= r.group_sequential_rate <= 1
        (30, 20, True)

    References:
        Armitage, McPherson & Rowe (1969) (repeated significance tests inflate false wins); Jennison &
        Turnbull (2000), ch. 7; Waudby-Smith et al. (2023).
    """
    fixed = sample_size_two_proportions(baseline_rate, rel_effect_size=rel_effect_size)
    design = plan_sequential(fixed, looks=DAYS)
    per_day = math.ceil(design.n_control / DAYS)
    planned = per_day * DAYS
    rng = np.random.default_rng(seed)
    null = (baseline_rate, baseline_rate)
    lifted = (baseline_rate, baseline_rate * (1 + rel_effect_size))
    gs_wins = cs_wins = naive_wins = powered = 0
    for _ in range(n_pilots):
        looks = _looks(rng, per_day, null)
        gs = group_sequential_test(looks, planned_n_control=planned, planned_n_treatment=planned)
        gs_wins += gs.stopped_at is not None
        cs_wins += any(_excludes_zero(c, t, 2 * planned) for c, t in looks)
        naive_wins += _naive_win(looks)
    for _ in range(n_pilots):
        looks = _looks(rng, per_day, lifted)
        gs = group_sequential_test(looks, planned_n_control=planned, planned_n_treatment=planned)
        powered += gs.decision == "benefit"
    rates = [x / n_pilots for x in (gs_wins, cs_wins, naive_wins, powered)]
    return SequentialStudyResult(
        n_pilots=n_pilots,
        days=DAYS,
        seed=seed,
        baseline_rate=baseline_rate,
        rel_effect_size=rel_effect_size,
        n_per_arm_per_day=per_day,
        design_power=design.power,
        group_sequential_rate=rates[0],
        group_sequential_rate_se=_se(rates[0], n_pilots),
        confidence_sequence_rate=rates[1],
        confidence_sequence_rate_se=_se(rates[1], n_pilots),
        naive_rate=rates[2],
        naive_rate_se=_se(rates[2], n_pilots),
        power=rates[3],
        power_se=_se(rates[3], n_pilots),
    )


def _excludes_zero(control: ArmCounts, treatment: ArmCounts, tuning_n: int) -> bool:
    r = confidence_sequence(control, treatment, tuning_n=tuning_n)
    return r.effect_size_ci_lower > 0 or r.effect_size_ci_upper < 0

"""Daily monitoring keeps its promises (oracle: a seeded simulation with its Monte Carlo error).

2,500 A/A pilots and 2,500 pilots with the planned lift, 30 daily looks each, through the public
functions (``experiments.validation.sequential_study``). With 2,500 pilots a 5 % rate has a Monte Carlo
standard error of 0.44 points and an 80 % power one of 0.8 points; the bands below are 3 standard errors
(the issue's ±2 points for power is 2.5). ``benchmarks/sequential_simulation.py`` runs 10,000 of each.
"""

from __future__ import annotations

import pytest

from experiments.validation.sequential_study import run_sequential_study


@pytest.mark.slow
def test_daily_looks_keep_false_wins_at_alpha_and_power_at_the_design() -> None:
    r = run_sequential_study(20251203, 2_500)
    assert abs(r.group_sequential_rate - 0.05) <= 3 * 0.0044
    assert r.confidence_sequence_rate <= 0.05 + 3 * r.confidence_sequence_rate_se
    assert r.naive_rate > 0.15  # the problem the plan solves: reading a fixed test daily
    assert abs(r.power - r.design_power) <= 0.02

"""The integer search of the sizing engine stays logarithmic whatever the allocation ratio.

Oracles: a property (the number of power evaluations is bounded by a few dozen, i.e. O(log n), even at
``ratio = 1e-7`` where ten million consecutive controls share one treated-arm size) and minimality
checked directly against the real power function on the neighbouring integer.
"""

from __future__ import annotations

import pytest

from experiments.design._sizing_common import smallest_design, treatment_size
from experiments.design.means import mean_power
from experiments.design.proportions import proportion_power

LIMIT = 400


class TooManyEvaluations(AssertionError):
    pass


def counted(power):
    calls = {"n": 0}

    def power_at(n_c: float, n_t: float) -> float:
        calls["n"] += 1
        if calls["n"] > LIMIT:
            raise TooManyEvaluations(f"more than {LIMIT} power evaluations")
        return float(power(n_c, n_t))

    return power_at, calls


@pytest.mark.parametrize("ratio", [1e-7, 1e-4, 0.3, 1.0, 17.0, 1e7])
@pytest.mark.parametrize("metric", ["proportion", "mean"])
def test_sizing_search_is_logarithmic_and_minimal(ratio: float, metric: str) -> None:
    """sample_size_two_proportions(0.03, rel_effect_size=0.2, ratio=1e-7) used to walk ten million
    integers one by one (about 20 s); now a few dozen evaluations reach the same minimal design."""
    if metric == "proportion":
        power, calls = counted(lambda c, t: proportion_power(0.03, 0.036, c, t, 0.05, "two-sided", "normal"))
    else:
        power, calls = counted(lambda c, t: mean_power(1.5 / 45, c, t, 0.05, "two-sided", "t"))
    n_c, n_t, achieved = smallest_design(power, 0.8, ratio)
    assert calls["n"] <= 80
    assert achieved >= 0.8 and n_t == treatment_size(n_c, ratio)
    assert power(n_c - 1, treatment_size(n_c - 1, ratio)) < 0.8  # one control fewer falls short

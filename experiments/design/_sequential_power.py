"""Operating characteristics of a group-sequential design: power, inflation factor, expected size.

Under a drift ``δ`` (the expected z at the last look; the z at information fraction ``t`` has mean
``δ·√t``), the probability of stopping at each look comes from the same recursive integration as the
bounds. The design drift ``δ_GS`` solves ``P(reject) = power``; the fixed test's drift ``δ_fixed``
solves the same equation for one look at ``z_{1−α/2}`` (two-sided, both tails counted) or is
``z_{1−α} + z_{power}`` (one-sided); the inflation factor is ``(δ_GS / δ_fixed)²``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from experiments.design._gs_numerics import crossing_probabilities
from experiments.design.sequential import SequentialBoundsResult, sequential_bounds


@dataclass(frozen=True, slots=True)
class Stopping:
    """Where a design stops under one drift."""

    drift: float
    by_look: tuple[float, ...]
    fractions: tuple[float, ...]

    @property
    def cumulative(self) -> tuple[float, ...]:
        """P(stopped by look k)."""
        total, out = 0.0, []
        for p in self.by_look:
            total += p
            out.append(min(total, 1.0))
        return tuple(out)

    def expected(self, values: Sequence[float]) -> float:
        """E[value at the stopping look]; paths that never cross end at the last look."""
        stopped = sum(self.by_look)
        return sum(p * v for p, v in zip(self.by_look, values, strict=True)) + (1 - stopped) * values[-1]

    @property
    def expected_fraction(self) -> float:
        """Expected share of the maximum size used."""
        return self.expected(self.fractions)


@dataclass(frozen=True, slots=True)
class Characteristics:
    """A design's bounds, inflation factor and stopping behaviour under H0 and under the design drift."""

    bounds: SequentialBoundsResult
    drift_fixed: float
    drift: float
    power: float

    @property
    def inflation_factor(self) -> float:
        """``(δ_GS / δ_fixed)²``."""
        return (self.drift / self.drift_fixed) ** 2

    def at_drift(self, drift: float) -> Stopping:
        """Stopping probabilities when the expected z at the last look is ``drift``."""
        fractions = self.bounds.information_fractions
        upper = self.bounds.z_bounds
        two_sided = self.bounds.alternative == "two-sided"
        lower = tuple(-c if two_sided else -math.inf for c in upper)
        up, low = crossing_probabilities(fractions, upper, lower, drift)
        return Stopping(drift, tuple(float(u + v) for u, v in zip(up, low, strict=True)), fractions)

    @property
    def null(self) -> Stopping:
        """Stopping under no lift (the alpha spent)."""
        return self.at_drift(0.0)

    @property
    def expected_size_ratio(self) -> float:
        """Expected size under the design drift over the fixed size (rpact ASN1)."""
        return self.inflation_factor * self.at_drift(self.drift).expected_fraction

    @property
    def expected_size_ratio_null(self) -> float:
        """Expected size under no lift over the fixed size (rpact ASN0)."""
        return self.inflation_factor * self.null.expected_fraction

    def drift_fixed_actual(self, power: float) -> float:
        """Fixed test's drift at ``power`` (e.g. the power reached at rounded sizes)."""
        return fixed_drift(self.bounds.alpha, power, self.bounds.alternative)


def fixed_drift(alpha: float, power: float, alternative: str) -> float:
    """Expected z of a single-look test with the given power (two-sided: both tails count).

    Examples:
        >>> round(fixed_drift(0.05, 0.8, "greater"), 6), round(fixed_drift(0.05, 0.8, "two-sided"), 6)
        (2.486475, 2.801582)
    """
    from scipy import optimize, special

    if alternative != "two-sided":
        return float(-special.ndtri(alpha) + special.ndtri(power))
    c = -float(special.ndtri(alpha / 2))

    def gap(d: float) -> float:
        return float(special.ndtr(d - c) + special.ndtr(-c - d)) - power

    return float(optimize.brentq(gap, 0.0, 40.0, xtol=1e-14, rtol=1e-15))


def characteristics(
    fractions: Sequence[float],
    *,
    alpha: float,
    spending: str,
    rho: float | None,
    alternative: str,
    power: float,
) -> Characteristics:
    """Bounds and the drift at which the design reaches ``power`` (cached)."""
    return _characteristics(tuple(fractions), alpha, spending, rho, alternative, power)


@lru_cache(maxsize=128)
def _characteristics(
    fractions: tuple[float, ...],
    alpha: float,
    spending: str,
    rho: float | None,
    alternative: str,
    power: float,
) -> Characteristics:
    from scipy import optimize

    bounds = sequential_bounds(fractions, alpha=alpha, spending=spending, rho=rho, alternative=alternative)
    partial = Characteristics(bounds, fixed_drift(alpha, power, alternative), 0.0, power)

    def gap(d: float) -> float:
        return partial.at_drift(d).cumulative[-1] - power

    # the sequential drift is at least the fixed one (IF ≥ 1) and IF < 4 for every spending function here
    low, high = partial.drift_fixed * (1 - 1e-9), partial.drift_fixed * 2
    drift = float(optimize.brentq(gap, low, high, xtol=1e-11, rtol=1e-14))
    return Characteristics(bounds, partial.drift_fixed, drift, power)

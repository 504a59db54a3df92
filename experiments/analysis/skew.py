"""Skewness of an arm's outcome and Kohavi's rule: when is the t / z approximation not good enough?

Kohavi, Tang & Xu recommend at least ``355 · skewness²`` customers per arm before trusting the normal
approximation of a mean (Boos & Hughes-Oliver's bound on the error of the 95 % interval). Revenue
that is 97 % zeros and log-normal otherwise has a skewness near 26: the rule asks for about 240,000
customers per arm, far more than a typical pilot.

The skewness of any linear combination ``u = Σ w_c · column_c`` (the outcome, a CUPED-adjusted outcome
``y − θ·x``, or a ratio's linearisation ``a − R·b``) comes from sums the engine computes in the same
pass as the means: raw sums of products of three columns. Raw sums cancel when the mean is large
against the spread, so every figure carries the worst-case rounding error of those sums: the rule is
decided from the sums when the error cannot change the verdict, and otherwise from the engine
histogram of the arm (exact centring, one more query).

References:
    Kohavi, Tang & Xu (2020), *Trustworthy Online Controlled Experiments*, §17 ("Kohavi's rule");
    Boos & Hughes-Oliver (2000), The American Statistician 54:121-128; Pébay (2008), Sandia report
    SAND2008-6212 (third-order co-moments).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

import numpy as np

from experiments.analysis.histogram import Histogram
from experiments.analysis.stats import ArmStats

KOHAVI = 355
ROUNDING = 1e-9  # relative rounding error assumed for engine sums of products


def triple(a: str, b: str, c: str) -> tuple[str, str, str]:
    """Canonical (sorted) key of a raw sum of products of three columns."""
    x, y, z = sorted((a, b, c))
    return x, y, z


def _sum2(arm: ArmStats, a: str, b: str) -> float:
    """Raw Σ a·b from the engine's (stable) mean and (co)variance."""
    return (arm.n - 1) * arm.cov(a, b) + arm.n * arm.means[a] * arm.means[b]


def skewness_bounds(arm: ArmStats, weights: Mapping[str, float]) -> tuple[float, float, float]:
    """``(skewness, smallest |skewness|, largest |skewness|)`` of ``u = Σ w·column`` in one arm from the
    engine's raw sums of products, the bounds covering their rounding error (``nan`` when ``u`` is constant).

    Examples:
        Rows 0, 0, 0, 10 (skewness 1.1547):

        >>> arm = ArmStats(n=4, sums={"y": 10.0}, means={"y": 2.5}, variances={"y": 25.0},
        ...                cubes={("y", "y", "y"): 1000.0})
        >>> [round(v, 4) for v in skewness_bounds(arm, {"y": 1.0})]
        [1.1547, 1.1547, 1.1547]

    References:
        Pébay (2008), eq. for central moments from power sums.
    """
    cols = list(weights)
    n = arm.n
    mean = math.fsum(weights[c] * arm.means[c] for c in cols)
    s2 = [weights[a] * weights[b] * _sum2(arm, a, b) for a, b in itertools.product(cols, repeat=2)]
    s3 = [
        weights[a] * weights[b] * weights[c] * arm.cubes[triple(a, b, c)]
        for a, b, c in itertools.product(cols, repeat=3)
    ]
    m2 = (n - 1) * math.fsum(weights[a] * weights[b] * arm.cov(a, b) for a in cols for b in cols)  # stable
    m3 = math.fsum(s3) - 3 * mean * math.fsum(s2) + 2 * n * mean**3
    size = math.fsum(map(abs, s3)) + 3 * abs(mean) * math.fsum(map(abs, s2)) + 2 * n * abs(mean) ** 3
    if not m2 > 0:  # constant outcome: no skewness
        return math.nan, math.nan, math.nan
    if not (math.isfinite(m3) and math.isfinite(size)):  # overflow: nothing can be said from the sums
        return math.nan, 0.0, math.inf
    spread = (m2 / n) ** 1.5 * n
    error = ROUNDING * size
    return m3 / spread, max(abs(m3) - error, 0.0) / spread, (abs(m3) + error) / spread


def histogram_skewness(hist: Histogram, weights: tuple[float, ...]) -> float:
    """Skewness of ``u = Σ w·column`` from an engine histogram (centred exactly; ``nan`` if constant).

    Examples:
        >>> h = Histogram(("y",), {(0,): (3, (0.0,)), (40,): (1, (10.0,))})
        >>> round(histogram_skewness(h, (1.0,)), 4)
        1.1547
    """
    counts, means = hist.atoms()
    u = means @ np.asarray(weights, float)
    n = int(counts.sum())
    centred = u - (counts @ u) / n
    m2 = float(counts @ centred**2) / n
    return float(counts @ centred**3) / n / m2**1.5 if m2 > 0 else math.nan


def kohavi_fails(n: int, skewness: float) -> bool:
    """Whether an arm of ``n`` customers is below Kohavi's ``355 · skewness²``.

    Examples:
        >>> kohavi_fails(2_000, 26.0), kohavi_fails(300_000, 26.0)
        (True, False)
    """
    return not math.isnan(skewness) and n < KOHAVI * skewness * skewness


def verdict(arm: ArmStats, weights: Mapping[str, float]) -> bool | None:
    """Kohavi's rule from the engine sums: ``True`` (fails), ``False`` (holds) or ``None`` (rounding
    makes it undecidable; ask the histogram). A constant outcome never fails it."""
    if not all(triple(a, b, c) in arm.cubes for a, b, c in itertools.product(weights, repeat=3)):
        return None
    skew, low, high = skewness_bounds(arm, weights)
    if math.isnan(low):  # constant outcome
        return False
    if not kohavi_fails(arm.n, high):
        return False
    return True if kohavi_fails(arm.n, low) else None

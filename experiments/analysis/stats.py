"""Sufficient statistics per arm: counts, moments, and the general ``ArmStats`` that add across segments.

Everything the analysis engine needs about an arm fits in a handful of numbers computed by the engine
(count, sum, mean, sample variance, sample covariance). They are frozen dataclasses; ``a + b`` pools two
disjoint groups of customers exactly (Chan et al.'s parallel update of the centred moments), so the
overall arm is the sum of its segments without touching the rows again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from experiments.analysis.histogram import Histogram
from planner_common import InputError, check_finite, check_int, check_nonnegative


def _count(name: str, value: object) -> int:
    return check_int(name, value, minimum=0)


@dataclass(frozen=True, slots=True)
class ArmCounts:
    """Responders out of customers in one arm (the sufficient statistic of a 0/1 outcome).

    Args:
        successes: Customers who responded / converted (whole number, 0 ≤ successes ≤ trials).
        trials: Customers in the arm.

    Examples:
        A pilot mailed 20 000 customers and 600 responded; the control had 100 of 5 000:

        >>> treated, control = ArmCounts(600, 20_000), ArmCounts(100, 5_000)
        >>> treated.rate, control.rate
        (0.03, 0.02)
        >>> (treated + control).trials     # two segments pooled
        25000

    References:
        Sufficient statistics of the binomial model (e.g. Agresti, *Categorical Data Analysis*, §1.2).
    """

    successes: int
    trials: int

    def __post_init__(self) -> None:
        successes, trials = _count("successes", self.successes), _count("trials", self.trials)
        if successes > trials:
            raise InputError(
                "successes_exceed_trials",
                f"successes ({successes}) cannot exceed trials ({trials}): an arm cannot have "
                "more responders than customers.",
                field="successes",
                value=successes,
                trials=trials,
            )
        object.__setattr__(self, "successes", successes)
        object.__setattr__(self, "trials", trials)

    @property
    def rate(self) -> float:
        """``successes / trials`` (``nan`` for an empty arm)."""
        return self.successes / self.trials if self.trials else math.nan

    def __add__(self, other: ArmCounts) -> ArmCounts:
        return ArmCounts(self.successes + other.successes, self.trials + other.trials)


@dataclass(frozen=True, slots=True)
class ArmMoments:
    """Customers, mean and standard deviation of a numeric outcome in one arm.

    Args:
        n: Customers in the arm.
        mean: Mean outcome per customer (e.g. revenue); a finite number.
        std: Sample standard deviation (denominator ``n - 1``), finite and ≥ 0; ``nan`` is accepted
            only when ``n < 2`` (one customer has no spread).

    Examples:
        Revenue per customer in two regions of the treated arm, pooled:

        >>> north, south = ArmMoments(100, 50.0, 10.0), ArmMoments(300, 70.0, 20.0)
        >>> both = north + south
        >>> both.n, both.mean, round(both.std, 4)
        (400, 65.0, 19.9937)

    References:
        Chan, Golub & LeVeque (1979), "Updating formulae and a pairwise algorithm for computing sample
        variances" (pooling of centred moments).
    """

    n: int
    mean: float
    std: float

    def __post_init__(self) -> None:
        n = _count("n", self.n)
        mean = check_finite("mean", self.mean)
        undefined = n < 2 and isinstance(self.std, float) and math.isnan(self.std)
        std = math.nan if undefined else check_nonnegative("std", self.std)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "mean", mean)
        object.__setattr__(self, "std", std)

    def __add__(self, other: ArmMoments) -> ArmMoments:
        n, mean, m2 = _pool(
            self.n, self.mean, _m2(self.n, self.std**2), other.n, other.mean, _m2(other.n, other.std**2)
        )
        return ArmMoments(n, mean, math.sqrt(m2 / (n - 1)) if n > 1 else math.nan)


def _m2(n: int, var: float) -> float:
    """Sum of squared deviations from the mean; a single customer contributes 0."""
    return (n - 1) * var if n > 1 else 0.0


def _pool(
    n_a: int, mean_a: float, m2_a: float, n_b: int, mean_b: float, m2_b: float
) -> tuple[int, float, float]:
    n = n_a + n_b
    if n_a == 0 or n_b == 0:
        return (n, mean_b, m2_b) if n_a == 0 else (n, mean_a, m2_a)
    delta = mean_b - mean_a
    return n, mean_a + delta * n_b / n, m2_a + m2_b + delta * delta * n_a * n_b / n


def pair(a: str, b: str) -> tuple[str, str]:
    """The canonical (sorted) key of a covariance between two columns."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArmStats:
    """Everything the engine computed for one arm (or one arm within one segment).

    Args:
        n: Customers (rows).
        sums: Column → sum (exact integer counts for 0/1 columns).
        means: Column → mean.
        variances: Column → sample variance (denominator ``n - 1``; ``nan`` when ``n < 2``).
        covariances: Sorted column pair → sample covariance (see :func:`pair`).
        cubes: Sorted column triple → raw sum of the products of the three columns (skewness).
        histograms: Metric → the arm's customers binned by value in the engine (permutation tests).
        caps: Capped column → the ``(lower, upper)`` cap values applied in the engine.

    Examples:
        Responded (0/1) in two segments: rows (0, 1) and rows (1, 1, 1):

        >>> a = ArmStats(n=2, sums={"y": 1.0}, means={"y": 0.5}, variances={"y": 0.5})
        >>> b = ArmStats(n=3, sums={"y": 3.0}, means={"y": 1.0}, variances={"y": 0.0})
        >>> total = a + b                                   # the rows 0, 1, 1, 1, 1
        >>> total.n, total.means["y"], round(total.variances["y"], 12)
        (5, 0.8, 0.2)
        >>> total.counts("y")
        ArmCounts(successes=4, trials=5)

    References:
        Chan, Golub & LeVeque (1979); the same pooling as tea-tasting's ``Aggregates.__add__`` and
        GrowthBook's additive sufficient statistics.
    """

    n: int
    sums: Mapping[str, float] = field(default_factory=dict)
    means: Mapping[str, float] = field(default_factory=dict)
    variances: Mapping[str, float] = field(default_factory=dict)
    covariances: Mapping[tuple[str, str], float] = field(default_factory=dict)
    cubes: Mapping[tuple[str, str, str], float] = field(default_factory=dict)
    histograms: Mapping[str, Histogram] = field(default_factory=dict)
    caps: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)

    def var(self, column: str) -> float:
        """Sample variance of ``column``."""
        return self.variances[column]

    def cov(self, a: str, b: str) -> float:
        """Sample covariance of two columns (the variance when ``a == b``)."""
        return self.variances[a] if a == b else self.covariances[pair(a, b)]

    def counts(self, column: str) -> ArmCounts:
        """The 0/1 ``column`` as :class:`ArmCounts`."""
        return ArmCounts(round(self.sums[column]), self.n)

    def moments(self, column: str) -> ArmMoments:
        """The numeric ``column`` as :class:`ArmMoments`."""
        var = self.variances[column]
        return ArmMoments(self.n, self.means[column], math.sqrt(max(var, 0.0)) if var == var else var)

    def __add__(self, other: ArmStats) -> ArmStats:
        n = self.n + other.n
        means, variances, covariances = {}, {}, {}
        for col in self.means:
            _, means[col], m2 = _pool(
                self.n,
                self.means[col],
                _m2(self.n, self.variances[col]),
                other.n,
                other.means[col],
                _m2(other.n, other.variances[col]),
            )
            variances[col] = m2 / (n - 1) if n > 1 else math.nan
        for (a, b), cov in self.covariances.items():
            covariances[(a, b)] = _pool_cov(self, other, a, b, cov) / (n - 1) if n > 1 else math.nan
        sums = {col: self.sums[col] + other.sums[col] for col in self.sums}
        cubes = {key: value + other.cubes[key] for key, value in self.cubes.items() if key in other.cubes}
        histograms = {
            key: hist + other.histograms[key]
            for key, hist in self.histograms.items()
            if key in other.histograms
        }
        return ArmStats(
            n=n,
            sums=sums,
            means=means,
            variances=variances,
            covariances=covariances,
            cubes=cubes,
            histograms=histograms,
            caps={**self.caps, **other.caps},
        )


def _pool_cov(left: ArmStats, right: ArmStats, a: str, b: str, cov_left: float) -> float:
    """Pooled sum of cross-products of deviations of ``a`` and ``b``."""
    if left.n == 0 or right.n == 0:
        side = right if left.n == 0 else left
        return _m2(side.n, side.covariances[(a, b)])
    da = right.means[a] - left.means[a]
    db = right.means[b] - left.means[b]
    return (
        _m2(left.n, cov_left)
        + _m2(right.n, right.covariances[(a, b)])
        + da * db * left.n * right.n / (left.n + right.n)
    )


def check_arm_stats(name: str, arm: object) -> ArmStats:
    """``arm`` must be a non-empty :class:`ArmStats` (code ``empty_arm`` otherwise)."""
    if not isinstance(arm, ArmStats):
        raise InputError(
            "bad_arm",
            f"{name} must be ArmStats, got {type(arm).__name__}.",
            field=name,
            value=type(arm).__name__,
        )
    if arm.n == 0:
        raise InputError(
            "empty_arm",
            f"The {name} group has no customers: there is nothing to compare "
            "against, so no incremental effect can be measured.",
            field=name,
            value=0,
        )
    return arm

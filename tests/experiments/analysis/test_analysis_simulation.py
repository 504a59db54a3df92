"""Seeded simulation studies: A/A false-positive rate ≈ alpha and interval coverage ≈ 95 %.

Oracle: simulation (GrowthBook-style). With k simulated pilots the observed rate has a binomial
standard error sqrt(p (1 - p) / k); each check allows 3.5 of them (a seeded run, so no flakiness).
"""

from __future__ import annotations

import math

import numpy as np

from experiments import ArmCounts, ArmMoments, ArmStats, compare_means, compare_proportions
from experiments.analysis import compare_means_cuped, compare_ratios


def within(rate: float, target: float, k: int) -> bool:
    return abs(rate - target) <= 3.5 * math.sqrt(target * (1 - target) / k)


def test_aa_false_positive_rate_and_coverage_for_rates() -> None:
    """3 000 A/A pilots at 3 % response (2 000 + 6 000 customers): z test rejects ≈ 5 %; Newcombe and
    Agresti–Caffo intervals cover 0 ≈ 95 %; the log-ratio interval covers a relative lift of 0."""
    rng = np.random.default_rng(1)
    k = 3000
    xc, xt = rng.binomial(2000, 0.03, k), rng.binomial(6000, 0.03, k)
    reject = cover_nc = cover_ac = cover_rel = 0
    for c, t in zip(xc, xt, strict=True):
        r = compare_proportions(ArmCounts(int(c), 2000), ArmCounts(int(t), 6000))
        ac = compare_proportions(ArmCounts(int(c), 2000), ArmCounts(int(t), 6000), ci_method="agresti-caffo")
        reject += r.pvalue < 0.05
        cover_nc += r.effect_size_ci_lower <= 0 <= r.effect_size_ci_upper
        cover_ac += ac.effect_size_ci_lower <= 0 <= ac.effect_size_ci_upper
        cover_rel += r.rel_effect_size_ci_lower <= 0 <= r.rel_effect_size_ci_upper
    assert within(reject / k, 0.05, k)
    for covered in (cover_nc, cover_ac, cover_rel):
        assert within(covered / k, 0.95, k)


def test_coverage_of_a_real_lift_for_rates() -> None:
    """2 % → 3 % with 5 000 / 20 000 customers: intervals cover the true lift (1 pp, +50 %) ≈ 95 %."""
    rng = np.random.default_rng(2)
    k = 2000
    xc, xt = rng.binomial(5000, 0.02, k), rng.binomial(20000, 0.03, k)
    hits = np.array(
        [
            (
                r.effect_size_ci_lower <= 0.01 <= r.effect_size_ci_upper,
                r.rel_effect_size_ci_lower <= 0.5 <= r.rel_effect_size_ci_upper,
            )
            for r in (
                compare_proportions(ArmCounts(int(c), 5000), ArmCounts(int(t), 20000))
                for c, t in zip(xc, xt, strict=True)
            )
        ]
    )
    assert within(hits[:, 0].mean(), 0.95, k) and within(hits[:, 1].mean(), 0.95, k)


def test_aa_and_coverage_for_skewed_revenue() -> None:
    """Log-normal revenue (skewed, 1 000 + 2 000 customers), 1 200 A/A pilots: Welch rejects ≈ 5 %,
    the absolute and the relative (delta, log scale) intervals cover 0 ≈ 95 %."""
    rng = np.random.default_rng(3)
    k = 1200
    c, t = rng.lognormal(3, 1, (k, 1000)), rng.lognormal(3, 1, (k, 2000))
    reject = cover = cover_rel = 0
    for i in range(k):
        r = compare_means(
            ArmMoments(1000, c[i].mean(), c[i].std(ddof=1)), ArmMoments(2000, t[i].mean(), t[i].std(ddof=1))
        )
        reject += r.pvalue < 0.05
        cover += r.effect_size_ci_lower <= 0 <= r.effect_size_ci_upper
        cover_rel += r.rel_effect_size_ci_lower <= 0 <= r.rel_effect_size_ci_upper
    assert within(reject / k, 0.05, k) and within(cover / k, 0.95, k) and within(cover_rel / k, 0.95, k)


def arm_stats(cols: dict[str, np.ndarray]) -> list[ArmStats]:
    """ArmStats of every pilot from (pilots × customers) matrices (numpy, vectorised over pilots)."""
    names = sorted(cols)
    n = cols[names[0]].shape[1]
    means = {k: v.mean(axis=1) for k, v in cols.items()}
    centred = {k: v - means[k][:, None] for k, v in cols.items()}
    var = {k: (c * c).sum(axis=1) / (n - 1) for k, c in centred.items()}
    cov = {
        (a, b): (centred[a] * centred[b]).sum(axis=1) / (n - 1)
        for j, a in enumerate(names)
        for b in names[j + 1 :]
    }
    return [
        ArmStats(
            n=n,
            sums={k: float(means[k][i] * n) for k in names},
            means={k: float(means[k][i]) for k in names},
            variances={k: float(var[k][i]) for k in names},
            covariances={key: float(v[i]) for key, v in cov.items()},
        )
        for i in range(cols[names[0]].shape[0])
    ]


def simulate_arm(rng: np.random.Generator, k: int, n: int, lift: float) -> dict[str, np.ndarray]:
    x = rng.gamma(2.0, 20.0, (k, n))
    conv = (rng.random((k, n)) < 0.1).astype(float)
    value = rng.gamma(2.0, 30.0, (k, n))
    return {
        "y": 0.7 * x + lift + rng.normal(0, 10, (k, n)) + conv * value,
        "x": x,
        "conv": conv,
        "rev": conv * value,
    }


def test_cuped_and_ratio_coverage() -> None:
    """1 000 pilots with a true revenue lift of 2.0 and an unchanged revenue per converter: CUPED covers
    the lift ≈ 95 % and is unbiased; the delta-method ratio interval covers 0 ≈ 95 %."""
    rng = np.random.default_rng(4)
    k = 1000
    control, treated = simulate_arm(rng, k, 600, 0.0), simulate_arm(rng, k, 1200, 2.0)
    cover = cover_ratio = 0
    estimates = []
    for c, t in zip(arm_stats(control), arm_stats(treated), strict=True):
        r = compare_means_cuped(c, t, "y", "x")
        q = compare_ratios(c, t, "rev", "conv")
        estimates.append(r.effect_size)
        cover += r.effect_size_ci_lower <= 2.0 <= r.effect_size_ci_upper
        cover_ratio += q.effect_size_ci_lower <= 0 <= q.effect_size_ci_upper
    assert within(cover / k, 0.95, k) and within(cover_ratio / k, 0.95, k)
    assert abs(np.mean(estimates) - 2.0) < 3.5 * np.std(estimates) / math.sqrt(k)

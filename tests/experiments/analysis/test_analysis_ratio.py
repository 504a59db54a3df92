"""Ratio of means (revenue per converter) against an independent delta-method computation and a bootstrap.

Oracles: the delta method written here from raw numpy arrays as gradient' · Σ · gradient / n with
``np.cov`` (a different route from the engine's closed form); a seeded percentile-free bootstrap of the
ratio's standard error; closed-form identities (ratio of sums = ratio of means).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from experiments import ArmStats
from experiments.analysis import compare_ratios
from experiments.analysis.ratio import ratio_and_se


def arm_stats(num: np.ndarray, den: np.ndarray) -> ArmStats:
    return ArmStats(
        n=num.size,
        sums={"rev": num.sum(), "conv": den.sum()},
        means={"rev": num.mean(), "conv": den.mean()},
        variances={"rev": num.var(ddof=1), "conv": den.var(ddof=1)},
        covariances={("conv", "rev"): np.cov(num, den, ddof=1)[0, 1]},
    )


def simulate(
    rng: np.random.Generator, n: int, rate: float, mean_value: float
) -> tuple[np.ndarray, np.ndarray]:
    conv = (rng.random(n) < rate).astype(float)
    return conv * rng.gamma(2.0, mean_value / 2, n), conv


def delta_se(num: np.ndarray, den: np.ndarray) -> float:
    """Var(ā/b̄) ≈ ∇' Σ ∇ / n with ∇ = (1/b̄, -ā/b̄²)."""
    grad = np.array([1 / den.mean(), -num.mean() / den.mean() ** 2])
    return math.sqrt(grad @ np.cov(np.vstack([num, den]), ddof=1) @ grad / num.size)


@pytest.fixture(scope="module")
def arms() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(2024)
    return {"c": simulate(rng, 4000, 0.05, 120.0), "t": simulate(rng, 12000, 0.06, 130.0)}


def test_matches_an_independent_delta_method(arms: dict) -> None:
    """Delta method from raw arrays (gradient and covariance matrix) – z test and intervals."""
    r = compare_ratios(arm_stats(*arms["c"]), arm_stats(*arms["t"]), "rev", "conv")
    (nc, dc), (nt, dt) = arms["c"], arms["t"]
    se_c, se_t = delta_se(nc, dc), delta_se(nt, dt)
    ratio_c, ratio_t = nc.sum() / dc.sum(), nt.sum() / dt.sum()
    se = math.hypot(se_c, se_t)
    z = stats.norm.ppf(0.975)
    assert (r.control, r.treatment) == pytest.approx((ratio_c, ratio_t), rel=1e-12)
    assert r.std_error == pytest.approx(se, rel=1e-9)
    assert r.effect_size_ci_lower == pytest.approx(ratio_t - ratio_c - z * se, rel=1e-9)
    assert r.pvalue == pytest.approx(2 * stats.norm.sf(abs(ratio_t - ratio_c) / se), rel=1e-8)
    se_log = math.hypot(se_c / ratio_c, se_t / ratio_t)
    assert r.rel_effect_size_ci_upper == pytest.approx(
        math.exp(math.log(ratio_t / ratio_c) + z * se_log) - 1, rel=1e-9
    )


def test_standard_error_agrees_with_a_bootstrap(arms: dict) -> None:
    """Seeded bootstrap (400 resamples) of Σ rev / Σ conv: SE within 10 % of the delta method."""
    num, den = arms["t"]
    rng = np.random.default_rng(99)
    idx = rng.integers(0, num.size, (400, num.size))
    boot = num[idx].sum(axis=1) / den[idx].sum(axis=1)
    _, se = ratio_and_se(arm_stats(num, den), "rev", "conv")
    assert se == pytest.approx(boot.std(ddof=1), rel=0.10)


def test_zero_denominator_is_undefined_with_a_note() -> None:
    """No converters in the control: ratio nan, note (undefined maths → nan, not an error)."""
    zeros = np.zeros(200)
    rng = np.random.default_rng(1)
    r = compare_ratios(arm_stats(zeros, zeros), arm_stats(*simulate(rng, 200, 0.3, 50.0)), "rev", "conv")
    assert math.isnan(r.control) and math.isnan(r.effect_size)
    assert any(n.code == "zero_denominator" for n in r.notes)

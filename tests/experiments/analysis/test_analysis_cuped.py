"""CUPED against statsmodels OLS on the same data (y ~ treat + (x - mean x)) and scipy's Welch test.

Oracles: statsmodels ``OLS`` (independent library) for the adjusted effect, theta and – with
``equal_var=True`` – the classical standard error, interval and p-value; scipy ``ttest_ind`` (Welch)
on the adjusted outcome ``y - theta (x - x̄)`` for the default; numpy for the arm statistics.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from experiments import ArmStats
from experiments.analysis import compare_means_cuped


def arm_stats(y: np.ndarray, x: np.ndarray) -> ArmStats:
    return ArmStats(
        n=y.size,
        sums={"y": y.sum(), "x": x.sum()},
        means={"y": y.mean(), "x": x.mean()},
        variances={"y": y.var(ddof=1), "x": x.var(ddof=1)},
        covariances={("x", "y"): np.cov(x, y, ddof=1)[0, 1]},
    )


@pytest.fixture(scope="module")
def pilot() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(11)
    n_c, n_t = 1500, 4500
    x = rng.gamma(2.0, 20.0, n_c + n_t)
    treat = np.r_[np.zeros(n_c), np.ones(n_t)]
    y = 5 + 0.8 * x + 2.5 * treat + rng.normal(0, 15 + 5 * treat, n_c + n_t)
    return {"x": x, "y": y, "treat": treat}


def ols(pilot: dict[str, np.ndarray]):
    design = sm.add_constant(np.column_stack([pilot["treat"], pilot["x"] - pilot["x"].mean()]))
    return sm.OLS(pilot["y"], design).fit()


def split(pilot: dict[str, np.ndarray]) -> tuple[ArmStats, ArmStats]:
    c, t = pilot["treat"] == 0, pilot["treat"] == 1
    return arm_stats(pilot["y"][c], pilot["x"][c]), arm_stats(pilot["y"][t], pilot["x"][t])


def test_pooled_cuped_is_statsmodels_ols(pilot: dict) -> None:
    """statsmodels OLS y ~ treat + (x - x̄): coefficient, theta, classical SE, 95 % CI and p-value."""
    fit = ols(pilot)
    r = compare_means_cuped(*split(pilot), "y", "x", equal_var=True)
    assert r.effect_size == pytest.approx(fit.params[1], rel=1e-9)
    assert r.theta == pytest.approx(fit.params[2], rel=1e-9)
    assert r.std_error == pytest.approx(fit.bse[1], rel=1e-9)
    assert r.df == fit.df_resid
    low, upp = fit.conf_int(0.05)[1]
    assert r.effect_size_ci_lower == pytest.approx(low, rel=1e-9)
    assert r.effect_size_ci_upper == pytest.approx(upp, rel=1e-9)
    assert r.pvalue == pytest.approx(fit.pvalues[1], rel=1e-8)
    assert r.control == pytest.approx(fit.params[0], rel=1e-9)  # adjusted control mean = intercept


def test_welch_cuped_is_welch_on_the_adjusted_outcome(pilot: dict) -> None:
    """Point estimate = OLS coefficient; interval and p-value = scipy Welch test on y - θ̂(x - x̄),
    θ̂ taken from statsmodels; the SE agrees with OLS HC2 robust errors to 1 %."""
    fit = ols(pilot)
    theta = fit.params[2]
    adjusted = pilot["y"] - theta * (pilot["x"] - pilot["x"].mean())
    c, t = adjusted[pilot["treat"] == 0], adjusted[pilot["treat"] == 1]
    welch = stats.ttest_ind(t, c, equal_var=False)
    low, upp = welch.confidence_interval(0.95)
    r = compare_means_cuped(*split(pilot), "y", "x")
    assert r.effect_size == pytest.approx(fit.params[1], rel=1e-9)
    assert r.statistic == pytest.approx(welch.statistic, rel=1e-9)
    assert r.pvalue == pytest.approx(welch.pvalue, rel=1e-8)
    assert (r.effect_size_ci_lower, r.effect_size_ci_upper) == pytest.approx((low, upp), rel=1e-9)
    robust = ols(pilot).get_robustcov_results("HC2")
    assert r.std_error == pytest.approx(robust.bse[1], rel=0.01)
    assert r.control == pytest.approx(c.mean(), rel=1e-10) and r.treatment == pytest.approx(
        t.mean(), rel=1e-10
    )


def test_variance_reduction_is_the_squared_correlation_when_theta_is_shared(pilot: dict) -> None:
    """Closed form: with one common theta and equal arm variances the reduction ≈ within-arm corr²."""
    r = compare_means_cuped(*split(pilot), "y", "x")
    corr = np.corrcoef(pilot["x"][pilot["treat"] == 0], pilot["y"][pilot["treat"] == 0])[0, 1]
    assert 0 < r.variance_reduction < 1
    assert r.variance_reduction == pytest.approx(corr**2, abs=0.05)


def test_constant_covariate_means_no_adjustment() -> None:
    """theta = 0 when x does not vary: the unadjusted Welch test, with a note."""
    rng = np.random.default_rng(5)
    y_c, y_t = rng.normal(10, 2, 300), rng.normal(11, 2, 300)
    one = np.ones(300)
    r = compare_means_cuped(arm_stats(y_c, one), arm_stats(y_t, one), "y", "x")
    welch = stats.ttest_ind(y_t, y_c, equal_var=False)
    assert r.theta == 0 and r.pvalue == pytest.approx(welch.pvalue, rel=1e-9)
    assert any(n.code == "constant_covariate" for n in r.notes)

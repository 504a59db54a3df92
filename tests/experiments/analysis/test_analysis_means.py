"""compare_means against R t.test (Welch and pooled) from stored summary statistics.

Oracles: R 4.2 ``t.test`` run on data simulated in R with ``set.seed(20240601)``; the summary
statistics (length, mean, sd) and R's outputs are pasted in ``r_reference_analysis.py`` with the calls.
scipy ``ttest_ind_from_stats`` as a second independent library; closed-form properties.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from r_reference_analysis import T_TEST
from scipy import stats

from experiments import ArmMoments, compare_means
from planner_common import InputError

REL = 1e-8


def close(a: float, b: float) -> bool:
    return a == b if math.isinf(b) else a == pytest.approx(b, rel=REL)


@pytest.mark.parametrize("case", T_TEST, ids=lambda c: f"{c['n_t']}v{c['n_c']}-{c['alternative']}")
@pytest.mark.parametrize("key, equal_var", [("welch", False), ("pooled", True)])
def test_matches_r_t_test(case: dict, key: str, equal_var: bool) -> None:
    """R: t.test(x, y, alternative, conf.level, var.equal = FALSE / TRUE) with x = treatment."""
    r = compare_means(
        ArmMoments(case["n_c"], case["mean_c"], case["sd_c"]),
        ArmMoments(case["n_t"], case["mean_t"], case["sd_t"]),
        alpha=case["alpha"],
        alternative=case["alternative"],
        equal_var=equal_var,
    )
    expected = case[key]
    assert (
        close(r.statistic, expected["t"]) and close(r.df, expected["df"]) and close(r.pvalue, expected["p"])
    )
    assert close(r.effect_size_ci_lower, expected["ci"][0]) and close(
        r.effect_size_ci_upper, expected["ci"][1]
    )


@pytest.mark.parametrize("equal_var", [False, True])
def test_matches_scipy_from_stats(equal_var: bool) -> None:
    """scipy.stats.ttest_ind_from_stats (independent library)."""
    c, t = ArmMoments(1000, 48.0, 38.0), ArmMoments(4000, 52.0, 40.0)
    r = compare_means(c, t, equal_var=equal_var)
    ref = stats.ttest_ind_from_stats(52.0, 40.0, 4000, 48.0, 38.0, 1000, equal_var=equal_var)
    assert r.statistic == pytest.approx(ref.statistic, rel=REL) and r.pvalue == pytest.approx(
        ref.pvalue, rel=REL
    )


def test_relative_interval_is_the_log_scale_delta_method() -> None:
    """Closed form written here from raw arrays: exp(ln(m_T/m_C) ± t·sqrt(s_T²/(n_T m_T²) + s_C²/(n_C m_C²))) - 1."""
    rng = np.random.default_rng(7)
    x, y = rng.gamma(2.0, 30.0, 3000), rng.gamma(2.0, 27.0, 1500)
    r = compare_means(
        ArmMoments(y.size, y.mean(), y.std(ddof=1)), ArmMoments(x.size, x.mean(), x.std(ddof=1))
    )
    se = math.sqrt(x.var(ddof=1) / (x.size * x.mean() ** 2) + y.var(ddof=1) / (y.size * y.mean() ** 2))
    q = stats.t.ppf(0.975, r.df)
    centre = math.log(x.mean() / y.mean())
    assert r.rel_effect_size == pytest.approx(x.mean() / y.mean() - 1, rel=1e-12)
    assert r.rel_effect_size_ci_lower == pytest.approx(math.expm1(centre - q * se), rel=1e-10)
    assert r.rel_effect_size_ci_upper == pytest.approx(math.expm1(centre + q * se), rel=1e-10)


def test_non_positive_control_mean_leaves_relative_lift_undefined() -> None:
    """Undefined maths → nan, with a note."""
    r = compare_means(ArmMoments(500, -2.0, 5.0), ArmMoments(500, 1.0, 5.0))
    assert math.isnan(r.rel_effect_size) and math.isnan(r.rel_effect_size_ci_lower)
    assert any(n.code == "nonpositive_level" for n in r.notes)


def test_small_arms_are_flagged() -> None:
    """Rule of the issue: fewer than 100 customers per arm → "insufficient data"."""
    r = compare_means(ArmMoments(99, 10.0, 5.0), ArmMoments(500, 11.0, 5.0))
    assert any(n.code == "insufficient_customers" for n in r.notes)


def test_arm_moments_pool_like_numpy() -> None:
    """ArmMoments + ArmMoments equals the moments of the concatenated sample (numpy)."""
    rng = np.random.default_rng(3)
    a, b = rng.normal(5, 2, 37), rng.normal(9, 4, 81)
    both = ArmMoments(a.size, a.mean(), a.std(ddof=1)) + ArmMoments(b.size, b.mean(), b.std(ddof=1))
    joined = np.concatenate([a, b])
    assert both.n == joined.size
    assert both.mean == pytest.approx(joined.mean(), rel=1e-12)
    assert both.std == pytest.approx(joined.std(ddof=1), rel=1e-12)


@pytest.mark.parametrize(
    "control, code", [(ArmMoments(0, 0.0, math.nan), "empty_arm"), ((10, 1.0, 1.0), "bad_arm")]
)
def test_bad_arms(control: object, code: str) -> None:
    """Boundary checks: empty control group, wrong type."""
    with pytest.raises(InputError) as err:
        compare_means(control, ArmMoments(10, 1.0, 1.0))
    assert err.value.code == code


@pytest.mark.parametrize(
    "args, code",
    [((10, 1.0, -1.0), "negative"), ((10, "a", 1.0), "not_a_number"), ((-3, 1.0, 1.0), "too_small")],
)
def test_arm_moments_checks(args: tuple, code: str) -> None:
    """ArmMoments: std ≥ 0, numeric mean, non-negative n."""
    with pytest.raises(InputError) as err:
        ArmMoments(*args)
    assert err.value.code == code

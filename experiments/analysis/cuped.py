"""CUPED: a difference of means adjusted with a pre-period covariate (e.g. last quarter's revenue).

Estimator (everything from per-arm counts, means, variances and the covariance, never raw rows):

* ``theta`` is the pooled *within-arm* regression slope of the outcome ``y`` on the covariate ``x``:
  ``theta = Σ_g (n_g - 1) cov_g(y, x) / Σ_g (n_g - 1) var_g(x)`` over the two arms — the slope of the
  regression ``y ~ treat + x`` (0 when ``x`` does not vary).
* Adjusted arm means: ``ȳ_g - theta · (x̄_g - x̄)`` with ``x̄`` the mean of ``x`` over both arms, so the
  adjusted effect is ``(ȳ_T - ȳ_C) - theta · (x̄_T - x̄_C)``: the coefficient of ``treat`` in the OLS fit
  ``y ~ treat + (x - x̄)``.
* ``equal_var=False`` (default): Welch t test on the adjusted outcome ``y - theta (x - x̄)``, whose
  within-arm variance is ``var(y) + theta² var(x) - 2 theta cov(y, x)`` (Deng et al. 2013; theta is
  treated as known, as usual).
* ``equal_var=True``: the classical OLS (ANCOVA) standard error of that coefficient,
  ``σ̂² (1/n_C + 1/n_T + (x̄_T - x̄_C)² / S_xx)`` with ``σ̂² = (S_yy - theta S_xy) / (n_C + n_T - 3)``
  (within-arm sums of squares), and t with ``n_C + n_T - 3`` degrees of freedom: exactly statsmodels'
  ``OLS(y ~ treat + (x - x̄))``.

The relative lift is adjusted treatment mean / adjusted control mean - 1, with the delta-method log-scale
interval of :func:`experiments.analysis.means.compare_means`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from experiments.analysis._common import bounds, check_test_options, log_ratio, no_spread, pvalue, safe_div
from experiments.analysis.means import log_se, size_notes, spread_notes, welch_se_df
from experiments.analysis.notes import Note
from experiments.analysis.stats import ArmStats, check_arm_stats


@dataclass(frozen=True, slots=True, kw_only=True)
class CupedResult:
    """Covariate-adjusted (CUPED) comparison of two means.

    Attributes:
        control, treatment: Adjusted means ``ȳ_g - theta (x̄_g - x̄)``.
        control_unadjusted, treatment_unadjusted: Plain arm means of the outcome.
        effect_size, effect_size_ci_lower, effect_size_ci_upper: Adjusted difference and its interval.
        rel_effect_size, rel_effect_size_ci_lower, rel_effect_size_ci_upper: Adjusted relative lift.
        pvalue, statistic, std_error, df: The t test of the adjusted difference.
        theta: Pooled within-arm slope of the outcome on the covariate.
        variance_reduction: ``1 - std_error² / (unadjusted Welch std_error)²`` (share of variance removed).
        n_control, n_treatment, column, covariate, alpha, alternative, equal_var: Echoed inputs.
        notes: Caveats.
    """

    control: float
    treatment: float
    control_unadjusted: float
    treatment_unadjusted: float
    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    rel_effect_size_ci_lower: float
    rel_effect_size_ci_upper: float
    pvalue: float
    statistic: float
    std_error: float
    df: float
    theta: float
    variance_reduction: float
    n_control: int
    n_treatment: int
    column: str
    covariate: str
    alpha: float
    alternative: str
    equal_var: bool
    notes: tuple[str, ...] = ()


def compare_means_cuped(
    control: ArmStats,
    treatment: ArmStats,
    column: str,
    covariate: str,
    *,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    equal_var: bool = False,
) -> CupedResult:
    """Compare the mean of ``column`` between arms, adjusted for the pre-period ``covariate``.

    Args:
        control: Engine statistics of the control arm (means, variances, covariance of both columns).
        treatment: The same for the treated arm.
        column: Outcome, e.g. ``"revenue"``.
        covariate: Pre-period version of the outcome, e.g. ``"revenue_before"``.
        alpha, alternative: As in :func:`compare_means`.
        equal_var: Classical OLS standard error instead of Welch on the adjusted outcome.

    Returns:
        A :class:`CupedResult`.

    Examples:
        Revenue after vs before the campaign, summarised per arm:

        >>> def arm(n, my, mx, vy, vx, cxy):
        ...     return ArmStats(n=n, means={"y": my, "x": mx}, variances={"y": vy, "x": vx},
        ...                     covariances={("x", "y"): cxy})
        >>> r = compare_means_cuped(arm(5_000, 50.0, 40.0, 900.0, 800.0, 640.0),
        ...                         arm(5_000, 53.0, 40.5, 900.0, 800.0, 640.0), "y", "x")
        >>> r.theta, r.effect_size
        (0.8, 2.6)
        >>> round(r.variance_reduction, 3)                 # corr² = 640² / (900 · 800)
        0.569

    References:
        Deng, Xu, Kohavi & Walker (2013), "Improving the Sensitivity of Online Controlled Experiments by
        Utilizing Pre-Experiment Data" (WSDM); Lin (2013), Annals of Applied Statistics 7:295-318.
    """
    alpha, alternative = check_test_options(alpha, alternative)
    c, t = check_arm_stats("control", control), check_arm_stats("treatment", treatment)
    sxx = (c.n - 1) * c.var(covariate) + (t.n - 1) * t.var(covariate)
    sxy = (c.n - 1) * c.cov(column, covariate) + (t.n - 1) * t.cov(column, covariate)
    theta = cuped_theta(c, t, column, covariate)
    x_bar = (c.n * c.means[covariate] + t.n * t.means[covariate]) / (c.n + t.n)
    adj_c, adj_t = (arm.means[column] - theta * (arm.means[covariate] - x_bar) for arm in (c, t))
    var_c, var_t = (_adjusted_var(arm, column, covariate, theta) for arm in (c, t))
    if equal_var:
        syy = (c.n - 1) * c.var(column) + (t.n - 1) * t.var(column)
        df = float(c.n + t.n - 3)
        sigma2 = safe_div(syy - theta * sxy, df)
        dx = t.means[covariate] - c.means[covariate]
        se = math.sqrt(sigma2 * (1 / c.n + 1 / t.n + (safe_div(dx * dx, sxx) if sxx > 0 else 0.0)))
        var_c = var_t = sigma2
    else:
        se, df = welch_se_df(var_c / c.n, c.n, var_t / t.n, t.n)
    effect = adj_t - adj_c
    statistic = safe_div(effect, se)
    if no_spread(se):
        df = math.nan
    lower, upper = bounds(effect, se, alpha, alternative, df)
    rel, rel_lower, rel_upper = log_ratio(
        adj_t, adj_c, log_se(adj_t, var_t / t.n, adj_c, var_c / c.n), alpha, alternative, df
    )
    raw_se, _ = welch_se_df(c.var(column) / c.n, c.n, t.var(column) / t.n, t.n)
    notes = size_notes(c.n, t.n, adj_c, adj_t) + spread_notes(se)
    if sxx <= 0:
        notes += (Note.make("constant_covariate", column=covariate),)
    else:
        plain = {"control": c.means[column], "treatment": t.means[column]}
        notes += (Note.make("cuped_adjusted", column=column, covariate=covariate, **plain),)
    return CupedResult(
        control=adj_c,
        treatment=adj_t,
        control_unadjusted=c.means[column],
        treatment_unadjusted=t.means[column],
        effect_size=effect,
        effect_size_ci_lower=lower,
        effect_size_ci_upper=upper,
        rel_effect_size=rel,
        rel_effect_size_ci_lower=rel_lower,
        rel_effect_size_ci_upper=rel_upper,
        pvalue=pvalue(statistic, alternative, df),
        statistic=statistic,
        std_error=se,
        df=df,
        theta=theta,
        variance_reduction=1 - safe_div(se * se, raw_se * raw_se),
        n_control=c.n,
        n_treatment=t.n,
        column=column,
        covariate=covariate,
        alpha=alpha,
        alternative=alternative,
        equal_var=bool(equal_var),
        notes=notes,
    )


def cuped_theta(control: ArmStats, treatment: ArmStats, column: str, covariate: str) -> float:
    """Pooled within-arm slope of ``column`` on ``covariate`` (0 when the covariate does not vary).

    Examples:
        >>> arm = ArmStats(n=101, means={"y": 5.0, "x": 2.0}, variances={"y": 9.0, "x": 4.0},
        ...                covariances={("x", "y"): 2.0})
        >>> cuped_theta(arm, arm, "y", "x")
        0.5

    References:
        Deng, Xu, Kohavi & Walker (2013), WSDM (theta = cov(y, x) / var(x)).
    """
    sxx = (control.n - 1) * control.var(covariate) + (treatment.n - 1) * treatment.var(covariate)
    sxy = (control.n - 1) * control.cov(column, covariate) + (treatment.n - 1) * treatment.cov(
        column, covariate
    )
    return safe_div(sxy, sxx) if sxx > 0 else 0.0


def _adjusted_var(arm: ArmStats, column: str, covariate: str, theta: float) -> float:
    """Within-arm sample variance of ``y - theta x``."""
    return arm.var(column) + theta * theta * arm.var(covariate) - 2 * theta * arm.cov(column, covariate)

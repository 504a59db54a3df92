"""Ratio of means (e.g. revenue per converter, conversions per responder) by the delta method.

For one arm with per-customer numerator ``a`` and denominator ``b``, the ratio is
``R = ā / b̄ = Σa / Σb`` and its variance by the delta method is
``Var(R) ≈ (var(a) - 2 R cov(a, b) + R² var(b)) / (n b̄²)``. The difference ``R_T - R_C`` uses a normal
(z) test with ``se = sqrt(Var(R_T) + Var(R_C))``; the relative lift uses the log scale,
``se_log = sqrt(Var(R_T)/R_T² + Var(R_C)/R_C²)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from experiments.analysis._common import bounds, check_test_options, log_ratio, no_spread, pvalue, safe_div
from experiments.analysis.means import MIN_CUSTOMERS, spread_notes
from experiments.analysis.notes import Note
from experiments.analysis.stats import ArmStats, check_arm_stats

MIN_DENOMINATOR = 25


@dataclass(frozen=True, slots=True, kw_only=True)
class RatioResult:
    """Comparison of two ratios of means.

    Attributes:
        control, treatment: ``Σ numerator / Σ denominator`` in each arm.
        effect_size, effect_size_ci_lower, effect_size_ci_upper: Difference of the ratios and its interval.
        rel_effect_size, rel_effect_size_ci_lower, rel_effect_size_ci_upper: Relative lift (log scale).
        pvalue, statistic, std_error: z test of the difference.
        std_error_control, std_error_treatment: Delta-method standard errors of each ratio.
        n_control, n_treatment, denominator_control, denominator_treatment: Customers and denominator sums.
        numerator, denominator, alpha, alternative: Echoed inputs.
        notes: Caveats.
    """

    control: float
    treatment: float
    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    rel_effect_size_ci_lower: float
    rel_effect_size_ci_upper: float
    pvalue: float
    statistic: float
    std_error: float
    std_error_control: float
    std_error_treatment: float
    n_control: int
    n_treatment: int
    denominator_control: float
    denominator_treatment: float
    numerator: str
    denominator: str
    alpha: float
    alternative: str
    notes: tuple[str, ...] = ()


def ratio_and_se(arm: ArmStats, numerator: str, denominator: str) -> tuple[float, float]:
    """``(ā / b̄, delta-method standard error)`` of one arm.

    Examples:
        Revenue per converter: 1 000 customers, mean revenue 6.0, mean conversions 0.05:

        >>> arm = ArmStats(n=1_000, means={"rev": 6.0, "conv": 0.05},
        ...                variances={"rev": 900.0, "conv": 0.0475}, covariances={("conv", "rev"): 5.7})
        >>> [round(v, 3) for v in ratio_and_se(arm, "rev", "conv")]
        [120.0, 9.295]

    References:
        Deng, Knoblich & Lu (2018), "Applying the Delta Method in Metric Analytics" (KDD).
    """
    mean_a, mean_b = arm.means[numerator], arm.means[denominator]
    ratio = safe_div(mean_a, mean_b)
    var = (
        arm.var(numerator)
        - 2 * ratio * arm.cov(numerator, denominator)
        + ratio * ratio * arm.var(denominator)
    )
    return ratio, math.sqrt(max(safe_div(var, arm.n * mean_b * mean_b), 0.0))


def compare_ratios(
    control: ArmStats,
    treatment: ArmStats,
    numerator: str,
    denominator: str,
    *,
    alpha: float = 0.05,
    alternative: str = "two-sided",
) -> RatioResult:
    """Compare ``Σ numerator / Σ denominator`` between the arms (delta method, z test).

    Args:
        control: Engine statistics of the control arm (means, variances, covariance of both columns).
        treatment: The same for the treated arm.
        numerator: Column summed on top, e.g. ``"revenue"``.
        denominator: Column summed below, e.g. ``"converted"`` (revenue per converter).
        alpha, alternative: As in :func:`compare_means`.

    Returns:
        A :class:`RatioResult`.

    Examples:
        >>> def arm(n, rev, conv, cov):
        ...     return ArmStats(n=n, means={"rev": rev, "conv": conv},
        ...                     variances={"rev": 900.0, "conv": conv * (1 - conv)},
        ...                     covariances={("conv", "rev"): cov})
        >>> r = compare_ratios(arm(1_000, 6.0, 0.05, 5.7), arm(4_000, 7.2, 0.055, 6.8), "rev", "conv")
        >>> round(r.control, 2), round(r.treatment, 2), round(r.effect_size, 2)
        (120.0, 130.91, 10.91)

    References:
        Deng, Knoblich & Lu (2018), KDD; tea-tasting's ``RatioOfMeans``.
    """
    alpha, alternative = check_test_options(alpha, alternative)
    c, t = check_arm_stats("control", control), check_arm_stats("treatment", treatment)
    ratio_c, se_c = ratio_and_se(c, numerator, denominator)
    ratio_t, se_t = ratio_and_se(t, numerator, denominator)
    effect, se = ratio_t - ratio_c, math.hypot(se_c, se_t)
    statistic = safe_div(effect, se)
    df = math.nan if no_spread(se) else None  # nan: undefined test and interval, never p = 0 or 1
    lower, upper = bounds(effect, se, alpha, alternative, df)
    se_log = (
        math.sqrt((se_t / ratio_t) ** 2 + (se_c / ratio_c) ** 2) if ratio_c > 0 and ratio_t > 0 else math.nan
    )
    rel, rel_lower, rel_upper = log_ratio(ratio_t, ratio_c, se_log, alpha, alternative, df)
    den_c, den_t = c.n * c.means[denominator], t.n * t.means[denominator]
    return RatioResult(
        control=ratio_c,
        treatment=ratio_t,
        effect_size=effect,
        effect_size_ci_lower=lower,
        effect_size_ci_upper=upper,
        rel_effect_size=rel,
        rel_effect_size_ci_lower=rel_lower,
        rel_effect_size_ci_upper=rel_upper,
        pvalue=pvalue(statistic, alternative, df),
        statistic=statistic,
        std_error=se,
        std_error_control=se_c,
        std_error_treatment=se_t,
        n_control=c.n,
        n_treatment=t.n,
        denominator_control=den_c,
        denominator_treatment=den_t,
        numerator=numerator,
        denominator=denominator,
        alpha=alpha,
        alternative=alternative,
        notes=_notes(c.n, t.n, den_c, den_t, ratio_c, ratio_t, denominator) + spread_notes(se),
    )


def _notes(
    n_c: int, n_t: int, den_c: float, den_t: float, ratio_c: float, ratio_t: float, denominator: str
) -> tuple[str, ...]:
    notes = []
    if den_c == 0 or den_t == 0:
        notes.append(Note.make("zero_denominator", column=denominator))
    elif not (ratio_c > 0 and ratio_t > 0):
        notes.append(Note.make("nonpositive_level"))
    if min(n_c, n_t) < MIN_CUSTOMERS or min(den_c, den_t) < MIN_DENOMINATOR:
        notes.append(
            Note.make(
                "insufficient_data",
                min_customers=MIN_CUSTOMERS,
                min_responders=MIN_DENOMINATOR,
                customers=min(n_c, n_t),
                responders=round(min(den_c, den_t)),
            )
        )
    return tuple(notes)

"""Difference of two means (e.g. revenue per customer): Welch or pooled t test from summary statistics.

The effect is ``treatment - control``. ``equal_var=False`` (default) is Welch's test with the
Welch–Satterthwaite degrees of freedom, identical to R ``t.test(treatment, control)``;
``equal_var=True`` is the pooled-variance test, identical to R ``t.test(..., var.equal = TRUE)``.
The relative lift's interval uses the delta method on the log scale,
``exp(ln(m_T/m_C) ± q·sqrt(s_T²/(n_T m_T²) + s_C²/(n_C m_C²))) - 1``, with the same t quantile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from experiments.analysis._common import bounds, check_test_options, log_ratio, no_spread, pvalue, safe_div
from experiments.analysis.notes import Note
from experiments.analysis.stats import ArmMoments
from planner_common import InputError

MIN_CUSTOMERS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class MeansResult:
    """Comparison of two means.

    Attributes:
        control, treatment: Mean per customer in each arm.
        effect_size, effect_size_ci_lower, effect_size_ci_upper: ``treatment - control`` and its interval.
        rel_effect_size, rel_effect_size_ci_lower, rel_effect_size_ci_upper: ``treatment / control - 1``
            and its delta-method log-scale interval (``nan`` unless both means are positive).
        pvalue, statistic: The t test (``statistic`` = t).
        std_error, df: Standard error of the difference and the degrees of freedom.
        n_control, n_treatment, std_control, std_treatment: The summary statistics compared.
        alpha, alternative, equal_var: Echoed options.
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
    df: float
    n_control: int
    n_treatment: int
    std_control: float
    std_treatment: float
    alpha: float
    alternative: str
    equal_var: bool
    notes: tuple[str, ...] = ()


def compare_means(
    control: ArmMoments,
    treatment: ArmMoments,
    *,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    equal_var: bool = False,
) -> MeansResult:
    """Compare the treated arm's mean outcome with the control's (Welch or pooled t test).

    Args:
        control: n, mean and standard deviation of the control group.
        treatment: n, mean and standard deviation of the treated group.
        alpha: 1 - confidence level; significance level.
        alternative: ``"two-sided"``, ``"greater"`` (treatment > control) or ``"less"``.
        equal_var: Pool the two variances (Student's t) instead of Welch's test.

    Returns:
        A :class:`MeansResult`.

    Raises:
        InputError: An arm has no customers (code ``empty_arm``).

    Examples:
        Revenue per customer: 4 000 treated customers average 52.0 (sd 40), 1 000 controls 48.0 (sd 38):

        >>> r = compare_means(ArmMoments(1_000, 48.0, 38.0), ArmMoments(4_000, 52.0, 40.0))
        >>> r.effect_size, round(r.pvalue, 4)
        (4.0, 0.0033)
        >>> round(r.effect_size_ci_lower, 3), round(r.effect_size_ci_upper, 3)
        (1.336, 6.664)
        >>> round(r.rel_effect_size, 4)
        0.0833

    References:
        Welch (1947), Biometrika 34:28-35; R ``t.test``; delta method for the log ratio of means
        (e.g. tea-tasting's ``Mean`` metric).
    """
    alpha, alternative = check_test_options(alpha, alternative)
    control, treatment = _arm("control", control), _arm("treatment", treatment)
    se, df = (_pooled if equal_var else _welch)(control, treatment)
    effect = treatment.mean - control.mean
    statistic = safe_div(effect, se)
    if no_spread(se):
        df = math.nan
    lower, upper = bounds(effect, se, alpha, alternative, df)
    se_log = log_se(treatment.mean, treatment.std**2 / treatment.n, control.mean, control.std**2 / control.n)
    rel, rel_lower, rel_upper = log_ratio(treatment.mean, control.mean, se_log, alpha, alternative, df)
    return MeansResult(
        control=control.mean,
        treatment=treatment.mean,
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
        n_control=control.n,
        n_treatment=treatment.n,
        std_control=control.std,
        std_treatment=treatment.std,
        alpha=alpha,
        alternative=alternative,
        equal_var=bool(equal_var),
        notes=size_notes(control.n, treatment.n, control.mean, treatment.mean) + spread_notes(se),
    )


def _arm(name: str, arm: object) -> ArmMoments:
    if not isinstance(arm, ArmMoments):
        raise InputError(
            "bad_arm", f"{name} must be ArmMoments(n, mean, std), got {arm!r}.", field=name, value=arm
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


def _welch(c: ArmMoments, t: ArmMoments) -> tuple[float, float]:
    vc, vt = c.std**2 / c.n, t.std**2 / t.n
    return welch_se_df(vc, c.n, vt, t.n)


def welch_se_df(var_mean_c: float, n_c: int, var_mean_t: float, n_t: int) -> tuple[float, float]:
    """Welch standard error and Welch–Satterthwaite df from the variances of the two means.

    Examples:
        >>> [round(v, 4) for v in welch_se_df(1.444, 1_000, 0.4, 4_000)]
        [1.3579, 1598.4782]

    References:
        Satterthwaite (1946), Biometrics Bulletin 2:110-114.
    """
    total = var_mean_c + var_mean_t
    denom = var_mean_c**2 / (n_c - 1) + var_mean_t**2 / (n_t - 1) if min(n_c, n_t) > 1 else math.nan
    return math.sqrt(total), safe_div(total**2, denom)


def _pooled(c: ArmMoments, t: ArmMoments) -> tuple[float, float]:
    df = c.n + t.n - 2
    pooled_var = safe_div((c.n - 1) * c.std**2 + (t.n - 1) * t.std**2, df)
    return math.sqrt(pooled_var * (1 / c.n + 1 / t.n)), float(df)


def log_se(treatment: float, var_mean_t: float, control: float, var_mean_c: float) -> float:
    """Delta-method standard error of ``ln(treatment / control)`` (``nan`` unless both are positive).

    Examples:
        >>> round(log_se(52.0, 0.4, 48.0, 1.444), 5)
        0.02783

    References:
        Delta method: Var(ln X) ≈ Var(X) / E(X)².
    """
    if not (treatment > 0 and control > 0):
        return math.nan
    return math.sqrt(var_mean_t / treatment**2 + var_mean_c / control**2)


def spread_notes(std_error: float) -> tuple[str, ...]:
    """The ``zero_variance`` note when the standard error is 0 (nothing varies: test undefined)."""
    return (Note.make("zero_variance"),) if std_error == 0 else ()


def size_notes(n_control: int, n_treatment: int, control: float, treatment: float) -> tuple[str, ...]:
    """Caveats shared by the mean-type comparisons (small arms, non-positive levels)."""
    notes = []
    if not (control > 0 and treatment > 0):
        notes.append(Note.make("nonpositive_level"))
    if min(n_control, n_treatment) < MIN_CUSTOMERS:
        notes.append(
            Note.make(
                "insufficient_customers", min_customers=MIN_CUSTOMERS, customers=min(n_control, n_treatment)
            )
        )
    return tuple(notes)

"""Inputs of the sequential analyses: the two arms' moments, cumulative looks, and the confidence
sequence's half-width and always-valid p-value (Waudby-Smith et al. 2023, as gbstats).

Effects are those of GrowthBook's frequentist engine (gbstats ``frequentist_diff`` and
``frequentist_variance``): the absolute effect ``m_T − m_C`` with variance ``v_T/n_T + v_C/n_C``, and the
relative effect ``(m_T − m_C)/|m_C|`` with the delta-method variance of the ratio ``m_T / m_C``
(``v_T/(n_T·m_C²) + v_C·m_T²/(n_C·m_C⁴)``). The per-customer variance is ``p(1 − p)`` for a rate and the
sample variance (denominator ``n − 1``) for a mean, as in gbstats' ``ProportionStatistic`` and
``SampleMeanStatistic``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from experiments.analysis.stats import ArmCounts, ArmMoments
from planner_common import InputError

Arm = ArmCounts | ArmMoments


@dataclass(frozen=True, slots=True)
class Moments:
    """Levels, effects and standard errors of one comparison."""

    control: float
    treatment: float
    n_control: int
    n_treatment: int
    effect: float
    std_error: float
    rel_effect: float
    rel_std_error: float


def level_and_variance(arm: Arm) -> tuple[float, float, int]:
    """(mean, per-customer variance, customers) of one arm."""
    if isinstance(arm, ArmCounts):
        p = arm.rate
        return p, p * (1 - p), arm.trials
    return arm.mean, arm.std**2, arm.n


def check_pair(control: object, treatment: object) -> tuple[Arm, Arm]:
    """Both arms ArmCounts or both ArmMoments, neither empty."""
    for name, arm in (("control", control), ("treatment", treatment)):
        if not isinstance(arm, ArmCounts | ArmMoments):
            raise InputError(
                "bad_arm",
                f"{name} must be ArmCounts(successes, trials) or ArmMoments(n, mean, std), got {arm!r}.",
                field=name,
                value=repr(arm),
            )
    if type(control) is not type(treatment):
        raise InputError(
            "mixed_arms",
            f"control is {type(control).__name__} but treatment is {type(treatment).__name__}: "
            "compare a rate with a rate or a mean with a mean.",
            field="treatment",
            value=type(treatment).__name__,
        )
    for name, arm in (("control", control), ("treatment", treatment)):
        if level_and_variance(arm)[2] == 0:  # type: ignore[arg-type]
            raise InputError(
                "empty_arm",
                f"The {name} group has no customers: there is nothing to compare "
                "against, so no incremental effect can be measured.",
                field=name,
                value=0,
            )
    return control, treatment  # type: ignore[return-value]


def moments(control: Arm, treatment: Arm) -> Moments:
    """Absolute and relative effect with their (unpooled, delta-method) standard errors.

    Examples:
        >>> m = moments(ArmCounts(100, 5_000), ArmCounts(600, 20_000))
        >>> round(m.effect, 4), round(m.std_error, 6), round(m.rel_effect, 2)
        (0.01, 0.002319, 0.5)

    References:
        gbstats ``frequentist_diff``, ``frequentist_variance`` and ``variance_of_ratios``.
    """
    m_c, v_c, n_c = level_and_variance(control)
    m_t, v_t, n_t = level_and_variance(treatment)
    var_abs = v_t / n_t + v_c / n_c
    if m_c == 0:
        rel, var_rel = math.nan, math.nan
    else:
        rel = (m_t - m_c) / abs(m_c)
        var_rel = v_t / n_t / m_c**2 + v_c / n_c * m_t**2 / m_c**4
    return Moments(m_c, m_t, n_c, n_t, m_t - m_c, math.sqrt(var_abs), rel, math.sqrt(var_rel))


def check_looks(looks: object, max_looks: int) -> list[tuple[Arm, Arm]]:
    """A non-empty sequence of cumulative ``(control, treatment)`` pairs; counts never go down."""
    if isinstance(looks, str | bytes) or not isinstance(looks, Sequence) or not looks:
        raise InputError(
            "no_looks",
            "looks must be a non-empty list of (control, treatment) pairs, one per look.",
            field="looks",
            value=0 if isinstance(looks, Sequence) else repr(looks),
        )
    if len(looks) > max_looks:
        raise InputError(
            "too_many_looks",
            f"looks has {len(looks)} looks; at most {max_looks} are supported.",
            field="looks",
            value=len(looks),
            maximum=max_looks,
        )
    pairs = []
    for k, look in enumerate(looks):
        if not isinstance(look, Sequence) or isinstance(look, str) or len(look) != 2:
            raise InputError(
                "bad_look",
                f"looks[{k}] must be a (control, treatment) pair, got {look!r}.",
                field="looks",
                value=repr(look),
                look=k + 1,
            )
        pairs.append(check_pair(look[0], look[1]))
    for k in range(1, len(pairs)):
        _check_cumulative(pairs[k - 1], pairs[k], k + 1)
    return pairs


def _sizes(arm: Arm) -> tuple[int, ...]:
    return (arm.successes, arm.trials) if isinstance(arm, ArmCounts) else (arm.n,)


def _check_cumulative(before: tuple[Arm, Arm], after: tuple[Arm, Arm], look: int) -> None:
    if type(before[0]) is not type(after[0]) or any(
        a > b for x, y in zip(before, after, strict=True) for a, b in zip(_sizes(x), _sizes(y), strict=True)
    ):
        raise InputError(
            "looks_not_cumulative",
            f"Look {look} has fewer customers or responders than look {look - 1}: each look must hold "
            "the cumulative totals since the start of the pilot.",
            field="looks",
            value=look,
        )


def harmonic_information(n_control: float, n_treatment: float) -> float:
    """``1 / (1/n_C + 1/n_T)``: the information of a difference of means per unit of variance.

    Examples:
        >>> harmonic_information(5_000, 20_000)
        4000.0
    """
    return 1 / (1 / n_control + 1 / n_treatment)


def sequential_rho(alpha: float, tuning_n: float, *, two_sided: bool = True) -> float:
    """Mixing parameter ρ that makes the confidence sequence tightest at ``tuning_n`` customers.

    Examples:
        >>> round(sequential_rho(0.05, 5_000), 5)
        0.03984

    References:
        Waudby-Smith et al. (2023), arXiv:2103.06476v7, eq. 161; gbstats ``sequential_rho``.
    """
    a = alpha if two_sided else 2 * alpha
    return math.sqrt((-2 * math.log(a) + math.log(-2 * math.log(a) + 1)) / tuning_n)


def halfwidth(s2: float, n: int, rho: float, alpha: float, two_sided: bool) -> float:
    """Half-width at ``n`` customers for per-customer variance ``s2`` (eq. 9; one-sided eq. 134)."""
    nr2 = n * rho * rho + 1
    scale = 2 * nr2 / (n * rho) ** 2
    if two_sided:
        return math.sqrt(s2 * scale * math.log(math.sqrt(nr2) / alpha))
    return math.sqrt(s2 * scale * math.log(1 + math.sqrt(nr2) / (2 * alpha)))


def always_valid_p(estimate: float, se: float, n: int, rho: float, alternative: str) -> float:
    """Two-sided: 1 / e-value (eq. 155); one-sided: the smallest alpha whose interval excludes 0."""
    if se == 0 or math.isnan(estimate) or math.isnan(se):
        return math.nan
    nr2 = n * rho * rho + 1
    if alternative == "two-sided":
        st2 = estimate * estimate / (se * se)
        return min(math.exp(-rho * rho * n * st2 / (2 * nr2)) * math.sqrt(nr2), 1.0)
    signed = estimate if alternative == "greater" else -estimate
    if signed <= 0:
        return 1.0
    x = signed * signed / (se * se * n) * (n * rho) ** 2 / (2 * nr2)
    return min(math.sqrt(nr2) / (2 * math.expm1(x)), 1.0)

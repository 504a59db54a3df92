"""Pilot sizing for a mean per customer (revenue, spend, items): sample size, power and detectable lift.

Two methods:

* ``"t"`` – the two-sample t test with pooled variance: noncentral t with ``df = n_c + n_t − 2`` and
  ``ncp = d / √(1/n_c + 1/n_t)``, ``d = effect_size / std``. Exactly R's ``power.t.test(...,
  strict = TRUE)`` for equal arms and ``pwr::pwr.t2n.test`` for unequal ones.
* ``"normal"`` – the z approximation (known variance), as statsmodels' ``NormalIndPower``.

Two-sided power counts both rejection tails. "greater" means treatment above control.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import nctdtr, ndtr, stdtrit

from experiments.analysis.notes import Note
from experiments.design._base_fit import base_fit
from experiments.design._sizing_common import (
    check_arms,
    check_design,
    check_direction,
    check_effect_value,
    check_finite,
    check_power,
    critical_z,
    normal_tails,
    smallest_design,
    solve_increasing,
)
from experiments.design._sizing_results import MeanMDEResult, MeanPowerResult, MeanSampleSizeResult
from planner_common import check_alternative, check_choice, check_positive, check_probability

METHODS = ("t", "normal")


def mean_power(
    standardized_effect: Any, n_control: Any, n_treatment: Any, alpha: float, alternative: str, method: str
) -> Any:
    """Power of the two-mean test for Cohen's d, element-wise over numpy arrays (no validation).

    Examples:
        Revenue lifts of 0, $2.50 and $5 (sd $45) with 2,000 held out and 8,000 treated:

        >>> mean_power([0, 2.5 / 45, 5 / 45], 2_000, 8_000, 0.05, "two-sided", "t").round(3)
        array([0.05 , 0.603, 0.994])

    References:
        R ``pwr::pwr.t2n.test``; R ``stats::power.t.test`` (strict = TRUE).
    """
    d = np.asarray(standardized_effect, float)
    se = np.sqrt(1 / np.asarray(n_control, float) + 1 / np.asarray(n_treatment, float))
    if method == "normal":
        return normal_tails(d, se, se, critical_z(alpha, alternative), alternative)
    df = np.asarray(n_control, float) + n_treatment - 2
    q = -stdtrit(df, alpha / 2 if alternative == "two-sided" else alpha)
    ncp = d / se
    # P(T > q) for T ~ t(df, ncp) is P(T' < -q) for T' ~ t(df, -ncp): both tails as lower tails.
    upper = _nct_cdf(df, -ncp, -q) if alternative != "less" else 0.0
    lower = _nct_cdf(df, ncp, -q) if alternative != "greater" else 0.0
    return upper + lower


def _nct_cdf(df: Any, ncp: Any, t: Any) -> Any:
    """Noncentral t CDF; far tails where scipy gives ``nan`` use R's normal approximation (``pnt``)."""
    cdf = nctdtr(df, ncp, t)
    if np.any(bad := np.isnan(cdf)):
        shrink = 1 / (4 * df)
        approx = ndtr((t * (1 - shrink) - ncp) / np.sqrt(1 + t * t * 2 * shrink))
        cdf = np.where(bad, approx, cdf)
    return cdf


def mde_standardized(
    n_control: float,
    n_treatment: float,
    alpha: float,
    power: float,
    alternative: str,
    method: str,
    sign: float,
) -> float:
    """Cohen's d (signed like ``sign``) detected with ``power``; ``nan`` if the power is unreachable.

    Examples:
        >>> round(mde_standardized(2_000, 8_000, 0.05, 0.8, "two-sided", "t", 1.0), 4)
        0.07

    References:
        Root of :func:`mean_power` in d (Brent's method).
    """

    def gap(size: float) -> float:
        return float(mean_power(sign * size, n_control, n_treatment, alpha, alternative, method)) - power

    return sign * solve_increasing(gap, 0.0, 1.0, grow=True)


def _small_n_notes(method: str, n_control: int, n_treatment: int) -> tuple[str, ...]:
    if method == "normal" and min(n_control, n_treatment) < 30:
        return (Note.make("z_small_arms", minimum=30),)
    return ()


def sample_size_two_means(
    std: float,
    *,
    effect_size: float,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    alternative: str = "two-sided",
    method: str = "t",
    population: int | None = None,
    n_treatments: int = 1,
    daily_volume: float | None = None,
) -> MeanSampleSizeResult:
    """Customers needed in the control and in each treatment arm to detect a change in a mean.

    Args:
        std: Standard deviation of the metric per customer (from last campaign, same period).
        effect_size: Difference of means to detect (treatment − control, metric units; ≠ 0).
        alpha: Significance level (split across treatments when ``n_treatments`` > 1).
        power: Probability of detecting the effect if it is real.
        ratio: ``n_treatment / n_control``.
        alternative: "two-sided", "greater" (treatment above control) or "less".
        method: "t" (R ``power.t.test`` / ``pwr.t2n.test``) or "normal" (z approximation).
        population: Eligible customer base (adds ``feasible``, ``remaining_for_rollout``,
            ``share_of_population``, ``mde_with_population`` in metric units).
        n_treatments: Treatment arms sharing one control.
        daily_volume: Customers that can enter the pilot per day (adds ``duration_days``).

    Returns:
        MeanSampleSizeResult: smallest whole ``n_control``, ``n_treatment = ceil(ratio * n_control)``
        per arm, ``n_total`` over all arms and the achieved ``power``.

    Raises:
        InputError: A field is invalid, the effect is 0 or points against a one-sided ``alternative``.

    Examples:
        Revenue per customer has a standard deviation of $45; a loyalty offer is worth running if it
        adds $1.50 per customer. Two offers against one control, a base of 120,000:

        >>> res = sample_size_two_means(45, effect_size=1.5, n_treatments=2, population=120_000)
        >>> res.n_control, res.n_total, res.feasible, res.remaining_for_rollout
        (17111, 51333, True, 68667)

    References:
        Cohen (1988), §2; R ``stats::power.t.test`` (strict = TRUE), ``pwr::pwr.t2n.test``.
    """
    sd = check_positive("std", std)
    design = check_design(
        alpha=alpha,
        power=power,
        ratio=ratio,
        alternative=alternative,
        method=method,
        methods=METHODS,
        n_treatments=n_treatments,
        population=population,
        daily_volume=daily_volume,
    )
    effect = check_effect_value("effect_size", effect_size)
    check_direction(effect, design.alternative)
    args = (design.alpha_per_comparison, design.alternative, design.method)
    n_c, n_t, achieved = smallest_design(
        lambda n_c, n_t: mean_power(effect / sd, n_c, n_t, *args), design.power, design.ratio, effect
    )

    def mde_at(n_c: int, n_t: int, sign: float) -> float:
        return sd * mde_standardized(
            n_c, n_t, design.alpha_per_comparison, design.power, design.alternative, design.method, sign
        )

    fit = base_fit(design, n_c, n_t, effect, mde_at).fields(*_small_n_notes(design.method, n_c, n_t))
    return MeanSampleSizeResult(
        std=sd,
        effect_size=effect,
        standardized_effect=effect / sd,
        alpha=design.alpha,
        alpha_per_comparison=design.alpha_per_comparison,
        target_power=design.power,
        power=achieved,
        ratio=design.ratio,
        alternative=design.alternative,
        method=design.method,
        n_treatments=design.n_treatments,
        **fit,
    )


def power_two_means(
    std: float,
    effect_size: float,
    *,
    n_control: int,
    n_treatment: int,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    method: str = "t",
) -> MeanPowerResult:
    """Probability that a pilot of the given size detects a difference of means.

    Args:
        std: Standard deviation of the metric per customer.
        effect_size: True difference of means (treatment − control); 0 gives alpha.
        n_control: Customers in the control group.
        n_treatment: Customers in the treatment group.
        alpha: Significance level.
        alternative: "two-sided", "greater" or "less".
        method: "t" or "normal".

    Returns:
        MeanPowerResult with ``power`` and the echoed inputs.

    Examples:
        8,000 customers get the offer, 2,000 are held out; revenue sd $45, true lift $2.50:

        >>> round(power_two_means(45, 2.5, n_control=2_000, n_treatment=8_000).power, 3)
        0.603

    References:
        R ``pwr::pwr.t2n.test``; Cohen (1988), §2.
    """
    sd = check_positive("std", std)
    effect = check_finite("effect_size", effect_size)
    n_c, n_t = check_arms(n_control, n_treatment)
    alpha = check_probability("alpha", alpha)
    alternative, method = check_alternative(alternative), check_choice("method", method, METHODS)
    value = float(mean_power(effect / sd, n_c, n_t, alpha, alternative, method))
    return MeanPowerResult(
        std=sd,
        effect_size=effect,
        standardized_effect=effect / sd,
        n_control=n_c,
        n_treatment=n_t,
        alpha=alpha,
        alternative=alternative,
        method=method,
        power=value,
        notes=_small_n_notes(method, n_c, n_t),
    )


def mde_two_means(
    std: float,
    *,
    n_control: int,
    n_treatment: int,
    alpha: float = 0.05,
    power: float = 0.8,
    alternative: str = "two-sided",
    method: str = "t",
) -> MeanMDEResult:
    """Smallest difference of means that a pilot of the given size detects with the given power.

    The effect is positive for "two-sided" and "greater", negative for "less".

    Args:
        std: Standard deviation of the metric per customer.
        n_control: Customers in the control group.
        n_treatment: Customers in the treatment group.
        alpha: Significance level.
        power: Required probability of detection.
        alternative: "two-sided", "greater" or "less".
        method: "t" or "normal".

    Returns:
        MeanMDEResult with ``effect_size`` (metric units) and ``standardized_effect`` (Cohen's d).

    Examples:
        With 2,000 held out and 8,000 treated, revenue sd $45, the pilot sees about $3.15:

        >>> round(mde_two_means(45, n_control=2_000, n_treatment=8_000).effect_size, 2)
        3.15

    References:
        Inverts :func:`power_two_means` (R ``pwr.t2n.test`` solved for ``d``).
    """
    sd = check_positive("std", std)
    n_c, n_t = check_arms(n_control, n_treatment)
    alpha = check_probability("alpha", alpha)
    target = check_power(power, alpha)
    alternative, method = check_alternative(alternative), check_choice("method", method, METHODS)
    d = mde_standardized(n_c, n_t, alpha, target, alternative, method, -1.0 if alternative == "less" else 1.0)
    return MeanMDEResult(
        std=sd,
        n_control=n_c,
        n_treatment=n_t,
        alpha=alpha,
        power=target,
        alternative=alternative,
        method=method,
        effect_size=d * sd,
        standardized_effect=d,
        notes=_small_n_notes(method, n_c, n_t),
    )


__all__ = ["mde_two_means", "power_two_means", "sample_size_two_means"]

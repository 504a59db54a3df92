"""Pilot sizing for a response or conversion rate: sample size, power and minimum detectable lift.

Two methods:

* ``"normal"`` – the two-proportion z test with the pooled rate under H0 and the unpooled rates under
  H1, exactly R's ``power.prop.test(..., strict = TRUE)`` for equal arms. Unequal arms use the
  allocation-weighted pooled rate ``p̄ = (n_c·p_c + n_t·p_t) / (n_c + n_t)`` (Fleiss, Levin & Paik
  2003, §4.2; statsmodels' ``power_proportions_2indep``).
* ``"arcsine"`` – Cohen's effect size ``h = 2·asin(√p_t) − 2·asin(√p_c)``, exactly R's
  ``pwr::pwr.2p2n.test``.

Two-sided power counts both rejection tails. "greater" means treatment above control. Power rises
when both arms grow in proportion; with very small arms, growing one arm alone can cost the "normal"
method a little power, because it moves the pooled rate.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from experiments.analysis.notes import Note
from experiments.design._base_fit import base_fit
from experiments.design._sizing_common import (
    below_alpha_notes,
    check_arms,
    check_design,
    check_direction,
    check_power,
    critical_z,
    normal_tails,
    resolve_rate_effect,
    smallest_design,
    solve_increasing,
)
from experiments.design._sizing_results import (
    ProportionMDEResult,
    ProportionPowerResult,
    ProportionSampleSizeResult,
)
from planner_common import check_alternative, check_choice, check_probability, check_rate

METHODS = ("normal", "arcsine")
_EDGE = 1e-12  # keeps a searched treatment rate strictly inside (0, 1)


def proportion_power(
    baseline_rate: Any,
    treatment_rate: Any,
    n_control: Any,
    n_treatment: Any,
    alpha: float,
    alternative: str,
    method: str,
) -> Any:
    """Power of the two-proportion test, element-wise over numpy arrays (no validation; used by curves).

    Examples:
        Three possible responses to a letter, 5,000 held out and 20,000 mailed:

        >>> proportion_power(0.02, [0.02, 0.025, 0.03], 5_000, 20_000, 0.05, "two-sided", "normal").round(3)
        array([0.05 , 0.545, 0.982])

    References:
        R ``stats::power.prop.test`` (strict = TRUE); R ``pwr::pwr.2p2n.test``.
    """
    z = critical_z(alpha, alternative)
    p_c, p_t = np.asarray(baseline_rate, float), np.asarray(treatment_rate, float)
    inv_n = 1 / np.asarray(n_control, float) + 1 / np.asarray(n_treatment, float)
    if method == "arcsine":
        h = 2 * np.arcsin(np.sqrt(p_t)) - 2 * np.arcsin(np.sqrt(p_c))
        sd = np.sqrt(inv_n)
        return normal_tails(h, sd, sd, z, alternative)
    pooled = (n_control * p_c + n_treatment * p_t) / (np.asarray(n_control, float) + n_treatment)
    sd_null = np.sqrt(pooled * (1 - pooled) * inv_n)
    sd_alt = np.sqrt(p_c * (1 - p_c) / n_control + p_t * (1 - p_t) / n_treatment)
    return normal_tails(p_t - p_c, sd_null, sd_alt, z, alternative)


def mde_rate(
    baseline_rate: float,
    n_control: float,
    n_treatment: float,
    alpha: float,
    power: float,
    alternative: str,
    method: str,
    sign: float,
) -> float:
    """Treatment rate (above the baseline if ``sign`` > 0, below otherwise) reached with ``power``.

    Examples:
        The response a 5,000 / 20,000 pilot on a 2 % baseline detects 80 % of the time:

        >>> round(mde_rate(0.02, 5_000, 20_000, 0.05, 0.8, "two-sided", "normal", 1.0), 4)
        0.0268

    References:
        Root of :func:`proportion_power` in the treatment rate (Brent's method).
    """
    room = (1 - baseline_rate) if sign > 0 else baseline_rate

    def gap(lift: float) -> float:
        rate = baseline_rate + sign * lift
        return (
            float(proportion_power(baseline_rate, rate, n_control, n_treatment, alpha, alternative, method))
            - power
        )

    lift = solve_increasing(gap, 0.0, room * (1 - _EDGE))
    return baseline_rate + sign * lift


def _count_notes(
    baseline_rate: float, treatment_rate: float, n_control: float, n_treatment: float
) -> tuple[str, ...]:
    expected = min(
        n_control * min(baseline_rate, 1 - baseline_rate),
        n_treatment * min(treatment_rate, 1 - treatment_rate),
    )
    if expected >= 10:
        return ()
    return (Note.make("few_expected_responses", expected=expected),)


def sample_size_two_proportions(
    baseline_rate: float,
    *,
    effect_size: float | None = None,
    rel_effect_size: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    alternative: str = "two-sided",
    method: str = "normal",
    population: int | None = None,
    n_treatments: int = 1,
    daily_volume: float | None = None,
) -> ProportionSampleSizeResult:
    """Customers needed in the control and in each treatment arm to detect a lift in a rate.

    Args:
        baseline_rate: Expected rate without the campaign (fraction, e.g. 0.02 for 2 %).
        effect_size: Lift to detect in absolute terms (0.005 = half a percentage point); or
        rel_effect_size: Lift relative to the baseline (0.25 = +25 %). Give exactly one.
        alpha: Significance level (split across treatments when ``n_treatments`` > 1).
        power: Probability of detecting the lift if it is real.
        ratio: ``n_treatment / n_control`` (4 = four treated customers per control customer).
        alternative: "two-sided", "greater" (treatment above control) or "less".
        method: "normal" (R ``power.prop.test``) or "arcsine" (R ``pwr.2p2n.test``).
        population: Eligible customer base; adds ``feasible``, ``remaining_for_rollout``,
            ``share_of_population`` and, when the design does not fit, ``mde_with_population``.
        n_treatments: Treatment arms (stimuli) sharing one control.
        daily_volume: Customers that can enter the pilot per day; adds ``duration_days``.

    Returns:
        ProportionSampleSizeResult: ``n_control`` (smallest whole size reaching ``power``),
        ``n_treatment = ceil(ratio * n_control)`` per arm, ``n_total`` over all arms, achieved ``power``.

    Raises:
        InputError: A field is invalid (a rate of 3 gets "did you mean 3 % (0.03)?"), the lift is 0,
            pushes the rate outside (0, 1), or points against a one-sided ``alternative``.

    Examples:
        A direct-mail piece answered by 2 % of customers; is +25 % (2.5 %) real? A 90/10 split
        pilot:control, a base of 200,000 customers and 5,000 letters a day:

        >>> res = sample_size_two_proportions(0.02, rel_effect_size=0.25, ratio=9,
        ...                                   population=200_000, daily_volume=5_000)
        >>> res.n_control, res.n_treatment, res.n_total, res.feasible, res.duration_days
        (7925, 71325, 79250, True, 16)

        With an equal split this is ``ceiling(n)`` of R's
        ``power.prop.test(p1 = 0.02, p2 = 0.025, power = 0.8, strict = TRUE)``:

        >>> sample_size_two_proportions(0.02, effect_size=0.005).n_control
        13809

    References:
        Fleiss, Levin & Paik (2003), Statistical Methods for Rates and Proportions, §4.2;
        R ``stats::power.prop.test``; Cohen (1988), §6 (arcsine ``h``).
    """
    baseline = check_rate("baseline_rate", baseline_rate)
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
    treatment_rate, effect, rel = resolve_rate_effect(baseline, effect_size, rel_effect_size)
    check_direction(effect, design.alternative)
    args = (design.alpha_per_comparison, design.alternative, design.method)
    n_c, n_t, achieved = smallest_design(
        lambda n_c, n_t: proportion_power(baseline, treatment_rate, n_c, n_t, *args),
        design.power,
        design.ratio,
        effect,
    )

    def mde_at(n_c: int, n_t: int, sign: float) -> float:
        return (
            mde_rate(
                baseline,
                n_c,
                n_t,
                design.alpha_per_comparison,
                design.power,
                design.alternative,
                design.method,
                sign,
            )
            - baseline
        )

    fit = base_fit(design, n_c, n_t, effect, mde_at).fields(*_count_notes(baseline, treatment_rate, n_c, n_t))
    return ProportionSampleSizeResult(
        baseline_rate=baseline,
        treatment_rate=treatment_rate,
        effect_size=effect,
        rel_effect_size=rel,
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


def power_two_proportions(
    baseline_rate: float,
    treatment_rate: float,
    *,
    n_control: int,
    n_treatment: int,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    method: str = "normal",
) -> ProportionPowerResult:
    """Probability that a pilot of the given size detects the change from baseline to treatment rate.

    Args:
        baseline_rate: Control rate (fraction).
        treatment_rate: Rate the campaign would produce (fraction; equal to the baseline gives alpha).
        n_control: Customers in the control group.
        n_treatment: Customers in the treatment group.
        alpha: Significance level.
        alternative: "two-sided", "greater" (treatment above control) or "less".
        method: "normal" (R ``power.prop.test``) or "arcsine" (R ``pwr.2p2n.test``).

    Returns:
        ProportionPowerResult with ``power`` and the echoed inputs.

    Examples:
        20,000 letters and 5,000 held-out customers; 2 % respond without the letter, 2.5 % with it:

        >>> res = power_two_proportions(0.02, 0.025, n_control=5_000, n_treatment=20_000)
        >>> round(res.power, 3)
        0.545

    References:
        R ``stats::power.prop.test`` (strict = TRUE); R ``pwr::pwr.2p2n.test``.
    """
    baseline = check_rate("baseline_rate", baseline_rate)
    treatment = check_rate("treatment_rate", treatment_rate)
    n_c, n_t = check_arms(n_control, n_treatment)
    alpha = check_probability("alpha", alpha)
    alternative, method = check_alternative(alternative), check_choice("method", method, METHODS)
    value = float(proportion_power(baseline, treatment, n_c, n_t, alpha, alternative, method))
    return ProportionPowerResult(
        baseline_rate=baseline,
        treatment_rate=treatment,
        effect_size=treatment - baseline,
        rel_effect_size=treatment / baseline - 1,
        n_control=n_c,
        n_treatment=n_t,
        alpha=alpha,
        alternative=alternative,
        method=method,
        power=value,
        notes=_count_notes(baseline, treatment, n_c, n_t)
        + below_alpha_notes(value, alpha, treatment - baseline, alternative),
    )


def mde_two_proportions(
    baseline_rate: float,
    *,
    n_control: int,
    n_treatment: int,
    alpha: float = 0.05,
    power: float = 0.8,
    alternative: str = "two-sided",
    method: str = "normal",
) -> ProportionMDEResult:
    """Smallest lift that a pilot of the given size detects with the given power.

    The lift is an increase for "two-sided" and "greater" and a decrease (negative) for "less". It is
    ``nan`` when no rate in (0, 1) reaches the power.

    Args:
        baseline_rate: Control rate (fraction).
        n_control: Customers in the control group.
        n_treatment: Customers in the treatment group.
        alpha: Significance level.
        power: Required probability of detection.
        alternative: "two-sided", "greater" or "less".
        method: "normal" or "arcsine".

    Returns:
        ProportionMDEResult with ``effect_size`` (absolute), ``rel_effect_size`` and ``treatment_rate``.

    Examples:
        A 20,000 / 5,000 pilot on a 2 % baseline detects about +0.68 points (2.68 %):

        >>> res = mde_two_proportions(0.02, n_control=5_000, n_treatment=20_000)
        >>> round(res.effect_size, 4), round(res.rel_effect_size, 2)
        (0.0068, 0.34)

    References:
        Inverts :func:`power_two_proportions` (R ``power.prop.test`` solved for ``p2``).
    """
    baseline = check_rate("baseline_rate", baseline_rate)
    n_c, n_t = check_arms(n_control, n_treatment)
    alpha = check_probability("alpha", alpha)
    target = check_power(power, alpha)
    alternative, method = check_alternative(alternative), check_choice("method", method, METHODS)
    sign = -1.0 if alternative == "less" else 1.0
    rate = mde_rate(baseline, n_c, n_t, alpha, target, alternative, method, sign)
    notes = (
        (Note.make("no_rate_reaches_power"),) if math.isnan(rate) else _count_notes(baseline, rate, n_c, n_t)
    )
    return ProportionMDEResult(
        baseline_rate=baseline,
        n_control=n_c,
        n_treatment=n_t,
        alpha=alpha,
        power=target,
        alternative=alternative,
        method=method,
        effect_size=rate - baseline,
        rel_effect_size=rate / baseline - 1,
        treatment_rate=rate,
        notes=notes,
    )


__all__ = ["mde_two_proportions", "power_two_proportions", "sample_size_two_proportions"]

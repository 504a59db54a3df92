"""Bayesian readout of a pilot: posteriors per arm, chance the treatment is better, expected loss of each
choice and – with margin, costs and the roll-out audience – the chance the roll-out makes money.

Rates use a Beta prior (uniform ``Beta(1, 1)`` by default, or a prior from past campaigns) and give
Beta posteriors; means (profit or revenue per customer) use a normal prior (flat by default) with the
sample standard deviation taken as known; ratio metrics use the flat-prior normal posterior of the
difference. "Better" follows the metric's direction (``"decrease"`` for churn).

The Test & Roll rule rolls out the arm with the higher posterior mean (in money when the economics
are given). It can disagree with the frequentist verdict, which keeps the control unless the lift is
significant: the rule only asks which arm is more likely to earn more, and a non-significant winner
costs little when the arms are close (Feit & Berman 2019, §2).

References:
    Gelman et al., *Bayesian Data Analysis* (3rd ed.), §2.4 (beta-binomial) and §2.5 (normal);
    Stucchio (2015), "Bayesian A/B testing at VWO" (expected loss); Feit & Berman (2019).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from experiments.analysis._bayes_posteriors import BetaDifference, NormalDifference, normal_posterior
from planner_common import (
    InputError,
    check_choice,
    check_finite,
    check_int,
    check_nonnegative,
    check_positive,
    check_probability,
)

__all__ = [
    "BayesReadoutResult",
    "bayes_compare_effect",
    "bayes_compare_means",
    "bayes_compare_proportions",
]

DIRECTIONS = ("increase", "decrease")


@dataclass(frozen=True, slots=True, kw_only=True)
class BayesReadoutResult:
    """Posterior view of a pilot and, optionally, of its roll-out in money.

    Attributes:
        kind: ``"proportion"``, ``"mean"`` or ``"ratio"``; ``direction``: ``"increase"`` or ``"decrease"``.
        control, treatment: Posterior means of the two arms (``nan`` when unknown, ratio metrics).
        control_sd, treatment_sd: Posterior standard deviations.
        effect_size: Posterior mean of treatment − control; ``effect_size_ci_lower`` /
            ``effect_size_ci_upper``: equal-tailed credible interval at ``credible_level``.
        probability_treatment_better: Posterior probability that the treatment beats the control.
        expected_loss_treatment: Expected shortfall (metric units per customer) if the treatment is
            rolled out and the control is truly better; ``expected_loss_control`` the reverse.
        value_per_unit, cost_per_contact, fixed_cost, rollout_size: Echoed economics (``nan`` if absent).
        probability_profitable: Posterior probability that the roll-out's incremental profit is > 0.
        expected_incremental_profit: Its posterior mean (money).
        rollout_choice: The Test & Roll rule: ``"treatment"`` or ``"control"``.
        notes: Caveats.
    """

    kind: str
    direction: str
    control: float
    treatment: float
    control_sd: float
    treatment_sd: float
    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    credible_level: float
    probability_treatment_better: float
    expected_loss_treatment: float
    expected_loss_control: float
    value_per_unit: float
    cost_per_contact: float
    fixed_cost: float
    rollout_size: float
    probability_profitable: float
    expected_incremental_profit: float
    rollout_choice: str
    notes: tuple[str, ...] = ()


def _field(arm: Any, name: str, index: int) -> Any:
    return getattr(arm, name) if hasattr(arm, name) else arm[index]


def _economics(value: object, cost: object, fixed: object, size: object) -> tuple[float, ...] | None:
    if value is None or size is None:
        return None
    return (
        check_positive("value_per_unit", value),
        check_nonnegative("cost_per_contact", cost),
        check_nonnegative("fixed_cost", fixed),
        float(check_int("rollout_size", size, minimum=1)),
    )


def _assemble(
    kind: str,
    direction: str,
    arms: tuple[float, float, float, float],
    diff,
    level: float,
    economics: tuple[float, ...] | None,
    notes: tuple[str, ...],
) -> BayesReadoutResult:
    """``diff`` is the posterior of the *good-direction* difference (treatment better when > 0)."""
    sign = 1.0 if direction == "increase" else -1.0
    tail = (1 - level) / 2
    low, high = sorted(sign * diff.quantile(q) for q in (tail, 1 - tail))
    gain = diff.expected_excess(0.0)
    value, cost, fixed, size = economics or (math.nan,) * 4
    if economics is None:
        p_profit = expected = math.nan
        choice = "treatment" if diff.mean > 0 else "control"
    else:  # incremental profit = size·(value·G − cost) − fixed, G the good-direction difference
        p_profit = diff.prob_greater((cost + fixed / size) / value)
        expected = size * (value * diff.mean - cost) - fixed
        choice = "treatment" if expected > 0 else "control"
    return BayesReadoutResult(
        kind=kind,
        direction=direction,
        control=arms[0],
        treatment=arms[1],
        control_sd=arms[2],
        treatment_sd=arms[3],
        effect_size=sign * diff.mean,
        effect_size_ci_lower=low,
        effect_size_ci_upper=high,
        credible_level=level,
        probability_treatment_better=diff.prob_greater(0.0),
        expected_loss_treatment=max(gain - diff.mean, 0.0),
        expected_loss_control=gain,
        value_per_unit=value,
        cost_per_contact=cost,
        fixed_cost=fixed,
        rollout_size=size,
        probability_profitable=p_profit,
        expected_incremental_profit=expected,
        rollout_choice=choice,
        notes=notes,
    )


def bayes_compare_proportions(
    control: Any,
    treatment: Any,
    *,
    prior_alpha: float | Sequence[float] = 1.0,
    prior_beta: float | Sequence[float] = 1.0,
    direction: str = "increase",
    value_per_unit: float | None = None,
    cost_per_contact: float = 0.0,
    fixed_cost: float = 0.0,
    rollout_size: int | None = None,
    credible_level: float = 0.95,
) -> BayesReadoutResult:
    """Beta-binomial readout of a response rate.

    Args:
        control, treatment: ``ArmCounts`` (or ``(successes, trials)``) of each arm.
        prior_alpha, prior_beta: Beta prior of the rate (both arms, or ``(control, treatment)``).
        direction: ``"increase"`` (response) or ``"decrease"`` (churn) is good.
        value_per_unit: Margin per response (or per churner avoided); with ``rollout_size`` it turns
            on the money figures.
        cost_per_contact, fixed_cost: Roll-out costs (per contacted customer, once).
        rollout_size: Customers who would get the treatment in the roll-out.
        credible_level: Level of the credible interval of the difference.

    Returns:
        :class:`BayesReadoutResult`.

    Examples:
        A catalogue pilot: 600 of 20 000 responded against 100 of 5 000 in the control; margin
        40 000 CLP per response, 300 CLP per catalogue, 3 000 000 CLP fixed, 200 000 to roll out:

        >>> r = bayes_compare_proportions((100, 5_000), (600, 20_000), value_per_unit=40_000,
        ...                               cost_per_contact=300, fixed_cost=3_000_000, rollout_size=200_000)
        >>> round(r.probability_treatment_better, 4), round(r.probability_profitable, 3)
        (1.0, 0.804)
        >>> round(r.expected_incremental_profit / 1e6, 1)
        15.8

    References:
        Gelman et al. (2013), §2.4; expected loss: Stucchio (2015).
    """
    direction = check_choice("direction", direction, DIRECTIONS)
    level = check_probability("credible_level", credible_level)
    post = []
    for name, arm, k in (("control", control, 0), ("treatment", treatment, 1)):
        trials = check_int(f"{name}.trials", _field(arm, "trials", 1), minimum=1)
        successes = check_int(f"{name}.successes", _field(arm, "successes", 0), minimum=0)
        if successes > trials:
            raise InputError(
                "successes_exceed_trials",
                f"{name}: successes ({successes}) cannot exceed trials ({trials}).",
                field="successes",
                value=successes,
                trials=trials,
            )
        a = _pick(prior_alpha, k, "prior_alpha")
        post.append((a + successes, _pick(prior_beta, k, "prior_beta") + trials - successes))
    (a_c, b_c), (a_t, b_t) = post
    good = (
        BetaDifference(a_t, b_t, a_c, b_c) if direction == "increase" else BetaDifference(a_c, b_c, a_t, b_t)
    )
    arms = (a_c / (a_c + b_c), a_t / (a_t + b_t), _beta_sd(a_c, b_c), _beta_sd(a_t, b_t))
    economics = _economics(value_per_unit, cost_per_contact, fixed_cost, rollout_size)
    return _assemble("proportion", direction, arms, good, level, economics, ())


def _pick(value: float | Sequence[float], k: int, field: str) -> float:
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise InputError(
                "not_a_pair",
                f"{field} must be one number or a (control, treatment) pair, got {value!r}.",
                field=field,
                value=value,
            )
        return check_positive(field, value[k])
    return check_positive(field, value)


def _prior_sd(value: object) -> float:
    """A positive prior standard deviation; ``inf`` (a flat prior) is allowed."""
    if isinstance(value, float) and value == math.inf:
        return math.inf
    return check_positive("prior_sd", value)


def _beta_sd(a: float, b: float) -> float:
    return math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))


def bayes_compare_means(
    control: Any,
    treatment: Any,
    *,
    prior_mean: float = 0.0,
    prior_sd: float = math.inf,
    direction: str = "increase",
    value_per_unit: float | None = None,
    cost_per_contact: float = 0.0,
    fixed_cost: float = 0.0,
    rollout_size: int | None = None,
    credible_level: float = 0.95,
) -> BayesReadoutResult:
    """Normal readout of a mean (profit or revenue per customer), sample sd taken as known.

    Args:
        control, treatment: ``ArmMoments`` (or ``(n, mean, std)``) of each arm.
        prior_mean, prior_sd: Normal prior of each arm's mean; ``prior_sd=inf`` is flat.
        direction, value_per_unit, cost_per_contact, fixed_cost, rollout_size, credible_level: As in
            :func:`bayes_compare_proportions`; ``value_per_unit`` is the money per unit of the metric
            (e.g. the contribution margin as a fraction of revenue).

    Returns:
        :class:`BayesReadoutResult`.

    Examples:
        Time on site, 500 visitors per version (the authors' workshop example, flat prior):

        >>> r = bayes_compare_means((500, 5.20, 2.0), (500, 5.26, 2.1))
        >>> round(r.probability_treatment_better, 3), round(r.effect_size, 2)
        (0.678, 0.06)

    References:
        Gelman et al. (2013), §2.5; Feit & Berman, "How to Test & Roll" workshop (2020).
    """
    direction = check_choice("direction", direction, DIRECTIONS)
    level = check_probability("credible_level", credible_level)
    prior_sd = _prior_sd(prior_sd)
    prior_mean = check_finite("prior_mean", prior_mean)
    post = []
    for name, arm in (("control", control), ("treatment", treatment)):
        n = check_int(f"{name}.n", _field(arm, "n", 0), minimum=1)
        std = check_nonnegative(f"{name}.std", _field(arm, "std", 2))
        mean = check_finite(f"{name}.mean", _field(arm, "mean", 1))
        post.append(normal_posterior(n, mean, std, prior_mean, prior_sd))
    (m_c, s_c), (m_t, s_t) = post
    sign = 1.0 if direction == "increase" else -1.0
    good = NormalDifference(sign * (m_t - m_c), math.hypot(s_c, s_t))
    economics = _economics(value_per_unit, cost_per_contact, fixed_cost, rollout_size)
    return _assemble("mean", direction, (m_c, m_t, s_c, s_t), good, level, economics, ())


def bayes_compare_effect(
    effect_size: float,
    std_error: float,
    *,
    control: float = math.nan,
    treatment: float = math.nan,
    direction: str = "increase",
    value_per_unit: float | None = None,
    cost_per_contact: float = 0.0,
    fixed_cost: float = 0.0,
    rollout_size: int | None = None,
    credible_level: float = 0.95,
) -> BayesReadoutResult:
    """Flat-prior normal readout from an estimated difference and its standard error (ratio metrics).

    Args:
        effect_size: Estimated treatment − control difference.
        std_error: Its standard error (e.g. delta method).
        control, treatment: Estimated levels, only echoed.
        direction, value_per_unit, cost_per_contact, fixed_cost, rollout_size, credible_level: As in
            :func:`bayes_compare_proportions`.

    Returns:
        :class:`BayesReadoutResult` (arm posteriors ``nan``).

    Examples:
        Revenue per order up 1.2 with standard error 0.8:

        >>> round(bayes_compare_effect(1.2, 0.8).probability_treatment_better, 4)
        0.9332

    References:
        Gelman et al. (2013), §2.5 (normal likelihood, flat prior).
    """
    direction = check_choice("direction", direction, DIRECTIONS)
    level = check_probability("credible_level", credible_level)
    se = check_positive("std_error", std_error)
    effect_size = check_finite("effect_size", effect_size)
    sign = 1.0 if direction == "increase" else -1.0
    good = NormalDifference(sign * effect_size, se)
    economics = _economics(value_per_unit, cost_per_contact, fixed_cost, rollout_size)
    notes = ("Normal approximation of the estimated difference with a flat prior.",)
    return _assemble(
        "ratio", direction, (control, treatment, math.nan, math.nan), good, level, economics, notes
    )


# Kept importable from here (callers written before the rule comparison moved to its own module).
from experiments.analysis.decision_rules import DecisionRulesResult, compare_decision_rules  # noqa: E402

__all__ += ["DecisionRulesResult", "compare_decision_rules"]

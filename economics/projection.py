"""From a pilot's uplift to the roll-out's money: expected profit, its range and the chance of a loss.

For a roll-out audience ``N``, roll-out fixed cost ``F`` and an uplift estimate ``û`` with standard
error ``SE`` (normal approximation, flat prior):

* incremental responses ``N · û``; profit ``N · (û·m − c) − F``; ROI ``profit / (F + c·N)``;
* intervals: the same formulas at ``û ± z · SE`` (profit is linear in the uplift);
* roll-out break-even uplift ``u* = c/m + F/(m·N)``; probability of profit ``Φ((û − u*) / SE)``;
* scenarios: conservative (interval lower bound), base (``û``), optimistic (upper bound).

Optional empirical-Bayes shrinkage for the winner's curse (an *assumption*, stated in ``notes``):
``û_shrunk = μ₀ + B·(û − μ₀)``, ``B = τ² / (τ² + SE²)``, posterior standard error ``√B · SE``, where
``μ₀`` and ``τ`` are the mean and spread of true uplifts of past comparable campaigns.

For a "decrease" metric (churn) the money follows the *reduction*: the beneficial uplift is
``−effect_size`` and ``margin_per_response`` is the value of each customer kept.

References:
    docs/formulas.md §6 (scaling, bounds, worked example, winner's curse); Drake [S6]; Lee & Shen [S16].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from economics._common import (
    DIRECTIONS,
    beneficial_effect,
    check_direction,
    check_margin,
    check_money,
    check_number,
    check_rate_difference,
    normal_cdf,
    z_two_sided,
)
from economics.breakeven import break_even_uplift
from planner_common import InputError, check_int, check_nonnegative, check_positive

__all__ = [
    "DIRECTIONS",
    "RolloutProjectionResult",
    "RolloutScenario",
    "ShrinkageResult",
    "beneficial_effect",
    "project_rollout",
    "rollout_profit",
    "shrink_effect",
    "std_error_from_interval",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RolloutScenario:
    """Money at one assumed uplift. ``name`` ∈ conservative / base / optimistic."""

    name: str
    uplift: float
    incremental_responses: float
    profit: float
    roi: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ShrinkageResult:
    """Empirical-Bayes shrinkage of an uplift toward the mean of past campaigns (an assumption)."""

    effect_size: float
    std_error: float
    prior_mean: float
    prior_sd: float
    factor: float
    shrunk_effect_size: float
    shrunk_std_error: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RolloutProjectionResult:
    """Projected roll-out economics with intervals, scenarios and the probability of profit.

    Attributes:
        uplift: Beneficial uplift used (after shrinkage, sign-flipped for "decrease").
        uplift_std_error: Its standard error (posterior one when shrunk).
        uplift_ci_lower, uplift_ci_upper: Interval of the uplift at ``confidence_level``.
        shrinkage_factor: ``B`` (``nan`` without shrinkage).
        total_cost: Roll-out cost ``F + c·N``.
        break_even_uplift: ``u*`` of the roll-out.
        expected_incremental_responses: ``N · û``; ``incremental_responses_ci_lower/upper``.
        expected_profit: ``N·(û·m − c) − F``; ``profit_ci_lower/upper``.
        expected_roi: ``profit / total_cost`` (``nan`` at zero cost); ``roi_ci_lower/upper``.
        probability_of_profit: ``Φ((û − u*) / SE)``.
        scenarios: Conservative, base and optimistic money.
        notes: Caveats and assumptions (shrinkage, approximations).
    """

    effect_size: float
    std_error: float
    audience: int
    margin_per_response: float
    cost_per_contact: float
    fixed_cost: float
    confidence_level: float
    direction: str
    shrinkage: tuple[float, float] | None
    uplift: float
    uplift_std_error: float
    uplift_ci_lower: float
    uplift_ci_upper: float
    shrinkage_factor: float
    total_cost: float
    break_even_uplift: float
    expected_incremental_responses: float
    incremental_responses_ci_lower: float
    incremental_responses_ci_upper: float
    expected_profit: float
    profit_ci_lower: float
    profit_ci_upper: float
    expected_roi: float
    roi_ci_lower: float
    roi_ci_upper: float
    probability_of_profit: float
    scenarios: tuple[RolloutScenario, ...]
    notes: tuple[str, ...] = ()


def std_error_from_interval(ci_lower: float, ci_upper: float, *, confidence_level: float = 0.95) -> float:
    """Standard error implied by a two-sided normal interval: ``(upper − lower) / (2 z)``.

    For an asymmetric interval (Newcombe) this is the average half-width: a normal approximation.

    Examples:
        A 95 % interval of [0.55 ; 1.45] pp means an SE of about 0.23 pp.

        >>> round(std_error_from_interval(0.0055, 0.0145), 5)
        0.0023

    References:
        docs/formulas.md §2 (Wald interval ``u ± z·SE``).
    """
    lo, hi = check_rate_difference("ci_lower", ci_lower), check_rate_difference("ci_upper", ci_upper)
    if lo > hi:
        raise InputError(
            "interval_reversed",
            f"ci_lower ({lo:g}) must not exceed ci_upper ({hi:g}); swap them.",
            field="ci_lower",
            value=lo,
            upper=hi,
        )
    return (hi - lo) / (2 * z_two_sided(confidence_level))


def shrink_effect(
    effect_size: float, std_error: float, *, prior_mean: float, prior_sd: float
) -> ShrinkageResult:
    """Shrink an uplift toward the mean of past comparable campaigns (empirical Bayes).

    Args:
        effect_size: Measured uplift ``û``.
        std_error: Its standard error.
        prior_mean: Mean ``μ₀`` of true uplifts in past comparable tests (same units as ``û``).
        prior_sd: Their spread ``τ`` (> 0).

    Returns:
        ``B = τ²/(τ² + SE²)``, ``μ₀ + B(û − μ₀)`` and the posterior standard error ``√B · SE``.

    Examples:
        μ₀ = 0.5 pp, τ = 0.3 pp, û = 1.00 pp with SE 0.232 pp → B ≈ 0.626, û_shrunk ≈ 0.813 pp.

        >>> s = shrink_effect(0.01, 0.00232, prior_mean=0.005, prior_sd=0.003)
        >>> round(s.factor, 3), round(s.shrunk_effect_size * 100, 3)
        (0.626, 0.813)

    References:
        docs/formulas.md §6 (winner's curse, shrinkage example); Lee & Shen, KDD 2018 [S16].
    """
    u, se = check_rate_difference("effect_size", effect_size), check_nonnegative("std_error", std_error)
    mu, tau = check_rate_difference("prior_mean", prior_mean), check_positive("prior_sd", prior_sd)
    b = tau**2 / (tau**2 + se**2)
    return ShrinkageResult(
        effect_size=u,
        std_error=se,
        prior_mean=mu,
        prior_sd=tau,
        factor=b,
        shrunk_effect_size=mu + b * (u - mu),
        shrunk_std_error=math.sqrt(b) * se,
    )


def rollout_profit(
    uplift: float,
    *,
    audience: int,
    margin_per_response: float,
    cost_per_contact: float,
    fixed_cost: float = 0.0,
) -> float:
    """Incremental profit of a roll-out at an assumed (beneficial) uplift: ``N·(u·m − c) − F``.

    Examples:
        200 000 customers, 40 000 CLP margin, 300 CLP per contact, 3 M fixed, uplift 1 pp: +17 M.

        >>> round(rollout_profit(0.01, audience=200_000, margin_per_response=40_000, cost_per_contact=300,
        ...                      fixed_cost=3_000_000))
        17000000

    References:
        docs/formulas.md §6 (scaling).
    """
    n = check_int("audience", audience, minimum=1)
    u, m = check_rate_difference("uplift", uplift), check_number("margin_per_response", margin_per_response)
    return n * (u * m - check_money("cost_per_contact", cost_per_contact)) - check_money(
        "fixed_cost", fixed_cost
    )


def _probability_above(estimate: float, threshold: float, se: float) -> float:
    if se == 0:
        return 1.0 if estimate > threshold else (0.0 if estimate < threshold else 0.5)
    return normal_cdf((estimate - threshold) / se)


def _scenario(name: str, u: float, n: int, m: float, c: float, f: float) -> RolloutScenario:
    money, cost = n * (u * m - c) - f, f + c * n
    return RolloutScenario(
        name=name,
        uplift=u,
        incremental_responses=n * u,
        profit=money,
        roi=money / cost if cost > 0 else math.nan,
    )


def _shrinkage_note(s: ShrinkageResult) -> str:
    return (
        f"Assumption: the uplift was shrunk toward the mean of past comparable campaigns (empirical "
        f"Bayes, prior mean {s.prior_mean:.4%}, spread {s.prior_sd:.4%}); factor B = {s.factor:.3f} "
        f"turns {s.effect_size:.4%} into {s.shrunk_effect_size:.4%}. Without that history, read the "
        "conservative scenario instead."
    )


def project_rollout(
    effect_size: float,
    std_error: float,
    *,
    audience: int,
    margin_per_response: float,
    cost_per_contact: float,
    fixed_cost: float = 0.0,
    confidence_level: float = 0.95,
    direction: str = "increase",
    shrinkage: tuple[float, float] | None = None,
) -> RolloutProjectionResult:
    """Project a pilot's uplift onto the roll-out: money, interval, scenarios and P(profit).

    Args:
        effect_size: Measured uplift ``p_T − p_C`` (fraction; negative for a churn fall).
        std_error: Standard error of the uplift (use :func:`std_error_from_interval` for an interval).
        audience: Roll-out audience ``N``.
        margin_per_response: Contribution margin per incremental response (or per customer kept) ``m``.
        cost_per_contact: Roll-out cost per contact ``c``.
        fixed_cost: Roll-out fixed cost ``F`` (not necessarily the pilot's).
        confidence_level: Level of the two-sided intervals and scenarios.
        direction: ``"increase"`` (response) or ``"decrease"`` (churn: money follows the reduction).
        shrinkage: ``(prior_mean, prior_sd)`` of past campaigns' uplifts, in the units of
            ``effect_size``, to shrink toward (an assumption, stated in ``notes``).

    Returns:
        The projection.

    Raises:
        InputError: ``no_break_even`` for a margin ≤ 0; range errors naming the field.

    Examples:
        Pilot uplift 1.00 pp (SE 0.2318 pp) rolled out to 200 000 with 3 M CLP fixed: +17 M expected,
        95 % range −19.4 M to +53.4 M, about 82 % chance of making money.

        >>> p = project_rollout(0.01, 0.0023184, audience=200_000, margin_per_response=40_000,
        ...                     cost_per_contact=300, fixed_cost=3_000_000)
        >>> [round(x / 1e6, 1) for x in (p.expected_profit, p.profit_ci_lower, p.profit_ci_upper)]
        [17.0, -19.4, 53.4]
        >>> round(p.probability_of_profit, 2)
        0.82

    References:
        docs/formulas.md §6 (worked example); Drake [S6].
    """
    check_direction(direction)
    u_raw, se = check_rate_difference("effect_size", effect_size), check_nonnegative("std_error", std_error)
    n = check_int("audience", audience, minimum=1)
    m, c, f = (
        check_margin("margin_per_response", margin_per_response),
        check_money("cost_per_contact", cost_per_contact),
        check_money("fixed_cost", fixed_cost),
    )
    z, notes, factor = z_two_sided(confidence_level), [], math.nan
    if shrinkage is not None:
        s = shrink_effect(u_raw, se, prior_mean=shrinkage[0], prior_sd=shrinkage[1])
        u_raw, se, factor = s.shrunk_effect_size, s.shrunk_std_error, s.factor
        notes.append(_shrinkage_note(s))
        shrinkage = (s.prior_mean, s.prior_sd)
    u = beneficial_effect(u_raw, direction)
    u_star = break_even_uplift(c, m, fixed_cost=f, contacts=n)
    lo, hi = u - z * se, u + z * se
    scenarios = tuple(
        _scenario(name, x, n, m, c, f) for name, x in (("conservative", lo), ("base", u), ("optimistic", hi))
    )
    low, base, high = scenarios
    if u_star > 1:
        notes.append("The roll-out break-even uplift is above 100 points: no uplift can pay for it.")
    return RolloutProjectionResult(
        effect_size=float(effect_size),
        std_error=float(std_error),
        audience=n,
        margin_per_response=m,
        cost_per_contact=c,
        fixed_cost=f,
        confidence_level=float(confidence_level),
        direction=direction,
        shrinkage=shrinkage,
        uplift=u,
        uplift_std_error=se,
        uplift_ci_lower=lo,
        uplift_ci_upper=hi,
        shrinkage_factor=factor,
        total_cost=f + c * n,
        break_even_uplift=u_star,
        expected_incremental_responses=base.incremental_responses,
        incremental_responses_ci_lower=low.incremental_responses,
        incremental_responses_ci_upper=high.incremental_responses,
        expected_profit=base.profit,
        profit_ci_lower=low.profit,
        profit_ci_upper=high.profit,
        expected_roi=base.roi,
        roi_ci_lower=low.roi,
        roi_ci_upper=high.roi,
        probability_of_profit=_probability_above(u, u_star, se),
        scenarios=scenarios,
        notes=tuple(notes),
    )

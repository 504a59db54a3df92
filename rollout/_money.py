"""The money side of an evaluation: the costs in force, the pilot's five numbers, the Bayesian cross-check.

Bookkeeping only; every formula lives in :mod:`economics` and :mod:`experiments`. For a "decrease is
good" metric (churn) the customers *kept* play the role of responses, so every money figure follows the
reduction.

References:
    docs/formulas.md §1–§5 (the five numbers), §6 (roll-out); Feit & Berman (2019) for the prior.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import experiments
from economics import (
    BreakEvenResult,
    CampaignCosts,
    IncrementalResponseResult,
    ProfitResult,
    UnitCostsResult,
    break_even,
    campaign_profit,
    campaign_unit_costs,
    incremental_response,
)
from planner_common import InputError
from rollout._pilot_effect import PilotEffect
from rollout.campaign import Campaign

if TYPE_CHECKING:  # scipy-backed modules load when a function first needs them
    from experiments import BayesReadoutResult, DecisionRulesResult


@dataclass(frozen=True, slots=True, kw_only=True)
class MoneyAssumptions:
    """The costs and margin in force: the Roll-out page's own values, else the brief's (``None`` = missing)."""

    currency: str
    cost_per_contact: float | None
    margin_per_response: float | None
    pilot_fixed_cost: float | None
    rollout_fixed_cost: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PilotNumbers:
    """The pilot's five numbers, attributed and incremental (docs/formulas.md §1–§5)."""

    response: IncrementalResponseResult
    conversion: IncrementalResponseResult | None
    costs: UnitCostsResult
    profit: ProfitResult
    break_even: BreakEvenResult


@dataclass(frozen=True, slots=True, kw_only=True)
class BayesCrossCheck:
    """The Bayesian readout of the same pilot, audience and costs as the headline (a cross-check).

    ``prior`` is ``"design"`` (the Test & Roll prior saved with the design) or ``"uniform"``; the
    headline's normal approximation and this exact beta posterior differ by the prior and by the shape of
    the posterior, which ``reason`` names for the page.
    """

    result: BayesReadoutResult
    prior: str
    rules: DecisionRulesResult | None


def money_assumptions(campaign: Campaign) -> MoneyAssumptions:
    """The Roll-out page's costs, falling back to the brief.

    Examples:
        >>> from rollout.campaign import Brief, RolloutAssumptions
        >>> c = Campaign(brief=Brief(cost_per_contact=300, margin_per_response=40_000, fixed_cost=3e6),
        ...              rollout=RolloutAssumptions(pilot_fixed_cost=2e6))
        >>> m = money_assumptions(c)
        >>> m.pilot_fixed_cost, m.rollout_fixed_cost, m.cost_per_contact
        (2000000.0, 3000000.0, 300)
    """
    plan, brief = campaign.rollout, campaign.brief
    return MoneyAssumptions(
        currency=brief.currency,
        cost_per_contact=_first(plan.cost_per_contact, brief.cost_per_contact),
        margin_per_response=_first(plan.margin_per_response, brief.margin_per_response),
        pilot_fixed_cost=_first(plan.pilot_fixed_cost, brief.fixed_cost),
        rollout_fixed_cost=_first(plan.rollout_fixed_cost, brief.fixed_cost),
    )


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def _hits(rate: float, n: int, kept: bool) -> int:
    hits = round(rate * n)
    return n - hits if kept else hits


def pilot_numbers(effect: PilotEffect, money: MoneyAssumptions) -> PilotNumbers | None:
    """Response, conversion, cost per target, profit and break-even of the pilot (``None`` without rates).

    Examples:
        The pilot of docs/formulas.md §2–§5: 600 of 20 000 against 100 of 5 000, 300 a contact, 40 000 margin,
        2 M fixed: 200 incremental responses at 40 000 each.

        >>> from rollout._pilot_effect import pilot_effect
        >>> from rollout.campaign import RolloutAssumptions
        >>> c = Campaign(rollout=RolloutAssumptions(source="rates", n_control=5_000, n_treatment=20_000,
        ...     control_rate=0.02, pilot_rate=0.03, cost_per_contact=300, margin_per_response=40_000,
        ...     pilot_fixed_cost=2e6))
        >>> n = pilot_numbers(pilot_effect(c), money_assumptions(c))
        >>> round(n.response.incremental_responders), round(n.costs.per_incremental_response.value)
        (200, 40000)

    References:
        docs/formulas.md §1–§5.
    """
    m, c, f = money.margin_per_response, money.cost_per_contact, money.pilot_fixed_cost
    if math.isnan(effect.control) or None in (m, c, f):
        return None
    assert m is not None and c is not None and f is not None
    kept = effect.direction == "decrease"
    nt, nc = effect.n_treatment, effect.n_control
    rt, rc = _hits(effect.treatment, nt, kept), _hits(effect.control, nc, kept)
    response = incremental_response(rt, nt, rc, nc)
    conversion = None
    if effect.conversion is not None:
        conv_c, conv_t = effect.conversion
        conversion = incremental_response(_hits(conv_t, nt, False), nt, _hits(conv_c, nc, False), nc)
    costs = campaign_unit_costs(
        CampaignCosts(fixed=f, per_contact=c),
        contacts=nt,
        responses=rt,
        acquisitions=None if conversion is None else conversion.responders_treatment,
        incremental_responses=response.incremental_responders,
        incremental_acquisitions=None if conversion is None else conversion.incremental_responders,
    )
    profit = campaign_profit(
        responses=rt, margin_per_response=m, total_cost=costs.total_cost,
        incremental_responses=response.incremental_responders,
    )  # fmt: skip
    be = break_even(c, m, fixed_cost=f, contacts=nt, baseline_rate=response.control)
    return PilotNumbers(response=response, conversion=conversion, costs=costs, profit=profit, break_even=be)


def _design_prior(campaign: Campaign) -> dict[str, tuple[float, float]] | None:
    plan = campaign.design.test_and_roll if campaign.design else None
    if plan is None or plan.prior_control is None or plan.prior_treatment is None:
        return None
    pairs = [
        experiments.beta_prior_from_moments(mean, sd)
        for mean, sd in (plan.prior_control, plan.prior_treatment)
    ]
    return {"prior_alpha": (pairs[0][0], pairs[1][0]), "prior_beta": (pairs[0][1], pairs[1][1])}


def bayes_cross_check(
    campaign: Campaign, effect: PilotEffect, money: MoneyAssumptions, audience: int | None
) -> BayesCrossCheck | None:
    """The Bayesian readout of the headline's own pilot, audience and costs (``None`` without counts).

    Uses the design's Test & Roll prior when one was saved and is usable, a uniform prior otherwise.

    References:
        docs/formulas.md §6; Feit & Berman (2019), "Test & Roll", for the prior.
    """
    if effect.successes_control is None or effect.successes_treatment is None:
        return None
    economics: dict[str, float] = {}
    if money.margin_per_response and money.margin_per_response > 0 and audience:
        economics = {
            "value_per_unit": money.margin_per_response,
            "cost_per_contact": money.cost_per_contact or 0.0,
            "fixed_cost": money.rollout_fixed_cost or 0.0,
            "rollout_size": audience,
        }
    arms = ((effect.successes_control, effect.n_control), (effect.successes_treatment, effect.n_treatment))
    result, used = None, "uniform"
    prior = _design_prior_or_none(campaign)
    if prior is not None:
        try:
            result, used = (
                experiments.bayes_compare_proportions(
                    *arms, direction=effect.direction, **prior, **economics
                ),
                "design",
            )
        except InputError:
            result = None
    if result is None:
        result = experiments.bayes_compare_proportions(*arms, direction=effect.direction, **economics)
    rules = None
    if not math.isnan(effect.pvalue):
        rules = experiments.compare_decision_rules(
            result,
            pvalue=effect.pvalue,
            alpha=1 - effect.confidence_level,
            observed_effect=effect.effect_size,
        )
    return BayesCrossCheck(result=result, prior=used, rules=rules)


def _design_prior_or_none(campaign: Campaign) -> dict[str, tuple[float, float]] | None:
    try:
        return _design_prior(campaign)
    except InputError:
        return None

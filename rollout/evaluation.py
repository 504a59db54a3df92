"""``evaluate(campaign)``: the one place that turns a campaign into the figures every screen shows.

The audience, the break-even, the projection, the chance of profit, the expected profit and its range,
the Bayesian cross-check, the five numbers and the go / no-go / extend decision are computed here, once,
and the Roll-out page, its Bayesian panel, the Analyse page's money line, the decision memo and the
campaign list all render this :class:`CampaignEvaluation`.

**The roll-out audience** is the number of customers who receive the stimulus if the campaign rolls
out: the value set on the Roll-out page when there is one; otherwise the brief's eligible base less the
customers already in the pilot and in the control (the readout's sizes – every treated arm's –, else the typed ones, else the
design's planned sizes), because the pilot has been contacted and the control is the reference kept
aside. ``audience_source`` says which rule gave it.

**The headline chance of profit** is the projection's ``Φ((û − u*) / SE)`` (normal approximation of
the measured uplift, docs/formulas.md §6). The Bayesian cross-check computes the same quantity from the
exact beta posteriors of the same counts, audience and costs, with the design's prior when one was
saved; the two differ only by that prior and the posterior's shape, and pages label the second one as a
cross-check.

An evaluation never raises for a partial or invalid campaign: what is missing is listed in
``missing`` and every refused input is kept in ``problems`` as ``(code, params)`` so the page can put
the catalog sentence next to the field.

References:
    docs/formulas.md §4 (break-even), §6 (projection, probability of profit), §1–§5 (five numbers);
    docs/architecture.md §3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

from economics import (
    BreakEvenResult,
    RolloutProjectionResult,
    UnitCostResult,
    break_even,
    cost_per_incremental_response,
    project_rollout,
)
from planner_common import InputError
from rollout._money import (
    BayesCrossCheck,
    MoneyAssumptions,
    PilotNumbers,
    bayes_cross_check,
    money_assumptions,
    pilot_numbers,
)
from rollout._pilot_effect import PilotEffect, pilot_effect
from rollout._plain import to_plain
from rollout.campaign import Campaign
from rollout.decision import DecisionResult, PilotReadout, recommend_rollout
from rollout.monitoring import monitoring_of, sequential_state


class Problem(NamedTuple):
    """A refused input: the error's code and parameters (``field`` names the input)."""

    code: str
    params: dict[str, Any]

    def error(self) -> InputError:
        """The refusal as the ``InputError`` the core raised (for the page's sentence next to the field)."""
        return InputError(
            self.code, f"{self.params.get('field', 'input')} was refused ({self.code}).", **self.params
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignEvaluation:
    """Every derived figure of one campaign (``None`` / ``nan`` where an input is missing).

    Attributes:
        campaign_hash: SHA-256 of the campaign's content this evaluation was computed from.
        currency: ISO code of every money figure.
        audience, audience_source: The roll-out audience and the rule that gave it (``"rollout"`` = set
            on the Roll-out page, ``"eligible_base"`` = base less pilot and control), see the module doc.
        pilot: The pilot figure scaled (``None`` until given).
        money: Costs and margin in force.
        campaign_break_even: The brief's break-even over the eligible base.
        projection: Roll-out money with its interval, scenarios and chance of profit.
        decision: Go / no-go / extend with reasons.
        pilot_numbers: The five numbers of the pilot (needs both groups' rates).
        bayes: The Bayesian cross-check (needs counts).
        rollout_cost_per_incremental: The roll-out's cost per incremental response (or customer kept).
        missing: Inputs still needed, by field name.
        problems: Refused inputs as ``(code, params)``.
    """

    campaign_hash: str
    currency: str
    audience: int | None
    audience_source: str | None
    pilot: PilotEffect | None
    money: MoneyAssumptions
    campaign_break_even: BreakEvenResult | None
    projection: RolloutProjectionResult | None
    decision: DecisionResult | None
    pilot_numbers: PilotNumbers | None
    bayes: BayesCrossCheck | None
    rollout_cost_per_incremental: UnitCostResult | None = None
    missing: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def probability_of_profit(self) -> float:
        """The headline chance that the roll-out makes money (``nan`` until it can be projected)."""
        return self.projection.probability_of_profit if self.projection else math.nan

    @property
    def expected_profit(self) -> float:
        """The headline expected incremental profit of the roll-out."""
        return self.projection.expected_profit if self.projection else math.nan

    @property
    def profit_range(self) -> tuple[float, float]:
        """The interval of the roll-out profit at the pilot's confidence level."""
        if self.projection is None:
            return math.nan, math.nan
        return self.projection.profit_ci_lower, self.projection.profit_ci_upper

    @property
    def break_even_uplift(self) -> float:
        """The roll-out's break-even lift in the metric's good direction."""
        return self.projection.break_even_uplift if self.projection else math.nan

    @property
    def recommendation(self) -> str | None:
        """``"go"``, ``"no_go"``, ``"extend"`` or ``None``."""
        return self.decision.decision if self.decision else None

    def summary(self) -> dict[str, Any]:
        """The figures a campaign list shows, as plain numbers (stored with the campaign at save time).

        The roll-out's money (expected profit, its interval at ``confidence_level``, ROI, chance of
        profit), the pilot's effect (treatment − control as measured, ``std_error``, interval,
        ``direction``) and the pilot's five numbers (contacts = ``n_treatment``, responses, incremental
        responses, ``spend`` = the pilot's total cost, ``pilot_profit`` = its incremental profit, costs
        per contact / response / incremental response); ``None`` where not known. The registry copies
        them into typed columns for the portfolio (docs/formulas.md §17).
        """
        low, high = self.profit_range
        projection, pilot = self.projection, self.pilot
        return {
            "currency": self.currency,
            "audience": self.audience,
            "recommendation": self.recommendation,
            "probability_of_profit": _plain(self.probability_of_profit),
            "expected_profit": _plain(self.expected_profit),
            "profit_ci_lower": _plain(low),
            "profit_ci_upper": _plain(high),
            "expected_roi": _plain(projection.expected_roi) if projection else None,
            "break_even_uplift": _plain(self.break_even_uplift),
            **_pilot_summary(pilot),
            **_numbers_summary(self.pilot_numbers),
        }


def _plain(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def _pilot_summary(pilot: PilotEffect | None) -> dict[str, Any]:
    if pilot is None:
        return dict.fromkeys(("effect_size", "n_control", "n_treatment", "confidence_level", "direction",
                              "std_error", "effect_size_ci_lower", "effect_size_ci_upper", "pvalue",
                              "control_rate", "treatment_rate", "conversion_rate"))  # fmt: skip
    return {
        "effect_size": _plain(pilot.effect_size), "n_control": pilot.n_control, "n_treatment": pilot.n_treatment,
        "confidence_level": pilot.confidence_level, "direction": pilot.direction,
        "std_error": _plain(pilot.std_error), "effect_size_ci_lower": _plain(pilot.effect_size_ci_lower),
        "effect_size_ci_upper": _plain(pilot.effect_size_ci_upper), "pvalue": _plain(pilot.pvalue),
        "control_rate": _plain(pilot.control), "treatment_rate": _plain(pilot.treatment),
        "conversion_rate": _plain(pilot.conversion[1]) if pilot.conversion else None,
    }  # fmt: skip


def _numbers_summary(numbers: PilotNumbers | None) -> dict[str, Any]:
    keys = ("responses", "incremental_responses", "spend", "pilot_profit", "cost_per_contact",
            "cost_per_response", "cost_per_incremental_response")  # fmt: skip
    if numbers is None:
        return dict.fromkeys(keys)
    costs = numbers.costs
    values = (numbers.response.responders_treatment, numbers.response.incremental_responders, costs.total_cost,
              numbers.profit.incremental_profit, costs.per_contact.value, costs.per_response.value,
              costs.per_incremental_response.value)  # fmt: skip
    return {key: _plain(float(value)) for key, value in zip(keys, values, strict=True)}


def _problem(exc: InputError) -> Problem:
    return Problem(exc.code, dict(exc.params))


def default_audience(campaign: Campaign, pilot: PilotEffect | None) -> int | None:
    """The brief's eligible base less the pilot and the control (``None`` without a base).

    Examples:
        >>> from rollout.campaign import Brief, DesignPlan
        >>> default_audience(Campaign(brief=Brief(eligible_base=250_000),
        ...                           design=DesignPlan(n_control=8_298, n_treatment=8_298)), None)
        233404

    References:
        docs/formulas.md §6 (the roll-out reaches the rest of the list).
    """
    base = campaign.brief.eligible_base
    if base is None:
        return None
    if pilot is not None:
        tested = pilot.n_control + pilot.n_treatment + _other_arms(campaign, pilot)
    else:
        design = campaign.design
        tested = (design.n_control or 0) + (design.n_treatment or 0) if design else 0
    return max(int(base) - tested, 0)


def _other_arms(campaign: Campaign, pilot: PilotEffect) -> int:
    """Customers of the readout's other treated arms: contacted in the pilot too, so not in the roll-out."""
    readout = campaign.readout
    if pilot.source != "readout" or readout is None:
        return 0
    lines = (line for line in readout.lines if line.metric == pilot.metric and line.segment is None)
    return sum(line.n_treatment for line in lines if line.arm != readout.arm)


def _audience(campaign: Campaign, pilot: PilotEffect | None) -> tuple[int | None, str | None]:
    if campaign.rollout.audience is not None:
        return int(campaign.rollout.audience), "rollout"
    audience = default_audience(campaign, pilot)
    return (audience, "eligible_base") if audience else (None, None)


def _campaign_break_even(campaign: Campaign, problems: list[Problem]) -> BreakEvenResult | None:
    """The brief's break-even; without an eligible base, the fixed cost cannot be spread: ``c / m`` only."""
    b = campaign.brief
    if None in (b.cost_per_contact, b.margin_per_response):
        return None
    base = int(b.eligible_base) if b.eligible_base is not None else None
    try:
        return break_even(
            float(b.cost_per_contact or 0.0), float(b.margin_per_response or 0.0),
            fixed_cost=float(b.fixed_cost or 0.0) if base is not None else 0.0, contacts=base,
        )  # fmt: skip
    except InputError as exc:
        problems.append(_problem(exc))
        return None


def _projection(
    pilot: PilotEffect,
    money: MoneyAssumptions,
    audience: int | None,
    missing: list[str],
    problems: list[Problem],
) -> RolloutProjectionResult | None:
    needed = {"margin_per_response": money.margin_per_response, "cost_per_contact": money.cost_per_contact,
              "audience": audience}  # fmt: skip
    missing.extend(name for name, value in needed.items() if value is None)
    if any(value is None for value in needed.values()):
        return None
    try:
        return project_rollout(
            pilot.effect_size, pilot.std_error, audience=int(audience or 0),
            margin_per_response=float(money.margin_per_response or 0.0),
            cost_per_contact=float(money.cost_per_contact or 0.0), fixed_cost=float(money.rollout_fixed_cost or 0.0),
            confidence_level=pilot.confidence_level, direction=pilot.direction,
        )  # fmt: skip
    except InputError as exc:
        problems.append(_problem(exc))
        return None


def _decision(
    campaign: Campaign, pilot: PilotEffect, projection: RolloutProjectionResult | None, refused_money: bool
) -> DecisionResult | None:
    if refused_money:  # money given but refused must not be judged as "no economics" (break-even 0)
        return None
    design = campaign.design
    readout = PilotReadout(
        effect_size=pilot.effect_size, effect_size_ci_lower=pilot.effect_size_ci_lower,
        effect_size_ci_upper=pilot.effect_size_ci_upper, pvalue=pilot.pvalue, n_control=pilot.n_control,
        n_treatment=pilot.n_treatment, alpha=1 - pilot.confidence_level, confidence_level=pilot.confidence_level,
        planned_n_control=design.n_control if design else None,
        planned_n_treatment=design.n_treatment if design else None,
        srm_flagged=pilot.srm_flagged, direction=pilot.direction,
    )  # fmt: skip
    return recommend_rollout(
        readout, projection=projection, sequential=sequential_state(monitoring_of(campaign, pilot.metric))
    )


def _guard(problems: list[Problem], step: Any, *args: Any) -> Any:
    try:
        return step(*args)
    except InputError as exc:
        problems.append(_problem(exc))
        return None


def evaluate(campaign: Campaign) -> CampaignEvaluation:
    """Every derived figure of a campaign, computed once (see the module doc for the definitions).

    Args:
        campaign: The campaign record; partial records give a partial evaluation, never an error.

    Returns:
        The evaluation the pages, the memo and the campaign list render.

    Examples:
        The catalogue pilot of docs/formulas.md §6 – 3 % of 20 000 mailed against 2 % of 5 000 held out –
        rolled out to 200 000 customers at 300 CLP a contact, 40 000 CLP margin and 3 M fixed: about
        82 % chance of profit, 17 M expected, go in stages.

        >>> from rollout.campaign import Brief, RolloutAssumptions
        >>> c = Campaign(brief=Brief(cost_per_contact=300, margin_per_response=40_000, fixed_cost=3e6),
        ...              rollout=RolloutAssumptions(source="rates", n_control=5_000, n_treatment=20_000,
        ...                                         control_rate=0.02, pilot_rate=0.03, audience=200_000))
        >>> e = evaluate(c)
        >>> round(e.probability_of_profit, 2), round(e.expected_profit / 1e6, 1), e.recommendation
        (0.82, 17.0, 'go')
        >>> e.audience_source, e.bayes.prior
        ('rollout', 'uniform')

    References:
        docs/formulas.md §4, §6; docs/architecture.md §3.
    """
    problems: list[Problem] = []
    missing: list[str] = []
    money = money_assumptions(campaign)
    pilot = _guard(problems, pilot_effect, campaign)
    audience, audience_source = _audience(campaign, pilot)
    projection = decision = numbers = bayes = None
    if pilot is None:
        missing.append("pilot")
    else:
        projection = _projection(pilot, money, audience, missing, problems)
        refused = bool(problems) and projection is None
        decision = _guard(problems, _decision, campaign, pilot, projection, refused)
        numbers = _guard(problems, pilot_numbers, pilot, money)
        bayes = _guard(problems, bayes_cross_check, campaign, pilot, money, audience)
    return CampaignEvaluation(
        campaign_hash=campaign.content_hash(), currency=money.currency, audience=audience,
        audience_source=audience_source, pilot=pilot, money=money,
        campaign_break_even=_campaign_break_even(campaign, problems), projection=projection, decision=decision,
        pilot_numbers=numbers, bayes=bayes,
        rollout_cost_per_incremental=None if projection is None else cost_per_incremental_response(
            projection.total_cost, projection.expected_incremental_responses),
        missing=tuple(dict.fromkeys(missing)), problems=tuple(problems),
    )  # fmt: skip


def approval_snapshot(campaign: Campaign, evaluation: CampaignEvaluation) -> dict[str, Any]:
    """What a leader approves: the evaluation's figures, the recommendation and its reasons, the data.

    The registry stores it with its SHA-256; the memo prints that hash. The files that produced the split
    and the readout are named by their SHA-256, so an approval says which data it rests on.

    Examples:
        >>> from rollout.campaign import Brief, RolloutAssumptions
        >>> c = Campaign(brief=Brief(cost_per_contact=300, margin_per_response=40_000, fixed_cost=3e6),
        ...              rollout=RolloutAssumptions(source="rates", n_control=5_000, n_treatment=20_000,
        ...                                         control_rate=0.02, pilot_rate=0.03, audience=200_000))
        >>> s = approval_snapshot(c, evaluate(c))
        >>> s["recommendation"], round(s["figures"]["probability_of_profit"], 2), s["campaign_hash"] == c.content_hash()
        ('go', 0.82, True)

    References:
        docs/architecture.md §5 (an approval stores the snapshot of the numbers approved and its hash).
    """
    files = {
        name: {"name": source.name, "sha256": source.sha256}
        for name, record in (("assignment", campaign.assignment), ("readout", campaign.readout))
        if record is not None and (source := record.source) is not None
    }
    reasons = (
        [[code, to_plain(params)] for code, params in evaluation.decision.reasons]
        if evaluation.decision
        else []
    )
    return {
        "campaign_hash": evaluation.campaign_hash,
        "recommendation": evaluation.recommendation,
        "reasons": reasons,
        "figures": evaluation.summary(),
        "files": files,
    }

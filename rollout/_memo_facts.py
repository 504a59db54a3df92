"""The figures a decision memo states, taken from the campaign and its evaluation (nothing recomputed).

:func:`memo_facts` copies the brief's words, the pilot figure, the projection and the recommendation
from a :class:`~rollout.evaluation.CampaignEvaluation`, so the memo prints exactly what the pages show.
The approval block comes from the registry (:class:`Approval`), never from the record alone: a memo says
"approved" only for an approval the audit trail holds, and says so only while the numbers are the ones
approved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from economics import RolloutProjectionResult, beneficial_effect
from rollout._plain import to_plain
from rollout.campaign import Campaign
from rollout.decision import DecisionResult
from rollout.evaluation import CampaignEvaluation

DECIDED = ("approved", "rejected")


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval:
    """Who approved or rejected the roll-out, when, why, and on which numbers.

    ``snapshot_sha256`` is the hash of the figures approved; ``changed_after`` is true when the campaign
    changed since, so the approval no longer covers what the memo shows.
    """

    stage: str
    actor: str
    at: Any
    note: str = ""
    snapshot_sha256: str | None = None
    changed_after: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoFacts:
    """Everything the memo states, as numbers (``nan`` / ``None`` when unknown)."""

    name: str
    objective: str | None
    channel: str | None
    stimulus: str
    question: str
    stage: str
    campaign_id: int | None
    currency: str
    metric: str | None
    direction: str
    source: str | None
    control: float
    treatment: float
    effect_size: float
    ci_lower: float
    ci_upper: float
    std_error: float
    rel_effect_size: float
    pvalue: float
    confidence_level: float
    alpha: float
    n_control: int | None
    n_treatment: int | None
    planned_n_control: int | None
    planned_n_treatment: int | None
    srm_flagged: bool | None
    srm_pvalue: float
    audience: int | None
    projection: RolloutProjectionResult | None
    decision: DecisionResult | None
    approval: Approval | None
    metrics: dict[str, dict[str, Any]]
    notes: tuple[str, ...] = ()

    @property
    def benefit(self) -> tuple[float, float, float]:
        """(lift, lower, upper) in the metric's good direction (a churn fall is positive)."""
        ends = sorted(beneficial_effect(x, self.direction) for x in (self.ci_lower, self.ci_upper))
        return beneficial_effect(self.effect_size, self.direction), ends[0], ends[1]

    @property
    def break_even_uplift(self) -> float:
        """The roll-out break-even lift in the good direction (``nan`` without money)."""
        if self.projection is not None:
            return self.projection.break_even_uplift
        return self.decision.break_even_uplift if self.decision is not None else math.nan

    @property
    def has_pilot(self) -> bool:
        """A pilot effect with its interval is known."""
        return not any(math.isnan(x) for x in (self.effect_size, self.ci_lower, self.ci_upper))


def approval_from_status(status: Any, actor_name: str | None = None) -> Approval | None:
    """The memo's approval block from the registry's ``approval_status`` (``None`` when nothing stands).

    A decision reopened since gives ``None``; one whose campaign changed since is kept but marked
    ``changed_after``, so the memo says it no longer covers the figures shown.

    Examples:
        >>> from types import SimpleNamespace as S
        >>> approval_from_status(S(decision="approved", actor="ana", at="2026-12-03T10:00:00+00:00",
        ...     reason="", snapshot_hash="ab12", changed_after_decision=True), "Ana Pérez").changed_after
        True
        >>> approval_from_status(S(decision=None)) is None
        True
    """
    if status is None or status.decision not in DECIDED:
        return None
    return Approval(
        stage=status.decision, actor=actor_name or status.actor or "", at=status.at, note=status.reason or "",
        snapshot_sha256=status.snapshot_hash, changed_after=bool(status.changed_after_decision),
    )  # fmt: skip


def _readout_facts(
    campaign: Campaign, source: str | None
) -> tuple[bool | None, float, dict[str, dict[str, Any]]]:
    readout = campaign.readout
    if readout is None:
        return None, math.nan, {}
    metrics = {name: to_plain(line) for name, line in readout.metrics.items()}
    if source != "readout":
        return None, math.nan, metrics
    return readout.srm_flagged, readout.srm_pvalue, metrics


def memo_facts(
    campaign: Campaign, evaluation: CampaignEvaluation, approval: Approval | None = None
) -> MemoFacts:
    """The memo's figures: the campaign's words and the evaluation's numbers.

    Args:
        campaign: The campaign record.
        evaluation: ``rollout.evaluate(campaign)`` – the same result the pages render.
        approval: The current approval from the registry, if any.

    Returns:
        The facts; never raises for a partial campaign.

    Examples:
        The docs/formulas.md §6 pilot rolled out to 200 000 customers: 82 % chance of profit, go in stages.

        >>> from rollout import Brief, RolloutAssumptions, evaluate
        >>> c = Campaign(brief=Brief(name="Catálogo", cost_per_contact=300, margin_per_response=40_000,
        ...              fixed_cost=3e6), rollout=RolloutAssumptions(source="rates", n_control=5_000,
        ...              n_treatment=20_000, control_rate=0.02, pilot_rate=0.03, audience=200_000))
        >>> f = memo_facts(c, evaluate(c))
        >>> f.decision.decision, round(f.projection.probability_of_profit, 2), round(f.projection.expected_profit)
        ('go', 0.82, 17000000)

    References:
        docs/formulas.md §6; ``rollout.evaluate``.
    """
    brief, design, pilot = campaign.brief, campaign.design, evaluation.pilot
    nan = math.nan
    srm, srm_p, metrics = _readout_facts(campaign, pilot.source if pilot else None)
    level = pilot.confidence_level if pilot else 0.95
    return MemoFacts(
        name=brief.name.strip(), objective=brief.objective, channel=brief.channel, stimulus=brief.stimulus.strip(),
        question=brief.question.strip(), stage=campaign.stage, campaign_id=campaign.id, currency=evaluation.currency,
        metric=pilot.metric if pilot else None, direction=pilot.direction if pilot else "increase",
        source=pilot.source if pilot else None, control=pilot.control if pilot else nan,
        treatment=pilot.treatment if pilot else nan, effect_size=pilot.effect_size if pilot else nan,
        ci_lower=pilot.effect_size_ci_lower if pilot else nan, ci_upper=pilot.effect_size_ci_upper if pilot else nan,
        std_error=pilot.std_error if pilot else nan, rel_effect_size=pilot.rel_effect_size if pilot else nan,
        pvalue=pilot.pvalue if pilot else nan, confidence_level=level, alpha=1 - level,
        n_control=pilot.n_control if pilot else None, n_treatment=pilot.n_treatment if pilot else None,
        planned_n_control=design.n_control if design else None,
        planned_n_treatment=design.n_treatment if design else None, srm_flagged=srm, srm_pvalue=srm_p,
        audience=evaluation.audience, projection=evaluation.projection, decision=evaluation.decision,
        approval=approval, metrics=metrics, notes=tuple(code for code, _ in evaluation.problems),
    )  # fmt: skip

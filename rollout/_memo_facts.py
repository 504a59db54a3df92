"""The figures of a decision memo, gathered from the campaign record (no formatting, no UI).

The campaign is the plain dict the app keeps (and the registry saves): ``brief`` (name, objective,
channel, stimulus, eligible_base, fixed_cost, cost_per_contact, margin_per_response, currency),
``design`` (planned ``n_control`` / ``n_treatment``), ``readout`` (``alpha``, ``primary``,
``srm_flagged``, ``srm_pvalue`` and ``metrics[name]`` with the effect fields) and ``rollout``.

The pilot's effect is taken from ``rollout`` when the Roll-out page stored it there (``effect_size``,
``std_error`` or the interval ``ci_lower``/``ci_upper``, ``confidence``, ``pvalue``, ``n_control``,
``n_treatment``, ``direction``, ``metric``), otherwise from the readout's metric named by
``rollout["metric"]``, the readout's primary metric or its first proportion metric. Money comes from
``rollout`` (``margin_per_response``, ``cost_per_contact``, ``fixed_cost``, ``audience``), falling
back to the brief. The projection and the recommendation are then recomputed with
:func:`economics.project_rollout` and :func:`rollout.decision.recommend_rollout`, so the memo shows
exactly what the rules say for these figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from economics import RolloutProjectionResult, beneficial_effect, project_rollout, std_error_from_interval
from planner_common import InputError
from rollout.decision import DecisionResult, PilotReadout, recommend_rollout
from rollout.permissions import current_decision

DECIDED = ("approved", "rejected")


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval:
    """Who approved or rejected the roll-out, when, and why."""

    stage: str
    actor: str
    at: Any
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoFacts:
    """Everything the memo states, as numbers (``nan`` / ``None`` when unknown).

    Attributes:
        name, objective, channel, stimulus, question, stage, campaign_id: From the record.
        metric, direction, source: The metric judged and where it came from (``readout`` / ``rollout``).
        control, treatment: Rates of control and pilot (``nan`` when typed as a lift only).
        effect_size, ci_lower, ci_upper, std_error, rel_effect_size, pvalue: The measured effect.
        confidence_level, alpha: Level of the interval and of the test.
        srm_flagged, srm_pvalue: The split check (``None`` = not checked).
        projection: The roll-out money (``None`` without costs, margin or audience).
        decision: The recommendation (``None`` without a pilot effect, or when the money was refused).
        approval: The leader's decision, when there is one.
        metrics: Every metric of the readout (for the spreadsheet).
        notes: Error codes met while projecting (e.g. ``no_break_even``).
    """

    name: str
    objective: str | None
    channel: str | None
    stimulus: str
    question: str
    stage: str
    campaign_id: int | None
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
    margin_per_response: float | None
    cost_per_contact: float | None
    fixed_cost: float | None
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


def _float(value: Any) -> float:
    try:
        return math.nan if value is None else float(value)
    except (TypeError, ValueError):
        return math.nan


def _int(value: Any) -> int | None:
    number = _float(value)
    return None if math.isnan(number) else int(round(number))


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None and v != ""), None)


def _pick_metric(readout: dict[str, Any], wanted: str | None) -> str | None:
    metrics = readout.get("metrics") or {}
    names = [n for n, m in metrics.items() if (m or {}).get("kind", "proportion") == "proportion"]
    for name in (wanted, readout.get("primary")):
        if name in names:
            return name
    return names[0] if names else None


def _pilot(campaign: dict[str, Any]) -> dict[str, Any]:
    """The effect fields, from the roll-out section or the readout (see the module doc)."""
    roll, readout = campaign.get("rollout") or {}, campaign.get("readout") or {}
    alpha = _float(_first(roll.get("alpha"), readout.get("alpha"), 0.05))
    if roll.get("effect_size") is not None and (
        roll.get("std_error") is not None or roll.get("ci_lower") is not None
    ):
        conf = _float(_first(roll.get("confidence"), 1 - alpha))
        return {
            "source": "rollout",
            "metric": roll.get("metric"),
            "direction": roll.get("direction"),
            "control": roll.get("control"),
            "treatment": roll.get("treatment"),
            "effect_size": roll.get("effect_size"),
            "ci_lower": roll.get("ci_lower"),
            "ci_upper": roll.get("ci_upper"),
            "std_error": roll.get("std_error"),
            "pvalue": roll.get("pvalue"),
            "n_control": roll.get("n_control"),
            "n_treatment": roll.get("n_treatment"),
            "confidence": conf,
            "alpha": 1 - conf,
            "rel_effect_size": roll.get("rel_effect_size"),
        }
    name = _pick_metric(readout, roll.get("metric"))
    if name is None:
        return {"alpha": alpha, "confidence": 1 - alpha}
    m = readout["metrics"][name]
    return {
        "source": "readout",
        "metric": name,
        "direction": m.get("direction"),
        "control": m.get("control"),
        "treatment": m.get("treatment"),
        "effect_size": m.get("effect_size"),
        "ci_lower": m.get("effect_size_ci_lower"),
        "ci_upper": m.get("effect_size_ci_upper"),
        "std_error": m.get("std_error"),
        "pvalue": m.get("pvalue"),
        "n_control": m.get("n_control"),
        "n_treatment": m.get("n_treatment"),
        "confidence": 1 - alpha,
        "alpha": alpha,
        "rel_effect_size": m.get("rel_effect_size"),
    }


def _std_error(p: dict[str, Any]) -> float:
    se = _float(p.get("std_error"))
    lo, hi = _float(p.get("ci_lower")), _float(p.get("ci_upper"))
    if math.isnan(se) and not (math.isnan(lo) or math.isnan(hi)):
        se = std_error_from_interval(lo, hi, confidence_level=p["confidence"])
    return se


def _interval(p: dict[str, Any], se: float) -> tuple[float, float]:
    """The stated interval, or ``û ± z·SE`` when only the standard error was kept."""
    lo, hi, u = _float(p.get("ci_lower")), _float(p.get("ci_upper")), _float(p.get("effect_size"))
    if (math.isnan(lo) or math.isnan(hi)) and not (math.isnan(u) or math.isnan(se)):
        z = NormalDist().inv_cdf(0.5 + p["confidence"] / 2)
        lo, hi = u - z * se, u + z * se
    return lo, hi


def _relative(p: dict[str, Any]) -> float:
    rel, control, treatment = (_float(p.get(k)) for k in ("rel_effect_size", "control", "treatment"))
    if math.isnan(rel) and control > 0:
        rel = treatment / control - 1
    return rel


def _money(campaign: dict[str, Any]) -> dict[str, Any]:
    roll, brief = campaign.get("rollout") or {}, campaign.get("brief") or {}
    return {
        "margin_per_response": _first(roll.get("margin_per_response"), brief.get("margin_per_response")),
        "cost_per_contact": _first(roll.get("cost_per_contact"), brief.get("cost_per_contact")),
        "fixed_cost": _first(roll.get("fixed_cost"), roll.get("rollout_fixed_cost"), brief.get("fixed_cost")),
        "audience": _int(_first(roll.get("audience"), brief.get("eligible_base"))),
    }


def _projection(
    p: dict[str, Any], se: float, money: dict[str, Any], direction: str, notes: list[str]
) -> RolloutProjectionResult | None:
    needed = (
        p.get("effect_size"),
        money["margin_per_response"],
        money["cost_per_contact"],
        money["audience"],
    )
    if any(v is None for v in needed) or math.isnan(se):
        return None
    try:
        return project_rollout(
            float(p["effect_size"]),
            se,
            audience=money["audience"],
            margin_per_response=float(money["margin_per_response"]),
            cost_per_contact=float(money["cost_per_contact"]),
            fixed_cost=float(money["fixed_cost"] or 0.0),
            confidence_level=p["confidence"],
            direction=direction,
        )
    except InputError as exc:
        notes.append(exc.code)
        return None


def _decision(
    p: dict[str, Any],
    lo: float,
    hi: float,
    design: dict[str, Any],
    srm: bool | None,
    direction: str,
    projection: RolloutProjectionResult | None,
    notes: list[str],
) -> DecisionResult | None:
    u, n_c, n_t = _float(p.get("effect_size")), _int(p.get("n_control")), _int(p.get("n_treatment"))
    if math.isnan(u) or math.isnan(lo) or math.isnan(hi) or n_c is None or n_t is None:
        return None
    try:
        readout = PilotReadout(
            effect_size=u,
            effect_size_ci_lower=lo,
            effect_size_ci_upper=hi,
            n_control=n_c,
            n_treatment=n_t,
            pvalue=_float(p.get("pvalue")),
            alpha=p["alpha"],
            confidence_level=p["confidence"],
            planned_n_control=_int(design.get("n_control")),
            planned_n_treatment=_int(design.get("n_treatment")),
            srm_flagged=bool(srm),
            direction=direction,
        )
        return recommend_rollout(readout, projection=projection)
    except InputError as exc:
        notes.append(exc.code)
        return None


def approval_from(campaign: dict[str, Any], audit: Any = None) -> Approval | None:
    """The standing approve / reject: from the registry's audit rows when given, else the record's own.

    With audit rows, a decision reversed (reopened) or changed since (a later save with other content)
    gives ``None``: the memo never says "approved" for numbers nobody approved.

    Examples:
        The marketing director approved the catalogue roll-out from the memo:

        >>> approval_from({"approval": {"stage": "approved", "by": "Ana", "at": "2025-11-23T14:05:00+00:00"}})
        Approval(stage='approved', actor='Ana', at='2025-11-23T14:05:00+00:00', note='')

    References:
        design.md §5 (every state change writes an append-only audit row); ``Registry.audit_log``.
    """
    if audit is not None:  # the registry's trail decides; the record's own field is not trusted
        entry, changed = current_decision(audit)
        if entry is None or changed:
            return None
        return Approval(stage=entry.to_stage, actor=entry.actor, at=entry.at, note=entry.note or "")
    saved = campaign.get("approval") or {}
    if saved.get("stage") in DECIDED:
        return Approval(
            stage=saved["stage"],
            actor=str(saved.get("by") or ""),
            at=saved.get("at"),
            note=str(saved.get("note") or ""),
        )
    return None


def memo_facts(campaign: dict[str, Any], audit: Any = None) -> MemoFacts:
    """Gather (and recompute) the memo's figures from a campaign record.

    Args:
        campaign: The campaign dict (see the module doc); missing parts give ``nan`` / ``None``.
        audit: The registry's audit rows of this campaign (``Registry.audit_log``), if saved.

    Returns:
        The facts; never raises for a partial campaign.

    Examples:
        The formulas.md §6 pilot (1.00 pp, 95 % interval 0.546 to 1.454 pp) rolled out to 200 000 with
        300 CLP per contact, 40 000 CLP margin and 3 M fixed: about 82 % chance of profit → go, in stages.

        >>> f = memo_facts({"brief": {"name": "Catálogo", "eligible_base": 200_000, "fixed_cost": 3e6,
        ...     "cost_per_contact": 300, "margin_per_response": 40_000},
        ...     "rollout": {"effect_size": 0.01, "ci_lower": 0.00546, "ci_upper": 0.01454, "pvalue": 2e-5,
        ...                 "n_control": 5_000, "n_treatment": 20_000}})
        >>> f.decision.decision, round(f.projection.probability_of_profit, 2), round(f.projection.expected_profit)
        ('go', 0.82, 17000000)

    References:
        formulas.md §6; ``rollout.decision`` (rules); ``economics.projection``.
    """
    brief, design, readout = (campaign.get(k) or {} for k in ("brief", "design", "readout"))
    notes: list[str] = []
    p = _pilot(campaign)
    direction = p.get("direction") if p.get("direction") in ("increase", "decrease") else "increase"
    se = _std_error(p) if p.get("effect_size") is not None else math.nan
    lo, hi = _interval(p, se)
    money = _money(campaign)
    srm = (
        readout.get("srm_flagged")
        if p.get("source") == "readout"
        else (campaign.get("rollout") or {}).get("srm_flagged", readout.get("srm_flagged"))
    )
    projection = _projection(p, se, money, direction, notes)
    # Money that was given but refused (a zero margin) must not be judged as "no economics" (break-even 0).
    decision = None if notes else _decision(p, lo, hi, design, srm, direction, projection, notes)
    return MemoFacts(
        name=str(brief.get("name") or "").strip(),
        objective=brief.get("objective"),
        channel=brief.get("channel"),
        stimulus=str(brief.get("stimulus") or "").strip(),
        question=str(brief.get("question") or "").strip(),
        stage=str(campaign.get("stage") or "draft"),
        campaign_id=_int(campaign.get("id")),
        metric=p.get("metric"),
        direction=direction,
        source=p.get("source"),
        control=_float(p.get("control")),
        treatment=_float(p.get("treatment")),
        effect_size=_float(p.get("effect_size")),
        ci_lower=lo,
        ci_upper=hi,
        std_error=se,
        rel_effect_size=_relative(p),
        pvalue=_float(p.get("pvalue")),
        confidence_level=p["confidence"],
        alpha=p["alpha"],
        n_control=_int(p.get("n_control")),
        n_treatment=_int(p.get("n_treatment")),
        planned_n_control=_int(design.get("n_control")),
        planned_n_treatment=_int(design.get("n_treatment")),
        srm_flagged=None if srm is None else bool(srm),
        srm_pvalue=_float(readout.get("srm_pvalue")) if p.get("source") == "readout" else math.nan,
        margin_per_response=_float(money["margin_per_response"])
        if money["margin_per_response"] is not None
        else None,
        cost_per_contact=_float(money["cost_per_contact"]) if money["cost_per_contact"] is not None else None,
        fixed_cost=_float(money["fixed_cost"]) if money["fixed_cost"] is not None else None,
        audience=money["audience"],
        projection=projection,
        decision=decision,
        approval=approval_from(campaign, audit),
        metrics=dict(readout.get("metrics") or {}),
        notes=tuple(notes),
    )

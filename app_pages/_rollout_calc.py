"""Cached calls into ``economics`` and ``rollout.decision`` for the Roll-out page (no formulas here).

The only arithmetic is bookkeeping: counts are recovered from a rate and its group size, and for a
"decrease is good" metric (churn) the customers *kept* play the role of responses, so that every money
figure follows the reduction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages._rollout_inputs import MoneyInput, PilotInput
from economics import (
    BreakEvenResult,
    CampaignCosts,
    IncrementalResponseResult,
    ProfitResult,
    RolloutProjectionResult,
    UnitCostResult,
    UnitCostsResult,
    break_even,
    campaign_profit,
    campaign_unit_costs,
    cost_per_incremental_response,
    incremental_response,
    project_rollout,
    rollout_profit,
)
from rollout import DecisionResult, PilotReadout, recommend_rollout


@dataclass(frozen=True, slots=True, kw_only=True)
class PilotNumbers:
    """The five numbers of the pilot, attributed and incremental (docs/formulas.md §1–§5)."""

    response: IncrementalResponseResult
    conversion: IncrementalResponseResult | None
    costs: UnitCostsResult
    profit: ProfitResult
    break_even: BreakEvenResult


@st.cache_data(max_entries=64, show_spinner=False)
def projection(
    effect_size: float,
    std_error: float,
    audience: int,
    margin: float,
    cost_per_contact: float,
    fixed_cost: float,
    confidence: float,
    direction: str,
) -> RolloutProjectionResult:
    """The roll-out's expected money, its interval, scenarios and probability of profit."""
    return project_rollout(
        effect_size,
        std_error,
        audience=audience,
        margin_per_response=margin,
        cost_per_contact=cost_per_contact,
        fixed_cost=fixed_cost,
        confidence_level=confidence,
        direction=direction,
    )


def rollout_cost_per_incremental(proj: RolloutProjectionResult) -> UnitCostResult:
    """Roll-out cost per incremental response (undefined when the expected uplift is not positive)."""
    return cost_per_incremental_response(proj.total_cost, proj.expected_incremental_responses)


def decide(pilot: PilotInput, proj: RolloutProjectionResult) -> DecisionResult:
    """Go / no-go / extend from the readout and the projection."""
    readout = PilotReadout(
        effect_size=pilot.effect_size,
        effect_size_ci_lower=pilot.ci_lower,
        effect_size_ci_upper=pilot.ci_upper,
        pvalue=pilot.pvalue,
        n_control=pilot.n_control,
        n_treatment=pilot.n_treatment,
        alpha=1 - pilot.confidence,
        confidence_level=pilot.confidence,
        planned_n_control=pilot.planned[0],
        planned_n_treatment=pilot.planned[1],
        srm_flagged=pilot.srm_flagged,
        direction=pilot.direction,
    )
    return recommend_rollout(readout, projection=proj)


def _counts(rate: float, n: int, kept: bool) -> int:
    hits = round(rate * n)
    return n - hits if kept else hits


@st.cache_data(max_entries=64, show_spinner=False)
def pilot_numbers(
    pilot: PilotInput, margin: float, cost_per_contact: float, fixed_cost: float
) -> PilotNumbers:
    """Response, conversion, cost per target, break-even and ROI of the pilot, both views."""
    kept = pilot.direction == "decrease"
    nt, nc = pilot.n_treatment, pilot.n_control
    rt, rc = _counts(pilot.treatment, nt, kept), _counts(pilot.control, nc, kept)
    response = incremental_response(rt, nt, rc, nc)
    conversion = None
    if pilot.conversion is not None:
        conv_c, conv_t = pilot.conversion
        conversion = incremental_response(_counts(conv_t, nt, False), nt, _counts(conv_c, nc, False), nc)
    costs = campaign_unit_costs(
        CampaignCosts(fixed=fixed_cost, per_contact=cost_per_contact),
        contacts=nt,
        responses=rt,
        acquisitions=None if conversion is None else conversion.responders_treatment,
        incremental_responses=response.incremental_responders,
        incremental_acquisitions=None if conversion is None else conversion.incremental_responders,
    )
    profit = campaign_profit(
        responses=rt,
        margin_per_response=margin,
        total_cost=costs.total_cost,
        incremental_responses=response.incremental_responders,
    )
    be = break_even(
        cost_per_contact, margin, fixed_cost=fixed_cost, contacts=nt, baseline_rate=response.control
    )
    return PilotNumbers(response=response, conversion=conversion, costs=costs, profit=profit, break_even=be)


def _grid(low: float, high: float, points: int, extra: tuple[float, ...] = ()) -> list[float]:
    step = (high - low) / (points - 1)
    return sorted({*(low + i * step for i in range(points)), *(x for x in extra if low <= x <= high)})


@st.cache_data(max_entries=64, show_spinner=False)
def profit_by_uplift(proj: RolloutProjectionResult, points: int = 41) -> pd.DataFrame:
    """Roll-out profit over a range of uplifts that covers the interval, zero and the break-even."""
    marks = (proj.uplift_ci_lower, proj.uplift_ci_upper, proj.break_even_uplift, 0.0)
    low, high = min(marks), max(marks)
    pad = 0.15 * (high - low or abs(proj.break_even_uplift) or 0.01)
    return _profits(proj, _grid(max(-1.0, low - pad), min(1.0, high + pad), points, (proj.uplift,)))


@st.cache_data(max_entries=64, show_spinner=False)
def profit_spread(proj: RolloutProjectionResult, points: int = 121) -> pd.DataFrame:
    """Uplifts ± 4 standard errors around the estimate (with the break-even) and their profit."""
    se = proj.uplift_std_error
    low, high = max(-1.0, proj.uplift - 4 * se), min(1.0, proj.uplift + 4 * se)
    return _profits(proj, _grid(low, high, points, (proj.break_even_uplift,)))


def _profits(proj: RolloutProjectionResult, uplifts: list[float]) -> pd.DataFrame:
    profits = [
        rollout_profit(
            u,
            audience=proj.audience,
            margin_per_response=proj.margin_per_response,
            cost_per_contact=proj.cost_per_contact,
            fixed_cost=proj.fixed_cost,
        )
        for u in uplifts
    ]
    return pd.DataFrame({"uplift": uplifts, "profit": profits})


def _plain(value: Any) -> Any:
    """A value the campaign record can store as JSON (``nan`` becomes ``None``)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def record(
    pilot: PilotInput, cash: MoneyInput, proj: RolloutProjectionResult, verdict: DecisionResult, currency: str
) -> dict[str, Any]:
    """What the page decided, for ``section("rollout")`` (read by the decision memo and the registry)."""
    facts = {
        "source": pilot.source,
        "metric": pilot.metric,
        "direction": pilot.direction,
        "control": pilot.control,
        "treatment": pilot.treatment,
        "effect_size": pilot.effect_size,
        "std_error": pilot.std_error,
        "ci_lower": pilot.ci_lower,
        "ci_upper": pilot.ci_upper,
        "confidence": pilot.confidence,
        "alpha": 1 - pilot.confidence,
        "pvalue": pilot.pvalue,
        "n_control": pilot.n_control,
        "n_treatment": pilot.n_treatment,
        "margin_per_response": cash.margin_per_response,
        "cost_per_contact": cash.cost_per_contact,
        "pilot_fixed_cost": cash.pilot_fixed_cost,
        "fixed_cost": cash.rollout_fixed_cost,
        "rollout_fixed_cost": cash.rollout_fixed_cost,
        "audience": cash.audience,
        "currency": currency,
        "decision": verdict.decision,
        "probability_of_profit": proj.probability_of_profit,
        "expected_profit": proj.expected_profit,
        "profit_ci_lower": proj.profit_ci_lower,
        "profit_ci_upper": proj.profit_ci_upper,
        "break_even_uplift": proj.break_even_uplift,
    }
    return {key: _plain(value) for key, value in facts.items()}

"""Inputs of the Roll-out page: the pilot's result (carried from "Analyse pilot" or typed) and the money.

A typed result is turned into an effect with its standard error by the same core functions the
Analyse page uses (``economics.incremental_response`` refuses a missing control;
``experiments.compare_proportions`` gives the interval and the p-value). :func:`pilot_readout` hands
the result to ``rollout.recommend_rollout``; :func:`record` is what the page saves for the memo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages.components.inputs import forget_stale, money_input, option_labels, percent_input
from app_pages.i18n import fmt_int, fmt_pct, fmt_points, t
from app_pages.state import section
from economics import RolloutProjectionResult, incremental_response, std_error_from_interval
from experiments import ArmCounts, compare_proportions
from planner_common import check_rate
from rollout import DecisionResult, PilotReadout

# docs/formulas.md §2–§6: pilot 600 / 20 000 against 100 / 5 000 (240 and 40 new customers), F = 2 M,
# c = 300, m = 40 000 CLP; roll-out to 200 000 with F_roll = 3 M.
EXAMPLE = {
    "rollout.source": "manual",
    "rollout.mode": "rates",
    "rollout.direction": "increase",
    "rollout.confidence": 0.95,
    "rollout.n_control": 5_000,
    "rollout.n_pilot": 20_000,
    "rollout.control_rate": 2.0,
    "rollout.pilot_rate": 3.0,
    "rollout.conv_control": 0.8,
    "rollout.conv_pilot": 1.2,
    "rollout.lift": 1.0,
    "rollout.lift_lower": 0.546,
    "rollout.lift_upper": 1.454,
    "rollout.cost_per_contact": 300.0,
    "rollout.margin": 40_000.0,
    "rollout.pilot_fixed": 2_000_000.0,
    "rollout.rollout_fixed": 3_000_000.0,
    "rollout.audience": 200_000,
}

CONFIDENCE = (0.90, 0.95, 0.99)
PERCENT_FIELDS = ("control_rate", "pilot_rate", "conversion_control", "conversion_pilot")
POINTS_FIELDS = (
    "effect_size",
    "ci_lower",
    "ci_upper",
    "effect_size_ci_lower",
    "effect_size_ci_upper",
    "uplift",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PilotInput:
    """The pilot's result as the roll-out needs it (rates as fractions, effect = treatment − control)."""

    source: str
    metric: str | None
    direction: str
    effect_size: float
    std_error: float
    ci_lower: float
    ci_upper: float
    confidence: float
    pvalue: float = math.nan
    n_control: int
    n_treatment: int
    control: float | None = None
    treatment: float | None = None
    conversion: tuple[float, float] | None = None  # (control, pilot) conversion rates on contacted
    srm_flagged: bool = False
    planned: tuple[int | None, int | None] = (None, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class MoneyInput:
    """Costs and margin of the pilot and of the roll-out."""

    cost_per_contact: float | None
    margin_per_response: float | None
    pilot_fixed_cost: float | None
    audience: int | None
    rollout_fixed_cost: float | None

    @property
    def complete(self) -> bool:
        return None not in (
            self.cost_per_contact,
            self.margin_per_response,
            self.pilot_fixed_cost,
            self.audience,
            self.rollout_fixed_cost,
        )


def proportion_metrics(readout: dict[str, Any]) -> list[str]:
    """Names of the readout's proportion metrics (response, conversion, churn), primary first."""
    metrics = readout.get("metrics") or {}
    names = [name for name, m in metrics.items() if m.get("kind", "proportion") == "proportion"]
    primary = readout.get("primary")
    return sorted(names, key=lambda name: name != primary)


def _planned() -> tuple[int | None, int | None]:
    design = section("design")
    return design.get("n_control"), design.get("n_treatment")


def from_readout(readout: dict[str, Any], slot: Any) -> PilotInput | None:
    """Let the user pick the metric of the Analyse page's readout and summarise it."""
    names = proportion_metrics(readout)
    if not names:
        slot.info(t("rollout.no_proportion"), icon=":material/info:")
        return None
    forget_stale("rollout.metric", names)
    metric = st.selectbox(t("rollout.metric"), names, key="rollout.metric")
    m = readout["metrics"][metric]
    others = [name for name in names if name != metric]
    none = t("rollout.none")
    forget_stale("rollout.conversion_metric", [None, *others])
    conv_name = st.selectbox(
        t("rollout.conversion_metric"),
        [None, *others],
        key="rollout.conversion_metric",
        format_func=lambda c: none if c is None else c,
    )
    alpha = float(readout.get("alpha", 0.05))
    st.caption(
        t(
            "rollout.readout_summary",
            source=readout.get("source") or "—",
            control=fmt_pct(m["control"], digits=2),
            treatment=fmt_pct(m["treatment"], digits=2),
            effect=fmt_points(m["effect_size"]),
            lower=fmt_points(m["effect_size_ci_lower"]),
            upper=fmt_points(m["effect_size_ci_upper"]),
            n_control=fmt_int(m["n_control"]),
            n_treatment=fmt_int(m["n_treatment"]),
            direction=t(f"rollout.direction_{m.get('direction', 'increase')}"),
        )
    )
    conv = readout["metrics"].get(conv_name) if conv_name else None
    return PilotInput(
        source="readout",
        metric=metric,
        direction=m.get("direction", "increase"),
        effect_size=m["effect_size"],
        std_error=m["std_error"],
        ci_lower=m["effect_size_ci_lower"],
        ci_upper=m["effect_size_ci_upper"],
        confidence=1 - alpha,
        pvalue=m.get("pvalue", math.nan),
        n_control=int(m["n_control"]),
        n_treatment=int(m["n_treatment"]),
        control=m["control"],
        treatment=m["treatment"],
        conversion=(conv["control"], conv["treatment"]) if conv else None,
        srm_flagged=bool(readout.get("srm_flagged", False)),
        planned=_planned(),
    )


def typed(labels: dict[str, str], slots: dict[str, Any]) -> PilotInput | None:
    """The pilot typed by hand: rates and sizes, or the lift and its interval. May raise InputError."""
    mode = st.radio(
        t("rollout.mode"),
        ("rates", "interval"),
        key="rollout.mode",
        horizontal=True,
        format_func=option_labels("rollout.mode_"),
    )
    direction = st.radio(
        t("rollout.direction"),
        ("increase", "decrease"),
        key="rollout.direction",
        horizontal=True,
        format_func=option_labels("rollout.direction_"),
        help=t("rollout.direction_help"),
    )
    confidence = st.selectbox(
        t("rollout.confidence"), CONFIDENCE, key="rollout.confidence", format_func=lambda c: f"{c:.0%}"
    )
    left, right = st.columns(2)
    n_control = left.number_input(labels["n_control"], key="rollout.n_control", value=None, step=100)
    n_pilot = right.number_input(labels["n_treatment"], key="rollout.n_pilot", value=None, step=100)
    slots["n_control"] = slots["n_treatment"] = st.empty()
    if mode == "interval":
        return _typed_interval(direction, confidence, n_control, n_pilot, labels, slots)
    control = percent_input(t("rollout.control_rate"), "rollout.control_rate", container=left, step=0.1)
    pilot = percent_input(t("rollout.pilot_rate"), "rollout.pilot_rate", container=right, step=0.1)
    slots["control_rate"] = slots["pilot_rate"] = st.empty()
    with st.expander(t("rollout.conversion_title")):
        c_left, c_right = st.columns(2)
        conv_c = percent_input(t("rollout.conversion_control"), "rollout.conv_control", container=c_left)
        conv_p = percent_input(t("rollout.conversion_pilot"), "rollout.conv_pilot", container=c_right)
        slots["conversion_control"] = slots["conversion_pilot"] = st.empty()
    if None in (n_control, n_pilot, control, pilot):
        return None
    for field, value in (
        ("control_rate", control),
        ("pilot_rate", pilot),
        ("conversion_control", conv_c),
        ("conversion_pilot", conv_p),
    ):
        if value is not None:
            check_rate(field, value, allow_zero=True, allow_one=True)
    counts = (round(pilot * n_pilot), n_pilot, round(control * n_control), n_control)
    incremental_response(*counts)  # refuses a missing control group with its own sentence
    result = compare_proportions(
        ArmCounts(counts[2], n_control), ArmCounts(counts[0], n_pilot), alpha=1 - confidence
    )
    conversion = (conv_c, conv_p) if None not in (conv_c, conv_p) else None
    return PilotInput(
        source="rates",
        metric=None,
        direction=direction,
        effect_size=result.effect_size,
        std_error=result.std_error,
        ci_lower=result.effect_size_ci_lower,
        ci_upper=result.effect_size_ci_upper,
        confidence=confidence,
        pvalue=result.pvalue,
        n_control=n_control,
        n_treatment=n_pilot,
        control=result.control,
        treatment=result.treatment,
        conversion=conversion,
        planned=_planned(),
    )


def _typed_interval(
    direction: str,
    confidence: float,
    n_control: int | None,
    n_pilot: int | None,
    labels: dict[str, str],
    slots: dict[str, Any],
) -> PilotInput | None:
    cols = st.columns(3)
    lift, lower, upper = (
        cols[i].number_input(labels[name], key=f"rollout.{name}", value=None, step=0.05, format="%.3f")
        for i, name in enumerate(("lift", "lift_lower", "lift_upper"))
    )
    slots["effect_size"] = slots["ci_lower"] = slots["ci_upper"] = st.empty()
    if None in (lift, lower, upper, n_control, n_pilot):
        return None
    se = std_error_from_interval(lower / 100, upper / 100, confidence_level=confidence)
    incremental_response(0, n_pilot, 0, n_control)  # refuses a missing control group
    return PilotInput(
        source="interval",
        metric=None,
        direction=direction,
        effect_size=lift / 100,
        std_error=se,
        ci_lower=lower / 100,
        ci_upper=upper / 100,
        confidence=confidence,
        n_control=n_control,
        n_treatment=n_pilot,
        planned=_planned(),
    )


def money(cur: str, labels: dict[str, str], slots: dict[str, Any]) -> MoneyInput:
    """Costs and margin (pre-filled from the brief) and the roll-out's audience and fixed cost."""
    left, right = st.columns(2)
    per_contact = money_input(t("rollout.cost_per_contact"), "rollout.cost_per_contact", cur, container=left)
    margin = money_input(
        t("rollout.margin"), "rollout.margin", cur, container=right, help=t("rollout.margin_help")
    )
    slots["cost_per_contact"] = slots["per_contact"] = slots["margin_per_response"] = st.empty()
    left, right = st.columns(2)
    pilot_fixed = money_input(
        t("rollout.pilot_fixed"),
        "rollout.pilot_fixed",
        cur,
        container=left,
        step=100_000.0,
        help=t("rollout.pilot_fixed_help"),
    )
    rollout_fixed = money_input(
        t("rollout.rollout_fixed"),
        "rollout.rollout_fixed",
        cur,
        container=right,
        step=100_000.0,
        help=t("rollout.rollout_fixed_help"),
    )
    slots["fixed"] = slots["fixed_cost"] = slots["total_cost"] = st.empty()
    audience = st.number_input(
        labels["audience"], key="rollout.audience", value=None, step=1000, help=t("rollout.audience_help")
    )
    slots["audience"] = st.empty()
    return MoneyInput(
        cost_per_contact=per_contact,
        margin_per_response=margin,
        pilot_fixed_cost=pilot_fixed,
        audience=audience,
        rollout_fixed_cost=rollout_fixed,
    )


def field_labels(cur: str) -> dict[str, str]:
    """Widget labels by the core parameter names that can be refused (for the error sentences)."""
    money_labels = {
        "cost_per_contact": f"{t('rollout.cost_per_contact')} ({cur})",
        "margin_per_response": f"{t('rollout.margin')} ({cur})",
        "fixed": f"{t('rollout.pilot_fixed')} ({cur})",
        "fixed_cost": f"{t('rollout.rollout_fixed')} ({cur})",
    }
    labels = {
        "n_control": t("rollout.n_control"),
        "n_treatment": t("rollout.n_pilot"),
        "control_rate": f"{t('rollout.control_rate')} (%)",
        "pilot_rate": f"{t('rollout.pilot_rate')} (%)",
        "conversion_control": f"{t('rollout.conversion_control')} (%)",
        "conversion_pilot": f"{t('rollout.conversion_pilot')} (%)",
        "lift": t("rollout.lift"),
        "lift_lower": t("rollout.lift_lower"),
        "lift_upper": t("rollout.lift_upper"),
        "audience": t("rollout.audience"),
        **money_labels,
    }
    labels.update(
        effect_size=labels["lift"],
        ci_lower=labels["lift_lower"],
        ci_upper=labels["lift_upper"],
        effect_size_ci_lower=labels["lift_lower"],
        effect_size_ci_upper=labels["lift_upper"],
        uplift=labels["lift"],
        per_contact=money_labels["cost_per_contact"],
        total_cost=money_labels["fixed"],
        responders_control=labels["control_rate"],
        responders_treatment=labels["pilot_rate"],
    )
    return labels


def pilot_readout(pilot: PilotInput) -> PilotReadout:
    """The pilot's result as ``rollout.recommend_rollout`` reads it."""
    return PilotReadout(
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


def _plain(value: Any) -> Any:
    """A value the campaign record can store as JSON (``nan`` becomes ``None``)."""
    return None if isinstance(value, float) and math.isnan(value) else value


def record(
    pilot: PilotInput, cash: MoneyInput, proj: RolloutProjectionResult, verdict: DecisionResult, currency: str
) -> dict[str, Any]:
    """What the page decided, for ``section("rollout")`` (read by the decision memo and the registry)."""
    facts = {
        **{k: getattr(pilot, k) for k in ("source", "metric", "direction", "control", "treatment")},
        **{k: getattr(pilot, k) for k in ("effect_size", "std_error", "ci_lower", "ci_upper", "confidence")},
        "alpha": 1 - pilot.confidence,
        **{k: getattr(pilot, k) for k in ("pvalue", "n_control", "n_treatment")},
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

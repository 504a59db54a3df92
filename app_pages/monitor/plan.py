"""Which sequential plan the running pilot is read against: the saved one, or one defined here.

The saved plan is the Monitor page's own (``Campaign.monitoring["plan"]``) or, before there is one, the
design's (``DesignPlan.sequential``, from "Size the pilot"). A plan defined here is saved with the
monitoring state when the pilot is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages.components.feedback import show_error
from app_pages.components.inputs import count_input, option_labels, percent_option
from app_pages.i18n import fmt_int, t
from app_pages.state import campaign
from experiments import SequentialPlan
from planner_common import InputError
from rollout import saved_plan

KINDS = ("group-sequential", "confidence-sequence")
SPENDINGS = ("obrien-fleming", "pocock")
CONFIDENCES = (0.90, 0.95, 0.99)
LOOK_COUNTS = tuple(range(2, 51))


@dataclass(frozen=True, slots=True)
class PlanChoice:
    """The plan to apply and what the outlook needs from the design."""

    plan: dict[str, Any]
    source: str  # "design" | "monitor"
    daily_volume: int | None
    n_treatments: int


def _saved() -> PlanChoice | None:
    current = campaign()
    try:
        found = saved_plan(current)
    except InputError as exc:
        show_error(exc)
        return None
    if found is None:
        return None
    plan, source = found
    design = current.design
    volume = design.daily_volume if design is not None and source == "design" else None
    return PlanChoice(plan.to_dict(), source, volume, design.n_treatments if design is not None else 1)


def describe(plan: dict[str, Any]) -> str:
    """One line: the kind, spending and looks, and the planned customers per group."""
    p = SequentialPlan.from_dict(plan)
    if p.kind == "confidence-sequence":
        how = t("monitor.plan.kind_confidence-sequence")
    else:
        looks = t("design.seq.daily_looks") if p.looks == "daily" else t("design.seq.k_looks", k=p.looks)
        how = f"{t(f'design.seq.name_{p.spending}')}, {looks}"
    sizes = {"control": fmt_int(p.planned_n_control), "pilot": fmt_int(p.planned_n_treatment)}
    return t("monitor.plan.describe", how=how, **sizes)


def _defaults() -> None:
    design = campaign().design
    for key, value in {
        "monitor.plan.kind": "group-sequential",
        "monitor.plan.spending": "obrien-fleming",
        "monitor.plan.looks_mode": "daily",
        "monitor.plan.looks": 5,
        "monitor.plan.n_control": int(design.n_control) if design and design.n_control else 5_000,
        "monitor.plan.n_treatment": int(design.n_treatment) if design and design.n_treatment else 5_000,
        "monitor.plan.confidence": round(1 - design.alpha, 2) if design and design.alpha else 0.95,
    }.items():
        st.session_state.setdefault(key, value)


def _define() -> PlanChoice | None:
    _defaults()
    left, middle, right = st.columns(3)
    kind = left.radio(
        t("monitor.plan.kind"),
        KINDS,
        key="monitor.plan.kind",
        format_func=option_labels("monitor.plan.kind_"),
    )
    n_control = count_input(
        t("monitor.plan.n_control"), "monitor.plan.n_control", container=middle, minimum=2
    )
    n_treatment = count_input(
        t("monitor.plan.n_treatment"), "monitor.plan.n_treatment", container=right, minimum=2
    )
    left, middle, right = st.columns(3)
    confidence = left.selectbox(t("monitor.plan.confidence"), CONFIDENCES, key="monitor.plan.confidence",
                                format_func=percent_option())  # fmt: skip
    fields: dict[str, Any] = {"kind": kind, "alpha": round(1 - confidence, 10)}
    if kind == "group-sequential":
        fields["spending"] = middle.selectbox(t("design.seq.spending"), SPENDINGS, key="monitor.plan.spending",
                                              format_func=option_labels("design.seq.spending_"))  # fmt: skip
        mode = right.radio(t("design.seq.looks_mode"), ("daily", "count"), key="monitor.plan.looks_mode",
                           format_func=option_labels("design.seq.looks_"))  # fmt: skip
        if mode == "count":
            fields["looks"] = int(
                right.select_slider(t("design.seq.looks"), LOOK_COUNTS, key="monitor.plan.looks")
            )
    if n_control is None or n_treatment is None:
        return None  # the box says what to fix
    try:
        plan = SequentialPlan(
            planned_n_control=int(n_control), planned_n_treatment=int(n_treatment), **fields
        )
    except InputError as exc:
        show_error(exc)
        return None
    design = campaign().design
    return PlanChoice(plan.to_dict(), "monitor", None, design.n_treatments if design is not None else 1)


def choose_plan() -> PlanChoice | None:
    """The saved plan, or the widgets of a plan defined here; ``None`` when there is none."""
    saved = _saved()
    options = ("saved", "define") if saved else ("define",)
    if st.session_state.get("monitor.plan_source") not in options:
        st.session_state["monitor.plan_source"] = options[0]
    with st.container(border=True):
        st.markdown(f"**{t('monitor.plan.title')}**")
        choice = st.radio(t("monitor.plan.source"), options, key="monitor.plan_source", horizontal=True,
                          format_func=option_labels("monitor.plan.source_"))  # fmt: skip
        if not saved:
            st.caption(t("monitor.plan.none_saved"))
        if choice == "saved" and saved is not None:
            st.caption(t(f"monitor.plan.from_{saved.source}", plan=describe(saved.plan)))
            return saved
        return _define()

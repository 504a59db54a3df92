"""Inputs of the Campaign brief page: what is tested, on whom, and the money (cost, margin, base)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages.components.inputs import LIVE, count_input, money_input, option_labels, prefill
from app_pages.i18n import t
from rollout import Brief

OBJECTIVES = ("acquire", "retain", "grow")
CHANNELS = ("direct_mail", "email", "sms", "phone", "push", "web", "branch", "other")
MONEY = ("fixed_cost", "cost_per_contact", "margin_per_response")
NUMBER_KEYS = ("brief.eligible_base", *(f"brief.{name}" for name in MONEY))
EXAMPLE = {
    "brief.name": "Catálogo de primavera",
    "brief.objective": "grow",
    "brief.channel": "direct_mail",
    "brief.eligible_base": 200_000,
    "brief.fixed_cost": 3_000_000.0,
    "brief.cost_per_contact": 300.0,
    "brief.margin_per_response": 40_000.0,
}


def example() -> dict[str, object]:
    """The example brief, its stimulus written in the reader's language (the name is a proper name)."""
    return {**EXAMPLE, "brief.stimulus": t("brief.example_stimulus")}


@dataclass(frozen=True, slots=True, kw_only=True)
class BriefInputs:
    """The brief as typed (money in the plan's currency; ``None`` while empty)."""

    name: str
    objective: str
    channel: str
    stimulus: str
    eligible_base: int | None
    fixed_cost: float | None
    cost_per_contact: float | None
    margin_per_response: float | None

    def missing(self, labels: dict[str, str]) -> list[str]:
        """Labels of the money inputs still empty (by core parameter name)."""
        values = {
            "contacts": self.eligible_base,
            "fixed_cost": self.fixed_cost,
            "cost_per_contact": self.cost_per_contact,
            "margin_per_response": self.margin_per_response,
        }
        return [labels[key] for key, value in values.items() if value is None]


def apply_defaults(brief: Brief) -> None:
    """Widgets start from the saved brief, else from a direct-mail campaign that grows spend."""
    saved = {
        k: getattr(brief, k) for k in ("name", "objective", "channel", "stimulus", "eligible_base", *MONEY)
    }
    prefill(
        {f"brief.{k}": (float(v) if k in MONEY else v) for k, v in saved.items() if v is not None and v != ""}
    )
    prefill({"brief.objective": "acquire", "brief.channel": "direct_mail"})


def field_labels(cur: str) -> dict[str, str]:
    """Widget labels by the core parameter names that can be refused."""
    return {
        "contacts": t("brief.eligible_base"),
        "fixed_cost": f"{t('brief.fixed_cost')} ({cur})",
        "cost_per_contact": f"{t('brief.cost_per_contact')} ({cur})",
        "margin_per_response": f"{t('brief.margin_per_response')} ({cur})",
    }


def _what() -> tuple[str, str, str, str]:
    st.subheader(t("brief.what"))
    name = st.text_input(
        t("brief.name"), key="brief.name", placeholder=t("brief.name_placeholder"), live=LIVE
    )
    objective = st.radio(
        t("brief.objective"),
        OBJECTIVES,
        key="brief.objective",
        horizontal=True,
        format_func=option_labels("brief.objective_"),
        help=t("brief.objective_help"),
    )
    channel = st.selectbox(
        t("brief.channel"), CHANNELS, key="brief.channel", format_func=option_labels("brief.channel_")
    )
    stimulus = st.text_input(
        t("brief.stimulus"), key="brief.stimulus", placeholder=t("brief.stimulus_placeholder"), live=LIVE
    )
    return name, objective, channel, stimulus


def _money(cur: str, labels: dict[str, str], slots: dict[str, Any]) -> tuple[Any, ...]:
    st.subheader(t("brief.money"))
    base = count_input(
        labels["contacts"],
        "brief.eligible_base",
        unit=t("app.unit_customers"),
        help=t("brief.eligible_base_help"),
    )
    slots["contacts"] = st.empty()
    fixed = money_input(t("brief.fixed_cost"), "brief.fixed_cost", cur, help=t("brief.fixed_cost_help"))
    slots["fixed_cost"] = st.empty()
    per_contact = money_input(
        t("brief.cost_per_contact"), "brief.cost_per_contact", cur, help=t("brief.cost_per_contact_help")
    )
    slots["cost_per_contact"] = st.empty()
    margin = money_input(
        t("brief.margin_per_response"), "brief.margin_per_response", cur, help=t("brief.margin_help")
    )
    slots["margin_per_response"] = st.empty()
    st.caption(t("brief.margin_note"))
    return base, fixed, per_contact, margin


def render_inputs(cur: str, labels: dict[str, str]) -> tuple[BriefInputs, dict[str, Any]]:
    """Draw the two input columns; the brief and the placeholders where errors are shown."""
    slots: dict[str, Any] = {}
    what, money = st.columns(2, gap="large")
    with what:
        name, objective, channel, stimulus = _what()
    with money:
        base, fixed, per_contact, margin = _money(cur, labels, slots)
    inputs = BriefInputs(
        name=name,
        objective=objective,
        channel=channel,
        stimulus=stimulus,
        eligible_base=base,
        fixed_cost=fixed,
        cost_per_contact=per_contact,
        margin_per_response=margin,
    )
    return inputs, slots

"""Inputs of the Roll-out page: where the pilot figure comes from (the saved readout or typed) and the money.

Nothing is computed here: the widgets become a ``rollout.RolloutAssumptions`` that the page stores in the
campaign, and ``rollout.evaluate`` turns the campaign into every figure shown. Money left empty falls
back to the brief (shown as the placeholder), and an empty audience takes the documented default: the
eligible base less the pilot and the control.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import streamlit as st

from app_pages.components.feedback import plain
from app_pages.components.inputs import (
    count_input,
    forget_stale,
    money_input,
    number_input,
    option_labels,
    percent_input,
)
from app_pages.i18n import current_lang, fmt_int, fmt_money, fmt_pct, fmt_points, t
from app_pages.state import campaign, update
from rollout import Brief, ReadoutRecord, RolloutAssumptions, paying_metric, proportion_metrics

# docs/formulas.md §2–§6: pilot 600 / 20 000 against 100 / 5 000 (240 and 40 new customers), F = 2 M,
# c = 300, m = 40 000 CLP; roll-out to 200 000 with F_roll = 3 M.
NUMBER_KEYS = (
    "rollout.n_control", "rollout.n_pilot", "rollout.lift", "rollout.lift_lower", "rollout.lift_upper",
    "rollout.control_rate", "rollout.pilot_rate", "rollout.conv_control", "rollout.conv_pilot",
    "rollout.cost_per_contact", "rollout.margin", "rollout.pilot_fixed", "rollout.rollout_fixed",
    "rollout.audience",
)  # fmt: skip
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


def _choose_metric() -> None:
    """The user picked the paying rate: store the choice in the campaign before the pages draw."""
    plan = campaign().rollout
    update(rollout=dataclasses.replace(plan, metric=st.session_state.get("rollout.metric")))


def metric_rule(readout: ReadoutRecord, metric: str | None, rule: str | None, slot: Any = st) -> None:
    """Say why the roll-out is priced on ``metric`` when it is not the readout's primary metric
    (``rule`` from :func:`rollout.paying_metric`)."""
    if metric is None or rule not in ("first_rate", "chosen") or metric == readout.primary:
        return
    slot.caption(t(f"rollout.metric_rule_{rule}", metric=plain(metric), primary=plain(readout.primary)))


def readout_choice(
    readout: ReadoutRecord, plan: RolloutAssumptions, slot: Any
) -> tuple[str | None, str | None]:
    """The rate chosen to scale (``None``: the core's rule, :func:`rollout.paying_metric`) and the optional
    conversion metric. The box always shows the rate the campaign's evaluation uses, on every page."""
    names = proportion_metrics(readout)
    if not names:
        slot.info(t("rollout.no_proportion"), icon=":material/info:")
        return None, None
    metric, rule = paying_metric(readout, plan)
    metric = metric or names[0]
    st.session_state["rollout.metric"] = metric  # the campaign's rate, even if the primary changed since
    st.selectbox(t("rollout.metric"), names, key="rollout.metric", on_change=_choose_metric)
    if rule == "first_rate":  # this page has the box: the sentence points to it, not to the page
        st.caption(
            t("rollout.metric_rule_first_rate_here", metric=plain(metric), primary=plain(readout.primary))
        )
    others = [name for name in names if name != metric]
    none = t("rollout.none")
    forget_stale("rollout.conversion_metric", [None, *others])
    conversion = st.selectbox(
        t("rollout.conversion_metric"),
        [None, *others],
        key="rollout.conversion_metric",
        format_func=lambda c: none if c is None else c,
        placeholder=none,  # a reopened campaign's saved None reads as "no selection": same word, not Streamlit's
    )
    m = readout.metrics[metric]
    st.caption(
        t(
            "rollout.readout_summary",
            source=plain(readout.source.name) if readout.source else "—",
            control=fmt_pct(m.control, digits=2),
            treatment=fmt_pct(m.treatment, digits=2),
            effect=fmt_points(m.effect_size),
            lower=fmt_points(m.effect_size_ci_lower),
            upper=fmt_points(m.effect_size_ci_upper),
            n_control=fmt_int(m.n_control),
            n_treatment=fmt_int(m.n_treatment),
            direction=t(f"rollout.direction_{m.direction}"),
        )
    )
    return plan.metric if plan.metric in names else None, conversion


def typed(labels: dict[str, str], slots: dict[str, Any]) -> dict[str, Any]:
    """The pilot typed by hand: rates and sizes, or the lift and its interval (fractions)."""
    mode = st.radio(
        t("rollout.mode"), ("rates", "interval"), key="rollout.mode", horizontal=True,
        format_func=option_labels("rollout.mode_"),
    )  # fmt: skip
    direction = st.radio(
        t("rollout.direction"), ("increase", "decrease"), key="rollout.direction", horizontal=True,
        format_func=option_labels("rollout.direction_"), help=t("rollout.direction_help"),
    )  # fmt: skip
    lang = current_lang()  # bound now: Streamlit may call format_func outside the script run
    confidence = st.selectbox(
        t("rollout.confidence"),
        CONFIDENCE,
        key="rollout.confidence",
        format_func=lambda c: fmt_pct(c, lang, digits=0),
    )
    left, right = st.columns(2)
    customers = t("app.unit_customers")
    n_control = count_input(labels["n_control"], "rollout.n_control", container=left, unit=customers)
    n_pilot = count_input(labels["n_treatment"], "rollout.n_pilot", container=right, unit=customers)
    slots["n_control"] = slots["n_treatment"] = st.empty()
    typed_values: dict[str, Any] = {"source": mode, "direction": direction, "confidence": confidence,
                                    "n_control": n_control, "n_treatment": n_pilot}  # fmt: skip
    if mode == "interval":
        cols = st.columns(3)
        for i, name in enumerate(("lift", "lift_lower", "lift_upper")):
            value = number_input(labels[name], f"rollout.{name}", container=cols[i], digits=3, unit="pp")
            typed_values[name] = None if value is None else value / 100
        slots["effect_size"] = slots["ci_lower"] = slots["ci_upper"] = slots["effect_size_ci_lower"] = (
            st.empty()
        )
        return typed_values
    typed_values["control_rate"] = percent_input(
        t("rollout.control_rate"), "rollout.control_rate", container=left
    )
    typed_values["pilot_rate"] = percent_input(t("rollout.pilot_rate"), "rollout.pilot_rate", container=right)
    slots["control_rate"] = slots["pilot_rate"] = slots["responders_control"] = st.empty()
    with st.expander(t("rollout.conversion_title")):
        c_left, c_right = st.columns(2)
        typed_values["conversion_control"] = percent_input(
            t("rollout.conversion_control"), "rollout.conv_control", container=c_left
        )
        typed_values["conversion_pilot"] = percent_input(
            t("rollout.conversion_pilot"), "rollout.conv_pilot", container=c_right
        )
        slots["conversion_control"] = slots["conversion_pilot"] = st.empty()
    return typed_values


def _from_brief(value: float | None, cur: str) -> str | None:
    return None if value is None else t("rollout.from_brief", value=fmt_money(value, cur))


def money(
    cur: str, brief: Brief, default_audience: int | None, labels: dict[str, str], slots: dict[str, Any]
) -> dict[str, Any]:
    """Costs and margin (empty: the brief's) and the roll-out's audience (empty: the default) and fixed cost."""
    left, right = st.columns(2)
    values = {
        "cost_per_contact": money_input(t("rollout.cost_per_contact"), "rollout.cost_per_contact", cur,
                                        container=left, placeholder=_from_brief(brief.cost_per_contact, cur)),
        "margin_per_response": money_input(t("rollout.margin"), "rollout.margin", cur, container=right,
                                           help=t("rollout.margin_help"),
                                           placeholder=_from_brief(brief.margin_per_response, cur)),
    }  # fmt: skip
    slots["cost_per_contact"] = slots["per_contact"] = slots["margin_per_response"] = st.empty()
    left, right = st.columns(2)
    values["pilot_fixed_cost"] = money_input(
        t("rollout.pilot_fixed"), "rollout.pilot_fixed", cur, container=left,
        help=t("rollout.pilot_fixed_help"), placeholder=_from_brief(brief.fixed_cost, cur),
    )  # fmt: skip
    values["rollout_fixed_cost"] = money_input(
        t("rollout.rollout_fixed"), "rollout.rollout_fixed", cur, container=right,
        help=t("rollout.rollout_fixed_help"), placeholder=_from_brief(brief.fixed_cost, cur),
    )  # fmt: skip
    slots["fixed"] = slots["fixed_cost"] = slots["total_cost"] = st.empty()
    placeholder = (
        None if default_audience is None else t("rollout.audience_default", value=fmt_int(default_audience))
    )
    values["audience"] = count_input(
        labels["audience"], "rollout.audience", unit=t("app.unit_customers"), help=t("rollout.audience_help"),
        placeholder=placeholder,
    )  # fmt: skip
    slots["audience"] = st.empty()
    return values


def assumptions(
    source: str,
    metric: tuple[str | None, str | None],
    typed_values: dict[str, Any],
    money_values: dict[str, Any],
) -> RolloutAssumptions:
    """The widgets as the campaign's roll-out assumptions (``source="readout"`` or the typed mode)."""
    if source == "readout":
        return RolloutAssumptions(
            source="readout", metric=metric[0], conversion_metric=metric[1], **money_values
        )
    return RolloutAssumptions(**typed_values, **money_values)


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

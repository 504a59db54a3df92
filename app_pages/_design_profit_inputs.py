"""Inputs of the "Profit-maximising" tab: defaults from the brief and the design, the widgets, the prior.

Widget values live under ``design.profit.*`` keys. Defaults are written into the state before the
widgets are drawn (never via ``value=``), so what the user typed always wins.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages._i18n import fmt_pct, fmt_pp, t
from app_pages._render import show_error
from app_pages._state import currency, section
from app_pages._test_and_roll_cache import ProfitInputs, campaign_prior
from planner_common import InputError

_PAST = "_profit_past_table"  # the table under the data editor (not a widget key)
_EDITOR = "design.profit.past_editor"
EXAMPLE = pd.DataFrame(
    {
        "campaign": [
            "Catálogo mar",
            "Catálogo mar",
            "E-mail abr",
            "E-mail abr",
            "SMS may",
            "SMS may",
            "Catálogo jun",
            "Catálogo jun",
            "E-mail ago",
            "E-mail ago",
            "Catálogo oct",
            "Catálogo oct",
        ],
        "rate": [2.9, 3.5, 3.1, 2.8, 2.6, 3.5, 3.3, 3.4, 2.8, 2.3, 3.0, 4.0],
        "n": [10_000, 10_000, 12_000, 12_000, 8_000, 8_000, 15_000, 15_000, 9_000, 9_000, 11_000, 11_000],
    }
)


def apply_defaults() -> None:
    """First-view values: the base, rate, margin and cost from the brief and the saved design."""
    brief, design = section("brief"), section("design")
    defaults = {
        "design.profit.base": int(brief.get("eligible_base") or design.get("population") or 250_000),
        "design.profit.comparison": "ab",
        "design.profit.prior_source": "typed",
        "design.profit.rate": round(100 * (design.get("baseline_rate") or 0.03), 4),
        "design.profit.rate_sd": 0.5,
        "design.profit.lift": round(100 * (design.get("effect_size") or 0.005), 4),
        "design.profit.mde": round(100 * (design.get("effect_size") or 0.005), 4),
        "design.profit.margin": float(brief.get("margin_per_response") or 0.0),
        "design.profit.cost": float(brief.get("cost_per_contact") or 0.0),
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault(_PAST, EXAMPLE.iloc[0:0].copy())


def _load_example() -> None:
    st.session_state[_PAST] = EXAMPLE.copy()
    st.session_state.pop(_EDITOR, None)


def _labels(options: tuple[str, ...], prefix: str) -> dict[str, str]:
    return {option: t(f"{prefix}.{option}") for option in options}


def _past_prior() -> tuple[float, float] | None:
    """The data editor of past campaigns and the prior it gives (``None`` until it gives one)."""
    st.button(
        t("app.load_example"),
        key="design.profit.example_btn",
        on_click=_load_example,
        icon=":material/table_view:",
    )
    st.caption(t("profit.past.help"))
    config = {
        "campaign": st.column_config.TextColumn(t("profit.past.campaign")),
        "rate": st.column_config.NumberColumn(
            t("profit.past.rate"), min_value=0.0, max_value=100.0, format="%.2f"
        ),
        "n": st.column_config.NumberColumn(t("profit.past.n"), min_value=1, step=1, format="%d"),
    }
    table = st.data_editor(
        st.session_state[_PAST],
        key=_EDITOR,
        num_rows="dynamic",
        column_config=config,
        hide_index=True,
        width="stretch",
    ).dropna()
    if len(table) < 2:
        st.info(t("profit.past.empty"), icon=":material/edit_note:")
        return None
    paired = table["campaign"].astype(str).duplicated().any()
    try:
        prior = campaign_prior(table, bool(paired))
    except InputError as exc:
        show_error(exc)
        return None
    if prior.prior_sd <= 0:
        st.warning(t("profit.past.no_spread"), icon=":material/warning:")
        return None
    key = "profit.past.estimate_paired" if prior.paired else "profit.past.estimate"
    st.caption(
        t(
            key,
            mean=fmt_pct(prior.prior_mean, digits=2),
            sd=fmt_pp(prior.prior_sd),
            n=prior.n_campaigns,
            lift=fmt_pp(prior.mean_difference),
        )
    )
    return prior.prior_mean, prior.prior_sd


def _power_plan() -> tuple[int, int] | None:
    """Sizes saved by the power tab, when it sized a response rate."""
    design = section("design")
    if design.get("metric", "rate") == "rate" and design.get("n_control") and design.get("n_treatment"):
        return int(design["n_control"]), int(design["n_treatment"])
    return None


def render_inputs() -> ProfitInputs | None:
    """Draw the widgets; ``None`` while the prior from past campaigns is not usable."""
    cur, state = currency(), st.session_state
    with st.container(border=True):
        st.markdown(f"**{t('profit.group.base')}**")
        st.number_input(
            t("profit.input.base"),
            min_value=2,
            step=1000,
            key="design.profit.base",
            help=t("profit.input.base_help"),
        )
        st.segmented_control(
            t("profit.input.comparison"),
            ("ab", "holdout"),
            required=True,
            key="design.profit.comparison",
            format_func=_labels(("ab", "holdout"), "profit.comparison").get,
        )
    with st.container(border=True):
        st.markdown(f"**{t('profit.group.prior')}**")
        source = st.segmented_control(
            t("profit.input.prior_source"),
            ("typed", "past"),
            required=True,
            key="design.profit.prior_source",
            format_func=_labels(("typed", "past"), "profit.source").get,
        )
        if source == "past":
            prior = _past_prior()
        else:
            st.number_input(
                t("profit.input.rate"),
                min_value=0.01,
                max_value=99.99,
                step=0.1,
                format="%.2f",
                key="design.profit.rate",
                help=t("profit.input.rate_help"),
            )
            st.number_input(
                t("profit.input.rate_sd"),
                min_value=0.001,
                max_value=49.0,
                step=0.1,
                format="%.3f",
                key="design.profit.rate_sd",
                help=t("profit.input.rate_sd_help"),
            )
            prior = (state["design.profit.rate"] / 100, state["design.profit.rate_sd"] / 100)
        if state["design.profit.comparison"] == "holdout":
            st.number_input(
                t("profit.input.lift"),
                step=0.1,
                format="%.2f",
                key="design.profit.lift",
                help=t("profit.input.lift_help"),
            )
    with st.container(border=True):
        st.markdown(f"**{t('profit.group.money')}**")
        st.number_input(
            t("profit.input.margin", currency=cur),
            min_value=0.0,
            key="design.profit.margin",
            help=t("profit.input.margin_help"),
        )
        st.number_input(t("profit.input.cost", currency=cur), min_value=0.0, key="design.profit.cost")
        plan = _power_plan()
        if plan is None:
            st.number_input(
                t("profit.input.mde"),
                min_value=0.01,
                step=0.1,
                format="%.2f",
                key="design.profit.mde",
                help=t("profit.input.mde_help"),
            )
    if prior is None:
        return None
    return _inputs(state, prior, plan)


def _inputs(state: Any, prior: tuple[float, float], plan: tuple[int, int] | None) -> ProfitInputs:
    design = section("design")
    holdout = state["design.profit.comparison"] == "holdout"
    return ProfitInputs(
        population=int(state["design.profit.base"]),
        holdout=holdout,
        rate_mean=prior[0],
        rate_sd=prior[1],
        lift=state["design.profit.lift"] / 100 if holdout else 0.0,
        margin=float(state["design.profit.margin"]),
        cost=float(state["design.profit.cost"]),
        power_plan=plan,
        mde=state["design.profit.mde"] / 100,
        alpha=float(design.get("alpha") or 0.05),
        power=float(design.get("power") or 0.8),
    )

"""The "Profit-maximising" tab of the Design page: Test & Roll pilot size beside the power-based one.

Inputs live in :mod:`app_pages._design_profit_inputs`, the cached engine calls in
:mod:`app_pages._test_and_roll_cache`, the cards / chart / explanation in
:mod:`app_pages._design_profit_view`. The tab stores its prior and n* under
``section("design")["test_and_roll"]`` so the Bayesian readout can reuse the prior.
"""

from __future__ import annotations

import streamlit as st

from app_pages._design_profit_inputs import apply_defaults, render_inputs
from app_pages._design_profit_view import chart, explain, metrics, plans_table, sentence
from app_pages._i18n import fmt_pp, t
from app_pages._render import download_table, show_error
from app_pages._state import section
from app_pages._test_and_roll_cache import ProfitInputs, profit_plan
from planner_common import InputError


def _remember(inputs: ProfitInputs, outcome: dict) -> None:
    best = outcome["optimum"]
    control_rate = inputs.rate_mean
    pilot_rate = inputs.rate_mean + inputs.lift
    section("design")["test_and_roll"] = {
        "n_control": best.n_control,
        "n_treatment": best.n_treatment,
        "population": inputs.population,
        "prior_control": (control_rate, inputs.rate_sd),
        "prior_treatment": (pilot_rate, inputs.rate_sd),
        "expected_profit": best.expected_profit,
        "error_rate": best.error_rate,
    }


def _results(inputs: ProfitInputs) -> None:
    try:
        outcome = profit_plan(inputs)
    except InputError as exc:
        if exc.code == "beta_sd_out_of_range":  # typed in points: say it in points
            st.error(
                t(
                    "errors.beta_sd_out_of_range",
                    value=fmt_pp(exc.params["value"]),
                    maximum=fmt_pp(exc.params["maximum"]),
                ),
                icon=":material/error:",
            )
        else:
            show_error(exc)
        return
    _remember(inputs, outcome)
    metrics(inputs, outcome)
    st.success(sentence(inputs, outcome), icon=":material/mail:")
    table = plans_table(inputs, outcome)
    st.dataframe(table, hide_index=True, width="stretch")
    best = outcome["optimum"]
    if best.n_total == 0:
        st.info(t("profit.just_roll_out"), icon=":material/rocket_launch:")
    elif best.notes:
        st.info(t("profit.one_cell"), icon=":material/info:")
    if outcome["exact"]:
        st.caption(t("profit.exact_note"))
    st.altair_chart(chart(inputs, outcome), width="stretch")
    st.caption(t("profit.chart.caption"))
    explain(inputs, outcome)
    download_table(table, t("profit.table.name"), key="design.profit.plans")


def render() -> None:
    """Draw the tab (inputs on the left, the answer on the right)."""
    apply_defaults()
    st.caption(t("profit.intro"))
    left, right = st.columns([1, 2], gap="large")
    with left:
        inputs = render_inputs()
    with right:
        if inputs is None:
            st.info(t("profit.need_prior"), icon=":material/edit_note:")
            return
        _results(inputs)

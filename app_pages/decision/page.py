"""Roll-out decision: does the full roll-out pay? Expected profit, its range, the chance of losing money."""

from functools import partial

import streamlit as st

from app_pages.components.cards import cards
from app_pages.components.charts import chart_downloads
from app_pages.components.feedback import how_computed, sentence, show_field_error
from app_pages.components.inputs import example_button, option_labels, prefill
from app_pages.components.tables import download_table, show_static_table, show_table
from app_pages.decision import bayes, memo
from app_pages.decision.charts import break_even_chart, distribution_chart, profit_by_uplift, profit_spread
from app_pages.decision.inputs import (
    EXAMPLE,
    PERCENT_FIELDS,
    POINTS_FIELDS,
    field_labels,
    from_readout,
    money,
    pilot_readout,
    record,
    typed,
)
from app_pages.decision.view import (
    five_numbers,
    pilot_numbers,
    rollout_cards,
    scenarios,
    show_decision,
    summary,
)
from app_pages.i18n import fmt_int, t
from app_pages.state import currency, section
from economics import cost_per_incremental_response, project_rollout
from planner_common import InputError
from rollout import recommend_rollout

refuse = partial(show_field_error, percent_fields=PERCENT_FIELDS, points_fields=POINTS_FIELDS)
brief, readout, cur = section("brief"), section("readout"), currency()
has_readout = bool(readout.get("metrics"))
money_from_brief = {
    "rollout.cost_per_contact": brief.get("cost_per_contact"),
    "rollout.margin": brief.get("margin_per_response"),
    "rollout.pilot_fixed": brief.get("fixed_cost"),
    "rollout.rollout_fixed": brief.get("fixed_cost"),
}
prefill({key: float(value) for key, value in money_from_brief.items() if value is not None})
prefill(
    {
        "rollout.audience": brief.get("eligible_base"),
        "rollout.mode": "rates",
        "rollout.direction": "increase",
        "rollout.confidence": 0.95,
    }
)
sources = ("readout", "manual") if has_readout else ("manual",)
if st.session_state.get("rollout.source") not in sources:
    st.session_state["rollout.source"] = sources[0]

st.title(t("rollout.title"))
st.caption(t("rollout.context"))
example_button("rollout.example_btn", EXAMPLE)

labels, slots, error, pilot = field_labels(cur), {}, None, None
pilot_col, money_col = st.columns(2, gap="large")
with pilot_col:
    st.subheader(t("rollout.pilot"))
    source = st.radio(
        t("rollout.source"),
        sources,
        key="rollout.source",
        horizontal=True,
        format_func=option_labels("rollout.source_"),
    )
    if not has_readout:
        st.caption(t("rollout.no_readout"))
    try:
        pilot = from_readout(readout, st) if source == "readout" else typed(labels, slots)
    except InputError as exc:
        error = exc
with money_col:
    st.subheader(t("rollout.money"))
    st.caption(t("rollout.money_note"))
    cash = money(cur, labels, slots)
if error is not None:
    refuse(error, slots, labels, pilot_col)

st.divider()
proj = None
if pilot is None or not cash.complete:
    if error is None:
        st.info(t("rollout.empty"), icon=":material/edit_note:")
else:
    try:
        proj = project_rollout(
            pilot.effect_size,
            pilot.std_error,
            audience=cash.audience,
            margin_per_response=cash.margin_per_response,
            cost_per_contact=cash.cost_per_contact,
            fixed_cost=cash.rollout_fixed_cost,
            confidence_level=pilot.confidence,
            direction=pilot.direction,
        )
        nums = (
            None
            if pilot.control is None
            else pilot_numbers(pilot, cash.margin_per_response, cash.cost_per_contact, cash.pilot_fixed_cost)
        )
        verdict = recommend_rollout(pilot_readout(pilot), projection=proj)
    except InputError as exc:
        refuse(exc, slots, labels, st)
        proj = None

if proj is not None:
    if proj.total_cost == 0:
        slots["cost_per_contact"].warning(t("rollout.zero_cost"), icon=":material/warning:")
    st.subheader(t("rollout.answer", audience=fmt_int(proj.audience)))
    cpi = cost_per_incremental_response(proj.total_cost, proj.expected_incremental_responses)
    cards(rollout_cards(proj, cpi, cur, pilot.direction), per_row=3)
    show_decision(verdict, cur)
    sentence(summary(proj, verdict, cur, pilot.direction))
    section("rollout").update(record(pilot, cash, proj, verdict, cur))
    left, right = st.columns(2)
    with left:
        chart = break_even_chart(profit_by_uplift(proj), proj, cur)
        st.altair_chart(chart, width="stretch")
        chart_downloads(chart, t("rollout.break_even_file"), "rollout.break_even_chart")
    with right:
        if proj.uplift_std_error > 0:
            chart = distribution_chart(profit_spread(proj), proj, cur)
            st.altair_chart(chart, width="stretch")
            chart_downloads(chart, t("rollout.distribution_file"), "rollout.distribution_chart")
        else:
            st.info(t("rollout.no_spread"), icon=":material/info:")
    st.subheader(t("rollout.scenarios_title"))
    shown, raw = scenarios(proj, cur)
    show_table(shown, right=shown.columns[1:])
    download_table(raw, t("rollout.scenarios_file"), "rollout.scenarios")
    st.subheader(t("rollout.five_title"))
    st.caption(t("rollout.five_context"))
    if nums is None:
        st.info(t("rollout.five_needs_rates"), icon=":material/info:")
    else:
        table = five_numbers(nums, cur, pilot.direction)
        show_static_table(table)
        download_table(table, t("rollout.five_file"), "rollout.five")
    how_computed(t("rollout.how"))

if has_readout:
    bayes.render(readout)
memo.render()

"""Roll-out decision: does the full roll-out pay? Expected profit, its range, the chance of losing money."""

from functools import partial

import streamlit as st

from app_pages import _bayes_panel, _memo_panel
from app_pages._i18n import fmt_int, t
from app_pages._render import download_table, how_computed
from app_pages._rollout_calc import (
    decide,
    pilot_numbers,
    profit_by_uplift,
    profit_spread,
    projection,
    record,
    rollout_cost_per_incremental,
)
from app_pages._rollout_charts import break_even_chart, distribution_chart
from app_pages._rollout_inputs import PERCENT_FIELDS, POINTS_FIELDS, field_labels, from_readout, money, typed
from app_pages._rollout_ui import (
    cards,
    chart_downloads,
    example_button,
    option_labels,
    prefill,
    sentence,
    show_field_error,
    show_static_table,
    show_table,
)
from app_pages._rollout_view import five_numbers, rollout_cards, scenarios, show_decision, summary
from app_pages._state import currency, section
from planner_common import InputError

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
        proj = projection(
            pilot.effect_size,
            pilot.std_error,
            cash.audience,
            cash.margin_per_response,
            cash.cost_per_contact,
            cash.rollout_fixed_cost,
            pilot.confidence,
            pilot.direction,
        )
        nums = (
            None
            if pilot.control is None
            else pilot_numbers(pilot, cash.margin_per_response, cash.cost_per_contact, cash.pilot_fixed_cost)
        )
        verdict = decide(pilot, proj)
    except InputError as exc:
        refuse(exc, slots, labels, st)
        proj = None

if proj is not None:
    if proj.total_cost == 0:
        slots["cost_per_contact"].warning(t("rollout.zero_cost"), icon=":material/warning:")
    st.subheader(t("rollout.answer", audience=fmt_int(proj.audience)))
    cards(rollout_cards(proj, rollout_cost_per_incremental(proj), cur, pilot.direction), per_row=3)
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
    _bayes_panel.render(readout)
_memo_panel.render()

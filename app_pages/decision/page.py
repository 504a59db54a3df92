"""Roll-out decision: does the full roll-out pay? Expected profit, its range, the chance of losing money.

The widgets become the campaign's roll-out assumptions; every figure shown – here, in the Bayesian
cross-check, in the memo and in the saved-campaign list – is the campaign's one evaluation.
"""

from functools import partial

import streamlit as st

from app_pages.components.cards import cards
from app_pages.components.charts import show_chart
from app_pages.components.feedback import how_computed, sentence, show_field_error
from app_pages.components.inputs import example_button, option_labels, show_fix
from app_pages.components.tables import download_table, show_static_table, show_table
from app_pages.decision import bayes, memo
from app_pages.decision.charts import break_even_chart, distribution_chart, profit_by_uplift, profit_spread
from app_pages.decision.inputs import (
    EXAMPLE,
    PERCENT_FIELDS,
    POINTS_FIELDS,
    assumptions,
    field_labels,
    money,
    readout_choice,
    typed,
)
from app_pages.decision.view import (
    five_export,
    five_numbers,
    rollout_cards,
    scenario_formats,
    scenarios,
    show_decision,
    summary,
)
from app_pages.i18n import fmt_int, t
from app_pages.state import campaign, currency, evaluation, update
from rollout import default_audience

refuse = partial(show_field_error, percent_fields=PERCENT_FIELDS, points_fields=POINTS_FIELDS)
current, cur = campaign(), currency()
readout = current.readout
sources = ("readout", "manual") if readout is not None and readout.metrics else ("manual",)
if st.session_state.get("rollout.source") not in sources:
    st.session_state["rollout.source"] = sources[0]
st.session_state.setdefault("rollout.confidence", 0.95)

st.title(t("rollout.title"))
st.caption(t("rollout.context"))
example_button("rollout.example_btn", EXAMPLE)

labels, slots = field_labels(cur), {}
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
    if readout is None:
        st.caption(t("rollout.no_readout"))
    chosen, typed_values = (None, None), {}
    if source == "readout" and readout is not None:
        chosen = readout_choice(readout, current.rollout, st)
    else:
        typed_values = typed(labels, slots)
update(rollout=assumptions(source, chosen, typed_values, {}))  # the pilot first: it sets the default audience
with money_col:
    st.subheader(t("rollout.money"))
    st.caption(t("rollout.money_note"))
    default = default_audience(campaign(), evaluation().pilot)
    money_values = money(cur, current.brief, default, labels, slots)
update(rollout=assumptions(source, chosen, typed_values, money_values))
ev = evaluation()
for problem in ev.problems[:1]:
    refuse(problem.error(), slots, labels, pilot_col if problem.params.get("field") in slots else st)

st.divider()
proj, verdict = ev.projection, ev.decision
fixing = show_fix()  # a box could not be read: no figure from the brief's or an older value
if fixing:
    pass
elif proj is None or verdict is None or ev.pilot is None:
    if not ev.problems:
        st.info(t("rollout.empty"), icon=":material/edit_note:")
else:
    direction = ev.pilot.direction
    if proj.total_cost == 0:
        slots["cost_per_contact"].warning(t("rollout.zero_cost"), icon=":material/warning:")
    st.subheader(t("rollout.answer", audience=fmt_int(proj.audience)))
    if ev.audience_source:
        st.caption(t(f"rollout.audience_source_{ev.audience_source}", audience=fmt_int(ev.audience)))
    cards(rollout_cards(proj, ev.rollout_cost_per_incremental, cur, direction), per_row=3)
    show_decision(verdict, cur)
    sentence(summary(proj, verdict, cur, direction))
    left, right = st.columns(2)
    with left:
        show_chart(break_even_chart, profit_by_uplift(proj), proj, cur,
                   downloads=(t("rollout.break_even_file"), "rollout.break_even_chart"))  # fmt: skip
    with right:
        if proj.uplift_std_error > 0:
            show_chart(distribution_chart, profit_spread(proj), proj, cur,
                       downloads=(t("rollout.distribution_file"), "rollout.distribution_chart"))  # fmt: skip
        else:
            st.info(t("rollout.no_spread"), icon=":material/info:")
    st.subheader(t("rollout.scenarios_title"))
    shown, raw = scenarios(proj, cur)
    show_table(shown, right=shown.columns[1:])
    download_table(raw, t("rollout.scenarios_file"), "rollout.scenarios", formats=scenario_formats())
    st.subheader(t("rollout.five_title"))
    st.caption(t("rollout.five_context"))
    if ev.pilot_numbers is None:
        st.info(t("rollout.five_needs_rates"), icon=":material/info:")
    else:
        table = five_numbers(ev.pilot_numbers, cur, direction)
        show_static_table(table)
        download_table(five_export(ev.pilot_numbers, cur, direction), t("rollout.five_file"), "rollout.five")
    how_computed(t("rollout.how"))

if not fixing:
    bayes.render(ev)
    memo.render(ev)

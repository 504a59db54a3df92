"""Campaign brief: what we test, on whom, at what cost and margin – and the break-even that implies."""

import streamlit as st

from app_pages.brief.inputs import NUMBER_KEYS, apply_defaults, example, field_labels, render_inputs
from app_pages.brief.view import show_answer
from app_pages.components.feedback import show_field_error
from app_pages.components.inputs import example_button, show_fix
from app_pages.i18n import t
from app_pages.state import campaign, currency, evaluation, update
from rollout import Brief

cur = currency()
apply_defaults(campaign().brief)

st.title(t("brief.title"))
st.caption(t("brief.context"))
example_button("brief.example_btn", example)

labels = field_labels(cur)
inputs, slots = render_inputs(cur, labels)
brief = Brief(
    name=inputs.name or "",
    objective=inputs.objective,
    channel=inputs.channel,
    stimulus=inputs.stimulus or "",
    question=campaign().brief.question,
    currency=cur,
    eligible_base=inputs.eligible_base,
    fixed_cost=inputs.fixed_cost,
    cost_per_contact=inputs.cost_per_contact,
    margin_per_response=inputs.margin_per_response,
)
update(brief=brief)

st.divider()
st.subheader(t("brief.answer"))
missing = inputs.missing(labels)
result = evaluation().campaign_break_even
refused = [problem for problem in evaluation().problems if problem.params.get("field") in labels]
unreadable = show_fix(NUMBER_KEYS)  # the sentence under the box says how to write it; no older figure
if not unreadable and result is None and refused:  # named even while another box is still empty
    show_field_error(refused[0].error(), slots, labels, st)
if not unreadable and missing:
    st.info(
        t("brief.empty", fields="; ".join(t("app.quoted", text=m) for m in missing)),
        icon=":material/edit_note:",
    )
elif not unreadable and result is not None:
    show_answer(inputs, result, brief, cur)

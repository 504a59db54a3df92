"""Campaign brief: what we test, on whom, at what cost and margin – and the break-even that implies."""

import streamlit as st

from app_pages.brief.inputs import EXAMPLE, apply_defaults, field_labels, render_inputs
from app_pages.brief.view import show_answer
from app_pages.components.feedback import show_field_error
from app_pages.components.inputs import example_button
from app_pages.i18n import t
from app_pages.state import currency, section
from economics import break_even
from planner_common import InputError

brief, cur = section("brief"), currency()
apply_defaults(brief)

st.title(t("brief.title"))
st.caption(t("brief.context"))
example_button("brief.example_btn", EXAMPLE)

labels = field_labels(cur)
inputs, slots = render_inputs(cur, labels)
brief.update(
    name=inputs.name,
    objective=inputs.objective,
    channel=inputs.channel,
    stimulus=inputs.stimulus,
    eligible_base=inputs.eligible_base,
    fixed_cost=inputs.fixed_cost,
    cost_per_contact=inputs.cost_per_contact,
    margin_per_response=inputs.margin_per_response,
    currency=cur,
)

st.divider()
st.subheader(t("brief.answer"))
missing = inputs.missing(labels)
if missing:
    st.info(t("brief.empty", fields="; ".join(f"«{m}»" for m in missing)), icon=":material/edit_note:")
else:
    try:
        result = break_even(
            inputs.cost_per_contact,
            inputs.margin_per_response,
            fixed_cost=inputs.fixed_cost,
            contacts=inputs.eligible_base,
        )
    except InputError as exc:
        show_field_error(exc, slots, labels, st)
    else:
        show_answer(inputs, result, brief, cur)

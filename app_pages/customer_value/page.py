"""Customer value: what a customer is worth, how long they stay, and how the base fills and drains."""

import streamlit as st

from app_pages.components.inputs import example_button
from app_pages.customer_value import churn, clv
from app_pages.customer_value.inputs import EXAMPLE, apply_defaults
from app_pages.i18n import t
from app_pages.state import currency

apply_defaults()
cur = currency()

st.title(t("value.title"))
st.caption(t("value.context"))
example_button("value.example_btn", EXAMPLE)

clv_tab, churn_tab, flows_tab, bath_tab = st.tabs(
    [t("value.tab_clv"), t("value.tab_churn"), t("value.tab_flows"), t("value.tab_bathtub")]
)
with clv_tab:
    clv.render(cur)
with churn_tab:
    churn.render_conversion()
with flows_tab:
    churn.render_flows()
with bath_tab:
    churn.render_bathtub()

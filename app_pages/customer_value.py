"""Customer value: what a customer is worth, how long they stay, and how the base fills and drains."""

import streamlit as st

from app_pages import _value_churn, _value_clv
from app_pages._i18n import t
from app_pages._rollout_ui import example_button, prefill
from app_pages._state import currency

# docs/formulas.md §5, §7 and §8 worked examples: m = 100 000 a year, r = 80 %, d = 10 %, CAC = 120 000;
# 3 % monthly churn; S = 1 000, N_new = 250, E = 1 100; bathtub A = 250, c = 15 %.
EXAMPLE = {
    "value.period": "year",
    "value.margin": 100_000.0,
    "value.retention": 80.0,
    "value.discount": 10.0,
    "value.timing": "end",
    "value.cac": 120_000.0,
    "value.convention": "discrete",
    "value.churn_period": "month",
    "value.churn": 3.0,
    "value.churn_convention": "discrete",
    "value.flow_start": 1_000,
    "value.flow_new": 250,
    "value.flow_end": 1_100,
    "value.bath_start": 1_000,
    "value.bath_new": 250,
    "value.bath_churn": 15.0,
    "value.bath_periods": 24,
}

prefill(
    {
        "value.period": "year",
        "value.timing": "end",
        "value.convention": "discrete",
        "value.churn_period": "month",
        "value.churn_convention": "discrete",
        "value.bath_periods": 24,
    }
)
cur = currency()

st.title(t("value.title"))
st.caption(t("value.context"))
example_button("value.example_btn", EXAMPLE)

clv_tab, churn_tab, flows_tab, bath_tab = st.tabs(
    [t("value.tab_clv"), t("value.tab_churn"), t("value.tab_flows"), t("value.tab_bathtub")]
)
with clv_tab:
    _value_clv.render(cur)
with churn_tab:
    _value_churn.render_conversion()
with flows_tab:
    _value_churn.render_flows()
with bath_tab:
    _value_churn.render_bathtub()

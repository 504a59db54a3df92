"""Campaign brief: what we test, on whom, at what cost and margin – and the break-even that implies."""

import streamlit as st

from app_pages._brief_calc import break_even_by_volume, campaign_break_even
from app_pages._brief_view import CHANNELS, EXAMPLE, OBJECTIVES, break_even_chart, brief_table, how_text
from app_pages._i18n import fmt_int, fmt_money, fmt_pct, fmt_pp, t
from app_pages._render import download_table, how_computed
from app_pages._rollout_ui import (
    cards,
    chart_downloads,
    example_button,
    money_input,
    option_labels,
    prefill,
    sentence,
    show_field_error,
)
from app_pages._state import currency, section
from planner_common import InputError

MONEY = ("fixed_cost", "cost_per_contact", "margin_per_response")
brief = section("brief")
cur = currency()
prefill(
    {
        f"brief.{k}": (float(brief[k]) if k in MONEY else brief[k])
        for k in ("name", "objective", "channel", "stimulus", "eligible_base", *MONEY)
        if brief.get(k) is not None
    }
)
prefill({"brief.objective": "acquire", "brief.channel": "direct_mail"})

st.title(t("brief.title"))
st.caption(t("brief.context"))
example_button("brief.example_btn", EXAMPLE)

what, money = st.columns(2, gap="large")
with what:
    st.subheader(t("brief.what"))
    name = st.text_input(t("brief.name"), key="brief.name", placeholder=t("brief.name_placeholder"))
    objective = st.radio(
        t("brief.objective"),
        OBJECTIVES,
        key="brief.objective",
        horizontal=True,
        format_func=option_labels("brief.objective_"),
        help=t("brief.objective_help"),
    )
    channel = st.selectbox(
        t("brief.channel"), CHANNELS, key="brief.channel", format_func=option_labels("brief.channel_")
    )
    stimulus = st.text_input(
        t("brief.stimulus"), key="brief.stimulus", placeholder=t("brief.stimulus_placeholder")
    )
with money:
    st.subheader(t("brief.money"))
    labels = {
        "contacts": t("brief.eligible_base"),
        "fixed_cost": f"{t('brief.fixed_cost')} ({cur})",
        "cost_per_contact": f"{t('brief.cost_per_contact')} ({cur})",
        "margin_per_response": f"{t('brief.margin_per_response')} ({cur})",
    }
    base = st.number_input(
        labels["contacts"],
        key="brief.eligible_base",
        value=None,
        step=1000,
        help=t("brief.eligible_base_help"),
    )
    slots = {"contacts": st.empty()}
    fixed = money_input(
        t("brief.fixed_cost"), "brief.fixed_cost", cur, step=100_000.0, help=t("brief.fixed_cost_help")
    )
    slots["fixed_cost"] = st.empty()
    per_contact = money_input(
        t("brief.cost_per_contact"), "brief.cost_per_contact", cur, help=t("brief.cost_per_contact_help")
    )
    slots["cost_per_contact"] = st.empty()
    margin = money_input(
        t("brief.margin_per_response"), "brief.margin_per_response", cur, help=t("brief.margin_help")
    )
    slots["margin_per_response"] = st.empty()
    st.caption(t("brief.margin_note"))

brief.update(
    name=name,
    objective=objective,
    channel=channel,
    stimulus=stimulus,
    eligible_base=base,
    fixed_cost=fixed,
    cost_per_contact=per_contact,
    margin_per_response=margin,
    currency=cur,
)

st.divider()
st.subheader(t("brief.answer"))
values = {
    "contacts": base,
    "fixed_cost": fixed,
    "cost_per_contact": per_contact,
    "margin_per_response": margin,
}
missing = [labels[k] for k, v in values.items() if v is None]
result = None
if missing:
    st.info(t("brief.empty", fields="; ".join(f"«{m}»" for m in missing)), icon=":material/edit_note:")
else:
    try:
        result = campaign_break_even(per_contact, margin, fixed, base)
    except InputError as exc:
        show_field_error(exc, slots, labels, st)

if result is not None:
    cards(
        [
            (t("brief.metric_rate"), fmt_pct(result.response_rate, digits=2), t("brief.metric_rate_help")),
            (t("brief.metric_uplift"), fmt_pp(result.uplift), t("brief.metric_uplift_help")),
            (t("brief.metric_volume"), fmt_int(result.volume), t("brief.metric_volume_help")),
            (
                t("brief.metric_variable"),
                fmt_pct(result.variable_only_rate, digits=2),
                t("brief.metric_variable_help"),
            ),
        ]
    )
    if not result.feasible:
        st.warning(t("brief.impossible"), icon=":material/warning:")
    sentence(
        t(
            f"brief.sentence_{objective}",
            name=name or t("brief.this_campaign"),
            contacts=fmt_int(base),
            cost=fmt_money(per_contact, cur),
            fixed=fmt_money(fixed, cur),
            margin=fmt_money(margin, cur),
            rate=fmt_pct(result.response_rate, digits=2),
            uplift=fmt_pp(result.uplift),
        )
    )
    chart = break_even_chart(
        break_even_by_volume(per_contact, margin, fixed, base),
        base,
        result.response_rate,
        result.variable_only_rate,
    )
    st.altair_chart(chart, width="stretch")
    chart_downloads(chart, t("brief.chart_file"), "brief.chart")
    how_computed(how_text())
    download_table(brief_table(brief, result, cur), t("brief.file_name"), "brief.table")

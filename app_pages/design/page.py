"""Dimensionar / Size the pilot: how many customers the pilot and the control need, and for how long.

Two tabs: sizing by statistical power (``inputs`` → cached sizing → ``view`` and ``charts``) and the
profit-maximising size (``profit``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.components.charts import show_chart
from app_pages.components.feedback import md
from app_pages.components.inputs import show_fix
from app_pages.components.tables import download_table
from app_pages.design import profit, sequential
from app_pages.design.charts import power_chart, power_table
from app_pages.design.inputs import (
    DesignInputs,
    apply_defaults,
    design_record,
    number_keys,
    read_inputs,
    render_inputs,
    try_size,
)
from app_pages.design.view import explain, metrics, sentence, show_input_error, sizes_table, warnings
from app_pages.i18n import t
from app_pages.state import advance_stage, save_design, save_sequential

TAB = "design.tab"  # the open tab's label: kept across pages (a label of another language is dropped)


def _save() -> None:
    """Store the design in the campaign and mark it "designed" (runs before the page is redrawn)."""
    inputs = read_inputs(st.session_state)
    result, error = try_size(inputs) if inputs is not None else (None, None)
    if inputs is None or error is not None:
        st.session_state["_design_flash"] = "not_saved"
        return
    save_design(design_record(inputs, result))
    save_sequential(sequential.saved_plan(inputs))
    advance_stage("designed")
    st.session_state["_design_flash"] = "saved"


def _results(inputs: DesignInputs, result: Any) -> None:
    """Cards, sentence, warnings, power curve, explanation, downloads and the save button."""
    metrics(inputs, result)
    st.success(sentence(inputs, result), icon=":material/mail:")
    warnings(inputs, result)
    show_chart(power_chart, inputs, power_table(inputs, result), result.effect_size)
    st.caption(t("design.chart.caption"))
    explain(inputs, result)
    download_table(sizes_table(inputs, result), t("design.table.name"), key="design.sizes")
    sequential.render(inputs)
    st.button(
        t("design.save"),
        key="design.save_btn",
        on_click=_save,
        type="primary",
        icon=":material/save:",
        help=t("design.save_help"),
    )


def _power_tab() -> None:
    apply_defaults()
    left, right = st.columns([5, 7], gap="large")
    with left:
        slots = render_inputs()
    inputs = read_inputs(st.session_state)
    result, error = try_size(inputs) if inputs is not None else (None, None)
    with right:
        flash = st.session_state.pop("_design_flash", None)
        if flash:
            (st.success if flash == "saved" else st.error)(t(f"design.{flash}"))
        if inputs is None:
            if not show_fix(number_keys(st.session_state)):
                st.info(t("design.empty"), icon=":material/edit_note:")
            return
        if error is not None:
            label = show_input_error(error, inputs, slots)
            st.warning(md(t("app.fix_inputs", fields=t("app.quoted", text=label))), icon=":material/edit:")
            return
        _results(inputs, result)


st.title(t("design.title"))
st.caption(t("design.subtitle"))
labels = [t("design.tab_power"), t("design.tab_profit")]
if st.session_state.get(TAB) not in labels:  # first visit, or the language changed: the power tab
    st.session_state.pop(TAB, None)
power_tab, profit_tab = st.tabs(labels, key=TAB, on_change="rerun")
if power_tab.open:
    with power_tab:
        _power_tab()
if profit_tab.open:  # the profit-maximising plan is computed only when it is looked at
    apply_defaults()  # the power tab's starting values, which this tab follows, even if never drawn
    with profit_tab:
        profit.render()

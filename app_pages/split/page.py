"""Asignar / Split the list: which customers go to the pilot, the control, a holdout and the roll-out.

Upload the customer list (or load the bundled example), choose the ID column, strata and covariates,
take the sizes from the Design page or type them, keep a salt; the page shows counts, the split check,
balance and representativeness, and offers the assignment for download only when it is fully valid.
Inputs live in ``inputs``, rendering in ``view`` and ``charts``; the draw and its checks are one cached
call of :func:`experiments.assignment_report`.
"""

from __future__ import annotations

import streamlit as st

from app_pages import cache
from app_pages.components.feedback import show_error
from app_pages.i18n import fmt_int, t
from app_pages.split import view
from app_pages.split.inputs import Plan, Source, columns, render_inputs, source_picker
from app_pages.state import campaign, section
from experiments import AssignmentReportResult as Outcome
from planner_common import InputError


def _save(source: Source, plan: Plan, outcome: Outcome) -> None:
    """Keep the plan in the campaign (small values only) and mark it "designed" if still a draft."""
    section("assignment").update(
        {
            "salt": plan.salt,
            "list_name": source.name,
            "id_column": plan.id_column,
            "strata": list(plan.strata),
            "covariates": list(plan.covariates),
            "arms": dict(plan.arms),
            "drop_invalid": plan.drop_invalid,
            "filter": {plan.filter_column: list(plan.filter_values)} if plan.filter_column else None,
            "n_rows": outcome.n_rows,
            "n_eligible": outcome.n_eligible,
            "arm_sizes": dict(outcome.arm_sizes),
        }
    )
    if campaign().get("stage", "draft") == "draft":
        campaign()["stage"] = "designed"
    st.caption(t("assign.saved", salt=plan.salt))


def _results(source: Source, plan: Plan, outcome: Outcome) -> None:
    view.metrics(outcome)
    st.success(view.sentence(outcome, plan), icon=":material/mail:")
    view.split_check(outcome)
    view.balance(outcome)
    view.allocation(outcome)
    view.explain()
    if outcome.split.exact:
        view.downloads(outcome)
        _save(source, plan, outcome)
    else:
        st.info(t("assign.download.blocked"), icon=":material/block:")


def _page() -> None:
    source = source_picker()
    if source is None:
        st.info(t("assign.empty"), icon=":material/upload_file:")
        return
    try:
        cols = columns(source)
    except InputError as exc:  # unreadable file: one sentence, nothing else
        show_error(exc)
        return
    st.caption(t("assign.file_caption", name=source.name, rows=fmt_int(cols.n_rows), columns=len(cols.names)))
    left, right = st.columns([4, 8], gap="large")
    with left:
        plan = render_inputs(source, cols)
    with right:
        if plan.id_column is None:
            st.warning(t("assign.pick_id"), icon=":material/badge:")
            st.info(t("assign.download.blocked"), icon=":material/block:")
            return
        try:
            outcome = cache.split_report(source.name, source.data, **plan.kwargs())
        except InputError as exc:
            show_error(exc)
            st.info(t("assign.download.blocked"), icon=":material/block:")
            return
        _results(source, plan, outcome)


st.title(t("assign.title"))
st.caption(t("assign.subtitle"))
_page()

"""Asignar / Split the list: which customers go to the pilot, the control, a holdout and the roll-out.

Upload the customer list (or load the bundled example), choose the ID column, strata and covariates,
take the sizes from the Design page or type them, keep a salt; the page shows counts, the split check,
balance and representativeness, and offers the assignment for download only when it is fully valid.
Inputs live in ``inputs``, rendering in ``view`` and ``charts``; the draw and its checks are one cached
call of :func:`experiments.assignment_report`.
"""

from __future__ import annotations

from types import SimpleNamespace

import streamlit as st

from app_pages import cache
from app_pages.components.feedback import plain, show_error
from app_pages.components.inputs import show_fix
from app_pages.components.source import is_database
from app_pages.i18n import fmt_int, t
from app_pages.split import view
from app_pages.split.inputs import SIZE_KEYS, Plan, Source, columns, render_inputs, source_picker
from app_pages.state import advance_stage, campaign, update
from experiments import AssignmentReportResult as Outcome
from planner_common import InputError
from rollout import assignment_record, same_file


def _save(source: Source, plan: Plan, outcome: Outcome) -> None:
    """Keep the split in the campaign (file fingerprint, plan, counts, checks) and mark it "designed"."""
    eligible = {plan.filter_column: list(plan.filter_values)} if plan.filter_column else None
    record = assignment_record(
        outcome, source=cache.fingerprint(source.name, source.data), drop_invalid=plan.drop_invalid,
        eligible=eligible,
    )  # fmt: skip
    update(assignment=record)
    advance_stage("designed")
    st.caption(t("assign.saved", salt=plain(plan.salt)))


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


def _saved() -> bool:
    """A reopened campaign's split, shown without the file; ``False`` when there is none."""
    record = campaign().assignment
    if record is None or record.n_rows is None:
        return False
    name = record.source.name if record.source else "—"
    sha = (record.source.sha256 or "")[:12] if record.source else ""
    key = "assign.saved_split" if sha else "assign.saved_split_table"
    st.info(t(key, name=plain(name), sha=sha, salt=plain(record.salt)), icon=":material/inventory_2:")
    outcome = view.saved_outcome(record)
    view.metrics(outcome)
    plan = SimpleNamespace(strata=record.strata)
    st.success(view.sentence(outcome, plan), icon=":material/mail:")
    view.split_check(outcome)
    view.balance(outcome)
    view.allocation(outcome)
    return True


def _compare_with_saved(source: Source) -> None:
    record = campaign().assignment
    if record is None or record.source is None or record.source.sha256 is None or is_database(source.data):
        return
    if same_file(record.source, cache.fingerprint(source.name, source.data)):
        st.caption(t("assign.same_file", name=plain(record.source.name)))
    else:
        st.warning(t("assign.other_file", name=plain(record.source.name)), icon=":material/difference:")


def _page() -> None:
    source = source_picker()
    if source is None:
        if not _saved():
            st.info(t("assign.empty"), icon=":material/upload_file:")
        return
    _compare_with_saved(source)
    try:
        cols = columns(source)
    except InputError as exc:  # unreadable file: one sentence, nothing else
        show_error(exc)
        return
    st.caption(
        t("assign.file_caption", name=plain(source.name), rows=fmt_int(cols.n_rows), columns=len(cols.names))
    )
    left, right = st.columns([4, 8], gap="large")
    with left:
        plan = render_inputs(source, cols)
    with right:
        if plan.arms is None:
            if not show_fix(SIZE_KEYS):
                st.info(t("assign.sizes_empty"), icon=":material/edit_note:")
            st.info(t("assign.download.blocked"), icon=":material/block:")
            return
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

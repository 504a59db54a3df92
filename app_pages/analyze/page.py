"""Analyse pilot: did the stimulus add response, conversion, revenue? How sure are we? Can we trust the split?

Data: an uploaded file (CSV in any locale, Excel, Parquet), a bundled example, or counts typed per arm.
The readout (every arm and segment, the mapping, the file's SHA-256) is stored in the campaign, so a
reopened campaign shows it without the file; uploading a file again says whether it is the same one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages import cache
from app_pages.analyze import view
from app_pages.analyze.charts import lift_chart
from app_pages.analyze.counts import METRIC, counts_form
from app_pages.analyze.mapping import mapping
from app_pages.analyze.source import STATE, Source, database, picker, profile, reset_mapping, sheets
from app_pages.components.charts import show_chart
from app_pages.components.feedback import how_computed, plain, show_error
from app_pages.components.inputs import label_map, show_fix
from app_pages.components.source import is_database, source_mode
from app_pages.decision import bayes
from app_pages.decision.inputs import metric_rule
from app_pages.i18n import fmt_int, fmt_money, fmt_p, fmt_pct, fmt_prob, t
from app_pages.state import advance_stage, campaign, currency, evaluation, update
from planner_common import InputError
from rollout import ReadoutRecord, early_look, readout_record, same_file

if TYPE_CHECKING:
    from experiments import PilotResult

MODES = ("file", "database", "counts")
FAILED: list[Exception] = []  # problems met in this script run (the saved readout is then not redrawn)


def _failed(exc: Exception) -> None:
    """One sentence next to the mapping; the saved readout is left as it was."""
    FAILED.append(exc)
    if isinstance(exc, InputError):
        show_error(exc)
    else:
        detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        st.error(t("analyze.errors_engine", detail=plain(detail)), icon=":material/error:")
    saved = campaign().readout
    if saved is not None and saved.source is not None:
        st.caption(t("analyze.previous_kept", source=plain(saved.source.name)))


def _arm(result: PilotResult, primary: str) -> str:
    """The arm to take forward: the user's pick, by default the one leading on the primary metric."""
    arms = list(result.comparisons)
    if st.session_state.get("analyze.arm") not in arms:
        st.session_state["analyze.arm"] = result.leading_arm(primary)
    if len(arms) == 1:
        return arms[0]
    return st.selectbox(t("analyze.arm"), arms, key="analyze.arm", help=t("analyze.arm_help"))


def _compare_with_saved(source: Source) -> None:
    """Say whether this file is the one that produced the saved readout."""
    saved = campaign().readout
    if saved is None or saved.source is None or saved.source.sha256 is None or is_database(source.data):
        return
    same = same_file(saved.source, cache.fingerprint(source.name, source.data))
    if same:
        st.caption(t("analyze.same_file", name=plain(saved.source.name)))
    else:
        st.warning(t("analyze.other_file", name=plain(saved.source.name)), icon=":material/difference:")


def _file_mode(source: Source | None) -> ReadoutRecord | None:
    if source is None:
        return None
    _compare_with_saved(source)
    sheet = None
    try:
        names = sheets(source.name, source.data)
        if names:
            sheet = st.selectbox(t("analyze.sheet"), names, key="analyze.sheet", on_change=reset_mapping)
        prof = profile(source, sheet)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is one sentence, never a traceback
        _failed(exc)
        return None
    st.caption(
        t("analyze.loaded", name=plain(source.name), rows=fmt_int(prof.n_rows), columns=len(prof.columns))
    )
    with st.expander(t("analyze.preview"), icon=":material/table:"):
        st.dataframe(prof.preview, hide_index=True)
    try:
        mapped = mapping(source, sheet, prof)
        if mapped is None:
            return None
        result = cache.file_readout(source.name, source.data, sheet, mapped.specs(), **mapped.options())
    except Exception as exc:  # noqa: BLE001 - data problems become one sentence, never a traceback
        _failed(exc)
        return None
    return readout_record(
        result, source=cache.fingerprint(source.name, source.data), mode=source_mode(source.data),
        mapping=mapped.plain(),
        arm=_arm(result, mapped.primary), primary=mapped.primary,
    )  # fmt: skip


def _counts_mode() -> ReadoutRecord | None:
    try:
        typed = counts_form()
        if typed is None:
            return None
        result = typed.readout()
    except Exception as exc:  # noqa: BLE001
        _failed(exc)
        return None
    return readout_record(result, source=None, mode="counts", arm=_arm(result, METRIC), primary=METRIC)


def _money_line(record: ReadoutRecord) -> None:
    """The roll-out's headline figures (the campaign's evaluation), or why this readout is not what it scales."""
    ev = evaluation()
    if ev.pilot is None or ev.pilot.source != "readout":
        st.info(t("analyze.money_elsewhere"), icon=":material/rocket_launch:")
        return
    if ev.projection is None:
        st.caption(t("analyze.money_missing"))
    else:
        st.success(
            t("analyze.money_line", metric=plain(ev.pilot.metric), audience=fmt_int(ev.audience),
              probability=fmt_prob(ev.probability_of_profit), profit=fmt_money(ev.expected_profit, ev.currency)),
            icon=":material/payments:",
        )  # fmt: skip
    metric_rule(record, ev.pilot.metric, ev.pilot.metric_rule)
    bayes.render(ev)


def _results(record: ReadoutRecord, cur: str) -> None:
    st.subheader(t("analyze.results_title"))
    view.srm_banner(record)
    peek = early_look(campaign())
    if peek is not None:
        sizes = {k: fmt_pct(v, digits=0) if k.endswith("_pct") else fmt_int(v) for k, v in peek.items()}
        st.warning(t("analyze.peek", **sizes), icon=":material/visibility:")
    main = record.primary_line() or record.lines[0]
    view.cards(main, record.alpha, cur)
    st.markdown(view.sentence(main, record.alpha, cur))
    shown, raw = view.tables(record.lines, record.alpha, cur)
    view.show_lines(shown)
    view.downloads(raw, t("analyze.file_results"), "analyze.results")
    view.notes(record, [x for x in record.lines if x.arm == record.arm])
    show_chart(lift_chart, record.lines, "metric", width="stretch")
    seg_lines = [x for x in record.segment_lines if x.metric == main.metric and x.arm == record.arm]
    if seg_lines:
        st.subheader(t("analyze.segments_title", arm=plain(record.arm)))
        seg_shown, seg_raw = view.tables(seg_lines, record.alpha, cur, by="segment")
        view.show_lines(seg_shown)
        view.downloads(seg_raw, t("analyze.file_segments"), "analyze.segments")
        if main.metric in record.heterogeneity:
            pvalue = fmt_p(record.heterogeneity[main.metric])
            st.caption(t("analyze.heterogeneity", metric=plain(main.metric), pvalue=pvalue))
        show_chart(lift_chart, tuple(seg_lines), "segment", width="stretch")
    how_computed(t("analyze.how_md"))
    _money_line(record)


st.title(t("analyze.title"))
st.caption(t("analyze.context"))
st.session_state.setdefault("analyze.mode", "file")
mode = st.radio(
    t("analyze.mode"), MODES, key="analyze.mode", horizontal=True,
    format_func=label_map("analyze.modes.", MODES).get,
)  # fmt: skip
FAILED.clear()
chosen_source = picker() if mode == "file" else database() if mode == "database" else None
record = _counts_mode() if mode == "counts" else _file_mode(chosen_source)
saved = campaign().readout
if record is not None:
    update(readout=record)
    advance_stage("analysed")
elif show_fix():
    pass  # a box could not be read: neither the saved readout nor an older one is shown
elif (
    saved is not None
    and not FAILED
    and (mode == "counts") == (saved.mode == "counts")
    and chosen_source is None
):
    record = saved  # reopened: the stored readout, without the file
    name = saved.source.name if saved.source else t("analyze.counts.source")
    sha = (saved.source.sha256 or "")[:12] if saved.source else ""
    key = "analyze.saved_readout_table" if saved.mode == "database" else "analyze.saved_readout"
    st.info(t(key, name=plain(name), sha=sha),
            icon=":material/inventory_2:")  # fmt: skip
elif mode == "file" and chosen_source is None:  # with a file loaded, its own error says what to do
    st.info(t("analyze.empty"), icon=":material/upload_file:")
if record is not None:
    chosen = st.session_state.get(STATE) if mode == "file" else None
    _results(record, getattr(chosen, "currency", None) or currency())

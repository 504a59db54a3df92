"""Analyse pilot: did the stimulus add response, conversion, revenue? How sure are we? Can we trust the split?

Data: an uploaded file (CSV in any locale, Excel, Parquet), a bundled example, or counts typed per arm.
The readout of the chosen arm is saved to ``section("readout")`` for the Roll-out page.
"""

from __future__ import annotations

import streamlit as st

from app_pages import cache
from app_pages.analyze import view
from app_pages.analyze.charts import lift_chart
from app_pages.analyze.counts import METRIC, counts_form
from app_pages.analyze.mapping import Mapping, mapping
from app_pages.analyze.source import Source, picker, profile, reset_mapping, sheets
from app_pages.analyze.view import Readout, lines_of, saved_readout
from app_pages.components.feedback import how_computed, show_error
from app_pages.components.inputs import label_map
from app_pages.decision import bayes
from app_pages.i18n import fmt_int, fmt_pvalue, t
from app_pages.state import advance_stage, campaign, currency, section
from planner_common import InputError


def _failed(exc: Exception) -> None:
    """One sentence next to the mapping; the saved readout is left as it was."""
    if isinstance(exc, InputError):
        show_error(exc)
    else:
        st.error(
            t(
                "analyze.errors_engine",
                detail=str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__,
            ),
            icon=":material/error:",
        )
    if section("readout").get("metrics"):
        st.caption(t("analyze.previous_kept", source=section("readout").get("source", "—")))


def _file_mode() -> tuple[Readout, str, str, float] | None:
    source: Source | None = picker()
    if source is None:
        st.info(t("analyze.empty"), icon=":material/upload_file:")
        return None
    sheet = None
    try:
        names = sheets(source.name, source.data)
        if names:
            sheet = st.selectbox(t("analyze.sheet"), names, key="analyze.sheet", on_change=reset_mapping)
        prof = profile(source, sheet)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is one sentence, never a traceback
        _failed(exc)
        return None
    st.caption(t("analyze.loaded", name=source.name, rows=fmt_int(prof.n_rows), columns=len(prof.columns)))
    with st.expander(t("analyze.preview"), icon=":material/table:"):
        st.dataframe(prof.preview, hide_index=True)
    try:
        mapped: Mapping | None = mapping(source, sheet, prof)
        if mapped is None:
            return None
        result = lines_of(
            cache.file_readout(source.name, source.data, sheet, mapped.specs(), **mapped.options())
        )
    except Exception as exc:  # noqa: BLE001 - data problems become one sentence, never a traceback
        _failed(exc)
        return None
    return result, source.name, mapped.primary, mapped.alpha


def _counts_mode() -> tuple[Readout, str, str, float] | None:
    try:
        typed = counts_form()
        if typed is None:
            return None
        result = lines_of(typed.readout())
    except Exception as exc:  # noqa: BLE001
        _failed(exc)
        return None
    return result, t("analyze.counts.source"), METRIC, typed.alpha


def _results(result: Readout, source: str, primary: str, alpha: float, cur: str) -> None:
    st.subheader(t("analyze.results_title"))
    view.srm_banner(result)
    arms = list(dict.fromkeys(line.arm for line in result.lines))
    if st.session_state.get("analyze.arm") not in arms:
        st.session_state["analyze.arm"] = arms[0]
    arm = st.selectbox(t("analyze.arm"), arms, key="analyze.arm") if len(arms) > 1 else arms[0]
    main = next((x for x in result.lines if x.arm == arm and x.metric == primary), result.lines[0])
    view.cards(main, alpha, cur)
    st.markdown(view.sentence(main, alpha, cur))
    shown, raw = view.tables(result.lines, alpha, cur)
    view.show_lines(shown)
    view.downloads(raw, t("analyze.file_results"), "analyze.results")
    view.notes(result, [x for x in result.lines if x.arm == arm])
    chart = lift_chart(result.lines, "metric")
    if chart is not None:
        st.altair_chart(chart)
    if result.segment_lines:
        seg_lines = [x for x in result.segment_lines if x.metric == main.metric]
        st.subheader(t("analyze.segments_title", arm=seg_lines[0].arm if seg_lines else arm))
        seg_shown, seg_raw = view.tables(seg_lines, alpha, cur, by="segment")
        view.show_lines(seg_shown)
        view.downloads(seg_raw, t("analyze.file_segments"), "analyze.segments")
        if main.metric in result.heterogeneity:
            st.caption(
                t(
                    "analyze.heterogeneity",
                    metric=main.metric,
                    pvalue=fmt_pvalue(result.heterogeneity[main.metric]),
                )
            )
        seg_chart = lift_chart(seg_lines, "segment")
        if seg_chart is not None:
            st.altair_chart(seg_chart)
    how_computed(t("analyze.how_md"))
    saved = saved_readout(result, source=source, alpha=alpha, primary=main.metric, arm=arm)
    campaign()["readout"] = saved
    advance_stage("analysed")
    bayes.render(section("readout"))


st.title(t("analyze.title"))
st.caption(t("analyze.context"))
st.session_state.setdefault("analyze.mode", "file")
mode = st.radio(
    t("analyze.mode"),
    ("file", "counts"),
    key="analyze.mode",
    horizontal=True,
    format_func=label_map("analyze.modes.", ("file", "counts")).get,
)
outcome = _file_mode() if mode == "file" else _counts_mode()
if outcome is not None:
    res, src, prim, alpha_ = outcome
    chosen = st.session_state.get("analyze_source") if mode == "file" else None
    _results(res, src, prim, alpha_, getattr(chosen, "currency", None) or currency())

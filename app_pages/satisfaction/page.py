"""Satisfaction: NPS and ISN with their margin of error, and how many surveys to send."""

import streamlit as st

from app_pages import cache
from app_pages.components.feedback import plain, show_field_error
from app_pages.components.inputs import example_button, forget_stale, option_labels, percent_option, prefill
from app_pages.components.uploads import upload_box
from app_pages.i18n import fmt_int, t
from app_pages.satisfaction import scores, survey
from app_pages.satisfaction.inputs import CONFIDENCE, EXAMPLE, apply_defaults, guess, use_example_survey
from planner_common import InputError

apply_defaults()

st.title(t("satisfaction.title"))
st.caption(t("satisfaction.context"))
left, right = st.columns([3, 1])
source = left.radio(
    t("satisfaction.source"),
    ("counts", "file"),
    key="satisfaction.source",
    horizontal=True,
    format_func=option_labels("satisfaction.source_"),
)
confidence = right.selectbox(
    t("satisfaction.confidence"), CONFIDENCE, key="satisfaction.confidence", format_func=percent_option()
)
with left:
    example_button("satisfaction.example_btn", EXAMPLE)

df, columns = None, {"nps": None, "isn": None, "group": None}
if source == "file":
    upload = upload_box(
        t("satisfaction.upload"), "satisfaction.survey_upload", help=t("satisfaction.upload_help")
    )
    st.button(
        t("satisfaction.sample"),
        key="satisfaction.sample_btn",
        on_click=use_example_survey,
        icon=":material/dataset:",
    )
    if upload is not None:
        st.session_state["satisfaction.file"] = (upload.getvalue(), upload.name)
    file = st.session_state.get("satisfaction.file")
    if file is None:
        st.info(t("satisfaction.file_empty"), icon=":material/upload_file:")
    else:
        try:
            df = cache.survey_table(file[1], file[0])
        except InputError as exc:
            show_field_error(exc, {}, {}, st)
    if df is not None:
        names = [str(c) for c in df.columns]
        st.caption(t("satisfaction.file_loaded", name=plain(file[1]), rows=fmt_int(len(df))))
        cols, none = st.columns(3), t("satisfaction.none")
        for col, role in zip(cols, columns, strict=True):
            options = [None, *names]
            forget_stale(f"satisfaction.{role}_column", options)
            prefill({f"satisfaction.{role}_column": guess(names, role)})
            columns[role] = col.selectbox(
                t(f"satisfaction.column_{role}"),
                options,
                key=f"satisfaction.{role}_column",
                format_func=lambda c, none=none: none if c is None else c,
            )

nps_tab, isn_tab, plan_tab = st.tabs(
    [t("satisfaction.tab_nps"), t("satisfaction.tab_isn"), t("satisfaction.tab_plan")]
)
with nps_tab:
    measured_nps = scores.render("nps", confidence, df, columns["nps"], columns["group"])
with isn_tab:
    measured_isn = scores.render("isn", confidence, df, columns["isn"], columns["group"])
with plan_tab:
    survey.render(confidence, measured_nps or measured_isn)

"""Satisfaction: NPS and ISN with their margin of error, and how many surveys to send."""

import streamlit as st

from app_pages import _satisfaction_scores, _satisfaction_survey
from app_pages._i18n import fmt_int, t
from app_pages._rollout_ui import example_button, forget_stale, option_labels, prefill, show_field_error
from app_pages._satisfaction_data import DEFAULT_RATES, example_survey, load_survey
from planner_common import InputError

CONFIDENCE = (0.90, 0.95, 0.99)
# docs/formulas.md §9–§10 worked examples: NPS 200/120/80; ISN 310/90/100; ±5 points with σ² = 0.6 for a
# base of 5 000 customers, B2C relational survey at the blog's 13 %.
EXAMPLE = {
    "satisfaction.source": "counts",
    "satisfaction.nps_promoters": 200,
    "satisfaction.nps_passives": 120,
    "satisfaction.nps_detractors": 80,
    "satisfaction.isn_satisfied": 310,
    "satisfaction.isn_neutral": 90,
    "satisfaction.isn_dissatisfied": 100,
    "satisfaction.margin_target": 5.0,
    "satisfaction.variance_mode": "typed",
    "satisfaction.variance": 0.6,
    "satisfaction.population": 5_000,
    "satisfaction.audience": "b2c",
    "satisfaction.survey_kind": "relational",
    "satisfaction.confidence": 0.95,
}
GUESS = {
    "nps": ("nps", "0_10", "recom"),
    "isn": ("nota", "isn", "1_7", "satisf"),
    "group": ("canal", "channel", "segment"),
}

prefill(
    {
        "satisfaction.source": "counts",
        "satisfaction.confidence": 0.95,
        "satisfaction.scale_min": 1,
        "satisfaction.dissatisfied_max": 4,
        "satisfaction.satisfied_min": 6,
        "satisfaction.scale_max": 7,
        "satisfaction.variance_mode": "worst",
        "satisfaction.variance": 0.6,
        **{f"satisfaction.rate_{a}_{k}": rate * 100 for (a, k), rate in DEFAULT_RATES.items()},
    }
)


def use_example_survey() -> None:
    st.session_state["satisfaction.source"] = "file"
    st.session_state["satisfaction.file"] = example_survey()
    for role in ("nps", "isn", "group"):
        st.session_state.pop(f"satisfaction.{role}_column", None)


def guess(columns: list[str], role: str) -> str | None:
    return next((c for c in columns if any(word in c.lower() for word in GUESS[role])), None)


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
    t("satisfaction.confidence"), CONFIDENCE, key="satisfaction.confidence", format_func=lambda c: f"{c:.0%}"
)
with left:
    example_button("satisfaction.example_btn", EXAMPLE)

df, columns = None, {"nps": None, "isn": None, "group": None}
if source == "file":
    upload = st.file_uploader(
        t("satisfaction.upload"),
        key="satisfaction.survey_upload",
        type=["csv", "tsv", "txt", "xlsx", "xls", "parquet"],
        help=t("satisfaction.upload_help"),
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
            df = load_survey(*file)
        except InputError as exc:
            show_field_error(exc, {}, {}, st)
    if df is not None:
        names = [str(c) for c in df.columns]
        st.caption(t("satisfaction.file_loaded", name=file[1], rows=fmt_int(len(df))))
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
    measured_nps = _satisfaction_scores.render("nps", confidence, df, columns["nps"], columns["group"])
with isn_tab:
    measured_isn = _satisfaction_scores.render("isn", confidence, df, columns["isn"], columns["group"])
with plan_tab:
    _satisfaction_survey.render(confidence, measured_nps or measured_isn)

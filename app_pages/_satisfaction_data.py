"""Survey data for the Satisfaction page: read an upload, and cached calls into ``economics``.

Reading goes through ``datasources.read_table`` (size caps, encoding and delimiter sniffing); a survey
is small, so the chosen columns are then brought into pandas as plain lists – data preparation only.
Scores are classified and counted by ``economics.nps_from_scores`` / ``isn_from_grades``; the only
counting done here is the 0–10 / 1–7 histogram for the chart.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from datasources import read_table
from economics import (
    SURVEY_RESPONSE_RATE_DEFAULTS,
    ISNResult,
    NPSResult,
    SurveyInvitationsResult,
    SurveySampleSizeResult,
    isn,
    isn_from_grades,
    nps,
    nps_from_scores,
    score_variance,
    survey_invitations,
    survey_sample_size,
)

EXAMPLE_SURVEY = Path(__file__).resolve().parents[1] / "examples" / "data" / "encuesta_nps_isn.csv"
ALL = "__all__"


@st.cache_data(max_entries=8, show_spinner=False)
def load_survey(data: bytes, name: str) -> pd.DataFrame:
    """The survey file as a small DataFrame (read by ``datasources`` with its caps and sniffing)."""
    upload = io.BytesIO(data)
    upload.name = name
    return read_table(upload).to_pandas()


def example_survey() -> tuple[bytes, str]:
    """Bytes and name of the committed example survey (1 000 answers)."""
    return EXAMPLE_SURVEY.read_bytes(), EXAMPLE_SURVEY.name


def _values(series: pd.Series) -> list:
    """Plain Python values, blanks as ``None`` ("no sabe / no responde")."""
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in series]


@st.cache_data(max_entries=64, show_spinner=False)
def nps_counts(promoters: int, passives: int, detractors: int, confidence: float) -> NPSResult:
    return nps(promoters, passives, detractors, confidence_level=confidence)


@st.cache_data(max_entries=64, show_spinner=False)
def isn_counts(
    satisfied: int, neutral: int, dissatisfied: int, confidence: float, cutoffs: tuple[int, int, int, int]
) -> ISNResult:
    low, dis_max, sat_min, high = cutoffs
    return isn(
        satisfied,
        neutral,
        dissatisfied,
        confidence_level=confidence,
        satisfied_min=sat_min,
        dissatisfied_max=dis_max,
        scale_min=low,
        scale_max=high,
    )


@st.cache_data(max_entries=16, show_spinner=False)
def scores_by_group(
    df: pd.DataFrame,
    column: str,
    group: str | None,
    kind: str,
    confidence: float,
    cutoffs: tuple[int, int, int, int] = (1, 4, 6, 7),
) -> dict[str, NPSResult | ISNResult]:
    """NPS (``kind="nps"``) or ISN of the whole survey (key ``ALL``) and of each group value."""
    low, dis_max, sat_min, high = cutoffs

    def score(values: pd.Series) -> NPSResult | ISNResult:
        if kind == "nps":
            return nps_from_scores(_values(values), confidence_level=confidence)
        return isn_from_grades(
            _values(values),
            confidence_level=confidence,
            satisfied_min=sat_min,
            dissatisfied_max=dis_max,
            scale_min=low,
            scale_max=high,
        )

    out = {ALL: score(df[column])}
    if group:
        for value, part in df.groupby(group, dropna=False, sort=True)[column]:
            out[str(value)] = score(part)
    return out


def histogram(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Answers per score value (chart data preparation)."""
    counts = pd.to_numeric(df[column], errors="coerce").dropna().round().astype(int).value_counts()
    return counts.sort_index().rename_axis("score").reset_index(name="answers")


@st.cache_data(max_entries=64, show_spinner=False)
def survey_plan(
    margin: float,
    variance: float,
    confidence: float,
    population: int | None,
    audience: str,
    survey: str,
    rates: tuple[tuple[str, str, float], ...],
) -> tuple[SurveySampleSizeResult, SurveyInvitationsResult]:
    """Answers needed for ``± margin`` points and the invitations at the edited response rates."""
    size = survey_sample_size(margin, variance=variance, confidence_level=confidence, population=population)
    defaults = {(a, s): rate for a, s, rate in rates}
    return size, survey_invitations(size.n, audience=audience, survey=survey, defaults=defaults)


def past_variance(result: NPSResult | ISNResult) -> float:
    """σ² of a measured wave (shares of promoters and detractors) for the next survey's size."""
    positive = getattr(result, "promoters", None)
    positive = result.satisfied if positive is None else positive
    negative = getattr(result, "detractors", None)
    negative = result.dissatisfied if negative is None else negative
    return score_variance(positive / result.n, negative / result.n)


DEFAULT_RATES = dict(SURVEY_RESPONSE_RATE_DEFAULTS)

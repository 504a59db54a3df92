"""Inputs of the Satisfaction page: the worked example, the example survey, columns and response rates."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages.components.columns import survey_column
from app_pages.components.inputs import prefill
from economics import SURVEY_RESPONSE_RATE_DEFAULTS

EXAMPLE_SURVEY = Path(__file__).resolve().parents[2] / "examples" / "data" / "encuesta_nps_isn.csv"
CONFIDENCE = (0.90, 0.95, 0.99)
DEFAULT_RATES = dict(SURVEY_RESPONSE_RATE_DEFAULTS)
ROLES = ("nps", "isn", "group")
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


def apply_defaults() -> None:
    """First-view values: counts typed by hand, the Chilean ISN scale, the blog's response rates."""
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


def example_survey() -> tuple[bytes, str]:
    """Bytes and name of the committed example survey (1 000 answers)."""
    return EXAMPLE_SURVEY.read_bytes(), EXAMPLE_SURVEY.name


def use_example_survey() -> None:
    """The "example survey" button: read the committed survey and guess its columns afresh."""
    st.session_state["satisfaction.source"] = "file"
    st.session_state["satisfaction.file"] = example_survey()
    for role in ROLES:
        st.session_state.pop(f"satisfaction.{role}_column", None)


def guess(columns: list[str], role: str) -> str | None:
    """The column that looks like the survey's ``role`` (``nps``, ``isn`` or ``group``)."""
    return survey_column(columns, role)

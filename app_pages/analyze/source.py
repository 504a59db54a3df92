"""Where the Analyse page's data comes from: an upload or a bundled example, kept in the session.

The chosen source survives page changes (``st.session_state["analyze_source"]``); choosing a new one
clears the column mapping so its guesses start afresh. Reads are cached and small: the column profile
is one aggregate query (distinct counts) plus a five-row preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.components import columns as guess
from app_pages.components.inputs import label_map
from app_pages.components.source import database_table
from app_pages.components.uploads import upload_box
from app_pages.i18n import t

STATE = "analyze_source"
MAP_PREFIX = "analyze.map."
STRAY = 5  # distinct values up to which an answer-named column is still offered as a 0/1 outcome
EXAMPLES = {  # key: (file, currency)
    "retail_cl": ("piloto_correo_directo_cl.csv", "CLP"),
    "email_es": ("piloto_email_asunto_es.csv", "EUR"),
    "sms_co": ("piloto_sms_retencion_co.csv", "COP"),
}


@dataclass(frozen=True, slots=True)
class Source:
    """An uploaded file (``data`` holds its bytes), a bundled example (``None``) or a database table
    (``data`` is a :class:`app_pages.cache.DatabaseTable`)."""

    name: str
    data: Any = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """Columns of the data by role-relevant type, distinct counts and a preview."""

    columns: tuple[str, ...]
    numeric: tuple[str, ...]
    binary: tuple[str, ...]
    categorical: tuple[str, ...]
    n_rows: int
    preview: pd.DataFrame


def reset_mapping() -> None:
    """Forget the column mapping so the next run starts from fresh guesses."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(MAP_PREFIX)]:
        del st.session_state[key]


def _store_upload() -> None:
    upload = st.session_state.get("analyze.file_upload")
    if upload is not None:
        st.session_state[STATE] = Source(upload.name, upload.getvalue())
        st.session_state.pop("analyze.sheet", None)
        reset_mapping()


def load_example(key: str) -> None:
    """Make a bundled example the current source."""
    name, cur = EXAMPLES[key]
    st.session_state[STATE] = Source(name, None, cur)
    st.session_state.pop("analyze.sheet", None)
    reset_mapping()


def picker() -> Source | None:
    """Upload widget and example loader; the current source (or ``None``)."""
    left, right = st.columns([3, 2])
    upload_box(
        t("analyze.upload"), "analyze.file_upload", on_change=_store_upload, help=t("analyze.upload_help"),
        container=left,
    )  # fmt: skip
    with right:
        key = st.selectbox(
            t("analyze.example"),
            list(EXAMPLES),
            key="analyze.example",
            format_func=label_map("analyze.examples.", tuple(EXAMPLES)).get,
        )
        st.button(
            t("app.load_example"),
            key="analyze.load_example_btn",
            on_click=load_example,
            args=(key,),
            icon=":material/dataset:",
        )
    return st.session_state.get(STATE)


def database() -> Source | None:
    """A table of a saved connection (:mod:`app_pages.components.source`); a new table resets the mapping."""
    table = database_table("analyze")
    if table is None:
        return None
    if st.session_state.get("_analyze_table") != (table.connection, table.table):
        st.session_state["_analyze_table"] = (table.connection, table.table)
        reset_mapping()
    return Source(table.label, table)


def sheets(name: str, data: Any) -> list[str]:
    """Sheet names when the source is an Excel workbook (else empty)."""
    if not isinstance(data, bytes | None) or not name.lower().endswith(
        (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
    ):
        return []
    return cache.excel_sheets(name, data)


def profile(source: Source, sheet: Any) -> Profile:
    """Column types, approximate distinct counts (one HyperLogLog query) and the first rows."""
    summary = cache.file_summary(source.name, source.data, sheet, exact=False)
    columns, distinct = summary.columns, summary.distinct
    # A 0/1 answer column with a stray value (a 2, a «quizás») stays an answer column, so the readout
    # names the offending cells instead of the column silently leaving the list of outcomes.
    binary = tuple(
        c for c in columns if distinct[c] <= 2 or (distinct[c] <= STRAY and guess.named_like_outcome(c))
    )
    numeric = tuple(c for c in columns if c in summary.numeric and c not in binary)
    categorical = tuple(c for c in columns if c not in numeric and 1 < distinct[c] <= 50)
    preview = cache.file_preview(source.name, source.data, sheet)
    return Profile(columns, numeric, binary, categorical, summary.n_rows, preview)


def arm_values(source: Source, sheet: Any, column: str) -> tuple[tuple[Any, int], ...]:
    """The (up to 50) most frequent values of the arm column with their counts."""
    return cache.file_values(source.name, source.data, column, sheet)

"""Rendering helpers shared by the pages: colours, errors, explanations, downloads."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from app_pages._i18n import error_text, t

# Pilot and control keep the same colours on every page and chart.
ARM_COLORS = {"control": "#8c8c8c", "pilot": "#e4572e", "treatment": "#e4572e", "rollout": "#4c78a8"}
ACCENT = "#e4572e"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def show_error(exc: Exception) -> None:
    """One clear sentence in the user's language for an invalid input."""
    st.error(error_text(exc), icon=":material/error:")


def how_computed(markdown: str) -> None:
    """The "How was this computed?" expander with the formula, method and reference."""
    with st.expander(t("app.how_computed"), icon=":material/functions:"):
        st.markdown(markdown)


def inert(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralise spreadsheet formulas: text cells starting with = + - @ get a leading apostrophe."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
            )
    return out


def to_xlsx(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """An XLSX file of ``df`` whose text cells are always written as text, never as formulas."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        inert(df).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def download_table(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX download buttons for a table (``key`` is page-prefixed, e.g. ``"design.sizes"``)."""
    left, right = st.columns(2)
    left.download_button(
        t("app.download_csv"),
        inert(df).to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}.csv_download",
    )
    right.download_button(
        t("app.download_xlsx"),
        to_xlsx(df),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}.xlsx_download",
    )

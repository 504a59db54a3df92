"""Tables shared by the pages: read-only tables with right-aligned numbers, and CSV / XLSX downloads.

Downloads neutralise spreadsheet formulas (text cells starting with ``= + - @`` get an apostrophe) and
write XLSX text cells as text, never as formulas.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.components.feedback import md
from app_pages.i18n import t

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    """CSV and XLSX download buttons for a table (``key`` is page-prefixed, e.g. ``"design.sizes"``); the
    files are written only when a button is clicked."""
    left, right = st.columns(2)
    left.download_button(
        t("app.download_csv"),
        lambda: inert(df).to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}.csv_download",
        on_click="ignore",
    )
    right.download_button(
        t("app.download_xlsx"),
        lambda: to_xlsx(df),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}.xlsx_download",
        on_click="ignore",
    )


def show_table(df: Any, right: Iterable[str] = ()) -> None:
    """A read-only table with the formatted number columns right-aligned."""
    config = {col: st.column_config.TextColumn(col, alignment="right") for col in right}
    st.dataframe(df, hide_index=True, column_config=config, width="stretch")


def show_static_table(df: Any, right: Iterable[str] = ()) -> None:
    """A small static table whose text wraps (``st.table``), formatted numbers right-aligned."""
    shown = df.map(lambda v: md(v) if isinstance(v, str) else v)
    styled = shown.style.set_properties(subset=list(right), **{"text-align": "right"})
    st.table(styled, hide_index=True)

"""Tables shared by the pages: read-only tables with right-aligned numbers, and CSV / XLSX downloads.

Every download is written by :func:`datasources.export_csv` / :func:`datasources.export_xlsx` in the
session's locale (``;`` and decimal commas in Spanish, a BOM, typed XLSX cells, IDs as text, inert
formula-like cells), with headers and category values in the user's language (``labels``) and a file
name from :func:`datasources.export_file_name` (what, the campaign's name, today's date). Files are built
only when a button is clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from app_pages.components.feedback import md
from app_pages.i18n import fmt_int, number_locale, t
from app_pages.state import campaign
from datasources import export_csv, export_file_name, export_xlsx

# Writing a 1,000,000-row split list as XLSX took 127 s (benchmarks/exports.py); 200,000 rows take
# about 25 s. Larger tables are offered as CSV only, with the reason shown.
XLSX_MAX_ROWS = 200_000
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(kind: str, ext: str) -> str:
    """``<kind>_<campaign>_<today>.<ext>``, ASCII only (``asignacion_catalogo-primavera_2026-12-03.xlsx``)."""
    return export_file_name(kind, campaign().brief.name, date.today(), ext)


def rows_of(table: pd.DataFrame | pa.Table) -> int:
    return table.num_rows if isinstance(table, pa.Table) else len(table)


def table_files(
    table: pd.DataFrame | pa.Table,
    *,
    labels: Mapping[str, str] | None = None,
    id_columns: Iterable[str] | None = None,
    sheet: str = "data",
    formats: Mapping[str, str] | None = None,
) -> dict[str, Callable[[], bytes]]:
    """Builders of the CSV and XLSX bytes of ``table`` in the session's locale (XLSX only up to
    :data:`XLSX_MAX_ROWS` rows)."""
    locale, ids = number_locale(), None if id_columns is None else list(id_columns)
    files = {"csv": lambda: export_csv(table, locale=locale, labels=labels, id_columns=ids)}
    if rows_of(table) <= XLSX_MAX_ROWS:
        files["xlsx"] = lambda: export_xlsx(
            table, locale=locale, labels=labels, id_columns=ids, sheet=sheet, formats=formats
        )
    return files


def download_table(
    table: pd.DataFrame | pa.Table,
    name: str,
    key: str,
    *,
    labels: Mapping[str, str] | None = None,
    id_columns: Iterable[str] | None = None,
    formats: Mapping[str, str] | None = None,
) -> None:
    """CSV and XLSX download buttons for a table (``key`` is page-prefixed, e.g. ``"design.sizes"``);
    beyond :data:`XLSX_MAX_ROWS` rows the XLSX button is replaced by the reason."""
    files = table_files(table, labels=labels, id_columns=id_columns, sheet=name, formats=formats)
    left, right = st.columns(2)
    left.download_button(
        t("app.download_csv"), data=files["csv"], file_name=file_name(name, "csv"), mime=CSV_MIME,
        key=f"{key}.csv_download", on_click="ignore", icon=":material/download:",
    )  # fmt: skip
    if "xlsx" in files:
        right.download_button(
            t("app.download_xlsx"), data=files["xlsx"], file_name=file_name(name, "xlsx"), mime=XLSX_MIME,
            key=f"{key}.xlsx_download", on_click="ignore", icon=":material/download:",
        )  # fmt: skip
    else:
        right.caption(
            md(t("app.xlsx_too_big", rows=fmt_int(rows_of(table)), limit=fmt_int(XLSX_MAX_ROWS))),
            help=t("app.xlsx_too_big_help"),
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

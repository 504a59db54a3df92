"""Files and engines → Ibis tables: CSV in any locale, Excel, Parquet, DataFrames; DuckDB by default.

Public API: :func:`read_table`, :func:`connect`, :func:`redacted`, the saved connections
(:func:`saved_connections`, :func:`save_connection`, :func:`remove_connection`), :func:`list_sheets`,
:func:`sniff_csv`, :class:`CsvDialect`, :func:`fetch_rows`, :func:`fetch_arrow` and :func:`fetch_count` (run a query),
:func:`is_id_name`, :func:`column_summary`, :func:`value_counts`, the size caps in
:mod:`datasources.limits`, and the exports :func:`export_csv`, :func:`export_xlsx`, :func:`export_file_name`
(files that open right per locale).

Names are imported lazily on first use (PEP 562): ``import datasources`` does not load pandas, Ibis or
DuckDB until a function needs them.
"""

from __future__ import annotations

from datasources import ibis_compilers
from datasources.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_EXCEL_BYTES,
    MAX_EXCEL_UNCOMPRESSED_BYTES,
    MAX_FILE_BYTES,
)
from planner_common.lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "connect": "datasources.connection",
    "CsvDialect": "datasources.csv_sniff",
    "is_id_name": "datasources.csv_sniff",
    "redacted": "datasources.engines",
    "export_file_name": "datasources.exports",
    "export_csv": "datasources.exports_csv",
    "export_xlsx": "datasources.exports_xlsx",
    "fetch_arrow": "datasources.query",
    "fetch_count": "datasources.query",
    "fetch_rows": "datasources.query",
    "ColumnSummaryResult": "datasources.profile",
    "column_summary": "datasources.profile",
    "value_counts": "datasources.profile",
    "list_sheets": "datasources.read",
    "read_table": "datasources.read",
    "sniff_csv": "datasources.read",
    "SavedConnection": "datasources.connection_store",
    "connections_path": "datasources.connection_store",
    "remove_connection": "datasources.connection_store",
    "save_connection": "datasources.connection_store",
    "saved_connections": "datasources.connection_store",
}

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_EXCEL_BYTES",
    "MAX_EXCEL_UNCOMPRESSED_BYTES",
    "MAX_FILE_BYTES",
    *sorted(_EXPORTS),
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

ibis_compilers.install()  # before any Ibis backend loads: only the compilers in use are imported

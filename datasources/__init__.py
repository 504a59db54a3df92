"""Files and engines → Ibis tables: CSV in any locale, Excel, Parquet, DataFrames; DuckDB by default.

Public API: :func:`read_table`, :func:`connect`, :func:`redacted`, the saved connections
(:func:`saved_connections`, :func:`save_connection`, :func:`remove_connection`), :func:`list_sheets`,
:func:`sniff_csv`, :class:`CsvDialect`, :func:`is_id_name`, :func:`column_summary`, :func:`value_counts`, the size caps in
:mod:`datasources.limits`, and the exports :func:`export_csv`, :func:`export_xlsx`, :func:`export_file_name`
(files that open right per locale).
"""

from datasources.connect import connect
from datasources.csv_sniff import CsvDialect, is_id_name
from datasources.engines import redacted
from datasources.exports import export_file_name
from datasources.exports_csv import export_csv
from datasources.exports_xlsx import export_xlsx
from datasources.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_EXCEL_BYTES,
    MAX_EXCEL_UNCOMPRESSED_BYTES,
    MAX_FILE_BYTES,
)
from datasources.profile import ColumnSummaryResult, column_summary, value_counts
from datasources.read import list_sheets, read_table, sniff_csv
from datasources.saved_connections import (
    SavedConnection,
    connections_path,
    remove_connection,
    save_connection,
    saved_connections,
)

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_EXCEL_BYTES",
    "MAX_EXCEL_UNCOMPRESSED_BYTES",
    "MAX_FILE_BYTES",
    "ColumnSummaryResult",
    "SavedConnection",
    "CsvDialect",
    "column_summary",
    "connect",
    "connections_path",
    "export_csv",
    "export_file_name",
    "export_xlsx",
    "is_id_name",
    "list_sheets",
    "read_table",
    "redacted",
    "remove_connection",
    "save_connection",
    "saved_connections",
    "sniff_csv",
    "value_counts",
]

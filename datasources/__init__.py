"""Files and engines → Ibis tables: CSV in any locale, Excel, Parquet, DataFrames; DuckDB by default.

Public API: :func:`read_table`, :func:`connect`, :func:`redacted`, :func:`list_sheets`, :func:`sniff_csv`,
:class:`CsvDialect`, :func:`is_id_name`, and the size caps in :mod:`datasources.limits`.
"""

from datasources.connect import connect
from datasources.csv_sniff import CsvDialect, is_id_name
from datasources.engines import redacted
from datasources.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_EXCEL_BYTES,
    MAX_EXCEL_UNCOMPRESSED_BYTES,
    MAX_FILE_BYTES,
)
from datasources.read import list_sheets, read_table, sniff_csv

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_EXCEL_BYTES",
    "MAX_EXCEL_UNCOMPRESSED_BYTES",
    "MAX_FILE_BYTES",
    "CsvDialect",
    "connect",
    "is_id_name",
    "list_sheets",
    "read_table",
    "redacted",
    "sniff_csv",
]

"""``read_table``: any pilot file (CSV in any locale, Excel, Parquet) → an Ibis table on DuckDB."""

from __future__ import annotations

import uuid
from typing import Any

import duckdb
import ibis

from datasources import files, limits, parquet_stats
from datasources.connection import connect
from datasources.csv_reader import read_csv_view, sniff_file
from datasources.csv_sniff import CsvDialect
from planner_common import InputError
from planner_common.frames import is_arrow_table


class _Scratch:
    """Owner of a temporary file needed only during one call (deleted when this is collected)."""


def _backend(con: Any) -> Any:
    if con is None:
        return connect()
    if getattr(con, "name", None) != "duckdb":
        raise InputError(
            "not_duckdb",
            "files are read by DuckDB: pass con=connect() or another DuckDB "
            f"backend, not {getattr(con, 'name', type(con).__name__)!r}; tables already in "
            "a database are opened with connect(url).table(name).",
            field="con",
            value=getattr(con, "name", type(con).__name__),
        )
    return con


def _in_memory(source: Any, con: Any, table_name: str | None) -> Any:
    """Copy an Arrow table or DataFrame into a temporary DuckDB table (ibis 12's ``create_table``
    fails on in-memory data with DuckDB 2, so the raw connection does the copy)."""
    import pyarrow as pa

    arrow = source if isinstance(source, pa.Table) else pa.Table.from_pandas(source, preserve_index=False)
    name = table_name or f"frame_{uuid.uuid4().hex[:12]}"
    scratch = f"scratch_{uuid.uuid4().hex[:12]}"
    quoted = '"' + name.replace('"', '""') + '"'
    con.con.register(scratch, arrow)
    try:
        con.con.execute(f"CREATE OR REPLACE TEMP TABLE {quoted} AS SELECT * FROM {scratch}").fetchall()
    finally:
        con.con.unregister(scratch)
    return con.table(name)


def _read_parquet(con: Any, local: files.LocalFile, table_name: str | None) -> Any:
    try:
        table = con.read_parquet(str(local.path), table_name=table_name)
        parquet_stats.remember(con, table.get_name(), local.path)
        return table
    except duckdb.Error as exc:
        raise InputError(
            "unreadable_file",
            f"{local.name} is not a readable Parquet file: {str(exc).splitlines()[0][:200]}",
            name=local.name,
            detail=str(exc).splitlines()[0][:200],
        ) from None


def read_table(
    source: Any,
    *,
    sheet: str | int | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
    thousands: str | None = None,
    encoding: str | None = None,
    max_bytes: int | None = None,
    max_uncompressed_bytes: int = limits.MAX_EXCEL_UNCOMPRESSED_BYTES,
    max_compression_ratio: float = limits.MAX_COMPRESSION_RATIO,
    con: Any = None,
    table_name: str | None = None,
    file_format: str | None = None,
) -> Any:
    """Open a pilot file as an Ibis table on an in-process DuckDB, without loading it into pandas.

    CSV and Parquet become DuckDB views read out of core; an Excel sheet becomes a small in-memory
    table. A CSV's encoding (UTF-8, UTF-8 BOM, cp1252/Latin-1, UTF-16), delimiter (``,`` ``;`` tab
    ``|``), decimal comma and thousands separator are detected from a sample (explicit arguments win);
    ID-like columns and values with leading zeros stay text (``00123``).

    Args:
        source: A path (``str``/``Path``), ``bytes``, a file-like upload (``.name`` + ``.getvalue()``
            or ``.read()``), a pandas DataFrame or Arrow table (copied into DuckDB) or an Ibis table
            (returned unchanged).
        sheet: Excel sheet name (case-insensitive) or 0-based index; first visible sheet by default.
        delimiter: CSV field separator override.
        decimal: CSV decimal mark override, ``"."`` or ``","``.
        thousands: CSV thousands separator override (``""`` for none).
        encoding: CSV encoding override (any Python codec name). A given UTF-8 is checked on the
            sniffed sample only (a detected one on the whole file); a bad byte further on is reported
            by DuckDB when a query reads it.
        max_bytes: Largest file accepted; default ``limits.MAX_FILE_BYTES`` (CSV/Parquet) or
            ``limits.MAX_EXCEL_BYTES`` (Excel).
        max_uncompressed_bytes: Cap on the decompressed size of an Excel zip (zip-bomb guard).
        max_compression_ratio: Cap on the compression ratio of a large Excel zip member.
        con: DuckDB backend to register the table in (default: a new one from :func:`connect`); pass
            the same one to read several files you want to join.
        table_name: Name of the view/table in ``con`` (default: a generated one).
        file_format: ``"csv"``, ``"parquet"``, ``"excel"`` or ``"excel-ole"`` when the name does not say.

    Returns:
        An Ibis table whose backend is DuckDB.

    Raises:
        InputError: ``empty_file``, ``file_too_big``, ``unsupported_extension``, ``unreadable_encoding``,
            ``no_columns``, ``no_rows``, ``single_column``, ``sheet_not_found``, ``zip_bomb``,
            ``unreadable_file``… each with a sentence in the UI catalog.

    Examples:
        A Spanish-locale export (``;``, decimal comma, thousands point, Windows-1252):

        >>> raw = "id_cliente;grupo;ingreso\\n00123;piloto;1.234,56\\n00456;control;0,5\\n".encode("cp1252")
        >>> pilot = read_table(raw)
        >>> pilot.schema()["id_cliente"].is_string(), pilot.schema()["ingreso"].is_float64()
        (True, True)
        >>> pilot.order_by("id_cliente").to_pyarrow().to_pylist()[0]
        {'id_cliente': '00123', 'grupo': 'piloto', 'ingreso': 1234.56}

    References:
        DuckDB CSV reader, https://duckdb.org/docs/data/csv/overview; OWASP "XML/zip bomb".
    """
    if isinstance(source, ibis.Table):
        return source
    con = _backend(con)
    if is_arrow_table(source) or type(source).__name__ == "DataFrame":
        return _in_memory(source, con, table_name)
    local = files.materialise(
        source, owner=con, max_bytes=max_bytes or limits.MAX_FILE_BYTES, file_format=file_format
    )
    if local.file_format == files.CSV:
        return read_csv_view(
            con,
            local,
            table_name=table_name,
            delimiter=delimiter,
            decimal=decimal,
            thousands=thousands,
            encoding=encoding,
        )
    if local.file_format == files.PARQUET:
        return _read_parquet(con, local, table_name)
    limits.check_size(local.name, local.size, max_bytes or limits.MAX_EXCEL_BYTES)
    from datasources import excel  # pyarrow and the Excel readers load for an Excel file only

    arrow = excel.read_excel(
        local.path,
        sheet=sheet,
        name=local.name,
        check=local.file_format == files.EXCEL_ZIP,
        max_uncompressed=max_uncompressed_bytes,
        max_ratio=max_compression_ratio,
    )
    return _in_memory(arrow, con, table_name)


def list_sheets(source: Any, *, max_bytes: int | None = None) -> list[str]:
    """Sheet names of an Excel source (path, bytes or upload), e.g. to offer a sheet choice.

    Examples:
        >>> import io, xlsxwriter
        >>> buffer = io.BytesIO()
        >>> book = xlsxwriter.Workbook(buffer); _ = book.add_worksheet("Resumen"); _ = book.add_worksheet("Datos")
        >>> book.close()
        >>> list_sheets(buffer.getvalue())
        ['Resumen', 'Datos']
    """
    owner = _Scratch()
    local = files.materialise(source, owner=owner, max_bytes=max_bytes or limits.MAX_EXCEL_BYTES)
    if local.file_format not in (files.EXCEL_ZIP, files.EXCEL_OLE):
        return []
    from datasources import excel

    if local.file_format == files.EXCEL_ZIP:
        excel.check_zip(local.path, name=local.name)
    return excel.sheet_names(local.path, name=local.name)


def sniff_csv(
    source: Any,
    *,
    delimiter: str | None = None,
    decimal: str | None = None,
    thousands: str | None = None,
    encoding: str | None = None,
    max_bytes: int | None = None,
) -> CsvDialect:
    """What :func:`read_table` would detect for a CSV source, without reading it (to show the user).

    Examples:
        >>> d = sniff_csv("región;ingreso\\nSur;1.234,5\\n".encode("cp1252"))
        >>> d.encoding, d.delimiter, d.decimal, d.thousands
        ('cp1252', ';', ',', '.')
    """
    owner = _Scratch()
    local = files.materialise(
        source, owner=owner, max_bytes=max_bytes or limits.MAX_FILE_BYTES, file_format=files.CSV
    )
    return sniff_file(local, delimiter=delimiter, decimal=decimal, thousands=thousands, encoding=encoding)

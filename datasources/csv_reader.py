"""Read a CSV file into a DuckDB view (out of core) with an explicitly detected dialect.

The file is sniffed from a sample (:mod:`datasources.csv_sniff`), validated as UTF-8 in streaming,
transcoded to a UTF-8 temporary file when needed (:mod:`datasources.textcodec`), and registered as a
DuckDB view over ``read_csv`` with the delimiter, decimal mark and thousands separator spelled out.
ID-like columns, and columns whose sample values have leading zeros, are forced to VARCHAR after
DuckDB has sniffed the types, so ``00123`` never becomes ``123``.

DuckDB sniffs the file once (``sniff_csv``); the view then spells out everything it found – quote,
escape, line ending, rows skipped, date formats and every column's type – with ``auto_detect=false``,
so neither registering the view nor any later query on it sniffs again (each sniff costs a sample read:
~40 ms per query on a 1M-row file). What both sniffs found is kept for a file read in place, keyed by
its identity, size and modification time, so reading the same file again (each rerun of a readout)
costs no sniff at all.
"""

from __future__ import annotations

import codecs
import gzip
import io
from typing import Any

import duckdb
from ibis.backends.sql.datatypes import DuckDBType

from datasources import limits, textcodec
from datasources.csv_sniff import CsvDialect, check_columns, is_id_name, sniff_text
from datasources.files import LocalFile, new_temp_file
from planner_common import InputError


def _open(local: LocalFile) -> io.BufferedIOBase:
    if str(local.path).lower().endswith(".gz"):
        return gzip.open(local.path, "rb")
    return local.path.open("rb")


def _decode_sample(sample: bytes, encoding: str, complete: bool) -> str:
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=complete)
    if not complete and "\n" in text:
        text = text[: text.rfind("\n") + 1]
    return text


def _choose_encoding(local: LocalFile, sample: bytes, complete: bool, encoding: str | None) -> str:
    if encoding is not None:
        found = textcodec.normalize_encoding(encoding)
    else:
        found = textcodec.detect_encoding(sample, complete=complete, name=local.name)
    if found not in textcodec.DUCKDB_NATIVE:
        return found
    if encoding is not None or complete:  # given, or the sample is the whole file: check only the sample
        bad = textcodec.first_invalid_utf8(io.BytesIO(sample))
    else:
        with _open(local) as fh:
            bad = textcodec.first_invalid_utf8(fh)
    if bad is None:
        return found
    if encoding is not None:
        raise InputError(
            "unreadable_encoding",
            f"{local.name} is not valid {found}: byte {bad} is invalid; "
            "pass the right encoding (e.g. encoding='cp1252').",
            name=local.name,
            encoding=found,
            position=bad,
        )
    return "cp1252"


def sniff_file(
    local: LocalFile,
    *,
    delimiter: str | None = None,
    decimal: str | None = None,
    thousands: str | None = None,
    encoding: str | None = None,
    sample_bytes: int = limits.SNIFF_BYTES,
) -> CsvDialect:
    """Detect encoding and dialect of a CSV on disk from its first ``sample_bytes`` (overrides win)."""
    with _open(local) as fh:
        sample = fh.read(sample_bytes + 1)
    complete = len(sample) <= sample_bytes
    sample = sample[:sample_bytes]
    if not sample:
        raise InputError(
            "empty_file",
            f"{local.name} is empty (0 bytes); choose the file that holds the data.",
            name=local.name,
        )
    chosen = _choose_encoding(local, sample, complete, encoding)
    text = _decode_sample(sample, chosen, complete)
    dialect = sniff_text(
        text, encoding=chosen, delimiter=delimiter, decimal=decimal, thousands=thousands, name=local.name
    )
    if complete and dialect.n_sample_rows == 0:
        raise InputError("no_rows", f"{local.name} has column names but no rows.", name=local.name)
    return dialect


def _utf8_path(local: LocalFile, dialect: CsvDialect, owner: Any, explicit: bool) -> tuple[str, str]:
    """Path DuckDB can read (the file itself, or a UTF-8 transcoded copy) and the encoding used."""
    if dialect.encoding in textcodec.DUCKDB_NATIVE:
        return str(local.path), dialect.encoding
    dest = new_temp_file(owner, ".csv")
    for candidate in (dialect.encoding, "iso8859-1"):
        try:
            with _open(local) as fh:
                textcodec.transcode_to_utf8(fh, dest, candidate, name=local.name)
            return str(dest), candidate
        except InputError:
            if explicit or candidate == "iso8859-1":
                raise
    raise AssertionError("unreachable")


def _options(dialect: CsvDialect) -> dict[str, Any]:
    options: dict[str, Any] = {
        "delim": dialect.delimiter,
        "decimal_separator": dialect.decimal,
        "header": True,
    }
    if dialect.thousands:
        options["thousands"] = dialect.thousands
    return options


# sniff_csv's fields → read_csv's options (with auto_detect off, the reader needs each of them spelled out)
SNIFFED = {
    "Quote": "quote",
    "Escape": "escape",
    "NewLineDelimiter": "new_line",
    "SkipRows": "skip",
    "Comment": "comment",
    "DateFormat": "dateformat",
    "TimestampFormat": "timestampformat",
}


def duckdb_sniff(con: Any, path: str, options: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """DuckDB's one sniff of the file → (column name → DuckDB type, read_csv options it detected)."""
    args = ", ".join(f"{key} := ?" for key in options)
    query = f"SELECT * FROM sniff_csv(?, {args})"
    cursor = con.con.execute(query, [path, *options.values()])
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    columns = {c["name"]: c["type"] for c in row["Columns"]}
    detected = {
        option: ("" if row[field] == "(empty)" else row[field])
        for field, option in SNIFFED.items()
        if row.get(field) is not None
    }
    return columns, detected


def _types(
    con: Any, path: str, options: dict[str, Any], dialect: CsvDialect
) -> tuple[dict[str, str], dict[str, Any]]:
    """Every column's DuckDB type (DuckDB's sniff, then the sample's overrides) and the detected options."""
    columns, detected = duckdb_sniff(con, path, options)
    schema = {name: DuckDBType.from_string(kind) for name, kind in columns.items()}
    return columns | type_overrides(schema, dialect), detected


# What both sniffs found for a file read in place (UTF-8 or ASCII), keyed by the file's identity, size and
# modification time and the user's overrides: the same file read again – every rerun of a readout – is
# not sniffed again; a file changed on disk has a new key. Transcoded files are never kept (their copy
# belongs to one connection).
_SNIFFED: dict[tuple[Any, ...], tuple[CsvDialect, dict[str, str], dict[str, Any]]] = {}
MAX_SNIFFED = 32


def _file_key(local: LocalFile, overrides: tuple[str | None, ...]) -> tuple[Any, ...] | None:
    try:
        stat = local.path.stat()
    except OSError:
        return None
    return (str(local.path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, overrides)


def _remember(key: tuple[Any, ...], found: tuple[CsvDialect, dict[str, str], dict[str, Any]]) -> None:
    while len(_SNIFFED) >= MAX_SNIFFED:
        _SNIFFED.pop(next(iter(_SNIFFED)), None)
    _SNIFFED[key] = found


def type_overrides(schema: Any, dialect: CsvDialect) -> dict[str, str]:
    """Column types to impose on DuckDB's sniffed ones, from what the sample showed.

    * numeric columns with leading zeros in the sample, and integer columns with an ID-like name →
      VARCHAR (``00123`` stays ``00123``);
    * text columns whose sample values are all numbers with a thousands separator → DOUBLE (DuckDB 2.0's
      sniffer gives up on ``1.234,56`` after the first 2,048 rows when ``thousands`` is set);
    * BOOLEAN columns whose sample holds anything but true/false → VARCHAR (a sample of only ``no``
      would otherwise make ``sí`` unreadable further down).
    """
    overrides = {}
    for position, (column, dtype) in enumerate(schema.items()):
        if (position in dialect.text_columns and dtype.is_numeric()) or (
            dtype.is_integer() and is_id_name(column)
        ):
            overrides[column] = "VARCHAR"
        elif (
            dtype.is_string()
            and dialect.thousands
            and position in dialect.number_columns
            and position not in dialect.text_columns
            and not is_id_name(column)
        ):
            overrides[column] = "DOUBLE"
        elif dtype.is_boolean() and position not in dialect.boolean_columns:
            overrides[column] = "VARCHAR"
    return overrides


# DuckDB reads a CSV in buffers of 16 × max_line_size (32 MB) per thread by default; 8 MB (4 × the
# longest line it accepts) reads as fast and keeps a 10M-row readout ~60 MB lighter (benchmarks/readout.py).
BUFFER_BYTES = 8 * 1024 * 1024


def read_csv_view(
    con: Any,
    local: LocalFile,
    *,
    table_name: str | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
    thousands: str | None = None,
    encoding: str | None = None,
) -> Any:
    """Register ``local`` as a DuckDB view on ``con`` and return it as an Ibis table."""
    overrides = (delimiter, decimal, thousands, encoding)
    key = _file_key(local, overrides)
    found = _SNIFFED.get(key) if key else None
    if found is None:
        dialect = sniff_file(
            local, delimiter=delimiter, decimal=decimal, thousands=thousands, encoding=encoding
        )
        path, used = _utf8_path(local, dialect, con, explicit=encoding is not None)
    else:
        dialect, path, used = found[0], str(local.path), found[0].encoding
    options = _options(dialect)
    try:
        columns, detected = found[1:] if found else _types(con, path, options, dialect)
        if key and not found and path == str(local.path):
            _remember(key, (dialect, columns, detected))
        table = con.read_csv(
            path,
            table_name=table_name,
            columns=dict(columns),
            buffer_size=BUFFER_BYTES,
            **options,
            **detected,
        )
    except duckdb.Error as exc:
        raise InputError(
            "unreadable_file",
            f"{local.name} cannot be read as CSV with delimiter "
            f"{dialect.delimiter!r} and encoding {used}: {str(exc).splitlines()[0][:200]}",
            name=local.name,
            detail=str(exc).splitlines()[0][:200],
        ) from None
    check_columns(dialect, len(table.columns), name=local.name)
    return table

"""Tables out as files that open right in the user's spreadsheet: the shared rules and safe file names.

Shared rules of :func:`datasources.export_csv` and :func:`datasources.export_xlsx` (a pandas DataFrame
or a pyarrow Table in, bytes out):

* Column kinds come from the type: numbers (int, float, decimal) stay numbers; strings, categories,
  booleans (``true``/``false``) and objects are text; datetimes and dates are dates. ID columns are
  text whatever their type: the ones named in ``id_columns`` or, when it is ``None``, the ones
  :func:`is_id_name` recognises (``id_cliente``, ``rut``, ``customer_id``). ID values are never
  translated; a float ID column holding whole numbers (an integer column with a blank) loses its ``.0``.
* ``labels`` translates the headers and the values of the non-ID text columns (``{"pilot": "piloto",
  "arm": "grupo"}``): the core knows no catalog, the caller passes the user's language.
* Every text cell and header beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  inert: in CSV it gets a leading apostrophe (OWASP "CSV injection"); in XLSX it is a string cell with
  Excel's quote prefix (the value stays exact). Numbers, negative ones included, are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

import pandas as pd
import pyarrow as pa

from datasources.csv_sniff import is_id_name
from planner_common import InputError

Frame: TypeAlias = pd.DataFrame | pa.Table
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 200_000
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One column to export: its name in the frame, its header in the file and how to write it."""

    name: str
    header: str
    kind: str  # "id", "number", "text" or "date"
    integer: bool = False


def _pandas_kind(dtype: Any) -> tuple[str, bool]:
    if pd.api.types.is_bool_dtype(dtype):
        return "text", False
    if pd.api.types.is_numeric_dtype(dtype):
        return "number", pd.api.types.is_integer_dtype(dtype)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date", False
    return "text", False


def _arrow_kind(dtype: pa.DataType) -> tuple[str, bool]:
    if pa.types.is_integer(dtype) or pa.types.is_floating(dtype) or pa.types.is_decimal(dtype):
        return "number", pa.types.is_integer(dtype)
    if pa.types.is_timestamp(dtype) or pa.types.is_date(dtype):
        return "date", False
    return "text", False


def _id_names(columns: list[str], id_columns: Iterable[str] | None) -> set[str]:
    if id_columns is None:
        return {name for name in columns if is_id_name(name)}
    wanted = list(id_columns)
    missing = [name for name in wanted if name not in columns]
    if missing:
        raise InputError(
            "export_unknown_column",
            f"id_columns names columns the table does not have: {', '.join(missing)}.",
            field="id_columns",
            value=", ".join(missing),
        )
    return set(wanted)


def _kinds(frame: Frame) -> dict[str, tuple[str, bool]]:
    if isinstance(frame, pa.Table):
        return {str(field.name): _arrow_kind(field.type) for field in frame.schema}
    return {str(name): _pandas_kind(dtype) for name, dtype in frame.dtypes.items()}


def plan_columns(
    frame: Frame, labels: Mapping[str, str] | None, id_columns: Iterable[str] | None
) -> list[Column]:
    """The columns of ``frame`` with their translated headers and kinds (duplicate headers refused)."""
    kinds = _kinds(frame)
    ids = _id_names(list(kinds), id_columns)
    labels = labels or {}
    columns = [
        Column(name=name, header=labels.get(name, name), kind="id" if name in ids else kind, integer=integer)
        for name, (kind, integer) in kinds.items()
    ]
    headers = [column.header for column in columns]
    twice = sorted({header for header in headers if headers.count(header) > 1})
    if twice:
        raise InputError(
            "export_duplicate_headers",
            f"two columns would have the same header: {', '.join(twice)}.",
            field="labels",
            value=", ".join(twice),
        )
    return columns


def row_count(frame: Frame) -> int:
    """The number of rows of a DataFrame or a pyarrow Table."""
    return frame.num_rows if isinstance(frame, pa.Table) else len(frame)


def pandas_chunks(frame: Frame, rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """``frame`` as pandas slices of ``rows`` rows (at least one, possibly empty)."""
    if isinstance(frame, pa.Table):
        batches = frame.to_batches(max_chunksize=rows)
        yield from (batch.to_pandas() for batch in batches) if batches else [frame.to_pandas()]
        return
    for start in range(0, max(len(frame), 1), rows):
        yield frame.iloc[start : start + rows]


def text_values(values: pd.Series, labels: Mapping[str, str] | None, *, translate: bool) -> pd.Series:
    """A pandas column as strings (missing stays missing), its values translated when ``translate``."""
    if pd.api.types.is_bool_dtype(values.dtype):
        values = values.map({True: "true", False: "false"})
    elif pd.api.types.is_float_dtype(values.dtype) and values.dropna().mod(1).eq(0).all():
        values = values.astype("Int64")  # an integer ID column that held a blank
    text = values.astype("string")
    if translate and labels:
        text = text.replace(dict(labels))
    return text


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula or a control character."""
    return value.startswith(FORMULA_START)


def _slug(text: str, limit: int) -> str:
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].rstrip("-")


def export_file_name(kind: str, campaign_name: str | None, day: date, ext: str) -> str:
    """A portable download name: ``<kind>_<campaign>_<YYYY-MM-DD>.<ext>``, ASCII only.

    Accents are folded (``Catálogo`` → ``catalogo``), anything but letters and digits becomes ``-``,
    the kind is capped at 40 characters and the campaign at 60; an empty campaign is left out and an
    empty kind becomes ``export``. ``day`` is a date (or datetime: its date is used).

    Examples:
        >>> export_file_name("asignación", "Catálogo primavera", date(2026, 12, 3), "xlsx")
        'asignacion_catalogo-primavera_2026-12-03.xlsx'
        >>> export_file_name("memo", "  ", date(2026, 1, 5), ".CSV")
        'memo_2026-01-05.csv'

    References:
        Unicode NFKD compatibility decomposition (UAX #15) to fold accents.
    """
    parts = [_slug(kind, 40) or "export", _slug(campaign_name or "", 60)]
    stamp = date(day.year, day.month, day.day).isoformat()
    suffix = _slug(ext, 10) or "dat"
    return "_".join(part for part in [*parts, stamp] if part) + "." + suffix

"""CSV exports per locale, built column by column with Arrow compute (a million rows in about a second)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from datasources.exports import (
    CHUNK_ROWS,
    FORMULA_START,
    Column,
    Frame,
    is_formula_like,
    pandas_chunks,
    plan_columns,
    text_values,
)
from planner_common.locales import number_symbols

BOM = b"\xef\xbb\xbf"
LINE_END = "\r\n"
_FORMULA_START = pa.array(FORMULA_START, pa.string())


def _from_pandas(values: pd.Series, column: Column) -> pa.Array:
    if column.kind == "number":
        return pa.array(values, from_pandas=True)
    if column.kind == "date":
        return pa.array(pd.to_datetime(values), from_pandas=True)
    return pa.array(text_values(values, None, translate=False), type=pa.string(), from_pandas=True)


def _from_arrow(values: pa.Array, column: Column) -> pa.Array:
    if column.kind != "id" or not pa.types.is_floating(values.type):
        return values
    valid = pc.drop_null(values)
    whole = len(valid) == 0 or pc.all(pc.equal(pc.floor(valid), valid)).as_py()
    return values.cast(pa.int64()) if whole else values


def _arrow_batches(frame: Frame, columns: list[Column]) -> Iterator[list[pa.Array]]:
    if isinstance(frame, pa.Table):
        for batch in frame.to_batches(max_chunksize=CHUNK_ROWS):
            yield [_from_arrow(batch.column(c.name), c) for c in columns]
        return
    for chunk in pandas_chunks(frame):
        yield [_from_pandas(chunk[c.name], c) for c in columns]


def _number_text(values: pa.Array, decimal: str) -> pa.Array:
    text = pc.cast(values, pa.string())
    if decimal != "." and not pa.types.is_integer(values.type):
        text = pc.replace_substring(text, ".", decimal)
    return text


def _date_text(values: pa.Array) -> pa.Array:
    zone = None if pa.types.is_date(values.type) else values.type.tz
    values = values.cast(pa.timestamp("s", tz=zone), safe=False)  # whole seconds, like a spreadsheet
    text = pc.strftime(values, format="%Y-%m-%d %H:%M:%S")
    return pc.replace_substring_regex(text, " 00:00:00$", "")


def _translate(text: pa.Array, labels: Mapping[str, str]) -> pa.Array:
    keys, names = pa.array(list(labels), pa.string()), pa.array(list(labels.values()), pa.string())
    return pc.coalesce(pc.take(names, pc.index_in(text, value_set=keys)), text)


def inert(text: pa.Array) -> pa.Array:
    """Text cells a spreadsheet would run as a formula get a leading apostrophe (Arrow, vectorised)."""
    risky = pc.is_in(pc.utf8_slice_codeunits(text, 0, 1), value_set=_FORMULA_START)
    if not pc.any(risky).as_py():
        return text
    return pc.if_else(risky, pc.binary_join_element_wise("'", text, ""), text)


def _quoted(text: pa.Array, separator: str) -> pa.Array:
    """RFC 4180: a field holding the separator, a quote or a line break is quoted, its quotes doubled."""
    needs = pc.match_substring(text, separator)
    for char in ('"', "\r", "\n"):
        needs = pc.or_(needs, pc.match_substring(text, char))
    if not pc.any(needs).as_py():
        return text
    escaped = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(needs, escaped, text)


def _cell_text(values: pa.Array, column: Column, labels: Mapping[str, str] | None, decimal: str) -> pa.Array:
    if column.kind == "number":
        return _number_text(values, decimal)
    if column.kind == "date":
        return _date_text(values)
    text = pc.cast(values, pa.string())
    if column.kind == "text" and labels:
        text = _translate(text, labels)
    return inert(text)


def _header_line(columns: list[Column], separator: str) -> str:
    cells = []
    for column in columns:
        cell = "'" + column.header if is_formula_like(column.header) else column.header
        needs = any(char in cell for char in (separator, '"', "\r", "\n"))
        cells.append('"' + cell.replace('"', '""') + '"' if needs else cell)
    return separator.join(cells) + LINE_END


def _lines(cells: list[pa.Array], separator: str) -> bytes:
    filled = [pc.fill_null(pc.cast(cell, pa.string()), "") for cell in cells]
    lines = pc.binary_join_element_wise(*filled, separator)
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    if len(lines) == 0:
        return b""
    rows = pa.ListArray.from_arrays(pa.array([0, len(lines)], pa.int32()), lines)
    blob = pc.binary_join(rows, LINE_END)[0].as_py()
    return (blob + LINE_END).encode("utf-8")


def export_csv(
    frame: Frame,
    *,
    locale: str,
    labels: Mapping[str, str] | None = None,
    id_columns: Iterable[str] | None = None,
    bom: bool = True,
) -> bytes:
    """A CSV file of ``frame`` that a spreadsheet in ``locale`` opens in columns, with typed numbers.

    Decimal-comma locales (es, es_CL, es_CO, es_ES) get ``;`` between fields and ``1234,5``;
    decimal-point ones (en_US, es_MX) get ``,`` and ``1234.5``. Numbers carry no thousands mark and
    are written in full (shortest round-trip form); text is UTF-8 with a BOM (so Excel shows accents);
    lines end in CRLF and a field is quoted only when it holds the separator, a quote or a line break
    (RFC 4180); a missing value is an empty field. Headers and category values go through ``labels``;
    formula-like text gets an apostrophe (rules in :mod:`datasources.exports`). IDs are written
    exactly (``00123``; Excel may still drop the zeros of a CSV it opens: use ``export_xlsx``).
    The file is built in slices of 200,000 rows with Arrow compute.

    Examples:
        The split list of a Chilean direct-mail pilot, in Spanish:

        >>> frame = pd.DataFrame({"id_cliente": ["00123", "=1+1"], "arm": ["pilot", "rollout"], "gasto": [1.5, -2.0]})
        >>> data = export_csv(frame, locale="es_CL", labels={"arm": "grupo", "pilot": "piloto", "rollout": "despliegue"})
        >>> data.decode("utf-8-sig").splitlines()
        ['id_cliente;grupo;gasto', '00123;piloto;1,5', "'=1+1;despliegue;-2"]

    References:
        RFC 4180 (CSV); OWASP "CSV Injection"; CLDR decimal symbols (UTS #35) via Babel.
    """
    symbols = number_symbols(locale)
    separator = symbols.list_separator
    columns = plan_columns(frame, labels, id_columns)
    out = io.BytesIO()
    out.write((BOM if bom else b"") + _header_line(columns, separator).encode("utf-8"))
    for batch in _arrow_batches(frame, columns):
        cells = [
            _cell_text(values, column, labels, symbols.decimal)
            if column.kind in ("number", "date")  # never hold a separator, a quote or a line break
            else _quoted(_cell_text(values, column, labels, symbols.decimal), separator)
            for values, column in zip(batch, columns, strict=True)
        ]
        if cells:
            out.write(_lines(cells, separator))
    return out.getvalue()

"""Data-row numbers of the first offending rows, without a global sort on distributed engines.

``ROW_NUMBER() OVER (ORDER BY ...)`` without a partition sends every row to one worker on Spark, and
Snowflake refuses ``ROW_NUMBER()`` without an order. Outside DuckDB and PostgreSQL the numbers are
found with two distributed queries instead: the first offending rows in the order of the keys (a top-k,
``ORDER BY ... LIMIT 5``), then, in one aggregate, how many rows come before each of them. The number of
a row is ``1 + (rows ordered before it)``, and rows tied on every key get consecutive numbers, exactly
what ``ROW_NUMBER()`` over the same order gives.

Keys: with an ID column, the ID, the checked value and the outcome of the check (NULL last); on Spark and
Databricks without one, the scan position ``monotonically_increasing_id()`` (partition by partition, so
the file's order); on other engines without one (no row order at all), the checked value.
"""

from __future__ import annotations

import functools
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

SCAN_ORDER = ("duckdb",)  # numbered in insertion order by a plain ROW_NUMBER() OVER ()
SINGLE_NODE = ("postgres", "sqlite", "mysql", "mssql", "oracle")  # one process: the global window is fine
SPARK = ("pyspark", "databricks")


@functools.cache
def _scan_position() -> Any:
    @ibis.udf.scalar.builtin(name="monotonically_increasing_id")
    def monotonically_increasing_id() -> dt.int64:
        """Spark: increasing 64-bit position of the row within the scan (partition index in the top bits)."""

    return monotonically_increasing_id


def uses_window(engine: str, id_column: str | None) -> bool:
    """Whether ``ROW_NUMBER()`` is the way to number rows on this engine."""
    return engine in SCAN_ORDER or (engine in SINGLE_NODE and not id_column)


def order_keys(
    table: ir.Table, condition: ir.BooleanValue, column: str | None, id_column: str | None, engine: str
) -> tuple[ir.Table, list[str]]:
    """The table with ``_k0, _k1, ...`` key columns added, and their names, in the numbering order."""
    checked = condition.fill_null(False).ifelse(1, 0)
    if id_column:
        keys = [table[id_column], *([table[column]] if column else []), checked]
    elif engine in SPARK:
        keys = [_scan_position()()]
    else:
        keys = [*([table[column]] if column else []), checked]
    names = [f"_k{i}" for i in range(len(keys))]
    return table.mutate(**dict(zip(names, keys, strict=True))), names


def _before(table: ir.Table, names: list[str], row: dict[str, Any]) -> ir.BooleanValue:
    """Rows ordered strictly before ``row`` (lexicographic over the keys, NULL after every value)."""
    result: ir.BooleanValue = ibis.literal(False)
    for name in reversed(names):
        key, value = table[name], row[name]
        if value is None:
            less, equal = key.notnull(), key.isnull()
        else:
            literal = ibis.literal(value, type=key.type())
            less, equal = (key < literal).fill_null(False), (key == literal).fill_null(False)
        result = less | (equal & result)
    return result


def first_query(
    keyed: ir.Table, names: list[str], condition: ir.BooleanValue, picked: list[str], limit: int
) -> ir.Table:
    """The first offending rows in key order (a distributed top-k: ``ORDER BY ... LIMIT``)."""
    order = [ibis.asc(keyed[n], nulls_first=False) for n in names]
    return keyed.filter(condition).select(*names, *picked).order_by(order).limit(limit)


def before_query(keyed: ir.Table, names: list[str], rows: list[dict[str, Any]]) -> ir.Table:
    """One aggregate: for each of ``rows``, how many rows come before it (``_c0``, ``_c1``, ...)."""
    return keyed.aggregate(
        **{f"_c{i}": _before(keyed, names, row).ifelse(1, 0).sum() for i, row in enumerate(rows)}
    )


def numbered(
    table: ir.Table,
    condition: ir.BooleanValue,
    column: str | None,
    id_column: str | None,
    engine: str,
    limit: int,
) -> list[dict[str, Any]]:
    """The first ``limit`` offending rows, each with ``_row`` (1-based) and the ``column``/``id_column``."""
    keyed, names = order_keys(table, condition, column, id_column, engine)
    picked = [c for c in (column, id_column) if c]
    rows = first_query(keyed, names, condition, picked, limit).to_pyarrow().to_pylist()
    if not rows:
        return []
    before = before_query(keyed, names, rows).to_pyarrow().to_pylist()[0]
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        tied = i > 0 and all(row[n] == rows[i - 1][n] for n in names)
        number = out[-1]["_row"] + 1 if tied else int(before[f"_c{i}"] or 0) + 1
        out.append({"_row": number, **{c: row[c] for c in picked}})
    return out

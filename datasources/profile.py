"""What a table holds, in one aggregate query: its columns, which are numeric, distinct values, rows.

Pages use it to offer sensible pickers (an arm column has a handful of values, an outcome two, an ID as
many as rows) without loading the table into memory; :func:`value_counts` lists the most frequent
values of one column (the arms of a pilot, the values of an eligibility filter).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

__all__ = ["ColumnSummaryResult", "column_summary", "value_counts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnSummaryResult:
    """Columns of a table with their distinct counts.

    Attributes:
        columns: Column names, in table order.
        numeric: The numeric columns among them.
        distinct: Column → distinct non-null values (HyperLogLog estimate when ``exact`` is ``False``).
        n_rows: Rows in the table.
        exact: Whether ``distinct`` is exact.
    """

    columns: tuple[str, ...]
    numeric: tuple[str, ...]
    distinct: dict[str, int]
    n_rows: int
    exact: bool


def column_summary(table: ir.Table, *, exact: bool = True) -> ColumnSummaryResult:
    """Count rows and distinct values of every column in one aggregate query.

    Args:
        table: An Ibis table (e.g. from :func:`datasources.read_table`).
        exact: Exact distinct counts (``COUNT(DISTINCT)``) or a HyperLogLog estimate (faster on big
            files; exact for the small counts that matter to a picker).

    Returns:
        A :class:`ColumnSummaryResult`.

    Examples:
        A pilot file: two arms, a 0/1 response and a customer ID.

        >>> import ibis
        >>> t = ibis.memtable({"id": ["a", "b", "c", "d"], "grupo": ["control", "piloto", "piloto", "piloto"],
        ...                    "respondio": [0, 1, 0, 1]})
        >>> s = column_summary(t)
        >>> s.n_rows, s.distinct, s.numeric
        (4, {'id': 4, 'grupo': 2, 'respondio': 2}, ('respondio',))

    References:
        Flajolet et al. (2007), "HyperLogLog" (the engines' ``approx_count_distinct``).
    """
    schema = table.schema()
    names = tuple(schema)
    count = (lambda c: table[c].nunique()) if exact else (lambda c: table[c].approx_nunique())
    row = table.aggregate(_n=table.count(), **{f"c{i}": count(c) for i, c in enumerate(names)})
    values = row.to_pyarrow().to_pylist()[0]
    return ColumnSummaryResult(
        columns=names,
        numeric=tuple(c for c in names if schema[c].is_numeric()),
        distinct={c: int(values[f"c{i}"]) for i, c in enumerate(names)},
        n_rows=int(values["_n"]),
        exact=exact,
    )


def value_counts(table: ir.Table, column: str, *, limit: int = 50) -> tuple[tuple[Any, int], ...]:
    """The most frequent values of ``column`` with their rows, most frequent first (ties by value).

    Args:
        table: An Ibis table.
        column: The column to count.
        limit: At most this many values.

    Returns:
        ``((value, rows), ...)``.

    Examples:
        >>> import ibis
        >>> t = ibis.memtable({"grupo": ["piloto", "control", "piloto", "otro", "control", "piloto"]})
        >>> value_counts(t, "grupo")
        (('piloto', 3), ('control', 2), ('otro', 1))

    References:
        ``GROUP BY column ORDER BY COUNT(*) DESC, column`` (SQL).
    """
    top = table.group_by(column).aggregate(_n=ibis._.count()).order_by(ibis.desc("_n"), column).limit(limit)
    return tuple((row[column], int(row["_n"])) for row in top.to_pyarrow().to_pylist())

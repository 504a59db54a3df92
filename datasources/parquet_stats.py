"""What a Parquet file's own statistics prove about its numeric columns, before any row is read.

A Parquet writer stores each column's minimum and maximum per row group. When every row group of a
column has them, the column's range is known from the footer (about 7 ms for a 10M-row file), and
the readout's data checks that the range already settles cost nothing: an integer column within
[0, 1] holds only 0/1 answers, a column whose minimum is ≥ 0 has no negative amount. Otherwise the
check runs in the query as usual; a statistic never makes a check fail, it can only make it unneeded.
"""

from __future__ import annotations

import math
import weakref
from pathlib import Path
from typing import Any

import ibis.expr.operations as ops
import ibis.expr.types as ir

Ranges = dict[str, tuple[float, float]]

# backend → Parquet view name → (file, what the ranges were read from, the ranges)
_FILES: weakref.WeakKeyDictionary[Any, dict[str, tuple[Path, tuple[Any, ...], Ranges]]] = (
    weakref.WeakKeyDictionary()
)

_FOOTER = """
SELECT path_in_schema, count(*) AS groups, count(stats_min_value) AS with_min, count(stats_max_value) AS with_max,
       min(TRY_CAST(stats_min_value AS DOUBLE)) AS low, max(TRY_CAST(stats_max_value AS DOUBLE)) AS high,
       (SELECT count(DISTINCT row_group_id) FROM parquet_metadata($path)) AS all_groups
FROM parquet_metadata($path) GROUP BY path_in_schema
"""


def remember(backend: Any, view: str, path: Path) -> None:
    """Note that ``view`` in ``backend`` reads the Parquet file at ``path`` (called by ``read_table``)."""
    _FILES.setdefault(backend, {})[view] = (path, (), {})


def _view(table: ir.Table) -> tuple[Any, str] | None:
    op = table.op()
    if not isinstance(op, ops.DatabaseTable) or op.name not in _FILES.get(op.source, {}):
        return None
    return op.source, op.name


def column_ranges(table: ir.Table) -> Ranges:
    """Column → ``(minimum, maximum)`` proven by the file's statistics; ``{}`` for any other table.

    A column appears only when every row group has both statistics and they read as numbers; NULL
    cells are outside the statistics (they are neither negative nor outside 0/1).

    Examples:
        A pilot file whose answers are 0/1 and whose revenue is never negative:

        >>> import duckdb, tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "pilot.parquet"
        >>> _ = duckdb.execute(f"COPY (SELECT range % 2 AS respondio, range * 1.5 AS ingreso "
        ...                    f"FROM range(10)) TO '{path}'")
        >>> from datasources import read_table
        >>> column_ranges(read_table(path))
        {'respondio': (0.0, 1.0), 'ingreso': (0.0, 13.5)}

    References:
        Apache Parquet format, "Statistics" in ColumnMetaData,
        https://parquet.apache.org/docs/file-format/metadata/; DuckDB ``parquet_metadata``,
        https://duckdb.org/docs/stable/data/parquet/metadata.
    """
    found = _view(table)
    if found is None:
        return {}
    backend, view = found
    path, seen, ranges = _FILES[backend][view]
    now = _source_of(backend, view, path)
    if now is None:
        return {}
    if now != seen:
        ranges = _read_footer(backend, path, _numeric(table))
        _FILES[backend][view] = (path, now, ranges)
    return ranges


def _source_of(backend: Any, view: str, path: Path) -> tuple[Any, ...] | None:
    """What the view reads now – its SQL and the file's size and time – or None if not that file.

    A view can be replaced under the same name and a file rewritten in place; either one makes the
    ranges read before stale, so they are read again.
    """
    found = backend.con.execute(
        "SELECT sql FROM duckdb_views() WHERE view_name = ? AND NOT internal", [view]
    ).fetchall()
    if len(found) != 1 or "read_parquet" not in found[0][0] or str(path) not in found[0][0]:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return found[0][0], stat.st_size, stat.st_mtime_ns


def _read_footer(backend: Any, path: Path, columns: list[str]) -> Ranges:
    """The proven range of each of ``columns`` that has one."""
    rows = backend.con.execute(_FOOTER, {"path": str(path)}).fetchall()
    proven = {
        name: (float(low), float(high))
        for name, groups, with_min, with_max, low, high, all_groups in rows
        if groups == with_min == with_max == all_groups and _number(low) and _number(high)
    }
    return {column: proven[column] for column in columns if column in proven}


def _number(value: float | None) -> bool:
    """A statistic that reads as a number (not missing, not NaN)."""
    return value is not None and not math.isnan(value)


def _numeric(table: ir.Table) -> list[str]:
    """The numeric columns: a text column's statistics are ordered as text, not as numbers."""
    return [name for name, kind in table.schema().items() if kind.is_numeric()]

"""Data checks of a pilot readout, each one clear :class:`InputError` naming column, count and rows.

The counts come from the single aggregate query (:mod:`experiments.analysis.aggregate`); only when a
check fails does a second, small query fetch the first offending rows (1-based data rows, header not
counted) so the message can show them.

What "data row N" means depends on the engine (:func:`row_number`):

* DuckDB (files, DataFrames, DuckDB tables): the N-th row in the order the rows were read or inserted –
  the line of the file or spreadsheet after the header (DuckDB numbers the rows of a plain scan in
  insertion order, its default ``preserve_insertion_order``).
* Other databases (PostgreSQL, Spark, warehouses), which have no row order: with an ID column, the N-th
  row when the table is sorted by ID (in the database's collation; rows of a repeated ID by the checked
  value), so the numbers are the same on every run and the message also shows the IDs. Without one:
  on PostgreSQL the position in the database's own scan order (for a table that was only loaded and
  appended to, usually the load order, but not guaranteed); on Spark the position in the scan (a file's
  own order); on engines with no row order at all (BigQuery, Snowflake, Trino) the N-th row sorted by the
  checked value.

Outside DuckDB and single-node databases no global window is used: see
:mod:`experiments.analysis._row_numbers` (a top-k and one aggregate, both distributed).
"""

from __future__ import annotations

import math
from typing import Any

import ibis
import ibis.expr.types as ir

from datasources.query import fetch_count
from experiments.analysis._row_numbers import numbered, uses_window
from experiments.analysis.aggregate import MAX_CELLS, Aggregates, blank, invalid_expr, value_expr
from planner_common import InputError

EXAMPLES = 5


def _cells(count: int, what: str = "cells") -> str:
    return f"{count:,} {what[:-1] if count == 1 else what}"


def label(value: Any) -> str:
    """Normalised arm / segment label: trimmed and case-folded text (``1.0`` reads as ``1``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().casefold()


def check_columns(table: ir.Table, wanted: dict[str, str]) -> None:
    """Every ``column → role`` in ``wanted`` must exist in the table."""
    names = list(table.columns)
    for column, role in wanted.items():
        if column not in names:
            shown = ", ".join(names[:30]) + (", …" if len(names) > 30 else "")
            raise InputError(
                "column_not_found",
                f"Column «{column}» ({role}) is not in the data; its columns are: {shown}.",
                field=column,
                role=role,
                columns=shown,
            )


def row_number(
    table: ir.Table, condition: ir.BooleanValue, column: str | None, id_column: str | None = None
) -> ir.IntegerValue:
    """1-based data row numbers: insertion order on DuckDB, else ID order when there is an ID column.

    Outside DuckDB the rows are ordered by the ID, then the checked column and the condition, so that
    rows left tied (same ID, value and outcome of the check) would be shown the same way.

    Examples:
        >>> import ibis
        >>> t = ibis.memtable({"id": ["b", "a", "c"], "x": [1, -2, 3]})
        >>> t.select(n=row_number(t, t.x < 0, "x", "id"), id="id").to_pyarrow().to_pylist()
        [{'n': 1, 'id': 'b'}, {'n': 2, 'id': 'a'}, {'n': 3, 'id': 'c'}]

    References:
        DuckDB documentation, "Order preservation"; PostgreSQL 15 manual, §7.5 (without ORDER BY, rows
        come back in an unspecified order).
    """
    if not id_column or table.get_backend().name == "duckdb":
        return ibis.row_number() + 1
    keys = [table[id_column], *([table[column]] if column else []), condition]
    return ibis.row_number().over(order_by=keys) + 1


def first_rows(
    table: ir.Table, condition: ir.BooleanValue, column: str | None, id_column: str | None = None
) -> str:
    """``"5 («quizás»), 17 («2»)"`` – the first offending data rows (with their value / ID)."""
    engine = table.get_backend().name
    picked = [c for c in (column, id_column) if c]
    if uses_window(engine, id_column):
        numbered_rows = table.mutate(_row=row_number(table, condition, column, id_column))
        query = numbered_rows.filter(condition).select("_row", *picked).order_by("_row").limit(EXAMPLES)
        rows = query.to_pyarrow().to_pylist()
    else:
        rows = numbered(table, condition, column, id_column, engine, EXAMPLES)
    parts = []
    for row in rows:
        extra = [f"«{row[column]}»"] if column and row[column] is not None else []
        extra += [f"ID {row[id_column]}"] if id_column else []
        parts.append(f"{row['_row']}" + (f" ({', '.join(extra)})" if extra else ""))
    return ", ".join(parts)


def check_shape(agg: Aggregates, group: str, segment: str | None) -> None:
    """Non-empty data, a sensible number of groups."""
    if not agg.cells or sum(cell.stats.n for cell in agg.cells) == 0:
        raise InputError(
            "empty_data", "The data has no rows: there is nothing to analyse.", field="data", value=0
        )
    if agg.truncated:
        what = f"«{group}» × «{segment}»" if segment else f"«{group}»"
        raise InputError(
            "too_many_groups",
            f"Column {what} has more than {MAX_CELLS:,} distinct values: "
            "is it really the arm (and segment) column?",
            field=group,
            count=MAX_CELLS,
        )


def check_keys(
    table: ir.Table, agg: Aggregates, group: str, segment: str | None, id_column: str | None
) -> None:
    """No missing arm labels or segment values."""
    for column, key in ((group, "arm"), (segment, "segment")):
        if column is None:
            continue
        count = sum(c.stats.n for c in agg.cells if getattr(c, key) is None or label(getattr(c, key)) == "")
        if count:
            _missing(table, column, count, id_column)


def _missing(
    table: ir.Table, column: str, count: int, id_column: str | None, condition: ir.BooleanValue | None = None
) -> None:
    rows = first_rows(table, blank(table[column]) if condition is None else condition, None, id_column)
    raise InputError(
        "missing_values",
        f"Column «{column}» has {_cells(count, 'empty cells')}, e.g. data rows "
        f"{rows}; fill them in or remove those rows.",
        field=column,
        count=count,
        rows=rows,
    )


def check_values(table: ir.Table, agg: Aggregates, plans: list[Any], id_column: str | None) -> None:
    """Missing, non-0/1, non-numeric, infinite and (unless allowed) negative values of the outcome
    columns (each data column checked once, on its raw values, even when a metric caps it)."""
    seen: set[str] = set()
    for plan in plans:
        if plan.column in seen:
            continue
        seen.add(plan.column)
        cells = agg.cells
        missing = sum(c.missing[plan.name] for c in cells)
        column = table[plan.column]
        if missing or any(c.has_nan[plan.name] for c in cells):
            cond = blank(column)
            if column.type().is_floating():
                cond = cond | column.isnan()
            missing = _count(table, cond) if any(c.has_nan[plan.name] for c in cells) else missing
            _missing(table, plan.column, missing, id_column, cond)
        invalid = sum(c.invalid[plan.name] for c in cells)
        if invalid:
            _invalid(table, plan, invalid, id_column)
        same = [p for p in plans if p.column == plan.column]
        if column.type().is_floating() and any(c.non_finite.get(p.name) for p in same for c in cells):
            infinite = _count(table, column.isinf())  # a sum is ±inf/NaN: count the cells, if any
            if infinite:
                _infinite(table, plan.column, infinite, id_column)
        minimum = min(
            (c.minimum[p.name] for p in same for c in cells if p.name in c.minimum), default=math.inf
        )
        if any(p.check_negative for p in same) and minimum < 0:
            _negative(table, plan.column, id_column)


def _infinite(table: ir.Table, name: str, count: int, id_column: str | None) -> None:
    rows = first_rows(table, table[name].isinf(), name, id_column)
    raise InputError(
        "non_finite_values",
        f"Column «{name}» has {_cells(count, 'infinite values')} (inf or -inf), e.g. data rows {rows}; "
        "correct or remove them: an infinite amount cannot be averaged.",
        field=name,
        count=count,
        rows=rows,
    )


def _count(table: ir.Table, condition: ir.BooleanValue) -> int:
    return fetch_count(table.filter(condition))


def _invalid(table: ir.Table, plan: Any, count: int, id_column: str | None) -> None:
    column = table[plan.column]
    cond = invalid_expr(column, value_expr(column, binary=plan.binary), binary=plan.binary)
    rows = first_rows(table, cond, plan.column, id_column)
    if plan.binary:
        raise InputError(
            "not_binary",
            f"Column «{plan.column}» must hold 0/1 answers (1/0, yes/no, sí/no, "
            f"true/false) but {_cells(count)} hold something else, e.g. data rows {rows}.",
            field=plan.column,
            count=count,
            rows=rows,
        )
    raise InputError(
        "not_numeric",
        f"Column «{plan.column}» must hold numbers but {_cells(count)} do not, e.g. data rows {rows}.",
        field=plan.column,
        count=count,
        rows=rows,
    )


def _negative(table: ir.Table, name: str, id_column: str | None) -> None:
    value = value_expr(table[name], binary=False)
    count = _count(table, value < 0)
    rows = first_rows(table, value < 0, name, id_column)
    raise InputError(
        "negative_values",
        f"Column «{name}» has {_cells(count, 'negative values')}, e.g. data rows "
        f"{rows}; check refunds or sign errors, or accept them with allow_negative=True.",
        field=name,
        count=count,
        rows=rows,
    )


def check_ids(table: ir.Table, agg: Aggregates, id_column: str | None) -> None:
    """Each customer ID appears once (and is never empty)."""
    if not id_column:
        return
    present = sum(c.ids for c in agg.cells)
    total = sum(c.stats.n for c in agg.cells)
    if present < total:
        _missing(table, id_column, total - present, None)
    duplicated = present - (agg.distinct_ids or 0)
    if duplicated:
        counts = table.group_by(id_column).aggregate(_k=table.count()).filter(lambda t: t._k > 1)
        shown = counts.order_by(ibis.desc("_k"), id_column).limit(EXAMPLES).to_pyarrow().to_pylist()
        examples = ", ".join(f"{row[id_column]} (×{row['_k']})" for row in shown)
        raise InputError(
            "duplicate_ids",
            f"Column «{id_column}» repeats customer IDs ({duplicated:,} extra "
            f"rows): each customer must appear once, e.g. {examples}.",
            field=id_column,
            count=duplicated,
            examples=examples,
        )


def check_arms(arms: dict[str, Any], group: str, control: str, treatments: list[str] | None) -> None:
    """The control (and any requested treatment) label exists; at least one treated arm remains."""
    found = sorted(arms.values(), key=lambda arm: (-arm.n, arm.label))
    raw = [v for arm in found for v, _ in sorted(arm.raw_labels.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    shown = ", ".join(str(v) for v in raw)
    for wanted, code in [(control, "control_not_found")] + [
        (t, "treatment_not_found") for t in treatments or []
    ]:
        if label(wanted) not in arms:
            role = "control" if code == "control_not_found" else "treatment"
            raise InputError(
                code,
                f"The {role} label «{wanted}» is not in column «{group}», which has "
                f"{len(raw)} values: {shown}.",
                field=group,
                value=wanted,
                count=len(raw),
                labels=shown,
            )
    if any(label(t) == label(control) for t in treatments or []):
        raise InputError(
            "treatment_is_control",
            f"«{control}» is both the control and a treatment; choose different groups.",
            field=group,
            value=control,
        )
    if treatments is None and len(arms) < 2:
        raise InputError(
            "no_treatment_arm",
            f"Column «{group}» only holds the control group «{control}»: "
            "a readout needs at least one treated arm.",
            field=group,
            value=control,
        )

"""One grouped aggregate query per analysis: sufficient statistics per arm (and segment) from the engine.

The query groups the rows by the raw arm label (and the raw segment value) and computes, per group and
per outcome column, ``count``, ``sum``, ``avg``, ``var_samp``, the ``covar_samp`` pairs the metrics need,
and the counters the data checks need (missing cells, cells that are not 0/1 or not numbers, the
minimum for negative values, and – with an ID column – the number of distinct IDs). Nothing row-level
reaches Python: the engine returns one small row per (arm label, segment) cell.

The checks cost about what the aggregates cost: a 0/1 check of an integer column compares integers (no
cast), a column's minimum is taken once on its own type, a Parquet file's own statistics settle the
0/1 and negativity checks of the columns whose stored range proves them
(:func:`datasources.parquet_stats.column_ranges`), and infinite values need no counter of their
own – a sum is ±inf or NaN exactly when the summed cells hold one (or overflow), and only then does
:mod:`experiments.analysis.validate` count them.

Labels are normalised afterwards (trimmed, case-folded) by adding the cells' :class:`ArmStats`, which is
exact and keeps the engine's work a plain ``GROUP BY`` over the raw columns.

Text columns are converted inside the expression: ``1/0``, ``yes/no``, ``sí/si/no``, ``true/false``
(any case, surrounding blanks ignored) become 1/0; numeric text is cast to a number; blank text is
missing. The conversion is plain Ibis and gives the same answer on every engine: text is cast only when
it matches :data:`NUMBER` (plain decimal or scientific notation, ``12``, ``-3.5``, ``.5``, ``1e-3``),
so a cell such as ``"12,5 CLP"``, ``"n/a"`` or ``"nan"`` is "not a number" everywhere, never a database
error (PostgreSQL compiles ``try_cast`` to a plain ``CAST``, which fails on the first such cell).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir

from datasources.parquet_stats import Ranges, column_ranges
from datasources.query import fetch_rows
from experiments.analysis.capping import clip
from experiments.analysis.stats import ArmStats, pair
from planner_common import InputError

# "sÍ": lower() folds only ASCII letters on a database with the C locale (PostgreSQL initdb --no-locale).
TRUE_WORDS = ("1", "1.0", "yes", "y", "si", "sí", "sÍ", "true", "verdadero")
FALSE_WORDS = ("0", "0.0", "no", "n", "false", "falso")
MAX_CELLS = 5_000
# Numeric text every engine casts to float64 without error: at most 200 digits before and after the point
# and a 1-2 digit exponent, so the value stays inside float64's range (PostgreSQL rejects 1e400 and 1e-400;
# PostgreSQL regular expressions allow bounds up to 255).
NUMBER = r"^[+-]?([0-9]{1,200}([.][0-9]{0,200})?|[.][0-9]{1,200})([eE][+-]?[0-9]{1,2})?$"


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """How one outcome column enters the query.

    ``name`` keys the statistics; ``source`` is the data column it is read from (the same unless the
    column is capped: ``"ingreso|cap p99"`` reads ``ingreso`` and clips it at ``lower`` / ``upper``).
    The data checks (missing, invalid, negative, infinite values) always look at the raw column.
    """

    name: str
    alias: str
    binary: bool
    check_negative: bool
    source: str = ""
    lower: float | None = None
    upper: float | None = None

    @property
    def column(self) -> str:
        """The data column read."""
        return self.source or self.name


@dataclass(slots=True)
class Cell:
    """The engine's answer for one (raw arm label, raw segment value) group."""

    arm: Any
    segment: Any
    stats: ArmStats
    missing: dict[str, int] = field(default_factory=dict)
    invalid: dict[str, int] = field(default_factory=dict)
    minimum: dict[str, float] = field(default_factory=dict)
    has_nan: dict[str, bool] = field(default_factory=dict)
    non_finite: dict[str, bool] = field(default_factory=dict)
    ids: int = 0


@dataclass(slots=True)
class Aggregates:
    """All cells of the analysis plus table-level counters."""

    cells: list[Cell]
    distinct_ids: int | None
    truncated: bool


def is_text(column: ir.Column) -> bool:
    """Whether the column holds text (converted inside the query)."""
    return column.type().is_string()


def blank(column: ir.Column) -> ir.BooleanValue:
    """Missing cell: NULL, or blank text."""
    return column.isnull() | (column.strip() == "") if is_text(column) else column.isnull()


def normalised(column: ir.StringValue) -> ir.StringValue:
    """Text trimmed and lower-cased: the form :func:`word_value` reads."""
    return column.strip().lower()


def word_value(word: ir.StringValue, *, binary: bool) -> ir.FloatingValue:
    """A :func:`normalised` text as float64: the 0/1 words, else (not ``binary``) text matching ``NUMBER``."""
    branches = [(word.isin(TRUE_WORDS), 1.0), (word.isin(FALSE_WORDS), 0.0)]
    if not binary:  # CASE evaluates the cast only for the rows that match
        branches.append((word.re_search(NUMBER), word.cast("float64")))
    return ibis.cases(*branches, else_=ibis.null("float64"))


def value_expr(column: ir.Column, *, binary: bool) -> ir.FloatingValue:
    """The column as float64 (NULL when missing or not convertible; text only when it matches ``NUMBER``).

    Examples:
        >>> import ibis
        >>> t = ibis.memtable({"x": [" Sí", "no", "12.5", "1e3", "12,5 CLP", "", None]})
        >>> t.select(v=value_expr(t.x, binary=False)).to_pyarrow()["v"].to_pylist()
        [1.0, 0.0, 12.5, 1000.0, None, None, None]

    References:
        PostgreSQL 15 manual, §9.7.3 (POSIX regular expressions) and §8.1.3 (float8 input).
    """
    dtype = column.type()
    if dtype.is_string():
        return word_value(normalised(column), binary=binary)
    if dtype.is_boolean() or dtype.is_numeric():
        return column.cast("float64")
    raise InputError(
        "column_wrong_type",
        f"Column «{column.get_name()}» holds {dtype} values; it must hold numbers or 0/1 answers.",
        field=column.get_name(),
        value=str(dtype),
    )


def invalid_expr(column: ir.Column, value: ir.FloatingValue, *, binary: bool) -> ir.BooleanValue | None:
    """Present but unusable cells (not 0/1, not a number); ``None`` when impossible for the type.

    An integer column is compared as integers (NULL stays NULL: neither counted nor selected).
    """
    if is_text(column):
        return ~blank(column) & value.isnull()
    if binary and column.type().is_integer():
        return ~column.isin((0, 1))
    if binary and not column.type().is_boolean():
        return value.notnull() & ~value.isin([0.0, 1.0])
    return None


def minimum_source(column: ir.Column, raw: ir.FloatingValue) -> ir.Value:
    """What the negativity check takes the minimum of: a numeric column as stored, else its conversion."""
    return column if column.type().is_numeric() else raw


def project(
    table: ir.Table, group: str, segment: str | None, plans: list[ColumnPlan], id_column: str | None = None
) -> tuple[ir.Table, dict[str, ir.Value]]:
    """The row-level projection every query of a readout aggregates: keys, converted (and capped) values,
    and the per-row check flags → ``(rows, projected expressions)``.

    Text columns are trimmed and lower-cased once per row, in an inner projection (the conversion then
    reads that word several times); their unusable cells are counted as rows that are neither blank nor
    converted (``n − blank − count``), so the conversion is evaluated once per row as well.
    """
    text = {c: f"__w{i}" for i, c in enumerate(sorted({p.column for p in plans if is_text(table[p.column])}))}
    ranges = column_ranges(table)  # a Parquet file's statistics settle some checks before the query
    source = table.mutate(**{word: normalised(table[c]) for c, word in text.items()}) if text else table
    keys = {"_arm": source[group]} | ({"_seg": source[segment]} if segment else {})
    projected: dict[str, ir.Value] = dict(keys)
    for plan in plans:
        column = source[plan.column]
        if plan.column in text:
            word = source[text[plan.column]]
            raw = word_value(word, binary=plan.binary)
            projected[plan.alias + "_blank"] = word.isnull() | (word == "")  # same as blank(column)
        else:
            raw = value_expr(column, binary=plan.binary)
            bad = None if proven_binary(column, ranges) else invalid_expr(column, raw, binary=plan.binary)
            if bad is not None:
                projected[plan.alias + "_bad"] = bad
            if column.type().is_floating() and capped(plan):
                projected[plan.alias + "_raw"] = raw  # its sum shows the infinite values the caps hide
        projected[plan.alias] = clip(raw, plan.lower, plan.upper)
        if plan.alias in minimum_of(plans) and not proven_nonnegative(plan.column, ranges):
            projected[plan.alias + "_low"] = minimum_source(column, raw)
    if id_column:
        projected["_id"] = source[id_column]
    return source.select(**projected), projected


def proven_binary(column: ir.Column, ranges: Ranges) -> bool:
    """An integer column whose stored range is within [0, 1]: every cell is 0, 1 or missing."""
    low, high = ranges.get(column.get_name(), (-1.0, 2.0))
    return column.type().is_integer() and low >= 0 and high <= 1


def proven_nonnegative(name: str, ranges: Ranges) -> bool:
    """A column whose stored minimum is ≥ 0: no negative amount to look for."""
    return ranges.get(name, (-1.0, 0.0))[0] >= 0


def capped(plan: ColumnPlan) -> bool:
    """Whether the plan's values are clipped (then they differ from the column's own)."""
    return plan.lower is not None or plan.upper is not None


def minimum_of(plans: list[ColumnPlan]) -> set[str]:
    """Aliases whose minimum the query takes: the first plan of each column needing a negativity check
    (one ``MIN`` per column, even when several metrics read it)."""
    first: dict[str, str] = {}
    for plan in plans:
        if plan.check_negative:
            first.setdefault(plan.column, plan.alias)
    return set(first.values())


def build(
    table: ir.Table,
    group: str,
    segment: str | None,
    plans: list[ColumnPlan],
    pairs: set[tuple[str, str]],
    id_column: str | None,
    triples: frozenset[tuple[str, str, str]] = frozenset(),
) -> ir.Table:
    """The single grouped aggregate expression (limited to ``MAX_CELLS + 1`` result rows)."""
    rows, projected = project(table, group, segment, plans, id_column)
    keys = ["_arm"] + (["_seg"] if segment else [])
    metrics: dict[str, ir.Scalar] = {"_n": rows.count()}
    for plan in plans:
        v = rows[plan.alias]
        metrics |= {
            f"{plan.alias}_count": v.count(),
            f"{plan.alias}_sum": v.sum(),
            f"{plan.alias}_mean": v.mean(),
            f"{plan.alias}_var": v.var(how="sample"),
        }
        if plan.alias + "_bad" in projected:
            metrics[f"{plan.alias}_nbad"] = rows[plan.alias + "_bad"].sum()
        if plan.alias + "_raw" in projected:
            metrics[f"{plan.alias}_rawsum"] = rows[plan.alias + "_raw"].sum()
        if plan.alias + "_blank" in projected:
            blanks = rows[plan.alias + "_blank"].sum()
            metrics[f"{plan.alias}_nblank"] = blanks
            metrics[f"{plan.alias}_nbad"] = rows.count() - blanks - v.count()  # invalid_expr, counted
        if plan.alias + "_low" in projected:
            metrics[f"{plan.alias}_min"] = rows[plan.alias + "_low"].min()
    alias = {plan.name: plan.alias for plan in plans}
    for a, b in sorted(pairs):
        metrics[f"cov__{alias[a]}__{alias[b]}"] = rows[alias[a]].cov(rows[alias[b]], how="sample")
    for a, b, c in sorted(triples):  # raw sums of products: skewness (experiments.analysis.skew)
        metrics[f"cube__{alias[a]}__{alias[b]}__{alias[c]}"] = (
            rows[alias[a]] * rows[alias[b]] * rows[alias[c]]
        ).sum()
    if id_column:
        metrics["_ids"] = rows["_id"].count()
    out = rows.group_by(keys).aggregate(**metrics)
    if id_column:
        out = out.mutate(_distinct_ids=table[id_column].nunique().as_scalar())
    return out.limit(MAX_CELLS + 1)


def fetch(
    table: ir.Table,
    group: str,
    segment: str | None,
    plans: list[ColumnPlan],
    pairs: set[tuple[str, str]],
    id_column: str | None = None,
    triples: frozenset[tuple[str, str, str]] = frozenset(),
) -> Aggregates:
    """Run the query once and turn its rows into :class:`Cell` values."""
    records = fetch_rows(build(table, group, segment, plans, pairs, id_column, triples))
    cells = [_cell(rec, plans, pairs, triples, segment is not None) for rec in records[:MAX_CELLS]]
    distinct = records[0]["_distinct_ids"] if id_column and records else None
    return Aggregates(cells=cells, distinct_ids=distinct, truncated=len(records) > MAX_CELLS)


def _num(value: Any) -> float:
    return math.nan if value is None else float(value)


def _cell(
    rec: dict[str, Any],
    plans: list[ColumnPlan],
    pairs: set[tuple[str, str]],
    triples: frozenset[tuple[str, str, str]],
    segmented: bool,
) -> Cell:
    n = int(rec["_n"])
    alias = {plan.name: plan.alias for plan in plans}
    stats = ArmStats(
        n=n,
        sums={p.name: float(rec[f"{p.alias}_sum"] or 0.0) for p in plans},
        means={p.name: _num(rec[f"{p.alias}_mean"]) for p in plans},
        variances={p.name: _num(rec[f"{p.alias}_var"]) for p in plans},
        covariances={pair(a, b): _num(rec[f"cov__{alias[a]}__{alias[b]}"]) for a, b in sorted(pairs)},
        cubes={
            (a, b, c): float(rec[f"cube__{alias[a]}__{alias[b]}__{alias[c]}"] or 0.0)
            for a, b, c in sorted(triples)
        },
        caps={p.name: (p.lower, p.upper) for p in plans if p.source and p.source != p.name},
    )
    cell = Cell(
        arm=rec["_arm"],
        segment=rec["_seg"] if segmented else None,
        stats=stats,
        ids=int(rec.get("_ids") or 0),
    )
    for p in plans:
        count = int(rec[f"{p.alias}_count"])
        total = rec.get(f"{p.alias}_rawsum", rec[f"{p.alias}_sum"])
        blank_cells = int(rec.get(f"{p.alias}_nblank") or 0)
        bad = int(rec.get(f"{p.alias}_nbad") or 0)
        cell.missing[p.name] = blank_cells if f"{p.alias}_nblank" in rec else n - count
        cell.invalid[p.name] = bad
        cell.has_nan[p.name] = count > 0 and math.isnan(_num(rec[f"{p.alias}_mean"]))
        cell.non_finite[p.name] = total is not None and not math.isfinite(float(total))
        if rec.get(f"{p.alias}_min") is not None:
            cell.minimum[p.name] = float(rec[f"{p.alias}_min"])
    return cell

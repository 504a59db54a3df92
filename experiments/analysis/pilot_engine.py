"""The engine side of :func:`analyze_pilot` beyond the main aggregate: caps, column plans, histograms.

1. Percentile caps: one aggregate query computes every pooled percentile a :class:`Capping` needs.
2. Column plans: each statistics key (a data column, or a capped version of one) with its alias, its
   0/1-ness, its negativity check, the covariances and the raw third-order sums the metrics need.
3. Histograms: after the main query, every metric whose comparison fails (or cannot decide) Kohavi's
   rule gets one grouped query of its customers per bin, merged into the arms and segments the same way
   the main query's cells are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import ibis.expr.types as ir

from datasources.query import fetch_rows
from experiments.analysis.aggregate import ColumnPlan, value_expr
from experiments.analysis.capping import cap_expressions, resolve
from experiments.analysis.histogram_query import fetch_histograms
from experiments.analysis.stats import ArmStats, pair


def resolve_caps(table: ir.Table, specs: Mapping[str, Any]) -> dict[str, tuple[float | None, float | None]]:
    """Statistics key of every capped column → ``(lower, upper)`` cap values (one query for percentiles)."""
    sources = {key: src for spec in specs.values() for key, src in spec.sources().items()}
    aggregates: dict[str, ir.Scalar] = {}
    for i, (_key, (column, capping)) in enumerate(sorted(sources.items())):
        value = value_expr(table[column], binary=False)
        aggregates |= {f"q{i}_{side}": expr for side, expr in cap_expressions(value, capping).items()}
    row = fetch_rows(table.aggregate(**aggregates))[0] if aggregates else {}
    return {
        key: resolve(capping, {side: row.get(f"q{i}_{side}") for side in ("lower", "upper")})
        for i, (key, (_, capping)) in enumerate(sorted(sources.items()))
    }


def plan_columns(
    specs: Mapping[str, Any], caps: Mapping[str, tuple[float | None, float | None]]
) -> tuple[list[ColumnPlan], set[tuple[str, str]], frozenset[tuple[str, str, str]]]:
    """Column plans, covariance pairs and raw third-order sums of the main query."""
    binary: dict[str, bool] = {}
    nonneg: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    triples: set[tuple[str, str, str]] = set()
    sources: dict[str, str] = {}
    for spec in specs.values():
        for column, is_binary in spec.columns().items():
            binary[column] = binary.get(column, False) or is_binary
        nonneg |= spec.nonnegative()
        pairs |= {pair(a, b) for a, b in spec.pairs() if a != b}
        triples |= spec.triples()
        sources |= {key: src[0] for key, src in spec.sources().items()}
    plans = [
        ColumnPlan(
            name, f"c{i}", is_binary, name in nonneg, sources.get(name, ""), *caps.get(name, (None, None))
        )
        for i, (name, is_binary) in enumerate(binary.items())
    ]
    return plans, pairs, frozenset(triples)


def attach_histograms(
    table: ir.Table,
    group: str,
    segment: str | None,
    plans: list[ColumnPlan],
    specs: Mapping[str, Any],
    control: Any,
    treated: list[Any],
    label: Any,
) -> None:
    """Fetch the histograms the comparisons need and add them to the arms' (and segments') ArmStats."""
    wanted = [spec for spec in specs.values() if _needed(spec, control, treated)]
    for spec in wanted:
        total = control.total
        for arm in treated:
            total = total + arm.total
        cells = fetch_histograms(table, group, segment, plans, spec.histogram_request(total))
        if cells is None:
            continue
        for arm in [control, *treated]:
            _attach(arm, spec.histogram_key, cells, label)


MAX_CUSTOMERS = 10**9 - 1  # numpy's hypergeometric draws stop below 10⁹: beyond, the t test stays (noted)


def _needed(spec: Any, control: Any, treated: list[Any]) -> bool:
    if control.n + sum(arm.n for arm in treated) > MAX_CUSTOMERS:
        return False
    for arm in treated:
        pairs = [(control.total, arm.total)] + [
            (control.segments[s], arm.segments[s]) for s in arm.segments if s in control.segments
        ]
        if any(spec.needs_histogram(c, t) for c, t in pairs):
            return True
    return False


def _attach(arm: Any, key: str, cells: Mapping[tuple[Any, Any], Any], label: Any) -> None:
    mine = {cell: hist for cell, hist in cells.items() if label(cell[0]) == arm.key}
    by_segment: dict[Any, Any] = {}
    for (_, raw_segment), hist in mine.items():
        name = arm.segment_names.get(label(raw_segment) if isinstance(raw_segment, str) else raw_segment)
        by_segment[name] = hist + by_segment[name] if name in by_segment else hist
    hists = list(by_segment.values())
    if not hists or sum(h.n for h in hists) != arm.n:
        return  # rows changed between the queries: keep the t test rather than mix two snapshots
    overall = hists[0]
    for hist in hists[1:]:
        overall = overall + hist
    arm.total = _with(arm.total, key, overall)
    arm.segments = {
        name: (_with(stats, key, by_segment[name]) if name in by_segment else stats)
        for name, stats in arm.segments.items()
    }


def _with(stats: ArmStats, key: str, hist: Any) -> ArmStats:
    return dataclasses.replace(stats, histograms={**stats.histograms, key: hist})

"""The engine query behind :class:`~experiments.analysis.histogram.Histogram`: customers per bin.

One grouped aggregate per metric that needs it: ``GROUP BY arm label, segment, bin`` with the count and
the sum of each column, on the same converted (and capped) values as the main query. The bin of a
customer is computed in the engine with ``ln``, ``sqrt`` and ``floor`` – the formula of
:func:`~experiments.analysis.histogram.asinh_bin` – so it runs unchanged on DuckDB, PostgreSQL, BigQuery
or Spark, and nothing row-level reaches Python.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from datasources.query import fetch_rows
from experiments.analysis.aggregate import ColumnPlan, project
from experiments.analysis.histogram import BIN_WIDTH, Histogram
from experiments.analysis.robust import HistogramRequest

MAX_ROWS = 200_000  # (arm, segment, bin) groups; beyond it the readout keeps the t test, with a note


def bin_expr(value: ir.FloatingValue, centre: float, scale: float) -> ir.IntegerValue:
    """The engine's bin number of ``value``: ``floor(sign(z) · ln(|z| + sqrt(z² + 1)) / BIN_WIDTH)``.

    Examples:
        >>> import numpy as np
        >>> from experiments.analysis.histogram import asinh_bin
        >>> t = ibis.memtable({"y": [0.0, 1.0, 10.0, 1000.0]})
        >>> t.select(b=bin_expr(t.y, 10.0, 9.0)).to_pyarrow()["b"].to_pylist()
        [-20, -18, 0, 107]
        >>> asinh_bin((np.array([0.0, 1.0, 10.0, 1000.0]) - 10.0) / 9.0).tolist()   # numpy, same bins
        [-20, -18, 0, 107]

    References:
        The same formula as :func:`experiments.analysis.histogram.asinh_bin` (numpy).
    """
    z = (value - centre) / scale
    magnitude = (z.abs() + (z * z + 1.0).sqrt()).ln()
    return (z.sign() * magnitude / BIN_WIDTH).floor().cast("int64")


def fetch_histograms(
    table: ir.Table, group: str, segment: str | None, plans: list[ColumnPlan], request: HistogramRequest
) -> dict[tuple[Any, Any], Histogram] | None:
    """``(raw arm label, raw segment value) → Histogram`` for one request; ``None`` when it would return
    more than :data:`MAX_ROWS` groups."""
    wanted = set(request.summed) | {c for w in request.binned for c in w}
    used = [plan for plan in plans if plan.name in wanted]
    rows, _ = project(table, group, segment, used)
    alias = {plan.name: plan.alias for plan in used}
    keys = ["_arm"] + (["_seg"] if segment else [])
    bins = {}
    for i, (weights, centre, scale) in enumerate(
        zip(request.binned, request.centres, request.scales, strict=True)
    ):
        combined = sum((w * rows[alias[c]] for c, w in weights.items()), ibis.literal(0.0))
        bins[f"_b{i}"] = bin_expr(combined, centre, scale)
    binned = rows.mutate(**bins)
    sums = {f"_s{j}": binned[alias[c]].sum() for j, c in enumerate(request.summed)}
    query = binned.group_by(keys + list(bins)).aggregate(_n=binned.count(), **sums).limit(MAX_ROWS + 1)
    records = fetch_rows(query)
    if len(records) > MAX_ROWS:
        return None
    out: dict[tuple[Any, Any], dict[tuple[int, ...], tuple[int, tuple[float, ...]]]] = {}
    for rec in records:
        cell = out.setdefault((rec["_arm"], rec.get("_seg")), {})
        key = tuple(int(rec[b]) for b in bins)
        cell[key] = (int(rec["_n"]), tuple(float(rec[s] or 0.0) for s in sums))
    return {cell: Histogram(request.summed, bins_) for cell, bins_ in out.items()}

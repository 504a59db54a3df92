"""Boundary checks of :func:`analyze_pilot`'s arguments: the data source, the metric list, the weights."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ibis
import ibis.expr.types as ir

from experiments.analysis.metrics import Mean, MetricSpec, Proportion, RatioOfMeans
from planner_common import InputError, check_positive
from planner_common.frames import is_pandas_frame

SPEC_TYPES = (Proportion, Mean, RatioOfMeans)


def as_table(data: Any, **read_options: Any) -> ir.Table:
    """An Ibis table as is; a DataFrame as a memtable; anything else through ``datasources.read_table``."""
    if isinstance(data, ir.Table):
        return data
    if is_pandas_frame(data):
        return ibis.memtable(data)
    from datasources import read_table

    return read_table(data, **read_options)


def specs_by_name(metrics: Any) -> dict[str, MetricSpec]:
    """``metrics`` as an ordered dict name → spec (a list uses each spec's default name)."""
    if isinstance(metrics, SPEC_TYPES):
        metrics = [metrics]
    if isinstance(metrics, Mapping):
        items = [(str(name), spec) for name, spec in metrics.items()]
    elif isinstance(metrics, Sequence) and not isinstance(metrics, str):
        items = [(getattr(spec, "name", repr(spec)), spec) for spec in metrics]
    else:
        items = [("metrics", metrics)]
    specs: dict[str, MetricSpec] = {}
    for name, spec in items:
        if not isinstance(spec, SPEC_TYPES):
            raise InputError(
                "bad_metric",
                f"metric {name!r} must be Proportion(column), Mean(column) or "
                f"RatioOfMeans(numerator, denominator), got {spec!r}.",
                field="metrics",
                value=repr(spec),
            )
        if name in specs:
            raise InputError(
                "duplicate_metric",
                f"Two metrics are both named {name!r}; pass a dict to give them different names.",
                field="metrics",
                value=name,
            )
        specs[name] = spec
    if not specs:
        raise InputError(
            "no_metrics",
            "metrics is empty: name at least one metric, e.g. Proportion('responded').",
            field="metrics",
            value=0,
        )
    return specs


def resolve_weights(weights: Any, arms: Sequence[Any], label: Callable[[Any], str]) -> list[float] | None:
    """Planned weights in arm order (control first); ``None`` for an equal split."""
    if weights is None:
        return None
    if isinstance(weights, Mapping):
        given = {label(k): v for k, v in weights.items()}
        missing = [arm.label for arm in arms if label(arm.label) not in given]
        if missing:
            raise InputError(
                "weights_mismatch",
                f"weights has no planned share for {', '.join(missing)}; give one per arm.",
                field="weights",
                value=", ".join(missing),
                arms=len(arms),
            )
        return [check_positive("weights", given[label(arm.label)]) for arm in arms]
    values = list(weights)
    if len(values) != len(arms):
        raise InputError(
            "weights_mismatch",
            f"weights has {len(values)} values but there are {len(arms)} "
            "arms (control first, then each treatment); give one planned share per arm.",
            field="weights",
            value=len(values),
            arms=len(arms),
        )
    return [check_positive("weights", w) for w in values]

"""The uniform per-metric result of :func:`analyze_pilot` (one metric, one treated arm vs the control)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

DIRECTIONS = ("increase", "decrease")


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricResult:
    """One metric compared between one treated arm and the control.

    Attributes:
        metric, kind: The metric's name and ``"proportion"``, ``"mean"`` or ``"ratio"``.
        control, treatment: Rate / mean / ratio in each arm (CUPED-adjusted means with a covariate).
        effect_size, effect_size_ci_lower, effect_size_ci_upper: ``treatment - control`` and interval.
        rel_effect_size, rel_effect_size_ci_lower, rel_effect_size_ci_upper: Relative lift and interval.
        pvalue, statistic, std_error: The test of the difference.
        pvalue_adjusted: Holm across treatment arms (overall results) or Benjamini–Hochberg across
            segments (segment results); equals ``pvalue`` when there is nothing to adjust.
        n_control, n_treatment: Customers compared.
        incremental, incremental_ci_lower, incremental_ci_upper: ``n_treatment · effect`` – extra
            responders (proportion) or extra revenue (mean) in the treated arm; ``nan`` for ratios.
        direction: ``"increase"`` or ``"decrease"`` is the good direction.
        method: Short description of the test and interval.
        detail: The full comparison result (ProportionsResult, MeansResult, CupedResult or RatioResult).
        notes: Caveats.
    """

    metric: str
    kind: str
    control: float
    treatment: float
    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    rel_effect_size_ci_lower: float
    rel_effect_size_ci_upper: float
    pvalue: float
    pvalue_adjusted: float
    statistic: float
    std_error: float
    n_control: int
    n_treatment: int
    incremental: float
    incremental_ci_lower: float
    incremental_ci_upper: float
    direction: str
    method: str
    detail: Any
    notes: tuple[str, ...] = ()


def _result(
    name: str, kind: str, direction: str, method: str, detail: Any, *, incremental: bool
) -> MetricResult:
    n_t = detail.n_treatment
    scale = (lambda v: n_t * v) if incremental else (lambda v: math.nan)
    return MetricResult(
        metric=name,
        kind=kind,
        control=detail.control,
        treatment=detail.treatment,
        effect_size=detail.effect_size,
        effect_size_ci_lower=detail.effect_size_ci_lower,
        effect_size_ci_upper=detail.effect_size_ci_upper,
        rel_effect_size=detail.rel_effect_size,
        rel_effect_size_ci_lower=detail.rel_effect_size_ci_lower,
        rel_effect_size_ci_upper=detail.rel_effect_size_ci_upper,
        pvalue=detail.pvalue,
        pvalue_adjusted=detail.pvalue,
        statistic=detail.statistic,
        std_error=detail.std_error,
        n_control=detail.n_control,
        n_treatment=n_t,
        incremental=scale(detail.effect_size),
        incremental_ci_lower=scale(detail.effect_size_ci_lower),
        incremental_ci_upper=scale(detail.effect_size_ci_upper),
        direction=direction,
        method=method,
        detail=detail,
        notes=detail.notes,
    )

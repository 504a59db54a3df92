"""Cached calls of the analysis engine for the Analyse page, flattened into uniform result lines.

The page never computes a statistic: a file goes to :func:`experiments.analysis.analyze_pilot`, typed
counts to :func:`compare_proportions` (Holm across arms with :func:`adjust_pvalues`, the split checked
with :func:`sample_ratio_test`). Both become :class:`Line` values that the view renders and that
:func:`readout` stores in ``section("readout")`` for the other pages.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from datasources import read_table
from experiments.analysis import (
    ArmCounts,
    Mean,
    Proportion,
    RatioOfMeans,
    adjust_pvalues,
    analyze_pilot,
    compare_proportions,
    sample_ratio_test,
)
from planner_common import InputError

STD_PREFIX = "__std__"  # hidden helper metrics: the same mean without CUPED, for the arms' std


@dataclass(frozen=True, slots=True)
class MetricChoice:
    """One metric as mapped by the user: ``kind`` is proportion / mean / ratio."""

    name: str
    kind: str
    column: str
    direction: str = "increase"
    covariate: str | None = None
    denominator: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One metric for one treated arm (and optionally one segment), ready to render."""

    arm: str
    metric: str
    kind: str
    direction: str
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
    std_error: float
    n_control: int
    n_treatment: int
    incremental: float
    incremental_ci_lower: float
    incremental_ci_upper: float
    successes_control: int | None = None
    successes_treatment: int | None = None
    control_std: float | None = None
    treatment_std: float | None = None
    segment: Any = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Readout:
    """Everything the view shows: overall lines, segment lines (first arm), SRM, engine notes."""

    lines: tuple[Line, ...]
    segment_lines: tuple[Line, ...]
    srm_pvalue: float
    srm_flagged: bool
    arm_sizes: dict[str, int]
    control: str
    heterogeneity: dict[str, float]
    notes: tuple[str, ...]


def _spec(choice: MetricChoice) -> Any:
    if choice.kind == "proportion":
        return Proportion(choice.column, direction=choice.direction)
    if choice.kind == "mean":
        return Mean(choice.column, covariate=choice.covariate, direction=choice.direction)
    return RatioOfMeans(choice.column, choice.denominator, direction=choice.direction)


def _line(arm: str, m: Any, stds: Any = None, segment: Any = None) -> Line:
    detail = m.detail
    return Line(
        arm=arm,
        metric=m.metric,
        kind=m.kind,
        direction=m.direction,
        control=m.control,
        treatment=m.treatment,
        effect_size=m.effect_size,
        effect_size_ci_lower=m.effect_size_ci_lower,
        effect_size_ci_upper=m.effect_size_ci_upper,
        rel_effect_size=m.rel_effect_size,
        rel_effect_size_ci_lower=m.rel_effect_size_ci_lower,
        rel_effect_size_ci_upper=m.rel_effect_size_ci_upper,
        pvalue=m.pvalue,
        pvalue_adjusted=m.pvalue_adjusted,
        std_error=m.std_error,
        n_control=m.n_control,
        n_treatment=m.n_treatment,
        incremental=m.incremental,
        incremental_ci_lower=m.incremental_ci_lower,
        incremental_ci_upper=m.incremental_ci_upper,
        successes_control=getattr(detail, "successes_control", None),
        successes_treatment=getattr(detail, "successes_treatment", None),
        control_std=getattr(stds, "std_control", None),
        treatment_std=getattr(stds, "std_treatment", None),
        segment=segment,
        notes=tuple(m.notes),
    )


def example_path(name: str) -> Path:
    """Path of a bundled example file."""
    return Path(__file__).resolve().parents[1] / "examples" / "data" / name


@st.cache_data(max_entries=64, show_spinner=False)
def run_file(
    name: str,
    data: bytes | None,
    sheet: Any,
    group: str,
    control: str,
    metrics: tuple[MetricChoice, ...],
    segment: str | None,
    id_column: str | None,
    alpha: float,
    weights: tuple[tuple[str, float], ...],
) -> Readout:
    """Read the file (bytes of an upload, or a bundled example by name) and run ``analyze_pilot``."""
    table = read_table(data if data is not None else example_path(name), sheet=sheet)
    specs = {m.name: _spec(m) for m in metrics}
    specs |= {STD_PREFIX + m.name: Mean(m.column) for m in metrics if m.kind == "mean" and m.covariate}
    result = analyze_pilot(
        table,
        specs,
        group=group,
        control=control,
        alpha=alpha,
        segment=segment,
        id_column=id_column,
        weights=dict(weights) if weights else None,
    )
    lines, segment_lines = [], []
    for arm, by_metric in result.comparisons.items():
        for name, m in by_metric.items():
            if not name.startswith(STD_PREFIX):
                lines.append(_line(arm, m, (by_metric.get(STD_PREFIX + name) or m).detail))
    for value, by_metric in result.segments.items():
        for name, m in by_metric.items():
            if not name.startswith(STD_PREFIX):
                segment_lines.append(_line(result.treatments[0], m, segment=value))
    hetero = {name: h.pvalue for name, h in result.heterogeneity.items() if not name.startswith(STD_PREFIX)}
    return Readout(
        lines=tuple(lines),
        segment_lines=tuple(segment_lines),
        srm_pvalue=result.srm.pvalue,
        srm_flagged=result.srm.flagged,
        arm_sizes=dict(result.arm_sizes),
        control=result.control,
        heterogeneity=hetero,
        notes=tuple(result.notes),
    )


def _counts_line(arm: str, name: str, direction: str, r: Any, p_adjusted: float) -> Line:
    scale = r.n_treatment
    return Line(
        arm=arm,
        metric=name,
        kind="proportion",
        direction=direction,
        control=r.control,
        treatment=r.treatment,
        effect_size=r.effect_size,
        effect_size_ci_lower=r.effect_size_ci_lower,
        effect_size_ci_upper=r.effect_size_ci_upper,
        rel_effect_size=r.rel_effect_size,
        rel_effect_size_ci_lower=r.rel_effect_size_ci_lower,
        rel_effect_size_ci_upper=r.rel_effect_size_ci_upper,
        pvalue=r.pvalue,
        pvalue_adjusted=p_adjusted,
        std_error=r.std_error,
        n_control=r.n_control,
        n_treatment=r.n_treatment,
        incremental=scale * r.effect_size,
        incremental_ci_lower=scale * r.effect_size_ci_lower,
        incremental_ci_upper=scale * r.effect_size_ci_upper,
        successes_control=r.successes_control,
        successes_treatment=r.successes_treatment,
        notes=tuple(r.notes),
    )


@st.cache_data(max_entries=64, show_spinner=False)
def run_counts(
    rows: tuple[tuple[str, int, int], ...],
    control: str,
    name: str,
    direction: str,
    alpha: float,
    control_share: float | None,
) -> Readout:
    """Typed counts ``(arm, successes, trials)``: each arm against the control, Holm across arms."""
    arms = {label.strip(): ArmCounts(successes, trials) for label, successes, trials in rows}
    if len(arms) != len(rows) or len(arms) < 2:
        raise InputError(
            "analyze_arm_labels",
            "Give each arm a different name and at least two arms.",
            field="arm",
            value=len(rows),
        )
    if arms[control].trials == 0:
        raise InputError(
            "analyze_zero_control",
            f"The control group «{control}» has 0 customers.",
            field="trials",
            value=control,
        )
    treated = [a for a in arms if a != control]
    results = [compare_proportions(arms[control], arms[a], alpha=alpha) for a in treated]
    adjusted = (
        adjust_pvalues([r.pvalue for r in results], "holm") if len(results) > 1 else [results[0].pvalue]
    )
    lines = tuple(
        _counts_line(a, name, direction, r, p) for a, r, p in zip(treated, results, adjusted, strict=True)
    )
    weights = None
    if control_share is not None:
        weights = [control_share] + [(1 - control_share) / len(treated)] * len(treated)
    srm = sample_ratio_test([arms[control].trials] + [arms[a].trials for a in treated], weights)
    return Readout(
        lines=lines,
        segment_lines=(),
        srm_pvalue=srm.pvalue,
        srm_flagged=srm.flagged,
        arm_sizes={a: c.trials for a, c in arms.items()},
        control=control,
        heterogeneity={},
        notes=tuple(srm.notes),
    )


def verdict(line: Line, alpha: float) -> str:
    """``"better"`` / ``"worse"`` when the (adjusted) test is significant, in the metric's direction;
    ``"inconclusive"`` otherwise."""
    if not line.pvalue_adjusted < alpha or not math.isfinite(line.effect_size) or line.effect_size == 0:
        return "inconclusive"
    good = line.effect_size > 0 if line.direction == "increase" else line.effect_size < 0
    return "better" if good else "worse"


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def readout(result: Readout, *, source: str, alpha: float, primary: str, arm: str) -> dict[str, Any]:
    """The saved readout (the exact structure other pages read) for one treated arm."""
    metrics = {}
    for line in result.lines:
        if line.arm != arm:
            continue
        fields = {f.name: getattr(line, f.name) for f in dataclasses.fields(Line)}
        metrics[line.metric] = {
            "kind": line.kind,
            "direction": line.direction,
            "arm": arm,
            "n_control": int(line.n_control),
            "n_treatment": int(line.n_treatment),
            "control": float(line.control),
            "treatment": float(line.treatment),
            "control_std": _num(line.control_std),
            "treatment_std": _num(line.treatment_std),
            "successes_control": None if line.successes_control is None else int(line.successes_control),
            "successes_treatment": None
            if line.successes_treatment is None
            else int(line.successes_treatment),
            **{
                k: float(fields[k])
                for k in (
                    "effect_size",
                    "effect_size_ci_lower",
                    "effect_size_ci_upper",
                    "std_error",
                    "rel_effect_size",
                )
            },
            "pvalue": float(line.pvalue_adjusted),
        }
    return {
        "source": source,
        "alpha": float(alpha),
        "primary": primary,
        "srm_flagged": bool(result.srm_flagged),
        "srm_pvalue": float(result.srm_pvalue),
        "metrics": metrics,
    }

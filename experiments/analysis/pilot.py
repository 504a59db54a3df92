"""``analyze_pilot``: the whole readout of a pilot file in one aggregate query.

Steps: resolve the data to an Ibis table (a path goes through :func:`datasources.read_table`, a pandas
DataFrame becomes a memtable); run ONE grouped aggregate (per raw arm label and segment value) that also
counts every data problem; raise the first problem as an :class:`InputError`; merge cells into arms
(labels trimmed and case-folded) and segments by adding :class:`ArmStats`; compare each treated arm with
the control on every metric; adjust p-values (Holm across treatment arms, Benjamini–Hochberg across
segments); test the planned split (SRM) and whether the lift differs between segments (Cochran's Q).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from experiments.analysis._common import check_test_options
from experiments.analysis.aggregate import ColumnPlan, fetch
from experiments.analysis.heterogeneity import HeterogeneityResult, cochran_q
from experiments.analysis.metrics import MetricResult, MetricSpec
from experiments.analysis.multiplicity import adjust_pvalues
from experiments.analysis.notes import Note
from experiments.analysis.pilot_engine import attach_histograms, plan_columns, resolve_caps
from experiments.analysis.pilot_inputs import as_table, resolve_weights, specs_by_name
from experiments.analysis.srm import SampleRatioResult, sample_ratio_test
from experiments.analysis.stats import ArmStats
from experiments.analysis.validate import (
    check_arms,
    check_columns,
    check_ids,
    check_keys,
    check_shape,
    check_values,
    label,
)

if TYPE_CHECKING:
    import os

    import ibis.expr.types as ir
    import pandas as pd

PilotData: TypeAlias = "ir.Table | pd.DataFrame | str | os.PathLike[str] | IO[bytes]"
"""What :func:`analyze_pilot` reads: an Ibis table, a DataFrame, a file path or an uploaded file."""
ArmLabel: TypeAlias = "str | int"
"""An arm's label as written in the group column (text or a number)."""

__all__ = ["PilotResult", "analyze_pilot"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PilotResult:
    """The pilot readout.

    Attributes:
        metrics: Metric name → :class:`MetricResult` for the (first) treated arm against the control.
        comparisons: Treated arm → metric name → result (every treated arm; Holm-adjusted p-values).
        segments: Segment value → metric name → result for the first treated arm (BH-adjusted p-values).
        segment_comparisons: Treated arm → segment value → metric name → result.
        heterogeneity: Metric name → Cochran's Q test that the lift is equal in every segment (first arm).
        heterogeneity_by_arm: Treated arm → metric name → the same test.
        srm: Sample-ratio test of the arm sizes against the planned ``weights``.
        control, treatments: Arm labels as found in the data (most frequent spelling, trimmed).
        arm_sizes: Arm label → customers.
        group, segment, alpha, alternative: Echoed options.
        n_rows: Rows read (all arms, including any left out).
        notes: Readout-level caveats (SRM, arms left out, multiplicity).
    """

    metrics: dict[str, MetricResult]
    comparisons: dict[str, dict[str, MetricResult]]
    segments: dict[Any, dict[str, MetricResult]]
    segment_comparisons: dict[str, dict[Any, dict[str, MetricResult]]]
    heterogeneity: dict[str, HeterogeneityResult]
    heterogeneity_by_arm: dict[str, dict[str, HeterogeneityResult]]
    srm: SampleRatioResult
    control: str
    treatments: tuple[str, ...]
    arm_sizes: dict[str, int]
    group: str
    segment: str | None
    alpha: float
    alternative: str
    n_rows: int
    notes: tuple[str, ...] = ()

    def leading_arm(self, metric: str) -> str:
        """The treated arm with the best point estimate on ``metric`` in its good direction.

        Only a default for which arm to take forward: the pick is not a test (with several arms the
        leader's lift is biased upwards, see the Holm-adjusted p-values). Arms without a finite estimate
        on ``metric`` are passed over; the first treated arm when none has one.

        Examples:
            Two e-mail variants against a control; variant ``B`` adds more buyers:

            >>> from experiments.analysis.counts import analyze_counts
            >>> from experiments.analysis.stats import ArmCounts
            >>> r = analyze_counts({"control": ArmCounts(100, 5_000), "A": ArmCounts(110, 5_000),
            ...                     "B": ArmCounts(150, 5_000)}, control="control")
            >>> r.leading_arm("response")
            'B'

        References:
            docs/formulas.md, section 16, row "Which arm to take forward".
        """
        scored = [
            (arm, m[metric].effect_size * (-1 if m[metric].direction == "decrease" else 1))
            for arm, m in self.comparisons.items()
            if metric in m and math.isfinite(m[metric].effect_size)
        ]
        if not scored:
            return next(iter(self.comparisons))
        return max(scored, key=lambda pair: pair[1])[0]


@dataclass(slots=True)
class _Arm:
    label: str
    key: str = ""
    raw_labels: Counter = field(default_factory=Counter)
    n: int = 0
    total: ArmStats | None = None
    segments: dict[Any, ArmStats] = field(default_factory=dict)
    segment_names: dict[Any, Any] = field(default_factory=dict)


def _total(arm: _Arm) -> ArmStats:
    """An arm's statistics over all its rows (every arm read from the data has at least one row)."""
    assert arm.total is not None, arm.label
    return arm.total


def analyze_pilot(
    data: PilotData,
    metrics: Sequence[MetricSpec] | Mapping[str, MetricSpec],
    *,
    group: str = "group",
    control: ArmLabel = "control",
    treatment: ArmLabel | Sequence[ArmLabel] | None = None,
    alpha: float = 0.05,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    segment: str | None = None,
    id_column: str | None = None,
    alternative: str = "two-sided",
    srm_threshold: float = 0.001,
    read_options: Mapping[str, Any] | None = None,
) -> PilotResult:
    """Read a pilot's customer-level data and measure what each treated arm added over the control.

    Args:
        data: An Ibis table, a pandas DataFrame, or a file path / upload (CSV, Excel, Parquet) read by
            :func:`datasources.read_table`.
        metrics: ``[Proportion("respondio"), Mean("ingreso", covariate="ingreso_previo"), ...]`` or a
            dict name → spec.
        group: Column with the arm label of each customer.
        control: Label of the control group (matched trimmed and case-insensitively).
        treatment: Treated arm label, list of labels, or ``None`` for every other arm.
        alpha: 1 - confidence level; significance level.
        weights: Planned split for the SRM test: ``None`` (equal), a dict label → weight, or a sequence
            ordered as control, then treatments.
        segment: Optional column to break the readout down by (region, value tier, ...).
        id_column: Optional customer ID column; duplicated or empty IDs are refused.
        alternative: ``"two-sided"``, ``"greater"`` or ``"less"``.
        srm_threshold: SRM p-value below which the split is flagged.
        read_options: Keyword arguments for :func:`datasources.read_table` when ``data`` is a file
            (e.g. ``{"sheet": "Piloto"}`` or ``{"decimal": ","}``).

    Returns:
        A :class:`PilotResult`.

    Raises:
        InputError: Missing columns, unknown control label, missing / non-0/1 / non-numeric / negative
            values, duplicated IDs (each message names the column, the count and the first rows).

    Examples:
        >>> import pandas as pd
        >>> from experiments.analysis import Proportion
        >>> df = pd.DataFrame({"grupo": ["control"] * 5_000 + ["Piloto "] * 20_000,
        ...                    "respondio": [1] * 100 + [0] * 4_900 + [1] * 600 + [0] * 19_400})
        >>> r = analyze_pilot(df, [Proportion("respondio")], group="grupo", weights=[1, 4])
        >>> m = r.metrics["respondio"]
        >>> r.treatments, round(m.effect_size, 4), round(m.incremental), r.srm.flagged
        (('Piloto',), 0.01, 200, False)

    References:
        Kohavi, Tang & Xu (2020), *Trustworthy Online Controlled Experiments*; Radcliffe (2007),
        "Using control groups to target on predicted lift".
    """
    alpha, alternative = check_test_options(alpha, alternative)
    specs = specs_by_name(metrics)
    table = as_table(data, **(read_options or {}))
    wanted = (
        None
        if treatment is None
        else (
            [treatment]
            if isinstance(treatment, str) or not isinstance(treatment, Sequence)
            else list(treatment)
        )
    )
    arms, n_rows, plans = _read_arms(table, specs, group, segment, id_column, control, wanted)
    ctrl = arms[label(control)]
    treated = (
        [arms[label(t)] for t in wanted]
        if wanted is not None
        else sorted((a for key, a in arms.items() if key != label(control)), key=lambda a: a.label.casefold())
    )
    attach_histograms(table, group, segment, plans, specs, ctrl, treated, label)
    notes: list[str] = []
    srm = sample_ratio_test(
        [ctrl.n] + [a.n for a in treated],
        resolve_weights(weights, [ctrl] + treated, label),
        threshold=srm_threshold,
    )
    if srm.flagged:
        notes.append(Note.make("srm_flagged", pvalue=srm.pvalue))
    left_out = [a for a in arms.values() if a is not ctrl and a not in treated]
    if left_out:
        notes.append(
            Note.make(
                "ignored_arms", rows=sum(a.n for a in left_out), arms=", ".join(a.label for a in left_out)
            )
        )
    comparisons = {
        arm.label: _compare(specs, _total(ctrl), _total(arm), alpha, alternative) for arm in treated
    }
    if len(treated) > 1:
        _adjust_across(comparisons, "holm")
        notes.append(Note.make("holm_across_arms", k=len(treated)))
    by_segment = (
        {arm.label: _segments(specs, ctrl, arm, alpha, alternative, notes) for arm in treated}
        if segment
        else {}
    )
    hetero = {
        arm: {
            name: cochran_q(
                [seg[name].effect_size for seg in segs.values()],
                [seg[name].std_error for seg in segs.values()],
            )
            for name in specs
        }
        for arm, segs in by_segment.items()
    }
    first = treated[0].label
    return PilotResult(
        metrics=comparisons[first],
        comparisons=comparisons,
        segments=by_segment.get(first, {}),
        segment_comparisons=by_segment,
        heterogeneity=hetero.get(first, {}),
        heterogeneity_by_arm=hetero,
        srm=srm,
        control=ctrl.label,
        treatments=tuple(a.label for a in treated),
        arm_sizes={a.label: a.n for a in [ctrl, *treated]},
        group=group,
        segment=segment,
        alpha=alpha,
        alternative=alternative,
        n_rows=n_rows,
        notes=tuple(notes),
    )


def _read_arms(
    table: Any,
    specs: dict[str, MetricSpec],
    group: str,
    segment: str | None,
    id_column: str | None,
    control: Any,
    treatments: list[Any] | None,
) -> tuple[dict[str, _Arm], int, list[ColumnPlan]]:
    """Caps, the main aggregate query, every data check, and the cells merged into arms
    → (arms, rows, column plans)."""
    wanted = {group: "arm column"} | ({segment: "segment column"} if segment else {})
    wanted |= {id_column: "customer ID column"} if id_column else {}
    columns = {col: "metric column" for spec in specs.values() for col in _data_columns(spec)}
    check_columns(table, wanted | columns)
    plans, pairs, triples = plan_columns(specs, resolve_caps(table, specs))
    agg = fetch(table, group, segment, plans, pairs, id_column, triples)
    check_shape(agg, group, segment)
    check_keys(table, agg, group, segment, id_column)
    arms = _arms(agg.cells)
    check_arms(arms, group, control, treatments)
    check_values(table, agg, plans, id_column)
    check_ids(table, agg, id_column)
    return arms, sum(c.stats.n for c in agg.cells), plans


def _data_columns(spec: MetricSpec) -> list[str]:
    capped = spec.sources()
    return [capped[key][0] if key in capped else key for key in spec.columns()]


def _display(counts: Counter) -> str:
    return str(max(counts.items(), key=lambda kv: (kv[1], str(kv[0])))[0]).strip()


def _arms(cells: list) -> dict[str, _Arm]:
    arms: dict[str, _Arm] = {}
    seg_spellings: dict[Any, Counter] = {}
    for cell in cells:
        key = label(cell.arm)
        arm = arms.setdefault(key, _Arm(label="", key=key))
        arm.raw_labels[cell.arm] += cell.stats.n
        arm.n += cell.stats.n
        arm.total = cell.stats if arm.total is None else arm.total + cell.stats
        seg = label(cell.segment) if isinstance(cell.segment, str) else cell.segment
        seg_spellings.setdefault(seg, Counter())[cell.segment] += cell.stats.n
        arm.segments[seg] = cell.stats + arm.segments[seg] if seg in arm.segments else cell.stats
    names = {seg: (_display(c) if isinstance(seg, str) else seg) for seg, c in seg_spellings.items()}
    for arm in arms.values():
        arm.label = _display(arm.raw_labels)
        arm.segments = {names[seg]: stats for seg, stats in arm.segments.items()}
        arm.segment_names = dict(names)
    return arms


def _compare(
    specs: dict[str, MetricSpec], control: ArmStats, treatment: ArmStats, alpha: float, alternative: str
) -> dict[str, MetricResult]:
    return {
        name: spec.compare(name, control, treatment, alpha=alpha, alternative=alternative)
        for name, spec in specs.items()
    }


def _adjust_across(results: dict[Any, dict[str, MetricResult]], method: str) -> None:
    """Adjust each metric's p-values across the outer keys (arms or segments), in place."""
    keys = list(results)
    for name in next(iter(results.values())) if results else {}:
        adjusted = adjust_pvalues([results[k][name].pvalue for k in keys], method)
        for k, p in zip(keys, adjusted, strict=True):
            results[k][name] = dataclasses.replace(results[k][name], pvalue_adjusted=p)


def _segments(
    specs: dict[str, MetricSpec], ctrl: _Arm, arm: _Arm, alpha: float, alternative: str, notes: list[str]
) -> dict[Any, dict[str, MetricResult]]:
    every = sorted(set(ctrl.segments) | set(arm.segments), key=lambda v: (str(type(v)), v))
    shared = [s for s in every if s in ctrl.segments and s in arm.segments]
    for seg in every:
        if seg not in shared:
            notes.append(
                Note.make(
                    "segment_without_arm",
                    segment=seg,
                    arm=arm.label,
                    missing=ctrl.label if seg not in ctrl.segments else arm.label,
                )
            )
    out = {seg: _compare(specs, ctrl.segments[seg], arm.segments[seg], alpha, alternative) for seg in shared}
    _adjust_across(out, "bh")
    return out

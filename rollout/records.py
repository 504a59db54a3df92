"""Campaign records built from the core's results: what a readout or a split keeps with the campaign.

A page runs the analysis (``experiments.analyze_pilot`` or ``experiments.analyze_counts``) or the split
(``experiments.assign_customers``), then stores :func:`readout_record` / :func:`assignment_record` in
the campaign, so that reopening it shows the same results without the file and says which file
produced them (name, SHA-256 and size from :func:`source_file`).

References:
    docs/architecture.md §5 (persistence; a reopened campaign restores every page).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from typing import IO, Any

from rollout._plain import to_plain
from rollout.campaign import AssignmentRecord, MetricLine, ReadoutRecord, SourceFile

_CHUNK = 1 << 20


def source_file(name: str, data: bytes | IO[bytes] | None) -> SourceFile:
    """The name, SHA-256 and size of a file's bytes (streamed; ``None`` data gives a name only).

    Examples:
        >>> s = source_file("piloto.csv", b"id;grupo\\n001;piloto\\n")
        >>> s.size_bytes, s.sha256[:12]
        (20, 'c293ef110608')
    """
    if data is None:
        return SourceFile(name=name)
    digest, size = hashlib.sha256(), 0
    stream = [data] if isinstance(data, bytes) else iter(lambda: data.read(_CHUNK), b"")
    for chunk in stream:
        digest.update(chunk)
        size += len(chunk)
    return SourceFile(name=name, sha256=digest.hexdigest(), size_bytes=size)


def same_file(saved: SourceFile | None, new: SourceFile) -> bool | None:
    """Whether ``new`` has the bytes of ``saved`` (``None`` when the saved one has no fingerprint).

    Examples:
        >>> a = source_file("a.csv", b"1"); same_file(a, source_file("renamed.csv", b"1"))
        True
    """
    if saved is None or saved.sha256 is None or new.sha256 is None:
        return None
    return saved.sha256 == new.sha256 and saved.size_bytes == new.size_bytes


def _codes(notes: Iterable[Any]) -> tuple[tuple[str, dict[str, Any]], ...]:
    out = []
    for note in notes:
        code = getattr(note, "code", None)
        out.append((code, dict(getattr(note, "params", {}))) if code else ("text", {"text": str(note)}))
    return tuple(out)


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def metric_line(arm: str, m: Any, segment: Any = None) -> MetricLine:
    """One ``MetricResult`` of ``experiments`` as a stored line (sizes, levels, effect fields, notes)."""
    detail = m.detail
    return MetricLine(
        metric=m.metric, kind=m.kind, direction=m.direction, arm=str(arm),
        segment=None if segment is None else str(segment), n_control=int(m.n_control),
        n_treatment=int(m.n_treatment), control=float(m.control), treatment=float(m.treatment),
        control_std=_float_or_none(getattr(detail, "std_control", None)),
        treatment_std=_float_or_none(getattr(detail, "std_treatment", None)),
        successes_control=_int_or_none(getattr(detail, "successes_control", None)),
        successes_treatment=_int_or_none(getattr(detail, "successes_treatment", None)),
        effect_size=m.effect_size, effect_size_ci_lower=m.effect_size_ci_lower,
        effect_size_ci_upper=m.effect_size_ci_upper, rel_effect_size=m.rel_effect_size,
        rel_effect_size_ci_lower=m.rel_effect_size_ci_lower, rel_effect_size_ci_upper=m.rel_effect_size_ci_upper,
        pvalue=m.pvalue, pvalue_adjusted=m.pvalue_adjusted, std_error=m.std_error, incremental=m.incremental,
        incremental_ci_lower=m.incremental_ci_lower, incremental_ci_upper=m.incremental_ci_upper,
        notes=_codes(m.notes),
    )  # fmt: skip


def _float_or_none(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def readout_record(
    result: Any,
    *,
    source: SourceFile | None,
    mode: str = "file",
    mapping: Mapping[str, Any] | None = None,
    arm: str | None = None,
    primary: str | None = None,
) -> ReadoutRecord:
    """What a campaign keeps of a pilot readout: every arm's and segment's lines, SRM, the file.

    Args:
        result: A ``PilotResult`` from ``experiments.analyze_pilot`` or ``experiments.analyze_counts``.
        source: The file analysed (``source_file``), or ``None`` for typed counts.
        mode: ``"file"``, ``"example"``, ``"counts"`` or ``"database"``.
        mapping: The column mapping and options chosen (plain values), to show and to reuse.
        arm: The treated arm the roll-out reads (default: the first).
        primary: The primary metric (default: the first).

    Returns:
        The record; ``metrics`` holds ``arm``'s line per metric.

    Examples:
        >>> from experiments import ArmCounts, analyze_counts
        >>> r = analyze_counts({"control": ArmCounts(100, 5_000), "piloto": ArmCounts(600, 20_000)},
        ...                    control="control", metric_name="compra")
        >>> rec = readout_record(r, source=None, mode="counts")
        >>> rec.arm, rec.primary, rec.metrics["compra"].successes_treatment, round(rec.metrics["compra"].effect_size, 3)
        ('piloto', 'compra', 600, 0.01)

    References:
        docs/architecture.md §5.
    """
    arms = list(result.comparisons)
    chosen = arm if arm in result.comparisons else arms[0]
    lines = tuple(metric_line(a, m) for a in arms for m in result.comparisons[a].values())
    segments = tuple(
        metric_line(a, m, value)
        for a, by_segment in result.segment_comparisons.items()
        for value, by_metric in by_segment.items()
        for m in by_metric.values()
    )
    metrics = {line.metric: line for line in lines if line.arm == str(chosen)}
    return ReadoutRecord(
        source=source, mode=mode, mapping=to_plain(dict(mapping or {})), alpha=float(result.alpha),
        arm=str(chosen), primary=primary if primary in metrics else next(iter(metrics), None),
        control=str(result.control), srm_flagged=bool(result.srm.flagged), srm_pvalue=float(result.srm.pvalue),
        arm_sizes={str(k): int(v) for k, v in result.arm_sizes.items()}, metrics=metrics, lines=lines,
        segment_lines=segments,
        heterogeneity={name: float(h.pvalue) for name, h in result.heterogeneity.items()},
        notes=_codes(result.notes),
    )  # fmt: skip


def _rows(frame: Any) -> tuple[dict[str, Any], ...]:
    if frame is None or len(frame) == 0:
        return ()
    return tuple(to_plain(row) for row in frame.to_dict("records"))


def assignment_record(
    report: Any,
    *,
    source: SourceFile | None,
    drop_invalid: bool = False,
    eligible: Mapping[str, Iterable[Any]] | None = None,
) -> AssignmentRecord:
    """What a campaign keeps of a list split: the file, salt, arms, strata, counts and the checks' tables.

    Args:
        report: An ``AssignmentReportResult`` of ``experiments.assignment_report``.
        source: The list's file (``source_file``).
        drop_invalid: Whether blank and duplicated IDs were dropped.
        eligible: The eligibility filter ``{column: values}``.

    Returns:
        The record (small values only: no customer row is stored).

    References:
        docs/architecture.md §5.
    """
    representative = report.representativeness
    return AssignmentRecord(
        source=source, salt=report.salt, id_column=report.id_column, strata=tuple(report.strata),
        covariates=tuple(report.covariates), arms={str(a): int(n) for a, n in report.arms},
        drop_invalid=drop_invalid,
        filter=None if not eligible else {k: tuple(to_plain(list(v))) for k, v in eligible.items()},
        n_rows=int(report.n_rows), n_eligible=int(report.n_eligible), n_blank_ids=int(report.n_blank_ids),
        n_duplicate_rows=int(report.n_duplicate_rows), n_ineligible=int(report.n_ineligible),
        n_strata=int(report.n_strata), arm_sizes={str(a): int(n) for a, n in report.arm_sizes},
        balance=_rows(report.balance), representativeness=None if representative is None else _rows(representative),
        strata_counts=tuple({"stratum": str(s), "arm": str(a), "n": int(n)} for s, a, n in report.allocation),
        split_exact=bool(report.split.exact), split_pvalue=float(report.split.pvalue),
    )  # fmt: skip

"""``monitor_pilot``: read a running pilot's customer file day by day against its sequential plan.

One grouped aggregate query (the readout's, :mod:`experiments.analysis.aggregate`) computes every
(arm label, day) cell's sufficient statistics and data checks in the engine, the day taken from an
assignment or response date column (a date, a timestamp, or text ``2025-03-14`` / ``14/03/2025``).
Python then adds the few cells up day by day (:class:`ArmStats` pool exactly) into cumulative looks, and
applies the plan: the group-sequential test over the plan's looks, or a confidence sequence every day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from experiments.analysis.aggregate import blank, fetch
from experiments.analysis.metrics import Mean, MetricSpec, Proportion
from experiments.analysis.pilot import _arms
from experiments.analysis.pilot_engine import plan_columns, resolve_caps
from experiments.analysis.pilot_inputs import as_table, specs_by_name
from experiments.analysis.sequential import (
    ConfidenceSequenceResult,
    GroupSequentialResult,
    confidence_sequence,
    group_sequential_test,
)
from experiments.analysis.stats import ArmStats
from experiments.analysis.validate import (
    check_arms,
    check_columns,
    check_keys,
    check_shape,
    check_values,
    first_rows,
    label,
)
from experiments.design.sequential_plan import SequentialPlan
from planner_common import InputError

__all__ = ["MetricMonitor", "MonitorResult", "monitor_pilot"]

DAY = "__day"
ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$"
DAY_FIRST = r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$"
MIN_CUSTOMERS = 2  # per arm, before the first look


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricMonitor:
    """One metric of a monitored pilot.

    Attributes:
        metric, kind, direction: Name, ``"proportion"`` or ``"mean"``, and the good direction.
        days: The days that were looks (group-sequential) or every day with data (confidence sequence).
        test: The :class:`GroupSequentialResult` over those looks (group-sequential plan), else ``None``.
        sequence: One :class:`ConfidenceSequenceResult` per day (confidence-sequence plan), else ``()``.
        decision: ``"benefit"``, ``"harm"``, ``"continue"`` or ``"inconclusive"`` (plan exhausted).
        stopped_day: The first day a bound was crossed (or the interval excluded 0), else ``None``.
        notes: Caveats.
    """

    metric: str
    kind: str
    direction: str
    days: tuple[dt.date, ...]
    test: GroupSequentialResult | None
    sequence: tuple[ConfidenceSequenceResult, ...]
    decision: str
    stopped_day: dt.date | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorResult:
    """A running pilot read against its sequential plan.

    Attributes:
        metrics: Metric name → :class:`MetricMonitor`.
        plan: The :class:`SequentialPlan` applied.
        control, treatment: Arm labels as found in the data.
        cumulative: ``(day, customers in control, customers in treatment)`` for every day with data.
        group, date: Echoed column names.
        n_rows: Rows read (all arms).
        notes: Caveats.
    """

    metrics: dict[str, MetricMonitor]
    plan: SequentialPlan
    control: str
    treatment: str
    cumulative: tuple[tuple[dt.date, int, int], ...]
    group: str
    date: str
    n_rows: int
    notes: tuple[str, ...] = ()


def monitor_pilot(
    data: Any,
    metrics: Sequence[MetricSpec] | Mapping[str, MetricSpec],
    *,
    date: str,
    group: str = "group",
    control: Any = "control",
    plan: SequentialPlan | Mapping[str, Any],
    treatment: Any = None,
    read_options: Mapping[str, Any] | None = None,
) -> MonitorResult:
    """Is the running pilot conclusive yet? Each day's cumulative data against the sequential plan.

    Args:
        data: An Ibis table, a pandas DataFrame, or a file path / upload (see :func:`analyze_pilot`).
        metrics: ``[Proportion("respondio"), Mean("ingreso")]`` or a dict name → spec (a ``Mean``'s
            covariate is not used while monitoring; ratio metrics are not monitored).
        date: Column with each customer's assignment or response date.
        group, control: Arm column and the control's label (trimmed, case-insensitive).
        plan: A :class:`SequentialPlan` or its ``to_dict()`` (as saved with the campaign).
        treatment: The treated arm's label; needed only when the data holds several treated arms.
        read_options: Keyword arguments for :func:`datasources.read_table` when ``data`` is a file.

    Returns:
        A :class:`MonitorResult`.

    Raises:
        InputError: Missing columns, unknown control label, empty or unreadable dates, missing /
            non-0/1 / non-numeric values, a ratio metric, several treated arms without ``treatment``.

    Examples:
        Five days of a mailing, 400 customers per arm a day; 2 % respond in control, 4 % in the pilot:

        >>> import pandas as pd
        >>> from experiments import Proportion, SequentialPlan
        >>> rows = range(4_000)
        >>> df = pd.DataFrame({"fecha": pd.date_range("2025-03-03", periods=5).repeat(800),
        ...                    "grupo": ["control" if i % 2 == 0 else "piloto" for i in rows],
        ...                    "respondio": [int(i % 100 == 0 or i % 50 == 1) for i in rows]})
        >>> plan = SequentialPlan(kind="group-sequential", planned_n_control=2_000,
        ...                       planned_n_treatment=2_000, looks=5)
        >>> r = monitor_pilot(df, [Proportion("respondio")], date="fecha", group="grupo", plan=plan)
        >>> m = r.metrics["respondio"]
        >>> [(round(x.statistic, 2), round(x.bound, 2), x.decision) for x in m.test.looks]
        [(1.66, 4.88, 'continue'), (2.35, 3.36, 'continue'), (2.87, 2.68, 'benefit')]
        >>> m.stopped_day
        datetime.date(2025, 3, 5)

    References:
        Jennison & Turnbull (2000), ch. 7; Waudby-Smith et al. (2023); the readout query of
        :func:`analyze_pilot`.
    """
    plan = plan if isinstance(plan, SequentialPlan) else SequentialPlan.from_dict(plan)
    specs = specs_by_name(metrics)
    for name, spec in specs.items():
        if not isinstance(spec, Proportion | Mean):
            raise InputError(
                "ratio_not_monitored",
                f"Metric {name!r} is a ratio of two columns; monitor its numerator and denominator instead.",
                field="metrics",
                value=name,
            )
    table = as_table(data, **(read_options or {}))
    columns, pairs, _ = plan_columns(specs, resolve_caps(table, specs))
    check_columns(
        table, {group: "arm column", date: "date column"} | {c.name: "metric column" for c in columns}
    )
    dated = table.mutate(**{DAY: day_expr(table[date])})
    agg = fetch(dated, group, DAY, columns, pairs)
    check_shape(agg, group, None)
    check_keys(table, agg, group, None, None)
    _check_dates(table, date, sum(c.stats.n for c in agg.cells if c.segment is None))
    arms = _arms(agg.cells)
    check_arms(arms, group, control, None if treatment is None else [treatment])
    check_values(table, agg, columns, None)
    ctrl = arms[label(control)]
    treated = _treated(arms, ctrl, treatment, group)
    cumulative = _cumulative(ctrl.segments, treated.segments)
    results = {name: _monitor(name, spec, cumulative, plan) for name, spec in specs.items()}
    return MonitorResult(
        metrics=results,
        plan=plan,
        control=ctrl.label,
        treatment=treated.label,
        cumulative=tuple((day, c.n, t.n) for day, c, t in cumulative),
        group=group,
        date=date,
        n_rows=sum(c.stats.n for c in agg.cells),
        notes=(),
    )


def day_expr(column: ir.Column) -> ir.DateValue:
    """The calendar day of a date, timestamp or text column (text: ISO or day-first; else NULL).

    Examples:
        >>> t = ibis.memtable({"d": ["2025-03-14", " 14/03/2025", "1-4-2025", "2025-03-14 10:22", "ayer"]})
        >>> [str(d) for d in t.select(x=day_expr(t.d)).to_pyarrow()["x"].to_pylist()]
        ['2025-03-14', '2025-03-14', '2025-04-01', '2025-03-14', 'None']

    References:
        ISO 8601 dates; day-first is the Spanish (and most non-US) convention.
    """
    dtype = column.type()
    if dtype.is_timestamp():
        return column.date()
    if dtype.is_date():
        return column
    if not dtype.is_string():
        raise InputError(
            "not_a_date",
            f"Column «{column.get_name()}» holds {dtype} values, not dates.",
            field=column.get_name(),
            value=str(dtype),
            count=0,
            rows="",
        )
    word = column.strip()
    part = [word.re_extract(DAY_FIRST, i).cast("int32") for i in (3, 2, 1)]
    return ibis.cases(
        (word.re_search(ISO), word.substr(0, 10).cast("date")),
        (word.re_search(DAY_FIRST), ibis.date(*part)),
        else_=ibis.null("date"),
    )


def _check_dates(table: ir.Table, date: str, bad: int) -> None:
    """Blank dates are missing values; other unreadable dates are ``not_a_date`` (rows shown)."""
    if not bad:
        return
    column = table[date]
    empty = blank(column)
    rows = first_rows(table, empty, None)
    if rows:
        count = int(table.filter(empty).count().execute())
        raise InputError(
            "missing_values",
            f"Column «{date}» has {count:,} empty cells, e.g. data rows {rows}; fill them in or remove those rows.",
            field=date,
            count=count,
            rows=rows,
        )
    unreadable = day_expr(column).isnull() & ~empty
    rows = first_rows(table, unreadable, date)
    raise InputError(
        "not_a_date",
        f"Column «{date}» has {bad:,} cells that are not dates (write 2025-03-14 or 14/03/2025), "
        f"e.g. data rows {rows}.",
        field=date,
        value="",
        count=bad,
        rows=rows,
    )


def _treated(arms: dict[str, Any], ctrl: Any, treatment: Any, group: str) -> Any:
    if treatment is not None:
        return arms[label(treatment)]
    others = sorted((a for a in arms.values() if a is not ctrl), key=lambda a: a.label.casefold())
    if len(others) > 1:
        names = ", ".join(a.label for a in others)
        raise InputError(
            "choose_treatment",
            f"Column «{group}» holds several treated groups ({names}); choose the one to monitor.",
            field=group,
            value=names,
        )
    return others[0]


def _cumulative(
    control: Mapping[Any, ArmStats], treatment: Mapping[Any, ArmStats]
) -> list[tuple[dt.date, ArmStats, ArmStats]]:
    """Running totals of both arms for each day with data (once both arms have customers)."""
    out: list[tuple[dt.date, ArmStats, ArmStats]] = []
    c_total: ArmStats | None = None
    t_total: ArmStats | None = None
    for day in sorted(set(control) | set(treatment)):
        if day in control:
            c_total = control[day] if c_total is None else c_total + control[day]
        if day in treatment:
            t_total = treatment[day] if t_total is None else t_total + treatment[day]
        if c_total and t_total and min(c_total.n, t_total.n) >= MIN_CUSTOMERS:
            out.append((day, c_total, t_total))
    return out


def _arm_values(spec: MetricSpec, stats: ArmStats) -> Any:
    return stats.counts(spec.column) if isinstance(spec, Proportion) else stats.moments(spec.column)  # type: ignore[union-attr]


def _monitor(
    name: str, spec: MetricSpec, cumulative: list[tuple[dt.date, ArmStats, ArmStats]], plan: SequentialPlan
) -> MetricMonitor:
    kind = "proportion" if isinstance(spec, Proportion) else "mean"
    notes = (
        (f"The covariate «{spec.covariate}» is not used while monitoring.",)
        if isinstance(spec, Mean) and spec.covariate
        else ()
    )
    looks = [(day, _arm_values(spec, c), _arm_values(spec, t)) for day, c, t in cumulative]
    return _monitor_looks(name, kind, spec.direction, looks, plan, notes)


def _monitor_looks(
    name: str, kind: str, direction: str, looks: list, plan: SequentialPlan, notes: tuple[str, ...] = ()
) -> MetricMonitor:
    """The plan applied to cumulative ``(day, control, treatment)`` looks of one metric."""
    if not looks:
        return MetricMonitor(
            metric=name, kind=kind, direction=direction, days=(), test=None, sequence=(),
            decision="continue", stopped_day=None, notes=notes + ("No day has customers in both groups yet.",),
        )  # fmt: skip
    if plan.kind == "confidence-sequence":
        return _by_sequence(name, kind, direction, looks, plan, notes)
    chosen = _planned_days(looks, plan)
    if not chosen:
        return MetricMonitor(
            metric=name, kind=kind, direction=direction, days=(), test=None, sequence=(),
            decision="continue", stopped_day=None, notes=notes + ("The first planned look is not due yet.",),
        )  # fmt: skip
    test = group_sequential_test(
        [(c, t) for _, c, t in chosen],
        planned_n_control=plan.planned_n_control,
        planned_n_treatment=plan.planned_n_treatment,
        alpha=plan.alpha,
        spending=plan.spending,
        rho=plan.rho,
        alternative=plan.alternative,
        direction=direction,
    )
    days = tuple(day for day, _, _ in chosen[: len(test.looks)])
    stopped = days[test.stopped_at - 1] if test.stopped_at else None
    return MetricMonitor(
        metric=name, kind=kind, direction=direction, days=days, test=test, sequence=(),
        decision=test.decision, stopped_day=stopped, notes=notes + test.notes,
    )  # fmt: skip


def _planned_days(looks: list, plan: SequentialPlan) -> list:
    """Daily plans look every day; a plan of K looks looks on the first day past each k/K of the plan."""
    if plan.looks == "daily":
        return looks
    from experiments.analysis._sequential_inputs import harmonic_information, level_and_variance

    planned = harmonic_information(plan.planned_n_control, plan.planned_n_treatment)
    count, chosen, k = int(plan.looks), [], 1
    for day, c, t in looks:
        share = harmonic_information(level_and_variance(c)[2], level_and_variance(t)[2]) / planned
        if share >= k / count - 1e-12:
            chosen.append((day, c, t))
            while k <= count and share >= k / count - 1e-12:
                k += 1
    return chosen


def _by_sequence(
    name: str, kind: str, direction: str, looks: list, plan: SequentialPlan, notes: tuple[str, ...]
) -> MetricMonitor:
    tuning = plan.tuning_n or plan.planned_n_control + plan.planned_n_treatment
    sequence = tuple(
        confidence_sequence(c, t, tuning_n=tuning, alpha=plan.alpha, alternative=plan.alternative)
        for _, c, t in looks
    )
    stopped = next((day for (day, _, _), r in zip(looks, sequence, strict=True) if _excludes_zero(r)), None)
    last = sequence[-1]
    decision = "continue"
    if _excludes_zero(last) or stopped is not None:
        first = sequence[[d for d, _, _ in looks].index(stopped)] if stopped else last
        up = first.effect_size_ci_lower > 0
        decision = "benefit" if up == (direction == "increase") else "harm"
    return MetricMonitor(
        metric=name, kind=kind, direction=direction, days=tuple(day for day, _, _ in looks), test=None,
        sequence=sequence, decision=decision, stopped_day=stopped, notes=notes,
    )  # fmt: skip


def _excludes_zero(r: ConfidenceSequenceResult) -> bool:
    return r.effect_size_ci_lower > 0 or r.effect_size_ci_upper < 0

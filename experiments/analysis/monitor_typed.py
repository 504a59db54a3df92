"""``monitor_counts``: a running pilot typed as each day's counts, read against its sequential plan.

For teams whose campaign tool reports a daily table (customers reached and responders per group)
instead of a customer file: the days are added up into cumulative looks and the plan is applied exactly
as :func:`monitor_pilot` does for a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from experiments.analysis.monitor import MIN_CUSTOMERS, MetricMonitor, _monitor_looks
from experiments.analysis.sequential import DIRECTIONS
from experiments.analysis.stats import ArmCounts
from experiments.design.sequential_plan import SequentialPlan
from planner_common import InputError, check_choice

__all__ = ["monitor_counts"]


def _check_days(days: object) -> list[tuple[dt.date, ArmCounts, ArmCounts]]:
    if isinstance(days, str | bytes) or not isinstance(days, Sequence) or not days:
        raise InputError(
            "no_looks",
            "days must be a non-empty list of (day, control, treatment) rows.",
            field="days",
            value=0,
        )
    rows, seen = [], set()
    for k, row in enumerate(days):
        ok = isinstance(row, Sequence) and not isinstance(row, str) and len(row) == 3
        if not ok or not isinstance(row[0], dt.date) or not all(isinstance(a, ArmCounts) for a in row[1:]):
            raise InputError(
                "bad_daily_counts",
                f"days[{k}] must be (date, ArmCounts of the control, ArmCounts of the pilot), got {row!r}.",
                field="days", value=repr(row)[:80], row=k + 1,
            )  # fmt: skip
        day = row[0].date() if isinstance(row[0], dt.datetime) else row[0]
        if day in seen:
            raise InputError(
                "duplicate_day",
                f"The day {day.isoformat()} appears twice: give one row per day with that day's new customers.",
                field="days", value=day.isoformat(), row=k + 1,
            )  # fmt: skip
        seen.add(day)
        rows.append((day, row[1], row[2]))
    return sorted(rows, key=lambda r: r[0])


def monitor_counts(
    days: Sequence[tuple[dt.date, ArmCounts, ArmCounts]],
    *,
    plan: SequentialPlan | Mapping[str, Any],
    direction: str = "increase",
    metric: str = "response",
) -> MetricMonitor:
    """Is the running pilot conclusive yet? Each day's new counts, added up, against the plan.

    Args:
        days: One row per day: ``(date, ArmCounts(responders, customers) of the control, the same of the
            pilot)`` with that day's *new* customers (not running totals); any order.
        plan: A :class:`SequentialPlan` or its ``to_dict()`` (as saved with the campaign).
        direction: ``"increase"`` (more is better) or ``"decrease"`` (e.g. churn).
        metric: The metric's name, echoed.

    Returns:
        A :class:`MetricMonitor`, as :func:`monitor_pilot` gives for each metric of a file.

    Raises:
        InputError: No rows, a malformed row, the same day twice, bad counts or plan.

    Examples:
        Three days of an SMS pilot planned at 3,000 customers per group, read every day:

        >>> import datetime as dt
        >>> from experiments import ArmCounts, SequentialPlan
        >>> plan = SequentialPlan(kind="group-sequential", planned_n_control=3_000, planned_n_treatment=3_000)
        >>> days = [(dt.date(2025, 3, 3 + d), ArmCounts(20, 500), ArmCounts(31, 500)) for d in range(3)]
        >>> m = monitor_counts(days, plan=plan, metric="respondio")
        >>> m.decision, [x.n_control for x in m.test.looks], round(m.test.looks[-1].statistic, 2)
        ('continue', [500, 1000, 1500], 2.74)

    References:
        Jennison & Turnbull (2000), ch. 7; the plan as applied by :func:`monitor_pilot`.
    """
    plan = plan if isinstance(plan, SequentialPlan) else SequentialPlan.from_dict(plan)
    direction = check_choice("direction", direction, DIRECTIONS)
    looks: list[tuple[dt.date, ArmCounts, ArmCounts]] = []
    control = treatment = ArmCounts(0, 0)
    for day, c, t in _check_days(days):
        control, treatment = control + c, treatment + t
        if min(control.trials, treatment.trials) >= MIN_CUSTOMERS:
            looks.append((day, control, treatment))
    return _monitor_looks(str(metric), "proportion", direction, looks, plan)

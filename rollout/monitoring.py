"""The monitoring state of a campaign: where a running pilot stands against its sequential plan.

The Monitor page reads the pilot's daily data (``experiments.monitor_pilot`` or ``monitor_counts``);
:func:`monitor_outlook` turns the last look into what the page says – day *d* of *D*, the plan's decision,
the z statistic and its bound, the share of the planned information, and the chance of concluding by
the end if the planned lift is real (``experiments.conditional_power``) – and :func:`monitoring_record`
into the plain dict the campaign keeps in ``Campaign.monitoring``. The roll-out decision reads it back
with :func:`sequential_state`: no *go* while the plan says *continue* (docs/formulas.md §2: a readout
before the planned size is a peek), and no "below plan" gate once the plan has stopped the pilot.

**Days.** *d* is the number of days with data so far (a daily plan looks on each of them). *D* is the
plan's duration at the design's daily volume, ``⌈(n_C + k·n_T) / volume⌉`` (``plan_sequential``'s
``duration_days``), or, without a volume, the days the planned information takes at the pace seen up to
the last look, ``⌈d_k / t_k⌉`` (``days_source`` says which). Once the plan has stopped (a bound crossed,
or the planned size reached without one), the headline is the stopping look: *d* is the day of that
look and every figure is its own; days of data after it are counted in ``days_after_stop`` and are not
looks of the plan.

References:
    Jennison & Turnbull (2000), §10.2 (conditional power); docs/formulas.md §2.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import experiments
from experiments import SequentialPlan  # a plain record (no scipy)
from rollout._plain import to_plain
from rollout.campaign import Campaign, DesignPlan, SourceFile

if TYPE_CHECKING:  # scipy-backed modules load when a function first needs them
    from experiments import ConditionalPowerResult, MetricMonitor


__all__ = [
    "MonitorOutlook",
    "SequentialState",
    "early_look",
    "monitor_outlook",
    "monitoring_of",
    "monitoring_record",
    "planned_effect",
    "saved_plan",
    "sequential_state",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorOutlook:
    """Where a running pilot stands (see the module doc for the days).

    Attributes:
        metric: The monitored metric (``experiments.MetricMonitor``).
        plan: The plan applied.
        day, days_planned, days_source: The day of the headline look (days with data so far while the
            plan continues, the stopping look's day once it stopped), the plan's days, and
            ``"design"`` or ``"pace"`` (``None`` when unknown).
        look_date: The date of the headline look.
        days_after_stop, last_data_date: Days with data after the stopping look (0 while the plan
            continues) and the last day with data.
        decision: ``"benefit"``, ``"harm"``, ``"continue"`` or ``"inconclusive"``.
        look, statistic, bound, information_fraction: The headline look (``bound`` ``None`` for a
            confidence sequence); ``n_control``, ``n_treatment`` its customers.
        effect_size_ci_lower, effect_size_ci_upper: The always-valid interval of the lift at that look
            (confidence sequences; ``None`` for a group-sequential plan).
        effect_size: The lift assumed for the outlook (the planned one), or ``None``.
        outlook: The conditional power of the remaining looks (group-sequential plans that continue).
    """

    metric: MetricMonitor
    plan: SequentialPlan
    day: int
    days_planned: int | None
    days_source: str | None
    look_date: dt.date | None
    days_after_stop: int
    last_data_date: dt.date | None
    decision: str
    look: int
    statistic: float
    bound: float | None
    information_fraction: float
    n_control: int
    n_treatment: int
    effect_size_ci_lower: float | None
    effect_size_ci_upper: float | None
    effect_size: float | None
    outlook: ConditionalPowerResult | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SequentialState:
    """What the roll-out decision reads of the monitoring: the last look's decision and the plan's sizes."""

    decision: str
    look: int
    information_fraction: float
    planned_n_control: int
    planned_n_treatment: int


def planned_effect(design: DesignPlan | None, kind: str) -> float | None:
    """The design's lift when it was sized for this kind of metric (``proportion`` ↔ rate, ``mean``).

    Examples:
        >>> planned_effect(DesignPlan(metric="rate", effect_size=0.005), "proportion")
        0.005
        >>> planned_effect(DesignPlan(metric="rate", effect_size=0.005), "mean") is None
        True
    """
    if design is None or design.effect_size is None:
        return None
    return float(design.effect_size) if (design.metric == "rate") == (kind == "proportion") else None


def saved_plan(campaign: Campaign) -> tuple[SequentialPlan, str] | None:
    """The plan the campaign monitors with and where it was defined (``"design"`` or ``"monitor"``).

    A plan defined on the Monitor page wins; otherwise the design's (``DesignPlan.sequential``), so a
    design saved again with another plan is the one applied. ``None``: no plan yet.

    Examples:
        >>> plan = SequentialPlan(kind="group-sequential", planned_n_control=9_000, planned_n_treatment=9_000)
        >>> saved_plan(Campaign(design=DesignPlan(sequential=plan.to_dict())))[1]
        'design'
    """
    mine = campaign.monitoring or {}
    design = campaign.design.sequential if campaign.design is not None else None
    if mine.get("plan") and (mine.get("plan_source") == "monitor" or not design):
        return SequentialPlan.from_dict(mine["plan"]), str(mine.get("plan_source") or "monitor")
    return (SequentialPlan.from_dict(design), "design") if design else None


def _stop(metric: MetricMonitor) -> dt.date | None:
    """The day the plan stopped: a bound crossed, or the final look of a plan that reached its size."""
    if metric.stopped_day is not None:
        return metric.stopped_day
    done = metric.test is not None and metric.decision == "inconclusive" and metric.days
    return metric.days[-1] if done else None


def _last(metric: MetricMonitor, stop: dt.date | None) -> tuple[int, float, float | None, float, int, int]:
    """(look, z, bound, information fraction, n_control, n_treatment) of the headline look."""
    if metric.test is not None:
        x = metric.test.looks[-1]  # the test ends at the look that stopped it
        return x.look, x.statistic, x.bound, x.information_fraction, x.n_control, x.n_treatment
    at = metric.days.index(stop) if stop in metric.days else len(metric.sequence) - 1
    s = metric.sequence[at]
    return at + 1, s.statistic, None, math.nan, s.n_control, s.n_treatment


def _interval(metric: MetricMonitor, look: int) -> tuple[float | None, float | None]:
    if metric.test is not None:
        return None, None
    s = metric.sequence[look - 1]
    return s.effect_size_ci_lower, s.effect_size_ci_upper


def _share(plan: SequentialPlan, n_control: int, n_treatment: int) -> float:
    """Share of the planned information (harmonic sample size) reached."""
    if min(n_control, n_treatment) <= 0:
        return 0.0
    planned = 1 / (1 / plan.planned_n_control + 1 / plan.planned_n_treatment)
    return (1 / (1 / n_control + 1 / n_treatment)) / planned


def _days(seen: list[dt.date], look_date: dt.date | None, day: int, share: float, plan: SequentialPlan,
          volume: float | None, arms: int) -> tuple[int | None, str | None]:  # fmt: skip
    """The plan's days: at the design's volume, else at the pace up to the headline look (module doc)."""
    if volume:
        total = plan.planned_n_control + arms * plan.planned_n_treatment
        return math.ceil(round(total / volume, 9)), "design"
    at_look = seen.index(look_date) + 1 if look_date in seen else day
    if share > 0:
        return max(day, math.ceil(round(at_look / min(share, 1.0), 9))), "pace"
    return None, None


def _later(plan: SequentialPlan, share: float, day: int, days: int | None) -> int | list[float]:
    """The later looks: the days left of a daily plan, or the planned fractions still ahead."""
    if plan.looks == "daily":
        return max((days or day) - day, 1)
    count = int(plan.looks)
    ahead = [k / count for k in range(1, count + 1) if k / count > share + 1e-12]
    return ahead or 1


def monitor_outlook(
    metric: MetricMonitor,
    plan: SequentialPlan,
    *,
    days: Sequence[dt.date],
    effect_size: float | None = None,
    daily_volume: float | None = None,
    n_treatments: int = 1,
) -> MonitorOutlook | None:
    """Day *d* of *D*, the decision and, if the planned lift is real, the chance of concluding by day *D*.

    Args:
        metric: One metric of ``monitor_pilot`` / the result of ``monitor_counts``.
        plan: The plan applied.
        days: The days with data so far (the file's or the typed table's; any order).
        effect_size: The planned lift (:func:`planned_effect`); ``None``: no outlook.
        daily_volume, n_treatments: The design's customers a day (all arms) and treated arms.

    Returns:
        The outlook, or ``None`` while no look is due.

    Examples:
        Two days of 400 customers a day (2 % against 4 %), planned at 2,000 per arm, read daily; if the
        planned +2 pp is real, the pilot is almost sure to conclude by day 10:

        >>> import datetime as dt
        >>> from experiments import ArmCounts, monitor_counts
        >>> plan = SequentialPlan(kind="group-sequential", planned_n_control=2_000, planned_n_treatment=2_000)
        >>> days = [(dt.date(2025, 3, 3 + d), ArmCounts(4, 200), ArmCounts(8, 200)) for d in range(2)]
        >>> m = monitor_counts(days, plan=plan)
        >>> o = monitor_outlook(m, plan, days=m.days, effect_size=0.02, daily_volume=400)
        >>> o.day, o.days_planned, o.decision, round(o.information_fraction, 2), round(o.outlook.probability, 2)
        (2, 10, 'continue', 0.2, 0.97)

        Five days of 400 a day per group (2 % against 4 %) read at five planned looks: the plan stops
        at the third look (z = 2.87 over its bound 2.68), so the headline is day 3 at 60 % of the
        information, and the two later days of data are not looks of the plan:

        >>> plan5 = SequentialPlan(kind="group-sequential", planned_n_control=2_000,
        ...                        planned_n_treatment=2_000, looks=5)
        >>> days = [(dt.date(2025, 3, 3 + d), ArmCounts(8, 400), ArmCounts(16, 400)) for d in range(5)]
        >>> m = monitor_counts(days, plan=plan5)
        >>> o = monitor_outlook(m, plan5, days=[d for d, _, _ in days])
        >>> o.decision, o.day, o.look_date, round(o.information_fraction, 2), o.days_after_stop
        ('benefit', 3, datetime.date(2025, 3, 5), 0.6, 2)

    References:
        Jennison & Turnbull (2000), §10.2.
    """
    if metric.test is None and not metric.sequence:
        return None
    stop = _stop(metric)
    look, z, bound, share, n_c, n_t = _last(metric, stop)
    if math.isnan(share):
        share = _share(plan, n_c, n_t)
    seen = sorted(set(days))
    day = seen.index(stop) + 1 if stop in seen else len(seen)
    look_date = stop or (metric.days[-1] if metric.days else None)
    planned, days_source = _days(seen, look_date, day, share, plan, daily_volume, n_treatments)
    lower, upper = _interval(metric, look)
    outlook = None
    if metric.test is not None and metric.decision == "continue" and effect_size is not None:
        later = _later(plan, share, day, planned)
        outlook = experiments.conditional_power(metric.test, effect_size=effect_size, future_fractions=later)
    return MonitorOutlook(
        metric=metric, plan=plan, day=day, days_planned=planned, days_source=days_source, look_date=look_date,
        days_after_stop=len(seen) - day if stop in seen else 0, last_data_date=seen[-1] if seen else None,
        decision=metric.decision, look=look, statistic=z, bound=bound, information_fraction=share,
        n_control=n_c, n_treatment=n_t, effect_size_ci_lower=lower, effect_size_ci_upper=upper,
        effect_size=effect_size, outlook=outlook,
    )  # fmt: skip


def monitoring_record(
    outlook: MonitorOutlook, *, plan_source: str, mode: str, source: SourceFile | None = None
) -> dict[str, Any]:
    """What ``Campaign.monitoring`` keeps: the plan, where it came from, the data and the last look.

    Examples:
        >>> import datetime as dt
        >>> from experiments import ArmCounts, monitor_counts
        >>> plan = SequentialPlan(kind="group-sequential", planned_n_control=2_000, planned_n_treatment=2_000)
        >>> m = monitor_counts([(dt.date(2025, 3, 3), ArmCounts(4, 200), ArmCounts(8, 200))], plan=plan)
        >>> r = monitoring_record(monitor_outlook(m, plan, days=m.days), plan_source="monitor", mode="counts")
        >>> r["last_look"]["decision"], r["last_look"]["date"], r["plan"]["planned_n_control"]
        ('continue', '2025-03-03', 2000)
    """
    m = outlook.metric
    last = {
        "date": outlook.look_date.isoformat() if outlook.look_date else None, "day": outlook.day,
        "days_after_stop": outlook.days_after_stop,
        "days_planned": outlook.days_planned, "days_source": outlook.days_source, "look": outlook.look,
        "decision": outlook.decision, "statistic": outlook.statistic, "bound": outlook.bound,
        "information_fraction": outlook.information_fraction, "n_control": outlook.n_control,
        "n_treatment": outlook.n_treatment, "effect_size": outlook.effect_size,
        "conditional_power": outlook.outlook.probability if outlook.outlook else None,
        "stopped_date": m.stopped_day.isoformat() if m.stopped_day else None,
    }  # fmt: skip
    return to_plain(
        {
            "plan": outlook.plan.to_dict(), "plan_source": plan_source, "metric": m.metric, "kind": m.kind,
            "direction": m.direction, "mode": mode, "source": source, "last_look": last,
        }
    )  # fmt: skip


def sequential_state(monitoring: Mapping[str, Any] | None) -> SequentialState | None:
    """The decision's view of ``Campaign.monitoring`` (``None`` without a look on record).

    Examples:
        >>> sequential_state({"plan": {"kind": "group-sequential", "planned_n_control": 9_000,
        ...     "planned_n_treatment": 9_000}, "last_look": {"decision": "continue", "look": 9,
        ...     "information_fraction": 0.41}}).decision
        'continue'
    """
    last, plan = (monitoring or {}).get("last_look") or {}, (monitoring or {}).get("plan") or {}
    n_control, n_treatment = plan.get("planned_n_control"), plan.get("planned_n_treatment")
    if not last.get("decision") or n_control is None or n_treatment is None:
        return None
    share = last.get("information_fraction")
    return SequentialState(
        decision=str(last["decision"]), look=int(last.get("look") or 0),
        information_fraction=math.nan if share is None else float(share),
        planned_n_control=int(n_control), planned_n_treatment=int(n_treatment),
    )  # fmt: skip


def monitoring_of(campaign: Campaign, metric: str | None = None) -> dict[str, Any] | None:
    """``Campaign.monitoring`` when it follows ``metric`` (default: the readout's primary), else ``None``.

    A plan watched on another metric (or another file's metric) says nothing about this readout: its
    looks must neither license reading early nor stop the roll-out. Unnamed metrics (typed rates) match.

    Examples:
        >>> from rollout.campaign import MetricLine, ReadoutRecord
        >>> line = MetricLine(metric="compra", n_control=3_000, n_treatment=3_100)
        >>> c = Campaign(readout=ReadoutRecord(metrics={"compra": line}), monitoring={"metric": "respondio"})
        >>> monitoring_of(c) is None, monitoring_of(Campaign(monitoring={"metric": "compra"}))
        (True, {'metric': 'compra'})
    """
    monitoring, readout = campaign.monitoring, campaign.readout
    line = readout.primary_line() if readout else None
    read = metric or (line.metric if line else None)
    watched = (monitoring or {}).get("metric")
    return None if watched and read and watched != read else monitoring


def early_look(campaign: Campaign) -> dict[str, Any] | None:
    """The readout's sizes when it is read before the design's planned size without a sequential plan.

    Returns ``None`` when the readout reached the plan, when there is no plan to compare with, or when
    a sequential plan licenses reading early; otherwise the parameters of the warning (a *peek*).

    Examples:
        >>> from rollout.campaign import MetricLine, ReadoutRecord
        >>> c = Campaign(design=DesignPlan(n_control=8_000, n_treatment=8_000),
        ...              readout=ReadoutRecord(metrics={"compra": MetricLine(metric="compra", n_control=3_000,
        ...                                                                   n_treatment=3_100)}))
        >>> early_look(c)["reached_pct"]
        0.375
    """
    design, readout = campaign.design, campaign.readout
    line = readout.primary_line() if readout else None
    if design is None or line is None or not design.n_control or not design.n_treatment:
        return None
    if design.sequential or (monitoring_of(campaign) or {}).get("plan"):
        return None
    if line.n_control >= design.n_control and line.n_treatment >= design.n_treatment:
        return None
    return {
        "reached_pct": min(line.n_control / design.n_control, line.n_treatment / design.n_treatment),
        "n_control_count": line.n_control, "planned_control_count": design.n_control,
        "n_treatment_count": line.n_treatment, "planned_treatment_count": design.n_treatment,
    }  # fmt: skip

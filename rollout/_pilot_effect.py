"""The pilot figure a roll-out scales: from the saved readout, from typed rates, or from a typed interval.

Each path gives one :class:`PilotEffect` (effect = treatment − control as measured, its standard error,
interval, p-value, sizes), so every later step – projection, decision, Bayesian cross-check, the five
numbers – reads the same figure. Problems are raised as ``InputError`` naming the field; the caller
records them.

References:
    docs/formulas.md §2 (incremental response and its interval), §6 (from the pilot to the roll-out).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import experiments
from economics import incremental_response, std_error_from_interval
from experiments import ArmCounts
from planner_common import InputError, check_rate
from rollout.campaign import Campaign, MetricLine, ReadoutRecord, RolloutAssumptions

SOURCES = ("readout", "rates", "interval")


@dataclass(frozen=True, slots=True, kw_only=True)
class PilotEffect:
    """The pilot's result on the metric the roll-out scales (rates as fractions).

    Attributes:
        source: ``"readout"``, ``"rates"`` or ``"interval"``; ``source_name`` the file, if any.
        metric, kind, direction: Which metric, ``"proportion"``, and whether more or less is better.
        control, treatment: Rates of the two groups (``nan`` when typed as a lift only).
        effect_size, std_error, effect_size_ci_lower, effect_size_ci_upper: Treatment − control.
        pvalue, confidence_level: Two-sided p-value (``nan`` when typed without one) and interval level.
        n_control, n_treatment, successes_control, successes_treatment: Sizes and responders.
        conversion: ``(control, pilot)`` conversion rates on the contacted, when known.
        srm_flagged: The split check failed.
        metric_rule: For a readout, why this metric pays for the roll-out (see :func:`paying_metric`).
    """

    source: str
    source_name: str | None
    metric: str | None
    kind: str
    direction: str
    control: float
    treatment: float
    effect_size: float
    std_error: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    pvalue: float
    confidence_level: float
    n_control: int
    n_treatment: int
    successes_control: int | None = None
    successes_treatment: int | None = None
    conversion: tuple[float, float] | None = None
    srm_flagged: bool = False
    metric_rule: str | None = None


def proportion_metrics(readout: ReadoutRecord | None) -> list[str]:
    """Names of the readout's proportion metrics (response, conversion, churn), primary first.

    Examples:
        >>> r = ReadoutRecord(primary="compra", metrics={"respondio": MetricLine(metric="respondio"),
        ...     "ingreso": MetricLine(metric="ingreso", kind="mean"), "compra": MetricLine(metric="compra")})
        >>> proportion_metrics(r)
        ['compra', 'respondio']
    """
    if readout is None:
        return []
    names = [name for name, line in readout.metrics.items() if line.kind == "proportion"]
    return sorted(names, key=lambda name: name != readout.primary)


def paying_metric(readout: ReadoutRecord | None, plan: RolloutAssumptions) -> tuple[str | None, str | None]:
    """The readout's rate the roll-out is priced on, and the rule that picked it (docs/formulas.md §6).

    Rules, the first that applies: the rate chosen on the Roll-out page (``"chosen"``); the readout's
    primary metric when it is a rate (``"primary"``); otherwise – the primary is an average, such as
    revenue, which the roll-out's money cannot scale – the readout's first rate in the order the metrics
    were mapped (``"first_rate"``, which the pages say in a sentence).

    Args:
        readout: The saved readout (``None``: nothing to pick).
        plan: The roll-out assumptions; ``plan.metric`` is the rate chosen on the Roll-out page, if any.

    Returns:
        ``(metric, rule)``, or ``(None, None)`` when the readout has no rate.

    Examples:
        A catalogue readout with response, purchase and revenue, revenue as primary and nothing chosen:
        the roll-out is priced on response, the first rate mapped; once purchase is chosen, on purchase.

        >>> r = ReadoutRecord(primary="ingreso", metrics={"respondio": MetricLine(metric="respondio"),
        ...     "compra": MetricLine(metric="compra"), "ingreso": MetricLine(metric="ingreso", kind="mean")})
        >>> paying_metric(r, RolloutAssumptions(source="readout"))
        ('respondio', 'first_rate')
        >>> paying_metric(r, RolloutAssumptions(source="readout", metric="compra"))
        ('compra', 'chosen')
    """
    names = proportion_metrics(readout)
    if readout is None or not names:
        return None, None
    if plan.metric in names:
        return plan.metric, "chosen"
    return names[0], "primary" if names[0] == readout.primary else "first_rate"


def _from_line(line: MetricLine, readout: ReadoutRecord, conversion: MetricLine | None) -> PilotEffect:
    return PilotEffect(
        source="readout",
        source_name=readout.source.name if readout.source else None,
        metric=line.metric,
        kind=line.kind,
        direction=line.direction,
        control=line.control,
        treatment=line.treatment,
        effect_size=line.effect_size,
        std_error=line.std_error,
        effect_size_ci_lower=line.effect_size_ci_lower,
        effect_size_ci_upper=line.effect_size_ci_upper,
        rel_effect_size=line.rel_effect_size,
        pvalue=line.pvalue_adjusted if not math.isnan(line.pvalue_adjusted) else line.pvalue,
        confidence_level=1 - readout.alpha,
        n_control=line.n_control,
        n_treatment=line.n_treatment,
        successes_control=line.successes_control,
        successes_treatment=line.successes_treatment,
        conversion=None if conversion is None else (conversion.control, conversion.treatment),
        srm_flagged=readout.srm_flagged,
    )


def _from_readout(campaign: Campaign) -> PilotEffect | None:
    readout, plan = campaign.readout, campaign.rollout
    name, rule = paying_metric(readout, plan)
    if readout is None or name is None:
        return None
    conv_name = plan.conversion_metric
    conversion = readout.metrics.get(conv_name) if conv_name and conv_name != name else None
    return dataclasses.replace(_from_line(readout.metrics[name], readout, conversion), metric_rule=rule)


def _needs(plan: RolloutAssumptions, fields: tuple[str, ...]) -> bool:
    return all(getattr(plan, f) is not None for f in fields)


def _from_rates(plan: RolloutAssumptions) -> PilotEffect | None:
    if not _needs(plan, ("n_control", "n_treatment", "control_rate", "pilot_rate")):
        return None
    for name in ("control_rate", "pilot_rate", "conversion_control", "conversion_pilot"):
        if getattr(plan, name) is not None:
            check_rate(name, getattr(plan, name), allow_zero=True, allow_one=True)
    n_c, n_t = int(plan.n_control or 0), int(plan.n_treatment or 0)
    s_c, s_t = round((plan.control_rate or 0.0) * n_c), round((plan.pilot_rate or 0.0) * n_t)
    incremental_response(s_t, n_t, s_c, n_c)  # refuses a missing control group with its own sentence
    r = experiments.compare_proportions(ArmCounts(s_c, n_c), ArmCounts(s_t, n_t), alpha=1 - plan.confidence)
    conversion = None
    if plan.conversion_control is not None and plan.conversion_pilot is not None:
        conversion = (plan.conversion_control, plan.conversion_pilot)
    return PilotEffect(
        source="rates", source_name=None, metric=None, kind="proportion", direction=plan.direction,
        control=r.control, treatment=r.treatment, effect_size=r.effect_size, std_error=r.std_error,
        effect_size_ci_lower=r.effect_size_ci_lower, effect_size_ci_upper=r.effect_size_ci_upper,
        rel_effect_size=r.rel_effect_size, pvalue=r.pvalue, confidence_level=plan.confidence,
        n_control=n_c, n_treatment=n_t, successes_control=s_c, successes_treatment=s_t, conversion=conversion,
    )  # fmt: skip


def _from_interval(plan: RolloutAssumptions) -> PilotEffect | None:
    if not _needs(plan, ("n_control", "n_treatment", "lift", "lift_lower", "lift_upper")):
        return None
    lift, lower, upper = (float(x or 0.0) for x in (plan.lift, plan.lift_lower, plan.lift_upper))
    if lower > upper:
        raise InputError(
            "interval_reversed",
            f"effect_size_ci_lower ({lower:g}) must not exceed effect_size_ci_upper ({upper:g}); swap them.",
            field="effect_size_ci_lower",
            value=lower,
            upper=upper,
        )
    se = std_error_from_interval(lower, upper, confidence_level=plan.confidence)
    incremental_response(0, int(plan.n_treatment or 0), 0, int(plan.n_control or 0))  # refuses no control
    return PilotEffect(
        source="interval", source_name=None, metric=None, kind="proportion", direction=plan.direction,
        control=math.nan, treatment=math.nan, effect_size=lift, std_error=se, effect_size_ci_lower=lower,
        effect_size_ci_upper=upper, rel_effect_size=math.nan, pvalue=math.nan, confidence_level=plan.confidence,
        n_control=int(plan.n_control or 0), n_treatment=int(plan.n_treatment or 0),
    )  # fmt: skip


def pilot_effect(campaign: Campaign) -> PilotEffect | None:
    """The pilot figure the roll-out scales, or ``None`` while it is incomplete.

    Args:
        campaign: The campaign; ``campaign.rollout.source`` picks the readout, typed rates or an interval.

    Returns:
        The effect, or ``None`` when its inputs are not all given yet.

    Raises:
        InputError: A typed figure is out of range (naming the field), or the control group is empty.

    Examples:
        600 of 20 000 mailed customers bought against 100 of 5 000 held out (docs/formulas.md §2):

        >>> c = Campaign(rollout=RolloutAssumptions(source="rates", n_control=5_000, n_treatment=20_000,
        ...                                         control_rate=0.02, pilot_rate=0.03))
        >>> e = pilot_effect(c)
        >>> round(e.effect_size, 4), round(e.effect_size_ci_lower, 4), e.successes_treatment
        (0.01, 0.0052, 600)

    References:
        docs/formulas.md §2 (Newcombe interval of the difference), §6.
    """
    source = campaign.rollout.source
    if source == "rates":
        return _from_rates(campaign.rollout)
    if source == "interval":
        return _from_interval(campaign.rollout)
    return _from_readout(campaign)

"""``analyze_counts``: the pilot readout from responders and customers typed per arm.

When the campaign tool only reports totals ("600 of 20 000 responded in the pilot, 100 of 5 000 in the
control"), there is no customer-level file to aggregate. The counts are the sufficient statistics of a
0/1 outcome, so the readout is the very one :func:`analyze_pilot` gives on the equivalent file: the same
comparison per treated arm (pooled z test, Newcombe interval), Holm across the treated arms, the sample
ratio test against the planned split, and the same :class:`PilotResult`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from experiments.analysis._common import check_test_options
from experiments.analysis.metrics import DIRECTIONS, MetricResult, Proportion
from experiments.analysis.multiplicity import adjust_pvalues
from experiments.analysis.notes import Note
from experiments.analysis.pilot import PilotResult
from experiments.analysis.pilot_inputs import resolve_weights
from experiments.analysis.srm import sample_ratio_test
from experiments.analysis.stats import ArmCounts, ArmStats
from experiments.analysis.validate import label
from planner_common import InputError, check_choice

__all__ = ["analyze_counts"]


class _Arm(NamedTuple):
    label: str
    counts: ArmCounts


def analyze_counts(
    arms: Mapping[str, ArmCounts] | Iterable[tuple[str, ArmCounts]],
    *,
    control: str,
    alpha: float = 0.05,
    direction: str = "increase",
    weights: Mapping[str, float] | Sequence[float] | None = None,
    metric_name: str = "response",
    alternative: str = "two-sided",
    srm_threshold: float = 0.001,
) -> PilotResult:
    """Measure what each treated arm added over the control from responders and customers per arm.

    Args:
        arms: Arm label → :class:`ArmCounts` (responders, customers), or ``(label, counts)`` pairs, in
            the order to report them; labels are trimmed and must stay distinct.
        control: Label of the control arm (trimmed).
        alpha: 1 - confidence level; significance level of every comparison.
        direction: ``"increase"`` (response, conversion) or ``"decrease"`` (churn) is the good direction.
        weights: Planned split for the sample-ratio test: ``None`` (equal), a dict label → weight, or a
            sequence ordered as control, then the treated arms.
        metric_name: Name of the outcome in the result (``result.metrics[metric_name]``).
        alternative: ``"two-sided"``, ``"greater"`` or ``"less"``.
        srm_threshold: SRM p-value below which the split is flagged.

    Returns:
        A :class:`PilotResult` as :func:`analyze_pilot` returns it (no segments): ``comparisons`` per
        treated arm with Holm-adjusted ``pvalue_adjusted`` when there are several, ``srm``, ``notes``.

    Raises:
        InputError: Fewer than two arms or labels that repeat (``arm_labels_not_distinct``), a control
            that is not among the arms (``counts_control_not_found``), a control with no customers
            (``zero_control_customers``), a value that is not :class:`ArmCounts` (``bad_arm``), or
            planned weights that do not match the arms.

    Examples:
        A catalogue pilot: 560 of 14 000 responded against 420 of 14 000 in the control.

        >>> r = analyze_counts({"control": ArmCounts(420, 14_000), "piloto": ArmCounts(560, 14_000)},
        ...                    control="control")
        >>> m = r.metrics["response"]
        >>> round(m.effect_size, 4), round(m.incremental), m.pvalue < 0.001, r.srm.flagged
        (0.01, 140, True, False)

    References:
        Pooled score test = R ``prop.test(correct = FALSE)``; Holm (1979) = R ``p.adjust("holm")``;
        SRM = R ``chisq.test(observed, p = weights)`` (Kohavi, Tang & Xu 2020, ch. 21).
    """
    alpha, alternative = check_test_options(alpha, alternative)
    direction = check_choice("direction", direction, DIRECTIONS)
    given = _arms(arms)
    ctrl = _control(given, control)
    treated = [arm for arm in given if arm is not ctrl]
    spec = Proportion(metric_name, direction=direction)
    stats = {
        arm.label: ArmStats(n=arm.counts.trials, sums={metric_name: arm.counts.successes}) for arm in given
    }
    comparisons = {
        arm.label: {
            metric_name: spec.compare(
                metric_name, stats[ctrl.label], stats[arm.label], alpha=alpha, alternative=alternative
            )
        }
        for arm in treated
    }
    notes: list[str] = []
    if len(treated) > 1:
        _holm(comparisons, metric_name)
        notes.append(Note.make("holm_across_arms", k=len(treated)))
    order = [ctrl, *treated]
    srm = sample_ratio_test(
        [arm.counts.trials for arm in order], resolve_weights(weights, order, label), threshold=srm_threshold
    )
    if srm.flagged:
        notes.insert(0, Note.make("srm_flagged", pvalue=srm.pvalue))
    return PilotResult(
        metrics=comparisons[treated[0].label],
        comparisons=comparisons,
        segments={},
        segment_comparisons={},
        heterogeneity={},
        heterogeneity_by_arm={},
        srm=srm,
        control=ctrl.label,
        treatments=tuple(arm.label for arm in treated),
        arm_sizes={arm.label: arm.counts.trials for arm in order},
        group="arm",
        segment=None,
        alpha=alpha,
        alternative=alternative,
        n_rows=sum(arm.counts.trials for arm in order),
        notes=tuple(notes),
    )


def _arms(arms: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> list[_Arm]:
    """The arms with trimmed labels; at least two, no label twice, every value ``ArmCounts``."""
    pairs = arms.items() if isinstance(arms, Mapping) else arms
    given = [_Arm(str(name).strip(), counts) for name, counts in pairs]
    labels = {label(arm.label) for arm in given}
    if len(given) < 2 or len(labels) != len(given) or "" in labels:
        raise InputError(
            "arm_labels_not_distinct",
            f"Give each arm a different, non-empty name and at least two arms; got {len(given)} arm(s).",
            field="arms",
            value=len(given),
        )
    for arm in given:
        if not isinstance(arm.counts, ArmCounts):
            raise InputError(
                "bad_arm",
                f"arms[{arm.label!r}] must be ArmCounts(successes, trials), got {arm.counts!r}.",
                field=arm.label,
                value=type(arm.counts).__name__,
            )
    return given


def _control(arms: list[_Arm], control: object) -> _Arm:
    """The control arm (matched trimmed, case-insensitively), which must have customers."""
    found = next((arm for arm in arms if label(arm.label) == label(control)), None)
    if found is None:
        names = ", ".join(arm.label for arm in arms)
        raise InputError(
            "counts_control_not_found",
            f"The control «{control}» is not among the arms typed: {names}.",
            field="control",
            value=str(control),
            labels=names,
        )
    if found.counts.trials == 0:
        raise InputError(
            "zero_control_customers",
            f"The control group «{found.label}» has 0 customers: there is nothing to compare with.",
            field="control",
            value=found.label,
        )
    return found


def _holm(comparisons: dict[str, dict[str, MetricResult]], name: str) -> None:
    """Holm-adjust the metric's p-values across the treated arms, in place."""
    arms = list(comparisons)
    adjusted = adjust_pvalues([comparisons[arm][name].pvalue for arm in arms], "holm")
    for arm, p in zip(arms, adjusted, strict=True):
        comparisons[arm][name] = dataclasses.replace(comparisons[arm][name], pvalue_adjusted=p)

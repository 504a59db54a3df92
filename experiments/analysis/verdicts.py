"""The verdict on one metric: did the pilot do better, worse, or can we not tell?"""

from __future__ import annotations

import math
from typing import Protocol

from planner_common import check_probability

__all__ = ["VERDICTS", "verdict"]

VERDICTS = ("better", "worse", "inconclusive")


class Judged(Protocol):
    """What a verdict reads: a :class:`MetricResult`, or any summary of one with these fields."""

    @property
    def effect_size(self) -> float: ...
    @property
    def pvalue_adjusted(self) -> float: ...
    @property
    def direction(self) -> str: ...


def verdict(result: Judged, alpha: float) -> str:
    """Say whether the treated arm did better or worse than the control, in the metric's good direction.

    The test is significant when the adjusted p-value (Holm across treated arms, Benjamini–Hochberg
    across segments; the plain p-value when nothing is adjusted) is below ``alpha``. A significant
    lift in the good direction is ``"better"`` (more response, or less churn for a "decrease" metric),
    in the other direction ``"worse"``; anything else, including an undefined or zero lift, is
    ``"inconclusive"``.

    Args:
        result: One metric of a readout (``analyze_pilot(...).metrics[name]`` or
            ``analyze_counts(...).comparisons[arm][name]``), or anything with its ``effect_size``,
            ``pvalue_adjusted`` and ``direction``.
        alpha: Significance level of the readout (``result``'s readout ``alpha``).

    Returns:
        ``"better"``, ``"worse"`` or ``"inconclusive"``.

    Examples:
        Churn within 90 days fell from 30 % to 25 % in a retention pilot of 2 000 customers per arm:

        >>> from experiments import ArmCounts, analyze_counts
        >>> churn = analyze_counts({"control": ArmCounts(600, 2_000), "sms": ArmCounts(500, 2_000)},
        ...                        control="control", direction="decrease", metric_name="churn")
        >>> verdict(churn.metrics["churn"], 0.05)
        'better'

    References:
        Neyman–Pearson decision at level ``alpha``; direction-aware reading as in Kohavi, Tang & Xu
        (2020), *Trustworthy Online Controlled Experiments*, ch. 2.
    """
    alpha = check_probability("alpha", alpha)
    effect = result.effect_size
    if not result.pvalue_adjusted < alpha or not math.isfinite(effect) or effect == 0:
        return "inconclusive"
    good = effect > 0 if result.direction == "increase" else effect < 0
    return "better" if good else "worse"

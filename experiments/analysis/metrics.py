"""Metric specifications for :func:`analyze_pilot` and the uniform per-metric result.

* :class:`Proportion` – a 0/1 column (responded, converted): response rate, lift in points.
* :class:`Mean` – a numeric column (revenue per customer), optionally CUPED-adjusted with a pre-period
  ``covariate``.
* :class:`RatioOfMeans` – ``Σ numerator / Σ denominator`` (revenue per converter), delta method.

Every spec knows which columns it reads, which checks they need, which covariances the engine must
compute, and how to turn two arms' :class:`ArmStats` into a :class:`MetricResult`.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

from experiments.analysis.capping import Capping
from experiments.analysis.metric_mean import Mean
from experiments.analysis.metric_ratio import RatioOfMeans
from experiments.analysis.metric_result import DIRECTIONS, MetricResult, _result
from experiments.analysis.proportions import CI_METHODS, TESTS, compare_proportions
from experiments.analysis.stats import ArmStats
from planner_common import check_choice

__all__ = ["DIRECTIONS", "Mean", "MetricResult", "MetricSpec", "Proportion", "RatioOfMeans"]


@dataclass(frozen=True, slots=True)
class Proportion:
    """A 0/1 outcome (responded, converted): compares response rates.

    Args:
        column: The 0/1 column (1/0, yes/no, sí/no, true/false are accepted).
        test: ``"z"``, ``"fisher"`` or ``"chi2-yates"`` (see :func:`compare_proportions`).
        ci_method: ``"newcombe"``, ``"wald"`` or ``"agresti-caffo"``.
        direction: ``"increase"`` (default) or ``"decrease"`` (e.g. churn) is the good direction.

    Examples:
        >>> Proportion("respondio").name
        'respondio'

    References:
        See :func:`experiments.analysis.proportions.compare_proportions`.
    """

    column: str
    _: KW_ONLY
    test: str = "z"
    ci_method: str = "newcombe"
    direction: str = "increase"

    def __post_init__(self) -> None:
        check_choice("test", self.test, TESTS)
        check_choice("ci_method", self.ci_method, CI_METHODS)
        check_choice("direction", self.direction, DIRECTIONS)

    @property
    def name(self) -> str:
        """Default name: the column."""
        return self.column

    def columns(self) -> dict[str, bool]:
        """Column → is it 0/1."""
        return {self.column: True}

    def nonnegative(self) -> set[str]:
        """Columns that must not hold negative values."""
        return set()

    def pairs(self) -> set[tuple[str, str]]:
        """Column pairs whose covariance the engine computes."""
        return set()

    def sources(self) -> dict[str, tuple[str, Capping]]:
        """Capped statistics key → (data column, capping): none for a rate."""
        return {}

    def triples(self) -> set[tuple[str, str, str]]:
        """Raw third-order sums the engine computes: none for a rate."""
        return set()

    def needs_histogram(self, control: ArmStats, treatment: ArmStats) -> bool:
        """A rate is never binned: its counts are exact."""
        return False

    def compare(
        self, name: str, control: ArmStats, treatment: ArmStats, *, alpha: float, alternative: str
    ) -> MetricResult:
        """Compare the arms on this metric."""
        detail = compare_proportions(
            control.counts(self.column),
            treatment.counts(self.column),
            alpha=alpha,
            alternative=alternative,
            test=self.test,
            ci_method=self.ci_method,
        )
        return _result(
            name,
            "proportion",
            self.direction,
            f"{self.test} test, {self.ci_method} interval",
            detail,
            incremental=True,
        )


MetricSpec = Proportion | Mean | RatioOfMeans

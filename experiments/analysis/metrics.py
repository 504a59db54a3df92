"""Metric specifications for :func:`analyze_pilot` and the uniform per-metric result.

* :class:`Proportion` – a 0/1 column (responded, converted): response rate, lift in points.
* :class:`Mean` – a numeric column (revenue per customer), optionally CUPED-adjusted with a pre-period
  ``covariate``.
* :class:`RatioOfMeans` – ``Σ numerator / Σ denominator`` (revenue per converter), delta method.

Every spec knows which columns it reads, which checks they need, which covariances the engine must
compute, and how to turn two arms' :class:`ArmStats` into a :class:`MetricResult`.
"""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass
from typing import Any

from experiments.analysis.cuped import compare_means_cuped
from experiments.analysis.means import compare_means
from experiments.analysis.proportions import CI_METHODS, TESTS, compare_proportions
from experiments.analysis.ratio import compare_ratios
from experiments.analysis.stats import ArmStats
from planner_common import check_choice

DIRECTIONS = ("increase", "decrease")


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricResult:
    """One metric compared between one treated arm and the control.

    Attributes:
        metric, kind: The metric's name and ``"proportion"``, ``"mean"`` or ``"ratio"``.
        control, treatment: Rate / mean / ratio in each arm (CUPED-adjusted means with a covariate).
        effect_size, effect_size_ci_lower, effect_size_ci_upper: ``treatment - control`` and interval.
        rel_effect_size, rel_effect_size_ci_lower, rel_effect_size_ci_upper: Relative lift and interval.
        pvalue, statistic, std_error: The test of the difference.
        pvalue_adjusted: Holm across treatment arms (overall results) or Benjamini–Hochberg across
            segments (segment results); equals ``pvalue`` when there is nothing to adjust.
        n_control, n_treatment: Customers compared.
        incremental, incremental_ci_lower, incremental_ci_upper: ``n_treatment · effect`` – extra
            responders (proportion) or extra revenue (mean) in the treated arm; ``nan`` for ratios.
        direction: ``"increase"`` or ``"decrease"`` is the good direction.
        method: Short description of the test and interval.
        detail: The full comparison result (ProportionsResult, MeansResult, CupedResult or RatioResult).
        notes: Caveats.
    """

    metric: str
    kind: str
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
    statistic: float
    std_error: float
    n_control: int
    n_treatment: int
    incremental: float
    incremental_ci_lower: float
    incremental_ci_upper: float
    direction: str
    method: str
    detail: Any
    notes: tuple[str, ...] = ()


def _result(
    name: str, kind: str, direction: str, method: str, detail: Any, *, incremental: bool
) -> MetricResult:
    n_t = detail.n_treatment
    scale = (lambda v: n_t * v) if incremental else (lambda v: math.nan)
    return MetricResult(
        metric=name,
        kind=kind,
        control=detail.control,
        treatment=detail.treatment,
        effect_size=detail.effect_size,
        effect_size_ci_lower=detail.effect_size_ci_lower,
        effect_size_ci_upper=detail.effect_size_ci_upper,
        rel_effect_size=detail.rel_effect_size,
        rel_effect_size_ci_lower=detail.rel_effect_size_ci_lower,
        rel_effect_size_ci_upper=detail.rel_effect_size_ci_upper,
        pvalue=detail.pvalue,
        pvalue_adjusted=detail.pvalue,
        statistic=detail.statistic,
        std_error=detail.std_error,
        n_control=detail.n_control,
        n_treatment=n_t,
        incremental=scale(detail.effect_size),
        incremental_ci_lower=scale(detail.effect_size_ci_lower),
        incremental_ci_upper=scale(detail.effect_size_ci_upper),
        direction=direction,
        method=method,
        detail=detail,
        notes=detail.notes,
    )


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


@dataclass(frozen=True, slots=True)
class Mean:
    """A numeric outcome per customer (revenue), optionally CUPED-adjusted by a pre-period covariate.

    Args:
        column: The numeric column.
        covariate: Pre-period column for CUPED (e.g. revenue in the quarter before); ``None`` for none.
        equal_var: Pooled-variance t test (CUPED: classical OLS errors) instead of Welch.
        allow_negative: Accept negative values (refunds, changes); refused by default.
        direction: ``"increase"`` (default) or ``"decrease"``.

    Examples:
        >>> Mean("ingreso", covariate="ingreso_previo").name
        'ingreso'

    References:
        See :func:`experiments.analysis.means.compare_means` and
        :func:`experiments.analysis.cuped.compare_means_cuped`.
    """

    column: str
    covariate: str | None = None
    _: KW_ONLY
    equal_var: bool = False
    allow_negative: bool = False
    direction: str = "increase"

    def __post_init__(self) -> None:
        check_choice("direction", self.direction, DIRECTIONS)

    @property
    def name(self) -> str:
        """Default name: the column."""
        return self.column

    def columns(self) -> dict[str, bool]:
        """Column → is it 0/1."""
        return {self.column: False} | ({self.covariate: False} if self.covariate else {})

    def nonnegative(self) -> set[str]:
        """Columns that must not hold negative values."""
        return set() if self.allow_negative else {self.column}

    def pairs(self) -> set[tuple[str, str]]:
        """Column pairs whose covariance the engine computes."""
        return {(self.column, self.covariate)} if self.covariate else set()

    def compare(
        self, name: str, control: ArmStats, treatment: ArmStats, *, alpha: float, alternative: str
    ) -> MetricResult:
        """Compare the arms on this metric."""
        test = "pooled t" if self.equal_var else "Welch t"
        if self.covariate:
            detail = compare_means_cuped(
                control,
                treatment,
                self.column,
                self.covariate,
                alpha=alpha,
                alternative=alternative,
                equal_var=self.equal_var,
            )
            return _result(
                name, "mean", self.direction, f"{test}, CUPED on «{self.covariate}»", detail, incremental=True
            )
        detail = compare_means(
            control.moments(self.column),
            treatment.moments(self.column),
            alpha=alpha,
            alternative=alternative,
            equal_var=self.equal_var,
        )
        return _result(name, "mean", self.direction, test, detail, incremental=True)


@dataclass(frozen=True, slots=True)
class RatioOfMeans:
    """``Σ numerator / Σ denominator`` per arm (revenue per converter), compared by the delta method.

    Args:
        numerator: Column summed on top (e.g. revenue).
        denominator: Column summed below (e.g. converted, 0/1).
        allow_negative: Accept negative numerator values.
        direction: ``"increase"`` (default) or ``"decrease"``.

    Examples:
        >>> RatioOfMeans("ingreso", "compra").name
        'ingreso/compra'

    References:
        See :func:`experiments.analysis.ratio.compare_ratios`.
    """

    numerator: str
    denominator: str
    _: KW_ONLY
    allow_negative: bool = False
    direction: str = "increase"

    def __post_init__(self) -> None:
        check_choice("direction", self.direction, DIRECTIONS)

    @property
    def name(self) -> str:
        """Default name: ``numerator/denominator``."""
        return f"{self.numerator}/{self.denominator}"

    def columns(self) -> dict[str, bool]:
        """Column → is it 0/1."""
        return {self.numerator: False, self.denominator: False}

    def nonnegative(self) -> set[str]:
        """Columns that must not hold negative values."""
        return set() if self.allow_negative else {self.numerator, self.denominator}

    def pairs(self) -> set[tuple[str, str]]:
        """Column pairs whose covariance the engine computes."""
        return {(self.numerator, self.denominator)}

    def compare(
        self, name: str, control: ArmStats, treatment: ArmStats, *, alpha: float, alternative: str
    ) -> MetricResult:
        """Compare the arms on this metric."""
        detail = compare_ratios(
            control, treatment, self.numerator, self.denominator, alpha=alpha, alternative=alternative
        )
        return _result(name, "ratio", self.direction, "delta method, z test", detail, incremental=False)


MetricSpec = Proportion | Mean | RatioOfMeans

"""The :class:`Mean` metric: revenue per customer (Welch / pooled t, CUPED), with Kohavi's rule switching
to a studentized permutation test for skewed revenue, and optional capping."""

from __future__ import annotations

import dataclasses
from dataclasses import KW_ONLY, dataclass
from typing import Any

from experiments.analysis.capping import Capping, as_capping, capping_note
from experiments.analysis.cuped import compare_means_cuped, cuped_theta
from experiments.analysis.means import compare_means
from experiments.analysis.metric_result import DIRECTIONS, MetricResult, _result
from experiments.analysis.robust import (
    METHODS,
    HistogramRequest,
    atoms,
    decide,
    method_text,
    standardisation,
    triples_of,
    unavailable_note,
    with_permutation,
)
from experiments.analysis.stats import ArmStats
from planner_common import check_choice


@dataclass(frozen=True, slots=True)
class Mean:
    """A numeric outcome per customer (revenue), optionally CUPED-adjusted by a pre-period covariate.

    Args:
        column: The numeric column.
        covariate: Pre-period column for CUPED (e.g. revenue in the quarter before); ``None`` for none.
        equal_var: Pooled-variance t test (CUPED: classical OLS errors) instead of Welch.
        allow_negative: Accept negative values (refunds, changes); refused by default.
        direction: ``"increase"`` (default) or ``"decrease"``.
        method: ``"auto"`` (default): the t test while every arm has at least 355 · skewness² customers
            (Kohavi's rule), else a studentized permutation test on the customers binned in the engine;
            ``"t"`` always the t test; ``"permutation"`` always the permutation test.
        capping: Per-customer cap of the outcome: :class:`~experiments.analysis.capping.Capping`
            (percentile or absolute, upper and / or lower) or a percentile such as ``0.99``; the metric
            becomes the mean of the capped values (a note says so).

    Examples:
        >>> Mean("ingreso", covariate="ingreso_previo").name
        'ingreso'
        >>> Mean("ingreso", capping=0.99).value_column
        'ingreso|cap p99'

    References:
        See :func:`experiments.analysis.means.compare_means`,
        :func:`experiments.analysis.cuped.compare_means_cuped` and :mod:`experiments.analysis.robust`.
    """

    column: str
    covariate: str | None = None
    _: KW_ONLY
    equal_var: bool = False
    allow_negative: bool = False
    direction: str = "increase"
    method: str = "auto"
    capping: Capping | float | None = None

    def __post_init__(self) -> None:
        check_choice("direction", self.direction, DIRECTIONS)
        check_choice("method", self.method, METHODS)
        object.__setattr__(self, "capping", as_capping(self.capping))

    @property
    def name(self) -> str:
        """Default name: the column (``"ingreso (cap p99)"`` when capped)."""
        return (
            f"{self.column} (cap {self.capping.label})" if isinstance(self.capping, Capping) else self.column
        )

    @property
    def value_column(self) -> str:
        """The statistics key of the outcome (the capped column's own key when capped)."""
        return self.capping.key(self.column) if isinstance(self.capping, Capping) else self.column

    @property
    def histogram_key(self) -> str:
        """Key of this metric's engine histogram."""
        return f"mean:{self.value_column}|{self.covariate or ''}"

    def columns(self) -> dict[str, bool]:
        """Statistics key → is it 0/1."""
        return {self.value_column: False} | ({self.covariate: False} if self.covariate else {})

    def sources(self) -> dict[str, tuple[str, Capping]]:
        """Capped statistics key → (data column, capping)."""
        return {self.value_column: (self.column, self.capping)} if isinstance(self.capping, Capping) else {}

    def nonnegative(self) -> set[str]:
        """Columns that must not hold negative values."""
        return set() if self.allow_negative else {self.value_column}

    def pairs(self) -> set[tuple[str, str]]:
        """Column pairs whose covariance the engine computes."""
        return {(self.value_column, self.covariate)} if self.covariate else set()

    def triples(self) -> set[tuple[str, str, str]]:
        """Raw third-order sums the engine computes (skewness for Kohavi's rule)."""
        return set() if self.method == "t" else triples_of(tuple(self.columns()))

    def _weights(self, theta: float) -> dict[str, float]:
        return {self.value_column: 1.0} | ({self.covariate: -theta} if self.covariate else {})

    def _theta(self, control: ArmStats, treatment: ArmStats) -> float:
        return cuped_theta(control, treatment, self.value_column, self.covariate) if self.covariate else 0.0

    def needs_histogram(self, control: ArmStats, treatment: ArmStats) -> bool:
        """Whether this comparison needs the engine histogram (skewed, or undecidable from the sums)."""
        w = self._weights(self._theta(control, treatment))
        return decide(self.method, (control, treatment), (w, w), self.histogram_key)[0] is not False

    def histogram_request(self, total: ArmStats) -> HistogramRequest:
        """The histogram query: bins on the (CUPED-adjusted) outcome, summing outcome and covariate."""
        theta = cuped_theta(total, total, self.value_column, self.covariate) if self.covariate else 0.0
        w = self._weights(theta)
        centre, scale = standardisation(total, w)
        return HistogramRequest(self.histogram_key, tuple(self.columns()), (w,), (centre,), (scale,))

    def compare(
        self, name: str, control: ArmStats, treatment: ArmStats, *, alpha: float, alternative: str
    ) -> MetricResult:
        """Compare the arms on this metric."""
        test = "pooled t" if self.equal_var else "Welch t"
        y = self.value_column
        if self.covariate:
            detail: Any = compare_means_cuped(
                control,
                treatment,
                y,
                self.covariate,
                alpha=alpha,
                alternative=alternative,
                equal_var=self.equal_var,
            )
            test = f"{test}, CUPED on «{self.covariate}»"
        else:
            detail = compare_means(
                control.moments(y),
                treatment.moments(y),
                alpha=alpha,
                alternative=alternative,
                equal_var=self.equal_var,
            )
        theta = self._theta(control, treatment)
        w = self._weights(theta)
        use, skewness, customers = decide(self.method, (control, treatment), (w, w), self.histogram_key)
        hists = [arm.histograms.get(self.histogram_key) for arm in (control, treatment)]
        permuted = bool(use) and all(h is not None for h in hists)
        if permuted:
            x_bar = _pooled_mean(control, treatment, self.covariate) if self.covariate else 0.0
            arms = [atoms(h, w, theta * x_bar, None) for h in hists if h is not None]
            detail = with_permutation(
                detail,
                arms[0],
                arms[1],
                equal_var=self.equal_var,
                column=self.column,
                skewness=skewness,
                customers=customers,
            )
        elif use is not False:
            detail = dataclasses.replace(
                detail, notes=(*detail.notes, unavailable_note(self.column, skewness, customers))
            )
        if isinstance(self.capping, Capping):
            detail = dataclasses.replace(
                detail, notes=(*detail.notes, capping_note(self.column, self.capping, *control.caps[y]))
            )
        return _result(name, "mean", self.direction, method_text(test, permuted), detail, incremental=True)


def _pooled_mean(control: ArmStats, treatment: ArmStats, column: str) -> float:
    return (control.n * control.means[column] + treatment.n * treatment.means[column]) / (
        control.n + treatment.n
    )

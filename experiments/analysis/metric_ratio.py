"""The :class:`RatioOfMeans` metric: ``Σ numerator / Σ denominator`` per arm by the delta method, with
Kohavi's rule switching to a studentized permutation test, and optional capping."""

from __future__ import annotations

import dataclasses
from dataclasses import KW_ONLY, dataclass
from typing import Any

from experiments.analysis.capping import Capping, as_capping, capping_note
from experiments.analysis.metric_result import DIRECTIONS, MetricResult, _result
from experiments.analysis.ratio import compare_ratios
from experiments.analysis.robust import (
    METHODS,
    HistogramRequest,
    atoms,
    decide_any,
    method_text,
    standardisation,
    triples_of,
    unavailable_note,
    with_permutation,
)
from experiments.analysis.stats import ArmStats
from planner_common import check_choice


@dataclass(frozen=True, slots=True)
class RatioOfMeans:
    """``Σ numerator / Σ denominator`` per arm (revenue per converter), compared by the delta method.

    Args:
        numerator: Column summed on top (e.g. revenue).
        denominator: Column summed below (e.g. converted, 0/1).
        allow_negative: Accept negative numerator values.
        direction: ``"increase"`` (default) or ``"decrease"``.
        method: ``"auto"`` (default): the z test while every arm has at least 355 · skewness² customers
            for the ratio's linearisation ``numerator − ratio · denominator`` (Kohavi's rule), else a
            studentized permutation test; ``"t"`` always the z test; ``"permutation"`` always permute.
        capping, denominator_capping: Per-customer caps of the numerator and of the denominator (see
            :class:`Mean`).

    Examples:
        >>> RatioOfMeans("ingreso", "compra").name
        'ingreso/compra'

    References:
        See :func:`experiments.analysis.ratio.compare_ratios` and :mod:`experiments.analysis.robust`.
    """

    numerator: str
    denominator: str
    _: KW_ONLY
    allow_negative: bool = False
    direction: str = "increase"
    method: str = "auto"
    capping: Capping | float | None = None
    denominator_capping: Capping | float | None = None

    def __post_init__(self) -> None:
        check_choice("direction", self.direction, DIRECTIONS)
        check_choice("method", self.method, METHODS)
        object.__setattr__(self, "capping", as_capping(self.capping))
        object.__setattr__(
            self, "denominator_capping", as_capping(self.denominator_capping, "denominator_capping")
        )

    @property
    def name(self) -> str:
        """Default name: ``numerator/denominator``."""
        return f"{self.numerator}/{self.denominator}"

    @property
    def keys(self) -> tuple[str, str]:
        """Statistics keys of numerator and denominator (capped columns have their own keys)."""
        caps = (self.capping, self.denominator_capping)
        return tuple(  # type: ignore[return-value]
            cap.key(col) if isinstance(cap, Capping) else col
            for col, cap in zip((self.numerator, self.denominator), caps, strict=True)
        )

    @property
    def histogram_key(self) -> str:
        """Key of this metric's engine histogram."""
        return "ratio:" + "/".join(self.keys)

    def columns(self) -> dict[str, bool]:
        """Statistics key → is it 0/1."""
        return dict.fromkeys(self.keys, False)

    def sources(self) -> dict[str, tuple[str, Capping]]:
        """Capped statistics key → (data column, capping)."""
        pairs = zip(
            self.keys,
            (self.numerator, self.denominator),
            (self.capping, self.denominator_capping),
            strict=True,
        )
        return {key: (col, cap) for key, col, cap in pairs if isinstance(cap, Capping)}

    def nonnegative(self) -> set[str]:
        """Columns that must not hold negative values."""
        return set() if self.allow_negative else set(self.keys)

    def pairs(self) -> set[tuple[str, str]]:
        """Column pairs whose covariance the engine computes."""
        return {self.keys}

    def triples(self) -> set[tuple[str, str, str]]:
        """Raw third-order sums the engine computes (skewness for Kohavi's rule)."""
        return set() if self.method == "t" else triples_of(self.keys)

    def _weights(self, arm: ArmStats) -> dict[str, float]:
        a, b = self.keys
        ratio = arm.means[a] / arm.means[b] if arm.means[b] else 0.0
        return {a: 1.0, b: -ratio}

    def _weight_sets(
        self, control: ArmStats, treatment: ArmStats
    ) -> list[tuple[dict[str, float], dict[str, float]]]:
        """Kohavi's rule on the linearisation and on numerator and denominator alone: a few buyers with
        symmetric amounts make the linearisation look tame while the ratio is anything but normal."""
        a, b = self.keys
        return [
            (self._weights(control), self._weights(treatment)),
            ({a: 1.0}, {a: 1.0}),
            ({b: 1.0}, {b: 1.0}),
        ]

    def needs_histogram(self, control: ArmStats, treatment: ArmStats) -> bool:
        """Whether this comparison needs the engine histogram."""
        return (
            decide_any(
                self.method, (control, treatment), self._weight_sets(control, treatment), self.histogram_key
            )[0]
            is not False
        )

    def histogram_request(self, total: ArmStats) -> HistogramRequest:
        """The histogram query: bins on numerator and denominator, summing both."""
        a, b = self.keys
        (ca, sa), (cb, sb) = standardisation(total, {a: 1.0}), standardisation(total, {b: 1.0})
        return HistogramRequest(self.histogram_key, self.keys, ({a: 1.0}, {b: 1.0}), (ca, cb), (sa, sb))

    def compare(
        self, name: str, control: ArmStats, treatment: ArmStats, *, alpha: float, alternative: str
    ) -> MetricResult:
        """Compare the arms on this metric."""
        a, b = self.keys
        detail: Any = compare_ratios(control, treatment, a, b, alpha=alpha, alternative=alternative)
        use, skewness, customers = decide_any(
            self.method, (control, treatment), self._weight_sets(control, treatment), self.histogram_key
        )
        hists = [arm.histograms.get(self.histogram_key) for arm in (control, treatment)]
        permuted = bool(use) and all(h is not None for h in hists)
        if permuted:
            arms = [atoms(h, {a: 1.0}, 0.0, b) for h in hists if h is not None]
            detail = with_permutation(
                detail,
                arms[0],
                arms[1],
                equal_var=False,
                column=self.name,
                skewness=skewness,
                customers=customers,
            )
        elif use is not False:
            detail = dataclasses.replace(
                detail, notes=(*detail.notes, unavailable_note(self.name, skewness, customers))
            )
        for col, key, cap in zip(
            (self.numerator, self.denominator),
            self.keys,
            (self.capping, self.denominator_capping),
            strict=True,
        ):
            if isinstance(cap, Capping):
                detail = dataclasses.replace(
                    detail, notes=(*detail.notes, capping_note(col, cap, *control.caps[key]))
                )
        return _result(
            name,
            "ratio",
            self.direction,
            method_text("delta method, z test", permuted),
            detail,
            incremental=False,
        )

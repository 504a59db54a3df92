"""Honest inference for skewed outcomes: Kohavi's rule decides, a studentized permutation test answers.

For a mean (plain or CUPED-adjusted) or a ratio of means, ``method="auto"`` keeps the t / z test when
every arm has at least ``355 · skewness²`` customers (Kohavi's rule) and otherwise replaces its p-value
and intervals by those of a studentized permutation test on the customers binned in the engine
(:mod:`experiments.analysis.permutation`). The estimate, its standard error and the t statistic stay
the same; ``method`` and a note name the test used.

Why a permutation test: on revenue that is 97 % zeros and log-normal otherwise, Welch's t rejects a
true A/A comparison 7.1 % of the time at a 10:1 split (one-sided 2.0 % and 10.2 %), a skewness-
corrected t (Hall 1992) 6.4 %, a bootstrap-t 6.2 % and 12 % with 200 customers per arm, while the
permutation test is exact by construction (docs/validation.md has the measurements).

References:
    Kohavi, Tang & Xu (2020), §17; Chung & Romano (2013), Annals of Statistics 41:484-507;
    Hall (1992), JRSS B 54:221-228 (the skewness correction measured against it).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from experiments.analysis.histogram import Histogram
from experiments.analysis.notes import Note
from experiments.analysis.permutation import PERMUTATIONS, permutation_test
from experiments.analysis.skew import KOHAVI, histogram_skewness, skewness_bounds, triple, verdict
from experiments.analysis.stats import ArmStats

METHODS = ("auto", "t", "permutation")


@dataclass(frozen=True, slots=True)
class HistogramRequest:
    """One histogram query: bins cut on linear combinations of columns, each bin summing ``summed``."""

    key: str
    summed: tuple[str, ...]
    binned: tuple[Mapping[str, float], ...]
    centres: tuple[float, ...]
    scales: tuple[float, ...]


def triples_of(columns: tuple[str, ...]) -> set[tuple[str, str, str]]:
    """Every raw third-order sum the skewness of a combination of ``columns`` needs."""
    return {triple(a, b, c) for a in columns for b in columns for c in columns}


def standardisation(total: ArmStats, weights: Mapping[str, float]) -> tuple[float, float]:
    """``(centre, scale)`` of ``Σ w·column`` over every customer (the bins' standardisation)."""
    cols = list(weights)
    centre = math.fsum(weights[c] * total.means[c] for c in cols)
    var = math.fsum(weights[a] * weights[b] * total.cov(a, b) for a in cols for b in cols)
    scale = math.sqrt(var) if var > 0 and math.isfinite(var) else 1.0
    return centre, scale


def decide(
    method: str,
    arms: tuple[ArmStats, ArmStats],
    weights: tuple[Mapping[str, float], Mapping[str, float]],
    key: str,
) -> tuple[bool | None, float, int]:
    """Use the permutation test? ``(True / False / None = needs the histogram, skewness, customers)`` for
    the arm furthest below Kohavi's rule."""
    if method == "t":
        return False, math.nan, 0
    worst, skewness, customers = -math.inf, math.nan, 0
    answers = []
    for arm, w in zip(arms, weights, strict=True):
        answer = verdict(arm, w)
        hist = arm.histograms.get(key)
        if answer is None and hist is not None:
            answer = _from_histogram(arm, hist, w)
        skew = (
            histogram_skewness(hist, _hist_weights(hist, w)) if hist is not None else _sums_skewness(arm, w)
        )
        shortfall = KOHAVI * skew * skew / arm.n if math.isfinite(skew) else -math.inf
        if shortfall > worst:
            worst, skewness, customers = shortfall, skew, arm.n
        answers.append(answer)
    if method == "permutation" or any(a is True for a in answers):
        return True, skewness, customers
    return (None if any(a is None for a in answers) else False), skewness, customers


def decide_any(
    method: str,
    arms: tuple[ArmStats, ArmStats],
    weight_sets: Sequence[tuple[Mapping[str, float], Mapping[str, float]]],
    key: str,
) -> tuple[bool | None, float, int]:
    """:func:`decide` over several combinations (a ratio: its linearisation, numerator and denominator):
    the permutation test as soon as one of them fails Kohavi's rule."""
    answers = [decide(method, arms, w, key) for w in weight_sets]
    use = (
        True
        if any(a[0] is True for a in answers)
        else (None if any(a[0] is None for a in answers) else False)
    )
    worst = max(answers, key=lambda a: KOHAVI * a[1] ** 2 / a[2] if a[2] and math.isfinite(a[1]) else -1.0)
    return use, worst[1], worst[2]


def _sums_skewness(arm: ArmStats, weights: Mapping[str, float]) -> float:
    has_all = all(t in arm.cubes for t in triples_of(tuple(weights)))
    return skewness_bounds(arm, weights)[0] if has_all else math.nan


def _hist_weights(hist: Histogram, weights: Mapping[str, float]) -> tuple[float, ...]:
    return tuple(weights.get(c, 0.0) for c in hist.columns)


def _from_histogram(arm: ArmStats, hist: Histogram, weights: Mapping[str, float]) -> bool:
    skew = histogram_skewness(hist, _hist_weights(hist, weights))
    return math.isfinite(skew) and arm.n < KOHAVI * skew * skew


def atoms(
    hist: Histogram, weights: Mapping[str, float], offset: float, denominator: str | None
) -> tuple[np.ndarray, np.ndarray]:
    """``(counts, values)`` for the permutation test: ``a = Σ w·column + offset`` and ``b`` (1 for means)."""
    counts, means = hist.atoms()
    a = means @ np.asarray(_hist_weights(hist, weights)) + offset
    b = means[:, hist.columns.index(denominator)] if denominator else np.ones_like(a)
    return counts, np.column_stack([a, b])


def with_permutation(
    detail: Any,
    control: tuple[np.ndarray, np.ndarray],
    treatment: tuple[np.ndarray, np.ndarray],
    *,
    equal_var: bool,
    column: str,
    skewness: float,
    customers: int,
) -> Any:
    """``detail`` (MeansResult, CupedResult or RatioResult) with the permutation p-value and intervals."""
    result = permutation_test(
        control,
        treatment,
        alpha=detail.alpha,
        alternative=detail.alternative,
        std_error=detail.std_error,
        equal_var=equal_var,
    )
    if math.isnan(detail.pvalue):  # undefined statistic (no spread): stays undefined, as its note says
        return detail
    note = Note.make(
        "permutation_test",
        column=column,
        permutations=result.permutations,
        skewness=round(skewness, 2) if math.isfinite(skewness) else 0.0,
        customers=customers,
        needed=round(KOHAVI * skewness * skewness) if math.isfinite(skewness) else 0,
        pvalue_greater=result.pvalue_greater,  # the same test's one-sided p-values (not in the sentence)
        pvalue_less=result.pvalue_less,
    )
    return dataclasses.replace(
        detail,
        pvalue=result.pvalue,
        effect_size_ci_lower=result.effect_size_ci_lower,
        effect_size_ci_upper=result.effect_size_ci_upper,
        rel_effect_size_ci_lower=result.rel_effect_size_ci_lower,
        rel_effect_size_ci_upper=result.rel_effect_size_ci_upper,
        notes=(*detail.notes, note),
    )


def method_text(base: str, permuted: bool) -> str:
    """The ``method`` of a metric result."""
    return f"studentized permutation test ({base}), {PERMUTATIONS:,} random splits" if permuted else base


def unavailable_note(column: str, skewness: float, customers: int) -> Note:
    """Skewed, but no histogram could be built: the t / z figures stand, flagged."""
    return Note.make(
        "skewed_no_permutation",
        column=column,
        skewness=round(skewness, 2) if math.isfinite(skewness) else 0.0,
        customers=customers,
        needed=round(KOHAVI * skewness * skewness) if math.isfinite(skewness) else 0,
    )

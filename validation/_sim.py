"""Simulated pilots read exactly as :func:`experiments.analyze_pilot` reads them, minus the SQL.

:func:`readout` builds each arm's :class:`~experiments.ArmStats` from customer-level numpy arrays with
the statistics the engine computes (count, sums, means, sample variances and covariances, raw sums of
products of three columns), asks the metric whether it needs the engine histogram, bins the customers
with the engine's own formula (:meth:`~experiments.analysis.histogram.Histogram.from_values`) and
calls the metric's ``compare`` – the code ``analyze_pilot`` runs after its queries. The end-to-end
study checks that both paths give the same readout.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np

from experiments import ArmStats
from experiments.analysis.histogram import Histogram
from experiments.analysis.stats import pair

MU, SIGMA, BUY_RATE = 3.0, 1.0, 0.03
MEAN_AMOUNT = math.exp(MU + SIGMA * SIGMA / 2)


def revenue(
    rng: np.random.Generator, n: int, buy_rate: float = BUY_RATE, lift: float = 1.0
) -> dict[str, np.ndarray]:
    """Customer revenue that is ``1 - buy_rate`` zeros and log-normal (mu 3, sigma 1) × ``lift`` otherwise,
    with the 0/1 purchase flag."""
    buy = rng.random(n) < buy_rate
    amounts = np.zeros(n)
    amounts[buy] = rng.lognormal(MU, SIGMA, int(buy.sum())) * lift
    return {"y": amounts, "buy": buy.astype(float)}


def arm_stats(columns: dict[str, np.ndarray]) -> ArmStats:
    """The engine's statistics of one arm (third-order sums for every triple of columns)."""
    names = sorted(columns)
    first = columns[names[0]]
    n = first.size
    variances = {c: float(v.var(ddof=1)) if n > 1 else math.nan for c, v in columns.items()}
    covariances = {
        pair(a, b): float(np.cov(columns[a], columns[b])[0, 1]) if n > 1 else math.nan
        for a, b in itertools.combinations(names, 2)
    }
    cubes = {
        (a, b, c): float(np.sum(columns[a] * columns[b] * columns[c]))
        for a, b, c in itertools.combinations_with_replacement(names, 3)
    }
    return ArmStats(
        n=n,
        sums={c: float(v.sum()) for c, v in columns.items()},
        means={c: float(v.mean()) for c, v in columns.items()},
        variances=variances,
        covariances=covariances,
        cubes=cubes,
    )


def _with_histogram(spec, stats: ArmStats, columns: dict[str, np.ndarray], request) -> ArmStats:
    binned = [sum(w * columns[c] for c, w in weights.items()) for weights in request.binned]
    summed = [columns[c] for c in request.summed]
    hist = Histogram.from_values(request.summed, summed, binned, request.centres, request.scales)
    return dataclasses.replace(stats, histograms={request.key: hist})


def readout(spec, control: dict[str, np.ndarray], treated: dict[str, np.ndarray], *, alpha: float = 0.05):
    """The metric's two-sided readout of one simulated pilot (a :class:`~experiments.MetricResult`).

    ``control`` / ``treated`` map the spec's statistics keys to customer arrays.
    """
    c, t = arm_stats(control), arm_stats(treated)
    if spec.needs_histogram(c, t):
        request = spec.histogram_request(c + t)
        c, t = _with_histogram(spec, c, control, request), _with_histogram(spec, t, treated, request)
    return spec.compare(spec.name, c, t, alpha=alpha, alternative="two-sided")


def one_sided(result) -> tuple[float, float]:
    """``(p greater, p less)`` of the same readout run with ``alternative="greater"`` / ``"less"``: the
    permutation test's tails (same seeded splits), else the t / normal tails of the statistic."""
    from experiments.analysis._common import pvalue

    for note in result.notes:
        if getattr(note, "code", "") == "permutation_test":
            return note.params["pvalue_greater"], note.params["pvalue_less"]
    df = getattr(result.detail, "df", None)
    return pvalue(result.statistic, "greater", df), pvalue(result.statistic, "less", df)

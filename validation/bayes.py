"""Bayesian readout calibration: when the truth is drawn from the prior the readout uses, 95 % credible
intervals hold it 95 % of the time and ``P(treatment better) = q`` comes true a share ``q`` of the time.

References:
    Cook, Gelman & Rubin (2006), JCGS 15:675-692 (validation of Bayesian software by simulation from
    the prior).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from experiments.analysis import bayes_compare_means, bayes_compare_proportions
from validation._common import Figure, StudyResult, count, run_pilots

SEED = 5_050
PRIOR = (3.0, 97.0)  # Beta prior of a response rate: mean 3 %
BINS = (0.0, 0.1, 0.5, 0.9, 0.99, 1.0)


def _rates(rng: np.random.Generator, n: int) -> dict[str, Any]:
    p_c, p_t = rng.beta(*PRIOR, 2)
    c, t = int(rng.binomial(n, p_c)), int(rng.binomial(n, p_t))
    r = bayes_compare_proportions((c, n), (t, n), prior_alpha=PRIOR[0], prior_beta=PRIOR[1])
    return {
        "cover": r.effect_size_ci_lower <= p_t - p_c <= r.effect_size_ci_upper,
        "p": r.probability_treatment_better,
        "better": p_t > p_c,
    }


def _means(rng: np.random.Generator, n: int) -> dict[str, Any]:
    mu = rng.normal(50.0, 2.0, 2)
    c, t = rng.normal(mu[0], 20.0, n), rng.normal(mu[1], 20.0, n)
    r = bayes_compare_means(
        (n, c.mean(), c.std(ddof=1)), (n, t.mean(), t.std(ddof=1)), prior_mean=50.0, prior_sd=2.0
    )
    return {
        "cover": r.effect_size_ci_lower <= mu[1] - mu[0] <= r.effect_size_ci_upper,
        "p": r.probability_treatment_better,
        "better": mu[1] > mu[0],
    }


def _calibration(regime: str, rows: list[dict[str, Any]]) -> list[Figure]:
    out = []
    for low, high in zip(BINS[:-1], BINS[1:], strict=True):
        inside = [r for r in rows if low <= r["p"] < high or (high == 1.0 and r["p"] == 1.0)]
        if not inside:
            continue
        mean_p = float(np.mean([r["p"] for r in inside]))
        h, n = count(inside, "better")
        se = (mean_p * (1 - mean_p) / n) ** 0.5
        out.append(
            Figure(
                regime=regime,
                name=f"truly better | P(better) in [{low:g}, {high:g}) (mean predicted {100 * mean_p:.1f} %)",
                hits=h,
                trials=n,
                band=(max(0.0, mean_p - 4 * se - 0.005), min(1.0, mean_p + 4 * se + 0.005)),
            )
        )
    return out


def study_bayes(pilots: int = 2_000, mean_pilots: int = 10_000) -> StudyResult:
    figures = []
    for i, (regime, fn, n, k) in enumerate(
        (
            ("rates, Beta(3, 97) prior, 2,000 per arm", _rates, 2_000, pilots),
            ("means, N(50, 2²) prior, sd 20, 400 per arm", _means, 400, mean_pilots),
        )
    ):
        rows = run_pilots(fn, SEED + i, k, n)
        h, m = count(rows, "cover")
        figures.append(
            Figure(
                regime=regime,
                name="95 % credible interval holds the truth",
                hits=h,
                trials=m,
                band=(0.94, 0.96),
            )
        )
        figures += _calibration(regime, rows)
    return StudyResult(
        key="bayes",
        title="Bayesian readout: calibration",
        method="Truth drawn from the prior the readout uses; `bayes_compare_proportions` / `bayes_compare_means`. "
        "Calibration bands: the mean predicted probability ± 4 Monte Carlo errors (+0.5 point).",
        seed=SEED,
        figures=tuple(figures),
    )

"""Response rates, sizing and the sample-ratio check: the calibrations issue 10 found sound, re-measured.

* Proportions: the pooled z test and Newcombe's interval in an A/A pilot, coverage of a real lift, and
  the relative (Katz) interval next to a 100 % response, where the plain formula collapsed to zero width.
* Sizing: pilots simulated at the size ``sample_size_two_*`` plans for 80 % power, read with the test
  the readout uses; the share that detects the planned lift is the achieved power.
* SRM: arms drawn from the planned split; the chi-square test's p-value should be uniform, so 5 % of
  pilots fall below 0.05 and 0.1 % below the 0.001 flag threshold.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from experiments import (
    ArmCounts,
    ArmMoments,
    compare_means,
    compare_proportions,
    sample_ratio_test,
    sample_size_two_means,
    sample_size_two_proportions,
)
from validation._common import COVERAGE, FPR_TWO_SIDED, Figure, StudyResult, count, run_pilots

ALPHA = 0.05
SEED = 4_040
Z = 1.959963984540054


def _rates_pilot(rng: np.random.Generator, p_c: float, p_t: float, n_c: int, n_t: int) -> dict[str, Any]:
    c, t = ArmCounts(int(rng.binomial(n_c, p_c)), n_c), ArmCounts(int(rng.binomial(n_t, p_t)), n_t)
    r = compare_proportions(c, t)
    delta, rel = p_t - p_c, p_t / p_c - 1
    out: dict[str, Any] = {
        "two": r.pvalue < ALPHA,
        "cover": r.effect_size_ci_lower <= delta <= r.effect_size_ci_upper,
        "cover_rel": None
        if math.isnan(r.rel_effect_size_ci_lower)
        else r.rel_effect_size_ci_lower <= rel <= r.rel_effect_size_ci_upper,
    }
    if c.successes and t.successes:  # the plain Katz interval (before): no correction at 100 %
        se = math.sqrt(1 / t.successes - 1 / n_t + 1 / c.successes - 1 / n_c)
        log_rel = math.log(t.rate / c.rate)
        out["katz_plain"] = abs(log_rel - math.log1p(rel)) <= Z * se
    return out


RATE_REGIMES = {
    "A/A at 3 %, 2,000 + 6,000": (0.03, 0.03, 2_000, 6_000),
    "2 % → 3 %, 5,000 + 20,000": (0.02, 0.03, 5_000, 20_000),
    "95 % → 99 %, 20 + 20 (next to 100 %)": (0.95, 0.99, 20, 20),
    "97 % → 100 %, 20 + 20": (0.97, 0.999, 20, 20),
}


def study_proportions(pilots: int = 10_000) -> StudyResult:
    figures = []
    for i, (regime, (p_c, p_t, n_c, n_t)) in enumerate(RATE_REGIMES.items()):
        rows = run_pilots(_rates_pilot, SEED + i, pilots, p_c, p_t, n_c, n_t)
        if p_c == p_t:
            h, n = count(rows, "two")
            figures.append(
                Figure(
                    regime=regime,
                    name="z test, two-sided false positives",
                    hits=h,
                    trials=n,
                    band=FPR_TWO_SIDED,
                )
            )
        for name, key, band in (
            ("Newcombe interval holds the true difference", "cover", COVERAGE),
            ("relative interval holds the true lift", "cover_rel", COVERAGE),
            ("plain Katz relative interval (before)", "katz_plain", None),
        ):
            h, n = count(rows, key)
            figures.append(Figure(regime=regime, name=name, hits=h, trials=n, band=band))
    return StudyResult(
        key="proportions",
        title="Response rates: z test, Newcombe and relative intervals",
        method="`compare_proportions` defaults (pooled z test, Newcombe interval, Katz relative interval with "
        "0.5 added to each cell when an arm responded 100 %).",
        seed=SEED,
        figures=tuple(figures),
    )


def _power_pilot(rng: np.random.Generator, kind: str, args: tuple[Any, ...]) -> dict[str, Any]:
    if kind == "rate":
        p_c, p_t, n_c, n_t = args
        r = compare_proportions(
            ArmCounts(int(rng.binomial(n_c, p_c)), n_c), ArmCounts(int(rng.binomial(n_t, p_t)), n_t)
        )
    else:
        sd, effect, n_c, n_t = args
        c, t = rng.normal(100.0, sd, n_c), rng.normal(100.0 + effect, sd, n_t)
        r = compare_means(ArmMoments(n_c, c.mean(), c.std(ddof=1)), ArmMoments(n_t, t.mean(), t.std(ddof=1)))
    return {"detected": r.pvalue < ALPHA}


def _designs() -> dict[str, tuple[str, tuple[Any, ...]]]:
    out = {}
    for ratio in (1.0, 4.0, 1 / 9):
        plan = sample_size_two_proportions(0.02, rel_effect_size=0.25, ratio=ratio)
        out[f"rate 2 % → 2.5 %, ratio {ratio:.3g} ({plan.n_control:,} + {plan.n_treatment:,})"] = (
            "rate",
            (0.02, 0.025, plan.n_control, plan.n_treatment),
        )
    for ratio in (1.0, 3.0):
        plan = sample_size_two_means(45.0, effect_size=3.0, ratio=ratio)
        out[f"mean +3 (sd 45), ratio {ratio:g} ({plan.n_control:,} + {plan.n_treatment:,})"] = (
            "mean",
            (45.0, 3.0, plan.n_control, plan.n_treatment),
        )
    return out


def study_power(pilots: int = 10_000) -> StudyResult:
    """Achieved power of pilots sized for 80 % (band 78.5–81.5 %)."""
    figures = []
    for i, (regime, (kind, args)) in enumerate(_designs().items()):
        rows = run_pilots(_power_pilot, SEED + 100 + i, pilots, kind, args)
        h, n = count(rows, "detected")
        figures.append(
            Figure(regime=regime, name="detected (achieved power)", hits=h, trials=n, band=(0.785, 0.815))
        )
    return StudyResult(
        key="power",
        title="Achieved power of pilots sized for 80 %",
        method="`sample_size_two_proportions` (normal method) / `sample_size_two_means` (t method) at alpha "
        "0.05 two-sided; each pilot read with the readout's z test / Welch t. Band: 80 % ± 1.5 points.",
        seed=SEED + 100,
        figures=tuple(figures),
    )


def _srm_pilot(rng: np.random.Generator, total: int, weights: tuple[float, ...]) -> dict[str, Any]:
    observed = rng.multinomial(total, np.asarray(weights) / sum(weights))
    r = sample_ratio_test([int(v) for v in observed], list(weights))
    return {"p05": r.pvalue < 0.05, "flagged": r.flagged}


def study_srm(pilots: int = 20_000) -> StudyResult:
    figures = []
    for i, (regime, (total, weights)) in enumerate(
        {
            "2 arms, 20 / 80, 25,000 customers": (25_000, (1.0, 4.0)),
            "3 arms, 25 / 45 / 30, 24,000": (24_000, (25.0, 45.0, 30.0)),
        }.items()
    ):
        rows = run_pilots(_srm_pilot, SEED + 200 + i, pilots, total, weights)
        h, n = count(rows, "p05")
        figures.append(
            Figure(
                regime=regime, name="p < 0.05 when the split is right", hits=h, trials=n, band=FPR_TWO_SIDED
            )
        )
        h, n = count(rows, "flagged")
        figures.append(
            Figure(
                regime=regime,
                name="flagged (p < 0.001) when the split is right",
                hits=h,
                trials=n,
                band=(0.0, 0.002),
            )
        )
    return StudyResult(
        key="srm",
        title="Sample ratio mismatch: calibration",
        method="`sample_ratio_test` (chi-square goodness of fit) on arm sizes drawn from the planned split.",
        seed=SEED + 200,
        figures=tuple(figures),
    )

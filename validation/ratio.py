"""Ratio of means with few units (issue 10, Deliver 3): revenue per buyer at a 0.5 % purchase rate.

With 20,000 + 2,000 customers the treated arm has about 10 buyers; the delta method's z test rejected a
true A/A comparison 15.7 % of the time there (coverage 84 %). Each regime reads simulated pilots with the
default ``RatioOfMeans("y", "buy")`` (Kohavi's rule on the ratio's linearisation, studentized
permutation test of customers) and with the delta method alone (``method="t"``); pilots with no buyer in
an arm have no ratio and are counted apart.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from experiments import RatioOfMeans
from validation._common import COVERAGE, FPR_ONE_SIDED, FPR_TWO_SIDED, Figure, StudyResult, count, run_pilots
from validation._sim import MEAN_AMOUNT, one_sided, readout, revenue

ALPHA = 0.05
BUY_RATE = 0.005
REGIMES = {
    "20,000 control + 2,000 treated, 0.5 % buy": (20_000, 2_000, 1.0),
    "2,000 control + 20,000 treated, 0.5 % buy": (2_000, 20_000, 1.0),
    "5,000 control + 5,000 treated, 0.5 % buy": (5_000, 5_000, 1.0),
    "200 control + 200 treated, 0.5 % buy": (200, 200, 1.0),
    "20,000 + 2,000, 0.5 % buy, amounts ×1.1": (20_000, 2_000, 1.1),
}
SEED = 3_030


def _outcome(result: Any, delta: float, rel: float, buyers: int) -> dict[str, Any]:
    if math.isnan(result.pvalue):  # no p-value shown: not a rejection; no interval to hold anything
        return {"defined": False, "two": False, "greater": False, "less": False, "buyers": buyers}
    greater, less = one_sided(result)
    rel_ok = not math.isnan(result.rel_effect_size_ci_lower)
    return {
        "defined": True,
        "two": result.pvalue < ALPHA,
        "greater": greater < ALPHA,
        "less": less < ALPHA,
        "cover": result.effect_size_ci_lower <= delta <= result.effect_size_ci_upper,
        "cover_rel": (result.rel_effect_size_ci_lower <= rel <= result.rel_effect_size_ci_upper)
        if rel_ok
        else None,
        "insufficient": any(getattr(n, "code", "") == "insufficient_data" for n in result.notes),
        "buyers": buyers,
    }


def pilot(rng: np.random.Generator, n_c: int, n_t: int, lift: float) -> dict[str, Any]:
    control, treated = revenue(rng, n_c, BUY_RATE), revenue(rng, n_t, BUY_RATE, lift)
    delta, rel = MEAN_AMOUNT * (lift - 1), lift - 1
    buyers = int(min(control["buy"].sum(), treated["buy"].sum()))
    if buyers == 0:  # no ratio in an arm (the readout says so): no rejection, no interval
        empty = {"defined": False, "two": False, "greater": False, "less": False, "buyers": 0}
        return {"default": empty, "delta": empty}
    out = {}
    for which, method in (("default", "auto"), ("delta", "t")):
        result = readout(RatioOfMeans("y", "buy", method=method), control, treated, alpha=ALPHA)
        out[which] = _outcome(result, delta, rel, buyers)
    return out


BUCKETS = ((1, 4), (5, 9), (10, 24), (25, 10**9))


def _by_buyers(rows: list[dict[str, Any]], label: str) -> list[Figure]:
    """A/A false positives and interval coverage by buyers in the smaller arm (all A/A regimes pooled):
    where the delta method stops being honest, and whether the default readout needs a threshold
    beyond the ``insufficient_data`` note (fewer than 25 buyers in an arm)."""
    out = []
    for low, high in BUCKETS:
        inside = [r for r in rows if low <= r["buyers"] <= high]
        span = f"{low}–{high} buyers" if high < 10**9 else f"≥ {low} buyers"
        for name, key in (("two-sided false positives", "two"), ("95 % interval holds 0", "cover")):
            h, n = count(inside, key)
            out.append(
                Figure(
                    regime=f"A/A pilots with {span} in the smaller arm — {label}", name=name, hits=h, trials=n
                )
            )
    return out


def study_ratio(pilots: int = 5_000) -> StudyResult:
    """False positives and coverage of revenue per buyer, default readout and delta method."""
    figures: list[Figure] = []
    undefined = {}
    aa_rows: dict[str, list[dict[str, Any]]] = {"default": [], "delta": []}
    for i, (regime, (n_c, n_t, lift)) in enumerate(REGIMES.items()):
        results = run_pilots(pilot, SEED + i, pilots, n_c, n_t, lift)
        undefined[regime] = sum(not r["default"]["defined"] for r in results)
        if lift == 1.0:
            for which, rows_ in aa_rows.items():
                rows_ += [r[which] for r in results]
        for which, label in (("default", "default readout"), ("delta", "delta method, z (before)")):
            rows = [r[which] for r in results]
            banded = which == "default"
            specs = (
                [
                    ("95 % interval holds the true lift", "cover", COVERAGE),
                    ("95 % relative interval holds it", "cover_rel", COVERAGE),
                ]
                if lift != 1.0
                else [
                    ("two-sided false positives", "two", (0.0, FPR_TWO_SIDED[1])),
                    ("one-sided, greater", "greater", (0.0, FPR_ONE_SIDED[1])),
                    ("one-sided, less", "less", (0.0, FPR_ONE_SIDED[1])),
                    ("95 % interval holds 0", "cover", COVERAGE),
                    ("95 % relative interval holds 0", "cover_rel", COVERAGE),
                ]
            )
            for name, key, band in specs:
                h, n = count(rows, key)
                figures.append(
                    Figure(
                        regime=f"{regime} — {label}",
                        name=name,
                        hits=h,
                        trials=n,
                        band=band if banded else None,
                    )
                )
    figures += _by_buyers(aa_rows["default"], "default readout")
    figures += _by_buyers(aa_rows["delta"], "delta method, z (before)")
    return StudyResult(
        key="ratio",
        title="Ratio of means with few units: revenue per buyer",
        method="Default `RatioOfMeans`: delta-method z while every arm has ≥ 355·skewness² customers for the "
        "linearisation numerator − ratio·denominator, otherwise the studentized permutation test of "
        "customers (2,000 splits). A pilot without a buyer (or without spread) in an arm shows no p-value and "
        "no interval: it counts as not rejecting, and coverage is over the pilots that have an interval.",
        seed=SEED,
        figures=tuple(figures),
        extra={"undefined": undefined, "pilots": pilots},
    )

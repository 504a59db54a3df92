"""The methods measured before choosing the default for skewed revenue (issue 10, Deliver 1).

On the same simulated A/A pilots as :mod:`validation.revenue`:

* Welch's t (the readout before this change);
* Hall's skewness-corrected t for two samples (Hall 1992's monotone transformation with the third
  cumulant of the difference ``μ3_T / n_T² − μ3_C / n_C²`` estimated from the arms, as in Zhou & Dinh
  2005) – what the engine could compute from in-engine third moments alone;
* a bootstrap-t (studentized, Poisson weights per customer as a hash-keyed engine bootstrap would draw
  them, 500 replicates);
* the chosen studentized permutation test (the default readout).

References:
    Hall (1992), JRSS B 54:221-228; Zhou & Dinh (2005), Biostatistics 6:187-200; Efron & Tibshirani
    (1993), ch. 12 (bootstrap-t); Chamandy et al. (2012), "Estimating uncertainty for massive data
    streams" (Poisson bootstrap).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from experiments import Mean
from validation._common import FPR_ONE_SIDED, FPR_TWO_SIDED, Figure, StudyResult, count, run_pilots
from validation._sim import one_sided, readout, revenue

ALPHA = 0.05
REGIMES = {"20,000 control + 2,000 treated": (20_000, 2_000), "200 control + 200 treated": (200, 200)}
BOOTSTRAP = 500
SEED = 2_020
Z2, Z1 = float(special.ndtri(1 - ALPHA / 2)), float(special.ndtri(1 - ALPHA))


def _moments(y: np.ndarray) -> tuple[int, float, float, float]:
    d = y - y.mean()
    return y.size, float(y.mean()), float(d @ d / (y.size - 1)), float(np.mean(d**3))


def hall(control: np.ndarray, treated: np.ndarray) -> dict[str, bool | None]:
    """Hall's transformation of Welch's statistic, normal critical values."""
    (n_c, m_c, v_c, k_c), (n_t, m_t, v_t, k_t) = _moments(control), _moments(treated)
    se = np.sqrt(v_c / n_c + v_t / n_t)
    if not se > 0:
        return {"two": None, "greater": None, "less": None}
    t = (m_t - m_c) / se
    a = (k_t / n_t**2 - k_c / n_c**2) / se**3
    g = t + a / 6 + a * t * t / 3 + a * a * t**3 / 27
    return {"two": abs(g) > Z2, "greater": g > Z1, "less": g < -Z1}


def bootstrap_t(rng: np.random.Generator, control: np.ndarray, treated: np.ndarray) -> dict[str, bool | None]:
    """Studentized bootstrap with Poisson(1) weights per customer (zeros drawn as one Poisson total)."""
    (n_c, m_c, v_c, _), (n_t, m_t, v_t, _) = _moments(control), _moments(treated)
    se = np.sqrt(v_c / n_c + v_t / n_t)
    if not se > 0:
        return {"two": None, "greater": None, "less": None}
    reps = []
    for y in (control, treated):
        values = y[y != 0]
        weights = rng.poisson(1.0, (BOOTSTRAP, values.size))
        n = rng.poisson(y.size - values.size, BOOTSTRAP) + weights.sum(axis=1)
        s1, s2 = weights @ values, weights @ (values * values)
        mean = s1 / n
        reps.append((mean, (s2 - n * mean * mean) / (n - 1) / n))
    with np.errstate(divide="ignore", invalid="ignore"):
        star = ((reps[1][0] - reps[0][0]) - (m_t - m_c)) / np.sqrt(reps[0][1] + reps[1][1])
    star = star[np.isfinite(star)]
    t = (m_t - m_c) / se
    q = np.quantile(star, [ALPHA / 2, ALPHA, 1 - ALPHA, 1 - ALPHA / 2])
    return {"two": bool(t < q[0] or t > q[3]), "greater": bool(t > q[2]), "less": bool(t < q[1])}


def pilot(rng: np.random.Generator, n_c: int, n_t: int) -> dict[str, Any]:
    control, treated = revenue(rng, n_c)["y"], revenue(rng, n_t)["y"]
    out = {"hall": hall(control, treated), "bootstrap-t": bootstrap_t(rng, control, treated)}
    for name, spec in (("welch", Mean("y", method="t")), ("permutation", Mean("y"))):
        r = readout(spec, {"y": control}, {"y": treated}, alpha=ALPHA)
        greater, less = one_sided(r)
        out[name] = {"two": r.pvalue < ALPHA, "greater": greater < ALPHA, "less": less < ALPHA}
    return out


LABELS = {
    "welch": "Welch t",
    "hall": "Hall skewness-corrected t",
    "bootstrap-t": f"bootstrap-t ({BOOTSTRAP} Poisson replicates)",
    "permutation": "studentized permutation (default)",
}


def study_alternatives(pilots: int = 2_000) -> StudyResult:
    """A/A false positives of each candidate method on the same pilots."""
    figures = []
    for i, (regime, (n_c, n_t)) in enumerate(REGIMES.items()):
        results = run_pilots(pilot, SEED + i, pilots, n_c, n_t)
        for method, label in LABELS.items():
            rows = [r[method] for r in results]
            for name, key, _band in (
                ("two-sided false positives", "two", FPR_TWO_SIDED),
                ("one-sided, greater", "greater", FPR_ONE_SIDED),
                ("one-sided, less", "less", FPR_ONE_SIDED),
            ):
                h, n = count(rows, key)
                figures.append(Figure(regime=f"{regime} — {label}", name=name, hits=h, trials=n))
    return StudyResult(
        key="alternatives",
        title="Methods tried for skewed revenue (A/A)",
        method="The same simulated pilots read by four methods; no band applies (this is why the default "
        "is the permutation test).",
        seed=SEED,
        figures=tuple(figures),
    )

"""Normal–normal Test & Roll: expected profit of a plan, its error rate and the optimal plan.

Model (Feit & Berman 2019, §3–4): arm k (0 = control, 1 = treatment) has an unknown mean profit per
customer ``m_k ~ N(mu_k, sigma_k²)``; a customer's profit is ``N(m_k, s_k²)``. The pilot puts ``n_k``
customers in arm k; the remaining ``N - n_0 - n_1`` customers get the arm with the higher posterior
mean. Across possible pilots the posterior mean of arm k is ``N(mu_k, w_k)`` with
``w_k = sigma_k⁴ / (sigma_k² + s_k² / n_k)`` (0 for an empty arm), so the roll-out earns, per customer,
``E[max]`` of two independent normals (Clark 1961): with ``e = mu_0 - mu_1`` and ``v² = w_0 + w_1``,
``mu_1 + e·Φ(e/v) + v·φ(e/v)`` – the paper's eq. (18). Perfect information is the same expression with
``v² = sigma_0² + sigma_1²``. The error rate (rolling out the worse arm) is an orthant probability of
the bivariate normal (true difference, estimated difference) with covariance ``v²``; it reduces to
``2·T(|e|/τ, √(τ² − v²)/v)`` with Owen's T and ``τ² = sigma_0² + sigma_1²`` – for equal priors this is
the paper's eq. (12), ``1/2 − atan(σ·√(n/2)·√2 / s)/π``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import minimize
from scipy.special import ndtr, owens_t

_SQRT_2PI = math.sqrt(2 * math.pi)


def posterior_mean_variance(n: np.ndarray | float, prior_sd: float, response_sd: float) -> np.ndarray:
    """Variance, across possible pilots, of one arm's posterior mean: ``σ⁴ / (σ² + s²/n)``."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = prior_sd**4 * n / (prior_sd**2 * n + response_sd**2)
    return np.where(n > 0, w, 0.0) if prior_sd > 0 else np.zeros_like(n)


def expected_max(diff: np.ndarray | float, base: float, spread: np.ndarray | float) -> np.ndarray:
    """``E[max(A, B)]`` for independent normals with ``E[A] − E[B] = diff``, ``E[B] = base`` and
    ``sd(A − B) = spread`` (Clark 1961)."""
    diff, spread = np.broadcast_arrays(np.asarray(diff, float), np.asarray(spread, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = diff / spread
        value = base + diff * ndtr(z) + spread * np.exp(-0.5 * z * z) / _SQRT_2PI
    return np.where(spread > 0, value, base + np.maximum(diff, 0.0))


def error_rate(diff: float, spread: float, prior_spread: float) -> float:
    """Probability that the arm rolled out is truly the worse one (ties go to the control)."""
    if prior_spread <= 0:
        return 0.0
    if spread <= 0:
        return 0.5 if diff == 0 else float(ndtr(-abs(diff) / prior_spread))
    rest = prior_spread**2 - spread**2
    if rest <= 0:
        return 0.0
    return float(2 * owens_t(abs(diff) / prior_spread, math.sqrt(rest) / spread))


def plan_profit(
    population: float,
    n_control: np.ndarray | float,
    n_treatment: np.ndarray | float,
    mean: tuple[float, float],
    prior_sd: tuple[float, float],
    response_sd: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """(test profit, roll-out profit) of the plans ``(n_control, n_treatment)`` – vectorised."""
    n_c, n_t = np.asarray(n_control, float), np.asarray(n_treatment, float)
    spread = np.sqrt(
        posterior_mean_variance(n_c, prior_sd[0], response_sd[0])
        + posterior_mean_variance(n_t, prior_sd[1], response_sd[1])
    )
    test = n_c * mean[0] + n_t * mean[1]
    rollout = (population - n_c - n_t) * expected_max(mean[0] - mean[1], mean[1], spread)
    return test, rollout


def plan_spread(
    n_control: float, n_treatment: float, prior_sd: tuple[float, float], response_sd: tuple[float, float]
) -> float:
    """sd of the difference of the two posterior means across possible pilots."""
    return math.sqrt(
        float(
            posterior_mean_variance(n_control, prior_sd[0], response_sd[0])
            + posterior_mean_variance(n_treatment, prior_sd[1], response_sd[1])
        )
    )


def symmetric_optimum(population: float, prior_sd: float, response_sd: float) -> float:
    """The paper's eq. (10): ``n* = √(N/4·r + (3/4·r)²) − 3/4·r`` per arm, ``r = (s/σ)²``."""
    r = (response_sd / prior_sd) ** 2
    return math.sqrt(population / 4 * r + (0.75 * r) ** 2) - 0.75 * r


def challenger_optimum(population: float, prior_sd: float, response_sd: float) -> float:
    """Pilot size when the incumbent's mean is known and equals the challenger's prior mean.

    Only the challenger is tested (``n_incumbent = 0``); maximising
    ``n·μ + (N − n)·(μ + v(n)/√(2π))`` with ``v(n) = σ²/√(σ² + s²/n)`` gives
    ``2σ²n² + 3s²n − s²N = 0``, i.e. ``n* = (√(9s⁴ + 8Nσ²s²) − 3s²) / (4σ²)``.
    """
    s2, v2 = response_sd**2, prior_sd**2
    return (math.sqrt(9 * s2 * s2 + 8 * population * v2 * s2) - 3 * s2) / (4 * v2)


def _profit_and_gradient(
    population: float,
    n: tuple[float, float],
    mean: tuple[float, float],
    prior_sd: tuple[float, float],
    response_sd: tuple[float, float],
) -> tuple[float, tuple[float, float]]:
    """Expected profit of one plan and its derivatives in ``(n_control, n_treatment)``, in plain floats.

    ``g(v) = μ_1 + e·Φ(e/v) + v·φ(e/v)`` has ``g'(v) = φ(e/v)``; ``w_k = σ⁴n/(σ²n + s²)`` has
    ``w_k' = σ⁴s²/(σ²n + s²)²`` and ``v = √(w_0 + w_1)``.
    """
    var, dvar = 0.0, [0.0, 0.0]
    for k in (0, 1):
        sd, s = prior_sd[k], response_sd[k]
        if sd > 0:
            denom = sd**2 * n[k] + s**2
            var += sd**4 * n[k] / denom
            dvar[k] = sd**4 * s**2 / denom**2
    diff, rest = mean[0] - mean[1], population - n[0] - n[1]
    if var <= 0:
        best = max(mean)
        return n[0] * mean[0] + n[1] * mean[1] + rest * best, (mean[0] - best, mean[1] - best)
    spread = math.sqrt(var)
    z = diff / spread
    density = math.exp(-0.5 * z * z) / _SQRT_2PI
    best = mean[1] + diff * 0.5 * math.erfc(-z / math.sqrt(2)) + spread * density
    grad = (
        mean[0] - best + rest * density * dvar[0] / (2 * spread),
        mean[1] - best + rest * density * dvar[1] / (2 * spread),
    )
    return n[0] * mean[0] + n[1] * mean[1] + rest * best, grad


def numeric_optimum(
    population: float,
    mean: tuple[float, float],
    prior_sd: tuple[float, float],
    response_sd: tuple[float, float],
) -> tuple[float, float]:
    """Continuous (n_control, n_treatment) maximising expected profit: multi-start L-BFGS-B.

    Each cell is searched as ``x = log1p(n) / log1p(N/2)`` in [0, 1] (an empty cell is on the boundary,
    the √N scale of the optimum is well conditioned, and the plan always fits); the objective is the gain
    over not testing, normalised by the value of perfect information, with its exact gradient.
    """
    scale = math.log1p(population / 2)
    base = max(mean) * population
    value = float(expected_max(mean[0] - mean[1], mean[1], math.hypot(*prior_sd))) * population - base
    value = value if value > 0 else 1.0

    def loss(x: np.ndarray) -> tuple[float, np.ndarray]:
        n = (math.expm1(x[0] * scale), math.expm1(x[1] * scale))
        profit, grad = _profit_and_gradient(population, n, mean, prior_sd, response_sd)
        chain = np.array([grad[k] * scale * (n[k] + 1) for k in (0, 1)])
        return -(profit - base) / value, -chain / value

    starts = [(0.3, 0.3), (0.5, 0.5), (0.7, 0.7), (0.25, 0.6), (0.6, 0.25)]
    fits = [
        minimize(
            loss,
            np.array(start),
            jac=True,
            method="L-BFGS-B",
            bounds=[(0.0, 1.0)] * 2,
            options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 1000},
        )
        for start in starts
    ]
    best = min(fits, key=lambda fit: fit.fun)
    return math.expm1(best.x[0] * scale), math.expm1(best.x[1] * scale)


def best_integer_plan(
    population: int,
    n_control: float,
    n_treatment: float,
    mean: tuple[float, float],
    prior_sd: tuple[float, float],
    response_sd: tuple[float, float],
) -> tuple[int, int]:
    """The best whole-customer plan next to a continuous optimum (±2 customers per cell)."""
    cand_c = np.arange(math.floor(n_control) - 2, math.floor(n_control) + 4)
    cand_t = np.arange(math.floor(n_treatment) - 2, math.floor(n_treatment) + 4)
    grid_c, grid_t = np.meshgrid(cand_c, cand_t, indexing="ij")
    ok = (grid_c >= 0) & (grid_t >= 0) & (grid_c + grid_t <= population)
    test, rollout = plan_profit(population, grid_c[ok], grid_t[ok], mean, prior_sd, response_sd)
    pick = int(np.argmax(test + rollout))
    return int(grid_c[ok][pick]), int(grid_t[ok][pick])

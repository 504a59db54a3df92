"""The random-effects model behind the portfolio: τ², the pooled mean and the empirical-Bayes predictions.

Each campaign ``i`` reports an estimate ``y_i`` with sampling variance ``v_i = SE_i²`` of its true value
``θ_i``; the true values scatter around the portfolio mean ``μ`` with variance ``τ²``:
``y_i = θ_i + e_i``, ``θ_i = μ + u_i``, ``e_i ~ N(0, v_i)``, ``u_i ~ N(0, τ²)``.

* ``τ²``: DerSimonian–Laird's moment estimate ``max(0, (Q − (k − 1)) / C)`` or Paule–Mandel's root of
  the generalised ``Q(τ²) = k − 1`` (0 when ``Q(0) ≤ k − 1``) – the two estimators
  ``experiments.prior_from_past_campaigns`` offers (statsmodels ``combine_effects`` ``"dl"`` and
  ``"iterated"``), computed here with numpy so that ``import rollout`` does not load statsmodels.
* The pooled mean ``μ̂ = Σ w_i y_i / W`` with ``w_i = 1 / (v_i + τ²)``, ``W = Σ w_i``, ``Var μ̂ = 1 / W``.
* Each campaign's best linear unbiased prediction (empirical Bayes) ``θ̃_i = μ̂ + B_i (y_i − μ̂)`` with
  ``B_i = τ² / (τ² + v_i)`` and prediction error variance ``B_i v_i + (1 − B_i)² / W`` (as metafor's
  ``blup``); a sum over a set ``S`` has ``Σ_S B_i v_i + (Σ_S (1 − B_i))² / W`` (the cross terms vanish
  because ``B_i e_i − (1 − B_i) u_i`` is uncorrelated with ``μ̂``). Both are conditional on ``τ̂²``.

References:
    DerSimonian & Laird (1986); Paule & Mandel (1982); DerSimonian & Kacker (2007), appendix (the
    Paule–Mandel iteration); Raudenbush & Bryk (2002) ch. 3 (empirical-Bayes prediction and its
    variance); docs/formulas.md §17.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("paule-mandel", "dersimonian-laird")
_TOL = 1e-15
_MAXITER = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class RandomEffectsFit:
    """τ², the pooled mean with its variance, Cochran's Q and I² of one set of estimates."""

    tau_squared: float
    mean: float
    mean_variance: float
    q_statistic: float
    i_squared: float
    weights: np.ndarray


def q_statistic(y: np.ndarray, v: np.ndarray, tau2: float = 0.0) -> float:
    """Generalised Cochran's Q: ``Σ w_i (y_i − μ̂)²`` with ``w_i = 1 / (v_i + τ²)``.

    Examples:
        >>> round(q_statistic(np.array([1.0, 3.0]), np.array([1.0, 1.0])), 6)
        2.0
    """
    w = 1.0 / (v + tau2)
    mean = float(w @ y / w.sum())
    return float(w @ (y - mean) ** 2)


def tau2_dersimonian_laird(y: np.ndarray, v: np.ndarray) -> float:
    """DerSimonian–Laird's ``max(0, (Q − (k − 1)) / (Σw − Σw² / Σw))`` with ``w = 1 / v``.

    Examples:
        >>> tau2_dersimonian_laird(np.array([1.0, 3.0, 8.0]), np.array([1.0, 1.0, 1.0]))
        12.0
    """
    w = 1.0 / v
    c = float(w.sum() - (w**2).sum() / w.sum())
    return max(0.0, (q_statistic(y, v) - (len(y) - 1)) / c)


def tau2_paule_mandel(y: np.ndarray, v: np.ndarray) -> float:
    """Paule–Mandel's ``τ²``: the root of ``Q(τ²) = k − 1`` (0 when ``Q(0) ≤ k − 1``).

    ``Q(τ²)`` decreases in ``τ²``; the Newton-type step of DerSimonian & Kacker (2007) from 0 climbs to
    the root monotonically, and a bisection takes over if a step ever overshoots.

    Examples:
        >>> round(tau2_paule_mandel(np.array([1.0, 3.0, 8.0]), np.array([1.0, 1.0, 1.0])), 9)
        12.0
    """
    target = len(y) - 1
    if q_statistic(y, v) <= target:
        return 0.0
    low, tau2 = 0.0, 0.0
    for _ in range(_MAXITER):
        w = 1.0 / (v + tau2)
        resid = y - float(w @ y / w.sum())
        excess = float(w @ resid**2) - target
        step = excess / float((w**2) @ resid**2)
        if excess < 0:  # overshot: the root lies between the last point below it and here
            return _bisect(y, v, low, tau2, target)
        low, tau2 = tau2, tau2 + step
        if step <= _TOL * max(tau2, 1e-300):
            return tau2
    return tau2


def _bisect(y: np.ndarray, v: np.ndarray, low: float, high: float, target: float) -> float:
    for _ in range(200):
        mid = 0.5 * (low + high)
        if q_statistic(y, v, mid) > target:
            low = mid
        else:
            high = mid
        if high - low <= _TOL * high:
            break
    return 0.5 * (low + high)


def fit(y: np.ndarray, v: np.ndarray, method: str) -> RandomEffectsFit:
    """τ² by ``method``, then the random-effects mean, its variance, Q (at τ² = 0) and I².

    Examples:
        >>> f = fit(np.array([1.0, 3.0, 8.0]), np.array([1.0, 1.0, 1.0]), "dersimonian-laird")
        >>> f.tau_squared, f.mean, round(f.mean_variance, 6), f.q_statistic
        (12.0, 4.0, 4.333333, 26.0)
    """
    tau2 = tau2_paule_mandel(y, v) if method == "paule-mandel" else tau2_dersimonian_laird(y, v)
    w = 1.0 / (v + tau2)
    q = q_statistic(y, v)
    i2 = max(0.0, (q - (len(y) - 1)) / q) if q > 0 else 0.0
    return RandomEffectsFit(
        tau_squared=tau2,
        mean=float(w @ y / w.sum()),
        mean_variance=float(1.0 / w.sum()),
        q_statistic=q,
        i_squared=i2,
        weights=w,
    )


def shrinkage(v: np.ndarray, tau2: float) -> np.ndarray:
    """``B_i = τ² / (τ² + v_i)``: the share of a campaign's own deviation from the mean that is kept."""
    return tau2 / (tau2 + v)


def predictions(y: np.ndarray, v: np.ndarray, f: RandomEffectsFit) -> tuple[np.ndarray, np.ndarray]:
    """Empirical-Bayes predictions ``θ̃_i`` and their prediction error variances.

    Examples:
        >>> y, v = np.array([1.0, 3.0, 8.0]), np.array([1.0, 1.0, 1.0])
        >>> pred, pev = predictions(y, v, fit(y, v, "dersimonian-laird"))
        >>> [round(float(p), 4) for p in pred], round(float(pev[0]), 6)
        ([1.2308, 3.0769, 7.6923], 0.948718)
    """
    b = shrinkage(v, f.tau_squared)
    pred = f.mean + b * (y - f.mean)
    return pred, b * v + (1.0 - b) ** 2 * f.mean_variance


def total_variance(v: np.ndarray, f: RandomEffectsFit, chosen: np.ndarray) -> float:
    """Prediction error variance of ``Σ_S θ̃_i`` over the campaigns ``chosen`` (a boolean mask)."""
    b = shrinkage(v[chosen], f.tau_squared)
    return float((b * v[chosen]).sum() + (1.0 - b).sum() ** 2 * f.mean_variance)

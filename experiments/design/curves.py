"""Power curves for charts: power against the lift (fixed arms) or against the pilot size (fixed lift).

Each function returns a small pandas DataFrame, one row per point, computed in one vectorised call
with the same formulas as :mod:`experiments.design.proportions` and :mod:`experiments.design.means`.
Curves against the lift take the arguments of ``power_two_*``; curves against the size take those of
``sample_size_two_*`` (``ratio``, ``n_treatments`` with its Bonferroni alpha, ``n_total`` over all arms).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from experiments.design import means as _means
from experiments.design import proportions as _props
from experiments.design._sizing_common import (
    MIN_N,
    check_arms,
    check_design,
    check_direction,
    check_effect_value,
    check_finite,
    check_treatment_rate,
    resolve_rate_effect,
    smallest_design,
    treatment_size,
)
from planner_common import (
    InputError,
    check_alternative,
    check_choice,
    check_int,
    check_positive,
    check_probability,
    check_rate,
)

N_POINTS = 41
_LIFT_REACH, _N_REACH = 1.75, 2.5  # default grids end at this multiple of the 80 %-power lift / size


def _grid(end: float, n_points: int) -> np.ndarray:
    return np.linspace(0.0, end, check_int("n_points", n_points, minimum=2))


def _n_grid(values: Iterable[object] | None, n80: int, n_points: int) -> np.ndarray:
    if values is None:
        top = max(MIN_N + 1, math.ceil(_N_REACH * n80))
        return np.unique(np.round(np.linspace(MIN_N, top, check_int("n_points", n_points, minimum=2))))
    return _non_empty("n_controls", [check_int("n_controls", v, minimum=MIN_N) for v in values])


def _check_effects(values: Iterable[object]) -> np.ndarray:
    return _non_empty("effect_sizes", [check_finite("effect_sizes", v) for v in values])


def _non_empty(field: str, values: list[float]) -> np.ndarray:
    if not values:
        raise InputError("empty_grid", f"{field} is empty; give at least one value.", field=field, value=[])
    return np.array(values, dtype=float)


def power_curve(
    baseline_rate: float,
    *,
    n_control: int,
    n_treatment: int,
    effect_sizes: Iterable[float] | None = None,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    method: str = "normal",
    n_points: int = N_POINTS,
) -> pd.DataFrame:
    """Power of a rate comparison with fixed arms, against the absolute lift.

    Args:
        baseline_rate: Control rate (fraction).
        n_control: Customers in the control group.
        n_treatment: Customers in the treatment group.
        effect_sizes: Absolute lifts to evaluate; by default ``n_points`` from 0 to 1.75 × the lift
            detected with 80 % power (negative lifts for "less").
        alpha: Significance level (per comparison: with several treatments, alpha / n_treatments).
        alternative: "two-sided", "greater" or "less".
        method: "normal" or "arcsine".
        n_points: Size of the default grid.

    Returns:
        DataFrame with columns ``effect_size``, ``rel_effect_size``, ``treatment_rate``, ``power``.

    Examples:
        How likely is a 5,000 / 20,000 direct-mail pilot on a 2 % baseline to detect each lift?

        >>> curve = power_curve(0.02, n_control=5_000, n_treatment=20_000,
        ...                     effect_sizes=[0.0, 0.005, 0.01])
        >>> curve[["effect_size", "power"]].round(3).to_dict("list")
        {'effect_size': [0.0, 0.005, 0.01], 'power': [0.05, 0.545, 0.982]}

    References:
        Same formulas as :func:`~experiments.design.proportions.power_two_proportions`.
    """
    baseline = check_rate("baseline_rate", baseline_rate)
    n_c, n_t = check_arms(n_control, n_treatment)
    alpha = check_probability("alpha", alpha)
    alternative, method = check_alternative(alternative), check_choice("method", method, _props.METHODS)
    if effect_sizes is None:
        sign = -1.0 if alternative == "less" else 1.0
        room = (baseline if sign < 0 else 1 - baseline) * (1 - 1e-9)
        mde = abs(_props.mde_rate(baseline, n_c, n_t, alpha, 0.8, alternative, method, sign) - baseline)
        effects = sign * _grid(room if math.isnan(mde) else min(_LIFT_REACH * mde, room), n_points)
    else:
        effects = _check_effects(effect_sizes)
    rates = baseline + effects
    for effect, rate in zip(effects, rates, strict=True):
        check_treatment_rate("effect_sizes", effect, float(rate))
    power = _props.proportion_power(baseline, rates, n_c, n_t, alpha, alternative, method)
    return pd.DataFrame(
        {
            "effect_size": effects,
            "rel_effect_size": effects / baseline,
            "treatment_rate": rates,
            "power": power,
        }
    )


def power_curve_by_n(
    baseline_rate: float,
    *,
    effect_size: float | None = None,
    rel_effect_size: float | None = None,
    ratio: float = 1.0,
    n_treatments: int = 1,
    n_controls: Iterable[int] | None = None,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    method: str = "normal",
    n_points: int = N_POINTS,
) -> pd.DataFrame:
    """Power of a rate comparison for a fixed lift, against the size of the control group.

    Args:
        baseline_rate: Control rate (fraction).
        effect_size: Absolute lift; or
        rel_effect_size: Relative lift. Give exactly one.
        ratio: ``n_treatment / n_control``; each treatment arm has ``ceil(ratio * n_control)``.
        n_treatments: Treatment arms sharing the control (alpha is split across them).
        n_controls: Control sizes to evaluate; by default ``n_points`` from 2 to 2.5 × the size that
            gives 80 % power.
        alpha: Significance level before the Bonferroni split.
        alternative: "two-sided", "greater" or "less".
        method: "normal" or "arcsine".
        n_points: Size of the default grid.

    Returns:
        DataFrame with columns ``n_control``, ``n_treatment``, ``n_total``, ``power``.

    Examples:
        Power to detect 2 % → 2.5 % as the pilot grows (equal split):

        >>> curve = power_curve_by_n(0.02, effect_size=0.005, n_controls=[5_000, 13_809, 30_000])
        >>> curve["power"].round(3).tolist()
        [0.392, 0.8, 0.985]

    References:
        Same formulas as :func:`~experiments.design.proportions.sample_size_two_proportions`.
    """
    baseline = check_rate("baseline_rate", baseline_rate)
    design = check_design(
        alpha=alpha,
        power=0.8,
        ratio=ratio,
        alternative=alternative,
        method=method,
        methods=_props.METHODS,
        n_treatments=n_treatments,
        population=None,
        daily_volume=None,
    )
    rate, effect, _ = resolve_rate_effect(baseline, effect_size, rel_effect_size)
    check_direction(effect, design.alternative)
    args = (design.alpha_per_comparison, design.alternative, design.method)

    def power_at(n_c: Any, n_t: Any) -> Any:
        return _props.proportion_power(baseline, rate, n_c, n_t, *args)

    n80 = smallest_design(power_at, 0.8, design.ratio, effect)[0] if n_controls is None else 0
    return _by_n_frame(_n_grid(n_controls, n80, n_points), design.ratio, design.n_treatments, power_at)


def power_curve_means(
    std: float,
    *,
    n_control: int,
    n_treatment: int,
    effect_sizes: Iterable[float] | None = None,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    method: str = "t",
    n_points: int = N_POINTS,
) -> pd.DataFrame:
    """Power of a comparison of means with fixed arms, against the difference of means.

    Args:
        std: Standard deviation of the metric per customer.
        n_control: Customers in the control group.
        n_treatment: Customers in the treatment group.
        effect_sizes: Differences to evaluate; by default ``n_points`` from 0 to 1.75 × the difference
            detected with 80 % power (negative for "less").
        alpha: Significance level per comparison.
        alternative: "two-sided", "greater" or "less".
        method: "t" or "normal".
        n_points: Size of the default grid.

    Returns:
        DataFrame with columns ``effect_size``, ``standardized_effect``, ``power``.

    Examples:
        Revenue per customer, sd $45, 2,000 held out and 8,000 treated:

        >>> curve = power_curve_means(45, n_control=2_000, n_treatment=8_000, effect_sizes=[1, 3, 5])
        >>> curve["power"].round(3).tolist()
        [0.144, 0.76, 0.994]

    References:
        Same formulas as :func:`~experiments.design.means.power_two_means`.
    """
    sd = check_positive("std", std)
    n_c, n_t = check_arms(n_control, n_treatment)
    alpha = check_probability("alpha", alpha)
    alternative, method = check_alternative(alternative), check_choice("method", method, _means.METHODS)
    if effect_sizes is None:
        sign = -1.0 if alternative == "less" else 1.0
        d80 = _means.mde_standardized(n_c, n_t, alpha, 0.8, alternative, method, sign)
        effects = _grid(_LIFT_REACH * d80 * sd, n_points)
    else:
        effects = _check_effects(effect_sizes)
    power = _means.mean_power(effects / sd, n_c, n_t, alpha, alternative, method)
    return pd.DataFrame({"effect_size": effects, "standardized_effect": effects / sd, "power": power})


def power_curve_means_by_n(
    std: float,
    *,
    effect_size: float,
    ratio: float = 1.0,
    n_treatments: int = 1,
    n_controls: Iterable[int] | None = None,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    method: str = "t",
    n_points: int = N_POINTS,
) -> pd.DataFrame:
    """Power of a comparison of means for a fixed difference, against the size of the control group.

    Args:
        std: Standard deviation of the metric per customer.
        effect_size: Difference of means (treatment − control, ≠ 0).
        ratio: ``n_treatment / n_control``.
        n_treatments: Treatment arms sharing the control (alpha is split across them).
        n_controls: Control sizes to evaluate; by default ``n_points`` from 2 to 2.5 × the size that
            gives 80 % power.
        alpha: Significance level before the Bonferroni split.
        alternative: "two-sided", "greater" or "less".
        method: "t" or "normal".
        n_points: Size of the default grid.

    Returns:
        DataFrame with columns ``n_control``, ``n_treatment``, ``n_total``, ``power``.

    Examples:
        Detecting +$1.50 on revenue (sd $45) with four treated customers per control:

        >>> curve = power_curve_means_by_n(45, effect_size=1.5, ratio=4, n_controls=[2_000, 10_000])
        >>> curve[["n_total", "power"]].round(3).to_dict("list")
        {'n_total': [10000, 50000], 'power': [0.266, 0.846]}

    References:
        Same formulas as :func:`~experiments.design.means.sample_size_two_means`.
    """
    sd = check_positive("std", std)
    design = check_design(
        alpha=alpha,
        power=0.8,
        ratio=ratio,
        alternative=alternative,
        method=method,
        methods=_means.METHODS,
        n_treatments=n_treatments,
        population=None,
        daily_volume=None,
    )
    d = check_effect_value("effect_size", effect_size) / sd
    check_direction(d, design.alternative)
    args = (design.alpha_per_comparison, design.alternative, design.method)

    def power_at(n_c: Any, n_t: Any) -> Any:
        return _means.mean_power(d, n_c, n_t, *args)

    n80 = smallest_design(power_at, 0.8, design.ratio, d * sd)[0] if n_controls is None else 0
    return _by_n_frame(_n_grid(n_controls, n80, n_points), design.ratio, design.n_treatments, power_at)


def _by_n_frame(
    n_controls: np.ndarray, ratio: float, n_treatments: int, power_at: Callable[[object, object], object]
) -> pd.DataFrame:
    n_treatment = np.array([treatment_size(int(n), ratio) for n in n_controls], dtype=float)
    total = n_controls + n_treatments * n_treatment
    return pd.DataFrame(
        {
            "n_control": n_controls.astype(np.int64),
            "n_treatment": n_treatment.astype(np.int64),
            "n_total": total.astype(np.int64),
            "power": power_at(n_controls, n_treatment),
        }
    )


__all__ = ["power_curve", "power_curve_by_n", "power_curve_means", "power_curve_means_by_n"]

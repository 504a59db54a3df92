"""Shared pieces of the sizing engine: input checks, the integer search, the fit in the base.

The power formulas live in :mod:`experiments.design.proportions` and :mod:`experiments.design.means`
(this module only holds the normal rejection tails they share); the searches here only rely on power
rising with the sample size and with the size of the effect.

Conventions (see docs/architecture.md §4):

* ``ratio = n_treatment / n_control``; a design has one control and ``n_treatments`` treatment arms
  of equal size, so ``n_total = n_control + n_treatments * n_treatment``.
* With several treatments, alpha is split equally across the treatment-vs-control comparisons
  (Bonferroni): every comparison is sized at ``alpha / n_treatments``.
* The sample size is the smallest whole ``n_control`` whose design
  ``(n_control, n_treatment = ceil(ratio * n_control))`` reaches the power. For ``ratio = 1`` this is
  ``ceiling(n)`` of R's ``power.prop.test`` / ``power.t.test``. Every arm has at least 2 customers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real
from typing import Any

from scipy.special import ndtr, ndtri

from planner_common import (
    InputError,
    check_alternative,
    check_choice,
    check_int,
    check_positive,
    check_probability,
)

MIN_N = 2
MAX_N = 1e15
_RATIO_SLACK = 1e-9  # ratio * n that is an integer up to float noise must not round up


# ---------------------------------------------------------------- validation -----------------------


def check_finite(field: str, value: object) -> float:
    """A finite real number (an effect may be negative or, for power, 0)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise InputError(
            "not_a_number", f"{field} must be a finite number, got {value!r}.", field=field, value=value
        )
    return float(value)


def check_effect_value(field: str, value: object) -> float:
    """A finite, non-zero effect (absolute or relative) to size for."""
    effect = check_finite(field, value)
    if effect == 0:
        raise InputError(
            "effect_zero",
            f"{field} is 0: give the smallest lift worth detecting, "
            "e.g. 0.005 (half a point) or a relative 0.10.",
            field=field,
            value=0,
        )
    return effect


def resolve_rate_effect(
    baseline_rate: float, effect_size: object, rel_effect_size: object
) -> tuple[float, float, float]:
    """Exactly one of the absolute or relative lift → (treatment_rate, effect_size, rel_effect_size)."""
    if (effect_size is None) == (rel_effect_size is None):
        code = "effect_missing" if effect_size is None else "effect_twice"
        raise InputError(
            code,
            "Give exactly one of effect_size (absolute, e.g. 0.005) or "
            f"rel_effect_size (relative, e.g. 0.10); got effect_size={effect_size!r}, "
            f"rel_effect_size={rel_effect_size!r}.",
            field="effect_size",
            value=effect_size,
        )
    if effect_size is not None:
        effect = check_effect_value("effect_size", effect_size)
        treatment_rate = baseline_rate + effect
        check_treatment_rate("effect_size", effect_size, treatment_rate)
        return treatment_rate, effect, effect / baseline_rate
    rel = check_effect_value("rel_effect_size", rel_effect_size)
    treatment_rate = baseline_rate * (1 + rel)
    check_treatment_rate("rel_effect_size", rel_effect_size, treatment_rate)
    return treatment_rate, treatment_rate - baseline_rate, rel


def check_treatment_rate(field: str, value: object, treatment_rate: float) -> None:
    """The lift must keep the treatment rate strictly between 0 and 1."""
    if not 0 < treatment_rate < 1:
        raise InputError(
            "rate_outside_unit",
            f"{field}={value} puts the treatment rate at {treatment_rate:g}, outside 0–1; "
            "choose a smaller lift.",
            field=field,
            value=value,
            rate=treatment_rate,
        )


def check_direction(effect: float, alternative: str) -> None:
    """A one-sided design must look for the effect in the direction it tests."""
    if (alternative == "greater" and effect < 0) or (alternative == "less" and effect > 0):
        wanted = "positive" if alternative == "greater" else "negative"
        raise InputError(
            "effect_against_alternative",
            f"effect_size={effect:g} points the other way from alternative={alternative!r}, "
            f"which needs a {wanted} effect; flip its sign or use 'two-sided'.",
            field="alternative",
            value=alternative,
            effect=effect,
        )


@dataclass(frozen=True, slots=True)
class DesignInputs:
    """Validated design choices common to every sizing call."""

    alpha: float
    power: float
    ratio: float
    alternative: str
    method: str
    n_treatments: int
    population: int | None
    daily_volume: float | None

    @property
    def alpha_per_comparison(self) -> float:
        """Bonferroni share of alpha for each treatment-vs-control comparison."""
        return self.alpha / self.n_treatments


def check_design(
    *,
    alpha: object,
    power: object,
    ratio: object,
    alternative: object,
    method: object,
    methods: tuple[str, ...],
    n_treatments: object,
    population: object,
    daily_volume: object,
) -> DesignInputs:
    """Validate the design arguments of a sample-size call (each error names its field)."""
    checked_alpha = check_probability("alpha", alpha)
    return DesignInputs(
        alpha=checked_alpha,
        power=check_power(power, checked_alpha),
        ratio=check_positive("ratio", ratio),
        alternative=check_alternative(alternative),
        method=check_choice("method", method, methods),
        n_treatments=check_int("n_treatments", n_treatments),
        population=None if population is None else check_int("population", population),
        daily_volume=None if daily_volume is None else check_positive("daily_volume", daily_volume),
    )


def check_power(power: object, alpha: float) -> float:
    """The target power: a probability above ``alpha`` (a test rejects with probability alpha when there
    is no effect at all, so a lower target is met by 2 customers per arm and means nothing).

    Examples:
        >>> check_power(0.8, 0.05)
        0.8
    """
    target = check_probability("power", power)
    if target <= alpha:
        raise InputError(
            "power_below_alpha",
            f"power={target:g} must be above alpha={alpha:g}: with no effect at all the test already "
            f"rejects {alpha:.0%} of the time; ask for e.g. power=0.8.",
            field="power",
            value=target,
            alpha=alpha,
        )
    return target


def check_arms(n_control: object, n_treatment: object) -> tuple[int, int]:
    """Whole arm sizes of at least 2 customers."""
    return (
        check_int("n_control", n_control, minimum=MIN_N),
        check_int("n_treatment", n_treatment, minimum=MIN_N),
    )


# ---------------------------------------------------------------- search -----------------------------


def treatment_size(n_control: int, ratio: float) -> int:
    """Customers per treatment arm for a control of ``n_control``: ``ceil(ratio * n_control)``, ≥ 2."""
    return max(MIN_N, math.ceil(ratio * n_control - _RATIO_SLACK))


def smallest_design(
    power_at: Callable[[float, float], float], target: float, ratio: float, effect: float = math.nan
) -> tuple[int, int, float]:
    """Smallest whole ``n_control`` whose design reaches ``target`` → (n_control, n_treatment, power).

    A root finder solves the continuous problem (``n_treatment = ratio * n_control``); its ceiling is the
    start of an integer search. Because ``n_treatment = ceil(ratio * n_control)`` is rounded up, smaller
    controls may still reach the power (with ``ratio = 1e-7`` ten million of them in a row), so the
    search steps down in doubling strides (the first one ``1 / ratio`` wide) until it falls short and then
    bisects: O(log n) power evaluations whatever the ratio. Power rises with each arm, so this is the smallest such integer.

    Examples:
        A test whose power is simply ``n_control / 100`` (a stand-in) reaches 80 % at 80 customers:

        >>> smallest_design(lambda n_c, n_t: min(n_c / 100, 1.0), 0.8, 1.0)[0]
        80

    References:
        Brent (1973), *Algorithms for Minimization without Derivatives*, ch. 4; integer bisection
        (binary search) on a monotone predicate.
    """

    def gap(n: float) -> float:  # the treated arm never shrinks below MIN_N, as in treatment_size
        return float(power_at(n, max(ratio * n, MIN_N))) - target

    def reached(k: int) -> bool:
        return float(power_at(k, treatment_size(k, ratio))) >= target

    start = MIN_N if gap(MIN_N) >= 0 else math.ceil(_continuous_root(gap, effect))
    high = _first_reached_upwards(reached, start, effect)
    stride = max(1, math.floor(1 / ratio))  # the width of a run of controls sharing one treated size
    low = high - stride
    while low >= MIN_N and reached(low):  # doubling strides down until the design falls short
        high, stride = low, stride * 2
        low = high - stride
    low = max(low, MIN_N - 1)  # MIN_N - 1 stands for "falls short" (no arm may be smaller)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if reached(mid) else (mid, high)
    n_treatment = treatment_size(high, ratio)
    return high, n_treatment, float(power_at(high, n_treatment))


def _continuous_root(gap: Callable[[float], float], effect: float) -> float:
    low, high = float(MIN_N), 16.0 * MIN_N
    while gap(high) < 0:
        if high > MAX_N:
            _too_small(effect)
        low, high = high, high * 16
    return bisect_increasing(gap, low, high, xtol=0.25, rtol=0.0)  # its ceiling is checked and refined


def _first_reached_upwards(reached: Callable[[int], bool], start: int, effect: float) -> int:
    """``start`` if it reaches the power, else the first reaching integer found in doubling strides."""
    n, stride = start, 1
    while not reached(n):
        if n > MAX_N:
            _too_small(effect)
        n, stride = n + stride, stride * 2
    return n


def _too_small(effect: float) -> None:
    raise InputError(
        "effect_too_small",
        f"effect_size={effect:g} is too small to detect with any realistic pilot (it needs more than "
        f"{MAX_N:.0e} customers per arm); choose a larger lift.",
        field="effect_size",
        value=effect,
    )


def solve_increasing(gap: Callable[[float], float], low: float, high: float, *, grow: bool = False) -> float:
    """Root of an increasing ``gap`` in (low, high); ``nan`` when not bracketed.

    With ``grow`` the upper end is multiplied by 4 until bracketed (unbounded effects of means).
    """
    if gap(high) < 0 and grow:
        while gap(high) < 0 and high < 1e300:
            low, high = high, high * 4
    if not gap(low) < 0 <= gap(high):
        return math.nan
    return bisect_increasing(gap, low, high, xtol=1e-15, rtol=1e-13)


def bisect_increasing(
    gap: Callable[[float], float], low: float, high: float, *, xtol: float, rtol: float
) -> float:
    """The root of an increasing ``gap`` with ``gap(low) < 0 <= gap(high)``, by bisection.

    Returns the upper end of the final bracket, so the point returned always reaches the target
    (``gap >= 0``); the bracket is at most ``xtol + rtol * high`` wide. About 50 halvings reach double
    precision, each one power evaluation: cheaper than loading ``scipy.optimize`` for it.

    Examples:
        The lift that gives 80 % power is where ``power - 0.8`` crosses zero; with a toy power curve:

        >>> round(bisect_increasing(lambda x: x * x - 2, 0.0, 2.0, xtol=1e-15, rtol=1e-13), 12)
        1.414213562373
    """
    while high - low > xtol + rtol * abs(high):
        mid = 0.5 * (low + high)
        if not low < mid < high:  # the bracket is as narrow as floating point allows
            break
        low, high = (mid, high) if gap(mid) < 0 else (low, mid)
    return high


def below_alpha_notes(power: float, alpha: float, effect: float, alternative: str) -> tuple[str, ...]:
    """A caveat when an effect in the tested direction gets less power than alpha (the normal
    approximation breaks down for tiny or very unequal arms; an unbiased test never does that).

    Examples:
        >>> below_alpha_notes(0.021, 0.05, 0.016, "two-sided")[0][:38]
        'The computed power (0.021) is below al'
        >>> below_alpha_notes(0.021, 0.05, -0.016, "greater")    # against the alternative: expected
        ()
    """
    against = (alternative == "greater" and effect < 0) or (alternative == "less" and effect > 0)
    if effect == 0 or against or not power < alpha:
        return ()
    return (
        f"The computed power ({power:.2g}) is below alpha ({alpha:g}) for a real effect: with arms this "
        "small or this unequal the approximation breaks down; read it as no chance of detection and "
        "enlarge the arms.",
    )


# ---------------------------------------------------------------- normal tails -----------------------


def critical_z(alpha: float, alternative: str) -> float:
    """Upper critical value of the standard normal (alpha/2 per tail when two-sided)."""
    return -float(ndtri(alpha / 2 if alternative == "two-sided" else alpha))


def normal_tails(shift: Any, sd_null: Any, sd_alt: Any, z: float, alternative: str) -> Any:
    """Rejection probability of a z statistic; ``shift`` > 0 means treatment above control.

    The statistic is ``estimate / sd_null`` with ``estimate ~ N(shift, sd_alt²)``; "greater" rejects in
    the upper tail, "less" in the lower one, "two-sided" in **both** (R's ``strict = TRUE``).
    Works element-wise on numpy arrays.
    """
    upper = ndtr((shift - z * sd_null) / sd_alt) if alternative != "less" else 0.0
    lower = ndtr((-shift - z * sd_null) / sd_alt) if alternative != "greater" else 0.0
    return upper + lower

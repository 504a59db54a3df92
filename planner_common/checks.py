"""Boundary checks that raise :class:`InputError` with a sentence a marketer understands."""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

from planner_common.errors import InputError

ALTERNATIVES = ("two-sided", "greater", "less")


def _check_number(field: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(float(value)):
        raise InputError(
            "not_a_number", f"{field} must be a number, got {value!r}.", field=field, value=value
        )
    return float(value)


def check_rate(field: str, value: object, *, allow_zero: bool = False, allow_one: bool = False) -> float:
    """Check a rate given as a fraction in (0, 1); hint at percents typed as whole numbers.

    Examples:
        >>> check_rate("baseline_rate", 0.03)
        0.03
        >>> check_rate("baseline_rate", 3)
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: baseline_rate must be a fraction between 0 and 1, got 3; did you mean 3 % (0.03)?
    """
    x = _check_number(field, value)
    low_ok = x > 0 or (allow_zero and x == 0)
    high_ok = x < 1 or (allow_one and x == 1)
    if low_ok and high_ok:
        return x
    if 1 < x <= 100:
        raise InputError(
            "rate_as_percent",
            f"{field} must be a fraction between 0 and 1, got {value}; "
            f"did you mean {value:g} % ({x / 100:g})?",
            field=field,
            value=x,
            suggestion=x / 100,
        )
    raise InputError(
        "rate_out_of_range", f"{field} must be a fraction between 0 and 1, got {value}.", field=field, value=x
    )


def check_probability(field: str, value: object) -> float:
    """Check alpha, power or a confidence level: strictly between 0 and 1.

    Examples:
        >>> check_probability("alpha", 0.05)
        0.05
    """
    return check_rate(field, value)


def check_positive(field: str, value: object) -> float:
    """Check a strictly positive finite number (a size, a standard deviation, a margin).

    Examples:
        >>> check_positive("std", 12.5)
        12.5
    """
    x = _check_number(field, value)
    if not (x > 0 and math.isfinite(x)):
        raise InputError(
            "not_positive", f"{field} must be greater than 0, got {value}.", field=field, value=x
        )
    return x


def check_finite(field: str, value: object) -> float:
    """Check a finite real number of any sign (an effect, a mean); text, ``None``, ``nan``, ``inf`` refused.

    Examples:
        >>> check_finite("effect_size", -1.5)
        -1.5
        >>> check_finite("mean", float("inf"))
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: mean must be a finite number, got inf.
    """
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise InputError(
            "not_a_number", f"{field} must be a finite number, got {value!r}.", field=field, value=value
        )
    return float(value)


def check_pvalue(field: str, value: object) -> float:
    """Check a p-value: a number between 0 and 1 (text, ``None`` and ``nan`` refused).

    Examples:
        >>> check_pvalue("pvalue", 0.03)
        0.03
    """
    x = _check_number(field, value)
    if not 0 <= x <= 1:
        raise InputError(
            "pvalue_out_of_range", f"{field} must lie between 0 and 1, got {value!r}.", field=field, value=x
        )
    return x


def check_nonnegative(field: str, value: object) -> float:
    """Check a finite number ≥ 0 (a fixed cost, a count).

    Examples:
        >>> check_nonnegative("fixed_cost", 0)
        0.0
    """
    x = _check_number(field, value)
    if not (x >= 0 and math.isfinite(x)):
        raise InputError("negative", f"{field} must be 0 or more, got {value}.", field=field, value=x)
    return x


def check_int(field: str, value: object, *, minimum: int = 1) -> int:
    """Check a whole number ≥ ``minimum`` (a head count, a number of arms).

    Examples:
        >>> check_int("n_treatments", 2)
        2
    """
    if isinstance(value, Integral) and not isinstance(value, bool):
        number = int(value)
    elif isinstance(value, Real) and not isinstance(value, bool) and float(value).is_integer():
        number = int(float(value))
    else:
        raise InputError(
            "not_an_integer", f"{field} must be a whole number, got {value!r}.", field=field, value=value
        )
    if number < minimum:
        raise InputError(
            "too_small",
            f"{field} must be at least {minimum}, got {number}.",
            field=field,
            value=number,
            minimum=minimum,
        )
    return number


def check_choice(field: str, value: object, choices: Iterable[str]) -> str:
    """Check that ``value`` is one of ``choices``.

    Examples:
        >>> check_choice("method", "normal", ("normal", "arcsine"))
        'normal'
    """
    options = tuple(choices)
    if value not in options:
        raise InputError(
            "bad_choice",
            f"{field} must be one of {', '.join(map(repr, options))}, got {value!r}.",
            field=field,
            value=value,
            choices=", ".join(options),
        )
    return str(value)


def check_alternative(value: object) -> str:
    """Check ``alternative`` ∈ two-sided / greater / less ("greater": treatment > control).

    Examples:
        >>> check_alternative("greater")
        'greater'
    """
    return check_choice("alternative", value, ALTERNATIVES)

"""Small shared pieces of the economics package: metric direction, normal quantiles, input checks.

Everything here is private to ``economics``; the public names are re-exported by the modules that use
them (``DIRECTIONS`` and :func:`beneficial_effect` from :mod:`economics.projection`).
"""

from __future__ import annotations

import math
from numbers import Real
from statistics import NormalDist

from planner_common import InputError, check_int, check_nonnegative, check_probability
from planner_common.checks import check_choice

DIRECTIONS = ("increase", "decrease")
_NORMAL = NormalDist()


def check_direction(value: object) -> str:
    """Check a metric direction: ``"increase"`` (more is better) or ``"decrease"`` (less is better)."""
    return check_choice("direction", value, DIRECTIONS)


def beneficial_effect(effect_size: float, direction: str = "increase") -> float:
    """The effect in the good direction: a churn fall of 5 pp is a benefit of +0.05.

    Args:
        effect_size: Treatment minus control, as measured (a fraction for rates).
        direction: ``"increase"`` when more is better (response), ``"decrease"`` when less is better
            (churn, complaints).

    Returns:
        ``effect_size`` for ``"increase"`` and ``-effect_size`` for ``"decrease"``.

    Examples:
        A retention SMS lowered 90-day churn from 30 % to 25 %: a benefit of 5 pp.

        >>> round(beneficial_effect(0.25 - 0.30, "decrease"), 4)
        0.05

    References:
        docs/ux.md "Metrics and direction".
    """
    check_direction(direction)
    return -effect_size if direction == "decrease" else effect_size


def z_two_sided(confidence_level: float) -> float:
    """The normal quantile of a two-sided interval: 0.95 → 1.959964."""
    level = check_probability("confidence_level", confidence_level)
    return _NORMAL.inv_cdf(0.5 + level / 2)


def normal_cdf(x: float) -> float:
    """Standard normal distribution function Φ(x)."""
    return _NORMAL.cdf(x)


def check_number(field: str, value: object) -> float:
    """A finite real number of any sign (a margin that may be negative, a profit)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise InputError(
            "not_a_number", f"{field} must be a finite number, got {value!r}.", field=field, value=value
        )
    return float(value)


def check_count(field: str, value: object) -> int:
    """A whole number ≥ 0 (people, responses, answers)."""
    return check_int(field, value, minimum=0)


def check_margin(field: str, value: object) -> float:
    """A contribution margin that must be > 0 for a break-even to exist.

    A zero or negative margin means the campaign loses money on every response, so no response rate,
    uplift or volume can ever pay for it; the error says so instead of returning a meaningless number.
    """
    x = check_number(field, value)
    if x <= 0:
        raise InputError(
            "no_break_even",
            f"{field} must be greater than 0, got {value}: with a zero or negative contribution margin "
            "the campaign never breaks even at any response rate (use margin, not revenue, and check "
            "returns and incentives).",
            field=field,
            value=x,
        )
    return x


def check_money(field: str, value: object) -> float:
    """A cost that must be finite and ≥ 0."""
    return check_nonnegative(field, value)


def check_rate_difference(field: str, value: object) -> float:
    """A difference of two rates (an uplift): a fraction in [−1, 1]; hints at percents typed as numbers."""
    x = check_number(field, value)
    if abs(x) <= 1:
        return x
    if abs(x) <= 100:
        raise InputError(
            "difference_as_percent",
            f"{field} must be a fraction between -1 and 1, got {value}; did you mean {x:g} % ({x / 100:g})?",
            field=field,
            value=x,
            suggestion=x / 100,
        )
    raise InputError(
        "difference_out_of_range",
        f"{field} must be a fraction between -1 and 1, got {value}.",
        field=field,
        value=x,
    )

"""Tiny stdlib-only helpers shared by every layer: input errors and boundary checks."""

from planner_common.checks import (
    check_alternative,
    check_choice,
    check_finite,
    check_int,
    check_nonnegative,
    check_positive,
    check_probability,
    check_pvalue,
    check_rate,
)
from planner_common.errors import InputError

__all__ = [
    "InputError",
    "check_alternative",
    "check_choice",
    "check_finite",
    "check_int",
    "check_nonnegative",
    "check_positive",
    "check_probability",
    "check_pvalue",
    "check_rate",
]

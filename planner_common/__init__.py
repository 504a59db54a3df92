"""Tiny helpers shared by every layer: input errors, boundary checks, locale-aware numbers.

The number names (:func:`parse_number`, :func:`format_number_input`, :func:`number_symbols`,
:class:`NumberSymbols`, and the display formatter :class:`NumberFormat` with :func:`locale_for` and
:func:`currency_digits`) load Babel on first use, so importing the package stays cheap.
"""

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
from planner_common.lazy import lazy_exports

_EXPORTS = {
    "NumberFormat": "planner_common.display",
    "NumberSymbols": "planner_common.locales",
    "currency_digits": "planner_common.display",
    "locale_for": "planner_common.display",
    "number_symbols": "planner_common.locales",
    "format_number_input": "planner_common.numbers",
    "parse_number": "planner_common.numbers",
}

__all__ = [
    "InputError",
    "NumberFormat",
    "NumberSymbols",
    "check_alternative",
    "check_choice",
    "check_finite",
    "check_int",
    "check_nonnegative",
    "check_positive",
    "check_probability",
    "check_pvalue",
    "check_rate",
    "currency_digits",
    "format_number_input",
    "locale_for",
    "number_symbols",
    "parse_number",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""A locale's number symbols and currency signs, read from Babel's CLDR data.

The number parser and the exports need the same few facts about a locale: which mark separates the
decimals, which one groups the thousands (and in groups of how many digits), how a percent is written,
and which currency signs a user may type beside a figure. They are read once per locale and cached.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from planner_common.errors import InputError

SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
CURRENCIES = ("CLP", "COP", "EUR", "MXN", "PEN", "USD")
_SYMBOL_LOCALES = ("en", "es", "es_CL", "es_CO", "es_ES", "es_MX", "es_PE")


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberSymbols:
    """How a locale writes numbers (CLDR data via Babel); spaces of every kind count as one space.

    Attributes:
        locale: Babel's name of the locale, e.g. ``"es_CL"``.
        decimal: The decimal mark, ``","`` or ``"."``.
        group: The thousands mark (``"."``, ``","``, ``"’"``; ``" "`` for any space).
        grouping: Digits in the last and in the other groups, ``(3, 3)``; ``(3, 2)`` in India.
        percent_suffix: What follows a percentage, ``"%"`` (es_CL, en_US) or ``"\\xa0%"`` (es, es_ES).
    """

    locale: str
    decimal: str
    group: str
    grouping: tuple[int, int]
    percent_suffix: str

    @property
    def list_separator(self) -> str:
        """The CSV field separator a spreadsheet in this locale expects: ``;`` beside a decimal comma."""
        return ";" if self.decimal == "," else ","


def _unknown(locale: object) -> InputError:
    return InputError(
        "unknown_locale",
        f"locale must be a known language and region such as 'es_CL', 'es_ES' or 'en_US', got {locale!r}.",
        field="locale",
        value=locale,
    )


def _parse_locale(locale: object) -> Locale:
    if not isinstance(locale, str) or not locale.strip():
        raise _unknown(locale)
    try:
        return Locale.parse(locale.strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        raise _unknown(locale) from None


@functools.cache
def number_symbols(locale: str) -> NumberSymbols:
    """The number symbols of ``locale`` (``"es_CL"``, ``"es-CL"``, ``"es"``, ``"en_US"`` ...).

    Only locales writing Latin digits with a ``,`` or ``.`` decimal mark are supported; any other raises
    :class:`InputError` ``unknown_locale``.

    Examples:
        >>> s = number_symbols("es-CL")
        >>> s.locale, s.decimal, s.group, s.grouping, s.list_separator
        ('es_CL', ',', '.', (3, 3), ';')
        >>> number_symbols("es_MX").decimal, number_symbols("es_ES").percent_suffix
        ('.', '\\xa0%')

    References:
        Unicode CLDR number symbols and patterns (UTS #35 part 3), as shipped by Babel.
    """
    parsed = _parse_locale(locale)
    symbols = parsed.number_symbols.get(parsed.default_numbering_system, {})
    decimal, group = symbols.get("decimal", ""), symbols.get("group", "")
    if parsed.default_numbering_system != "latn" or decimal not in {",", "."}:
        raise _unknown(locale)
    percent = parsed.percent_formats[None].pattern
    suffix = percent.split("0")[-1] if percent.endswith("%") else "%"
    return NumberSymbols(
        locale=str(parsed),
        decimal=decimal,
        group=" " if group in SPACES else group,
        grouping=tuple(parsed.decimal_formats[None].grouping[:2]),
        percent_suffix=suffix,
    )


@functools.cache
def currency_signs(currency: str) -> frozenset[str]:
    """The signs a user may type for ``currency``: its ISO code and its CLDR symbols, upper-cased.

    Examples:
        >>> sorted(currency_signs("CLP")), sorted(currency_signs("EUR"))
        (['$', 'CLP'], ['EUR', '€'])

    References:
        Unicode CLDR currency symbols (UTS #35 part 3), as shipped by Babel.
    """
    signs = {currency.upper()}
    for name in _SYMBOL_LOCALES:
        symbol = Locale.parse(name).currency_symbols.get(currency.upper())
        if symbol:
            signs.add(symbol.upper())
    if any(sign.endswith("$") for sign in signs):
        signs.add("$")
    return frozenset(signs)


@functools.cache
def all_currency_signs() -> tuple[str, ...]:
    """Every sign of :data:`CURRENCIES`, longest first (so ``US$`` is matched before ``$``)."""
    signs = set().union(*(currency_signs(code) for code in CURRENCIES))
    return tuple(sorted(signs, key=lambda sign: (-len(sign), sign)))

"""How every figure is written for a reader: one formatter shared by the pages, the charts and the memo.

A :class:`NumberFormat` is built for a language and a currency; the Babel locale follows both (Spanish
writes pesos the Chilean or Colombian way, euros the Spanish way, Mexican and Peruvian money with a
decimal point, as their CLDR data say). Rules kept everywhere:

* percentages keep the unit on the number with a no-break space in Spanish (``3,5 %``) and none in
  English (``3.5%``); rate differences are points (``1,00 pp``);
* a probability never rounds a real risk away (``< 1 %``, ``> 99 %``); a p-value is never ``0``
  (``p < 0,0001``);
* money has the currency's usual decimals – cash digits of CLDR: none for CLP and COP, two for EUR,
  USD, MXN, PEN –, full figures (no "M", which means thousands in Chile), and one form for a negative
  amount: the minus sign before the symbol (``-$1.043``, ``-1.043,50 €``);
* a missing or undefined value is ``—``.

References:
    Unicode CLDR number, percent and currency patterns and currency fractions (via Babel).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.core import get_global

MISSING = "—"
NBSP = "\u00a0"
LANGS = ("es", "en")
SPANISH_LOCALE = {
    "CLP": "es_CL",
    "COP": "es_CO",
    "EUR": "es_ES",
    "MXN": "es_MX",
    "PEN": "es_PE",
    "ARS": "es_AR",
}


def locale_for(lang: str, currency: str) -> str:
    """The Babel locale of a language and currency: ``es`` + COP → ``es_CO``; English is ``en_US``.

    Examples:
        >>> locale_for("es", "CLP"), locale_for("es", "EUR"), locale_for("es", "USD"), locale_for("en", "EUR")
        ('es_CL', 'es_ES', 'es_CL', 'en_US')
    """
    if lang == "en":
        return "en_US"
    return SPANISH_LOCALE.get(currency, "es_CL")


def currency_digits(currency: str) -> int:
    """Decimals money is written with: CLDR's cash digits (CLP 0, COP 0, EUR/USD/MXN/PEN 2).

    Examples:
        >>> currency_digits("CLP"), currency_digits("COP"), currency_digits("EUR")
        (0, 0, 2)
    """
    fractions = get_global("currency_fractions")
    digits, _, cash_digits, _ = fractions.get(currency, fractions["DEFAULT"])
    return min(digits, cash_digits)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


class NumberFormat:
    """Every figure of the app written for one language and currency.

    Examples:
        >>> es, en = NumberFormat("es", "CLP"), NumberFormat("en", "USD")
        >>> es.integer(13914), en.integer(13914), es.pct(0.035), en.pct(0.035)
        ('13.914', '13,914', '3,5\\xa0%', '3.5%')
        >>> es.money(-1043.4), en.money(17_000_000), NumberFormat("es", "EUR").money(-1043.5)
        ('-$1.043', '$17,000,000.00', '-1.043,50\\xa0€')
        >>> es.prob(0.9991), es.prob(0.004), es.pvalue(0.00002), en.pvalue(0.0132)
        ('>\\xa099\\xa0%', '<\\xa01\\xa0%', 'p < 0,0001', 'p = 0.013')

    References:
        CLDR via Babel; docs/formulas.md §14 (Spanish terms and conventions).
    """

    def __init__(self, lang: str, currency: str = "CLP") -> None:
        self.lang = lang if lang in LANGS else "es"
        self.currency = currency
        self.locale = locale_for(self.lang, currency)
        self.money_digits = currency_digits(currency)

    @property
    def decimal_symbol(self) -> str:
        """The decimal mark of the locale (``,`` in Chile, ``.`` in Mexico and English)."""
        return babel_numbers.get_decimal_symbol(self.locale)

    @property
    def group_symbol(self) -> str:
        """The thousands separator of the locale."""
        return babel_numbers.get_group_symbol(self.locale)

    def number(self, value: float | None, digits: int = 2) -> str:
        """Up to ``digits`` decimals: ``1.234,5``."""
        if _missing(value):
            return MISSING
        assert value is not None
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale)

    def fixed(self, value: float | None, digits: int = 2) -> str:
        """Exactly ``digits`` decimals: ``1,00``."""
        if _missing(value):
            return MISSING
        assert value is not None
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale)

    def integer(self, value: float | None) -> str:
        """A whole number with separators: ``13.914``."""
        if _missing(value):
            return MISSING
        assert value is not None
        return self.fixed(float(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)), 0)

    def pct(self, fraction: float | None, digits: int = 1) -> str:
        """A fraction as a percent: ``0.035`` → ``3,5 %`` (es) / ``3.5%`` (en)."""
        if _missing(fraction):
            return MISSING
        assert fraction is not None
        text = self.fixed(fraction * 100, digits)
        return f"{text}{NBSP}%" if self.lang == "es" else f"{text}%"

    def signed_pct(self, fraction: float | None, digits: int = 1) -> str:
        """A change in percent with its sign: ``+28,2 %``."""
        return self._signed(self.pct(fraction, digits), fraction)

    def points(self, difference: float | None, digits: int = 2) -> str:
        """A rate difference in percentage points: ``0.01`` → ``1,00 pp``."""
        if _missing(difference):
            return MISSING
        assert difference is not None
        return f"{self.fixed(difference * 100, digits)}{NBSP}pp"

    def signed_points(self, difference: float | None, digits: int = 2) -> str:
        """A lift in points with its sign: ``+1,00 pp``."""
        return self._signed(self.points(difference, digits), difference)

    @staticmethod
    def _signed(text: str, value: float | None) -> str:
        return f"+{text}" if value is not None and not _missing(value) and value > 0 else text

    def prob(self, probability: float | None, digits: int = 0) -> str:
        """A probability that never rounds a real risk away: ``> 99 %``, ``< 1 %`` at the ends."""
        if _missing(probability):
            return MISSING
        assert probability is not None
        step = 10.0 ** -(digits + 2)
        if 0 < probability < step / 2:
            return f"<{NBSP}{self.pct(step, digits)}"
        if 1 - step / 2 <= probability < 1:
            return f">{NBSP}{self.pct(1 - step, digits)}"
        return self.pct(probability, digits)

    def pvalue(self, value: float | None) -> str:
        """A p-value phrase: ``p = 0,013``, ``p = 0,0021``, ``p < 0,0001`` (never ``p = 0``)."""
        if _missing(value):
            return f"p = {MISSING}"
        assert value is not None
        if value < 0.0001:
            return f"p < {self.fixed(0.0001, 4)}"
        return f"p = {self.fixed(value, 3 if value >= 0.01 else 4)}"

    def p_number(self, value: float | None) -> str:
        """A p-value as a table cell: ``< 0,0001``, else three decimals (four below 0.01)."""
        text = self.pvalue(value)
        return text[4:] if text.startswith("p = ") else text[2:]

    def money(self, value: float | None, digits: int | None = None) -> str:
        """Money in full with the currency's decimals; a negative amount is ``-$1.043``."""
        if _missing(value):
            return MISSING
        assert value is not None
        places = self.money_digits if digits is None else digits
        amount = Decimal(str(abs(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        pattern = babel_numbers.Locale.parse(self.locale).currency_formats["standard"].pattern.split(";")[0]
        pattern = pattern.replace("#,##0.00", "#,##0" + ("." + "0" * places if places else ""))
        text = babel_numbers.format_currency(
            amount, self.currency, locale=self.locale, format=pattern, currency_digits=False
        )
        return f"-{text}" if value < 0 and amount != 0 else text

    def day(self, when: date | datetime) -> str:
        """A long date: ``3 de diciembre de 2026`` / ``December 3, 2026``."""
        return babel_dates.format_date(when, format="long", locale=self.locale)

    def moment(self, when: datetime | str | None) -> str:
        """An instant in UTC: ``3 dic 2026, 14:05 UTC``; ISO strings are accepted."""
        if when is None or when == "":
            return MISSING
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        when = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
        day = babel_dates.format_date(when, format="medium", locale=self.locale)
        return f"{day}, {babel_dates.format_time(when, format='short', tzinfo=UTC, locale=self.locale)} UTC"

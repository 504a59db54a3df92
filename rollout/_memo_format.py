"""Locale-aware formatting of the decision memo's figures (Babel; no Streamlit, no catalogs).

The memo is written in the language of the session: ``es`` uses the ``es_CL`` locale (``1.234,5``,
``3,5 %``), ``en`` uses ``en_US`` (``1,234.5``, ``3.5%``); euros in Spanish use ``es_ES``. Dates are
written long ("23 de noviembre de 2025"), times of an approval in UTC.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from planner_common import check_choice

LANGS = ("es", "en")
LOCALES = {"es": "es_CL", "en": "en_US"}
MISSING = "—"
NBSP = "\u00a0"  # keeps "3,5 %" and "1,00 pp" on one line


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class _Keep(dict):
    """``format_map`` helper: an unknown placeholder stays visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class MemoFormat:
    """Formatter for one language and currency.

    Units stay glued to their number with a no-break space (``3,5 %``, ``1,00 pp``).

    Examples:
        >>> es, en = MemoFormat("es", "CLP"), MemoFormat("en", "CLP")
        >>> es.integer(13914), en.integer(13914), es.pct(0.035), en.pct(0.035)
        ('13.914', '13,914', '3,5\\xa0%', '3.5%')
        >>> es.points(0.01), MemoFormat("es", "EUR").money(1234.5), es.money(-19_422_000)
        ('1,00\\xa0pp', '1.235\\xa0€', '$-19.422.000')
        >>> MemoFormat("en", "USD").money(17_000_000.4), MemoFormat("en", "USD").money(300)
        ('$17,000,000', '$300.00')

    References:
        Unicode CLDR number and currency patterns, as shipped with Babel.
    """

    def __init__(self, lang: str, currency: str) -> None:
        self.lang = check_choice("lang", lang, LANGS)
        self.currency = str(currency)
        self.locale = LOCALES[self.lang]
        self.money_locale = "es_ES" if self.lang == "es" and self.currency == "EUR" else self.locale

    def number(self, value: float | None, digits: int = 2) -> str:
        """Up to ``digits`` decimals: ``1.234,5`` (es)."""
        if _missing(value):
            return MISSING
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale)

    def fixed(self, value: float | None, digits: int = 2) -> str:
        """Exactly ``digits`` decimals: ``1,00`` (es)."""
        if _missing(value):
            return MISSING
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale)

    def integer(self, value: float | None) -> str:
        """A whole number with thousands separators."""
        return MISSING if _missing(value) else self.fixed(round(value), 0)

    def pct(self, fraction: float | None, digits: int = 1) -> str:
        """A fraction as a percent: ``0.035`` → ``3,5 %`` (es) / ``3.5%`` (en)."""
        if _missing(fraction):
            return MISSING
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        text = babel_numbers.format_percent(fraction, format=pattern, locale=self.locale)
        return text.replace("%", NBSP + "%") if self.lang == "es" else text

    def prob(self, probability: float | None, digits: int = 0) -> str:
        """A probability that never rounds a real risk away: ``> 99 %`` and ``< 1 %`` at the ends.

        Examples:
            >>> es = MemoFormat("es", "CLP")
            >>> es.prob(0.82), es.prob(0.9991), es.prob(0.004), es.prob(1.0)
            ('82\xa0%', '>\xa099\xa0%', '<\xa01\xa0%', '100\xa0%')
        """
        if _missing(probability):
            return MISSING
        assert probability is not None
        step = 10.0 ** -(digits + 2)
        if 0 < probability < step / 2:
            return f"<{NBSP}{self.pct(step, digits)}"
        if 1 - step / 2 <= probability < 1:
            return f">{NBSP}{self.pct(1 - step, digits)}"
        return self.pct(probability, digits)

    def points(self, difference: float | None, digits: int = 2) -> str:
        """A rate difference in percentage points: ``0.01`` → ``1,00 pp``."""
        return MISSING if _missing(difference) else f"{self.fixed(difference * 100, digits)}{NBSP}pp"

    def money(self, value: float | None) -> str:
        """Money with the currency's symbol: ``$17.000.000`` (CLP, es); cents only below 1 000."""
        if _missing(value):
            return MISSING
        if abs(value) < 1000:
            return babel_numbers.format_currency(value, self.currency, locale=self.money_locale)
        pattern = babel_numbers.Locale.parse(self.money_locale).currency_formats["standard"].pattern
        whole = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return babel_numbers.format_currency(
            whole,
            self.currency,
            locale=self.money_locale,
            format=pattern.replace(".00", ""),
            currency_digits=False,
        )

    def pvalue(self, value: float | None) -> str:
        """A p-value: ``< 0,0001``, two significant digits below 0.01, else three decimals."""
        if _missing(value):
            return MISSING
        if 0 <= value < 0.0001:
            return f"< {self.fixed(0.0001, 4)}"
        if value < 0.01:
            return babel_numbers.format_decimal(value, format="@@", locale=self.locale)
        return self.fixed(value, 3)

    def day(self, when: date | datetime) -> str:
        """A long date: ``23 de noviembre de 2025`` / ``November 23, 2025``."""
        return babel_dates.format_date(when, format="long", locale=self.locale)

    def moment(self, when: datetime | str | None) -> str:
        """An instant in UTC: ``23 nov 2025, 14:05 UTC``; ISO strings are accepted.

        Examples:
            >>> MemoFormat("en", "USD").moment("2025-11-23T14:05:09+00:00")
            'Nov 23, 2025, 2:05\\u202fPM UTC'
        """
        if when is None or when == "":
            return MISSING
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        when = when.astimezone(UTC)
        day = babel_dates.format_date(when, format="medium", locale=self.locale)
        return f"{day}, {babel_dates.format_time(when, format='short', tzinfo=UTC, locale=self.locale)} UTC"

    def param(self, key: str, value: Any) -> str:
        """A sentence parameter, formatted by the unit its name ends with (``_pp``, ``_pct``...)."""
        if _missing(value):
            return MISSING
        if not isinstance(value, int | float) or isinstance(value, bool):
            return str(value)
        if key.endswith("_pp"):
            return self.points(value)
        if key.endswith("_prob"):
            return self.prob(value)
        if key.endswith("_pct"):
            return self.pct(value, 0)
        if key.endswith("_count"):
            return self.integer(value)
        if key.endswith("_money"):
            return self.money(value)
        if key == "pvalue_num":  # catalogs write "p {pvalue_num}": "p = 0,013" or "p < 0,0001"
            text = self.pvalue(value)
            return text if text.startswith("<") else f"= {text}"
        if 0 < abs(value) < 0.01:
            return babel_numbers.format_decimal(value, format="@#", locale=self.locale)
        return self.number(value, 3)

    def fill(self, template: str, **params: Any) -> str:
        """``template.format(**params)`` where params are already text; unknown placeholders stay."""
        return template.format_map(_Keep({k: "" if v is None else v for k, v in params.items()}))

    def reason(self, template: str, params: dict[str, Any]) -> str:
        """A decision reason (``rollout.decision`` codes) phrased from its catalog template."""
        return self.fill(template, **{k: self.param(k, v) for k, v in params.items()})

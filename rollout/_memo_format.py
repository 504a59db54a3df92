"""The decision memo's figures, written by the app's one formatter (:mod:`planner_common.display`).

The memo is written in the language and currency of the session, so its numbers read exactly as the
pages show them; this module only adds the filling of catalog sentences with formatted parameters.
"""

from __future__ import annotations

import math
from typing import Any

from babel import numbers as babel_numbers

from planner_common import check_choice
from planner_common.display import LANGS, MISSING, NBSP, NumberFormat

__all__ = ["LANGS", "MISSING", "NBSP", "MemoFormat"]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class _Keep(dict):
    """``format_map`` helper: an unknown placeholder stays visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class MemoFormat(NumberFormat):
    """The app's :class:`~planner_common.display.NumberFormat` plus the memo's sentence filling.

    Examples:
        >>> es, en = MemoFormat("es", "CLP"), MemoFormat("en", "USD")
        >>> es.integer(13914), en.integer(13914), es.pct(0.035), en.pct(0.035)
        ('13.914', '13,914', '3,5\\xa0%', '3.5%')
        >>> es.points(0.01), MemoFormat("es", "EUR").money(1234.5), es.money(-19_422_000)
        ('1,00\\xa0pp', '1.234,50\\xa0€', '-$19.422.000')
        >>> en.param("pvalue_num", 0.00002), es.param("probability_prob", 0.9991)
        ('< 0.0001', '>\\xa099\\xa0%')

    References:
        Unicode CLDR number and currency patterns, as shipped with Babel.
    """

    def __init__(self, lang: str, currency: str) -> None:
        super().__init__(check_choice("lang", lang, LANGS), currency)

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
            return self.pvalue(value)[2:]
        if 0 < abs(value) < 0.01:
            return babel_numbers.format_decimal(value, format="@#", locale=self.locale)
        return self.number(value, 3)

    def fill(self, template: str, **params: Any) -> str:
        """``template.format(**params)`` where params are already text; unknown placeholders stay."""
        return template.format_map(_Keep({k: "" if v is None else v for k, v in params.items()}))

    def reason(self, template: str, params: dict[str, Any]) -> str:
        """A decision reason (``rollout.decision`` codes) phrased from its catalog template."""
        return self.fill(template, **{k: self.param(k, v) for k, v in params.items()})

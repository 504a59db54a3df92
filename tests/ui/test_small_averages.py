"""A small average per customer keeps its value in a currency without cents.

Oracle: the amounts written by hand in the Chilean way (``$0,37``: decimal comma, dot for thousands);
an average of 0.37 pesos rounded to the currency's whole pesos would read ``$0`` – a plausible wrong
number – and the Analyse page's levels and lifts of a revenue metric use this format.
"""

from __future__ import annotations

import math

import pytest

from app_pages.analyze.view import level, lift
from app_pages.i18n import fmt_money_avg
from rollout import MetricLine


@pytest.mark.parametrize(
    ("value", "currency", "lang", "expected"),
    [
        (0.37, "CLP", "es", "$0,37"),
        (-0.4, "CLP", "es", "-$0,40"),
        (12.4, "CLP", "es", "$12"),  # from 10 pesos on, whole pesos as usual
        (1234.6, "CLP", "es", "$1.235"),
        (0.37, "USD", "en", "$0.37"),
        (1234.6, "USD", "en", "$1,234.60"),
    ],
)
def test_small_averages_keep_two_decimals(value: float, currency: str, lang: str, expected: str) -> None:
    assert fmt_money_avg(value, currency, lang).replace("\xa0", "") == expected


def test_missing_average_is_a_dash() -> None:
    assert fmt_money_avg(math.nan, "CLP", "es") == "—"


def test_analyse_levels_and_lifts_of_a_revenue_metric_use_it() -> None:
    fields = {f: math.nan for f in MetricLine.__dataclass_fields__ if f not in ("metric", "arm", "kind")}
    line = MetricLine(**(fields | {"metric": "ingreso", "arm": "piloto", "kind": "mean"}))
    assert level(line, 0.37, "CLP") != level(line, 0.0, "CLP")
    assert lift(line, 0.37, "CLP") != lift(line, 0.04, "CLP")  # whole pesos: "+$0" both

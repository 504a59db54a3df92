"""AppTest of the "Profit-maximising" tab of the Size the pilot page, in both languages.

Oracles: the paper's website example (n* = 2,284 per arm, 69,536 expected conversions) shown through
the page, the catalog sentences of each language, and the absence of exceptions in every mode (typed
prior and past campaigns in both languages; holdout with brief economics and the exact beta-binomial
near 0 % in one language each – the catalog test covers every key in both).
"""

from __future__ import annotations

import pytest
from _money_pages import number

from app_pages.i18n import translate

WEBSITE = {
    "design.profit.base": 100_000,
    "design.profit.rate": 68.0,
    "design.profit.rate_sd": 3.0,
    "design.profit.margin": 0.0,
    "design.profit.mde": 1.36,
}
BRIEF = {
    "brief": {
        "name": "Catálogo",
        "currency": "CLP",
        "eligible_base": 200_000,
        "margin_per_response": 40_000,
        "cost_per_contact": 300,
        "fixed_cost": 3_000_000,
    },
    "stage": "draft",
}


def _metric(at, lang: str, key: str, **params) -> str:
    label = translate(key, lang, **params)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}"
    return values[0]


def _design(app_test, lang: str, **state):
    at = app_test(lang, **state)
    at.switch_page("app_pages/design/page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "cells", "profit", "unit"),
    [
        ("es", "2.284 piloto / 2.284 control", "69.536", "respuestas"),
        ("en", "2,284 pilot / 2,284 control", "69,536", "responses"),
    ],
)
def test_website_example_through_the_page(app_test, lang: str, cells: str, profit: str, unit: str) -> None:
    at = _design(app_test, lang, **WEBSITE)
    assert _metric(at, lang, "profit.metric.n_star") == cells.replace(" piloto", "").replace(
        " pilot", ""
    ).replace(" control", "")
    assert _metric(at, lang, "profit.metric.expected", unit=unit) == profit
    assert _metric(at, lang, "profit.metric.error_rate").replace("\u00a0", " ") == (
        "10,0 %" if lang == "es" else "10.0%"
    )
    assert any(cells in s.value and profit in s.value for s in at.success)  # the pasteable sentence
    plans = at.dataframe[-1].value  # n*, power-based, power-based with finite-population correction
    assert len(plans) == 3 and plans.iloc[0, 1] == cells.split()[0]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_prior_from_past_campaigns_example(app_test, lang: str) -> None:
    at = _design(app_test, lang, **{"design.profit.prior_source": "past"})
    assert any(i.value == translate("profit.need_prior", lang) for i in at.info)
    at.button(key="design.profit.example_btn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    start = translate("profit.past.estimate_paired", lang).split("{")[0]
    assert any(c.value.startswith(start) for c in at.caption)
    assert _metric(at, lang, "profit.metric.n_star")


@pytest.mark.parametrize("lang", ["en"])
def test_holdout_with_brief_economics(app_test, lang: str) -> None:
    at = _design(
        app_test, lang, campaign=BRIEF, **{"design.profit.comparison": "holdout", "design.profit.lift": 0.4}
    )
    assert number(at, "design.profit.base") == 200_000
    assert at.text_input(key="design.profit.margin").value == "40,000"
    assert any(symbol in _metric(at, lang, "profit.metric.expected", unit="CLP") for symbol in ("$", "CLP"))
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


@pytest.mark.parametrize("lang", ["es"])
def test_rates_near_zero_use_the_exact_computation(app_test, lang: str) -> None:
    at = _design(
        app_test,
        lang,
        **{"design.profit.base": 200_000, "design.profit.rate": 0.5, "design.profit.rate_sd": 0.35},
    )
    assert any(c.value == translate("profit.exact_note", lang) for c in at.caption)
    assert _metric(at, lang, "profit.metric.n_star")


def test_invalid_prior_shows_a_catalog_sentence(app_test) -> None:
    at = _design(app_test, "en", **{"design.profit.rate": 1.0, "design.profit.rate_sd": 20.0})
    assert at.error and "variation must be below" in at.error[0].value

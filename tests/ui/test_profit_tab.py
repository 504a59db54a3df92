"""AppTest of the "Profit-maximising" tab of the Size the pilot page, in both languages.

Oracles: the paper's website example (n* = 2,284 per arm, 69,536 expected conversions) shown through
the page, the catalog sentences of each language, and the absence of exceptions in every mode (typed
prior and past campaigns in both languages; holdout with brief economics and the exact beta-binomial
near 0 % in one language each – the catalog test covers every key in both). The starting values follow
the brief typed on the Campaign page and the power tab (the figures typed there, R ``power.prop.test``
for the power tab's sizes), and never replace a figure typed in the tab.
"""

from __future__ import annotations

import pytest
from _money_pages import PAGES, clean, number, open_power_tab, open_profit_tab, type_number

from app_pages.i18n import translate

WEBSITE = {  # two versions, both contacted, as in the paper
    "design.profit.comparison": "ab",
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
    """The Size-the-pilot page with its profit-maximising tab open (drawn only when open)."""
    at = app_test(lang, **state)
    at.switch_page("app_pages/design/page.py").run()
    open_profit_tab(at, lang)
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


def _walk_to_brief(at, margin: str, cost: str):
    """Fill the brief's margin and cost on the Campaign page (as typed there) and come back."""
    at.switch_page(PAGES["brief"]).run()
    type_number(at, "brief.margin_per_response", margin)
    type_number(at, "brief.cost_per_contact", cost)
    at.switch_page(PAGES["design"]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "margin", "typed", "other"),
    [("es", "40.000", "35.000", "50.000"), ("en", "40,000", "35,000", "50,000")],
)
def test_margin_and_cost_follow_the_brief(app_test, lang: str, margin: str, typed: str, other: str) -> None:
    """Oracle: the figures typed on the Campaign page (margin 40,000, cost 300). The walk opens Size the
    pilot first (the default page, no brief yet), so the tab starts by counting responses."""
    at = _design(app_test, lang)
    assert number(at, "design.profit.margin") == 0
    _walk_to_brief(at, margin, "300")
    assert at.text_input(key="design.profit.margin").value == margin
    assert number(at, "design.profit.margin") == 40_000 and number(at, "design.profit.cost") == 300
    expected = clean(_metric(at, lang, "profit.metric.expected", unit="CLP"))
    assert "$" in expected or "CLP" in expected  # money, not responses
    responses = translate("profit.chart.unit_responses", lang)
    assert not any(m.label == translate("profit.metric.expected", lang, unit=responses) for m in at.metric)
    type_number(at, "design.profit.margin", typed)  # the user's own figure wins over the brief's
    _walk_to_brief(at, other, "300")
    assert at.text_input(key="design.profit.margin").value == typed
    assert number(at, "design.profit.margin") == 35_000


@pytest.mark.parametrize(("lang", "typed", "size"), [("es", "0,5", "85.862"), ("en", "0.5", "85,862")])
def test_rate_and_power_plan_follow_the_power_tab(app_test, lang: str, typed: str, size: str) -> None:
    """Oracles: the power tab's own cards, and R for them (relative lift 20 % by default:
    ``power.prop.test(p1=0.005, p2=0.006, power=0.8)$n`` = 85861.64 → 85,862 per group); the lift is
    20 % of 0.5 % = 0.1 pp (closed form)."""
    at = open_power_tab(_design(app_test, lang), lang)
    type_number(at, "design.baseline", typed)
    assert not at.exception, [e.value for e in at.exception]
    pilot = _metric(at, lang, "design.metric.pilot")
    control = _metric(at, lang, "design.metric.control")
    assert pilot == control == size
    open_profit_tab(at, lang)
    assert number(at, "design.profit.rate") == pytest.approx(0.5)
    cells = translate("profit.cells", lang, pilot=pilot, control=control)
    quoted = translate("profit.sentence_power", lang, cells=cells, diff="|").split("|")[0]
    assert any(quoted in clean(s.value) for s in at.success), [s.value for s in at.success]
    assert at.dataframe[-1].value.iloc[1, 1] == pilot  # the plans table's power-based row
    at.segmented_control(key="design.profit.comparison").set_value("holdout").run()
    assert number(at, "design.profit.lift") == pytest.approx(0.1)
    type_number(at, "design.profit.rate", "2")  # typed here: the power tab no
    type_number(open_power_tab(at, lang), "design.baseline", "1")  # longer moves it
    assert number(open_profit_tab(at, lang), "design.profit.rate") == 2

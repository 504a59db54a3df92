"""AppTest of the Customer value page in both languages.

Oracles: docs/formulas.md's published worked examples – §7 (m = 100 000 CLP a year, r = 80 %, d = 10 % →
CLV 266 667, first margin now 366 667; lifetime 1/0,20 = 5 years; LTV:CAC 266 667 / 120 000 = 2,2:1),
§5 (payback with 80 % annual retention: month 17, naive 14,4 months), §8 (3 % monthly churn = 30,6 %
annual; S = 1 000, N = 250, E = 1 100 → retention 85 %, churn 15 %, acquisition 25 %, growth +10 %;
bathtub A = 250, c = 15 % → 1 667) and the closed form 1/0,03 = 33,3 months.
"""

from __future__ import annotations

import pytest
from _money_pages import assert_clean, clean, deltas, load_example, metrics, open_page, refuse_each, texts

EXPECTED = {
    "es": {
        "Valor de vida del cliente (CLV)": "$266.667",
        "Vida media esperada del cliente": "33,3 meses",
        "Relación LTV:CAC": "2,2:1",
        "Período de recuperación del CAC": "17 meses",
        "Fuga mensual": "3,00 %",
        "Fuga anual": "30,6 %",
        "Tasa de retención": "85,0 %",
        "Tasa de deserción": "15,0 %",
        "Tasa de captación": "25,0 %",
        "Tasa de crecimiento de la base": "10,0 %",
        "Base de equilibrio (A/c)": "1.667",
    },
    "en": {
        "Customer lifetime value (CLV)": "CLP266,667",
        "Expected customer lifetime": "33.3 months",
        "LTV:CAC ratio": "2.2:1",
        "CAC payback period": "17 months",
        "Monthly churn": "3.00%",
        "Annual churn": "30.6%",
        "Retention rate": "85.0%",
        "Churn rate": "15.0%",
        "Acquisition rate": "25.0%",
        "Growth rate of the base": "10.0%",
        "Steady-state base (A/c)": "1,667",
    },
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_default_state_says_what_to_fill_in(lang: str) -> None:
    at = open_page("customer_value", lang)
    assert_clean(at)
    assert not at.metric and len(at.info) == 4 and len(at.tabs) == 4


@pytest.mark.parametrize("lang", ["es", "en"])
def test_example_reproduces_the_worked_examples(lang: str) -> None:
    at = load_example(open_page("customer_value", lang), "value")
    assert_clean(at)
    shown = metrics(at)
    for label, value in EXPECTED[lang].items():
        assert shown[label] == value, label
    lifetime = "Vida media esperada del cliente" if lang == "es" else "Expected customer lifetime"
    lifetimes = [clean(str(m.value)) for m in at.metric if clean(m.label) == lifetime]
    assert lifetimes == (["5 años", "33,3 meses"] if lang == "es" else ["5 years", "33.3 months"])
    payback = "Período de recuperación del CAC" if lang == "es" else "CAC payback period"
    assert "14,4" in deltas(at)[payback] if lang == "es" else "14.4" in deltas(at)[payback]
    clv_sentence = texts(at.info)[0]
    assert ("$366.667" if lang == "es" else "CLP366,667") in clv_sentence
    assert ("bajo la referencia 3:1" if lang == "es" else "below the 3:1 reference") in deltas(at).values()


BAD = {
    "es": [
        (
            "value.retention",
            "120",
            "«Tasa de retención anual (%)» debe estar entre 0 y 100 %; se escribió 120 %",
        ),
        ("value.flow_end", "100", "revise los conteos"),
        ("value.bath_churn", "-5", "«Tasa de deserción por período (%)» debe estar entre 0 y 100 %"),
        ("value.retention", "80.5", "usa los separadores de miles y decimales al revés: escriba 80,5"),
    ],
    "en": [
        ("value.discount", "-25", "infinite CLV"),  # r = 0,80 ≥ 1 + d = 0,75: the sum diverges
        ("value.churn", "250", "“Churn rate per month (%)” must be between 0 and 100%; got 250%"),
        ("value.cac", "-1", "“Customer acquisition cost (CAC) (CLP)” cannot be negative"),
        ("value.flow_start", "1,000.5", "“Customers at the start of the period (S)” must be a whole number"),
    ],
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_bad_inputs_give_one_sentence(lang: str) -> None:
    at = load_example(open_page("customer_value", lang), "value")
    refuse_each(at, BAD[lang])
    shown = metrics(at)
    assert all(shown[label] == value for label, value in EXPECTED[lang].items())

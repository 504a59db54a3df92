"""AppTest of the Campaign brief page in both languages.

Oracles: docs/formulas.md's published worked examples (§4 break-even: c = 300, m = 40 000 CLP → variable-only
0,75 %; §6 roll-out: F = 3 M over 200 000 → u* = 0,7875 pp), closed forms (responses needed
R* = (F + c·N)/m = 63 000 000 / 40 000 = 1 575) and round trips (what is typed on the brief is what the
other pages read from the session).
"""

from __future__ import annotations

import pytest
from _money_pages import assert_clean, clean, load_example, metrics, open_page, refuse_each, saved, texts

STIMULUS = {"es": "Catálogo impreso con cupón de 10 %", "en": "Printed catalogue with a 10% coupon"}

EXPECTED = {
    "es": {
        "Tasa de respuesta de equilibrio": "0,79 %",
        "Alza de equilibrio": "0,79 pp",
        "Respuestas necesarias": "1.575",
        "Equilibrio solo con costo variable": "0,75 %",
    },
    "en": {
        "Break-even response rate": "0.79%",
        "Break-even uplift": "0.79 pp",
        "Responses needed": "1,575",
        "Break-even on variable cost only": "0.75%",
    },
}
MARGIN_LABEL = {
    "es": "Margen de contribución por respuesta (CLP)",
    "en": "Contribution margin per response (CLP)",
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_default_state_says_what_to_fill_in(lang: str) -> None:
    at = open_page("brief", lang)
    assert_clean(at)
    assert at.title[0].value.startswith("¿Qué vamos" if lang == "es" else "What are we")
    assert not at.metric
    assert any(MARGIN_LABEL[lang] in text for text in texts(at.info))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_example_shows_the_break_even_formatted_for_the_locale(lang: str) -> None:
    at = load_example(open_page("brief", lang), "brief")
    assert_clean(at)
    assert metrics(at) == EXPECTED[lang]
    sentence = texts(at.info)[0]
    assert "200.000" in sentence if lang == "es" else "200,000" in sentence
    assert "$40.000" in sentence if lang == "es" else "CLP40,000" in sentence
    brief = saved(at)["brief"]
    assert brief == {
        "question": "",
        "name": "Catálogo de primavera",
        "objective": "grow",
        "channel": "direct_mail",
        "stimulus": STIMULUS[lang],  # written in the reader's language
        "eligible_base": 200_000,
        "fixed_cost": 3_000_000.0,
        "cost_per_contact": 300.0,
        "margin_per_response": 40_000.0,
        "currency": "CLP",
    }
    assert len(at.get("download_button")) >= 2 and at.expander


BAD = {
    "es": [
        (
            "brief.margin_per_response",
            "0",
            "«Margen de contribución por respuesta (CLP)» = 0) la campaña no alcanza punto de equilibrio",
        ),
        ("brief.margin_per_response", "-5.000", "no alcanza punto de equilibrio"),
        ("brief.eligible_base", "0", "«Base elegible (clientes a contactar)» debe ser al menos 1"),
        ("brief.fixed_cost", "-1", "«Costos fijos de la campaña (CLP)» no puede ser negativo"),
        ("brief.eligible_base", "250,000", "puede leerse como miles o como decimales: escriba 250.000"),
        ("brief.cost_per_contact", "300 €", "Este valor está en CLP: quite «€»"),
    ],
    "en": [
        (
            "brief.margin_per_response",
            "0",
            "“Contribution margin per response (CLP)” = 0) the campaign never breaks even",
        ),
        ("brief.margin_per_response", "-5,000", "never breaks even"),
        ("brief.eligible_base", "0", "“Eligible base (customers to contact)” must be at least 1"),
        ("brief.cost_per_contact", "-300", "“Cost per contact (CLP)” cannot be negative"),
        ("brief.eligible_base", "250.000", "could be read as thousands or as decimals: write 250,000"),
        ("brief.eligible_base", "2.5k", "uses an abbreviation"),
    ],
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_bad_inputs_give_one_sentence_next_to_the_input_and_keep_the_rest(lang: str) -> None:
    at = load_example(open_page("brief", lang), "brief")
    refuse_each(at, BAD[lang])
    assert metrics(at) == EXPECTED[lang]


def test_the_brief_feeds_the_rollout_page() -> None:
    at = load_example(open_page("brief", "es"), "brief")
    at.switch_page("app_pages/decision/page.py").run()
    assert_clean(at)
    # The money left empty on Roll-out is the brief's, shown as the placeholder; the evaluation uses it.
    assert at.text_input(key="rollout.cost_per_contact").placeholder == "$300 (de la campaña)"
    assert at.text_input(key="rollout.margin").placeholder == "$40.000 (de la campaña)"
    assert at.text_input(key="rollout.rollout_fixed").placeholder == "$3.000.000 (de la campaña)"
    assert not at.text_input(key="rollout.audience").value  # the default: base less pilot and control
    money = at.session_state["campaign"].rollout
    assert (money.cost_per_contact, money.margin_per_response, money.audience) == (None, None, None)
    at.switch_page("app_pages/brief/page.py").run()  # and back: nothing typed is lost
    assert clean(at.text_input(key="brief.name").value) == "Catálogo de primavera"
    assert metrics(at)["Tasa de respuesta de equilibrio"] == "0,79 %"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_negative_cost_is_named_while_another_box_is_still_empty(lang: str) -> None:
    """Oracle: the rule that a cost cannot be negative (formulas §4 needs c ≥ 0), whatever else is
    missing: the sentence names the cost box and the page still lists the empty box."""
    from _money_pages import type_number

    at = load_example(open_page("brief", lang), "brief")
    type_number(at, "brief.fixed_cost", "")
    type_number(at, "brief.cost_per_contact", "-300")
    assert_clean(at)
    errors = texts(at.error)
    words = "no puede ser negativo" if lang == "es" else "cannot be negative"
    cost = "Costo por contacto (CLP)" if lang == "es" else "Cost per contact (CLP)"
    assert len(errors) == 1 and words in errors[0] and cost in errors[0], errors
    fixed = "Costos fijos de la campaña (CLP)" if lang == "es" else "Campaign fixed costs (CLP)"
    assert any(fixed in text for text in texts(at.info)), texts(at.info)

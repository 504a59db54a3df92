"""AppTest of the Roll-out decision page in both languages.

Oracles: docs/formulas.md's published worked examples – §2–§5 (pilot 600 / 20 000 against 100 / 5 000,
F = 2 M, c = 300, m = 40 000 CLP: cost per incremental response 40 000, attributed 13 333, iROI 0 % vs
ROI 200 %, cost per incremental acquisition 100 000), §6 (roll-out to 200 000 with F_roll = 3 M: 2 000
incremental responses, +17,0 M in [−19,4 ; +53,4] M, P(profit) ≈ 82 %) and §7 (retention: churn 30 % →
25 % on 10 000 customers kept at 266 667 each for 2 000 per contact: +113,3 M) – plus closed forms
(iROI = 17 M / 63 M = 27 %; cost per incremental response = 63 M / 2 000 = 31 500).
"""

from __future__ import annotations

import math
import re

import pytest
from _money_pages import (
    assert_clean,
    clean,
    deltas,
    load_example,
    metrics,
    open_page,
    refuse_each,
    texts,
    type_number,
)

from rollout import evaluate

ROLLOUT = {
    "es": {
        "Respuestas incrementales esperadas": "2.000",
        "Utilidad incremental esperada": "$17.000.000",
        "ROI incremental": "27 %",
        "Probabilidad de ganar dinero": "82 %",
        "Costo por respuesta incremental del despliegue": "$31.500",
    },
    "en": {
        "Expected incremental responses": "2,000",
        "Expected incremental profit": "CLP17,000,000",
        "Incremental ROI": "27%",
        "Chance of making money": "82%",
        "Roll-out cost per incremental response": "CLP31,500",
    },
}
# Full figures (an "M" would mean thousands in Chile): −19,4 M and +53,4 M of docs/formulas.md §6.
RANGE = {
    "es": r"Rango de 95 %: -\$19\.[34]\d\d\.\d{3} a \$53\.[34]\d\d\.\d{3}$",
    "en": r"95% range: -CLP19,[34]\d\d,\d{3} to CLP53,[34]\d\d,\d{3}$",
}


def headline(at, lang: str) -> dict[str, str]:
    """The roll-out's headline cards (the Bayesian cross-check's cards are labelled apart)."""
    shown = metrics(at)
    return {label: shown.get(label) for label in ROLLOUT[lang]}


GO = {"es": "Ir: desplegar", "en": "Go: roll out"}
BRIEF = {
    "cost_per_contact": 300.0,
    "margin_per_response": 40_000.0,
    "fixed_cost": 3_000_000.0,
    "eligible_base": 225_000,  # the roll-out reaches the base less pilot and control: 200 000 as in §6
    "currency": "CLP",
}


def response_readout() -> dict:
    """The Analyse page's readout of docs/formulas.md §2's pilot (SE is the Wald closed form, 0,232 pp)."""
    se = math.sqrt(0.03 * 0.97 / 20_000 + 0.02 * 0.98 / 5_000)
    metric = {
        "kind": "proportion",
        "direction": "increase",
        "arm": "piloto",
        "n_control": 5_000,
        "n_treatment": 20_000,
        "control": 0.02,
        "treatment": 0.03,
        "effect_size": 0.01,
        "effect_size_ci_lower": 0.0052,
        "effect_size_ci_upper": 0.0143,
        "std_error": se,
        "rel_effect_size": 0.5,
        "pvalue": 0.00013,
    }
    return {
        "source": "piloto_catalogo.csv",
        "alpha": 0.05,
        "primary": "respuesta",
        "srm_flagged": False,
        "srm_pvalue": 0.61,
        "metrics": {"respuesta": metric},
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_default_state_says_what_to_fill_in(lang: str) -> None:
    at = open_page("rollout", lang)
    assert_clean(at)
    assert not at.metric
    assert at.radio(key="rollout.source").options == [("Escribir a mano" if lang == "es" else "Type it")]
    assert texts(at.info)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_example_projects_the_rollout_as_in_formulas(lang: str) -> None:
    at = load_example(open_page("rollout", lang), "rollout")
    assert_clean(at)
    assert headline(at, lang) == ROLLOUT[lang]
    assert re.match(
        RANGE[lang],
        deltas(at)[("Utilidad incremental esperada" if lang == "es" else "Expected incremental profit")],
    )
    assert any(
        text.startswith(f"**{'Recomendación' if lang == 'es' else 'Recommendation'}: {GO[lang]}**")
        for text in texts(at.success)
    )
    scenarios, five = at.dataframe[0].value, at.table[0].value
    assert list(scenarios.iloc[:, 2]) == (
        ["1.091", "2.000", "2.909"] if lang == "es" else ["1,091", "2,000", "2,909"]
    )
    cells = clean(" | ".join(five.astype(str).to_numpy().ravel()))
    for figure in (
        ["$400", "$13.333", "$40.000", "$33.333", "$100.000", "200 %", "0 %", "$16.000.000"]
        if lang == "es"
        else ["CLP400", "CLP13,333", "CLP40,000", "CLP33,333", "CLP100,000", "200%"]
    ):
        assert figure in cells
    assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    assert evaluate(at.session_state["campaign"]).recommendation == "go"


BAD = {
    "es": [
        ("rollout.margin", "0", "«Margen de contribución por respuesta (CLP)» = 0"),
        ("rollout.margin", "-1.000", "no alcanza punto de equilibrio"),
        ("rollout.control_rate", "150", "«Tasa de respuesta del control (%)» debe estar entre 0 y 100 %"),
        ("rollout.n_control", "0", "No hay grupo de control («Clientes en el control» = 0)"),
        ("rollout.cost_per_contact", "-300", "«Costo por contacto (CLP)» no puede ser negativo"),
    ],
    "en": [
        ("rollout.margin", "0", "“Contribution margin per response (CLP)” = 0"),
        ("rollout.margin", "-1,000", "“Contribution margin per response (CLP)” = -1,000"),
        ("rollout.pilot_rate", "101", "“Pilot response rate (%)” must be between 0 and 100%; got 101%"),
        ("rollout.n_control", "0", "“Customers in the control”"),
        ("rollout.audience", "0", "“Roll-out customers” must be at least 1"),
    ],
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_bad_inputs_give_one_sentence_and_keep_the_rest(lang: str) -> None:
    at = load_example(open_page("rollout", lang), "rollout")
    refuse_each(at, BAD[lang])
    assert headline(at, lang) == ROLLOUT[lang]  # every value restored: the example's answer again


@pytest.mark.parametrize("lang", ["es", "en"])
def test_zero_cost_is_flagged_and_roi_is_undefined(lang: str) -> None:
    at = load_example(open_page("rollout", lang), "rollout")
    at.text_input(key="rollout.cost_per_contact").input("0")
    type_number(at, "rollout.rollout_fixed", "0")
    assert_clean(at)
    assert metrics(at)["ROI incremental" if lang == "es" else "Incremental ROI"] == "—"
    assert any("ROI" in w for w in texts(at.warning))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_analysis_readout_is_carried_over(lang: str) -> None:
    at = open_page(
        "rollout", lang, campaign={"stage": "analysed", "brief": dict(BRIEF), "readout": response_readout()}
    )
    assert_clean(at)
    assert at.radio(key="rollout.source").value == "readout"
    assert headline(at, lang) == ROLLOUT[lang]
    assert any("piloto_catalogo.csv" in c for c in texts(at.caption))
    renamed = response_readout()  # a new analysis with other metric names: the old choice is forgotten
    renamed["metrics"] = {"compra": renamed["metrics"]["respuesta"]}
    renamed["primary"] = "compra"
    at.session_state["campaign"] = {"stage": "analysed", "brief": dict(BRIEF), "readout": renamed}
    at.run()
    assert_clean(at)
    assert at.selectbox(key="rollout.metric").value == "compra"
    assert headline(at, lang) == ROLLOUT[lang]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_churn_reduction_is_a_win(lang: str) -> None:
    readout = response_readout()
    readout["metrics"] = {
        "fuga_90d": {
            "kind": "proportion",
            "direction": "decrease",
            "arm": "sms",
            "n_control": 10_000,
            "n_treatment": 10_000,
            "control": 0.30,
            "treatment": 0.25,
            "effect_size": -0.05,
            "effect_size_ci_lower": -0.0624,
            "effect_size_ci_upper": -0.0376,
            "std_error": math.sqrt(0.3 * 0.7 / 10_000 + 0.25 * 0.75 / 10_000),
            "rel_effect_size": -1 / 6,
            "pvalue": 1e-15,
        }
    }
    readout["primary"] = "fuga_90d"
    brief = {
        "cost_per_contact": 2_000.0,
        "margin_per_response": 266_667.0,
        "fixed_cost": 0.0,
        "eligible_base": 30_000,  # 10 000 in the roll-out once the 20 000 of the pilot are left out
        "currency": "CLP",
    }
    at = open_page("rollout", lang, campaign={"stage": "analysed", "brief": brief, "readout": readout})
    assert_clean(at)
    shown = metrics(at)
    kept = "Clientes retenidos incrementales esperados" if lang == "es" else "Expected extra customers kept"
    assert shown[kept] == "500"
    assert shown["Utilidad incremental esperada" if lang == "es" else "Expected incremental profit"] == (
        "$113.333.500" if lang == "es" else "CLP113,333,500"
    )
    assert any(GO[lang] in s for s in texts(at.success))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_typed_uplift_and_interval_is_enough(lang: str) -> None:
    """docs/formulas.md §6: 1,00 pp with the 95 % Wald bounds 0,546 / 1,454 pp gives the same roll-out."""
    at = load_example(open_page("rollout", lang), "rollout")
    at.radio(key="rollout.mode").set_value("interval").run()
    assert_clean(at)
    assert headline(at, lang) == ROLLOUT[lang]
    assert len(at.dataframe) == 1  # scenarios only: the five numbers need the arms' rates
    type_number(at, "rollout.lift_upper", "150")
    errors = texts(at.error)
    assert len(errors) == 1 and ("150 pp" in errors[0]) and not at.metric

"""AppTest of the "Size the pilot" page in Spanish and English.

Oracles: the sample sizes shown are checked against R (``power.prop.test`` / ``power.t.test`` with
``strict = TRUE``; R 4.2, the exact calls are beside each constant, R is not needed at test time); the
number formats against the locale conventions written out literally (``13.914`` in es-CL, ``13,914`` in
en-US); the break-even default against its closed form c/m + F/(m·N) typed by hand; navigation and saving
by round trip through the session state.
"""

from __future__ import annotations

import pytest
from _money_pages import number, saved, type_number

DESIGN = "app_pages/design/page.py"

# R: ceiling(power.prop.test(p1 = 0.03, p2 = 0.036, power = 0.8, sig.level = 0.05, strict = TRUE)$n)
#    n = 13913.5426485 → 13914 per arm (defaults: baseline 3 %, relative lift 20 %, 95 %, 80 %, 1:1)
N_DEFAULT = 13914
# R: power.prop.test(p1 = 0.05, p2 = 0.06, power = 0.8, sig.level = 0.05, strict = TRUE)$n = 8157.71156286
N_BASELINE_5 = 8158
# R: power.prop.test(p1 = 0.03, p2 = 0.05, power = 0.8, sig.level = 0.05, strict = TRUE)$n = 1505.80184182
N_BREAK_EVEN_2PP = 1506
# R: power.prop.test(p1 = 0.03, p2 = 0.036, power = 0.9, sig.level = 0.01, strict = TRUE)$n = 26376.2017158
N_99_90 = 26377
# R: power.t.test(delta = 2500, sd = 75000, power = 0.8, sig.level = 0.05, strict = TRUE)$n = 14128.9093462
N_MEAN_DEFAULT_CLP = 14129


def fmt(n: int, lang: str) -> str:
    """Thousands separators written out by convention: 13.914 (es-CL), 13,914 (en-US)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "es" else text


def power_tab(at):
    """The "By power" tab (the profit-maximising tab beside it has cards and charts of its own)."""
    return at.tabs[0]


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in power_tab(at).metric}


def pilot_and_control(at, lang: str) -> tuple[str, str]:
    values = metric_values(at)
    labels = {"es": ("Piloto", "Control"), "en": ("Pilot", "Control")}[lang]
    return values[labels[0]], values[labels[1]]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_default_run_shows_sizes_in_the_locale(app_test, lang: str) -> None:
    at = app_test(lang)
    assert not at.exception
    assert not power_tab(at).error
    assert pilot_and_control(at, lang) == (fmt(N_DEFAULT, lang), fmt(N_DEFAULT, lang))
    total = {"es": "Total del diseño", "en": "Design total"}[lang]
    assert metric_values(at)[total] == fmt(2 * N_DEFAULT, lang)
    sentence = power_tab(at).success[0].value.replace("\u00a0", " ")
    assert fmt(N_DEFAULT, lang) in sentence
    # 27,828 customers at 2,000 a day → ceil(13.914) = 14 days
    assert ("14 días" if lang == "es" else "14 days") in sentence
    assert ("3 %" if lang == "es" else "3%") in sentence
    assert len(power_tab(at).get("vega_lite_chart")) == 1
    how = {"es": "¿Cómo se calculó?", "en": "How was this computed?"}[lang]
    explained = [e for e in power_tab(at).expander if e.label == how]
    assert explained and "power.prop.test" in " ".join(m.value for m in explained[0].markdown)
    assert len(power_tab(at).get("download_button")) == 2  # CSV and XLSX of the sizes table


@pytest.mark.parametrize("lang", ["es", "en"])
def test_changing_the_baseline_changes_n(app_test, lang: str) -> None:
    at = app_test(lang)
    type_number(at, "design.baseline", "5")
    assert not at.exception
    assert pilot_and_control(at, lang) == (fmt(N_BASELINE_5, lang), fmt(N_BASELINE_5, lang))
    type_number(at, "design.baseline", "5,0" if lang == "es" else "5.0")  # the locale's decimal mark
    assert pilot_and_control(at, lang) == (fmt(N_BASELINE_5, lang), fmt(N_BASELINE_5, lang))


def test_rigour_inputs_reach_the_engine(app_test) -> None:
    at = app_test("es")
    at.select_slider(key="design.confidence").set_value(99)
    at.select_slider(key="design.power").set_value(90).run()
    assert pilot_and_control(at, "es") == (fmt(N_99_90, "es"), fmt(N_99_90, "es"))


LIFT_LABEL = {"es": "«Alza a detectar", "en": "“Lift to detect"}
BASELINE_LABEL = {"es": "«Tasa de respuesta del control (%)»", "en": "“Control response rate (%)”"}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(
    ("baseline", "lift", "label"),
    [("3", "0", LIFT_LABEL), ("90", "20", LIFT_LABEL), ("0", "20", BASELINE_LABEL)],
    ids=["zero_lift", "rate_over_100", "zero_baseline"],
)
def test_invalid_input_shows_one_sentence(app_test, lang: str, baseline: str, lift: str, label) -> None:
    at = app_test(lang)
    at.text_input(key="design.baseline").input(baseline)
    type_number(at, "design.lift", lift)
    assert not at.exception
    errors = power_tab(at).error
    assert len(errors) == 1
    message = errors[0].value
    assert "design." not in message and "errors." not in message  # a catalog sentence, not a key
    assert message.startswith(label[lang]) or label[lang] in message
    assert "_rate" not in message and "effect_size" not in message  # names the widget, not the argument
    assert not power_tab(at).metric  # no sizes for an invalid design


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_rate_out_of_range_shows_what_to_fix_never_older_sizes(app_test, lang: str) -> None:
    """300 % is refused next to the box and the results area asks for a fix: no sizes from the last 3 %."""
    at = app_test(lang)
    assert pilot_and_control(at, lang) == (fmt(N_DEFAULT, lang), fmt(N_DEFAULT, lang))
    type_number(at, "design.baseline", "300")
    assert not at.exception and not power_tab(at).metric
    assert len(power_tab(at).error) == 1 and BASELINE_LABEL[lang] in power_tab(at).error[0].value
    assert BASELINE_LABEL[lang] in power_tab(at).warning[0].value  # the results area says what to fix
    assert number(at, "design.baseline") == 300  # read as typed; the sizing refuses it (0 % < rate < 100 %)
    assert not [b for b in power_tab(at).button if b.key == "design.save_btn"]


def test_values_survive_switching_pages(app_test) -> None:
    at = app_test("es")
    type_number(at, "design.baseline", "5")
    at.switch_page("app_pages/brief/page.py").run()
    assert not at.exception
    at.switch_page(DESIGN).run()
    assert not at.exception
    assert number(at, "design.baseline") == 5.0 and at.text_input(key="design.baseline").value == "5"
    assert pilot_and_control(at, "es") == (fmt(N_BASELINE_5, "es"), fmt(N_BASELINE_5, "es"))


def test_break_even_lift_is_the_default_when_the_brief_has_economics(app_test) -> None:
    # closed form: u* = c/m + F/(m·N) = 500/25 000 + 2 500 000/(25 000 · 250 000) = 0.02 + 0.0004
    brief = {
        "cost_per_contact": 500.0,
        "margin_per_response": 25_000.0,
        "fixed_cost": 2_500_000.0,
        "eligible_base": 250_000,
        "currency": "CLP",
    }
    at = app_test("es", campaign={"stage": "draft", "brief": brief})
    assert not at.exception
    assert at.segmented_control(key="design.lift_mode").value == "absolute"
    assert number(at, "design.lift") == pytest.approx(2.04)
    assert at.text_input(key="design.lift").value == "2,04"  # written as the locale writes it
    assert at.text_input(key="design.population").value == "250.000"
    assert any("2,04 pp" in c.value.replace("\u00a0", " ") for c in power_tab(at).caption)
    # R: power.prop.test(p1 = 0.03, p2 = 0.0504, power = 0.8, sig.level = 0.05, strict = TRUE)$n
    #    = 1454.22294979
    assert pilot_and_control(at, "es") == ("1.455", "1.455")


def test_default_follows_a_brief_filled_in_later(app_test) -> None:
    at = app_test("es")
    assert number(at, "design.lift") == 20.0  # relative 20 % without a brief
    at.session_state["campaign"] = {
        "stage": "draft",
        "brief": {"cost_per_contact": 500.0, "margin_per_response": 25_000.0},
    }
    at.switch_page("app_pages/brief/page.py").run()
    at.switch_page(DESIGN).run()
    assert number(at, "design.lift") == pytest.approx(2.0)  # c/m, no fixed cost
    assert pilot_and_control(at, "es") == (fmt(N_BREAK_EVEN_2PP, "es"), fmt(N_BREAK_EVEN_2PP, "es"))


def test_switching_lift_unit_keeps_the_lift(app_test) -> None:
    """20 % relative over 3 % is 0.6 pp: same design, same n (round trip through the unit toggle)."""
    at = app_test("en")
    at.segmented_control(key="design.lift_mode").set_value("absolute").run()
    assert number(at, "design.lift") == pytest.approx(0.6)
    assert at.text_input(key="design.lift").value == "0.60"
    assert pilot_and_control(at, "en") == (fmt(N_DEFAULT, "en"), fmt(N_DEFAULT, "en"))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_revenue_metric(app_test, lang: str) -> None:
    at = app_test(lang)
    at.segmented_control(key="design.metric").set_value("mean").run()
    assert not at.exception and not power_tab(at).error
    # defaults in CLP: mean 25 000, std 75 000, lift 2 500 per customer
    assert pilot_and_control(at, lang) == (fmt(N_MEAN_DEFAULT_CLP, lang), fmt(N_MEAN_DEFAULT_CLP, lang))


def test_infeasible_design_warns_with_the_smallest_detectable_lift(app_test) -> None:
    at = app_test("es")
    type_number(at, "design.population", "10.000")
    assert not at.exception
    warning = " ".join(w.value for w in power_tab(at).warning)
    assert "27.828" in warning and "10.000" in warning and "pp" in warning


def test_several_stimuli_split_alpha(app_test) -> None:
    at = app_test("es")
    type_number(at, "design.n_treatments", "2")
    # R: power.prop.test(p1 = 0.03, p2 = 0.036, power = 0.8, sig.level = 0.05 / 2, strict = TRUE)$n
    #    = 16849.546571 → 16 850 per arm, 3 arms
    values = metric_values(at)
    assert values["Cada piloto"] == "16.850" and values["Control"] == "16.850"
    assert values["Total del diseño"] == "50.550"


def test_save_stores_the_design_and_sets_the_stage(app_test) -> None:
    at = app_test("en")
    at.button(key="design.save_btn").click().run()
    assert not at.exception
    current = saved(at)
    assert current["stage"] == "designed"
    design = current["design"]
    assert (design["n_control"], design["n_treatment"], design["n_treatments"]) == (N_DEFAULT, N_DEFAULT, 1)
    assert design["baseline_rate"] == pytest.approx(0.03)
    assert design["effect_size"] == pytest.approx(0.006)
    assert (design["alpha"], design["power"], design["ratio"]) == (pytest.approx(0.05), 0.8, 1.0)
    assert (design["alternative"], design["metric"]) == ("two-sided", "rate")
    assert any("designed" in s.value for s in power_tab(at).success)

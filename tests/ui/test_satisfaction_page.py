"""AppTest of the Satisfaction page in both languages.

Oracles: docs/formulas.md's published worked examples – §9 (200 / 120 / 80 → NPS +30, 95 % CI [+22,3 ; +37,7];
±5 points with σ² = 0,6 → 922 answers, 779 for a base of 5 000), §10 (310 / 90 / 100 → ISN +42,
[+35,0 ; +49,0]) – the closed form ⌈779 / 0,13⌉ = 5 993 invitations at the blog's B2C relational 13 %,
and, for the example survey file, an independent count of its 0–10 column with the ``csv`` module and
the definition NPS = 100·(P − D)/n.
"""

from __future__ import annotations

import csv

import pytest
from _money_pages import ROOT, assert_clean, clean, load_example, metrics, open_page, refuse_each, texts

EXPECTED = {
    "es": [
        ("NPS", "+30,0", "Intervalo de 95 %: +22,3 a +37,7"),
        ("Margen de error (puntos)", "± 7,7", ""),
        ("Respuestas válidas", "400", "0 excluidas (en blanco / no sabe)"),
        ("ISN", "+42,0", "Intervalo de 95 %: +35,0 a +49,0"),
        ("Respuestas necesarias", "779", ""),
        ("Respuestas sin corrección por población", "922", ""),
        ("Invitaciones a enviar", "5.993", ""),
    ],
    "en": [
        ("NPS", "+30.0", "95% interval: +22.3 to +37.7"),
        ("Margin of error (points)", "± 7.7", ""),
        ("Valid answers", "400", "0 excluded (blank / don't know)"),
        ("ISN", "+42.0", "95% interval: +35.0 to +49.0"),
        ("Answers needed", "779", ""),
        ("Answers without population correction", "922", ""),
        ("Invitations to send", "5,993", ""),
    ],
}


def cards(at) -> list[tuple[str, str, str]]:
    return [(clean(m.label), clean(str(m.value)), clean(str(m.delta or ""))) for m in at.metric]


def example_nps() -> tuple[float, int]:
    """NPS of the committed example survey, counted independently of the app."""
    with (ROOT / "examples" / "data" / "encuesta_nps_isn.csv").open(encoding="utf-8", newline="") as fh:
        scores = [int(row["nps_0_10"]) for row in csv.DictReader(fh)]
    promoters, detractors = sum(s >= 9 for s in scores), sum(s <= 6 for s in scores)
    return 100 * (promoters - detractors) / len(scores), len(scores)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_default_state_says_what_to_fill_in(lang: str) -> None:
    at = open_page("satisfaction", lang)
    assert_clean(at)
    assert not at.metric and len(at.info) == 3


@pytest.mark.parametrize("lang", ["es", "en"])
def test_example_reproduces_the_worked_examples(lang: str) -> None:
    at = load_example(open_page("satisfaction", lang), "satisfaction")
    assert_clean(at)
    shown = cards(at)
    for item in EXPECTED[lang]:
        assert item in shown, item
    sentences = texts(at.info)
    assert any(("referencia del blog" if lang == "es" else "blog reference") in s for s in sentences)
    assert any(("satisfechos 6–7" if lang == "es" else "satisfied 6–7") in s for s in sentences)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_example_survey_file_is_read_and_broken_down(lang: str) -> None:
    at = open_page("satisfaction", lang)
    at.radio(key="satisfaction.source").set_value("file").run()
    at.button(key="satisfaction.sample_btn").click().run()
    assert_clean(at)
    score, n = example_nps()
    shown = metrics(at)
    expected = f"{score:+.1f}".replace("-", "−")
    assert shown["NPS"] == (expected.replace(".", ",") if lang == "es" else expected)
    assert at.selectbox(key="satisfaction.nps_column").value == "nps_0_10"
    assert at.selectbox(key="satisfaction.isn_column").value == "nota_1_7"
    assert at.selectbox(key="satisfaction.group_column").value == "canal"
    assert str(n) in " ".join(texts(at.caption)).replace(".", "").replace(",", "")
    assert "ISN" in shown and len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) >= 4


@pytest.mark.parametrize(
    ("lang", "upload", "words"),
    [
        ("es", b"id,nps\n1,9\n2,11\n3,5\n", "«nps» debe estar entre 0 y 10"),
        ("en", b"", "empty"),
    ],
)
def test_a_bad_survey_file_gives_one_sentence(lang: str, upload: bytes, words: str) -> None:
    at = open_page("satisfaction", lang)
    at.radio(key="satisfaction.source").set_value("file").run()
    at.file_uploader(key="satisfaction.survey_upload").upload("encuesta.csv", upload, "text/csv").run()
    assert_clean(at)
    errors = texts(at.error)
    assert len(errors) == 1, errors
    assert words in errors[0].lower(), errors


BAD = {
    "es": [
        ("satisfaction.nps_promoters", "-5", "«Promotores (9–10)» debe ser al menos 0"),
        ("satisfaction.isn_satisfied", "-1", "«Satisfechos (notas 6–7)» debe ser al menos 0"),
        ("satisfaction.satisfied_min", "3", "Los cortes deben ir en orden"),
    ],
    "en": [
        (
            "satisfaction.margin_target",
            "0",
            "“Target margin of error (± points)”) is in points and must be between",
        ),
        ("satisfaction.population", "0", "“Customers who could answer (optional)” must be at least 1"),
        (
            "satisfaction.rate_b2c_relational",
            "130",
            "“B2C relational (%)” must be between 0 and 100%; got 130%",
        ),
    ],
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_bad_inputs_give_one_sentence(lang: str) -> None:
    at = load_example(open_page("satisfaction", lang), "satisfaction")
    refuse_each(at, BAD[lang])
    assert (EXPECTED[lang][0][1]) == clean(str(at.metric[0].value))

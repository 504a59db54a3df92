"""Uploads in the user's language: the file's own name in every sentence, the real problem named, and no
English from Streamlit's widgets on a Spanish page.

Oracles: the published file signatures (PNG, ISO/IEC 15948 §5.2: 89 50 4E 47 0D 0A 1A 0A) written by
hand; the upload's own name; the Spanish and English catalogs for the sentences; Streamlit's documented
English defaults ("Choose an option", "Choose options" – shown whenever a widget's ``placeholder`` is
left empty) and the uploader's English line, which the style sheet must hide.
"""

from __future__ import annotations

import re

import pytest
from _money_pages import open_page

from app_pages.components.style import css_text
from app_pages.i18n import translate

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ANALYZE = "app_pages/analyze/page.py"


def _errors(at) -> list[str]:
    """The error boxes as the reader sees them: file names arrive markdown-escaped (``foto\\.csv``, so a
    name cannot inject markup) and markdown shows them without the backslashes."""
    assert not at.exception, [e.value for e in at.exception]
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def _analyze_upload(app_test, lang: str, name: str, data: bytes):
    at = app_test(lang)
    at.switch_page(ANALYZE).run()
    at.file_uploader(key="analyze.file_upload").set_value((name, data, "text/csv"))
    return at.run()


@pytest.mark.parametrize(
    ("lang", "name", "words"),
    [
        ("es", "foto.csv", "no es un archivo CSV, Excel ni Parquet"),
        ("en", "photo.csv", "is not a CSV, Excel or Parquet file"),
        ("es", "foto.xlsx", "no es un archivo CSV, Excel ni Parquet"),  # the sheet list is read first
    ],
)
def test_an_image_renamed_as_a_table_is_called_what_it_is(app_test, lang: str, name: str, words: str) -> None:
    """An image is answered as not a table, by its file name, with no advice about text encodings."""
    errors = _errors(_analyze_upload(app_test, lang, name, PNG))
    assert len(errors) == 1, errors
    assert words in errors[0] and name in errors[0], errors
    assert "UTF-8" not in errors[0] and "cp1252" not in errors[0]
    assert "«upload»" not in errors[0] and "“upload”" not in errors[0]  # the file's name, not a stand-in


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_file_with_one_group_says_which_label_it_found(app_test, lang: str) -> None:
    """Every row in the pilot group: the sentence names the file, the column and the one label found."""
    rows = ["id_cliente;grupo;compra"] + [f"{i:05d};piloto;{i % 2}" for i in range(200)]
    at = _analyze_upload(app_test, lang, "solo_piloto.csv", ("\n".join(rows) + "\n").encode())
    errors = _errors(at)
    assert len(errors) == 1, errors
    start = translate("errors.analyze_one_group", lang).split("«")[0].split("“")[0]
    assert errors[0].startswith(start), errors
    assert all(word in errors[0] for word in ("solo_piloto.csv", "grupo", "piloto")), errors


def test_a_split_list_that_is_an_image_names_the_file() -> None:
    from app_pages.split.inputs import Source

    at = open_page("assign", "es")
    at.session_state["assign_source"] = Source("clientes.csv", PNG)
    errors = _errors(at.run())
    assert any("«clientes.csv» no es un archivo CSV" in e for e in errors), errors


def test_a_survey_that_is_an_image_names_the_file() -> None:
    at = open_page("satisfaction", "es")
    at.radio(key="satisfaction.source").set_value("file").run()
    at.file_uploader(key="satisfaction.survey_upload").upload("encuesta.csv", PNG, "text/csv").run()
    errors = _errors(at)
    assert len(errors) == 1 and "«encuesta.csv» no es un archivo CSV" in errors[0], errors


STREAMLIT_ENGLISH = ("Choose an option", "Choose options", "Drag and drop file here", "Limit 200MB per file")


def _styles(at) -> list[str]:
    return [node.proto.body for node in at.get("html") if "<style>" in node.proto.body]


def test_spanish_pages_draw_their_own_words_for_streamlit_chrome(app_test) -> None:
    """Select boxes that can be empty carry a Spanish placeholder; uploaders a Spanish caption; the one
    style sheet hides the uploader's English line and writes «Subir archivo» on its button."""
    at = open_page("assign", "es")
    at.button(key="assign.example_btn").click().run()
    assert at.selectbox(key="assign.id_column").proto.placeholder == translate("app.choose", "es")
    for key in ("assign.strata", "assign.covariates"):
        assert at.multiselect(key=key).proto.placeholder == translate("app.choose_many", "es")
    note = translate("app.upload_note", "es").split("{")[0]
    assert any(c.value.startswith(note) for c in at.caption)
    (sheet,) = _styles(at)
    assert 'content: "Subir archivo"' in sheet and "stFileUploaderDropzoneInstructions" in sheet
    assert not any(english in sheet for english in STREAMLIT_ENGLISH)

    at = _analyze_upload(app_test, "es", "piloto.csv", b"id;grupo;compra\n1;piloto;1\n2;control;0\n" * 50)
    assert at.multiselect(key="analyze.map.outcomes").proto.placeholder == translate("app.choose_many", "es")


def test_the_style_sheet_keeps_catalog_words_inside_its_string() -> None:
    """Property: no character that could close the CSS string or the <style> element survives."""
    assert css_text('Sub"ir</style>{x}; \\a') == "Subir/stylex a"

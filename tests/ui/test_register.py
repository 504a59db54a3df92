"""The Spanish catalog speaks to the user as *usted* throughout.

Oracle: the *tú* imperatives and pronouns the issue and the working rules name ("Sube", "Corrige",
"Escribe", "Elige", ...), listed by hand with their *usted* forms beside them. A word is flagged, in
any case, where it starts a sentence or a clause (after ``. : ; ? !``, an opening parenthesis, and an
"o"/"y" right after them: "…: escribe los tamaños (o guarda uno…)"), so "la prueba", "el planificador
usa" or "se marca" are not; the few verbs that are never nouns here are also flagged after "o"/"y"
("baje los tamaños o amplía la base"); a *tú* imperative with an attached pronoun ("guárdala",
"renómbrala", "complétalas") is flagged anywhere. "Prueba" is left out: here it is always the noun
("Prueba Q de Cochran"). A widget's help text may open by describing what the widget does, in the
third person ("Guarda tamaños…", the button saves), so the first word of a ``*_help`` is not checked.
"""

from __future__ import annotations

import re

import pytest
from _money_pages import assert_clean, open_page, texts
from test_messages import catalog

from app_pages.i18n import translate

TU = {  # tú → usted
    "Sube": "Suba", "Corrige": "Corrija", "Escribe": "Escriba", "Elige": "Elija", "Completa": "Complete",
    "Indica": "Indique", "Pulsa": "Pulse", "Revisa": "Revise", "Cambia": "Cambie", "Carga": "Cargue",
    "Descarga": "Descargue", "Selecciona": "Seleccione", "Ingresa": "Ingrese", "Agrega": "Agregue",
    "Guarda": "Guarde", "Usa": "Use", "Abre": "Abra", "Haz": "Haga", "Quita": "Quite", "Exporta": "Exporte",
    "Marca": "Marque", "Renombra": "Renombre", "Junta": "Junte", "Amplía": "Amplíe", "Baja": "Baje",
    "Estratifica": "Estratifique", "Considera": "Considere", "Borra": "Borre", "Elimina": "Elimine",
}  # fmt: skip
VERBS_ONLY = {"amplía", "estratifica", "corrige", "escribe", "elige", "revisa", "pulsa", "quita", "exporta"}
PRONOUNS = re.compile(r"\b(quieres|puedes|tienes|debes|tu|tus|ti|contigo)\b", re.IGNORECASE)
TU_LOWER = {word.lower() for word in TU}
CLAUSE = re.compile(r"(?:^|[.:;!?¿¡]\s+|\n|\(\s*)(?:[oy]\s+)?[«“]?(\w+)")
AFTER_OR = re.compile(r"\s[oy]\s+(\w+)")
ENCLITIC = re.compile(r"\b(\w*[áéíóú]\w*?)(?:la|lo|las|los|le|les)\b")
PLAIN = str.maketrans("áéíóú", "aeiou")


def _tu_forms(text: str, help_text: bool = False) -> list[str]:
    starts = [m.group(1) for m in CLAUSE.finditer(text) if not (help_text and m.start() == 0)]
    found = [w for w in starts if w.lower() in TU_LOWER]
    found += [w for w in AFTER_OR.findall(text) if w.lower() in VERBS_ONLY]
    found += [m.group(0) for m in ENCLITIC.finditer(text) if m.group(1).lower().translate(PLAIN) in TU_LOWER]
    return found + PRONOUNS.findall(text)


def test_the_spanish_catalog_uses_usted() -> None:
    found = {
        key: forms for key, text in catalog("es").items() if (forms := _tu_forms(text, key.endswith("_help")))
    }
    assert not found, found


def test_the_register_check_sees_tu_forms() -> None:
    """Negative test: the sentences the issue quotes are caught, their usted forms and nouns are not."""
    assert _tu_forms("Sube la lista. Corrige el valor; puedes volver.") == ["Sube", "Corrige", "puedes"]
    assert _tu_forms("Suba la lista. Corrija el valor: la prueba t de Welch; el planificador usa 3.") == []
    quoted = "No hay un diseño guardado: escribe los tamaños (o guarda uno en «Dimensionar»)."
    assert _tu_forms(quoted) == ["escribe", "guarda"]
    assert _tu_forms("No hay un diseño guardado: escriba los tamaños (o guarde uno en «Dimensionar»).") == []
    assert _tu_forms("Baja los tamaños o amplía la base; guárdala. Complétalas.") == [
        "Baja", "amplía", "guárdala", "Complétalas"
    ]  # fmt: skip
    assert (
        _tu_forms("Baje los tamaños o amplíe la base; guárdela. Complételas. Bilateral (alza o baja).") == []
    )
    assert _tu_forms("Guarda tamaños y supuestos.", help_text=True) == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_assign_without_a_saved_design_asks_for_the_sizes_politely(lang: str) -> None:
    """ "Asignar" with its example and no saved design: the caption asking for the sizes is the catalog's,
    and in Spanish no caption, info or error on the page uses a *tú* form (the hand list above)."""
    at = open_page("assign", lang)
    at.button(key="assign.example_btn").click().run()
    assert_clean(at)
    shown = texts(at.caption) + texts(at.info) + texts(at.warning) + texts(at.error)
    assert translate("assign.input.sizes_typed", lang) in shown
    if lang == "es":
        assert "escriba los tamaños, o pulse" in translate("assign.input.sizes_typed", lang)
        assert not {text: forms for text in shown if (forms := _tu_forms(text))}

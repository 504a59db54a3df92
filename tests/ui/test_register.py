"""The Spanish catalog speaks to the user as *usted* throughout.

Oracle: the *tú* imperatives and pronouns the issue and the working rules name ("Sube", "Corrige",
"Escribe", "Elige", ...), listed by hand with their *usted* forms beside them; a word is only flagged
where it starts a sentence (so "la prueba" or "el planificador usa" are not).
"""

from __future__ import annotations

import re

from test_messages import catalog

TU = {  # tú → usted
    "Sube": "Suba", "Corrige": "Corrija", "Escribe": "Escriba", "Elige": "Elija", "Completa": "Complete",
    "Indica": "Indique", "Pulsa": "Pulse", "Revisa": "Revise", "Cambia": "Cambie", "Carga": "Cargue",
    "Descarga": "Descargue", "Selecciona": "Seleccione", "Ingresa": "Ingrese", "Agrega": "Agregue",
}  # fmt: skip
PRONOUNS = re.compile(r"\b(quieres|puedes|tienes|debes|tu|tus|ti|contigo)\b", re.IGNORECASE)


def _tu_forms(text: str) -> list[str]:
    starts = re.findall(r"(?:^|[.:;!?¿¡]\s+|\n)[«“]?(\w+)", text)
    return [w for w in starts if w in TU] + PRONOUNS.findall(text)


def test_the_spanish_catalog_uses_usted() -> None:
    found = {key: forms for key, text in catalog("es").items() if (forms := _tu_forms(text))}
    assert not found, found


def test_the_register_check_sees_tu_forms() -> None:
    """Negative test: the sentences the issue quotes are caught, their usted forms and nouns are not."""
    assert _tu_forms("Sube la lista. Corrige el valor; puedes volver.") == ["Sube", "Corrige", "puedes"]
    assert _tu_forms("Suba la lista. Corrija el valor: la prueba t de Welch; el planificador usa 3.") == []

"""Every refusal of the number parser and the exports has one sentence in each language.

Oracle: the source (every ``InputError("code"`` / ``_refuse("code"`` raised in ``planner_common/numbers.py``,
``planner_common/locales.py`` and ``datasources/exports*.py``) and the catalogs
``app_pages/i18n/{es,en}/locale_errors.toml``; each code is then provoked for real and rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from app_pages.i18n import error_text, load_catalog
from datasources import export_csv, export_xlsx
from planner_common import InputError, parse_number

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    ROOT / "planner_common" / "numbers.py",
    ROOT / "planner_common" / "locales.py",
    *sorted((ROOT / "datasources").glob("exports*.py")),
]
FRAME = pd.DataFrame({"id": ["1"], "arm": ["pilot"]})

PROVOKE: dict[str, Callable[[], object]] = {
    "unknown_locale": lambda: parse_number("1", "xx"),
    "number_empty": lambda: parse_number(" ", "es_CL"),
    "number_not_a_number": lambda: parse_number("abc", "es_CL"),
    "number_abbreviated": lambda: parse_number("250k", "es_CL"),
    "number_signs": lambda: parse_number("--5", "es_CL"),
    "number_foreign_format": lambda: parse_number("1,234.5", "es_CL"),
    "number_ambiguous": lambda: parse_number("1,234", "es_CL"),
    "number_malformed": lambda: parse_number("1.23.4", "es_CL"),
    "number_percent_not_expected": lambda: parse_number("3 %", "es_CL"),
    "number_currency_not_expected": lambda: parse_number("3 $", "es_CL", percent=True),
    "number_wrong_currency": lambda: parse_number("10 €", "es_CL", currency="CLP"),
    "number_too_large": lambda: parse_number("9" * 200, "es_CL"),
    "export_unknown_column": lambda: export_csv(FRAME, locale="es_CL", id_columns=["rut"]),
    "export_duplicate_headers": lambda: export_csv(FRAME, locale="es_CL", labels={"arm": "id"}),
    "export_too_big_for_excel": lambda: export_xlsx(pa.table({"x": range(1_048_576)}), locale="es_CL"),
}


def raised_codes() -> set[str]:
    pattern = re.compile(r'(?:InputError|_refuse)\(\s*"([a-z_]+)"')
    return {code for path in SOURCES for code in pattern.findall(path.read_text(encoding="utf-8"))}


def test_every_raised_code_is_provoked_here() -> None:
    assert raised_codes() == set(PROVOKE)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("code", sorted(PROVOKE))
def test_each_refusal_reads_as_one_catalog_sentence(code: str, lang: str) -> None:
    with pytest.raises(InputError) as err:
        PROVOKE[code]()
    assert err.value.code == code
    assert f"errors.{code}" in load_catalog(lang)
    text = error_text(err.value, lang)
    assert text != str(err.value) and "{" not in text and text.strip()


def test_spanish_sentences_use_usted() -> None:
    """The project's register: «Escriba», «Elija», never «Escribe», «Elige», «Quita»."""
    catalog = load_catalog("es")
    sentences = [catalog[f"errors.{code}"] for code in PROVOKE]
    assert not [
        s
        for s in sentences
        if re.search(
            r"\b(?i:escribe|elige|quita|revisa|agrupa|cambia)\b",
            s,
        )
    ]


def test_the_sentence_shows_the_suggestion_in_the_users_language() -> None:
    with pytest.raises(InputError) as err:
        parse_number("1,234.5", "es_CL")
    assert "1.234,5" in error_text(err.value, "es")
    with pytest.raises(InputError) as err:
        parse_number("1,234", "es_CL")
    assert "1.234" in error_text(err.value, "es") and "1,2340" in error_text(err.value, "es")

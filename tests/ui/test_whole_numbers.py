"""A whole-number box (customers, pilot size) that refuses what was typed never advises typing decimals.

Oracles: the catalogs' sentences (``errors.integer_ambiguous``, ``errors.not_an_integer``, the parser's
``number_*`` sentences with a whole-number example) and a property of each refusal shown: leaving out
the text the user typed (echoed, in quotes or not), it holds no figure with a decimal mark.
"""

from __future__ import annotations

import re

import pytest
from _money_pages import load_example, open_page, texts, type_number

from app_pages.i18n import translate

BASE = {"es": "Base elegible (clientes a contactar)", "en": "Eligible base (customers to contact)"}
DECIMAL = {"es": re.compile(r"\d,\d"), "en": re.compile(r"\d\.\d")}
ECHO = re.compile(r"«[^»]*»|“[^”]*”")
CASES = {
    "es": [
        ("250,000", translate("errors.integer_ambiguous", "es", value="250,000", thousands="250.000")),
        ("1.5", translate("errors.not_an_integer", "es", field=BASE["es"], value="1.5")),
        ("3,000.5", translate("errors.not_an_integer", "es", field=BASE["es"], value="3,000.5")),
        ("muchos", translate("errors.number_not_a_number", "es", value="muchos", example="1.234.567")),
        ("1.00.0", translate("errors.number_malformed", "es", value="1.00.0", example="1.234.567")),
        ("2,5", translate("errors.not_an_integer", "es", field=BASE["es"], value="2,5")),
    ],
    "en": [
        ("250.000", translate("errors.integer_ambiguous", "en", value="250.000", thousands="250,000")),
        ("1,5", translate("errors.not_an_integer", "en", field=BASE["en"], value="1,5")),
        ("3.000,5", translate("errors.not_an_integer", "en", field=BASE["en"], value="3.000,5")),
        ("10k", translate("errors.number_abbreviated", "en", value="10k", example="1,234,567")),
        ("1.00.0", translate("errors.number_malformed", "en", value="1.00.0", example="1,234,567")),
        ("2.5", translate("errors.not_an_integer", "en", field=BASE["en"], value="2.5")),
    ],
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_whole_number_box_never_advises_decimals(lang: str) -> None:
    at = load_example(open_page("brief", lang), "brief")
    for typed, sentence in CASES[lang]:
        type_number(at, "brief.eligible_base", typed)
        shown = [s.replace("\\", "") for s in texts(at.error)]
        assert shown == [sentence], (typed, shown)
        assert not DECIMAL[lang].search(ECHO.sub("", shown[0]).replace(typed, "")), shown[0]
    type_number(at, "brief.eligible_base", "200.000" if lang == "es" else "200,000")
    assert not at.error


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_decimal_box_keeps_the_decimal_advice(lang: str) -> None:
    """The cost per contact takes decimals: there the parser's own advice (both readings) is right."""
    at = load_example(open_page("brief", lang), "brief")
    typed, thousands, decimals = (
        ("1,500", "1.500", "1,5000") if lang == "es" else ("1.500", "1,500", "1.5000")
    )
    type_number(at, "brief.cost_per_contact", typed)
    sentence = translate("errors.number_ambiguous", lang, value=typed, thousands=thousands, decimals=decimals)
    assert [s.replace("\\", "") for s in texts(at.error)] == [sentence]

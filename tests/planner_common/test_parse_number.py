"""Numbers typed the way each locale writes them.

Oracles:
* Babel (an independent implementation of the CLDR data): every text that ``babel.numbers``
  ``format_decimal`` / ``format_percent`` / ``format_currency`` writes for es, es_CL, es_CO, es_ES, es_MX
  and en_US is read back as exactly the number Babel's strict ``parse_decimal`` reads (or as the Decimal
  that was formatted), except the shape the rules refuse as ambiguous (rule 5 of
  ``planner_common.numbers``), which must be refused with that code;
* the issue's own examples (``250.000``, ``1.234,56``, ``0,5``, ``3 %``, ``1,234.5`` refused ...);
* round trip: ``parse_number(format_number_input(x))`` recovers ``x`` to the digits shown (property).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from babel import numbers as babel_numbers
from hypothesis import given
from hypothesis import strategies as st

from planner_common import InputError, format_number_input, parse_number

LOCALES = ("es", "es_CL", "es_CO", "es_ES", "es_MX", "en_US")
PATTERNS = ("#,##0.###", "#,##0.00", "#,##0.######", "0.###", "#,##0")
CURRENCIES = ("CLP", "COP", "EUR", "MXN", "PEN", "USD")


def ambiguous_shape(text: str, locale: str) -> bool:
    """Rule 5 restated on the text: the decimal mark alone, three digits after 1–3 integer digits."""
    mark = re.escape(babel_numbers.get_decimal_symbol(locale))
    return re.fullmatch(rf"[-−]?[1-9]\d{{0,2}}{mark}\d{{3}}", text) is not None


def refusal(text: str, locale: str, **kwargs: object) -> str:
    with pytest.raises(InputError) as err:
        parse_number(text, locale, **kwargs)  # type: ignore[arg-type]
    return err.value.code


amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("locale", LOCALES)
@given(value=amounts, pattern=st.sampled_from(PATTERNS))
def test_what_babel_writes_is_read_as_babel_reads_it(locale: str, value: Decimal, pattern: str) -> None:
    text = babel_numbers.format_decimal(value, format=pattern, locale=locale)
    if ambiguous_shape(text, locale):
        assert refusal(text, locale) == "number_ambiguous"
        return
    expected = babel_numbers.parse_decimal(text, locale=locale, strict=True)
    assert parse_number(text, locale) == float(expected)


@pytest.mark.parametrize("locale", LOCALES)
@given(value=st.decimals(min_value=-5, max_value=5, places=5, allow_nan=False, allow_infinity=False))
def test_babel_percentages_are_read_as_typed(locale: str, value: Decimal) -> None:
    """``format_percent`` writes ``3,5 %`` (es, es_ES: no-break space), ``3,5%`` (es_CL) or ``3.5%``."""
    text = babel_numbers.format_percent(value, locale=locale, decimal_quantization=False)
    number = text.replace("%", "").strip("\xa0 ")
    if ambiguous_shape(number, locale):
        assert refusal(text, locale, percent=True) == "number_ambiguous"
        return
    assert parse_number(text, locale, percent=True) == float(value * 100)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("currency", CURRENCIES)
@given(
    value=st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
)
def test_babel_money_is_read_back(locale: str, currency: str, value: Decimal) -> None:
    """``$-1.043`` (es_CL), ``-1.234,50 €`` (es_ES), ``-$1,234.50`` (en_US), ``US$-1.234,50`` ..."""
    text = babel_numbers.format_currency(value, currency, locale=locale)
    digits = babel_numbers.get_currency_precision(currency)
    expected = babel_numbers.parse_decimal(
        re.sub(r"[^\d.,\-]", "", text).strip(".") or "0", locale=locale
    )  # the digits Babel wrote, read by Babel
    assert parse_number(text, locale, currency=currency) == float(expected)
    assert parse_number(text, locale) == pytest.approx(float(value), abs=0.5 * 10**-digits)


@pytest.mark.parametrize("locale", ["fr_FR", "sv_SE", "de_CH", "en_IN"])
@given(value=amounts)
def test_other_cldr_groupings_are_read(locale: str, value: Decimal) -> None:
    """Narrow no-break space (fr_FR), no-break space (sv_SE), ’ (de_CH), 12,34,567 (en_IN) – Babel's data."""
    text = babel_numbers.format_decimal(value, format="#,##0.##", locale=locale)
    if locale == "en_IN":
        text = babel_numbers.format_decimal(value, locale=locale, decimal_quantization=False)
    if ambiguous_shape(text, locale):
        return
    expected = babel_numbers.parse_decimal(text, locale=locale)
    assert parse_number(text, locale) == float(expected)


@pytest.mark.parametrize("space", [" ", "\xa0", "\u202f"])
@pytest.mark.parametrize("locale", ["es_CL", "es_ES", "en_US"])
def test_spaces_group_thousands_in_every_locale(space: str, locale: str) -> None:
    """Rule 3 (ISO 31-0 / RAE style): ``250 000`` with any space is 250000; groups of three only."""
    assert parse_number(f"1{space}250{space}000", locale) == 1_250_000
    assert refusal(f"12{space}50", locale) == "number_malformed"


ISSUE_EXAMPLES = [  # (text, locale, percent, number) – from the issue and the brief
    ("250.000", "es_CL", False, 250_000),
    ("250.000", "es_CO", False, 250_000),
    ("250.000", "es_ES", False, 250_000),
    ("1.234,56", "es", False, 1234.56),
    ("0,5", "es_CL", False, 0.5),
    ("3 %", "es_CL", True, 3),
    ("3,5 %", "es_ES", True, 3.5),
    ("3,5\xa0%", "es_ES", True, 3.5),
    ("-1.043", "es_CL", False, -1043),
    ("−5", "es_CL", False, -5),
    ("$-1.043", "es_CL", False, -1043),
    ("-$1.043", "es_CL", False, -1043),
    ("-1.234,50 €", "es_ES", False, -1234.5),
    ("1,5", "es_CL", False, 1.5),
    ("1.234", "es_CL", False, 1234),
    ("0,125", "es_CL", False, 0.125),
    (",5", "es_CL", False, 0.5),
    ("007", "es_CL", False, 7),
    ("250,000", "en_US", False, 250_000),
    ("0.5", "en_US", False, 0.5),
    ("3%", "en_US", True, 3),
    ("1,234,567.891", "en_US", False, 1_234_567.891),
    ("250,000", "es_MX", False, 250_000),  # CLDR: Mexico writes 1,234.56
    ("0.5", "es_MX", False, 0.5),
    ("-0", "es_CL", False, 0),
]


@pytest.mark.parametrize(("text", "locale", "percent", "number"), ISSUE_EXAMPLES)
def test_the_issue_examples_are_read(text: str, locale: str, percent: bool, number: float) -> None:
    assert parse_number(text, locale, percent=percent) == number


REFUSALS = [  # (text, locale, keyword arguments, code)
    ("1,234.5", "es_CL", {}, "number_foreign_format"),
    ("1,234,567", "es_CL", {}, "number_foreign_format"),
    ("1.5", "es_CL", {}, "number_foreign_format"),  # Babel's lenient parse_decimal reads 15
    ("0.5", "es_ES", {}, "number_foreign_format"),
    ("1.23", "es_CO", {}, "number_foreign_format"),
    ("1234.567", "es_CL", {}, "number_foreign_format"),
    (".5", "es_CL", {}, "number_foreign_format"),
    ("1.234,56", "en_US", {}, "number_foreign_format"),
    ("1.234,56", "es_MX", {}, "number_foreign_format"),
    ("0,5", "es_MX", {}, "number_foreign_format"),
    ("1,234", "es_CL", {}, "number_ambiguous"),
    ("250,000", "es_ES", {}, "number_ambiguous"),
    ("-1,000", "es_CL", {}, "number_ambiguous"),
    ("1.234", "en_US", {}, "number_ambiguous"),
    ("250.000", "en_US", {}, "number_ambiguous"),
    ("250.000", "es_MX", {}, "number_ambiguous"),
    ("1.23.4", "es_CL", {}, "number_malformed"),
    ("1,2,3", "es_CL", {}, "number_malformed"),
    ("12.34.567", "es_CL", {}, "number_malformed"),
    ("1.234 567", "es_CL", {}, "number_malformed"),
    ("5,", "es_CL", {}, "number_malformed"),
    ("1..5", "en_US", {}, "number_malformed"),
    ("", "es_CL", {}, "number_empty"),
    ("  \xa0 ", "es_CL", {}, "number_empty"),
    ("abc", "es_CL", {}, "number_not_a_number"),
    ("1e5", "en_US", {}, "number_not_a_number"),
    ("(1,234.00)", "en_US", {}, "number_not_a_number"),  # accounting negatives are not guessed
    ("12/5", "es_CL", {}, "number_not_a_number"),
    ("$", "es_CL", {}, "number_not_a_number"),
    ("3 %%", "es_CL", {"percent": True}, "number_not_a_number"),
    ("250k", "es_CL", {}, "number_abbreviated"),
    ("2,5 MM$", "es_CL", {}, "number_abbreviated"),
    ("3 mil", "es_CL", {}, "number_abbreviated"),
    ("1.5M", "en_US", {}, "number_abbreviated"),
    ("--5", "es_CL", {}, "number_signs"),
    ("+-5", "es_CL", {}, "number_signs"),
    ("5-", "es_CL", {}, "number_signs"),
    ("-$-5", "es_CL", {}, "number_signs"),
    ("5-3", "es_CL", {}, "number_signs"),
    ("3 %", "es_CL", {}, "number_percent_not_expected"),
    ("3 $", "es_CL", {"percent": True}, "number_currency_not_expected"),
    ("10 €", "es_CL", {"currency": "CLP"}, "number_wrong_currency"),
    ("US$ 10", "es_CL", {"currency": "EUR"}, "number_wrong_currency"),
    ("1" * 400, "es_CL", {}, "number_too_large"),
    ("1", "xx", {}, "unknown_locale"),
    ("1", "", {}, "unknown_locale"),
]


@pytest.mark.parametrize(("text", "locale", "kwargs", "code"), REFUSALS)
def test_uncertain_texts_are_refused_with_their_code(text: str, locale: str, kwargs: dict, code: str) -> None:
    assert refusal(text, locale, **kwargs) == code


def test_babel_alone_would_read_a_plausible_wrong_number() -> None:
    """Why the parser is stricter than Babel: lenient ``parse_decimal`` reads Spanish ``1.5`` as 15."""
    assert babel_numbers.parse_decimal("1.5", locale="es") == 15
    assert refusal("1.5", "es") == "number_foreign_format"


def test_refusals_suggest_how_to_write_it() -> None:
    with pytest.raises(InputError) as err:
        parse_number("1,234.5", "es_CL")
    assert err.value.params["suggestion"] == "1.234,5"
    with pytest.raises(InputError) as err:
        parse_number("1,234", "es_CL", field="eligible_base")
    assert (err.value.params["thousands"], err.value.params["decimals"]) == ("1.234", "1,2340")
    assert err.value.params["field"] == "eligible_base" and err.value.params["value"] == "1,234"
    with pytest.raises(InputError) as err:
        parse_number("0.5 %", "es_ES", percent=True)
    assert err.value.params["suggestion"] == "0,5\xa0%"


def test_the_field_currency_accepts_its_own_signs() -> None:
    assert parse_number("CLP 1.000", "es_CL", currency="CLP") == 1000
    assert parse_number("$1.000", "es_CL", currency="CLP") == 1000
    assert parse_number("1.000,50 €", "es_ES", currency="EUR") == 1000.5
    assert parse_number("S/ 1.000,50", "es_CL", currency="PEN") == 1000.5


# format_number_input: what an input box shows -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "locale", "digits", "percent", "text"),
    [
        (3, "es_CL", 2, False, "3,00"),
        (250_000, "es_CL", 0, False, "250.000"),
        (0.79, "es_CL", 2, False, "0,79"),
        (3.5, "es_ES", 1, True, "3,5\xa0%"),
        (3.5, "es_CL", 1, True, "3,5%"),
        (250_000, "en_US", 0, False, "250,000"),
        (0.5, "en_US", 1, True, "0.5%"),
        (-1043, "es_CL", 0, False, "-1.043"),
        (1.234, "es_CL", 3, False, "1,2340"),  # three decimals alone would be ambiguous (rule 5)
        (-0.001, "es_CL", 2, False, "0,00"),
        (float("nan"), "es_CL", 2, False, ""),
    ],
)
def test_inputs_show_numbers_as_the_locale_types_them(
    value: float, locale: str, digits: int, percent: bool, text: str
) -> None:
    """Oracle: the issue's examples (``3,00``, ``250.000``) and CLDR's percent patterns."""
    assert format_number_input(value, locale, digits=digits, percent=percent) == text


@pytest.mark.parametrize("locale", LOCALES)
@given(
    value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    digits=st.integers(min_value=0, max_value=5),
    percent=st.booleans(),
)
def test_what_an_input_shows_reads_back(locale: str, value: float, digits: int, percent: bool) -> None:
    """Round trip: the shown text reads back to the value within half a unit of its last digit."""
    text = format_number_input(value, locale, digits=digits, percent=percent)
    back = parse_number(text, locale, percent=percent)
    assert abs(back - value) <= 0.5 * 10**-digits + 1e-15 * max(1.0, abs(value))
    assert format_number_input(back, locale, digits=digits, percent=percent) == text


def test_formatting_refuses_infinity_and_bad_digits() -> None:
    with pytest.raises(InputError) as err:
        format_number_input(float("inf"), "es_CL", digits=0)
    assert err.value.code == "number_too_large"
    with pytest.raises(InputError):
        format_number_input(1, "es_CL", digits=-1)

"""Language catalogs and every locale-aware formatter of the UI (the only place that formats).

Catalogs live in ``app_pages/i18n/<lang>/*.toml`` (one file per page or core area plus ``common.toml``);
their tables are flattened into dotted keys, so ``[design] title = "..."`` in ``design.toml`` is
``t("design.title")``. Every key must exist in both languages (a test checks it). Core messages arrive
as codes: :func:`error_text` phrases an ``InputError`` from ``errors.<code>``, :func:`note_text` a
result's ``Note`` from ``analysis_notes.<code>``; their parameters are formatted for the locale here.
"""

from __future__ import annotations

import functools
import math
import tomllib
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from planner_common import NumberFormat, NumberSymbols, number_symbols
from planner_common import currency_digits as display_currency_digits

__all__ = [
    "BABEL_LOCALE",
    "catalog_texts",
    "LANGS",
    "currency_digits",
    "current_lang",
    "fmt_alternatives",
    "error_text",
    "fmt_date",
    "fmt_fixed",
    "fmt_int",
    "fmt_money",
    "fmt_money_avg",
    "fmt_money_short",
    "fmt_number",
    "fmt_p",
    "fmt_pct",
    "fmt_pct_auto",
    "fmt_points",
    "fmt_pp",
    "fmt_pp_auto",
    "fmt_prob",
    "fmt_pvalue",
    "fmt_read",
    "fmt_score",
    "fmt_significant",
    "fmt_value",
    "lang_from_locale",
    "locale_symbols",
    "millions_suffix",
    "number_format",
    "number_locale",
    "load_catalog",
    "note_text",
    "t",
    "translate",
]

LANGS = ("es", "en")
DEFAULT_LANG = "es"
BABEL_LOCALE = {"es": "es_CL", "en": "en_US"}
CATALOG_DIR = Path(__file__).parent


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@functools.cache
def load_catalog(lang: str) -> dict[str, str]:
    """Return the flattened catalog of ``lang`` (all ``*.toml`` files of its folder merged)."""
    catalog: dict[str, str] = {}
    for path in sorted((CATALOG_DIR / lang).glob("*.toml")):
        with path.open("rb") as fh:
            catalog.update(_flatten(tomllib.load(fh)))
    return catalog


def catalog_texts(lang: str, prefixes: tuple[str, ...]) -> dict[str, str]:
    """Every catalog sentence whose key starts with one of ``prefixes`` (templates, unfilled)."""
    return {key: text for key, text in load_catalog(lang).items() if key.startswith(prefixes)}


def lang_from_locale(locale: str | None) -> str:
    """Pick the UI language from a browser locale such as ``"es-CL"`` or ``"en-US"``."""
    if locale and locale.lower().startswith("en"):
        return "en"
    return DEFAULT_LANG


def current_lang() -> str:
    """The language chosen in this session (falls back to the browser locale, then Spanish)."""
    import streamlit as st

    lang = st.session_state.get("lang")
    if lang in LANGS:
        return lang
    try:
        locale = st.context.locale
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        locale = None
    return lang_from_locale(locale)


def translate(key: str, lang: str, **params: Any) -> str:
    """Look ``key`` up in ``lang`` and interpolate ``params``; a missing key shows itself."""
    text = load_catalog(lang).get(key, key)
    return text.format(**params) if params else text


def t(key: str, **params: Any) -> str:
    """Translate ``key`` into the session language."""
    return translate(key, current_lang(), **params)


def error_text(exc: Exception, lang: str | None = None) -> str:
    """The catalog sentence for an ``InputError`` (English message as a fallback)."""
    lang = lang or current_lang()
    code = getattr(exc, "code", None)
    key = f"errors.{code}"
    if code and key in load_catalog(lang):
        params = {k: fmt_value(v, lang) for k, v in getattr(exc, "params", {}).items()}
        try:
            return translate(key, lang, **params)
        except (KeyError, IndexError):
            pass
    return str(exc)


def note_text(note: Any, lang: str | None = None) -> str:
    """A core result's caveat (``Note``) as the catalog sentence ``analysis_notes.<code>``.

    A caveat without a code, or whose code the catalog lacks, shows its own text (a test makes sure
    every ``Note.make`` code of the core has a sentence in both catalogs).
    """
    lang = lang or current_lang()
    code, params = getattr(note, "code", None), getattr(note, "params", {})
    if isinstance(note, list | tuple) and len(note) == 2 and isinstance(note[0], str):
        code, params = note  # a caveat as stored with a campaign: (code, params)
        if code == "text":
            return str(params.get("text", ""))
    key = f"analysis_notes.{code}"
    if code and key in load_catalog(lang):
        texts = {k: fmt_p(v, lang) if k == "pvalue" else fmt_value(v, lang) for k, v in dict(params).items()}
        try:
            return translate(key, lang, **texts)
        except (KeyError, IndexError, ValueError):
            pass
    return str(note) if not isinstance(note, list | tuple) else str(code)


def fmt_value(value: Any, lang: str) -> str:
    """Format a parameter echoed in an error or a caveat: whole numbers as such, fractions with four
    significant digits (``0,01667``), larger amounts with two decimals at most (``4.854,1``); in English
    the core's Spanish quotes around a cell value become English ones (``«2»`` → ``“2”``)."""
    if isinstance(value, str) and lang == "en":  # the core quotes Spanish-style: «quizás» → “quizás”
        return value.replace("«", "“").replace("»", "”")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or not math.isfinite(value):
        return fmt_number(value, lang, digits=0)
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    return fmt_number(value, lang, digits=max(2, 3 - magnitude) if abs(value) < 1 else 2)


def _session_currency() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:  # no session: a cached call or a core test
        return "CLP"
    import streamlit as st

    return str(st.session_state.get("app.currency", "CLP"))


def number_format(lang: str | None = None, currency: str | None = None) -> NumberFormat:
    """The app's one formatter (:class:`planner_common.display.NumberFormat`) for this session."""
    return NumberFormat(lang or current_lang(), currency or _session_currency())


def _locale(lang: str | None) -> str:
    return number_format(lang).locale


def number_locale(lang: str | None = None, currency: str | None = None) -> str:
    """The Babel locale numbers are typed and shown in: ``es_CL`` for pesos, ``es_MX`` for MXN, ``en_US``."""
    return number_format(lang, currency).locale


def locale_symbols(lang: str | None = None, currency: str | None = None) -> NumberSymbols:
    """The decimal and thousands marks of the session's locale (``,`` and ``.`` in Chile, ``.`` and
    ``,`` in Mexico and in English)."""
    return number_symbols(number_locale(lang, currency))


def fmt_read(value: float, lang: str | None = None) -> str:
    """A number typed by the user, echoed so no reader can misread it: thousands grouped with a narrow
    space and the locale's decimal mark (``250 000``, ``0,5``; ``1 234.56`` in Mexico and English)."""
    if value is None or value != value:
        return "—"
    locale = _locale(lang)
    text = babel_numbers.format_decimal(value, format="#,##0.######", locale=locale)
    return text.replace(babel_numbers.get_group_symbol(locale), "\u202f")


def millions_suffix(lang: str | None = None, currency: str | None = None) -> str:
    """What follows an amount in millions on a chart axis: ``MM`` in Latin America (where ``M$`` means
    thousands), ``M`` in Spain and in English."""
    locale = number_locale(lang, currency)
    if locale.startswith("en"):
        return "M"
    return "\u00a0M" if locale == "es_ES" else "\u00a0MM"


def fmt_number(value: float, lang: str | None = None, *, digits: int = 2) -> str:
    """``1234.5`` → ``1.234,5`` (es) / ``1,234.5`` (en); NaN → ``—``."""
    return number_format(lang).number(value, digits)


def fmt_int(value: float, lang: str | None = None) -> str:
    """``13914`` → ``13.914`` (es) / ``13,914`` (en)."""
    return number_format(lang).integer(value)


def fmt_pct(fraction: float, lang: str | None = None, *, digits: int = 1) -> str:
    """A fraction as a percent: ``0.035`` → ``3,5 %`` (es) / ``3.5%`` (en)."""
    return number_format(lang).pct(fraction, digits)


def fmt_pp(difference: float, lang: str | None = None, *, digits: int = 2) -> str:
    """A rate difference in percentage points: ``0.005`` → ``0,5 pp``."""
    if difference is None or difference != difference:
        return "—"
    return f"{fmt_number(difference * 100, lang, digits=digits)}\u00a0pp"


def fmt_money(value: float, currency: str, lang: str | None = None) -> str:
    """Money in full with the currency's decimals (CLP ``$1.234.567``; a loss ``-$1.043``)."""
    return number_format(lang, currency).money(value)


def fmt_money_avg(value: float, currency: str, lang: str | None = None) -> str:
    """An average per customer: the currency's decimals, and two more under 10 units of a currency
    without cents, so a small average is not rounded to nothing (CLP ``$0,37``, not ``$0``)."""
    digits = display_currency_digits(currency)
    if digits == 0 and value is not None and value == value and abs(value) < 10:
        digits = 2
    return number_format(lang, currency).money(value, digits)


def fmt_p(pvalue: float, lang: str | None = None) -> str:
    """A p-value as a phrase: ``p = 0,013``, ``p = 0,0021`` or ``p < 0,0001`` (never ``p = 0``)."""
    return number_format(lang).pvalue(pvalue)


def fmt_prob(probability: float, lang: str | None = None, *, digits: int = 0) -> str:
    """A probability as a percent that never rounds a real risk away: ``> 99 %`` / ``< 1 %`` at the ends."""
    return number_format(lang).prob(probability, digits)


def fmt_significant(value: float, lang: str | None = None, *, digits: int = 2) -> str:
    """A small number with ``digits`` significant digits: ``0.0021`` → ``0,0021``."""
    if value is None or value != value:
        return "—"
    return babel_numbers.format_decimal(value, format="@" * digits, locale=_locale(lang))


def fmt_date(value: Any, lang: str | None = None) -> str:
    """A calendar day in the locale's medium form: ``16-03-2025`` (es-CL) / ``Mar 16, 2025`` (en-US)."""
    if value is None:
        return "—"
    return babel_dates.format_date(value, format="medium", locale=_locale(lang))


def fmt_period(value: Any, period: str, lang: str | None = None) -> str:
    """A period's label: a month as ``dic 2026`` / ``Dec 2026``, a week or a day by its first day."""
    if value is None:
        return "—"
    if period == "month":
        return babel_dates.format_date(value, format="MMM y", locale=_locale(lang))
    return fmt_date(value, lang)


def currency_digits(currency: str) -> int:
    """Decimals a currency is written with: 0 for CLP or COP, 2 for EUR or USD (CLDR cash digits)."""
    return display_currency_digits(currency)


def fmt_pvalue(pvalue: float, lang: str | None = None) -> str:
    """A p-value in a table cell: four decimals, or ``< 0,0001`` (no ``p =``)."""
    if pvalue is None or pvalue != pvalue:
        return "—"
    return (
        f"< {fmt_number(0.0001, lang, digits=4)}" if pvalue < 0.0001 else fmt_number(pvalue, lang, digits=4)
    )


def fmt_fixed(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A number with exactly ``digits`` decimals in the locale: ``35,0`` (es) / ``35.0`` (en)."""
    return number_format(lang).fixed(value, digits)


def fmt_points(difference: float, digits: int = 2, lang: str | None = None) -> str:
    """A rate difference in percentage points with fixed decimals: ``0.01`` → ``1,00 pp``."""
    return number_format(lang).points(difference, digits)


def fmt_pct_auto(fraction: float, lang: str | None = None) -> str:
    """A percent with as few decimals as it needs: ``3 %`` · ``3,5 %`` · ``0,25 %``."""
    if fraction is None or fraction != fraction:
        return "—"
    scaled = fraction * 100
    digits = next((d for d in (0, 1, 2) if abs(scaled * 10**d - round(scaled * 10**d)) < 1e-6), 2)
    return fmt_pct(fraction, lang, digits=digits)


def fmt_pp_auto(difference: float, lang: str | None = None) -> str:
    """Percentage points with two decimals, or four for differences under 0,1 pp."""
    return fmt_pp(difference, lang, digits=2 if abs(difference) >= 0.001 else 4)


def fmt_alternatives(items: list[str], lang: str | None = None) -> str:
    """Words joined as alternatives: ``analista o líder`` / ``analyst or leader``."""
    return babel_lists.format_list(items, style="or", locale=BABEL_LOCALE[lang or current_lang()])


def fmt_score(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A net score (NPS, ISN) in points with its sign: ``+30,0`` / ``−4,5``."""
    if value is None or value != value:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + fmt_fixed(abs(value), digits, lang)


def fmt_money_short(value: float, currency: str, lang: str | None = None) -> str:
    """Money on a metric card: the full amount too (an "M" means thousands in Chile, millions elsewhere)."""
    return fmt_money(value, currency, lang)

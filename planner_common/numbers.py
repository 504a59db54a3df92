"""Numbers typed the way a locale writes them: read with certainty, or refused with one sentence.

A plausible wrong number is the worst defect a money tool can have, so :func:`parse_number` reads a
text only when exactly one reading is possible and refuses everything else with an
:class:`~planner_common.InputError` whose code selects a catalog sentence that says how to write it.

The rules, with D the locale's decimal mark and G its thousands mark (CLDR data via Babel: ``es``,
``es_CL``, ``es_CO``, ``es_ES`` write ``1.234,56``; ``en_US`` **and** ``es_MX`` write ``1,234.56``):

1. Digits are ASCII ``0-9``; spaces around the figure are ignored. At most one sign, before the figure
   (``-``, Unicode minus ``−``, en dash ``–`` or ``+``), before or after one currency sign (``$``, ``€``,
   ``US$``, ``CLP`` ...); ``$-1.043``, ``-$1.043`` and ``-1.043 €`` all read -1043.
2. ``%`` may end the text only with ``percent=True``; the number typed is returned (``"3,5 %"`` → 3.5),
   never divided by 100. A percent field refuses currency signs; a money field refuses ``%``.
3. G groups the integer digits in groups of the locale's size (3): ``250.000``, ``1.234.567``; a space,
   no-break space or narrow no-break space may group instead of G (``250 000``), never mixed with G. The
   first group has 1–3 digits and does not start with 0. D appears at most once, after the groups, and
   has digits after it (``,5`` is 0.5; ``5,`` is refused).
4. A text that reads only with the marks swapped (``1.5`` or ``1,234.5`` in Spanish) is refused with
   the locale's spelling as the suggestion (``number_foreign_format``).
5. D alone followed by exactly three digits after 1–3 integer digits not starting with 0 (``1,234`` or
   ``250,000`` in Spanish, ``1.234`` in English) is refused (``number_ambiguous``): thousands typed the
   other way are common and three-decimal figures rare, so either reading could be the user's. G alone
   in the same shape (``250.000`` in Spanish) is read as thousands, as the locale writes them.
6. Anything else (``1.23.4``, ``1234.567`` in Spanish, letters, ``250k``, two signs, a trailing minus,
   an empty text, a figure beyond the float range) is refused with its own code.

Codes: ``number_empty``, ``number_not_a_number``, ``number_abbreviated``, ``number_signs``,
``number_foreign_format``, ``number_ambiguous``, ``number_malformed``, ``number_percent_not_expected``,
``number_currency_not_expected``, ``number_wrong_currency``, ``number_too_large`` and, for the locale,
``unknown_locale``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from babel import numbers as babel_numbers

from planner_common.checks import check_int
from planner_common.errors import InputError
from planner_common.locales import SPACES, NumberSymbols, all_currency_signs, currency_signs, number_symbols

_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (word processors turn "-" into "–")
_SIGNS = _MINUS + "+"
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))  # direction marks Babel puts around some signs
_SPACE_RE = re.compile(f"[{SPACES}]")
_ABBREVIATED = re.compile(r"[0-9., ]*[0-9] ?([^\W\d_]+)\.?")
_ABBREVIATIONS = frozenset(
    {"k", "m", "mm", "mil", "miles", "mill", "millon", "millón", "millones", "mn", "mio", "b", "bn", "lucas"}
)
_MAX_CHARS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class _Pieces:
    core: str
    signs: str
    currencies: tuple[str, ...]
    percents: int
    trailing_sign: bool


def _refuse(code: str, message: str, field: str, text: object, **params: object) -> InputError:
    return InputError(code, f"{field}: {message}", field=field, value=text, **params)


def _currency_at(text: str, *, start: bool) -> str:
    upper = text.upper()
    for sign in all_currency_signs():
        if upper.startswith(sign) if start else upper.endswith(sign):
            return text[: len(sign)] if start else text[len(text) - len(sign) :]
    return ""


def _peel_start(core: str) -> tuple[str, str, list[str]]:
    signs, currencies = "", []
    while core := core.lstrip(SPACES):
        if core[0] in _SIGNS:
            signs, core = signs + core[0], core[1:]
        elif sign := _currency_at(core, start=True):
            currencies.append(sign)
            core = core[len(sign) :]
        else:
            break
    return core, signs, currencies


def _peel(text: str) -> _Pieces:
    core, signs, currencies = _peel_start(text)
    percents, trailing = 0, False
    while core := core.rstrip(SPACES):
        if core[-1] == "%":
            percents, core = percents + 1, core[:-1]
        elif core[-1] in _SIGNS:
            trailing, core = True, core[:-1]
        elif sign := _currency_at(core, start=False):
            currencies.append(sign)
            core = core[: -len(sign)]
        else:
            break
    core = _SPACE_RE.sub(" ", core)
    return _Pieces(
        core=core, signs=signs, currencies=tuple(currencies), percents=percents, trailing_sign=trailing
    )


def _well_grouped(runs: list[str], grouping: tuple[int, int], *, fraction: bool) -> bool:
    if len(runs) == 1:
        return bool(runs[0]) or fraction
    last, other = grouping
    head, middle, tail = runs[0], runs[1:-1], runs[-1]
    return (
        0 < len(head) <= other
        and not head.startswith("0")
        and all(len(run) == other for run in middle)
        and len(tail) == last
    )


def _read(core: str, decimal: str, groups: str, grouping: tuple[int, int]) -> str | None:
    """``core`` as ``"1234.5"`` when ``decimal`` and the ``groups`` marks read it, else ``None``."""
    parts = re.split(r"([^0-9])", core)
    runs, marks = parts[0::2], parts[1::2]
    fraction = ""
    if decimal in marks:
        if marks.count(decimal) > 1 or marks[-1] != decimal or not runs[-1]:
            return None
        fraction, runs, marks = runs[-1], runs[:-1], marks[:-1]
    if any(mark not in groups for mark in marks) or len(set(marks)) > 1:
        return None
    if not _well_grouped(runs, grouping, fraction=bool(fraction)):
        return None
    return f"{''.join(runs) or '0'}.{fraction or '0'}"


def _foreign(sym: NumberSymbols) -> tuple[str, str]:
    decimal = "." if sym.decimal == "," else ","
    return decimal, ("," if decimal == "." else ".")


def _pattern(sym: NumberSymbols, digits: int) -> str:
    last, other = sym.grouping
    return f"#,{'#' * other},{'#' * (last - 1)}0" + ("." + "0" * digits if digits else "")


def _write(value: float, sym: NumberSymbols, digits: int) -> str:
    text = babel_numbers.format_decimal(value, format=_pattern(sym, digits), locale=sym.locale)
    text = text.translate(_BIDI).replace("\u2212", "-")
    return text.lstrip("-") if not re.search("[1-9]", text) else text


def _example(sym: NumberSymbols) -> str:
    return _write(1234567.89, sym, 2)


def _check_characters(pieces: _Pieces, sym: NumberSymbols, field: str, text: str) -> None:
    core = pieces.core
    allowed = set("0123456789., ") | {sym.group} | ({"'"} if sym.group == "\u2019" else set())
    if any(char.isalpha() for char in core):
        found = _ABBREVIATED.fullmatch(core)
        if found and found.group(1).casefold() in _ABBREVIATIONS:
            raise _refuse(
                "number_abbreviated",
                f"write the whole figure with digits, e.g. {_example(sym)}, not {text!r}.",
                field,
                text,
                example=_example(sym),
            )
    if any(char in _SIGNS for char in core) or len(pieces.signs) > 1 or pieces.trailing_sign:
        raise _refuse(
            "number_signs", f"use one sign, before the figure (e.g. -1043), got {text!r}.", field, text
        )
    bad = any(char not in allowed for char in core) or not re.search("[0-9]", core)
    if bad or pieces.percents > 1 or len(pieces.currencies) > 1:
        raise _refuse(
            "number_not_a_number",
            f"must be a number written with digits, e.g. {_example(sym)}, got {text!r}.",
            field,
            text,
            example=_example(sym),
        )


def _check_units(pieces: _Pieces, percent: bool, currency: str | None, field: str, text: str) -> None:
    if pieces.percents and not percent:
        raise _refuse(
            "number_percent_not_expected", f"is not a percentage; remove the %: {text!r}.", field, text
        )
    if pieces.currencies and percent:
        raise _refuse(
            "number_currency_not_expected",
            f"is a percentage; remove the currency sign: {text!r}.",
            field,
            text,
        )
    if pieces.currencies and currency and pieces.currencies[0].upper() not in currency_signs(currency):
        raise _refuse(
            "number_wrong_currency",
            f"is in {currency}; remove {pieces.currencies[0]!r} or change the currency: {text!r}.",
            field,
            text,
            currency=currency,
            symbol=pieces.currencies[0],
        )


def _signed(plain: str, pieces: _Pieces) -> float:
    value = float(plain)
    return (-value if pieces.signs and pieces.signs in _MINUS else value) + 0.0


def _ambiguous(
    local: str, foreign: str, pieces: _Pieces, sym: NumberSymbols, field: str, text: str
) -> InputError:
    suffix = sym.percent_suffix if pieces.percents else ""
    digits = len(local.split(".")[1]) + 1
    thousands = _write(_signed(foreign, pieces), sym, 0) + suffix
    decimals = _write(_signed(local, pieces), sym, digits) + suffix
    return _refuse(
        "number_ambiguous",
        f"{text!r} could be thousands or decimals; write {thousands} for thousands or {decimals} for decimals.",
        field,
        text,
        thousands=thousands,
        decimals=decimals,
    )


def _separators(pieces: _Pieces, sym: NumberSymbols, field: str, text: str) -> str:
    groups = sym.group + " " + ("'" if sym.group == "\u2019" else "")
    core = pieces.core.replace("'", "\u2019") if sym.group == "\u2019" else pieces.core
    local = _read(core, sym.decimal, groups, sym.grouping)
    foreign_decimal, foreign_group = _foreign(sym)
    foreign = _read(core, foreign_decimal, foreign_group + " ", sym.grouping)
    if local is not None and foreign is not None and sym.decimal in core:
        raise _ambiguous(local, foreign, pieces, sym, field, text)
    if local is not None:
        return local
    if foreign is not None:
        digits = len(foreign.split(".")[1]) if foreign_decimal in core else 0
        suggestion = _write(_signed(foreign, pieces), sym, digits) + (
            sym.percent_suffix if pieces.percents else ""
        )
        raise _refuse(
            "number_foreign_format",
            f"{text!r} is not written as in {sym.locale}; write {suggestion}.",
            field,
            text,
            suggestion=suggestion,
        )
    raise _refuse(
        "number_malformed",
        f"{text!r} cannot be read with certainty; write groups of three digits and one decimal mark, "
        f"e.g. {_example(sym)}.",
        field,
        text,
        example=_example(sym),
    )


def parse_number(
    text: str, locale: str, *, percent: bool = False, currency: str | None = None, field: str = "value"
) -> float:
    """Read a number typed the way ``locale`` writes it; refuse anything that is not certain.

    Args:
        text: What the user typed or pasted.
        locale: Babel locale, e.g. ``"es_CL"``, ``"es_ES"``, ``"es_MX"``, ``"en_US"`` (``"es-CL"`` too).
        percent: The field is a percentage: an optional trailing ``%`` is accepted and the number typed
            is returned as typed (``"3,5 %"`` → 3.5; divide by 100 for a rate).
        currency: The field's currency (``"CLP"``); a sign of another currency is refused. ``None``
            accepts any sign of CLP, COP, EUR, MXN, PEN or USD. Percent fields accept none.
        field: The parameter named in the error.

    Returns:
        The number as a float (``-0`` is ``0.0``).

    Raises:
        InputError: one code per kind of refusal (see the module's rules); the English message and the
            catalog sentence (``errors.<code>``) say how to write the number.

    Examples:
        Chile: a quarter of a million customers, a 0,5 % response rate, a loss typed after the sign.

        >>> parse_number("250.000", "es_CL"), parse_number("0,5 %", "es_CL", percent=True)
        (250000.0, 0.5)
        >>> parse_number("$-1.043", "es_CL", currency="CLP"), parse_number("1.234,56 €", "es_ES")
        (-1043.0, 1234.56)
        >>> parse_number("250,000", "en_US"), parse_number("250,000", "es_MX")
        (250000.0, 250000.0)
        >>> parse_number("1,234.5", "es_CL")
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: value: '1,234.5' is not written as in es_CL; write 1.234,5.

    References:
        Unicode CLDR number symbols and patterns (UTS #35 part 3) via Babel; the refusal rules are
        this project's (module docstring).
    """
    sym = number_symbols(locale)
    if not isinstance(text, str):
        raise _refuse(
            "number_not_a_number", f"must be typed text, got {text!r}.", field, text, example=_example(sym)
        )
    raw = text.translate(_BIDI).strip()
    if not raw:
        raise _refuse(
            "number_empty",
            f"is empty; type a number, e.g. {_example(sym)}.",
            field,
            text,
            example=_example(sym),
        )
    if len(raw) > _MAX_CHARS:
        raise _refuse(
            "number_too_large", f"is too long to be a figure ({len(raw)} characters).", field, raw[:20]
        )
    pieces = _peel(raw)
    _check_characters(pieces, sym, field, text)
    _check_units(pieces, percent, currency, field, text)
    value = _signed(_separators(pieces, sym, field, text), pieces)
    if not math.isfinite(value):
        raise _refuse("number_too_large", f"is too large to compute with: {text!r}.", field, text)
    return value


def format_number_input(value: float, locale: str, *, digits: int, percent: bool = False) -> str:
    """Write ``value`` the way a user of ``locale`` types it, so :func:`parse_number` reads it back.

    ``digits`` decimals are always shown (``3,00``); thousands are grouped (``250.000``). When three
    decimals would look like thousands (``1,234`` in Spanish), a fourth zero is added (``1,2340``) so
    the text stays unambiguous. ``percent=True`` appends the locale's percent sign (``3,5 %`` in es_ES,
    ``3,5%`` in es_CL). NaN gives an empty text.

    Examples:
        >>> format_number_input(3, "es_CL", digits=2), format_number_input(250_000, "es_CL", digits=0)
        ('3,00', '250.000')
        >>> format_number_input(0.5, "en_US", digits=1, percent=True), format_number_input(1.234, "es", digits=3)
        ('0.5%', '1,2340')

    References:
        Unicode CLDR number patterns (UTS #35 part 3) via Babel's ``format_decimal``.
    """
    sym = number_symbols(locale)
    digits = check_int("digits", digits, minimum=0)
    if isinstance(value, float) and math.isnan(value):
        return ""
    if not math.isfinite(value):
        raise _refuse("number_too_large", f"is too large to show: {value!r}.", "value", value)
    text = _write(float(value), sym, digits)
    if digits == sym.grouping[0]:
        try:
            parse_number(text, locale)
        except InputError as err:
            if err.code != "number_ambiguous":
                raise
            text += "0"
    return text + (sym.percent_suffix if percent else "")

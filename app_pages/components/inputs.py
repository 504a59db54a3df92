"""Inputs shared by the pages: numbers typed as the locale writes them, starting values, example buttons,
option labels.

Every numeric input is :func:`number_input` (or :func:`money_input`, :func:`percent_input`,
:func:`count_input`): a text box that shows the value the way the user's locale writes it (``3,00``,
``250.000``; ``250,000`` in Mexico and in English), reads it with :func:`planner_common.parse_number`
and, when the text cannot be read with certainty or is out of range, shows the catalog sentence under
the box and returns ``None``, so the page says what to fix instead of showing figures from an older
value. The app writes *numbers* into ``st.session_state[key]`` (defaults, examples, a reopened
campaign); the box turns them into text when it is drawn, and :func:`number_value` gives any key's
number (what :func:`app_pages.state.widget_values` saves). Starting values are written before a widget
is drawn (never through ``value=``), so what the user typed always wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages.components.feedback import md
from app_pages.i18n import (
    currency_digits,
    current_lang,
    error_text,
    fmt_pct,
    fmt_read,
    number_locale,
    t,
    translate,
)
from planner_common import InputError, format_number_input, parse_number

READINGS = "_number_readings"  # session: widget key → Reading of its text
DRAWN = "_number_drawn"  # session: keys of the boxes drawn in this run (emptied at each run's start)
LIVE = "1s"  # a box commits after a typing pause (no "press Enter" hint to show)
MAX_DIGITS = 6
_MARKS = ".,' \u00a0\u202f"


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberSpec:
    """What a box accepts: decimals shown, percent or money, whole numbers only, bounds (as typed)."""

    digits: int = 0
    percent: bool = False
    currency: str | None = None
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """A box's text as last read: the number, or the refusal; ``written`` is the text the app put there."""

    label: str
    locale: str
    written: str
    text: str
    value: float | None
    error: InputError | None = None


def option_labels(prefix: str) -> Callable[[object], str]:
    """A widget ``format_func`` showing ``t(prefix + option)`` in the language of *this* run.

    The language is bound now: Streamlit (and AppTest) may call ``format_func`` outside the script
    run, where the session language is not available.
    """
    lang = current_lang()
    return lambda option: translate(f"{prefix}{option}", lang)


def label_map(prefix: str, options: Sequence[Any]) -> dict[Any, str]:
    """Option → its catalog label ``t(prefix + option)``, translated now (for ``format_func=...get``)."""
    return {option: t(f"{prefix}{option}") for option in options}


def prefill(values: Mapping[str, Any]) -> None:
    """Give widgets a starting value (only those the user has not set yet)."""
    for key, value in values.items():
        if key not in st.session_state and value is not None:
            st.session_state[key] = value


def follow(values: Mapping[str, Any], store: str) -> None:
    """Give widgets a starting value that follows its source (the brief, another tab) until the user
    changes it: the keys are filled together, again whenever the source changes, as long as each one is
    unset or still holds the number last filled in (remembered under ``st.session_state[store]``)."""
    state, filled = st.session_state, st.session_state.setdefault(store, {})
    untouched = all(
        key not in state or (key in filled and number_value(key) == filled[key]) for key in values
    )
    if untouched:
        for key, value in values.items():
            state[key] = filled[key] = value


def forget_stale(key: str, options: Iterable[Any]) -> None:
    """Drop a remembered choice that is no longer offered (a new file, a new readout)."""
    if key in st.session_state and st.session_state[key] not in list(options):
        del st.session_state[key]


def fill(values: Mapping[str, Any]) -> None:
    """Overwrite widget values (the "Load example" buttons)."""
    for key, value in values.items():
        st.session_state[key] = value


def example_button(key: str, values: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> None:
    """A "Load example" button that fills the page's widgets before they are drawn."""
    st.button(
        t("app.load_example"),
        key=key,
        icon=":material/auto_awesome:",
        on_click=lambda: fill(values() if callable(values) else values),
    )


def money_input(label: str, key: str, currency: str, **kwargs: Any) -> float | None:
    """A money amount in the plan's currency (``label (CLP)``), empty until the user types it."""
    kwargs.pop("step", None)
    kwargs.setdefault("unit", currency)
    return number_input(
        f"{label} ({currency})", key, digits=currency_digits(currency), currency=currency, **kwargs
    )


def percent_input(label: str, key: str, *, digits: int = 2, **kwargs: Any) -> float | None:
    """A rate typed as a percent (``3`` or ``3,5 %`` for 3,5 %); returns the fraction (0.035) or ``None``."""
    kwargs.pop("step", None)
    kwargs.setdefault("unit", "%")
    value = number_input(f"{label} (%)", key, digits=digits, percent=True, **kwargs)
    return None if value is None else value / 100


def count_input(label: str, key: str, **kwargs: Any) -> int | None:
    """A whole number of customers, answers or days (``250.000``); ``minimum`` 0 unless given."""
    kwargs.pop("step", None)
    kwargs.setdefault("minimum", 0)
    value = number_input(label, key, integer=True, **kwargs)
    return None if value is None else int(value)


def percent_option(digits: int = 0) -> Callable[[object], str]:
    """A ``format_func`` writing a fraction option as a percent in the language of *this* run (``95 %``)."""
    lang = current_lang()
    return lambda option: fmt_pct(float(option), lang, digits=digits)  # type: ignore[arg-type]


# ---------------------------------------------------------------- numbers typed as the locale writes them


def _decimals(value: float, least: int) -> int:
    """Decimals that write ``value`` without changing it (at least ``least``, at most six)."""
    for digits in range(least, MAX_DIGITS + 1):
        if abs(round(value, digits) - value) <= 1e-9 * max(1.0, abs(value)):
            return digits
    return MAX_DIGITS


def write_number(value: Any, locale: str, spec: NumberSpec) -> str:
    """The text a box shows for ``value`` (``3,00``; ``250.000``); empty for no value."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return ""
    return format_number_input(float(value), locale, digits=_decimals(float(value), spec.digits))


def _bound(code: str, label: str, text: str, limit: float, locale: str, spec: NumberSpec) -> InputError:
    name = "minimum" if code == "too_small" else "maximum"
    shown = write_number(limit, locale, NumberSpec())
    return InputError(code, f"{label}: {text!r} is outside the allowed range ({name} {shown}).",
                      field=label, value=text, **{name: shown})  # fmt: skip


def _whole_refusal(exc: InputError, locale: str, label: str, text: str) -> InputError:
    """A whole-number box's refusal that never advises decimals: the example is a whole number, the
    thousands-or-decimals question gets only its thousands answer, and a number written with the other
    country's marks that is not whole (``1.5`` in Chile) is refused as "a whole number"."""
    params = dict(exc.params)
    if "example" in params:
        params["example"] = format_number_input(1_234_567.0, locale, digits=0)
    if exc.code == "number_ambiguous":
        thousands = params["thousands"]
        message = (
            f"{label}: {text!r} could be thousands or decimals; a whole number is expected: {thousands}."
        )
        return InputError("integer_ambiguous", message, field=label, value=text, thousands=thousands)
    if exc.code == "number_foreign_format" and not _is_whole(str(params.get("suggestion", "")), locale):
        message = f"{label} must be a whole number, got {text!r}."
        return InputError("not_an_integer", message, field=label, value=text)
    return InputError(exc.code, str(exc), **params)


def _is_whole(text: str, locale: str) -> bool:
    try:
        return parse_number(text, locale).is_integer()
    except InputError:
        return True  # not a plain figure: keep the parser's own advice


def read_number(text: str, locale: str, spec: NumberSpec, label: str) -> float | None:
    """The number in ``text`` (``None`` when empty); ``InputError`` when it cannot be read or is out of
    range. Percent boxes return the percent typed (``3,5`` → 3.5)."""
    if not text.strip():
        return None
    try:
        value = parse_number(text, locale, percent=spec.percent, currency=spec.currency, field=label)
    except InputError as exc:
        if not spec.integer:
            raise
        raise _whole_refusal(exc, locale, label, text) from exc
    if spec.integer and not float(value).is_integer():
        raise InputError("not_an_integer", f"{label} must be a whole number, got {text!r}.",
                         field=label, value=text)  # fmt: skip
    if spec.minimum is not None and value < spec.minimum:
        raise _bound("too_small", label, text, spec.minimum, locale, spec)
    if spec.maximum is not None and value > spec.maximum:
        raise _bound("too_large", label, text, spec.maximum, locale, spec)
    return int(value) if spec.integer else value


def _readings() -> dict[str, Reading]:
    return st.session_state.setdefault(READINGS, {})


def _prepare(key: str, label: str, locale: str, spec: NumberSpec) -> None:
    """Turn a number the app wrote under ``key`` into text; rewrite a read text when the locale changed."""
    state, old = st.session_state, _readings().get(key)
    if key not in state:
        return
    raw = state[key]
    if not isinstance(raw, str):
        text = write_number(raw, locale, spec)
    elif old is not None and old.locale != locale and raw == old.text and old.value is not None:
        text = write_number(old.value, locale, spec)
    else:
        return
    state[key] = text
    _readings()[key] = Reading(label=label, locale=locale, written=text, text=text, value=None)


def _read(key: str, label: str, text: str, locale: str, spec: NumberSpec) -> Reading:
    old = _readings().get(key)
    written = old.written if old is not None else ""
    try:
        value, error = read_number(text, locale, spec, label), None
    except InputError as exc:
        value, error = None, exc
    reading = Reading(label=label, locale=locale, written=written, text=text, value=value, error=error)
    _readings()[key] = reading
    return reading


def number_input(
    label: str,
    key: str,
    *,
    container: Any = st,
    unit: str | None = None,
    help: str | None = None,
    placeholder: str | None = None,
    disabled: bool = False,
    **spec: Any,
) -> float | None:
    """A number typed the way the session's locale writes it; ``None`` while empty or refused.

    ``spec`` is a :class:`NumberSpec` (``digits``, ``percent``, ``currency``, ``integer``, ``minimum``,
    ``maximum``). A refusal shows its catalog sentence under the box; a text with separators that was
    typed (not written by the app) is echoed under the box as read (``Se lee: 250 000 clientes``).
    """
    rules, locale = NumberSpec(**spec), number_locale()
    _prepare(key, label, locale, rules)
    text = container.text_input(
        label, key=key, help=help, placeholder=placeholder, disabled=disabled, live=LIVE
    )
    reading = _read(key, label, text or "", locale, rules)
    st.session_state.setdefault(DRAWN, set()).add(key)
    if reading.error is not None:
        container.error(md(error_text(reading.error)), icon=":material/error:")
    elif (
        reading.value is not None
        and reading.text != reading.written
        and any(c in _MARKS for c in text.strip())
    ):
        shown = fmt_read(reading.value) + (f"\u00a0{unit}" if unit else "")
        container.caption(md(t("app.number_read", value=shown)))
    return reading.value


def number_value(key: str) -> Any:
    """The number under ``key``: as read from its box, or as the app wrote it; ``None`` when empty or
    refused (what a page computes with and what a saved campaign keeps)."""
    raw, reading = st.session_state.get(key), _readings().get(key)
    if reading is None or not isinstance(raw, str):
        return raw
    return reading.value if reading.text == raw else None


def number_keys() -> set[str]:
    """The keys of every number box drawn in this session."""
    return set(_readings())


def refused(keys: Iterable[str] | None = None) -> list[str]:
    """Labels of the boxes drawn in this run (among ``keys`` when given) whose text was refused."""
    readings, drawn = _readings(), st.session_state.get(DRAWN, set())
    chosen = drawn if keys is None else [key for key in keys if key in drawn]
    return [readings[k].label for k in chosen if k in readings and readings[k].error is not None]


def show_fix(keys: Iterable[str] | None = None, container: Any = st) -> bool:
    """Say which boxes to fix (in the results area) when a box drawn in this run (among ``keys`` when
    given) was refused; ``True`` if so."""
    labels = refused(keys)
    if labels:
        fields = ", ".join(t("app.quoted", text=label) for label in labels)
        container.warning(md(t("app.fix_inputs", fields=fields)), icon=":material/edit:")
    return bool(labels)

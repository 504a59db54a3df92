"""Inputs shared by the pages: money and percent inputs, starting values, example buttons, option labels.

Inputs are typed in the user's units (percent, money in the plan's currency) and handed to the core as
fractions and plain numbers. Starting values are written into ``st.session_state`` before a widget is
drawn (never through ``value=``), so what the user typed always wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import streamlit as st

from app_pages.i18n import currency_digits, current_lang, fmt_pct, t, translate


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


def money_format(currency: str) -> str:
    """``printf`` format of a money input: no decimals for CLP, two for EUR."""
    return "%.0f" if currency_digits(currency) == 0 else "%.2f"


def prefill(values: Mapping[str, Any]) -> None:
    """Give widgets a starting value (only those the user has not set yet)."""
    for key, value in values.items():
        if key not in st.session_state and value is not None:
            st.session_state[key] = value


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


def money_input(label: str, key: str, currency: str, *, container: Any = st, **kwargs: Any) -> float | None:
    """A money amount in the plan's currency, empty until the user types it."""
    return container.number_input(
        f"{label} ({currency})",
        key=key,
        value=kwargs.pop("value", None),
        format=money_format(currency),
        step=kwargs.pop("step", 100.0),
        **kwargs,
    )


def percent_input(
    label: str, key: str, *, container: Any = st, digits: int = 2, **kwargs: Any
) -> float | None:
    """A rate typed as a percent (``3`` for 3 %); returns the fraction (0.03) or ``None``."""
    value = container.number_input(
        f"{label} (%)",
        key=key,
        value=kwargs.pop("value", None),
        format=f"%.{digits}f",
        step=kwargs.pop("step", 0.1),
        **kwargs,
    )
    return None if value is None else value / 100


def percent_option(digits: int = 0) -> Callable[[object], str]:
    """A ``format_func`` writing a fraction option as a percent in the language of *this* run (``95 %``)."""
    lang = current_lang()
    return lambda option: fmt_pct(float(option), lang, digits=digits)  # type: ignore[arg-type]

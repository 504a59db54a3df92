"""Session state shared by the pages: the current campaign and widget values that survive page changes.

Widget keys are prefixed by their page (``"design.baseline"``). Streamlit forgets a widget's value when
its page is not rendered; :func:`keep_widget_state` (called by the router on every run) re-assigns
those keys so moving between pages never loses what was typed. Keys ending in ``_btn``, ``_upload`` or
``_download`` (buttons, file uploaders, download buttons) cannot be assigned and are skipped.

The current campaign is a plain dict under ``st.session_state["campaign"]`` with the sections
``brief`` (name, currency, costs, margin, eligible base), ``design`` (planned sizes and split),
``assignment`` and ``readout`` (the last analysis), each written by its page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

_SKIP_SUFFIXES = ("_btn", "_upload", "_download", "_editor", "_form")
CURRENCIES = ("CLP", "COP", "MXN", "PEN", "ARS", "EUR", "USD")


def keep_widget_state() -> None:
    """Re-assign page-prefixed widget values so they survive navigation."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and "." in key and not key.endswith(_SKIP_SUFFIXES):
            try:
                st.session_state[key] = st.session_state[key]
            except Exception:  # noqa: BLE001 - widgets whose value cannot be set
                continue


def widget_values() -> dict[str, Any]:
    """The page inputs worth saving with the campaign (plain values of page-prefixed widgets)."""
    plain = (str, int, float, bool, type(None))
    return {
        key: value
        for key, value in st.session_state.items()
        if isinstance(key, str)
        and "." in key
        and not key.endswith(_SKIP_SUFFIXES)
        and (
            isinstance(value, plain) or (isinstance(value, list) and all(isinstance(v, plain) for v in value))
        )
    }


def restore_widget_values(values: dict[str, Any]) -> None:
    """Put saved page inputs back (call from a callback, before the pages draw their widgets)."""
    for key, value in values.items():
        try:
            st.session_state[key] = value
        except Exception:  # noqa: BLE001 - a widget whose value cannot be set is left as it is
            continue


def campaign() -> dict[str, Any]:
    """The current campaign (created empty on first use)."""
    return st.session_state.setdefault("campaign", {"stage": "draft"})


def section(name: str) -> dict[str, Any]:
    """One section of the current campaign, e.g. ``section("brief")``."""
    return campaign().setdefault(name, {})


def currency() -> str:
    """The currency chosen in the sidebar (CLP by default)."""
    return st.session_state.get("app.currency", "CLP")


_ORDER = ("draft", "designed", "running", "analysed", "approved", "rejected", "rolled_out")


def advance_stage(stage: str) -> None:
    """Move the campaign forward to ``stage``; never back (re-saving a design keeps "analysed")."""
    current = campaign().get("stage", "draft")
    if current not in _ORDER or _ORDER.index(stage) > _ORDER.index(current):
        campaign()["stage"] = stage

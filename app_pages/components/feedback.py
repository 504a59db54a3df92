"""Sentences shown to the user: errors next to their input, the pasteable sentence, explanations, caveats.

When the core refuses a value it raises ``InputError`` naming its parameter; :func:`show_field_error`
shows the catalog sentence under the widget that holds that parameter, with the widget's own label
instead of the parameter name. Core caveats (``Note``) are phrased by :func:`show_notes` from the catalog.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

import streamlit as st

from app_pages.i18n import error_text, fmt_number, note_text, t
from planner_common import InputError

_LOG = logging.getLogger(__name__)
# CommonMark lets a backslash escape any ASCII punctuation; escaping all of it leaves no link, image,
# autolink (``http\://``, ``www\.``), HTML tag, directive (``:red[...]``), emphasis or LaTeX.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
PERCENT_CODES = ("rate_as_percent", "rate_out_of_range")
POINTS_CODES = ("difference_as_percent", "difference_out_of_range")


def md(text: str) -> str:
    """Escape ``$`` so Streamlit markdown does not read money amounts as LaTeX."""
    return re.sub(r"(?<!\\)\$", r"\\$", text)


def plain(text: object) -> str:
    r"""User text (a campaign or file name, a note, a user name) made inert for a markdown element.

    ``st.markdown``, ``st.caption``, ``st.info``/``success``/``warning``/``error``, headers and widget
    labels read markdown: a name like ``![p](http://host/pixel.png)`` would load an image. Every ASCII
    punctuation character is backslash-escaped, so the reader sees the text exactly as typed. Use it on
    parameters interpolated into catalog sentences, never on ``st.text`` or table cells (plain there).

    >>> print(plain("![p](http://host/x.png) 50 % *ya*"))
    \!\[p\]\(http\:\/\/host\/x\.png\) 50 \% \*ya\*
    """
    return _PUNCTUATION.sub(r"\\\1", str(text))


def inert_error(exc: Exception) -> Exception:
    """``exc`` with its text parameters (values, names) escaped for markdown; ``field`` is kept."""
    if not isinstance(exc, InputError):
        return exc
    params = {k: plain(v) if isinstance(v, str) and k != "field" else v for k, v in exc.params.items()}
    return InputError(exc.code, str(exc), **params)


def registry_text(exc: Exception, labels: Mapping[str, str] | None = None) -> str:
    """One sentence in the user's language for a registry failure (never SQL nor data).

    The registry raises coded ``InputError`` s (permission, stale version, read-only, unreachable...),
    phrased here with the widget's label for the parameter it names (``labels``); anything else is
    logged for the server and shown as "the registry could not be reached".
    """
    if isinstance(exc, InputError):
        return field_error_text(inert_error(exc), labels or {})
    _LOG.error("unexpected registry failure", exc_info=exc)
    return t("errors.registry_unavailable")


def show_error(exc: Exception) -> None:
    """One clear sentence in the user's language for an invalid input."""
    st.error(error_text(inert_error(exc)), icon=":material/error:")


def how_computed(markdown: str) -> None:
    """The "How was this computed?" expander with the formula, method and reference."""
    with st.expander(t("app.how_computed"), icon=":material/functions:"):
        st.markdown(markdown)


def sentence(text: str) -> None:
    """The one sentence a user can paste into an e-mail."""
    st.info(md(text), icon=":material/format_quote:")


def show_notes(notes: Iterable[Any], prefix: str = "") -> None:
    """Each core caveat once, as a caption in the user's language (``prefix`` names its metric)."""
    for text in dict.fromkeys(f"{prefix}{note_text(_inert_note(note))}" for note in notes):
        st.caption(f":material/info: {text}")


def _inert_note(note: Any) -> Any:
    """A core caveat whose text parameters (column names...) are escaped for markdown."""
    code, params = getattr(note, "code", None), getattr(note, "params", None)
    if not code or not isinstance(params, Mapping):
        return note
    return SimpleNamespace(
        code=code, params={k: plain(v) if isinstance(v, str) else v for k, v in params.items()}
    )


def field_error_text(
    exc: Exception,
    labels: Mapping[str, str],
    *,
    percent_fields: Iterable[str] = (),
    points_fields: Iterable[str] = (),
    overrides: Mapping[str, str] | None = None,
) -> str:
    """The catalog sentence for ``exc`` naming the widget (not the parameter) that caused it.

    Rates typed in percent (``percent_fields``) or rate differences typed in points (``points_fields``)
    are refused in the unit the user typed, not as the fraction the core received.
    """
    params = dict(getattr(exc, "params", {}))
    field, code = params.get("field"), getattr(exc, "code", None)
    if overrides and field in overrides:
        return t(overrides[field], field=labels.get(field, field))
    typed = {
        **dict.fromkeys(percent_fields, ("errors.percent_input_range", PERCENT_CODES)),
        **dict.fromkeys(points_fields, ("errors.points_input_range", POINTS_CODES)),
    }
    if field in typed and code in typed[field][1]:
        return t(
            typed[field][0],
            field=labels.get(field, field),
            value=fmt_number(float(params.get("value", float("nan"))) * 100),
        )
    if field in labels:
        params["field"] = labels[field]
    if isinstance(exc, InputError):
        return error_text(InputError(exc.code, str(exc), **params))
    return error_text(exc)


def show_field_error(
    exc: Exception, slots: Mapping[str, Any], labels: Mapping[str, str], fallback: Any, **kwargs: Any
) -> None:
    """Show one sentence under the input that caused ``exc`` (or in ``fallback``)."""
    field = getattr(exc, "params", {}).get("field")
    target = slots.get(field, fallback)
    target.error(md(field_error_text(inert_error(exc), labels, **kwargs)), icon=":material/error:")

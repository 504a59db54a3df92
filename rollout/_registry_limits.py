"""Limits and canonical forms shared by every engine, so a registry moves between SQLite and PostgreSQL.

SQLite stores a 100,000-character name or a NUL byte that PostgreSQL refuses; checking here, before the
database sees the text, gives the same answer on both. Canonical JSON (sorted keys, no spaces, NaN as
null) is what the content and snapshot hashes are taken over.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Mapping
from typing import Any

from planner_common import InputError

DATA_CHARS = 5_000_000  # a campaign's JSON (pages' inputs, readout tables)
SNAPSHOT_CHARS = 1_000_000  # an approval snapshot
SUMMARY_KEYS = 40
RESERVED = ("stage", "version", "id")  # columns of the campaign row, never part of its content


def check_text(
    field: str, value: object, *, max_chars: int, single_line: bool = True, required: bool = False
) -> str:
    """Strip and check a text: length, no NUL (nor line breaks or control characters on one line).

    Examples:
        >>> check_text("name", "  Catálogo otoño  ", max_chars=200)
        'Catálogo otoño'
        >>> check_text("name", "x" * 201, max_chars=200)
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: name has 201 characters; at most 200 are kept ...

    References:
        PostgreSQL manual §8.3 (character types; NUL not allowed in text); SQLite "Limits".
    """
    if not isinstance(value, str):
        raise InputError("not_text", f"{field} must be text, got {value!r}.", field=field, value=repr(value))
    text = value.strip()
    if required and not text:
        raise InputError("text_required", f"{field} must not be blank.", field=field, value=value)
    if len(text) > max_chars:
        raise InputError(
            "text_too_long",
            f"{field} has {len(text)} characters; at most {max_chars} are kept on every database engine.",
            field=field,
            value=f"{text[:40]}…",
            maximum=max_chars,
            length=len(text),
        )
    if any(_forbidden(ch, single_line) for ch in text):
        raise InputError(
            "text_control_character",
            f"{field} contains a NUL byte, an unpaired surrogate or a control character; remove it.",
            field=field,
            value=text[:40].encode("unicode_escape").decode("ascii"),
        )
    return text


def _forbidden(ch: str, single_line: bool) -> bool:
    if ch == "\x00" or 0xD800 <= ord(ch) <= 0xDFFF:
        return True
    return single_line and unicodedata.category(ch) == "Cc"


def plain(value: Any) -> Any:
    """JSON-safe copy (numpy scalars → Python numbers, NaN/inf → None, tuples → lists, keys → str).

    Examples:
        >>> plain({"lift": float("nan"), "arms": (1, 2)})
        {'lift': None, 'arms': [1, 2]}

    References:
        RFC 8259 §6 (JSON has no NaN or infinity).
    """
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            return check_text("campaign text", value, max_chars=DATA_CHARS, single_line=False)
        return value
    if isinstance(value, int | float | bool) or value is None:
        return value
    return str(value)


def canonical_json(value: Any) -> str:
    """The one JSON text of ``value`` that hashes are taken over (sorted keys, no spaces, UTF-8).

    Examples:
        >>> canonical_json({"b": 1.0, "a": [None, "ñ"]})
        '{"a":[null,"ñ"],"b":1.0}'

    References:
        RFC 8785 (JSON canonicalisation; this is the simpler sorted-keys form for one implementation).
    """
    return json.dumps(
        plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def sha256_hex(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes, in hex.

    Examples:
        >>> sha256_hex("abc")[:16]
        'ba7816bf8f01cfea'

    References:
        FIPS 180-4 (SHA-256; "abc" is its worked example).
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_of(campaign: Mapping[str, Any]) -> dict[str, Any]:
    """A campaign's sections without the row's own columns (stage, version, id).

    Examples:
        >>> content_of({"stage": "draft", "version": 3, "brief": {"name": "A"}})
        {'brief': {'name': 'A'}}

    References:
        docs/architecture.md §5 (the stage and the version are columns of the campaign row).
    """
    return {str(k): v for k, v in plain(campaign).items() if k not in RESERVED}


def check_summary(summary: Mapping[str, Any] | None) -> str | None:
    """The summary figures as canonical JSON: at most 40 short keys, numbers or short texts.

    Examples:
        >>> check_summary({"expected_profit": 1_250_000.0, "decision": "go"})
        '{"decision":"go","expected_profit":1250000.0}'

    References:
        Issue "Approvals that prove who decided what" (portfolio columns come in a later migration).
    """
    if summary is None:
        return None
    if not isinstance(summary, Mapping) or len(summary) > SUMMARY_KEYS:
        raise InputError(
            "bad_summary",
            f"summary must be a dict of at most {SUMMARY_KEYS} figures, got {type(summary).__name__}.",
            field="summary",
            value=type(summary).__name__,
        )
    clean = plain(summary)
    for key, value in clean.items():
        check_text("summary key", key, max_chars=50, required=True)
        if isinstance(value, str):
            check_text(f"summary[{key}]", value, max_chars=200)
        elif not (value is None or isinstance(value, int | float)):
            raise InputError(
                "bad_summary",
                f"summary[{key!r}] must be a number or a short text, got {value!r}.",
                field="summary",
                value=key,
            )
    return canonical_json(clean)


def campaign_json(content: Mapping[str, Any]) -> str:
    """The stored JSON of a campaign's content, refused beyond ``DATA_CHARS`` characters.

    Examples:
        >>> campaign_json({"brief": {"name": "Ñuble"}})
        '{"brief": {"name": "Ñuble"}}'

    References:
        SQLite "Limits" (SQLITE_MAX_LENGTH); PostgreSQL text values up to 1 GB.
    """
    text = json.dumps(content, ensure_ascii=False)
    if len(text) > DATA_CHARS:
        raise InputError(
            "text_too_long",
            f"the campaign has {len(text)} characters of data; at most {DATA_CHARS} are kept.",
            field="campaign",
            value=f"{len(text)}",
            maximum=DATA_CHARS,
            length=len(text),
        )
    return text

"""Rows of bordered metric cards: the big numbers every page answers with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st


def cards(items: Iterable[tuple | Mapping[str, Any]], *, per_row: int = 4) -> None:
    """Rows of bordered ``st.metric`` cards (at most ``per_row`` a row, so labels are not cut).

    Each item is ``(label, formatted value[, help])`` or a mapping with ``label``, ``value`` and any
    ``st.metric`` keyword (``help``, ``delta``, ``delta_color``, ``delta_arrow``).
    """
    rows = [
        dict(item) if isinstance(item, Mapping) else dict(zip(("label", "value", "help"), item, strict=False))
        for item in items
    ]
    for start in range(0, len(rows), per_row):
        row = rows[start : start + per_row]
        for column, item in zip(st.columns(per_row if len(rows) > per_row else len(row)), row, strict=False):
            column.metric(item.pop("label"), item.pop("value"), border=True, **item)

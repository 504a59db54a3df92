"""Editable tables whose number cells are typed as the locale writes them (``14.000``, ``2,9``).

A data editor's own number cells only take ``1234.5``; these tables hand the editor text columns
instead, written by :func:`cells_as_text` and read back by :func:`read_cells` with the same rules as the
number boxes (:func:`app_pages.components.inputs.read_number`). A cell that cannot be read is refused
with one sentence naming its row and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.components.inputs import NumberSpec, read_number, write_number
from app_pages.i18n import error_text, number_locale
from planner_common import InputError, parse_number


def cells_as_text(table: pd.DataFrame, numbers: Mapping[str, NumberSpec], locale: str) -> pd.DataFrame:
    """``table`` with its number columns written as the locale writes them (missing cells stay empty)."""
    shown = table.copy()
    for column, spec in numbers.items():
        shown[column] = [
            value if isinstance(value, str) else (write_number(value, locale, spec) or None)
            for value in table[column]
        ]
        shown[column] = shown[column].astype(object)
    return shown


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def read_cells(
    table: pd.DataFrame, numbers: Mapping[str, NumberSpec], labels: Mapping[str, str], locale: str
) -> pd.DataFrame:
    """The rows of an edited table with every cell filled, number columns read as numbers.

    Rows left entirely empty (the editor's new rows) are dropped. Raises ``InputError`` ``table_cell``
    naming the row (1-based) and the column of the first number cell that is empty or cannot be read,
    with the number's own sentence.
    """
    filled = [not all(_blank(v) for v in row) for row in table.itertuples(index=False)]
    kept = table[pd.Series(filled, index=table.index, dtype=bool)]
    out = kept.copy()
    for column, spec in numbers.items():
        values = []
        for position, text in zip(kept.index, kept[column], strict=True):
            try:
                label = labels.get(column, column)
                typed = "" if _blank(text) else str(text)
                values.append(read_number(typed, locale, spec, label) if typed else parse_number("", locale))
            except InputError as exc:
                row = list(table.index).index(position) + 1
                raise InputError(
                    "table_cell",
                    f"row {row}, {column}: {exc}",
                    field=column,
                    value=str(text),
                    row=row,
                    column=labels.get(column, column),
                    problem=error_text(exc),
                ) from None
        out[column] = pd.Series(values, index=kept.index, dtype="int64" if spec.integer else "float64")
    return out.reset_index(drop=True)


def number_editor(
    table: pd.DataFrame,
    key: str,
    numbers: Mapping[str, NumberSpec],
    labels: Mapping[str, str],
    **kwargs: Any,
) -> pd.DataFrame:
    """A data editor of ``table`` whose ``numbers`` columns are text cells typed in the session's
    locale; returns the edited table read back (see :func:`read_cells`, which may raise)."""
    locale = number_locale()
    config = {
        column: st.column_config.TextColumn(labels.get(column, column), required=True) for column in numbers
    }
    config.update(kwargs.pop("column_config", {}))
    edited = st.data_editor(
        cells_as_text(table, numbers, locale), key=key, column_config=config, hide_index=True, **kwargs
    )
    return read_cells(edited, numbers, labels, locale)

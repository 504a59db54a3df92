"""Inputs of the Monitor page: the running pilot's data (file, bundled example, database table or typed
daily counts) and which column is the date, the group and the metric.

The source survives page changes (``st.session_state["monitor_source"]``); every picker starts from a
guess by column name (:mod:`app_pages.components.columns`), reset when it no longer fits the data.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.components import columns as guess
from app_pages.components.inputs import label_map
from app_pages.components.source import database_table
from app_pages.components.uploads import upload_box
from app_pages.i18n import fmt_int, t
from experiments import Mean, Proportion
from planner_common import InputError

STATE = "monitor_source"
EXAMPLE = "piloto_en_curso_cl.csv"
DATE_WORDS = ("fecha", "date", "dia", "day", "envio", "sent", "asignacion", "assigned", "alta")
DIRECTIONS = ("increase", "decrease")
COUNT_COLUMNS = ("day", "control_responders", "control_customers", "pilot_responders", "pilot_customers")
EXAMPLE_DAYS = pd.DataFrame(  # the first nine days of the bundled example, added up per day and group
    [
        (dt.date(2025, 3, 3 + d), *counts)
        for d, counts in enumerate(
            [(9, 174, 11, 226), (7, 212, 14, 188), (12, 206, 6, 194), (7, 191, 10, 209), (7, 206, 14, 194),
             (9, 212, 13, 188), (8, 207, 15, 193), (8, 192, 13, 208), (6, 200, 11, 200)]
        )
    ],
    columns=list(COUNT_COLUMNS),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Source:
    """An upload (``data`` its bytes), the bundled example (``None``) or a database table."""

    name: str
    data: Any = None


@dataclass(frozen=True, slots=True)
class Mapping:
    """Which column is what, and the metric as the core takes it."""

    date: str
    group: str
    control: Any
    treatment: Any
    metric: Proportion | Mean

    def options(self) -> dict[str, Any]:
        """The keyword arguments of :func:`experiments.monitor_pilot` besides the data and the plan."""
        return {"date": self.date, "group": self.group, "control": self.control, "treatment": self.treatment}


def _store_upload() -> None:
    upload = st.session_state.get("monitor.file_upload")
    if upload is not None:
        st.session_state[STATE] = Source(upload.name, upload.getvalue())


def _load_example() -> None:
    st.session_state[STATE] = Source(EXAMPLE, None)


def file_source() -> Source | None:
    """Upload widget and the example button; the current file (or ``None``)."""
    left, right = st.columns([3, 2])
    upload_box(
        t("monitor.upload"), "monitor.file_upload", on_change=_store_upload, help=t("monitor.upload_help"),
        container=left,
    )  # fmt: skip
    right.button(
        t("app.load_example"), key="monitor.example_btn", on_click=_load_example, icon=":material/dataset:"
    )
    right.caption(t("monitor.example_caption"))
    return st.session_state.get(STATE)


def database_source() -> Source | None:
    """A saved connection and a table (:mod:`app_pages.components.source`)."""
    table = database_table("monitor")
    return None if table is None else Source(table.label, table)


def _fit(key: str, options: list[Any], default: Any) -> None:
    if st.session_state.get(key, object()) not in options:
        st.session_state[key] = default if default in options else options[0]


def _select(slot: Any, label: str, options: list[Any], key: str, default: Any, **kwargs: Any) -> Any:
    _fit(key, options, default)
    return slot.selectbox(label, options, key=key, **kwargs)


def mapping(source: Source) -> Mapping | None:
    """The column pickers; ``None`` while something is missing."""
    summary = cache.file_summary(source.name, source.data, exact=False)
    columns = list(summary.columns)
    st.caption(t("monitor.loaded", name=source.name, rows=fmt_int(summary.n_rows), columns=len(columns)))
    binary = [c for c in columns if summary.distinct[c] <= 2]
    categorical = [c for c in columns if 1 < summary.distinct[c] <= 50]
    left, middle, right = st.columns(3)
    date = _select(left, t("monitor.map.date"), columns, "monitor.map.date", guess.best(columns, DATE_WORDS))
    group = _select(middle, t("monitor.map.group"), [c for c in columns if c != date], "monitor.map.group",
                    guess.best(categorical, guess.GROUP) or guess.best(columns, guess.GROUP))  # fmt: skip
    counts = cache.file_values(source.name, source.data, group)
    labels, shown = [v for v, _ in counts], {v: f"{v} ({fmt_int(n)})" for v, n in counts}
    control = _select(right, t("monitor.map.control"), labels, "monitor.map.control", guess.control_label(labels),
                      format_func=lambda v: shown.get(v, str(v)))  # fmt: skip
    others = [v for v in labels if v != control]
    left, middle, right = st.columns(3)
    treatment = None
    if len(others) > 1:
        treatment = _select(left, t("monitor.map.treatment"), others, "monitor.map.treatment", others[0])
    outcomes = [c for c in columns if c not in (date, group) and (c in binary or c in summary.numeric)]
    if not outcomes or not others:
        st.info(t("monitor.map.incomplete"), icon=":material/info:")
        return None
    ranked = guess.outcome_columns(columns, [c for c in binary if c in outcomes])
    column = _select(middle, t("monitor.map.metric"), outcomes, "monitor.map.metric",
                     ranked[0] if ranked else guess.revenue_column(columns, summary.numeric))  # fmt: skip
    _fit("monitor.map.direction", list(DIRECTIONS), guess.direction(column))
    direction = right.radio(t("monitor.map.direction"), DIRECTIONS, key="monitor.map.direction", horizontal=True,
                            format_func=label_map("analyze.direction.", DIRECTIONS).get)  # fmt: skip
    spec = Proportion(column, direction=direction) if column in binary else Mean(column, direction=direction)
    return Mapping(date, group, control, treatment, spec)


def _whole(value: Any, column: str, row: int) -> int:
    if value is None or (isinstance(value, float) and math.isnan(value)) or float(value) != int(value):
        raise InputError(
            "bad_daily_counts", f"Row {row}: {column} must be a whole number, got {value!r}.",
            field=column, value=str(value), row=row,
        )  # fmt: skip
    return int(value)


def _day(value: Any, row: int) -> dt.date:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise InputError("bad_daily_counts", f"Row {row} has no date.", field="day", value=str(value), row=row)


def counts_rows() -> tuple[tuple[tuple[dt.date, int, int, int, int], ...], str]:
    """The typed table (one row per day, that day's new customers) and the metric's direction."""
    st.caption(t("monitor.counts.help"))
    number = {"min_value": 0, "step": 1, "format": "%d"}
    table = st.data_editor(
        EXAMPLE_DAYS, key="monitor.counts_editor", num_rows="dynamic", hide_index=True,
        column_config={
            "day": st.column_config.DateColumn(t("monitor.counts.day"), format="DD/MM/YYYY"),
            **{c: st.column_config.NumberColumn(t(f"monitor.counts.{c}"), **number) for c in COUNT_COLUMNS[1:]},
        },
    )  # fmt: skip
    st.session_state.setdefault("monitor.counts_direction", "increase")
    direction = st.radio(t("monitor.map.direction"), DIRECTIONS, key="monitor.counts_direction", horizontal=True,
                         format_func=label_map("analyze.direction.", DIRECTIONS).get)  # fmt: skip
    rows = []
    for i, record in enumerate(table.to_dict("records"), start=1):
        if all(record.get(c) is None or record.get(c) != record.get(c) for c in COUNT_COLUMNS):
            continue  # an empty line left by the editor
        day = _day(record.get("day"), i)
        rows.append((day, *(_whole(record.get(c), c, i) for c in COUNT_COLUMNS[1:])))
    return tuple(rows), direction

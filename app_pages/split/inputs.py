"""Inputs of the "Split the list" page: the list, its columns, the group sizes and the draw salt.

Defaults come from the list (ID-like column, a value-tier column to stratify by) and from the campaign
(sizes saved on the Design page, a salt generated once and kept with the campaign's assignment). When the
list or the saved design changes, the widgets that depend on it are reset to fresh defaults.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages import cache
from app_pages.components.columns import tier_columns
from app_pages.components.feedback import plain
from app_pages.components.inputs import LIVE, count_input, option_labels, refused
from app_pages.components.source import database_table
from app_pages.components.uploads import upload_box
from app_pages.i18n import fmt_int, t
from app_pages.state import campaign
from datasources import is_id_name

EXAMPLE_NAME = "clientes_retail_cl.csv"
MAX_CATEGORY_VALUES = 50


@dataclass(frozen=True, slots=True)
class Source:
    """The list being split: an upload (``data`` holds its bytes), the bundled example (``None``) or a
    database table (``data`` is a :class:`app_pages.cache.DatabaseTable`)."""

    name: str
    data: Any = None


@dataclass(frozen=True, slots=True)
class Plan:
    """What the user chose on the page (hashable)."""

    id_column: str | None
    strata: tuple[str, ...]
    covariates: tuple[str, ...]
    arms: tuple[tuple[str, int], ...] | None  # None while a size box is empty or refused
    salt: str
    filter_column: str | None = None
    filter_values: tuple[Any, ...] = ()
    drop_invalid: bool = False

    def kwargs(self) -> dict[str, Any]:
        """The plan as :func:`experiments.assignment_report` takes it."""
        return {
            "id_column": self.id_column,
            "arms": dict(self.arms or ()),
            "salt": self.salt,
            "strata": list(self.strata),
            "covariates": list(self.covariates),
            "eligible": {self.filter_column: list(self.filter_values)} if self.filter_column else None,
            "drop_blank_ids": self.drop_invalid,
            "drop_duplicates": self.drop_invalid,
        }


@dataclass(frozen=True, slots=True)
class Columns:
    """The list's columns: all of them, candidates for the ID, for strata and for covariates."""

    names: tuple[str, ...]
    id_guess: str | None
    groupable: tuple[str, ...]
    covariates: tuple[str, ...]
    n_rows: int


def columns(source: Source) -> Columns:
    """Column roles for the pickers, from one aggregate query (cached)."""
    summary = cache.file_summary(source.name, source.data)
    names = summary.columns
    groupable = tuple(
        c for c in names if 1 < summary.distinct[c] <= MAX_CATEGORY_VALUES and not is_id_name(c)
    )
    covariates = tuple(c for c in names if not is_id_name(c) and (c in summary.numeric or c in groupable))
    id_guess = next((c for c in names if is_id_name(c)), None)  # None: the user must say which it is
    return Columns(names, id_guess, groupable, covariates, summary.n_rows)


def values(source: Source, column: str) -> list[Any]:
    """The distinct values of a column (for the eligibility filter), most frequent first."""
    return [value for value, _ in cache.file_values(source.name, source.data, column)]


STATE = "assign_source"
_SIGNATURE = "_assign_columns_for"
_DESIGN_SIGNATURE = "_assign_design_for"
_COLUMN_KEYS = (
    "assign.id_column",
    "assign.strata",
    "assign.covariates",
    "assign.filter_column",
    "assign.filter_values",
)
DEFAULT_PILOT, DEFAULT_CONTROL = 4_000, 1_000


def _store_upload() -> None:
    upload = st.session_state.get("assign.list_upload")
    if upload is not None:
        st.session_state[STATE] = Source(upload.name, upload.getvalue())


def _load_example() -> None:
    st.session_state[STATE] = Source(EXAMPLE_NAME, None)


def source_picker() -> Source | None:
    """File (upload widget and example button) or database (saved connection and table); the list or ``None``."""
    st.session_state.setdefault("assign.source_mode", "file")
    mode = st.radio(t("assign.source_mode"), ("file", "database"), key="assign.source_mode", horizontal=True,
                    format_func=option_labels("assign.source_modes."))  # fmt: skip
    if mode == "database":
        table = database_table("assign")
        return None if table is None else Source(table.label, table)
    left, right = st.columns([3, 2])
    upload_box(
        t("assign.upload"), "assign.list_upload", on_change=_store_upload, help=t("assign.upload_help"),
        container=left,
    )  # fmt: skip
    right.button(
        t("app.load_example"), key="assign.example_btn", on_click=_load_example, icon=":material/dataset:"
    )
    right.caption(t("assign.example_caption"))
    return st.session_state.get(STATE)


def _column_defaults(source: Source, cols: Columns) -> None:
    """Fresh column choices whenever a different list is loaded."""
    if st.session_state.get(_SIGNATURE) == source:
        return
    st.session_state[_SIGNATURE] = source
    for key in _COLUMN_KEYS:
        st.session_state.pop(key, None)
    tiers = tier_columns(cols.groupable)
    st.session_state["assign.id_column"] = cols.id_guess
    st.session_state["assign.strata"] = tiers[:1]
    st.session_state["assign.covariates"] = [c for c in cols.covariates if c not in tiers[:1]][:8]
    st.session_state["assign.filter_column"] = ""


def _size_defaults() -> tuple[int, int, int] | None:
    """Sizes from the saved design (reset the size widgets when that design changes)."""
    design = campaign().design
    planned = (design.n_treatments, design.n_treatment, design.n_control) if design else (1, None, None)
    found = planned if planned[1] and planned[2] else None
    if st.session_state.get(_DESIGN_SIGNATURE, "unset") != found:
        st.session_state[_DESIGN_SIGNATURE] = found
        stimuli, pilot, control = found or (1, DEFAULT_PILOT, DEFAULT_CONTROL)
        st.session_state.update(
            {"assign.n_stimuli": int(stimuli), "assign.n_pilot": int(pilot), "assign.n_control": int(control)}
        )
    st.session_state.setdefault("assign.n_holdout", 0)
    return found


def _columns_group(source: Source, cols: Columns) -> tuple[str | None, tuple[Any, ...]]:
    st.markdown(f"**{t('assign.input.group_columns')}**")
    st.selectbox(
        t("assign.input.id_column"),
        cols.names,
        key="assign.id_column",
        index=None,
        placeholder=t("app.choose"),
        help=t("assign.input.id_help"),
    )
    st.multiselect(
        t("assign.input.strata"),
        cols.groupable,
        key="assign.strata",
        placeholder=t("app.choose_many"),
        help=t("assign.input.strata_help"),
    )
    st.multiselect(
        t("assign.input.covariates"),
        cols.covariates,
        key="assign.covariates",
        placeholder=t("app.choose_many"),
        help=t("assign.input.covariates_help"),
    )
    none = t("assign.input.filter_none")  # a fixed label: the format function may run outside the page
    column = st.selectbox(
        t("assign.input.filter_column"),
        ["", *cols.groupable],
        key="assign.filter_column",
        format_func=lambda c: c or none,
    )
    if not column:
        return None, ()
    options = values(source, column)
    if not set(st.session_state.get("assign.filter_values") or []) <= set(options):
        st.session_state["assign.filter_values"] = options
    st.session_state.setdefault("assign.filter_values", options)
    chosen = st.multiselect(
        t("assign.input.filter_values", column=plain(column)),
        options,
        key="assign.filter_values",
        placeholder=t("app.choose_many"),
    )
    return column, tuple(chosen)


SIZE_KEYS = ("assign.n_stimuli", "assign.n_pilot", "assign.n_control", "assign.n_holdout")


def _sizes_group() -> list[tuple[str, int]] | None:
    st.markdown(f"**{t('assign.input.group_sizes')}**")
    found = _size_defaults()
    if found:
        st.caption(t("assign.input.sizes_from_design", pilot=fmt_int(found[1]), control=fmt_int(found[2])))
    else:
        st.caption(t("assign.input.sizes_typed"))
    left, right = st.columns(2)
    customers = t("app.unit_customers")
    stimuli = count_input(
        t("assign.input.n_stimuli"), "assign.n_stimuli", container=left, minimum=1, maximum=20
    )
    pilot = count_input(
        t("assign.input.n_pilot"), "assign.n_pilot", container=right, minimum=1, unit=customers
    )
    control = count_input(
        t("assign.input.n_control"), "assign.n_control", container=left, minimum=1, unit=customers
    )
    holdout = count_input(
        t("assign.input.n_holdout"), "assign.n_holdout", container=right, unit=customers,
        help=t("assign.input.holdout_help"),
    )  # fmt: skip
    if holdout is None and not refused(["assign.n_holdout"]):
        holdout = 0  # an empty holdout box: no holdout
    if None in (stimuli, pilot, control, holdout):
        return None
    assert stimuli is not None and pilot is not None and control is not None
    names = ["pilot"] if stimuli == 1 else [f"pilot_{i}" for i in range(1, int(stimuli) + 1)]
    arms = [(name, int(pilot)) for name in names] + [("control", int(control))]
    return arms + ([("holdout", int(holdout))] if holdout else [])


def _draw_group() -> tuple[str, bool]:
    st.markdown(f"**{t('assign.input.group_draw')}**")
    saved = campaign().assignment
    st.session_state.setdefault(
        "assign.salt", saved.salt if saved is not None and saved.salt else secrets.token_hex(4)
    )
    salt = st.text_input(
        t("assign.input.salt"), key="assign.salt", help=t("assign.input.salt_help"), live=LIVE
    )
    drop = st.checkbox(
        t("assign.input.drop_invalid"), key="assign.drop_invalid", help=t("assign.input.drop_help")
    )
    return salt, drop


def render_inputs(source: Source, cols: Columns) -> Plan:
    """All the inputs; the plan they describe."""
    _column_defaults(source, cols)
    with st.container(border=True):
        column, chosen = _columns_group(source, cols)
    with st.container(border=True):
        arms = _sizes_group()
    with st.container(border=True):
        salt, drop = _draw_group()
    state = st.session_state
    return Plan(
        id_column=state["assign.id_column"],
        strata=tuple(state["assign.strata"]),
        covariates=tuple(state["assign.covariates"]),
        arms=None if arms is None else tuple(arms),
        salt=salt,
        filter_column=column,
        filter_values=chosen,
        drop_invalid=drop,
    )

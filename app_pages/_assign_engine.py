"""Cached calls into the assignment engine for the "Split the list" page (no formulas here).

Everything the page shows comes from one cached call per (file, plan): read the list, assign, check the
split, balance and representativeness, and the export files. The result holds only plain values and
small DataFrames, so Streamlit can cache it; nothing is exported unless the whole assignment is valid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from app_pages._render import inert
from datasources import is_id_name, read_table
from experiments import assign_customers, balance_table, check_split, representativeness_table
from planner_common import InputError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "clientes_retail_cl.csv"
MAX_CATEGORY_VALUES = 50


@dataclass(frozen=True, slots=True)
class Source:
    """The list being split: an upload (``data`` holds its bytes) or the bundled example (``None``)."""

    name: str
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """What the user chose on the page (hashable, so it can key the cache)."""

    id_column: str | None
    strata: tuple[str, ...]
    covariates: tuple[str, ...]
    arms: tuple[tuple[str, int], ...]
    salt: str
    filter_column: str | None = None
    filter_values: tuple[Any, ...] = ()
    drop_invalid: bool = False


@dataclass(frozen=True, slots=True)
class Columns:
    """The list's columns: all of them, candidates for the ID, for strata and for covariates."""

    names: tuple[str, ...]
    id_guess: str | None
    groupable: tuple[str, ...]
    covariates: tuple[str, ...]
    n_rows: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """A valid assignment: counts, checks, tables and the export files."""

    n_rows: int
    n_blank: int
    n_duplicates: int
    n_ineligible: int
    n_eligible: int
    n_strata: int
    arm_sizes: tuple[tuple[str, int], ...]
    split_exact: bool
    split_pvalue: float
    balance: pd.DataFrame
    representativeness: pd.DataFrame | None
    allocation: pd.DataFrame
    csv: bytes
    parquet: bytes


def _table(source: Source) -> Any:
    if source.data is None:
        return read_table(EXAMPLE)
    upload = io.BytesIO(source.data)
    upload.name = source.name
    return read_table(upload)


@st.cache_data(max_entries=64, show_spinner=False)
def columns(source: Source) -> Columns:
    """Column roles for the pickers (one aggregate query for distinct counts)."""
    table = _table(source)
    schema = table.schema()
    names = tuple(schema)
    counts = table.aggregate(_n=ibis._.count(), **{f"c{i}": table[c].nunique() for i, c in enumerate(names)})
    row = counts.to_pyarrow().to_pylist()[0]
    groupable = tuple(
        c for i, c in enumerate(names) if 1 < row[f"c{i}"] <= MAX_CATEGORY_VALUES and not is_id_name(c)
    )
    covariates = tuple(c for c in names if not is_id_name(c) and (schema[c].is_numeric() or c in groupable))
    id_guess = next((c for c in names if is_id_name(c)), None)  # None: the user must say which it is
    return Columns(names, id_guess, groupable, covariates, int(row["_n"]))


@st.cache_data(max_entries=64, show_spinner=False)
def values(source: Source, column: str) -> list[Any]:
    """The distinct values of a column (for the eligibility filter), most frequent first."""
    table = _table(source)
    found = table.group_by(v=table[column]).aggregate(n=ibis._.count()).order_by(ibis.desc("n"))
    return found.limit(MAX_CATEGORY_VALUES).to_pyarrow().column("v").to_pylist()


def _export(assigned: Any, id_column: str) -> tuple[bytes, bytes]:
    frame = assigned.select(id_column, "arm", "stratum").order_by(id_column).to_pyarrow()
    buffer = io.BytesIO()
    pq.write_table(frame, buffer)
    text = frame.to_pandas()  # IDs stay exactly as given (the campaign tool matches on them)
    text[["arm", "stratum"]] = inert(text[["arm", "stratum"]])  # no spreadsheet formulas from labels
    return text.to_csv(index=False).encode("utf-8"), buffer.getvalue()


def _allocation(result: Any) -> pd.DataFrame:
    frame = pd.DataFrame(result.allocation, columns=["stratum", "arm", "n"])
    return frame.pivot_table(index="stratum", columns="arm", values="n", aggfunc="sum").reset_index()


@st.cache_data(max_entries=64, show_spinner=False)
def run(source: Source, plan: Plan) -> Outcome:
    """Assign, check and export (raises :class:`InputError` for a bad list or plan; nothing exported)."""
    eligible = {plan.filter_column: list(plan.filter_values)} if plan.filter_column else None
    result = assign_customers(
        _table(source),
        id_column=plan.id_column,
        arms=dict(plan.arms),
        salt=plan.salt,
        strata=list(plan.strata),
        eligible=eligible,
        drop_blank_ids=plan.drop_invalid,
        drop_duplicates=plan.drop_invalid,
    )
    assigned = ibis.memtable(result.table.to_pyarrow())  # computed once, read by every check below
    split = check_split(assigned, arms=dict(plan.arms))
    covariates = [c for c in plan.covariates if c != plan.id_column]
    balance = balance_table(assigned, covariates=covariates) if covariates else pd.DataFrame()
    sizes = dict(zip(split.arms, split.observed, strict=True))
    representative = None
    if covariates and sizes.get("rollout", 0) > 0 and any(a.startswith("pilot") for a in sizes):
        pilots = [a for a in sizes if a.startswith("pilot")]
        representative = pd.concat(
            [representativeness_table(assigned, covariates=covariates, sample=a) for a in pilots],
            ignore_index=True,
        )
    csv, parquet = _export(assigned, plan.id_column)
    c = result.customers
    return Outcome(
        n_rows=c.n_rows,
        n_blank=c.n_blank_ids,
        n_duplicates=c.n_duplicate_rows,
        n_ineligible=c.n_ineligible,
        n_eligible=c.n_eligible,
        n_strata=len(c.stratum_sizes),
        arm_sizes=tuple(sizes.items()),
        split_exact=split.exact,
        split_pvalue=split.pvalue,
        balance=balance,
        representativeness=representative,
        allocation=_allocation(result),
        csv=csv,
        parquet=parquet,
    )


def try_run(source: Source, plan: Plan) -> tuple[Outcome | None, InputError | None]:
    """``(outcome, None)`` or ``(None, error)`` for a bad list or plan."""
    try:
        return run(source, plan), None
    except InputError as exc:
        return None, exc

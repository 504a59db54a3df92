"""Rendering for the "Split the list" page: cards, sentence, split check, balance tables, downloads."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from app_pages.components.cards import cards
from app_pages.components.feedback import how_computed, md, plain
from app_pages.components.tables import (
    XLSX_MAX_ROWS,
    XLSX_MIME,
    download_table,
    file_name,
    table_files,
)
from app_pages.i18n import fmt_int, fmt_number, fmt_p, fmt_pct, fmt_pvalue, t
from app_pages.split.charts import smd_chart
from app_pages.split.inputs import Plan
from datasources import is_id_name
from experiments import AssignmentReportResult
from rollout import AssignmentRecord

FLAG_STYLE = "background-color: #fde2dc"
Outcome = AssignmentReportResult


def arm_label(arm: str) -> str:
    """ "pilot_2" → "Piloto 2"; "control" → "Control"; "rollout" → "Despliegue"."""
    if arm.startswith("pilot_"):
        return t("assign.arm.pilot_n", i=arm.split("_", 1)[1])
    return t(f"assign.arm.{arm}") if arm in ("pilot", "control", "holdout", "rollout") else arm


def _order(arm: str) -> tuple[int, str]:
    """Pilots first, then the control, other arms, the holdout and the roll-out last."""
    rank = {"control": 1, "holdout": 3, "rollout": 4}
    return (0 if arm.startswith("pilot") else rank.get(arm, 2), arm)


def saved_outcome(record: AssignmentRecord) -> SimpleNamespace:
    """A saved split in the shape the view draws (no customer rows: nothing to download)."""
    representative = record.representativeness
    return SimpleNamespace(
        n_rows=record.n_rows or 0, n_eligible=record.n_eligible or 0, n_blank_ids=record.n_blank_ids or 0,
        n_duplicate_rows=record.n_duplicate_rows or 0, n_ineligible=record.n_ineligible or 0,
        n_strata=record.n_strata or 0, arm_sizes=tuple(record.arm_sizes.items()),
        split=SimpleNamespace(exact=bool(record.split_exact), pvalue=record.split_pvalue),
        balance=pd.DataFrame(list(record.balance)),
        representativeness=None if representative is None else pd.DataFrame(list(representative)),
        allocation=tuple((r["stratum"], r["arm"], r["n"]) for r in record.strata_counts), rows=None,
    )  # fmt: skip


def arm_sizes(outcome: Outcome) -> list[tuple[str, int]]:
    return sorted(outcome.arm_sizes, key=lambda pair: _order(pair[0]))


def metrics(outcome: Outcome) -> None:
    """Cards: the list, what was removed, the strata, then customers per group (two a row: the results
    column is narrow at 1280 px, and four cards a row cut "20.000" to "20.…")."""
    removed_help = t(
        "assign.metric.removed_help",
        blank=fmt_int(outcome.n_blank_ids),
        duplicates=fmt_int(outcome.n_duplicate_rows),
        ineligible=fmt_int(outcome.n_ineligible),
    )
    cards(
        [
            (t("assign.metric.rows"), fmt_int(outcome.n_rows)),
            (t("assign.metric.eligible"), fmt_int(outcome.n_eligible)),
            (t("assign.metric.removed"), fmt_int(outcome.n_rows - outcome.n_eligible), removed_help),
            (t("assign.metric.strata"), fmt_int(outcome.n_strata)),
        ],
        per_row=2,
    )
    cards([(arm_label(arm), fmt_int(n)) for arm, n in arm_sizes(outcome)], per_row=2)


def sentence(outcome: Outcome, plan: Plan) -> str:
    """One pasteable sentence describing the split."""
    sizes = dict(outcome.arm_sizes)
    parts = [
        t("assign.sentence.arm", n=fmt_int(n), arm=plain(arm_label(a)))
        for a, n in arm_sizes(outcome)
        if a != "rollout"
    ]
    strata = (
        t("assign.sentence.strata_some", columns=plain(", ".join(plan.strata)), n=fmt_int(outcome.n_strata))
        if plan.strata
        else t("assign.sentence.strata_none")
    )
    return t(
        "assign.sentence.text",
        eligible=fmt_int(outcome.n_eligible),
        arms=", ".join(parts),
        rollout=fmt_int(sizes.get("rollout", 0)),
        strata=strata,
        salt=plain(plan.salt),
    )


def split_check(outcome: Outcome) -> None:
    p = fmt_p(outcome.split.pvalue)
    if outcome.split.exact:
        st.success(t("assign.split.exact", p=p), icon=":material/check_circle:")
    else:
        st.error(t("assign.split.mismatch", p=p), icon=":material/error:")


def _display(table: pd.DataFrame) -> pd.DataFrame:
    """The balance table in the user's words: shares in percent, means as numbers."""
    share = table["kind"] == "categorical"

    def value(col: str) -> list[str]:
        return [fmt_pct(v) if s else fmt_number(v) for v, s in zip(table[col], share, strict=True)]

    return pd.DataFrame(
        {
            t("assign.balance.arm"): [arm_label(a) for a in table["arm"]],
            t("assign.balance.variable"): table["covariate"],
            t("assign.balance.category"): table["category"].fillna("").astype(str),
            t("assign.balance.value_arm"): value("mean_arm"),
            t("assign.balance.value_reference"): value("mean_reference"),
            t("assign.balance.smd"): [fmt_number(v, digits=3) for v in table["smd"]],
            t("assign.balance.flagged"): [
                t("assign.balance.yes" if f else "assign.balance.no") for f in table["flagged"]
            ],
            t("assign.balance.pvalue"): [fmt_pvalue(v) for v in table["pvalue"]],
        }
    )


def balance_export(table: pd.DataFrame) -> pd.DataFrame:
    """The balance table for the downloads: the screen's columns, figures as numbers in full (shares in
    percent points, as shown), so the CSV writes them in the locale and the XLSX as numeric cells."""
    share = table["kind"] == "categorical"
    return pd.DataFrame(
        {
            t("assign.balance.arm"): [arm_label(a) for a in table["arm"]],
            t("assign.balance.variable"): table["covariate"],
            t("assign.balance.category"): table["category"].fillna("").astype(str),
            t("assign.balance.value_arm"): table["mean_arm"].where(~share, table["mean_arm"] * 100),
            t("assign.balance.value_reference"): table["mean_reference"].where(
                ~share, table["mean_reference"] * 100
            ),
            t("assign.balance.smd"): table["smd"],
            t("assign.balance.flagged"): [
                t("assign.balance.yes" if f else "assign.balance.no") for f in table["flagged"]
            ],
            t("assign.balance.pvalue"): table["pvalue"],
        }
    )


def balance_formats() -> dict[str, str]:
    """Excel formats of the balance download: the digits of the screen (the cells hold the full value)."""
    return {t("assign.balance.smd"): "0.000", t("assign.balance.pvalue"): "0.0000"}


def _styled(table: pd.DataFrame) -> object:
    shown = _display(table)
    flags = table["flagged"].to_numpy()
    styler = shown.style.apply(lambda row: [FLAG_STYLE if flags[row.name] else ""] * len(row), axis=1)
    return styler.set_properties(subset=list(shown.columns[3:]), **{"text-align": "right"})


def balance(outcome: Outcome) -> None:
    """Balance and representativeness tables (flagged rows highlighted) and the SMD chart."""
    if outcome.balance.empty:
        st.info(t("assign.balance.no_covariates"), icon=":material/info:")
        return
    st.subheader(t("assign.balance.title"))
    st.caption(t("assign.balance.caption"))
    _flag_summary(outcome.balance)
    st.dataframe(_styled(outcome.balance), hide_index=True, width="stretch")
    st.subheader(t("assign.balance.repr_title"))
    if outcome.representativeness is None:
        st.info(t("assign.balance.repr_none"), icon=":material/info:")
        both = outcome.balance
    else:
        st.caption(t("assign.balance.repr_caption"))
        _flag_summary(outcome.representativeness)
        st.dataframe(_styled(outcome.representativeness), hide_index=True, width="stretch")
        both = pd.concat([outcome.balance, outcome.representativeness], ignore_index=True)
    st.altair_chart(smd_chart(both, arm_label), width="stretch")
    download_table(
        balance_export(both), t("assign.balance.table_name"), key="assign.balance", formats=balance_formats()
    )


def _flag_summary(table: pd.DataFrame) -> None:
    n = int(table["flagged"].sum())
    if n:
        st.warning(
            t("assign.balance.some_flagged", n=fmt_int(n), total=fmt_int(len(table))),
            icon=":material/warning:",
        )
    else:
        st.success(t("assign.balance.none_flagged"), icon=":material/balance:")


def allocation(outcome: Outcome) -> None:
    """Customers per stratum and arm (a table to open)."""
    long = pd.DataFrame(outcome.allocation, columns=["stratum", "arm", "n"])
    wide = long.pivot_table(index="stratum", columns="arm", values="n", aggfunc="sum").reset_index()
    frame = wide.rename(columns={"stratum": t("assign.allocation.stratum")})
    frame = frame.rename(
        columns={c: arm_label(c) for c in frame.columns if c != t("assign.allocation.stratum")}
    )
    with st.expander(t("assign.allocation.title"), icon=":material/table_rows:"):
        st.dataframe(frame, hide_index=True, width="stretch")


def export_labels(arms: list[str]) -> dict[str, str]:
    """Headers and arm codes of the assignment file in the user's language (``pilot`` → ``piloto``)."""
    labels = {"arm": t("assign.export.arm"), "stratum": t("assign.export.stratum")}
    for arm in arms:
        if arm.startswith("pilot_"):
            labels[arm] = t("assign.export.pilot_n", i=arm.split("_", 1)[1])
        elif arm in ("pilot", "control", "holdout", "rollout"):
            labels[arm] = t(f"assign.export.{arm}")
    return labels


def assignment_files(rows: pa.Table) -> dict[str, Callable[[], bytes]]:
    """The assignment (ID, group, stratum) as CSV and XLSX in the user's locale and words, IDs as text
    and inert; and as Parquet with the codes as the engine wrote them."""
    id_column = rows.column_names[0]
    ids = [id_column, *(c for c in rows.column_names[1:] if is_id_name(c))]
    arms = sorted({str(a) for a in rows.column("arm").unique().to_pylist() if a is not None})
    files = table_files(
        rows, labels=export_labels(arms), id_columns=ids, sheet=t("assign.download.file_name")
    )
    files["parquet"] = lambda: _parquet(rows)
    return files


def _parquet(rows: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(rows, buffer)
    return buffer.getvalue()


def downloads(outcome: Outcome) -> None:
    """The assignment as CSV, XLSX (up to :data:`XLSX_MAX_ROWS` customers) and Parquet, built on click."""
    st.subheader(t("assign.download.title"))
    st.caption(t("assign.download.caption"))
    files, name = assignment_files(outcome.rows), t("assign.download.file_name")
    buttons = [("csv", "text/csv"), ("xlsx", XLSX_MIME), ("parquet", "application/vnd.apache.parquet")]
    for column, (ext, mime) in zip(st.columns(3), buttons, strict=True):
        if ext not in files:
            column.caption(
                md(t("app.xlsx_too_big", rows=fmt_int(outcome.rows.num_rows), limit=fmt_int(XLSX_MAX_ROWS))),
                help=t("app.xlsx_too_big_help"),
            )
            continue
        column.download_button(
            t(f"assign.download.{ext}"), files[ext], file_name=file_name(name, ext), mime=mime,
            key=f"assign.assignment.{ext}_download", on_click="ignore", icon=":material/download:",
        )  # fmt: skip


def explain() -> None:
    how_computed(t("assign.how.text"))

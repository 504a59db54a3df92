"""Seguimiento / Monitor: is the running pilot conclusive yet? Can it stop early without inflating false wins?

Data: the running pilot's customer file (or the bundled example), a table of a saved database
connection, or daily counts typed per day. Plan: the sequential plan saved with the campaign (from "Size
the pilot" or defined here). The page shows day *d* of *D*, the plan's decision, the chart of the
statistic against the bounds and one sentence with the chance of concluding by the end if the planned
lift is real; the last look is kept in ``Campaign.monitoring``, which the roll-out decision reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from app_pages import cache
from app_pages.components.feedback import show_error
from app_pages.components.inputs import option_labels
from app_pages.components.source import source_mode
from app_pages.components.tables import download_table, show_table
from app_pages.i18n import fmt_date, fmt_int, t
from app_pages.monitor import view
from app_pages.monitor.charts import monitor_chart
from app_pages.monitor.inputs import counts_rows, database_source, file_source, mapping
from app_pages.monitor.plan import PlanChoice, choose_plan
from app_pages.state import advance_stage, campaign, update
from planner_common import InputError
from rollout import MonitorOutlook, monitoring_record, planned_effect

MODES = ("file", "database", "counts")


def _failed(exc: Exception) -> None:
    if isinstance(exc, InputError):
        show_error(exc)
    else:
        detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        st.error(t("source.engine_error", detail=detail), icon=":material/error:")


def _outlook(metric: Any, plan: PlanChoice, days: tuple[dt.date, ...]) -> MonitorOutlook | None:
    return cache.outlook(
        metric, plan.plan, days=days, effect_size=planned_effect(campaign().design, metric.kind),
        daily_volume=plan.daily_volume, n_treatments=plan.n_treatments,
    )  # fmt: skip


def _data(mode: str) -> tuple[Any, ...] | None:
    """``("table", source, mapping)`` or ``("counts", rows, direction)``; ``None`` until complete."""
    try:
        if mode == "counts":
            rows, direction = counts_rows()
            return ("counts", rows, direction) if rows else None
        source = file_source() if mode == "file" else database_source()
        mapped = None if source is None else mapping(source)
    except Exception as exc:  # noqa: BLE001 - an unreadable file or table is one sentence, never a traceback
        _failed(exc)
        return None
    return None if mapped is None else ("table", source, mapped)


def _run(data: tuple[Any, ...], plan: PlanChoice) -> tuple[MonitorOutlook, dict[str, Any]] | None:
    """The monitored metric's outlook and what the campaign records about where it came from."""
    origin: dict[str, Any]
    try:
        if data[0] == "counts":
            metric = cache.counts_monitor(data[1], plan.plan, data[2], t("monitor.counts.metric"))
            o, origin = _outlook(metric, plan, tuple(row[0] for row in data[1])), {"mode": "counts"}
        else:
            source, mapped = data[1], data[2]
            result = cache.file_monitor(
                source.name, source.data, None, mapped.metric, plan.plan, **mapped.options()
            )
            days = tuple(day for day, _, _ in result.cumulative)
            o = _outlook(result.metrics[mapped.metric.column], plan, days)
            origin = {"mode": source_mode(source.data), "source": cache.fingerprint(source.name, source.data)}
    except Exception as exc:  # noqa: BLE001 - data problems become one sentence, never a traceback
        _failed(exc)
        return None
    return None if o is None else (o, origin)


def _results(o: MonitorOutlook) -> None:
    st.subheader(t("monitor.results_title"))
    view.show(o)
    st.altair_chart(monitor_chart(o), width="stretch")
    table = view.looks_table(o)
    with st.expander(t("monitor.looks_title", looks=fmt_int(len(table))), icon=":material/table:"):
        show_table(table, right=list(table.columns[1:-1]))
        download_table(view.looks_export(o), t("monitor.file_looks"), "monitor.looks")
    view.explain(o)


def _saved_look() -> None:
    """A reopened campaign: the last look on record, without the data."""
    last = (campaign().monitoring or {}).get("last_look") or {}
    if last.get("decision"):
        day = dt.date.fromisoformat(last["date"]) if last.get("date") else None
        st.info(t("monitor.saved_look", date=fmt_date(day), look=fmt_int(last.get("look") or 0),
                  decision=t(f"monitor.decision.{last['decision']}")), icon=":material/inventory_2:")  # fmt: skip
    else:
        st.info(t("monitor.empty"), icon=":material/upload_file:")


st.title(t("monitor.title"))
st.caption(t("monitor.context"))
st.session_state.setdefault("monitor.mode", "file")
mode = st.radio(
    t("monitor.mode"), MODES, key="monitor.mode", horizontal=True, format_func=option_labels("monitor.modes.")
)
data = _data(mode)
plan = choose_plan()
found = _run(data, plan) if data is not None and plan is not None else None
if found is None:
    _saved_look()
else:
    outlook, origin = found
    update(monitoring=monitoring_record(outlook, plan_source=plan.source, **origin))  # type: ignore[union-attr]
    advance_stage("running")
    _results(outlook)

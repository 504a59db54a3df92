"""Typed counts per arm (responders / customers) for a quick readout without a file.

The form reads the editable table; the readout itself is :func:`experiments.analyze_counts` (the same
result as a file's), cached.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.analyze.mapping import CONFIDENCES, control_share, planned_share
from app_pages.components import columns as guess
from app_pages.components.editors import number_editor
from app_pages.components.inputs import NumberSpec, label_map, percent_option
from app_pages.i18n import t
from experiments import PilotResult, planned_weights
from planner_common import InputError

METRIC = "response"
DIRECTIONS = ("increase", "decrease")
EXAMPLE = pd.DataFrame({"arm": ["control", "piloto"], "successes": [420, 560], "trials": [14_000, 14_000]})
COUNTS = {"successes": NumberSpec(integer=True, minimum=0), "trials": NumberSpec(integer=True, minimum=0)}


@dataclass(frozen=True, slots=True)
class Counts:
    """The typed table and options."""

    rows: tuple[tuple[str, int, int], ...]
    control: str
    direction: str
    alpha: float
    control_share: float

    def readout(self) -> PilotResult:
        """Each arm against the control, Holm across arms, the split tested against the planned share."""
        treated = [arm for arm, _, _ in self.rows if arm != self.control]
        return cache.counts_readout(
            self.rows,
            control=self.control,
            alpha=self.alpha,
            direction=self.direction,
            weights=planned_weights(self.control, treated, control_share=self.control_share),
            metric_name=METRIC,
        )


def _rows(table: pd.DataFrame) -> tuple[tuple[str, int, int], ...]:
    rows = []
    for record in table.to_dict("records"):
        arm = str(record.get("arm") or "").strip()
        if not arm:
            raise InputError("analyze_counts_missing", "An arm has no name.", field="arm", arm="—")
        rows.append((arm, int(record["successes"]), int(record["trials"])))
    return tuple(rows)


def counts_form() -> Counts | None:
    """The editable table of arms, the control, direction and options; raises InputError on bad cells."""
    st.caption(t("analyze.counts.help"))
    labels = {"successes": t("analyze.counts.successes"), "trials": t("analyze.counts.trials")}
    table = number_editor(
        EXAMPLE, "analyze.counts_editor", COUNTS, labels, num_rows="dynamic",
        column_config={"arm": st.column_config.TextColumn(t("analyze.counts.arm"), required=True)},
    )  # fmt: skip
    labels = list(dict.fromkeys(str(a).strip() for a in table["arm"] if isinstance(a, str) and a.strip()))
    if len(labels) < 2:
        st.info(t("analyze.counts.need_two"), icon=":material/info:")
        return None
    left, middle, right, last = st.columns(4)
    if st.session_state.get("analyze.counts_control") not in labels:
        st.session_state["analyze.counts_control"] = guess.control_label(labels) or labels[0]
    control = left.selectbox(t("analyze.map.control"), labels, key="analyze.counts_control")
    st.session_state.setdefault("analyze.counts_direction", "increase")
    direction = middle.radio(
        t("analyze.counts.direction"),
        DIRECTIONS,
        key="analyze.counts_direction",
        format_func=label_map("analyze.direction.", DIRECTIONS).get,
        horizontal=True,
    )
    if st.session_state.get("analyze.confidence") not in CONFIDENCES:
        st.session_state["analyze.confidence"] = 0.95
    confidence = right.selectbox(
        t("analyze.confidence"), CONFIDENCES, key="analyze.confidence", format_func=percent_option()
    )
    st.session_state.setdefault("analyze.counts_control_share", planned_share(len(labels)))
    share = control_share("analyze.counts_control_share", last)
    if share is None:
        return None
    return Counts(_rows(table), control, direction, round(1 - confidence, 10), share / 100)

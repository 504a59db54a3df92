"""The column-mapping step of the Analyse page: which column is the arm, the outcomes, revenue, segment.

Every widget starts from a guess (:mod:`app_pages.components.columns`) stored in the session before the
widget is drawn, and is reset to the guess when the current value no longer fits the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages.analyze.source import Profile, Source, arm_values
from app_pages.components import columns as guess
from app_pages.components.inputs import label_map, number_input, percent_option
from app_pages.i18n import fmt_int, t
from app_pages.state import section
from experiments import Mean, Proportion, RatioOfMeans, planned_control_share, planned_weights
from planner_common import InputError

CONFIDENCES = (0.90, 0.95, 0.99)


@dataclass(frozen=True, slots=True)
class MetricChoice:
    """One metric as mapped by the user: ``kind`` is proportion / mean / ratio."""

    name: str
    kind: str
    column: str
    direction: str = "increase"
    covariate: str | None = None
    denominator: str | None = None

    def spec(self) -> Proportion | Mean | RatioOfMeans:
        """The metric as :func:`experiments.analyze_pilot` takes it."""
        if self.kind == "proportion":
            return Proportion(self.column, direction=self.direction)
        if self.kind == "mean":
            return Mean(self.column, covariate=self.covariate, direction=self.direction)
        return RatioOfMeans(self.column, self.denominator, direction=self.direction)


@dataclass(frozen=True, slots=True)
class Mapping:
    """The user's answer to "which column is what" plus the test options."""

    group: str
    control: Any
    id_column: str | None
    metrics: tuple[MetricChoice, ...]
    segment: str | None
    primary: str
    alpha: float
    weights: tuple[tuple[str, float], ...]

    def specs(self) -> dict[str, Proportion | Mean | RatioOfMeans]:
        """Every metric as the core's metric specification."""
        return {m.name: m.spec() for m in self.metrics}

    def plain(self) -> dict[str, Any]:
        """The mapping as plain values, saved with the readout (shown when the campaign is reopened)."""
        return {
            "group": self.group, "control": str(self.control), "id_column": self.id_column,
            "segment": self.segment, "primary": self.primary, "alpha": self.alpha, "weights": dict(self.weights),
            "metrics": [{"name": m.name, "kind": m.kind, "column": m.column, "direction": m.direction,
                         "covariate": m.covariate, "denominator": m.denominator} for m in self.metrics],
        }  # fmt: skip

    def options(self) -> dict[str, Any]:
        """The readout options of :func:`experiments.analyze_pilot`."""
        return {
            "group": self.group,
            "control": self.control,
            "alpha": self.alpha,
            "segment": self.segment,
            "id_column": self.id_column,
            "weights": dict(self.weights) if self.weights else None,
        }


def _fit(key: str, options: list[Any], default: Any) -> None:
    """Keep the session value when it is still an option, else start from ``default``."""
    if st.session_state.get(key, object()) not in options:
        st.session_state[key] = default if default in options else options[0]


def _select(slot: Any, label: str, options: list[Any], key: str, default: Any, **kwargs: Any) -> Any:
    _fit(key, options, default)
    none = t("analyze.map.none")
    kwargs.setdefault("format_func", lambda v: none if v is None else str(v))
    return slot.selectbox(label, options, key=key, **kwargs)


def _outcomes(slot: Any, prof: Profile, group: str) -> list[str]:
    key = "analyze.map.outcomes"
    options = [c for c in prof.columns if c in prof.binary and c != group]
    st.session_state.setdefault(key, guess.outcome_columns(prof.columns, options))
    st.session_state[key] = [c for c in st.session_state[key] if c in options]
    return slot.multiselect(
        t("analyze.map.outcomes"),
        options,
        key=key,
        placeholder=t("app.choose_many"),
        help=t("analyze.map.outcomes_help"),
    )


def _metrics(prof: Profile, group: str) -> list[MetricChoice]:
    left, middle, right = st.columns(3)
    outcomes = _outcomes(left, prof, group)
    numeric = [None, *prof.numeric]
    revenue = _select(
        middle,
        t("analyze.map.revenue"),
        numeric,
        "analyze.map.revenue",
        guess.revenue_column(prof.columns, prof.numeric),
    )
    covariate = _select(
        right,
        t("analyze.map.covariate"),
        numeric,
        "analyze.map.covariate",
        guess.covariate_column(prof.columns, prof.numeric),
        help=t("analyze.map.covariate_help"),
    )
    metrics = [MetricChoice(c, "proportion", c) for c in outcomes]
    if revenue:
        metrics.append(
            MetricChoice(revenue, "mean", revenue, covariate=covariate if covariate != revenue else None)
        )
        buyer = guess.conversion_column(outcomes)
        if buyer:
            metrics.append(MetricChoice(f"{revenue}/{buyer}", "ratio", revenue, denominator=buyer))
    return metrics


def _directions(metrics: list[MetricChoice]) -> list[MetricChoice]:
    if not metrics:
        return []
    st.caption(t("analyze.map.directions"))
    slots = st.columns(min(len(metrics), 4))
    chosen, names = [], label_map("analyze.direction.", ("increase", "decrease"))
    for i, m in enumerate(metrics):
        key = f"analyze.map.direction.{m.name}"
        _fit(key, ["increase", "decrease"], guess.direction(m.column))
        value = slots[i % len(slots)].radio(
            m.name, ("increase", "decrease"), key=key, horizontal=True, format_func=names.get
        )
        chosen.append(MetricChoice(m.name, m.kind, m.column, value, m.covariate, m.denominator))
    return chosen


def planned_share(n_arms: int) -> float:
    """Planned control share (%) from the design page's sizes, else an equal split."""
    design = section("design")
    share = planned_control_share(
        max(n_arms - 1, 1), n_control=design.get("n_control"), n_treatment=design.get("n_treatment")
    )
    return round(100 * share, 1)


def control_share(key: str, container: Any = st) -> float | None:
    """The planned share of the control, typed as a percent (1–99); ``None`` while empty or refused."""
    return number_input(
        t("analyze.map.control_share"), key, container=container, digits=1, percent=True, minimum=1.0,
        maximum=99.0, unit="%", help=t("analyze.map.control_share_help"),
    )  # fmt: skip


def mapping(source: Source, sheet: Any, prof: Profile) -> Mapping | None:
    """Draw the mapping widgets; ``None`` while the mapping is incomplete."""
    st.subheader(t("analyze.map.title"))
    left, middle, right = st.columns(3)
    group = _select(
        left,
        t("analyze.map.group"),
        list(prof.columns),
        "analyze.map.group",
        guess.best(prof.categorical, guess.GROUP) or guess.best(prof.columns, guess.GROUP),
    )
    values = arm_values(source, sheet, group)
    labels = [v for v, _ in values]
    if len(labels) < 2:
        found = str(labels[0]) if labels else "—"
        raise InputError(
            "analyze_one_group",
            f"{source.name}: column «{group}» holds one group only («{found}»); which is the control?",
            name=source.name,
            field=group,
            value=found,
        )
    shown = {v: f"{v} ({fmt_int(n)})" for v, n in values}  # formatted now: AppTest formats outside the run
    control = _select(
        middle,
        t("analyze.map.control"),
        labels,
        "analyze.map.control",
        guess.control_label(labels),
        format_func=lambda v: shown.get(v, str(v)),
    )
    ids = [c for c in prof.columns if guess.is_id_name(c)]
    id_column = _select(
        right, t("analyze.map.id"), [None, *prof.columns], "analyze.map.id", ids[0] if ids else None
    )
    metrics = _directions(_metrics(prof, group))
    left, middle, right = st.columns(3)
    segments = [None, *(c for c in prof.categorical if c != group)]
    segment = _select(
        left,
        t("analyze.map.segment"),
        segments,
        "analyze.map.segment",
        guess.best(segments[1:], guess.SEGMENT[:9]) or guess.best(segments[1:], guess.SEGMENT),
    )
    names = [m.name for m in metrics] or [None]
    primary = _select(
        middle,
        t("analyze.map.primary"),
        names,
        "analyze.map.primary",
        guess.conversion_column([m.name for m in metrics if m.kind == "proportion"]),
    )
    _fit("analyze.confidence", list(CONFIDENCES), 0.95)
    confidence = right.selectbox(
        t("analyze.confidence"), CONFIDENCES, key="analyze.confidence", format_func=percent_option()
    )
    arms = {str(v).strip().casefold(): v for v in labels}
    st.session_state.setdefault("analyze.map.control_share", planned_share(max(len(arms), 2)))
    share = control_share("analyze.map.control_share")
    if share is None:
        return None
    if not metrics or primary is None or control is None:
        st.info(t("analyze.map.incomplete"), icon=":material/info:")
        return None
    treated = [str(v) for k, v in arms.items() if k != str(control).strip().casefold()]
    weights = tuple(planned_weights(str(control), treated, control_share=share / 100).items())
    return Mapping(
        group, control, id_column, tuple(metrics), segment, primary, round(1 - confidence, 10), weights
    )

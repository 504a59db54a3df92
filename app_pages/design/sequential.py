"""The sequential option of "Size the pilot": look at the running pilot without inflating false wins.

The fixed-horizon size of the power tab is turned into a group-sequential plan (cached
:func:`experiments.plan_sequential`): the maximum size (fixed × inflation), the expected size if the
planned lift is real, and the days at the daily volume. Saving the design saves the plan
(``SequentialPlan.to_dict()``) in ``DesignPlan.sequential``, which the Monitor page reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from app_pages import cache
from app_pages.components.cards import cards
from app_pages.components.feedback import how_computed, show_error
from app_pages.components.inputs import option_labels
from app_pages.design.inputs import DesignInputs
from app_pages.i18n import current_lang, fmt_int, fmt_number, fmt_pct, t
from planner_common import InputError

if TYPE_CHECKING:  # a result type only: its module (scipy) loads when the tab computes
    from experiments import SequentialDesignResult

SPENDINGS = ("obrien-fleming", "pocock", "power")
LOOK_COUNTS = tuple(range(2, 51))
RHOS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0)
DEFAULTS = {
    "design.seq_on": False,
    "design.seq_spending": "obrien-fleming",
    "design.seq_looks_mode": "daily",
    "design.seq_looks": 5,
    "design.seq_rho": 2.0,
}


def options(state: Any) -> dict[str, Any] | None:
    """The sequential choices as :func:`experiments.plan_sequential` takes them (``None`` when off)."""
    if not state.get("design.seq_on"):
        return None
    spending = state.get("design.seq_spending", "obrien-fleming")
    daily = state.get("design.seq_looks_mode", "daily") == "daily"
    return {
        "spending": spending,
        "rho": float(state.get("design.seq_rho", 2.0)) if spending == "power" else None,
        "looks": "daily" if daily else int(state.get("design.seq_looks", 5)),
    }


def plan(inputs: DesignInputs, chosen: dict[str, Any]) -> SequentialDesignResult:
    """The cached sequential design of these inputs (raises ``InputError`` for an impossible one)."""
    return cache.sequential_design(
        inputs.metric, inputs.baseline, inputs.std, chosen, **inputs.effect_kwargs, **inputs.design_kwargs
    )


def saved_plan(inputs: DesignInputs) -> dict[str, Any] | None:
    """What the design saves as ``DesignPlan.sequential`` (``None`` when off or impossible)."""
    chosen = options(st.session_state)
    if chosen is None:
        return None
    try:
        return plan(inputs, chosen).plan.to_dict()
    except InputError:
        return None


def _widgets() -> None:
    lang = current_lang()
    left, middle, right = st.columns(3)
    spending = left.selectbox(
        t("design.seq.spending"), SPENDINGS, key="design.seq_spending",
        format_func=option_labels("design.seq.spending_"), help=t("design.seq.spending_help"),
    )  # fmt: skip
    mode = middle.radio(
        t("design.seq.looks_mode"), ("daily", "count"), key="design.seq_looks_mode",
        format_func=option_labels("design.seq.looks_"),
    )  # fmt: skip
    if mode == "count":
        right.select_slider(t("design.seq.looks"), LOOK_COUNTS, key="design.seq_looks")
    if spending == "power":
        right.select_slider(
            t("design.seq.rho"), RHOS, key="design.seq_rho", help=t("design.seq.rho_help"),
            format_func=lambda r: fmt_number(r, lang, digits=1),
        )  # fmt: skip


def _days(days: float | None, digits: int) -> str:
    if days is None:
        return t("design.metric.no_volume")
    return t("design.seq.days_value", days=fmt_number(days, digits=digits))


def _show(result: SequentialDesignResult) -> None:
    cards(
        [
            {"label": t("design.seq.max"), "value": fmt_int(result.n_total), "help": t("design.seq.max_help"),
             "delta": t("design.seq.inflation", pct=fmt_pct(result.inflation_factor - 1)),
             "delta_color": "off", "delta_arrow": "off"},
            {"label": t("design.seq.expected"), "value": fmt_int(round(result.expected_n_total)),
             "help": t("design.seq.expected_help")},
            (t("design.seq.days_max"), _days(result.duration_days, 0)),
            (t("design.seq.days_expected"), _days(result.expected_days, 1)),
        ]
    )  # fmt: skip
    daily = result.plan.looks == "daily"
    text = t(
        "design.seq.sentence",
        looks=t("design.seq.daily_looks") if daily else t("design.seq.k_looks", k=len(result.bounds.z_bounds)),
        spending=t(f"design.seq.name_{result.plan.spending}"), max=fmt_int(result.n_total),
        fixed=fmt_int(result.n_total_fixed), expected=fmt_int(round(result.expected_n_total)),
        power=fmt_pct(result.power, digits=0),
    )  # fmt: skip
    if result.duration_days is not None and result.expected_days is not None:
        text += " " + t("design.seq.sentence_days", days=fmt_int(result.duration_days),
                        expected=fmt_number(result.expected_days, digits=1))  # fmt: skip
    st.info(text, icon=":material/monitoring:")
    how_computed(t("design.seq.how"))


def render(inputs: DesignInputs) -> SequentialDesignResult | None:
    """The option, its choices and, when on, the plan's sizes and days."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    with st.container(border=True):
        st.markdown(f"**{t('design.seq.title')}**")
        if not st.toggle(t("design.seq.on"), key="design.seq_on", help=t("design.seq.on_help")):
            st.caption(t("design.seq.off"))
            return None
        _widgets()
        try:
            result = plan(inputs, options(st.session_state) or {})
        except InputError as exc:
            show_error(exc)
            return None
        _show(result)
        return result

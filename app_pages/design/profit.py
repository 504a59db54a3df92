"""The "Profit-maximising" tab of the Design page: the Test & Roll pilot beside the power-based one.

Widget values live under ``design.profit.*`` keys. Starting values are written into the state before
the widgets are drawn (never via ``value=``): the base, margin and cost follow the campaign brief and the
rate and lift follow the power tab until the user changes them, so what the user typed always wins. The
power-based plan compared with is the power tab's own sizing (the same cached call with the same inputs).
The prior comes from typed figures or from past campaigns; the plan is one cached call of
:func:`experiments.test_and_roll_plan`. The tab stores its prior and n* under
the design's Test & Roll plan so the Bayesian readout can reuse the prior.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.components.charts import show_chart
from app_pages.components.editors import number_editor
from app_pages.components.feedback import show_error
from app_pages.components.inputs import (
    NumberSpec,
    count_input,
    follow,
    label_map,
    number_input,
    number_value,
    show_fix,
)
from app_pages.components.tables import download_table
from app_pages.design import history
from app_pages.design.charts import profit_chart
from app_pages.design.inputs import read_inputs, try_size
from app_pages.design.view import plans_export, plans_table, profit_explain, profit_metrics, profit_sentence
from app_pages.i18n import currency_digits, fmt_pct, fmt_pp, t
from app_pages.state import campaign, currency, save_test_and_roll, section
from planner_common import InputError

if TYPE_CHECKING:  # a result type only: its module (scipy) loads when the tab computes
    from experiments import TestAndRollPlanResult

_PAST = "_profit_past_table"  # the table under the data editor (not a widget key)
_EDITOR = "design.profit.past_editor"
_AUTO = "_profit_auto"  # values this tab last filled in from the brief and the power tab: {key: value}
PAST_NUMBERS = {
    "rate": NumberSpec(digits=1, percent=True, minimum=0.0, maximum=100.0),
    "n": NumberSpec(integer=True, minimum=1),
}
NUMBER_KEYS = (
    "design.profit.base",
    "design.profit.rate",
    "design.profit.rate_sd",
    "design.profit.lift",
    "design.profit.margin",
    "design.profit.cost",
    "design.profit.mde",
)
EXAMPLE = pd.DataFrame(
    {
        "campaign": [
            "Catálogo mar",
            "Catálogo mar",
            "E-mail abr",
            "E-mail abr",
            "SMS may",
            "SMS may",
            "Catálogo jun",
            "Catálogo jun",
            "E-mail ago",
            "E-mail ago",
            "Catálogo oct",
            "Catálogo oct",
        ],
        "rate": [2.9, 3.5, 3.1, 2.8, 2.6, 3.5, 3.3, 3.4, 2.8, 2.3, 3.0, 4.0],
        "n": [10_000, 10_000, 12_000, 12_000, 8_000, 8_000, 15_000, 15_000, 9_000, 9_000, 11_000, 11_000],
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfitInputs:
    """The tab's inputs in engine units (rates as fractions, money per customer)."""

    population: int
    holdout: bool  # True: the control is not contacted (no cost) and the pilot has an expected lift
    rate_mean: float
    rate_sd: float
    lift: float  # expected lift of the pilot (holdout only)
    margin: float  # 0: count responses instead of money
    cost: float
    power_plan: tuple[int, int] | None  # sizes the power tab shows (None: it sizes no response rate)
    mde: float  # lift to detect when the power tab has no plan
    alpha: float
    power: float


def power_sizing() -> Any | None:
    """The power tab's sizing of a response rate (the same cached call with the same inputs it shows);
    ``None`` while that tab sizes a mean or has a box to fix."""
    inputs = read_inputs(st.session_state)
    if inputs is None or inputs.metric != "rate":
        return None
    return try_size(inputs)[0]


def apply_defaults(sized: Any | None) -> None:
    """Starting values: the base, margin and cost follow the brief, the rate and the lift the power tab's
    sizing (else the saved design), each until the user changes it."""
    brief, design = section("brief"), section("design")
    saved = design if design.get("metric", "rate") == "rate" else {}
    rate = sized.baseline_rate if sized is not None else saved.get("baseline_rate") or 0.03
    lift = sized.effect_size if sized is not None else saved.get("effect_size") or 0.005
    base = (sized.population if sized is not None else None) or brief.get("eligible_base")
    for key, value in {
        "design.profit.comparison": "holdout",  # the pilot of this app: the control gets nothing
        "design.profit.prior_source": "typed",
        "design.profit.rate_sd": 0.5,
    }.items():
        st.session_state.setdefault(key, value)
    for key, value in {
        "design.profit.base": int(base or design.get("population") or 250_000),
        "design.profit.rate": round(100 * rate, 4),
        "design.profit.lift": round(100 * lift, 4),
        "design.profit.mde": round(100 * lift, 4),
        "design.profit.margin": float(brief.get("margin_per_response") or 0.0),
        "design.profit.cost": float(brief.get("cost_per_contact") or 0.0),
    }.items():
        follow({key: value}, _AUTO)
    st.session_state.setdefault(_PAST, EXAMPLE.iloc[0:0].copy())


def _load_example() -> None:
    st.session_state[_PAST] = EXAMPLE.copy()
    st.session_state.pop(_EDITOR, None)


def _past_prior() -> tuple[float, float] | None:
    """The data editor of past campaigns and the prior it gives (``None`` until it gives one)."""
    history.offer(_PAST, _EDITOR)
    st.button(
        t("app.load_example"),
        key="design.profit.example_btn",
        on_click=_load_example,
        icon=":material/table_view:",
    )
    st.caption(t("profit.past.help"))
    labels = {"rate": t("profit.past.rate"), "n": t("profit.past.n")}
    try:
        table = number_editor(
            st.session_state[_PAST], _EDITOR, PAST_NUMBERS, labels, num_rows="dynamic", width="stretch",
            column_config={"campaign": st.column_config.TextColumn(t("profit.past.campaign"))},
        )  # fmt: skip
    except InputError as exc:
        show_error(exc)
        return None
    if len(table) < 2:
        st.info(t("profit.past.empty"), icon=":material/edit_note:")
        return None
    paired = table["campaign"].astype(str).duplicated().any()
    past = pd.DataFrame(
        {"campaign": table["campaign"].astype(str), "rate": table["rate"] / 100, "n": table["n"]}
    )
    try:
        prior = cache.past_campaigns_prior(past, bool(paired))
    except InputError as exc:
        show_error(exc)
        return None
    if prior.prior_sd <= 0:
        st.warning(t("profit.past.no_spread"), icon=":material/warning:")
        return None
    key = "profit.past.estimate_paired" if prior.paired else "profit.past.estimate"
    st.caption(
        t(
            key,
            mean=fmt_pct(prior.prior_mean, digits=2),
            sd=fmt_pp(prior.prior_sd),
            n=prior.n_campaigns,
            lift=fmt_pp(prior.mean_difference),
        )
    )
    return prior.prior_mean, prior.prior_sd


def _typed_prior() -> tuple[float, float] | None:
    rate = number_input(
        t("profit.input.rate"), "design.profit.rate", digits=2, percent=True, minimum=0.01, maximum=99.99,
        unit="%", help=t("profit.input.rate_help"),
    )  # fmt: skip
    spread = number_input(
        t("profit.input.rate_sd"), "design.profit.rate_sd", digits=3, minimum=0.001, maximum=49.0,
        unit="pp", help=t("profit.input.rate_sd_help"),
    )  # fmt: skip
    return None if rate is None or spread is None else (rate / 100, spread / 100)


def render_inputs(sized: Any | None) -> ProfitInputs | None:
    """Draw the widgets (the lift to detect only without the power tab's ``sized`` plan); ``None`` while a
    box is refused or the prior from past campaigns is not usable."""
    cur, state = currency(), st.session_state
    with st.container(border=True):
        st.markdown(f"**{t('profit.group.base')}**")
        count_input(
            t("profit.input.base"), "design.profit.base", minimum=2, unit=t("app.unit_customers"),
            help=t("profit.input.base_help"),
        )  # fmt: skip
        st.segmented_control(
            t("profit.input.comparison"),
            ("holdout", "ab"),
            required=True,
            key="design.profit.comparison",
            format_func=label_map("profit.comparison.", ("holdout", "ab")).get,
            help=t("profit.input.comparison_help"),
        )
    with st.container(border=True):
        st.markdown(f"**{t('profit.group.prior')}**")
        source = st.segmented_control(
            t("profit.input.prior_source"),
            ("typed", "past"),
            required=True,
            key="design.profit.prior_source",
            format_func=label_map("profit.source.", ("typed", "past")).get,
        )
        prior = _past_prior() if source == "past" else _typed_prior()
        if state["design.profit.comparison"] == "holdout":
            number_input(
                t("profit.input.lift"),
                "design.profit.lift",
                digits=2,
                unit="pp",
                help=t("profit.input.lift_help"),
            )
    with st.container(border=True):
        st.markdown(f"**{t('profit.group.money')}**")
        number_input(
            t("profit.input.margin", currency=cur), "design.profit.margin", currency=cur, minimum=0.0,
            digits=currency_digits(cur), unit=cur, help=t("profit.input.margin_help"),
        )  # fmt: skip
        number_input(
            t("profit.input.cost", currency=cur), "design.profit.cost", currency=cur, minimum=0.0,
            digits=currency_digits(cur), unit=cur,
        )  # fmt: skip
        plan = None if sized is None else (sized.n_control, sized.n_treatment)
        if plan is None:
            number_input(
                t("profit.input.mde"), "design.profit.mde", digits=2, minimum=0.01, unit="pp",
                help=t("profit.input.mde_help"),
            )  # fmt: skip
    if prior is None:
        return None
    return _inputs(state, prior, plan)


def _inputs(state: Any, prior: tuple[float, float], plan: tuple[int, int] | None) -> ProfitInputs | None:
    design = section("design")
    holdout = state["design.profit.comparison"] == "holdout"
    shown = [key for key in NUMBER_KEYS if key in _number_keys(holdout, plan)]
    numbers = {key: number_value(key) for key in shown}
    if any(value is None for value in numbers.values()):
        return None
    return ProfitInputs(
        population=int(numbers["design.profit.base"]),
        holdout=holdout,
        rate_mean=prior[0],
        rate_sd=prior[1],
        lift=numbers["design.profit.lift"] / 100 if holdout else 0.0,
        margin=float(numbers["design.profit.margin"]),
        cost=float(numbers["design.profit.cost"]),
        power_plan=plan,
        mde=numbers["design.profit.mde"] / 100 if plan is None else 0.0,
        alpha=float(design.get("alpha") or 0.05),
        power=float(design.get("power") or 0.8),
    )


def _number_keys(holdout: bool, plan: tuple[int, int] | None) -> set[str]:
    """The boxes drawn for this comparison and plan (the typed prior is read with the prior)."""
    keys = {"design.profit.base", "design.profit.margin", "design.profit.cost"}
    return (
        keys
        | ({"design.profit.lift"} if holdout else set())
        | ({"design.profit.mde"} if plan is None else set())
    )


def _power_sizes(inputs: ProfitInputs) -> tuple[int, int]:
    """The power tab's sizes, or the power-based sizes for the lift to detect typed here."""
    if inputs.power_plan is not None:
        return inputs.power_plan
    sized = cache.sample_size(
        "rate", inputs.rate_mean, None, effect_size=inputs.mde, alpha=inputs.alpha, power=inputs.power
    )
    return sized.n_control, sized.n_treatment


def _plan(inputs: ProfitInputs) -> TestAndRollPlanResult:
    return cache.profit_plan(
        inputs.population,
        rate_mean=inputs.rate_mean,
        rate_sd=inputs.rate_sd,
        power_sizes=_power_sizes(inputs),
        lift=inputs.lift,
        holdout=inputs.holdout,
        margin_per_response=inputs.margin,
        cost_per_contact=inputs.cost,
    )


def _remember(inputs: ProfitInputs, plan: TestAndRollPlanResult) -> None:
    best = plan.optimum
    save_test_and_roll(
        {
            "n_control": best.n_control,
            "n_treatment": best.n_treatment,
            "population": inputs.population,
            "prior_control": (inputs.rate_mean, inputs.rate_sd),
            "prior_treatment": (inputs.rate_mean + inputs.lift, inputs.rate_sd),
            "expected_profit": best.expected_profit,
            "error_rate": best.error_rate,
        }
    )


def _results(inputs: ProfitInputs) -> None:
    try:
        plan = _plan(inputs)
    except InputError as exc:
        if exc.code == "beta_sd_out_of_range":  # typed in points: say it in points
            st.error(
                t(
                    "errors.beta_sd_out_of_range",
                    value=fmt_pp(exc.params["value"]),
                    maximum=fmt_pp(exc.params["maximum"]),
                ),
                icon=":material/error:",
            )
        else:
            show_error(exc)
        return
    profit_metrics(plan)
    st.success(profit_sentence(plan), icon=":material/mail:")
    table = plans_table(plan)
    st.dataframe(table, hide_index=True, width="stretch")
    best = plan.optimum
    if best.n_total == 0:
        st.info(t("profit.just_roll_out"), icon=":material/rocket_launch:")
    elif best.notes:
        st.info(t("profit.one_cell"), icon=":material/info:")
    if plan.exact:
        st.caption(t("profit.exact_note"))
    show_chart(profit_chart, plan)
    st.caption(t("profit.chart.caption"))
    profit_explain(plan, inputs.mde, power_saved=inputs.power_plan is not None)
    download_table(
        plans_export(plan), t("profit.table.name"), key="design.profit.plans",
        formats={t("profit.table.error"): "0.0%"},
    )  # fmt: skip
    st.button(
        t("profit.save"), key="design.profit.save_btn", on_click=_remember, args=(inputs, plan),
        icon=":material/save:", help=t("profit.save_help"),
    )  # fmt: skip
    if campaign().design is not None and campaign().design.test_and_roll is not None:
        st.caption(t("profit.saved_caption"))


def render() -> None:
    """Draw the tab (inputs on the left, the answer on the right)."""
    sized = power_sizing()
    apply_defaults(sized)
    st.caption(t("profit.intro"))
    left, right = st.columns([1, 2], gap="large")
    with left:
        inputs = render_inputs(sized)
    with right:
        if inputs is None:
            if not show_fix(NUMBER_KEYS):
                st.info(t("profit.need_prior"), icon=":material/edit_note:")
            return
        _results(inputs)

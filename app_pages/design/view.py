"""The answers of the "Size the pilot" page: cards, sentences, warnings, tables, explanations, errors.

Power tab: :func:`metrics`, :func:`sentence`, :func:`warnings`, :func:`sizes_table`, :func:`explain`,
:func:`show_input_error`. Profit tab (Test & Roll): :func:`profit_metrics`, :func:`plans_table`,
:func:`plans_export`, :func:`profit_sentence`, :func:`profit_explain`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from app_pages.components.feedback import how_computed, show_error
from app_pages.design.inputs import DesignInputs
from app_pages.i18n import fmt_int, fmt_money, fmt_number, fmt_pct, fmt_pct_auto, fmt_pp_auto, note_text, t
from app_pages.state import currency
from planner_common import InputError

if TYPE_CHECKING:  # a result type only: its module (scipy) loads when the tab computes
    from experiments import TestAndRollPlanResult

LONG_DAYS = 60
MOST_OF_BASE = 0.8
_FIELD_LABEL = {
    "baseline_rate": "design.input.baseline",
    "std": "design.input.std",
    "effect_size": "design.input.lift_pp",
    "rel_effect_size": "design.input.lift_rel",
    "n_treatments": "design.input.n_treatments",
    "population": "design.input.population",
    "daily_volume": "design.input.daily_volume",
    "alpha": "design.input.confidence",
    "power": "design.input.power",
    "ratio": "design.input.split",
}
# The engine speaks of fractions; the page takes percents, so rate errors get sentences in percent.
_RATE_CODES = {
    "rate_out_of_range": "design_rate_range",
    "rate_as_percent": "design_rate_range",
    "rate_outside_unit": "design_rate_outside",
}


# ---------------------------------------------------------------- power tab ---------------------------


def lift_text(inputs: DesignInputs, result: Any) -> str:
    """The lift as the user typed it: "0,5 pp", "20 % (0,6 pp)" or "$1.000"."""
    if inputs.metric == "mean":
        return fmt_money(result.effect_size, currency())
    if inputs.lift_mode == "relative":
        return t(
            "design.sentence.lift_rel",
            rel=fmt_pct_auto(result.rel_effect_size),
            pp=fmt_pp_auto(result.effect_size),
        )
    return fmt_pp_auto(result.effect_size)


def show_input_error(exc: InputError, inputs: DesignInputs, slots: dict[str, Any]) -> str:
    """The error sentence next to the input that caused it, naming the widget and echoing its value;
    returns the widget's label (for the results area's "fix this" sentence)."""
    params = dict(exc.params)
    field = params.get("field", "")
    label = _FIELD_LABEL.get(field)
    if field == "effect_size" and inputs.metric == "mean":
        label = "design.input.lift_money"
    params["field"] = t(label, currency=currency()) if label else field
    value = params.get("value")
    if isinstance(value, int | float) and inputs.metric == "rate" and field == "effect_size":
        params["value"] = fmt_pp_auto(value)
    elif isinstance(value, int | float) and field in ("baseline_rate", "rel_effect_size"):
        params["value"] = fmt_pct_auto(value)
    if isinstance(params.get("rate"), int | float):
        params["rate"] = fmt_pct_auto(params["rate"])
    code = _RATE_CODES.get(exc.code, exc.code) if inputs.metric == "rate" else exc.code
    target = slots.get(field) or slots.get("effect_size" if "effect" in field else "baseline_rate")
    with target.container() if target is not None else st.container():
        show_error(InputError(code, str(exc), **params))
    return str(params["field"])


def _share(fraction: float) -> str:
    return fmt_pct(fraction, digits=1 if fraction < 0.1 else 0)


def metrics(inputs: DesignInputs, result: Any) -> None:
    """Big numbers: each arm and the total; then the duration and the share of the base."""
    pilot = "design.metric.pilot_each" if inputs.n_treatments > 1 else "design.metric.pilot"
    cols = st.columns(3)
    cols[0].metric(t(pilot), fmt_int(result.n_treatment), border=True)
    cols[1].metric(t("design.metric.control"), fmt_int(result.n_control), border=True)
    cols[2].metric(t("design.metric.total"), fmt_int(result.n_total), border=True)
    cols = st.columns(2)
    days = (
        t("design.metric.days", days=fmt_int(result.duration_days))
        if result.duration_days is not None
        else t("design.metric.no_volume")
    )
    per_day = t("design.metric.per_day", daily=fmt_int(inputs.daily_volume)) if inputs.daily_volume else None
    cols[0].metric(
        t("design.metric.duration"), days, delta=per_day, delta_color="off", delta_arrow="off", border=True
    )
    if result.share_of_population is None:
        cols[1].metric(t("design.metric.share"), t("design.metric.no_population"), border=True)
        return
    left = result.remaining_for_rollout
    remaining = (
        t("design.metric.remaining", count=fmt_int(left))
        if left >= 0
        else t("design.metric.shortfall", count=fmt_int(-left))
    )
    cols[1].metric(
        t("design.metric.share"),
        _share(result.share_of_population),
        delta=remaining,
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def sentence(inputs: DesignInputs, result: Any) -> str:
    """One sentence a marketer can paste into an email."""
    many = inputs.n_treatments > 1
    common = {
        "lift": lift_text(inputs, result),
        "confidence": fmt_pct_auto(1 - inputs.alpha),
        "power": fmt_pct_auto(inputs.power),
        "pilot": fmt_int(result.n_treatment),
        "control": fmt_int(result.n_control),
        "k": fmt_int(inputs.n_treatments),
    }
    if inputs.metric == "rate":
        key = "design.sentence.rate_many" if many else "design.sentence.rate"
        text = t(key, baseline=fmt_pct_auto(inputs.baseline), **common)
    else:
        text = t(
            "design.sentence.mean_many" if many else "design.sentence.mean",
            baseline=fmt_money(inputs.baseline, currency()),
            std=fmt_money(inputs.std, currency()),
            **common,
        )
    if result.duration_days is not None:
        text += t(
            "design.sentence.duration", daily=fmt_int(inputs.daily_volume), days=fmt_int(result.duration_days)
        )
    return text + t("design.sentence.end")


def warnings(inputs: DesignInputs, result: Any) -> None:
    """Say when the design does not fit the base, uses most of it, or takes long."""
    if result.feasible is False:
        mde = result.mde_with_population
        needed, population = fmt_int(result.n_total), fmt_int(inputs.population)
        if mde is None or math.isnan(mde):
            text = t("design.warn.infeasible_no_mde", needed=needed, population=population)
        else:
            shown = (
                fmt_money(mde, currency())
                if inputs.metric == "mean"
                else t("design.warn.mde_rate", pp=fmt_pp_auto(mde), rel=_share(mde / inputs.baseline))
            )
            text = t("design.warn.infeasible", needed=needed, population=population, mde=shown)
        st.warning(text, icon=":material/warning:")
    elif result.share_of_population is not None and result.share_of_population > MOST_OF_BASE:
        st.warning(
            t("design.warn.most_of_base", share=_share(result.share_of_population)), icon=":material/warning:"
        )
    if result.duration_days is not None and result.duration_days > LONG_DAYS:
        st.info(t("design.warn.long", days=fmt_int(result.duration_days)), icon=":material/schedule:")


def sizes_table(inputs: DesignInputs, result: Any) -> pd.DataFrame:
    """Customers per group (and share of the base) for the download."""
    arms = [t("design.metric.control")] + (
        [t("design.table.pilot_n", i=i + 1) for i in range(inputs.n_treatments)]
        if inputs.n_treatments > 1
        else [t("design.metric.pilot")]
    )
    counts = [result.n_control] + [result.n_treatment] * inputs.n_treatments
    table = pd.DataFrame({t("design.table.arm"): arms, t("design.table.customers"): counts})
    if inputs.population:
        table[t("design.table.share")] = [n / inputs.population for n in counts]
    return table


def explain(inputs: DesignInputs, result: Any) -> None:
    """The "How was this computed?" expander: formula, method, R function, assumptions, caveats."""
    method = {
        ("rate", "normal"): "rate_normal",
        ("rate", "arcsine"): "rate_arcsine",
        ("mean", "t"): "mean_t",
        ("mean", "normal"): "mean_normal",
    }[(inputs.metric, inputs.method)]
    parts = [t(f"design.how.{method}"), t("design.how.assumptions", achieved=fmt_pct(result.power))]
    if result.notes:
        parts.append(t("design.how.notes", notes=" ".join(note_text(note) for note in result.notes)))
    how_computed("\n\n".join(parts))


# ---------------------------------------------------------------- profit tab --------------------------


def money(value: float, plan: TestAndRollPlanResult, *, signed: bool = False) -> str:
    """Profit in the campaign currency, or in responses when no margin was given."""
    sign = "+" if signed and value > 0 else ""
    if not plan.counts_responses:
        return sign + fmt_money(value, currency())
    return sign + t("profit.responses", n=fmt_number(value, digits=0))


def amount(value: float, plan: TestAndRollPlanResult) -> str:
    """A metric-card value: money, or a bare number of responses (the unit is in the label)."""
    return fmt_number(value, digits=0) if plan.counts_responses else fmt_money(value, currency())


def unit(plan: TestAndRollPlanResult) -> str:
    return t("profit.chart.unit_responses") if plan.counts_responses else currency()


def _cells(result: Any) -> str:
    """ "pilot / control" sizes."""
    return t("profit.cells", pilot=fmt_int(result.n_treatment), control=fmt_int(result.n_control))


def profit_metrics(plan: TestAndRollPlanResult) -> None:
    """n*, its expected profit, regret and error rate, as two rows of two cards."""
    best = plan.optimum
    top, bottom = st.columns(2), st.columns(2)
    top[0].metric(
        t("profit.metric.n_star"),
        f"{fmt_int(best.n_treatment)} / {fmt_int(best.n_control)}",
        help=t("profit.metric.n_star_help"),
    )
    top[1].metric(
        t("profit.metric.expected", unit=unit(plan)),
        amount(best.expected_profit, plan),
        delta=money(best.gain_over_no_test, plan, signed=True),
        delta_arrow="off",
        help=t("profit.metric.expected_help"),
    )
    bottom[0].metric(
        t("profit.metric.regret"), fmt_pct(best.regret, digits=2), help=t("profit.metric.regret_help")
    )
    bottom[1].metric(
        t("profit.metric.error_rate"), fmt_pct(best.error_rate), help=t("profit.metric.error_rate_help")
    )


def plans_table(plan: TestAndRollPlanResult) -> pd.DataFrame:
    """n* beside the power-based plans, with and without finite-population correction."""
    rows = _plan_rows(plan)
    return pd.DataFrame(
        {
            t("profit.table.plan"): [label for label, _, _ in rows],
            t("profit.table.pilot"): [fmt_int(sizes[1]) for _, sizes, _ in rows],
            t("profit.table.control"): [fmt_int(sizes[0]) for _, sizes, _ in rows],
            t("profit.table.profit", unit=unit(plan)): [
                amount(scored.expected_profit, plan) if scored else t("profit.does_not_fit")
                for _, _, scored in rows
            ],
            t("profit.table.versus"): ["—"]
            + [money(gap, plan, signed=True) if gap is not None else "—" for gap in _gaps(plan)],
            t("profit.table.error"): [fmt_pct(scored.error_rate) if scored else "—" for _, _, scored in rows],
        }
    )


def _plan_rows(plan: TestAndRollPlanResult) -> list[tuple[str, tuple[int, int], Any]]:
    """(label, (control, pilot) sizes, scored plan or ``None`` when it does not fit): the profit-maximising
    plan, then the power-sized and the finite-population plans (one list for the screen and the files)."""
    best = plan.optimum
    return [
        (t("profit.chart.n_star"), (best.n_control, best.n_treatment), best),
        (t("profit.chart.power"), plan.power_sizes, plan.plans["power"]),
        (t("profit.chart.fpc"), plan.fpc_sizes, plan.plans["fpc"]),
    ]


def _gaps(plan: TestAndRollPlanResult) -> list[float | None]:
    """Each power-based plan's expected profit against ``n*`` (the rows after the first)."""
    return [plan.versus_optimum(name) for name in ("power", "fpc")]


def plans_export(plan: TestAndRollPlanResult) -> pd.DataFrame:
    """The plans table for the downloads: sizes, profits and error rates as numbers in full (a blank
    where a plan does not fit in the base; error rates as fractions), in the table's words."""
    rows, nan = _plan_rows(plan), math.nan
    return pd.DataFrame(
        {
            t("profit.table.plan"): [label for label, _, _ in rows],
            t("profit.table.pilot"): [sizes[1] for _, sizes, _ in rows],
            t("profit.table.control"): [sizes[0] for _, sizes, _ in rows],
            t("profit.table.profit", unit=unit(plan)): [s.expected_profit if s else nan for _, _, s in rows],
            f"{t('profit.table.versus')} ({unit(plan)})": [nan]
            + [nan if gap is None else gap for gap in _gaps(plan)],
            t("profit.table.error"): [s.error_rate if s else nan for _, _, s in rows],
        }
    )


def profit_sentence(plan: TestAndRollPlanResult) -> str:
    """One sentence to paste into an e-mail."""
    best, power, gap = plan.optimum, plan.plans["power"], plan.versus_optimum("power")
    if best.n_total == 0:
        return t(
            "profit.sentence_no_test", base=fmt_int(plan.population), profit=money(best.expected_profit, plan)
        )
    text = t(
        "profit.sentence",
        base=fmt_int(plan.population),
        cells=_cells(best),
        rollout=fmt_int(plan.rollout_size),
        profit=money(best.expected_profit, plan),
        error=fmt_pct(best.error_rate),
    )
    if power is not None and gap is not None:
        text += " " + t("profit.sentence_power", cells=_cells(power), diff=money(-gap, plan))
    return text


def profit_explain(plan: TestAndRollPlanResult, mde: float, power_saved: bool) -> None:
    """The "How was this computed?" expander: formula, method, reference and assumptions."""
    best = plan.optimum
    method = t("profit.how.exact") if plan.exact else t(f"profit.how.{best.method.replace('-', '_')}")
    text = t(
        "profit.how.body",
        method=method,
        mean=fmt_pct(plan.rate_mean, digits=2),
        sd=fmt_pct(plan.rate_sd, digits=2),
        perfect=money(best.profit_perfect_information, plan),
        no_test=money(best.profit_no_test, plan),
    )
    if plan.prior.notes and not plan.exact:
        text += "\n\n" + t("profit.how.spill")
    if power_saved:
        text += "\n\n" + t("profit.how.power_saved")
    else:
        text += "\n\n" + t("profit.how.power_computed", mde=fmt_pct(mde, digits=2))
    if not plan.counts_responses:
        text += "\n\n" + t("profit.how.fixed_cost")
    how_computed(text)

"""Rendering of the "Profit-maximising" tab: metric cards, the sentence, the chart, the explanation."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._i18n import current_lang, fmt_int, fmt_money, fmt_number, fmt_pct, t
from app_pages._render import ARM_COLORS, how_computed
from app_pages._state import currency
from app_pages._test_and_roll_cache import ProfitInputs

_VEGA_LOCALE = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def money(value: float, inputs: ProfitInputs, *, signed: bool = False) -> str:
    """Profit in the campaign currency, or in responses when no margin was given."""
    sign = "+" if signed and value > 0 else ""
    if inputs.margin > 0:
        return sign + fmt_money(value, currency())
    return sign + t("profit.responses", n=fmt_number(value, digits=0))


def _amount(value: float, inputs: ProfitInputs) -> str:
    """A metric-card value: money, or a bare number of responses (the unit is in the label)."""
    return fmt_money(value, currency()) if inputs.margin > 0 else fmt_number(value, digits=0)


def unit(inputs: ProfitInputs) -> str:
    return currency() if inputs.margin > 0 else t("profit.chart.unit_responses")


def cells(result: Any) -> str:
    """ "pilot / control" sizes."""
    return t("profit.cells", pilot=fmt_int(result.n_treatment), control=fmt_int(result.n_control))


def metrics(inputs: ProfitInputs, outcome: dict[str, Any]) -> None:
    """n*, its expected profit, regret and error rate, as two rows of two cards."""
    best = outcome["optimum"]
    top, bottom = st.columns(2), st.columns(2)
    top[0].metric(
        t("profit.metric.n_star"),
        f"{fmt_int(best.n_treatment)} / {fmt_int(best.n_control)}",
        help=t("profit.metric.n_star_help"),
    )
    top[1].metric(
        t("profit.metric.expected", unit=unit(inputs)),
        _amount(best.expected_profit, inputs),
        delta=money(best.gain_over_no_test, inputs, signed=True),
        delta_arrow="off",
        help=t("profit.metric.expected_help"),
    )
    bottom[0].metric(
        t("profit.metric.regret"), fmt_pct(best.regret, digits=2), help=t("profit.metric.regret_help")
    )
    bottom[1].metric(
        t("profit.metric.error_rate"), fmt_pct(best.error_rate), help=t("profit.metric.error_rate_help")
    )


def plans_table(inputs: ProfitInputs, outcome: dict[str, Any]) -> pd.DataFrame:
    """n* beside the power-based plans, with and without finite-population correction."""
    best = outcome["optimum"]
    rows = [(t("profit.chart.n_star"), (best.n_control, best.n_treatment), best)]
    rows += [
        (t(f"profit.chart.{name}"), outcome[f"{name}_sizes"], outcome["plans"][name])
        for name in ("power", "fpc")
    ]
    return pd.DataFrame(
        {
            t("profit.table.plan"): [label for label, _, _ in rows],
            t("profit.table.pilot"): [fmt_int(sizes[1]) for _, sizes, _ in rows],
            t("profit.table.control"): [fmt_int(sizes[0]) for _, sizes, _ in rows],
            t("profit.table.profit", unit=unit(inputs)): [
                _amount(plan.expected_profit, inputs) if plan else t("profit.does_not_fit")
                for _, _, plan in rows
            ],
            t("profit.table.versus"): ["—"]
            + [
                money(plan.expected_profit - best.expected_profit, inputs, signed=True) if plan else "—"
                for _, _, plan in rows[1:]
            ],
            t("profit.table.error"): [fmt_pct(plan.error_rate) if plan else "—" for _, _, plan in rows],
        }
    )


def sentence(inputs: ProfitInputs, outcome: dict[str, Any]) -> str:
    """One sentence to paste into an e-mail."""
    best, power = outcome["optimum"], outcome["plans"]["power"]
    if best.n_total == 0:
        return t(
            "profit.sentence_no_test",
            base=fmt_int(inputs.population),
            profit=money(best.expected_profit, inputs),
        )
    text = t(
        "profit.sentence",
        base=fmt_int(inputs.population),
        cells=cells(best),
        rollout=fmt_int(inputs.population - best.n_total),
        profit=money(best.expected_profit, inputs),
        error=fmt_pct(best.error_rate),
    )
    if power is not None:
        text += " " + t(
            "profit.sentence_power",
            cells=cells(power),
            diff=money(best.expected_profit - power.expected_profit, inputs),
        )
    return text


def chart(inputs: ProfitInputs, outcome: dict[str, Any]) -> alt.LayerChart:
    """Expected profit against the pilot size (log scale), n* and the power-based plans marked."""
    best, symmetric = outcome["optimum"], not inputs.holdout
    x_field = "n_control" if symmetric else "n_total"
    x_title = t("profit.chart.x_arm" if symmetric else "profit.chart.x_total")
    y_title = t("profit.chart.y", unit=unit(inputs))
    curve = outcome["curve"][outcome["curve"][x_field] > 0]
    x = alt.X(
        f"{x_field}:Q",
        title=x_title,
        axis=alt.Axis(format=",.0f"),
        scale=alt.Scale(type="log", domain=[1, int(curve[x_field].max())], nice=False),
    )
    y = alt.Y("expected_profit:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=",.0f"))
    line = (
        alt.Chart(curve)
        .mark_line(color=ARM_COLORS["rollout"], strokeWidth=3)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip(f"{x_field}:Q", title=x_title, format=",.0f"),
                alt.Tooltip("expected_profit:Q", title=y_title, format=",.0f"),
            ],
        )
    )
    marks = [(t("profit.chart.n_star"), best, ARM_COLORS["pilot"])]
    marks += [
        (t(f"profit.chart.{name}"), plan, color)
        for (name, plan), color in zip(
            outcome["plans"].items(), (ARM_COLORS["control"], "#5f5f5f"), strict=True
        )
        if plan is not None and getattr(plan, x_field) > 0
    ]
    points = pd.DataFrame(
        {
            "label": [label for label, _, _ in marks],
            x_field: [getattr(plan, x_field) for _, plan, _ in marks],
            "expected_profit": [plan.expected_profit for _, plan, _ in marks],
        }
    )
    color = alt.Color(
        "label:N",
        title=None,
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(domain=[m[0] for m in marks], range=[m[2] for m in marks]),
    )
    rules = (
        alt.Chart(points).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(x=f"{x_field}:Q", color=color)
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            x=f"{x_field}:Q",
            y="expected_profit:Q",
            color=color,
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip(f"{x_field}:Q", title=x_title, format=",.0f"),
                alt.Tooltip("expected_profit:Q", title=y_title, format=",.0f"),
            ],
        )
    )
    return (
        (line + rules + dots)
        .properties(title=t("profit.chart.title"), height=340)
        .configure(locale={"number": _VEGA_LOCALE[current_lang()]})
    )


def explain(inputs: ProfitInputs, outcome: dict[str, Any]) -> None:
    """The "How was this computed?" expander: formula, method, reference and assumptions."""
    best = outcome["optimum"]
    method = t("profit.how.exact") if outcome["exact"] else t(f"profit.how.{best.method.replace('-', '_')}")
    text = t(
        "profit.how.body",
        method=method,
        mean=fmt_pct(inputs.rate_mean, digits=2),
        sd=fmt_pct(inputs.rate_sd, digits=2),
        perfect=money(best.profit_perfect_information, inputs),
        no_test=money(best.profit_no_test, inputs),
    )
    if outcome["prior"].notes and not outcome["exact"]:
        text += "\n\n" + t("profit.how.spill")
    if inputs.power_plan is None:
        text += "\n\n" + t("profit.how.power_computed", mde=fmt_pct(inputs.mde, digits=2))
    else:
        text += "\n\n" + t("profit.how.power_saved")
    how_computed(text)

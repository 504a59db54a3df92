"""Tables, cards and sentences of the Roll-out page, rendered from the campaign's evaluation.

Every figure comes from ``rollout.evaluate`` (projection, decision, the pilot's five numbers); this
module only formats them.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.components.feedback import md
from app_pages.i18n import (
    fmt_int,
    fmt_money,
    fmt_money_short,
    fmt_number,
    fmt_pct,
    fmt_points,
    fmt_prob,
    fmt_significant,
    t,
)
from economics import RolloutProjectionResult, UnitCostResult
from rollout import DecisionResult, PilotNumbers

BOX = {"go": st.success, "no_go": st.error, "extend": st.warning}


ICON = {"go": ":material/rocket_launch:", "no_go": ":material/block:", "extend": ":material/hourglass_top:"}


def unit_cost(result: UnitCostResult, cur: str) -> str:
    """A cost per unit, or the reason it is undefined ("n/d: sin respuestas")."""
    return fmt_money(result.value, cur) if result.reason is None else t(f"econ_reasons.{result.reason}")


def param(key: str, value: Any, cur: str) -> str:
    """A reason's parameter, formatted by the unit its name ends with."""
    if isinstance(value, float) and math.isnan(value):
        return "—"
    if key.endswith("_pp"):
        return fmt_points(value)
    if key.endswith("_prob"):
        return fmt_prob(value)
    if key.endswith("_pct"):
        return fmt_pct(value, digits=0)
    if key.endswith("_count"):
        return fmt_int(value)
    if key.endswith("_money"):
        return fmt_money_short(value, cur)
    if key == "pvalue_num":  # the catalog writes "p {pvalue_num}": "p = 0,013" or "p < 0,0001"
        return f"< {fmt_number(0.0001, digits=4)}" if 0 <= value < 0.0001 else f"= {param('p', value, cur)}"
    if 0 <= value < 0.0001:
        return f"< {fmt_number(0.0001, digits=4)}"
    return fmt_significant(value) if value < 0.01 else fmt_number(value, digits=3)


def reasons(decision: DecisionResult, cur: str) -> list[str]:
    """The decision's reasons as catalog sentences in the user's language."""
    return [
        t(f"decision.reason.{code}", **{k: param(k, v, cur) for k, v in params.items()})
        for code, params in decision.reasons
    ]


def show_decision(decision: DecisionResult, cur: str) -> None:
    """The recommendation box: go (green), no-go (red), extend (amber), with its reasons."""
    body = "\n".join(
        [
            f"**{t('decision.title')}: {t(f'decision.{decision.decision}')}**",
            "",
            *(f"- {sentence}" for sentence in reasons(decision, cur)),
        ]
    )
    BOX[decision.decision](md(body), icon=ICON[decision.decision])


def rollout_cards(proj: RolloutProjectionResult, cpi: UnitCostResult, cur: str, direction: str) -> list[dict]:
    """The five roll-out metric cards."""
    level = fmt_pct(proj.confidence_level, digits=0)
    suffix = "_decrease" if direction == "decrease" else ""
    return [
        {
            "label": t("rollout.metric_profit"),
            "value": fmt_money_short(proj.expected_profit, cur),
            "delta": t(
                "rollout.range",
                level=level,
                lower=fmt_money_short(proj.profit_ci_lower, cur),
                upper=fmt_money_short(proj.profit_ci_upper, cur),
            ),
            "delta_color": "gray",
            "delta_arrow": "off",
            "help": t("rollout.metric_profit_help"),
        },
        {
            "label": t("rollout.metric_probability"),
            "value": fmt_prob(proj.probability_of_profit),
            "help": t("rollout.metric_probability_help"),
        },
        {
            "label": t(f"rollout.metric_responses{suffix}"),
            "value": fmt_int(proj.expected_incremental_responses),
            "help": t(
                "rollout.range",
                level=level,
                lower=fmt_int(proj.incremental_responses_ci_lower),
                upper=fmt_int(proj.incremental_responses_ci_upper),
            ),
        },
        {
            "label": t("rollout.metric_iroi"),
            "value": fmt_pct(proj.expected_roi, digits=0),
            "help": t("rollout.metric_iroi_help", total=fmt_money(proj.total_cost, cur)),
        },
        {
            "label": t(f"rollout.metric_cpi{suffix}"),
            "value": unit_cost(cpi, cur),
            "help": t("rollout.metric_cpi_help"),
        },
    ]


def five_numbers(nums: PilotNumbers, cur: str, direction: str) -> pd.DataFrame:
    """Conversion, response, cost per target, break-even and ROI of the pilot: incremental vs attributed."""
    r, c, p, be = nums.response, nums.costs, nums.profit, nums.break_even
    conv = nums.conversion
    suffix = "_decrease" if direction == "decrease" else ""
    no_conv = t("rollout.no_conversion")
    rows = [
        (
            t(f"rollout.row_response{suffix}"),
            t(
                "rollout.cell_uplift",
                value=fmt_points(r.effect_size),
                count=fmt_int(r.incremental_responders),
            ),
            t(
                "rollout.cell_rate",
                value=fmt_pct(r.treatment, digits=2),
                count=fmt_int(r.responders_treatment),
            ),
        ),
        (
            t("rollout.row_conversion"),
            fmt_points(conv.effect_size) if conv else no_conv,
            fmt_pct(conv.treatment, digits=2) if conv else no_conv,
        ),
        (t("rollout.row_cost_target"), unit_cost(c.per_contact, cur), unit_cost(c.per_contact, cur)),
        (
            t("rollout.row_cost_goal_response"),
            unit_cost(c.per_incremental_response, cur),
            unit_cost(c.per_response, cur),
        ),
        (
            t("rollout.row_cost_goal_conversion"),
            unit_cost(c.per_incremental_acquisition, cur) if conv else no_conv,
            unit_cost(c.per_acquisition, cur) if conv else no_conv,
        ),
        (
            t("rollout.row_break_even"),
            t("rollout.cell_be_uplift", be=fmt_points(be.uplift), value=fmt_points(r.effect_size)),
            t(
                "rollout.cell_be_rate",
                be=fmt_pct(be.response_rate, digits=2),
                value=fmt_pct(r.treatment, digits=2),
            ),
        ),
        (t("rollout.row_profit"), fmt_money(p.incremental_profit, cur), fmt_money(p.profit, cur)),
        (t("rollout.row_roi"), fmt_pct(p.incremental_roi, digits=0), fmt_pct(p.roi, digits=0)),
    ]
    return pd.DataFrame(
        rows, columns=[t("rollout.col_indicator"), t("rollout.col_incremental"), t("rollout.col_attributed")]
    )


def five_export(nums: PilotNumbers, cur: str, direction: str) -> pd.DataFrame:
    """The five numbers for the downloads: incremental and attributed figures as numbers in full with
    their unit (rates, uplifts and ROI as fractions; a blank where a figure is undefined or there is no
    conversion), one figure per cell (the screen's "value (count)" cells become two rows)."""
    r, c, p, be, conv = nums.response, nums.costs, nums.profit, nums.break_even, nums.conversion
    suffix = "_decrease" if direction == "decrease" else ""
    fraction, customers, nan = t("export.unit_fraction"), t("app.unit_customers"), math.nan
    rows = [
        (t(f"rollout.row_response{suffix}"), r.effect_size, r.treatment, fraction),
        (t(f"export.row_responders{suffix}"), r.incremental_responders, r.responders_treatment, customers),
        (
            t("rollout.row_conversion"),
            conv.effect_size if conv else nan,
            conv.treatment if conv else nan,
            fraction,
        ),
        (t("rollout.row_cost_target"), c.per_contact.value, c.per_contact.value, cur),
        (t("rollout.row_cost_goal_response"), c.per_incremental_response.value, c.per_response.value, cur),
        (
            t("rollout.row_cost_goal_conversion"),
            c.per_incremental_acquisition.value if conv else nan,
            c.per_acquisition.value if conv else nan,
            cur,
        ),
        (t("rollout.row_break_even"), be.uplift, be.response_rate, fraction),
        (t("rollout.row_profit"), p.incremental_profit, p.profit, cur),
        (t("rollout.row_roi"), p.incremental_roi, p.roi, fraction),
    ]
    names = [
        t("rollout.col_indicator"),
        t("rollout.col_incremental"),
        t("rollout.col_attributed"),
        t("export.unit"),
    ]
    return pd.DataFrame(rows, columns=names).astype({names[1]: "float64", names[2]: "float64"})


def scenario_formats() -> dict[str, str]:
    """The spreadsheet shows the scenarios' fractions (uplift, ROI) as percentages, as the screen does."""
    return {t("rollout.col_uplift"): "0.00%", t("rollout.col_roi"): "0%"}


def scenarios(proj: RolloutProjectionResult, cur: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Conservative / base / optimistic money: (formatted table to show, numeric table to download)."""
    cols = [
        t("rollout.col_scenario"),
        t("rollout.col_uplift"),
        t("rollout.col_responses"),
        t("rollout.col_profit", currency=cur),
        t("rollout.col_roi"),
    ]
    names = [t(f"rollout.scenario_{s.name}") for s in proj.scenarios]
    shown = pd.DataFrame(
        {
            cols[0]: names,
            cols[1]: [fmt_points(s.uplift) for s in proj.scenarios],
            cols[2]: [fmt_int(s.incremental_responses) for s in proj.scenarios],
            cols[3]: [fmt_money(s.profit, cur) for s in proj.scenarios],
            cols[4]: [fmt_pct(s.roi, digits=0) for s in proj.scenarios],
        }
    )
    raw = pd.DataFrame(
        {
            cols[0]: names,
            cols[1]: [s.uplift for s in proj.scenarios],
            cols[2]: [s.incremental_responses for s in proj.scenarios],
            cols[3]: [s.profit for s in proj.scenarios],
            cols[4]: [s.roi for s in proj.scenarios],
        }
    )
    return shown, raw


def summary(proj: RolloutProjectionResult, decision: DecisionResult, cur: str, direction: str) -> str:
    """The sentence to paste into an e-mail."""
    return t(
        f"rollout.sentence{'_decrease' if direction == 'decrease' else ''}",
        audience=fmt_int(proj.audience),
        uplift=fmt_points(proj.uplift),
        responses=fmt_int(proj.expected_incremental_responses),
        profit=fmt_money_short(proj.expected_profit, cur),
        level=fmt_pct(proj.confidence_level, digits=0),
        lower=fmt_money_short(proj.profit_ci_lower, cur),
        upper=fmt_money_short(proj.profit_ci_upper, cur),
        probability=fmt_prob(proj.probability_of_profit),
        decision=t(f"decision.{decision.decision}"),
    )

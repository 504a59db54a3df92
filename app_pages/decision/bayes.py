"""Bayesian readout panel shown on the Roll-out page and under the Analyse page's readout.

``render(readout)`` takes the saved readout (``section("readout")``) and shows, for its primary metric,
the chance that the pilot beats the control, the expected loss of each choice and – when the brief has
the margin, the costs and the eligible base – the chance that the roll-out makes money and its expected
incremental profit; then the Test & Roll rule next to the frequentist verdict.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from app_pages import cache
from app_pages.components.feedback import how_computed
from app_pages.i18n import fmt_money, fmt_number, fmt_p, fmt_pct, fmt_pp, fmt_prob, t
from app_pages.state import currency, section
from experiments import compare_decision_rules
from planner_common import InputError

_METRIC_FIELDS = (
    "n_control",
    "n_treatment",
    "control",
    "treatment",
    "control_std",
    "treatment_std",
    "successes_control",
    "successes_treatment",
    "effect_size",
    "std_error",
)


def _economics(metric: dict[str, Any]) -> dict[str, Any] | None:
    """Margin, costs and roll-out audience (rates only), or ``None``.

    The Roll-out page's own inputs (``section("rollout")``: audience, roll-out fixed cost) win, so the
    panel and the page's cards speak of the same roll-out; otherwise the brief's eligible base less the
    pilot and the control.
    """
    if metric.get("kind") != "proportion":
        return None
    plan, brief = section("rollout"), section("brief")
    margin = plan.get("margin_per_response") or brief.get("margin_per_response")
    if not margin or margin <= 0:
        return None
    if plan.get("audience"):
        audience = int(plan["audience"])
        cost, fixed = plan.get("cost_per_contact"), plan.get("rollout_fixed_cost")
    else:
        base = brief.get("eligible_base")
        audience = int(base) - int(metric["n_control"]) - int(metric["n_treatment"]) if base else 0
        cost, fixed = brief.get("cost_per_contact"), brief.get("fixed_cost")
    if audience < 1:
        return None
    return {
        "value_per_unit": float(margin),
        "cost_per_contact": float(cost or 0.0),
        "fixed_cost": float(fixed or 0.0),
        "rollout_size": audience,
    }


def _prior(metric: dict[str, Any]) -> tuple[tuple[float, float], ...] | None:
    """The Test & Roll prior saved by the Design page (rates only), or ``None`` for a uniform prior."""
    plan = section("design").get("test_and_roll") or {}
    if metric.get("kind") != "proportion" or "prior_control" not in plan:
        return None
    return tuple(plan["prior_control"]), tuple(plan["prior_treatment"])


def _compute(metric: dict[str, Any], economics: dict[str, Any] | None) -> tuple[Any, bool]:
    """(result, whether the design prior was used); falls back to a uniform prior if it is unusable."""
    fields = tuple(sorted((k, metric.get(k)) for k in _METRIC_FIELDS))
    money = tuple(sorted((economics or {}).items()))
    kind, direction = metric.get("kind", "proportion"), metric.get("direction", "increase")
    prior = _prior(metric)
    if prior is not None:
        try:
            return cache.bayes_readout(kind, fields, direction, money, prior), True
        except InputError:
            pass
    return cache.bayes_readout(kind, fields, direction, money, None), False


def _amount(value: float, kind: str) -> str:
    return fmt_pp(value) if kind == "proportion" else fmt_number(value, digits=2)


def _cards(result: Any, economics: dict[str, Any] | None) -> None:
    cols = st.columns(4)
    cols[0].metric(
        t("bayes.metric.p_better"),
        fmt_prob(result.probability_treatment_better, digits=1),
        help=t("bayes.metric.p_better_help"),
    )
    cols[1].metric(
        t("bayes.metric.loss_pilot"),
        _amount(result.expected_loss_treatment, result.kind),
        help=t("bayes.metric.loss_help", control=_amount(result.expected_loss_control, result.kind)),
    )
    if economics is None:
        cols[2].metric(t("bayes.metric.p_profit"), "—")
        cols[3].metric(t("bayes.metric.expected_profit"), "—")
        st.caption(t("bayes.no_money" if result.kind == "proportion" else "bayes.money_rates_only"))
        return
    cols[2].metric(
        t("bayes.metric.p_profit"),
        fmt_prob(result.probability_profitable, digits=1),
        help=t("bayes.metric.p_profit_help", audience=fmt_number(result.rollout_size, digits=0)),
    )
    cols[3].metric(
        t("bayes.metric.expected_profit"),
        fmt_money(result.expected_incremental_profit, currency()),
        help=t("bayes.metric.expected_profit_help"),
    )


def _rules(result: Any, metric: dict[str, Any], alpha: float) -> None:
    pvalue = metric.get("pvalue")
    if pvalue is None or not math.isfinite(float(pvalue)):
        st.info(t("bayes.rule.no_pvalue", choice=t(f"bayes.choice.{result.rollout_choice}")))
        return
    observed = float(metric.get("effect_size", result.effect_size))
    rules = compare_decision_rules(result, pvalue=float(pvalue), alpha=alpha, observed_effect=observed)
    text = t(
        "bayes.rule.sentence",
        rule=t(f"bayes.choice.{rules.test_and_roll_choice}"),
        verdict=t(f"bayes.choice.{rules.frequentist_choice}"),
        pvalue=fmt_p(rules.pvalue),
        alpha=fmt_pct(alpha, digits=0),
    )
    text += " " + t(f"bayes.rule.{rules.reason}")
    (st.success if rules.agree else st.warning)(text, icon=":material/balance:")


def render(readout: dict) -> None:
    """The Bayesian figures of the readout's primary metric (a hint when there is no readout)."""
    metrics = (readout or {}).get("metrics") or {}
    if not metrics:
        st.caption(t("bayes.empty"))
        return
    name = readout.get("primary") if readout.get("primary") in metrics else next(iter(metrics))
    metric = metrics[name]
    st.subheader(t("bayes.title", metric=name))
    st.caption(t("bayes.context"))
    if readout.get("srm_flagged"):
        st.warning(t("bayes.srm"), icon=":material/warning:")
    economics = _economics(metric)
    try:
        result, informed = _compute(metric, economics)
    except (InputError, KeyError, TypeError, ValueError):
        st.info(t("bayes.unavailable"), icon=":material/info:")
        return
    _cards(result, economics)
    _rules(result, metric, float(readout.get("alpha", 0.05)))
    prior = t("bayes.how.prior_design") if informed else t(f"bayes.how.prior_{result.kind}")
    how_computed(
        t(
            "bayes.how.body",
            prior=prior,
            level=fmt_pct(result.credible_level, digits=0),
            low=_amount(result.effect_size_ci_lower, result.kind),
            high=_amount(result.effect_size_ci_upper, result.kind),
        )
    )

"""The Bayesian cross-check of the roll-out, shown on the Roll-out page and under the Analyse readout.

It renders ``CampaignEvaluation.bayes``: the exact beta posteriors of the *same* counts, audience and
costs as the headline figures, with the design's prior when one was saved. Its chance of profit and
expected profit are labelled as a cross-check, with the reason they differ from the headline (the prior
and the exact posterior shape), so a page never shows two unlabelled "chance of profit" figures.
"""

from __future__ import annotations

import math

import streamlit as st

from app_pages.components.feedback import how_computed, plain
from app_pages.i18n import fmt_money, fmt_number, fmt_p, fmt_pct, fmt_pp, fmt_prob, t
from rollout import BayesCrossCheck, CampaignEvaluation


def _amount(value: float, kind: str) -> str:
    return fmt_pp(value) if kind == "proportion" else fmt_number(value, digits=2)


def _cards(check: BayesCrossCheck, money: bool, currency: str) -> None:
    result = check.result
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
    if not money:
        cols[2].metric(t("bayes.metric.p_profit"), "—")
        cols[3].metric(t("bayes.metric.expected_profit"), "—")
        st.caption(t("bayes.no_money"))
        return
    cols[2].metric(
        t("bayes.metric.p_profit"),
        fmt_prob(result.probability_profitable),
        help=t("bayes.metric.p_profit_help", audience=fmt_number(result.rollout_size, digits=0)),
    )
    cols[3].metric(
        t("bayes.metric.expected_profit"),
        fmt_money(result.expected_incremental_profit, currency),
        help=t("bayes.metric.expected_profit_help"),
    )


def _rules(check: BayesCrossCheck, alpha: float) -> None:
    rules = check.rules
    if rules is None:
        st.info(t("bayes.rule.no_pvalue", choice=t(f"bayes.choice.{check.result.rollout_choice}")))
        return
    text = t(
        "bayes.rule.sentence",
        rule=t(f"bayes.choice.{rules.test_and_roll_choice}"),
        verdict=t(f"bayes.choice.{rules.frequentist_choice}"),
        pvalue=fmt_p(rules.pvalue),
        alpha=fmt_pct(alpha, digits=0),
    )
    text += " " + t(f"bayes.rule.{rules.reason}")
    (st.success if rules.agree else st.warning)(text, icon=":material/balance:")


def _difference(ev: CampaignEvaluation) -> str:
    """Why the cross-check's chance of profit differs from the headline's, in one sentence."""
    check = ev.bayes
    assert check is not None
    return t(
        f"bayes.cross_check_{check.prior}",
        headline=fmt_prob(ev.probability_of_profit),
        cross=fmt_prob(check.result.probability_profitable),
    )


def render(ev: CampaignEvaluation) -> None:
    """The Bayesian cross-check of the campaign's evaluation (a hint when it cannot be computed)."""
    pilot, check = ev.pilot, ev.bayes
    if pilot is None:
        st.caption(t("bayes.empty"))
        return
    st.subheader(t("bayes.title", metric=plain(pilot.metric)) if pilot.metric else t("bayes.title_typed"))
    st.caption(t("bayes.context"))
    if check is None:
        st.info(t("bayes.unavailable"), icon=":material/info:")
        return
    if pilot.srm_flagged:
        st.warning(t("bayes.srm"), icon=":material/warning:")
    money = not math.isnan(check.result.probability_profitable) and ev.projection is not None
    _cards(check, money, ev.currency)
    if money:
        st.caption(_difference(ev))
    _rules(check, 1 - pilot.confidence_level)
    result = check.result
    prior = t("bayes.how.prior_design") if check.prior == "design" else t(f"bayes.how.prior_{result.kind}")
    how_computed(
        t(
            "bayes.how.body",
            prior=prior,
            level=fmt_pct(result.credible_level, digits=0),
            low=_amount(result.effect_size_ci_lower, result.kind),
            high=_amount(result.effect_size_ci_upper, result.kind),
        )
    )

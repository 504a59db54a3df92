"""AppTest of the Bayesian cross-check panel (``app_pages.decision.bayes.render``) in both languages.

The panel renders ``CampaignEvaluation.bayes`` of a campaign. Oracles: the core readout
(``experiments.bayes_compare_proportions``, itself checked against Monte Carlo and exact integration)
called here on the counts, audience and costs the documented rules give (the audience is the eligible
base less pilot and control, 120 000 − 20 000 = 100 000), formatted as the catalogs say; the rule
sentences of each language; a labelled cross-check; no exceptions without economics or without counts.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.i18n import fmt_prob, translate
from experiments import bayes_compare_proportions, beta_prior_from_moments

RESPONSE = {
    "kind": "proportion",
    "direction": "increase",
    "n_control": 10_000,
    "n_treatment": 10_000,
    "control": 0.03,
    "treatment": 0.032,
    "control_std": None,
    "treatment_std": None,
    "successes_control": 300,
    "successes_treatment": 320,
    "effect_size": 0.002,
    "std_error": 0.00245,
    "pvalue": 0.41,
}
REVENUE = {
    "kind": "mean",
    "direction": "increase",
    "n_control": 500,
    "n_treatment": 500,
    "control": 5.20,
    "treatment": 5.26,
    "control_std": 2.0,
    "treatment_std": 2.1,
    "successes_control": None,
    "successes_treatment": None,
    "effect_size": 0.06,
    "std_error": 0.13,
    "pvalue": 0.64,
}
ORDERS = {
    "kind": "ratio",
    "direction": "increase",
    "n_control": 800,
    "n_treatment": 800,
    "control": 20.0,
    "treatment": 21.2,
    "effect_size": 1.2,
    "std_error": 0.8,
    "pvalue": 0.13,
}
BRIEF = {
    "brief": {
        "margin_per_response": 40_000,
        "cost_per_contact": 10,
        "fixed_cost": 0,
        "eligible_base": 120_000,
    }
}


def _panel() -> None:
    import streamlit as st

    from app_pages.decision import bayes
    from rollout import Campaign, evaluate

    bayes.render(evaluate(Campaign.from_dict(st.session_state["record"])))


def _run(lang: str, readout: dict, campaign: dict | None = None) -> AppTest:
    at = AppTest.from_function(_panel, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["record"] = {**(campaign or {}), "readout": readout}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _readout(metric: dict, name: str = "response", srm: bool = False) -> dict:
    return {
        "source": "pilot.csv",
        "alpha": 0.05,
        "primary": name,
        "srm_flagged": srm,
        "metrics": {name: metric},
    }


def _metric(at: AppTest, lang: str, key: str) -> str:
    return next(m.value for m in at.metric if m.label == translate(key, lang))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_response_metric_with_economics(lang: str) -> None:
    at = _run(lang, _readout(RESPONSE), BRIEF)
    core = bayes_compare_proportions(
        (300, 10_000),
        (320, 10_000),
        value_per_unit=40_000,
        cost_per_contact=10,
        fixed_cost=0,
        rollout_size=100_000,
    )
    assert _metric(at, lang, "bayes.metric.p_better") == fmt_prob(
        core.probability_treatment_better, lang, digits=1
    )
    assert _metric(at, lang, "bayes.metric.p_profit") == fmt_prob(core.probability_profitable, lang)
    assert _metric(at, lang, "bayes.metric.expected_profit") not in ("", "—")
    # Labelled as a cross-check, naming the headline figure it is compared with.
    assert any(fmt_prob(core.probability_profitable, lang) in c.value for c in at.caption)
    texts = [w.value for w in at.warning] + [s.value for s in at.success]
    assert any(translate("bayes.rule.not_significant", lang) in text for text in texts)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_rollout_pages_audience_and_costs_win_over_the_brief(lang: str) -> None:
    """The panel speaks of the same roll-out as the Roll-out page's cards (its saved inputs)."""
    plan = {
        "margin_per_response": 40_000,
        "cost_per_contact": 300,
        "rollout_fixed_cost": 3_000_000,
        "audience": 200_000,
        "source": "readout",
    }
    at = _run(lang, _readout(RESPONSE), {**BRIEF, "rollout": plan})
    core = bayes_compare_proportions(
        (300, 10_000),
        (320, 10_000),
        value_per_unit=40_000,
        cost_per_contact=300,
        fixed_cost=3_000_000,
        rollout_size=200_000,
    )
    assert _metric(at, lang, "bayes.metric.p_profit") == fmt_prob(core.probability_profitable, lang)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_without_economics_the_money_cards_say_what_is_missing(lang: str) -> None:
    at = _run(lang, _readout(RESPONSE, srm=True))
    assert _metric(at, lang, "bayes.metric.p_profit") == "—"
    assert any(c.value == translate("bayes.no_money", lang) for c in at.caption)
    assert any(w.value == translate("bayes.srm", lang) for w in at.warning)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("metric", [REVENUE, ORDERS], ids=["mean", "ratio"])
def test_a_readout_without_a_rate_metric_has_no_rollout_to_check(lang: str, metric: dict) -> None:
    """The roll-out scales a response rate: a revenue-only readout has no pilot figure to cross-check."""
    at = _run(lang, _readout(metric, "revenue"), BRIEF)
    assert not at.metric and [c.value for c in at.caption] == [translate("bayes.empty", lang)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_empty_readout_gives_a_hint(lang: str) -> None:
    at = _run(lang, {"metrics": {}})
    assert [c.value for c in at.caption] == [translate("bayes.empty", lang)]


def test_design_prior_is_used_when_saved() -> None:
    campaign = {
        **BRIEF,
        "design": {
            "test_and_roll": {
                "n_control": 1,
                "n_treatment": 1,
                "prior_control": (0.03, 0.003),
                "prior_treatment": (0.03, 0.003),
            }
        },
    }
    at = _run("en", _readout(RESPONSE), campaign)
    alpha, beta = beta_prior_from_moments(0.03, 0.003)
    core = bayes_compare_proportions((300, 10_000), (320, 10_000), prior_alpha=alpha, prior_beta=beta)
    shown = _metric(at, "en", "bayes.metric.p_better")
    assert shown == fmt_prob(core.probability_treatment_better, "en", digits=1)
    uniform = bayes_compare_proportions((300, 10_000), (320, 10_000))
    assert shown != fmt_prob(uniform.probability_treatment_better, "en", digits=1)

"""``rollout.evaluate``: one audience, one pilot figure and one set of costs behind every number.

Oracles: the worked example of docs/formulas.md §6 (17 M expected, 82 % chance of profit for 1.00 pp,
SE 0.2318 pp, 200 000 customers, 300 / 40 000 / 3 M CLP); an independent Monte Carlo of the Bayesian
cross-check from numpy beta draws (1,000,000 draws, seed 1); the documented audience rule (closed form).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from rollout import (
    Brief,
    Campaign,
    DesignPlan,
    MetricLine,
    ReadoutRecord,
    RolloutAssumptions,
    TestAndRollPlan,
    evaluate,
    paying_metric,
)

BRIEF = Brief(
    name="Catálogo", cost_per_contact=300, margin_per_response=40_000, fixed_cost=3e6, eligible_base=225_000
)
TYPED = RolloutAssumptions(
    source="rates", n_control=5_000, n_treatment=20_000, control_rate=0.02, pilot_rate=0.03
)
READOUT = ReadoutRecord(
    primary="compra",
    arm="piloto",
    metrics={
        "compra": MetricLine(metric="compra", arm="piloto", n_control=14_999, n_treatment=15_001, control=906 / 14_999,
                             treatment=1_162 / 15_001, successes_control=906, successes_treatment=1_162,
                             effect_size=1_162 / 15_001 - 906 / 14_999, effect_size_ci_lower=0.0113,
                             effect_size_ci_upper=0.0228, std_error=0.0029236, pvalue_adjusted=5.5e-9)
    },
)  # fmt: skip


def test_the_worked_example_of_the_formulas() -> None:
    e = evaluate(Campaign(brief=BRIEF, rollout=TYPED.__class__(**{**_fields(TYPED), "audience": 200_000})))
    assert e.expected_profit == pytest.approx(17_000_000, rel=1e-6)
    assert e.probability_of_profit == pytest.approx(0.82, abs=0.005)
    assert e.break_even_uplift == pytest.approx(300 / 40_000 + 3e6 / (40_000 * 200_000))  # u* = c/m + F/(mN)


def _fields(record) -> dict:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def test_the_default_audience_is_the_base_less_pilot_and_control() -> None:
    e = evaluate(Campaign(brief=BRIEF, rollout=TYPED))
    assert (e.audience, e.audience_source) == (225_000 - 5_000 - 20_000, "eligible_base")
    planned = evaluate(Campaign(brief=BRIEF, design=DesignPlan(n_control=8_298, n_treatment=8_298)))
    assert planned.audience == 225_000 - 2 * 8_298 and planned.pilot is None and "pilot" in planned.missing
    assert (
        evaluate(Campaign(brief=Brief(cost_per_contact=1, margin_per_response=2), rollout=TYPED)).audience
        is None
    )


def test_an_audience_set_for_the_rollout_wins() -> None:
    e = evaluate(Campaign(brief=BRIEF, rollout=TYPED.__class__(**{**_fields(TYPED), "audience": 150_000})))
    assert (e.audience, e.audience_source) == (150_000, "rollout")


def test_the_bayesian_cross_check_reads_the_headline_pilot_audience_and_costs() -> None:
    """A readout is saved but the roll-out scales typed rates: the cross-check must use the typed counts."""
    e = evaluate(Campaign(brief=BRIEF, readout=READOUT, rollout=TYPED))
    bayes = e.bayes.result
    assert e.pilot.source == "rates" and (e.pilot.successes_control, e.pilot.successes_treatment) == (
        100,
        600,
    )
    assert bayes.control == pytest.approx(101 / 5_002) and bayes.treatment == pytest.approx(
        601 / 20_002
    )  # Beta(1,1)
    assert (bayes.rollout_size, bayes.cost_per_contact, bayes.fixed_cost) == (e.audience, 300, 3e6)
    rng = np.random.default_rng(1)
    pc, pt = rng.beta(101, 4_901, 1_000_000), rng.beta(601, 19_401, 1_000_000)
    profit = e.audience * (40_000 * (pt - pc) - 300) - 3e6
    assert bayes.probability_profitable == pytest.approx((profit > 0).mean(), abs=0.003)
    assert bayes.expected_incremental_profit == pytest.approx(profit.mean(), rel=0.01)
    assert abs(bayes.probability_profitable - e.probability_of_profit) < 0.03  # same quantity, two methods


def test_the_design_prior_is_used_and_named() -> None:
    design = DesignPlan(test_and_roll=TestAndRollPlan(n_control=1, n_treatment=1, prior_control=(0.02, 0.005),
                                                      prior_treatment=(0.02, 0.005)))  # fmt: skip
    e = evaluate(Campaign(brief=BRIEF, design=design, rollout=TYPED))
    assert e.bayes.prior == "design"
    assert (
        e.bayes.result.probability_profitable
        < evaluate(Campaign(brief=BRIEF, rollout=TYPED)).bayes.result.probability_profitable
    )


def test_the_readout_metric_is_scaled_with_its_adjusted_pvalue() -> None:
    e = evaluate(Campaign(brief=BRIEF, readout=READOUT, rollout=RolloutAssumptions(source="readout")))
    assert e.pilot.metric == "compra" and e.pilot.pvalue == 5.5e-9 and e.pilot.n_treatment == 15_001
    assert e.audience == 225_000 - 14_999 - 15_001


def test_refused_money_is_a_problem_not_a_decision() -> None:
    e = evaluate(
        Campaign(
            brief=Brief(cost_per_contact=300, margin_per_response=0.0, eligible_base=200_000), rollout=TYPED
        )
    )
    assert e.projection is None and e.decision is None
    assert e.problems and e.problems[0][1]["field"] == "margin_per_response"


def test_a_typed_rate_out_of_range_names_its_field() -> None:
    bad = TYPED.__class__(**{**_fields(TYPED), "pilot_rate": 3.0})
    e = evaluate(Campaign(brief=BRIEF, rollout=bad))
    assert e.pilot is None and e.problems[0] == ("rate_as_percent", e.problems[0][1])
    assert e.problems[0][1]["field"] == "pilot_rate"


def test_an_interval_only_pilot_has_no_five_numbers_and_no_cross_check() -> None:
    typed = RolloutAssumptions(source="interval", n_control=5_000, n_treatment=20_000, lift=0.01, lift_lower=0.00546,
                               lift_upper=0.01454, audience=200_000)  # fmt: skip
    e = evaluate(Campaign(brief=BRIEF, rollout=typed))
    assert e.pilot_numbers is None and e.bayes is None and math.isnan(e.pilot.pvalue)
    assert e.expected_profit == pytest.approx(17_000_000, rel=1e-3)


def test_the_summary_is_plain_and_matches_the_headline() -> None:
    e = evaluate(Campaign(brief=BRIEF, rollout=TYPED))
    s = e.summary()
    assert s["probability_of_profit"] == e.probability_of_profit and s["expected_profit"] == e.expected_profit
    assert s["recommendation"] == e.recommendation and s["audience"] == e.audience
    assert all(not isinstance(v, float) or math.isfinite(v) for v in s.values())


@pytest.mark.parametrize(
    ("primary", "chosen", "expected"),
    [
        ("compra", None, ("compra", "primary")),  # the primary is a rate: it pays
        ("ingreso", None, ("respondio", "first_rate")),  # revenue cannot be scaled: the first rate mapped
        ("ingreso", "compra", ("compra", "chosen")),  # chosen on Roll-out: it wins
        ("respondio", "churn", ("respondio", "primary")),  # a choice the readout no longer has is ignored
    ],
)
def test_the_paying_rate_follows_the_documented_rule(primary, chosen, expected) -> None:
    """Oracle: the rule of docs/formulas.md §6, on a readout whose rates are mapped respondio, compra."""
    line = READOUT.metrics["compra"]
    readout = dataclasses.replace(READOUT, primary=primary, metrics={
        "respondio": dataclasses.replace(line, metric="respondio", effect_size=0.004),
        "ingreso": MetricLine(metric="ingreso", kind="mean", arm="piloto"),
        "compra": line,
    })  # fmt: skip
    plan = RolloutAssumptions(source="readout", metric=chosen)
    assert paying_metric(readout, plan) == expected
    pilot = evaluate(Campaign(brief=BRIEF, readout=readout, rollout=plan)).pilot
    assert (pilot.metric, pilot.metric_rule) == expected
    assert pilot.effect_size == readout.metrics[expected[0]].effect_size


def test_every_treated_arm_of_a_readout_leaves_the_rollout_audience() -> None:
    """Oracle: the example file's rows per arm, counted with the csv module (all were contacted or held)."""
    import csv
    from pathlib import Path

    import datasources
    from experiments import Proportion, analyze_pilot
    from rollout import readout_record

    path = Path(__file__).resolve().parents[2] / "examples" / "data" / "piloto_email_asunto_es.csv"
    with path.open(encoding="utf-8") as fh:
        arms = [row["grupo"] for row in csv.DictReader(fh)]
    result = analyze_pilot(
        datasources.read_table(path),
        group="grupo",
        control="control",
        metrics={"compra": Proportion("compra")},
    )
    readout = readout_record(result, source=None, arm="asunto_b", primary="compra")
    e = evaluate(Campaign(brief=BRIEF, readout=readout, rollout=RolloutAssumptions(metric="compra")))
    assert len(set(arms)) == 3 and e.pilot is not None and e.pilot.n_treatment == arms.count("asunto_b")
    assert e.audience == 225_000 - len(arms)

"""test_and_roll_plan: the profit tab's single call, checked by properties and against the engines.

Oracles: the optimisation property (n* maximises expected profit, so no other plan scored on the same
prior beats it), the engines called directly with the same prior (``test_and_roll_sample_size`` /
``..._binary`` fed by ``profit_prior_from_rates`` / ``beta_prior_from_moments``), and closed forms of
the bookkeeping (a plan larger than the base is not scored; without a margin, profit is responses).
"""

from __future__ import annotations

import pytest

from experiments import (
    beta_prior_from_moments,
    finite_population_correction,
    profit_prior_from_rates,
    test_and_roll_plan,
    test_and_roll_sample_size,
    test_and_roll_sample_size_binary,
)

CASES = [
    {"rate_mean": 0.03, "rate_sd": 0.005, "margin_per_response": 40_000, "cost_per_contact": 300},
    {
        "rate_mean": 0.03,
        "rate_sd": 0.005,
        "holdout": True,
        "lift": 0.004,
        "margin_per_response": 40_000,
        "cost_per_contact": 300,
    },
    {"rate_mean": 0.004, "rate_sd": 0.003},  # near 0: the exact engine, profit in responses
]


@pytest.mark.parametrize("case", CASES)
def test_no_scored_plan_beats_the_optimum(case) -> None:
    plan = test_and_roll_plan(60_000, power_sizes=(9_000, 9_000), **case)
    for scored in plan.plans.values():
        assert scored is not None
        assert plan.optimum.expected_profit >= scored.expected_profit - 1e-6 * abs(scored.expected_profit)
    assert plan.optimum.expected_profit >= plan.curve["expected_profit"].max() - 1e-6 * abs(
        plan.optimum.expected_profit
    )


def test_the_normal_engine_gets_the_prior_of_the_rates() -> None:
    case = CASES[0]
    plan = test_and_roll_plan(60_000, power_sizes=(9_000, 9_000), **case)
    prior = profit_prior_from_rates(0.03, 0.005, margin_per_response=40_000, cost_per_contact=300)
    direct = test_and_roll_sample_size(
        60_000, prior_mean=prior.prior_mean, prior_sd=prior.prior_sd, response_sd=prior.response_sd
    )
    assert not plan.exact and (plan.optimum.n_control, plan.optimum.n_treatment) == (
        direct.n_control,
        direct.n_treatment,
    )
    assert plan.fpc_sizes == finite_population_correction(9_000, 9_000, 60_000)


def test_without_a_margin_profit_is_counted_in_responses() -> None:
    plan = test_and_roll_plan(50_000, power_sizes=(5_000, 5_000), **CASES[2])
    assert plan.exact and plan.counts_responses
    a, b = beta_prior_from_moments(0.004, 0.003)
    direct = test_and_roll_sample_size_binary(50_000, prior_alpha=a, prior_beta=b)  # margin 1, cost 0
    assert (plan.optimum.n_control, plan.optimum.n_treatment) == (direct.n_control, direct.n_treatment)


def test_a_power_plan_larger_than_the_base_is_not_scored() -> None:
    plan = test_and_roll_plan(10_000, power_sizes=(9_000, 9_000), **CASES[0])
    assert plan.plans["power"] is None
    assert sum(plan.fpc_sizes) <= 10_000 and plan.plans["fpc"] is not None

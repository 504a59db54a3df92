"""Exact beta-binomial Test & Roll: oracles are a brute-force double sum over both pilots' outcomes
(written here, on scipy's beta-binomial), Monte Carlo of the priors, seeded simulations of whole
campaigns, a brute-force window search, and the normal closed form in its large-sample limit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from experiments import (
    beta_prior_from_moments,
    evaluate_test_plan_binary,
    test_and_roll_profit_curve_binary,
    test_and_roll_sample_size,
    test_and_roll_sample_size_binary,
)
from planner_common import InputError


def brute_profit(population, n_c, n_t, a, b, margin=1.0, cost=(0.0, 0.0)):
    """Expected profit by summing over every pair of pilot outcomes (O(n_c·n_t))."""
    values, probs = [], []
    for k, n in enumerate((n_c, n_t)):
        y = np.arange(n + 1)
        probs.append(stats.betabinom.pmf(y, n, a[k], b[k]))
        values.append(margin * (a[k] + y) / (a[k] + b[k] + n) - cost[k])
    joint = np.outer(*probs)
    treat = values[1][None, :] > values[0][:, None]  # ties keep the control
    rollout = np.where(treat, values[1][None, :], values[0][:, None])
    test = sum(n * (margin * a[k] / (a[k] + b[k]) - cost[k]) for k, n in enumerate((n_c, n_t)))
    return test + (population - n_c - n_t) * float((joint * rollout).sum()), float((joint * treat).sum())


@pytest.mark.parametrize(
    ("plan", "a", "b", "margin", "cost"),
    [
        ((40, 40), (2, 2), (398, 398), 1.0, (0.0, 0.0)),
        ((25, 90), (1, 3), (300, 200), 1.0, (0.0, 0.004)),
        ((0, 60), (2, 5), (98, 95), 50.0, (0.0, 1.0)),
        ((500, 300), (0.5, 0.5), (0.5, 0.5), 10.0, (2.0, 2.0)),
    ],
)
def test_expected_profit_equals_a_brute_force_double_sum(plan, a, b, margin, cost) -> None:
    """Oracle: brute-force double sum over both pilots' outcomes (independent algorithm)."""
    r = evaluate_test_plan_binary(
        5_000, *plan, prior_alpha=a, prior_beta=b, margin_per_response=margin, cost_per_contact=cost
    )
    profit, p_treat = brute_profit(5_000, *plan, a, b, margin, cost)
    assert r.expected_profit == pytest.approx(profit, rel=1e-12)
    assert r.probability_rollout_treatment == pytest.approx(p_treat, abs=1e-12)


def test_perfect_information_and_error_rate_against_monte_carlo() -> None:
    """Oracle: Monte Carlo of the priors (1e6 draws) for E[max profit]; whole-campaign Monte Carlo
    (200,000 pilots) for the error rate; both within 3 standard errors."""
    a, b, margin, cost, plan = (1, 3), (300, 200), 40.0, (0.0, 0.3), (300, 900)
    r = evaluate_test_plan_binary(
        10_000, *plan, prior_alpha=a, prior_beta=b, margin_per_response=margin, cost_per_contact=cost
    )
    rng = np.random.default_rng(3)
    p = np.column_stack([rng.beta(a[k], b[k], 1_000_000) for k in (0, 1)])
    value = margin * p - np.array(cost)
    best = value.max(axis=1)
    assert abs(r.profit_perfect_information / 10_000 - best.mean()) < 3 * best.std() / 1000
    draws = 200_000
    p, y = p[:draws], np.column_stack([rng.binomial(plan[k], p[:draws, k]) for k in (0, 1)])
    post = margin * (np.array(a) + y) / (np.array(a) + np.array(b) + np.array(plan)) - np.array(cost)
    pick = (post[:, 1] > post[:, 0]).astype(int)
    wrong = pick != value[:draws].argmax(axis=1)
    assert abs(r.error_rate - wrong.mean()) < 3 * wrong.std() / math.sqrt(draws)


@pytest.mark.parametrize(
    ("population", "a", "b", "margin", "cost", "seed"),
    [
        (200_000, 2, 398, 1.0, 0.0, 1),
        (50_000, (3, 4), (297, 296), 100.0, (0.0, 0.2), 2),
    ],
)
def test_simulated_campaigns_match_the_exact_optimum(population, a, b, margin, cost, seed) -> None:
    """Oracle: seeded simulation of 20,000 campaigns from the Beta priors, pilot at the exact optimum,
    winner (higher posterior mean profit) rolled out: mean realised profit and error rate within
    3 standard errors of the exact figures."""
    best = test_and_roll_sample_size_binary(
        population, prior_alpha=a, prior_beta=b, margin_per_response=margin, cost_per_contact=cost
    )
    a, b = np.broadcast_to(a, 2).astype(float), np.broadcast_to(b, 2).astype(float)
    c, n = np.broadcast_to(cost, 2).astype(float), np.array([best.n_control, best.n_treatment])
    rng = np.random.default_rng(seed)
    draws = 20_000
    p = np.column_stack([rng.beta(a[k], b[k], draws) for k in (0, 1)])
    y = np.column_stack([rng.binomial(n[k], p[:, k]) for k in (0, 1)])
    post = margin * (a + y) / (a + b + n) - c
    pick = (post[:, 1] > post[:, 0]).astype(int)
    rest = population - n.sum()
    chosen = p[np.arange(draws), pick]
    profit = (margin * y - c * n).sum(axis=1) + margin * rng.binomial(rest, chosen) - c[pick] * rest
    assert abs(profit.mean() - best.expected_profit) < 3 * profit.std() / math.sqrt(draws)
    wrong = pick != (margin * p - c).argmax(axis=1)
    assert abs(wrong.mean() - best.error_rate) < 3 * wrong.std() / math.sqrt(draws)


def test_optimum_is_the_best_plan_in_a_brute_force_window() -> None:
    """Oracle: exhaustive brute-force double sums over a ±8-customer window around the optimum, and the
    normal approximation's plan (never better)."""
    population, a, b = 3_000, 1, 49
    best = test_and_roll_sample_size_binary(population, prior_alpha=a, prior_beta=b)
    top = best.expected_profit
    for n_c in range(max(0, best.n_control - 8), best.n_control + 9):
        for n_t in range(max(0, best.n_treatment - 8), best.n_treatment + 9):
            assert brute_profit(population, n_c, n_t, (a, a), (b, b))[0] <= top + 1e-9
    normal = test_and_roll_sample_size(
        population, prior_mean=best.prior_mean, prior_sd=best.prior_sd, response_sd=best.response_sd
    )
    assert brute_profit(population, normal.n_control, normal.n_treatment, (a, a), (b, b))[0] <= top + 1e-9


def test_mid_rates_agree_with_the_normal_closed_form() -> None:
    """Oracle: the paper's closed form (eq. 10), which the exact optimum approaches for mid rates and
    large pilots (website example, Beta with mean 0.68 and sd 0.03)."""
    a, b = beta_prior_from_moments(0.68, 0.03)
    exact = test_and_roll_sample_size_binary(100_000, prior_alpha=a, prior_beta=b)
    assert exact.n_control == pytest.approx(2284, rel=0.02) and exact.n_treatment == pytest.approx(
        2284, rel=0.02
    )
    normal = test_and_roll_sample_size(
        100_000, prior_mean=exact.prior_mean, prior_sd=exact.prior_sd, response_sd=exact.response_sd
    )
    assert exact.expected_profit == pytest.approx(normal.expected_profit, rel=1e-4)
    assert exact.error_rate == pytest.approx(normal.error_rate, abs=0.005)


def test_curve_agrees_with_evaluations() -> None:
    """Oracle: round trip – the curve equals ``evaluate_test_plan_binary`` at the same plans."""
    curve = test_and_roll_profit_curve_binary(
        20_000, prior_alpha=2, prior_beta=398, pilot_sizes=[0, 500, 3_000], treatment_share=0.5
    )
    for row in curve.itertuples():
        r = evaluate_test_plan_binary(20_000, row.n_control, row.n_treatment, prior_alpha=2, prior_beta=398)
        assert row.expected_profit == pytest.approx(r.expected_profit, rel=1e-12)


def test_invalid_binary_inputs() -> None:
    """Oracle: the validation contract (brief §5)."""
    with pytest.raises(InputError) as err:
        test_and_roll_sample_size_binary(1_000, prior_alpha=0, prior_beta=10)
    assert err.value.code == "not_positive" and err.value.params["field"] == "prior_alpha"
    with pytest.raises(InputError) as err:
        evaluate_test_plan_binary(100, 80, 30, prior_alpha=1, prior_beta=1)
    assert err.value.code == "plan_exceeds_population"

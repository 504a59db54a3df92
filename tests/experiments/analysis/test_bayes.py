"""Bayesian readout: oracles are Monte Carlo draws of the posteriors (200,000, seeded), exact numerical
integration with scipy.integrate and the closed-form sum for Beta posteriors with integer parameters
(Evan Miller, "Formulas for Bayesian A/B testing", 2015), a grid posterior for the normal model, and
scipy's normal distribution."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from experiments import (
    bayes_compare_effect,
    bayes_compare_means,
    bayes_compare_proportions,
    compare_decision_rules,
)
from planner_common import InputError

DRAWS = 200_000
# (control (successes, trials), treatment, prior_alpha, prior_beta, direction, economics)
CASES = [
    (
        (100, 5_000),
        (600, 20_000),
        1.0,
        1.0,
        "increase",
        {"value_per_unit": 40_000, "cost_per_contact": 300, "fixed_cost": 3_000_000, "rollout_size": 200_000},
    ),
    (
        (300, 10_000),
        (320, 10_000),
        1.0,
        1.0,
        "increase",
        {"value_per_unit": 40_000, "cost_per_contact": 10, "fixed_cost": 0, "rollout_size": 100_000},
    ),
    (
        (300, 1_000),
        (250, 1_000),
        1.0,
        1.0,
        "decrease",
        {"value_per_unit": 2_000, "cost_per_contact": 50, "fixed_cost": 1_000_000, "rollout_size": 50_000},
    ),
    (
        (5, 200),
        (9, 210),
        (20.0, 25.0),
        (980.0, 975.0),
        "increase",
        {"value_per_unit": 1_000, "cost_per_contact": 2, "fixed_cost": 0, "rollout_size": 30_000},
    ),
    ((0, 50), (0, 60), 0.5, 0.5, "increase", None),
]


def _posterior_draws(case, seed):
    (s_c, n_c), (s_t, n_t), alpha, beta, *_ = case
    alpha, beta = np.broadcast_to(alpha, 2), np.broadcast_to(beta, 2)
    rng = np.random.default_rng(seed)
    return (
        rng.beta(alpha[0] + s_c, beta[0] + n_c - s_c, DRAWS),
        rng.beta(alpha[1] + s_t, beta[1] + n_t - s_t, DRAWS),
    )


@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_beta_posteriors_agree_with_monte_carlo(case) -> None:
    """Oracle: 200,000 seeded draws of each Beta posterior: probabilities within 0.3 pt (issue 5
    acceptance), expected losses within 4 Monte Carlo standard errors, the credible interval's ends
    within 4 standard errors of the empirical quantiles."""
    control, treatment, alpha, beta, direction, money = case
    r = bayes_compare_proportions(
        control, treatment, prior_alpha=alpha, prior_beta=beta, direction=direction, **(money or {})
    )
    p_c, p_t = _posterior_draws(case, seed=len(control) + control[0])
    good = (p_t - p_c) if direction == "increase" else (p_c - p_t)
    assert abs(r.probability_treatment_better - (good > 0).mean()) < 0.003
    for value, draws in (
        (r.expected_loss_treatment, np.maximum(-good, 0)),
        (r.expected_loss_control, np.maximum(good, 0)),
    ):
        assert abs(value - draws.mean()) < 4 * draws.std() / math.sqrt(DRAWS) + 1e-12
    diff = p_t - p_c
    for bound, q in ((r.effect_size_ci_lower, 0.025), (r.effect_size_ci_upper, 0.975)):
        density = stats.gaussian_kde(diff[:20_000])(bound)[0]
        assert abs(bound - np.quantile(diff, q)) < 4 * math.sqrt(q * (1 - q) / DRAWS) / density
    assert r.control == pytest.approx(p_c.mean(), abs=4 * p_c.std() / math.sqrt(DRAWS))
    if money:
        profit = (
            money["rollout_size"] * (money["value_per_unit"] * good - money["cost_per_contact"])
            - money["fixed_cost"]
        )
        assert abs(r.probability_profitable - (profit > 0).mean()) < 0.003
        assert r.expected_incremental_profit == pytest.approx(
            profit.mean(), abs=4 * profit.std() / math.sqrt(DRAWS)
        )
        assert r.rollout_choice == ("treatment" if r.expected_incremental_profit > 0 else "control")
    else:
        assert math.isnan(r.probability_profitable) and math.isnan(r.expected_incremental_profit)


def _miller(a_t: int, b_t: int, a_c: int, b_c: int) -> float:
    """P(p_t > p_c) for Beta posteriors with integer a_t (Miller 2015), summed in log space."""
    i = np.arange(a_t)
    terms = (
        special.betaln(a_c + i, b_c + b_t)
        - np.log(b_t + i)
        - special.betaln(1 + i, b_t)
        - special.betaln(a_c, b_c)
    )
    return float(np.exp(terms).sum())


@pytest.mark.parametrize(
    ("control", "treatment"),
    [
        ((100, 5_000), (600, 20_000)),
        ((300, 10_000), (320, 10_000)),
        ((3, 40), (7, 45)),
        ((50, 400), (41, 390)),
    ],
)
def test_probability_better_equals_exact_integration(control, treatment) -> None:
    """Oracle: exact numerical integration ∫ f_t(x)·F_c(x) dx with scipy.integrate.quad on the rate scale,
    and Miller's closed-form sum (uniform prior, integer posterior parameters)."""
    r = bayes_compare_proportions(control, treatment)
    a_c, b_c = 1 + control[0], 1 + control[1] - control[0]
    a_t, b_t = 1 + treatment[0], 1 + treatment[1] - treatment[0]
    lo, hi = stats.beta.ppf([1e-14, 1 - 1e-14], a_t, b_t)
    exact, _ = integrate.quad(
        lambda x: stats.beta.pdf(x, a_t, b_t) * stats.beta.cdf(x, a_c, b_c),
        lo,
        hi,
        epsabs=1e-13,
        limit=400,
        points=[a_t / (a_t + b_t)],
    )
    assert r.probability_treatment_better == pytest.approx(exact, abs=1e-9)
    assert r.probability_treatment_better == pytest.approx(_miller(a_t, b_t, a_c, b_c), abs=1e-9)


def test_normal_posteriors_match_a_grid_posterior() -> None:
    """Oracle: the posterior computed on a fine grid (prior density × likelihood), independent of the
    conjugate formulas; then P(better) and losses from scipy's normal distribution."""
    arms = [(400, 52.0, 30.0), (380, 55.5, 33.0)]
    r = bayes_compare_means(*arms, prior_mean=50.0, prior_sd=4.0)
    grid = np.linspace(30, 75, 200_001)
    moments = []
    for n, mean, std in arms:
        log_post = stats.norm.logpdf(grid, 50.0, 4.0) + stats.norm.logpdf(mean, grid, std / math.sqrt(n))
        w = np.exp(log_post - log_post.max())
        w /= w.sum()
        m = (w * grid).sum()
        moments.append((m, math.sqrt((w * (grid - m) ** 2).sum())))
    (m_c, s_c), (m_t, s_t) = moments
    assert (r.control, r.control_sd, r.treatment, r.treatment_sd) == pytest.approx(
        (m_c, s_c, m_t, s_t), rel=1e-6
    )
    diff = stats.norm(m_t - m_c, math.hypot(s_c, s_t))
    assert r.probability_treatment_better == pytest.approx(diff.sf(0), abs=1e-6)
    loss, _ = integrate.quad(lambda x: -x * diff.pdf(x), -60, 0)
    assert r.expected_loss_treatment == pytest.approx(loss, abs=1e-7)
    assert (r.effect_size_ci_lower, r.effect_size_ci_upper) == pytest.approx(
        diff.ppf([0.025, 0.975]), rel=1e-5
    )


def test_flat_normal_readout_is_the_sample_means() -> None:
    """Oracle: closed form – with a flat prior the posterior means are the sample means; Monte Carlo of
    the posteriors agrees within 0.3 pt (money per revenue unit, 40 % margin)."""
    r = bayes_compare_means(
        (500, 5.20, 2.0),
        (500, 5.26, 2.1),
        value_per_unit=0.4,
        cost_per_contact=0.01,
        fixed_cost=0,
        rollout_size=10_000,
    )
    assert (r.control, r.treatment) == pytest.approx((5.20, 5.26))
    rng = np.random.default_rng(8)
    diff = rng.normal(5.26, 2.1 / math.sqrt(500), DRAWS) - rng.normal(5.20, 2.0 / math.sqrt(500), DRAWS)
    assert abs(r.probability_treatment_better - (diff > 0).mean()) < 0.003
    assert abs(r.probability_profitable - (10_000 * (0.4 * diff - 0.01) > 0).mean()) < 0.003


def test_effect_readout_is_the_normal_tail() -> None:
    """Oracle: scipy.stats.norm for a flat-prior normal posterior of the difference; direction flips it."""
    up = bayes_compare_effect(1.2, 0.8)
    assert up.probability_treatment_better == pytest.approx(stats.norm.sf(0, 1.2, 0.8), rel=1e-12)
    down = bayes_compare_effect(-0.02, 0.01, direction="decrease")
    assert down.probability_treatment_better == pytest.approx(stats.norm.cdf(0, -0.02, 0.01), rel=1e-12)
    assert down.effect_size == pytest.approx(-0.02) and down.rollout_choice == "treatment"


def test_decision_rules_explain_disagreements() -> None:
    """Oracle: the rules' definitions (Test & Roll: higher posterior mean / positive expected profit;
    frequentist: significant lift in the good direction)."""
    close = bayes_compare_proportions((300, 10_000), (320, 10_000))
    assert compare_decision_rules(close, pvalue=0.41).reason == "not_significant"
    big = bayes_compare_proportions((100, 5_000), (600, 20_000))
    assert compare_decision_rules(big, pvalue=1e-6).reason == "agree"
    costly = bayes_compare_proportions(
        (100, 5_000), (600, 20_000), value_per_unit=1_000, cost_per_contact=300, rollout_size=200_000
    )
    rules = compare_decision_rules(costly, pvalue=1e-6)
    assert (rules.test_and_roll_choice, rules.frequentist_choice, rules.reason) == (
        "control",
        "treatment",
        "not_profitable",
    )
    shrunk = bayes_compare_proportions((30, 1_000), (32, 1_000), prior_alpha=(30, 20), prior_beta=(970, 980))
    rules = compare_decision_rules(shrunk, pvalue=0.8, observed_effect=0.002)
    assert rules.test_and_roll_choice == "control" and rules.reason == "agree"
    prior = compare_decision_rules(shrunk, pvalue=0.01, observed_effect=0.002)
    assert prior.reason == "prior" and not prior.agree


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: bayes_compare_proportions((10, 5), (3, 10)), "successes_exceed_trials"),
        (lambda: bayes_compare_proportions((1, 10), (3, 10), direction="up"), "bad_choice"),
        (lambda: bayes_compare_proportions((1, 10), (3, 10), prior_alpha=(1, 2, 3)), "not_a_pair"),
        (lambda: bayes_compare_means((0, 1.0, 1.0), (10, 1.0, 1.0)), "too_small"),
        (lambda: bayes_compare_effect(1.0, 0.0), "not_positive"),
        (
            lambda: bayes_compare_proportions((1, 10), (3, 10), value_per_unit=-5, rollout_size=10),
            "not_positive",
        ),
    ],
)
def test_invalid_inputs(call, code) -> None:
    """Oracle: the validation contract (brief §5)."""
    with pytest.raises(InputError) as err:
        call()
    assert err.value.code == code

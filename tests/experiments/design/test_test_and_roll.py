"""Test & Roll sizing (normal–normal): oracles are the paper's published example, the authors' R code
(``reference_test_and_roll.py``), closed forms derived here, independent numerical computations (scipy's
bivariate normal, brute-force grids) and seeded simulations of whole campaigns."""

from __future__ import annotations

import math

import numpy as np
import pytest
from reference_test_and_roll import (
    ASYMMETRIC,
    CATALOG_N_FPC,
    CATALOG_N_NHT,
    CATALOG_PROFIT_AT_ROUNDED,
    CATALOG_SIMULATED,
    CATALOG_SIMULATION_DRAWS,
    DISPLAY_EVAL_11391,
    DISPLAY_EVAL_FPC,
    DISPLAY_N_FPC,
    DISPLAY_N_NHT,
    ERROR_RATE_NN,
    PACKAGE_SIMULATED,
    PACKAGE_SIMULATION_DRAWS,
    PROFIT_NN_ASYMMETRIC,
    PROFIT_NN_SYMMETRIC,
    SYMMETRIC_N_STAR,
    WEBSITE,
    WEBSITE_EVAL,
    WEBSITE_N_FPC,
    WEBSITE_N_NHT,
    WEBSITE_N_STAR,
    WEBSITE_PUBLISHED,
)
from scipy import stats

from experiments import (
    evaluate_test_plan,
    finite_population_correction,
    profit_prior_from_rates,
    test_and_roll_profit_curve,
    test_and_roll_sample_size,
)
from planner_common import InputError

W = {"prior_mean": WEBSITE["mu"], "prior_sd": WEBSITE["sigma"], "response_sd": WEBSITE["s"]}


def _priors(case):
    _, n, mu, sigma, s, *_ = case
    return n, {"prior_mean": mu, "prior_sd": sigma, "response_sd": s}


# ---------------------------------------------------------------- published example ------------------


def test_website_example_reproduces_the_paper() -> None:
    """Oracle: published example (Feit & Berman 2019, §5.1; issue 5 acceptance figures)."""
    best = test_and_roll_sample_size(WEBSITE["N"], **W)
    assert (best.n_control, best.n_treatment) == (WEBSITE_PUBLISHED["n_star"],) * 2
    assert round(best.expected_profit) == WEBSITE_PUBLISHED["profit"]
    assert round(best.error_rate, 3) == WEBSITE_PUBLISHED["error_rate"]
    nht = math.ceil(WEBSITE_N_NHT)
    assert nht == WEBSITE_PUBLISHED["n_nht"]
    assert (
        round(evaluate_test_plan(WEBSITE["N"], nht, nht, **W).expected_profit)
        == WEBSITE_PUBLISHED["profit_nht"]
    )
    fpc = finite_population_correction(nht, nht, WEBSITE["N"])
    assert fpc == (WEBSITE_PUBLISHED["n_fpc"],) * 2
    assert (
        round(evaluate_test_plan(WEBSITE["N"], *fpc, **W).expected_profit) == WEBSITE_PUBLISHED["profit_fpc"]
    )
    assert best.method == "closed-form" and best.notes == ()


@pytest.mark.parametrize("n", sorted(WEBSITE_EVAL))
def test_website_plans_match_r_test_eval_nn(n: int) -> None:
    """Oracle: R ``test_eval_nn`` at whole-customer plans (n*, hypothesis test, with FPC)."""
    r = evaluate_test_plan(WEBSITE["N"], n, n, **W)
    profit, test, deploy, perfect, regret, error = WEBSITE_EVAL[n]
    got = (
        r.expected_profit,
        r.expected_profit_test,
        r.expected_profit_rollout,
        r.profit_perfect_information,
        r.regret,
        r.error_rate,
    )
    assert got == pytest.approx((profit, test, deploy, perfect, regret, error), rel=1e-11)
    assert r.profit_no_test == pytest.approx(WEBSITE["N"] * WEBSITE["mu"])
    assert r.gain_over_no_test == pytest.approx(profit - WEBSITE["N"] * WEBSITE["mu"])
    assert r.method == "given" and r.probability_rollout_treatment == 0.5


@pytest.mark.parametrize("case", SYMMETRIC_N_STAR, ids=[c[0] for c in SYMMETRIC_N_STAR])
def test_symmetric_optimum_matches_r(case) -> None:
    """Oracle: R ``test_size_nn`` (eq. 10); the rounded plan is the better of floor/ceil."""
    label, n, mu, sigma, s, r_n = case
    best = test_and_roll_sample_size(n, prior_mean=mu, prior_sd=sigma, response_sd=s)
    assert best.n_optimal == pytest.approx((r_n, r_n), rel=1e-12)
    floor, ceil = (
        evaluate_test_plan(n, k, k, prior_mean=mu, prior_sd=sigma, response_sd=s).expected_profit
        for k in (math.floor(r_n), math.ceil(r_n))
    )
    assert best.n_control == best.n_treatment == (math.floor(r_n) if floor >= ceil else math.ceil(r_n))


def test_display_example_matches_r() -> None:
    """Oracle: R ``display.R`` (n*, evaluation; the power plan exceeds the base, the FPC plan fits)."""
    kw = {"prior_mean": 10.36044, "prior_sd": 4.39646, "response_sd": 103.768}
    r = evaluate_test_plan(1_000_000, 11_391, 11_391, **kw)
    got = (r.expected_profit, r.expected_profit_test, r.profit_perfect_information, r.regret, r.error_rate)
    assert got == pytest.approx(DISPLAY_EVAL_11391, rel=1e-11)
    nht = math.ceil(DISPLAY_N_NHT)
    with pytest.raises(InputError) as err:
        evaluate_test_plan(1_000_000, nht, nht, **kw)
    assert err.value.code == "plan_exceeds_population"
    fpc = finite_population_correction(nht, nht, 1_000_000)
    assert fpc == (math.ceil(DISPLAY_N_FPC),) * 2
    r = evaluate_test_plan(1_000_000, *fpc, **kw)
    assert (r.expected_profit, r.error_rate) == pytest.approx(DISPLAY_EVAL_FPC, rel=1e-11)


def test_finite_population_correction_matches_r_test_size_nht() -> None:
    """Oracle: R ``test_size_nht(..., N)``, applied to the rounded plans (website, catalog)."""
    assert (
        finite_population_correction(math.ceil(WEBSITE_N_NHT), math.ceil(WEBSITE_N_NHT), 100_000)
        == (math.ceil(WEBSITE_N_FPC),) * 2
    )
    catalog = tuple(math.ceil(n) for n in CATALOG_N_NHT)
    assert finite_population_correction(*catalog, 100_000) == tuple(math.ceil(n) for n in CATALOG_N_FPC)


def test_package_examples_match_r() -> None:
    """Oracle: the roxygen examples of ``profit_nn`` and ``error_rate_nn`` run in R."""
    sym = evaluate_test_plan(10_000, 100, 100, prior_mean=0.7, prior_sd=0.2, response_sd=0.1)
    assert sym.expected_profit / 10_000 == pytest.approx(PROFIT_NN_SYMMETRIC, rel=1e-12)
    asym = evaluate_test_plan(10_000, 100, 200, prior_mean=(0.7, 0.5), prior_sd=0.2, response_sd=0.1)
    assert asym.expected_profit / 10_000 == pytest.approx(PROFIT_NN_ASYMMETRIC, rel=1e-12)
    equal = evaluate_test_plan(10_000, 100, 100, prior_mean=0.0, prior_sd=0.2, response_sd=0.5)
    assert equal.error_rate == pytest.approx(ERROR_RATE_NN[(100, 100)], rel=1e-12)


def test_unequal_cells_error_rate_follows_the_posterior_mean_rule() -> None:
    """Oracle: scipy's bivariate normal. With unequal cells R's eq. (12) (``error_rate_nn``) is the error
    of comparing raw sample means; the Test & Roll rule (and R's own ``profit_nn``) compares posterior
    means, which shrink the smaller cell more. Both are reproduced: R's number by the sample-mean rule,
    ours by the posterior-mean rule."""
    sigma, s, (n_c, n_t) = 0.2, 0.5, (100, 200)
    tau2 = 2 * sigma**2
    sample_rule = stats.multivariate_normal(cov=[[tau2, tau2], [tau2, tau2 + s**2 * (1 / n_c + 1 / n_t)]])
    assert 1 - 2 * sample_rule.cdf([0.0, 0.0]) == pytest.approx(ERROR_RATE_NN[(n_c, n_t)], abs=1e-6)
    w = sum(sigma**4 / (sigma**2 + s**2 / k) for k in (n_c, n_t))
    posterior_rule = stats.multivariate_normal(cov=[[tau2, w], [w, w]])
    r = evaluate_test_plan(10_000, n_c, n_t, prior_mean=0.0, prior_sd=sigma, response_sd=s)
    assert r.error_rate == pytest.approx(1 - 2 * posterior_rule.cdf([0.0, 0.0]), abs=1e-6)
    assert r.error_rate < ERROR_RATE_NN[(n_c, n_t)]


# ---------------------------------------------------------------- asymmetric priors -------------------


@pytest.mark.parametrize("case", ASYMMETRIC, ids=[c[0] for c in ASYMMETRIC])
def test_asymmetric_profit_matches_r_profit_nn(case) -> None:
    """Oracle: R ``profit_nn`` (eq. 18) at R's optimum rounded to whole customers."""
    n, kw = _priors(case)
    plan = tuple(round(x) for x in case[5])
    assert evaluate_test_plan(n, *plan, **kw).expected_profit == pytest.approx(case[7], rel=1e-12)


@pytest.mark.parametrize("case", ASYMMETRIC, ids=[c[0] for c in ASYMMETRIC])
def test_asymmetric_optimum_is_tighter_than_r(case) -> None:
    """Oracle: R's Nelder–Mead optimum (ours within 0.5 % of it and at least as profitable) and a
    brute-force neighbourhood of whole-customer plans (none beats ours)."""
    n, kw = _priors(case)
    best = test_and_roll_sample_size(n, **kw)
    assert best.method == "numeric"
    assert best.n_optimal == pytest.approx(case[5], rel=0.005)
    assert best.expected_profit >= case[7] - 1e-9 * abs(case[7])
    for dc in (-3, -1, 0, 1, 3):
        for dt in (-3, -1, 0, 1, 3):
            other = evaluate_test_plan(n, best.n_control + dc, best.n_treatment + dt, **kw)
            assert other.expected_profit <= best.expected_profit + 1e-9 * abs(best.expected_profit)


def test_asymmetric_optimum_beats_a_coarse_grid() -> None:
    """Oracle: exhaustive evaluation on a log grid of plans (catalog example) – no multi-start miss."""
    n, kw = _priors(ASYMMETRIC[0])
    best = test_and_roll_sample_size(n, **kw)
    grid = np.unique(np.round(np.geomspace(1, n / 2, 40)).astype(int))
    top = max(evaluate_test_plan(n, c, t, **kw).expected_profit for c in grid for t in grid if c + t <= n)
    assert best.expected_profit >= top


def test_catalog_example_against_r_simulation_and_power_plans() -> None:
    """Oracle: R ``test_eval_nn``'s simulation (10,000 draws) for perfect information, error rate and
    deploy rate, within 4 simulation standard errors; R ``profit_nn`` for the power-based plans."""
    n, kw = _priors(ASYMMETRIC[0])
    r = evaluate_test_plan(n, 588, 1884, **kw)
    perfect, error, deploy_control = CATALOG_SIMULATED
    se_error = math.sqrt(error * (1 - error) / CATALOG_SIMULATION_DRAWS)
    assert abs(r.error_rate - error) < 4 * se_error
    se_deploy = math.sqrt(deploy_control * (1 - deploy_control) / CATALOG_SIMULATION_DRAWS)
    assert abs((1 - r.probability_rollout_treatment) - deploy_control) < 4 * se_deploy
    rng = np.random.default_rng(20030601)  # our own sd of the per-draw perfect-information profit
    draws = n * np.maximum(rng.normal(19.39, 20.97, 200_000), rng.normal(29.26, 13.48, 200_000))
    assert abs(r.profit_perfect_information - perfect) < 4 * draws.std() / math.sqrt(CATALOG_SIMULATION_DRAWS)
    for plan, profit in CATALOG_PROFIT_AT_ROUNDED.items():
        assert evaluate_test_plan(n, *plan, **kw).expected_profit == pytest.approx(profit, rel=1e-12)


def test_package_asymmetric_example_against_r_simulation() -> None:
    """Oracle: R ``test_eval_nn`` simulation (20,000 draws) for the package's asymmetric-s example."""
    r = evaluate_test_plan(10_000, 97, 187, prior_mean=0.7, prior_sd=0.05, response_sd=(0.1, 0.2))
    perfect, error, deploy_control = PACKAGE_SIMULATED
    assert abs(r.error_rate - error) < 4 * math.sqrt(error * (1 - error) / PACKAGE_SIMULATION_DRAWS)
    assert abs(1 - r.probability_rollout_treatment - deploy_control) < 4 * math.sqrt(
        0.25 / PACKAGE_SIMULATION_DRAWS
    )
    assert r.profit_perfect_information == pytest.approx(10_000 * (0.7 + 0.05 / math.sqrt(math.pi)))
    assert abs(r.profit_perfect_information - perfect) < 4 * 10_000 * 0.05 / math.sqrt(
        PACKAGE_SIMULATION_DRAWS
    )


@pytest.mark.parametrize("plan", [(588, 1884), (50, 5000), (3000, 200)])
def test_error_rate_equals_bivariate_normal_orthants(plan) -> None:
    """Oracle: scipy's bivariate normal CDF (Genz) for P(true and estimated differences disagree)."""
    n, kw = _priors(ASYMMETRIC[0])
    r = evaluate_test_plan(n, *plan, **kw)
    (m_c, m_t), (sd_c, sd_t), (s_c, s_t) = kw["prior_mean"], kw["prior_sd"], kw["response_sd"]
    w = sum(sd**4 / (sd**2 + s**2 / k) for sd, s, k in ((sd_c, s_c, plan[0]), (sd_t, s_t, plan[1])))
    tau2 = sd_c**2 + sd_t**2
    joint = stats.multivariate_normal(mean=[m_c - m_t] * 2, cov=[[tau2, w], [w, w]])
    both_negative = joint.cdf([0.0, 0.0])  # true difference < 0 and estimated difference < 0
    p_true, p_est = stats.norm.cdf(0, m_c - m_t, math.sqrt(tau2)), stats.norm.cdf(0, m_c - m_t, math.sqrt(w))
    assert r.error_rate == pytest.approx(p_true + p_est - 2 * both_negative, abs=2e-6)
    assert r.probability_rollout_treatment == pytest.approx(p_est, rel=1e-12)


def test_incumbent_challenger_closed_form_cross_checks_the_optimiser() -> None:
    """Oracle: closed form for a known incumbent (derived: maximise n·μ + (N − n)·(μ + v(n)/√(2π)) with
    v(n) = σ²/√(σ² + s²/n) ⇒ 2σ²n² + 3s²n − s²N = 0, solved here with numpy.roots); the numeric
    optimiser with an almost-known incumbent (σ_c = 1e-7·σ) must land on it."""
    n, sigma, s = 50_000, 0.04, 0.45
    roots = np.roots([2 * sigma**2, 3 * s**2, -(s**2) * n])
    expected = float(roots[roots > 0][0])
    exact = test_and_roll_sample_size(n, prior_mean=0.3, prior_sd=(0.0, sigma), response_sd=s)
    assert exact.method == "closed-form" and exact.n_optimal == pytest.approx((0.0, expected), rel=1e-12)
    assert exact.n_control == 0 and any("control cell" in note for note in exact.notes)
    numeric = test_and_roll_sample_size(n, prior_mean=0.3, prior_sd=(1e-7 * sigma, sigma), response_sd=s)
    assert numeric.method == "numeric"
    assert numeric.n_optimal[0] < 1 and numeric.n_optimal[1] == pytest.approx(expected, rel=1e-4)
    profits = [
        evaluate_test_plan(n, 0, k, prior_mean=0.3, prior_sd=(0.0, sigma), response_sd=s).expected_profit
        for k in range(exact.n_treatment - 3, exact.n_treatment + 4)
    ]
    assert max(profits) == profits[3]


def test_priors_that_already_decide_mean_no_pilot() -> None:
    """Oracle: closed form – with N(1, 0.01²) against N(1.5, 0.01²) testing can only cost money."""
    r = test_and_roll_sample_size(10_000, prior_mean=(1.0, 1.5), prior_sd=0.01, response_sd=1.0)
    assert (r.n_control, r.n_treatment) == (0, 0)
    assert r.expected_profit == pytest.approx(15_000) and r.profit_no_test == pytest.approx(15_000)
    assert any("just roll out" in note for note in r.notes)


# ---------------------------------------------------------------- simulation --------------------------


def _simulate(n, priors, plans, draws, seed):
    """Realised profit and wrong-pick indicator of each plan, common random numbers across plans."""
    (m_c, m_t), (sd_c, sd_t), (s_c, s_t) = priors
    rng = np.random.default_rng(seed)
    true = np.column_stack([rng.normal(m_c, sd_c, draws), rng.normal(m_t, sd_t, draws)])
    z, roll = rng.standard_normal((draws, 2)), rng.standard_normal(draws)
    out = {}
    for plan in plans:
        k = np.array(plan, dtype=float)
        s, mu, sd = np.array([s_c, s_t]), np.array([m_c, m_t]), np.array([sd_c, sd_t])
        ybar = true + s / np.sqrt(k) * z
        post = (mu / sd**2 + k * ybar / s**2) / (1 / sd**2 + k / s**2)
        pick = (post[:, 1] > post[:, 0]).astype(int)
        rest = n - k.sum()
        chosen = true[np.arange(draws), pick]
        profit = (k * ybar).sum(axis=1) + rest * chosen + np.sqrt(rest) * s[pick] * roll
        out[plan] = (profit, pick != true.argmax(axis=1))
    return out


def test_simulated_campaigns_match_expected_profit_and_no_size_beats_n_star() -> None:
    """Oracle: seeded simulation of 20,000 website campaigns drawn from the prior (pilot at n*, winner
    rolled out): mean realised profit and error rate within 3 standard errors of the formulas, and no
    other pilot size on a grid does better than n* beyond 3 standard errors of the paired difference."""
    best = test_and_roll_sample_size(WEBSITE["N"], **W)
    star = (best.n_control, best.n_treatment)
    grid = [(k, k) for k in (100, 500, 1000, 1600, 2000, 2600, 3200, 4500, 8000, 13_487, 18_468)]
    priors = ((WEBSITE["mu"],) * 2, (WEBSITE["sigma"],) * 2, (WEBSITE["s"],) * 2)
    sims = _simulate(WEBSITE["N"], priors, [star, *grid], 20_000, seed=5)
    profit, wrong = sims[star]
    assert abs(profit.mean() - best.expected_profit) < 3 * profit.std() / math.sqrt(len(profit))
    assert abs(wrong.mean() - best.error_rate) < 3 * wrong.std() / math.sqrt(len(wrong))
    for plan in grid:
        diff = sims[plan][0] - profit
        assert diff.mean() < 3 * diff.std() / math.sqrt(len(diff)), plan


def test_simulated_asymmetric_campaigns_match_expected_profit() -> None:
    """Oracle: seeded simulation of 20,000 catalog campaigns (asymmetric priors) at our optimum."""
    n, kw = _priors(ASYMMETRIC[0])
    best = test_and_roll_sample_size(n, **kw)
    plan = (best.n_control, best.n_treatment)
    profit, wrong = _simulate(n, (kw["prior_mean"], kw["prior_sd"], kw["response_sd"]), [plan], 20_000, 11)[
        plan
    ]
    assert abs(profit.mean() - best.expected_profit) < 3 * profit.std() / math.sqrt(len(profit))
    assert abs(wrong.mean() - best.error_rate) < 3 * wrong.std() / math.sqrt(len(wrong))


# ---------------------------------------------------------------- helpers and inputs -----------------


def test_profit_curve_agrees_with_evaluations_and_peaks_at_n_star() -> None:
    """Oracle: round trip – the curve equals ``evaluate_test_plan`` point by point; its best point is
    within a few percent of n*."""
    curve = test_and_roll_profit_curve(WEBSITE["N"], **W, points=200)
    for row in curve.iloc[::40].itertuples():
        r = evaluate_test_plan(WEBSITE["N"], row.n_control, row.n_treatment, **W)
        assert (row.expected_profit, row.error_rate) == pytest.approx((r.expected_profit, r.error_rate))
    peak = curve.loc[curve["expected_profit"].idxmax()]
    assert peak["n_control"] == pytest.approx(WEBSITE_N_STAR, rel=0.06)


def test_profit_prior_from_rates_closed_form() -> None:
    """Oracle: closed form – margin·p − cost, margin·σ, margin·√(p(1 − p)); a normal prior near 0 % is
    flagged (P(rate < 0) = Φ(−0.005/0.004) ≈ 10.6 %)."""
    p = profit_prior_from_rates((0.03, 0.035), 0.005, margin_per_response=40_000, cost_per_contact=(0, 300))
    assert p.prior_mean == pytest.approx((1200.0, 1100.0))
    assert p.prior_sd == pytest.approx((200.0, 200.0))
    assert p.response_sd == pytest.approx(
        (40_000 * math.sqrt(0.03 * 0.97), 40_000 * math.sqrt(0.035 * 0.965))
    )
    assert p.normal_approximation_ok and p.notes == ()
    assert not profit_prior_from_rates(0.005, 0.004).normal_approximation_ok


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"population": 1}, "too_small", "population"),
        ({"prior_sd": -0.1}, "negative", "prior_sd"),
        ({"prior_sd": 0.0}, "not_positive", "prior_sd"),
        ({"response_sd": 0}, "not_positive", "response_sd"),
        ({"prior_mean": (0.1, 0.2, 0.3)}, "not_a_pair", "prior_mean"),
        ({"prior_mean": float("nan")}, "not_a_number", "prior_mean"),
    ],
)
def test_invalid_inputs_name_the_field(kwargs, code, field) -> None:
    """Oracle: the validation contract (brief §5): an InputError with a code and the field."""
    args = {"population": 1000, **W, **kwargs}
    with pytest.raises(InputError) as err:
        test_and_roll_sample_size(args.pop("population"), **args)
    assert err.value.code == code and err.value.params["field"] == field


def test_plan_must_fit_and_rates_must_be_fractions() -> None:
    """Oracle: the validation contract – the plan fits the base; a rate typed as a percent is caught."""
    with pytest.raises(InputError) as err:
        evaluate_test_plan(1000, 600, 500, **W)
    assert err.value.code == "plan_exceeds_population"
    with pytest.raises(InputError) as err:
        profit_prior_from_rates(3, 0.005)
    assert err.value.code == "rate_as_percent"
    with pytest.raises(InputError) as err:
        profit_prior_from_rates(0.03, 0.6)
    assert err.value.code == "rate_sd_too_large"

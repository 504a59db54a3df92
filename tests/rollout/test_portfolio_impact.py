"""``rollout.portfolio_impact``: random-effects shrinkage of the portfolio's campaigns, and their totals.

Oracles: statsmodels ``combine_effects`` (an independent library; same τ² method) for τ², the pooled mean
and its standard error, and the shrunk estimates rebuilt in the test from its random-effects weights;
R metafor ``rma`` + ``blup`` (values pasted below with the call); the prediction error of a total
computed from the full covariance matrix of the model (matrix algebra, not the closed form the code
uses); the closed form ``profit SE = audience × margin × uplift SE`` of docs/formulas.md §6; a seeded
simulation of portfolios whose winners are selected (its Monte Carlo error stated).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.meta_analysis import combine_effects

from planner_common import InputError
from rollout import (
    Brief,
    Campaign,
    PortfolioCampaign,
    RolloutAssumptions,
    evaluate,
    portfolio_campaign,
    portfolio_impact,
)

# Fourteen past campaigns: roll-out incremental profit and its standard error, in millions of CLP.
PROFIT_M = [17.0, 42.5, -8.3, 5.1, 63.0, 12.4, -21.7, 30.2, 2.8, 9.9, -3.5, 27.6, 51.8, 0.7]
SE_M = [18.6, 15.2, 9.8, 7.4, 24.1, 6.3, 14.9, 11.7, 5.2, 8.8, 12.5, 10.1, 19.3, 4.6]
METHODS = {"paule-mandel": "iterated", "dersimonian-laird": "dl"}

# R 4.2.2, metafor 3.8-1:
#   yi <- c(17.0, 42.5, -8.3, 5.1, 63.0, 12.4, -21.7, 30.2, 2.8, 9.9, -3.5, 27.6, 51.8, 0.7)
#   sei <- c(18.6, 15.2, 9.8, 7.4, 24.1, 6.3, 14.9, 11.7, 5.2, 8.8, 12.5, 10.1, 19.3, 4.6)
#   fit <- rma(yi = yi, sei = sei, method = m, control = list(tol = 1e-14, maxiter = 10000)); b <- blup(fit)
#   sprintf("%.12f", c(fit$tau2, fit$b[1], fit$se)); sprintf("%.12f", b$pred); sprintf("%.12f", b$se)
METAFOR = {
    "paule-mandel": {
        "tau2": 299.467665222410, "mean": 12.801430546192, "se": 5.582525847218,
        "pred": [14.749496703493, 29.566054015014, -3.175999714148, 6.290562957426, 29.878824402412,
                 12.446977497524, -7.011619065616, 24.741885333175, 3.628276670886, 10.496132162408,
                 2.089202958809, 23.839885301847, 30.181707825238, 1.498640598215],
        "pred_se": [13.018205994784, 11.676097866467, 8.634610671394, 6.858529885210, 14.531239410994,
                    5.955842940420, 11.538702244488, 9.849528198351, 5.001439928434, 7.927462357482,
                    10.312169230074, 8.837569380893, 13.250738280248, 4.460859646346],
    },
    "dersimonian-laird": {
        "tau2": 133.335416047698, "mean": 11.388539309911, "se": 4.251157518651,
        "pred": [12.949594184832, 22.773115140959, -0.056364531539, 6.930775145118, 21.024721842633,
                 12.167982787115, -1.027194666253, 20.670545326455, 4.248065474517, 10.446897196651,
                 4.533326743189, 20.573174779572, 22.040987275673, 2.163923639831],
        "pred_se": [10.279038194464, 9.581757816464, 7.680893653285, 6.352127524307, 10.972454145937,
                    5.615739292377, 9.505716777947, 8.496022278000, 4.795277631491, 7.171308097417,
                    8.786606250380, 7.822362149582, 10.391756849879, 4.312875585274],
    },
}  # fmt: skip


def _campaigns(profits=PROFIT_M, ses=SE_M, scale=1e6, currency="CLP"):
    return [
        PortfolioCampaign(id=i, name=f"Campaña {i}", expected_profit=p * scale, profit_std_error=s * scale,
                          currency=currency)
        for i, (p, s) in enumerate(zip(profits, ses, strict=True))
    ]  # fmt: skip


def _rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


@pytest.mark.parametrize("method", METHODS)
def test_shrinkage_agrees_with_statsmodels_combine_effects(method):
    """Oracle: statsmodels ``combine_effects`` with the same τ² method (PM iterated to 1e-8 on Q, which puts
    its τ² within 2e-10 of the root here). Not tighter: statsmodels sets τ² to 0 when a Newton step lands
    on the wrong side of the root by rounding, which at 1e-10 and below happened on one machine and not on
    another (the ``sm.tau2 > 0`` check below catches it)."""
    y, v = np.array(PROFIT_M) * 1e6, (np.array(SE_M) * 1e6) ** 2
    kwds = {"atol": 1e-8, "maxiter": 10_000} if METHODS[method] == "iterated" else {}
    sm = combine_effects(y, v, method_re=METHODS[method], **kwds)
    r = portfolio_impact(_campaigns(), method=method)
    assert sm.tau2 > 0 and _rel(r.tau_squared, sm.tau2) < 1e-9
    assert _rel(r.mean, sm.mean_effect_re) < 1e-9 and _rel(r.mean_std_error, sm.sd_eff_w_re) < 1e-9
    assert _rel(r.q_statistic, sm.q) < 1e-9
    # the empirical-Bayes prediction from statsmodels' own random-effects weights: y − v·w·(y − μ)
    shrunk = y - v * sm.weights_re * (y - sm.mean_effect_re)
    pev = sm.tau2 * v * sm.weights_re + (v * sm.weights_re) ** 2 * sm.var_eff_w_re
    worst = max(
        max(_rel(c.shrunk_estimate, s), _rel(c.shrunk_std_error, math.sqrt(p)))
        for c, s, p in zip(r.campaigns, shrunk, pev, strict=True)
    )
    print(f"{method}: max relative difference from statsmodels {worst:.1e}")  # shown by pytest -rP
    assert worst < 1e-9


@pytest.mark.parametrize("method", METHODS)
def test_shrinkage_agrees_with_metafor_blup(method):
    """Oracle: R metafor ``rma`` + ``blup`` (pasted above; printed to 12 decimals)."""
    ref = METAFOR[method]
    r = portfolio_impact(_campaigns(scale=1.0), method=method)
    assert _rel(r.tau_squared, ref["tau2"]) < 1e-9
    assert _rel(r.mean, ref["mean"]) < 1e-9 and _rel(r.mean_std_error, ref["se"]) < 1e-9
    for c, pred, se in zip(r.campaigns, ref["pred"], ref["pred_se"], strict=True):
        assert abs(c.shrunk_estimate - pred) < 1e-9 and abs(c.shrunk_std_error - se) < 1e-9


def _total_variance_by_matrices(v: np.ndarray, tau2: float, chosen: np.ndarray) -> float:
    """Var(Σ_S θ̃ − Σ_S θ) from the full covariance: θ̃ = H y, θ̃ − θ = (H − I) u + H e."""
    w = 1 / (v + tau2)
    b = tau2 / (tau2 + v)
    h = np.diag(b) + np.outer(1 - b, w / w.sum())
    k = np.eye(len(v))
    cov = (h - k) @ (tau2 * k) @ (h - k).T + h @ np.diag(v) @ h.T
    c = chosen.astype(float)
    return float(c @ cov @ c)


@pytest.mark.parametrize("method", METHODS)
def test_totals_and_their_intervals(method):
    """Oracles: raw total Σy ± z·√Σv (independent campaigns); the shrunk totals' prediction error from
    the full covariance matrix of the model; the winners (interval above 0) counted by hand."""
    r = portfolio_impact(_campaigns(scale=1.0), method=method)
    y, v, z = np.array(PROFIT_M), np.array(SE_M) ** 2, 1.959963984540054
    assert r.raw_total == pytest.approx(y.sum(), rel=1e-12)
    assert r.raw_total_ci_upper - r.raw_total == pytest.approx(z * math.sqrt(v.sum()), rel=1e-12)
    winners = y - z * np.sqrt(v) > 0
    assert [c.winner for c in r.campaigns] == winners.tolist() and r.n_winners == int(winners.sum()) == 6
    for chosen, low, high in (
        (np.ones(len(y), bool), r.shrunk_total_ci_lower, r.shrunk_total_ci_upper),
        (winners, r.winners_shrunk_total_ci_lower, r.winners_shrunk_total_ci_upper),
    ):
        half = z * math.sqrt(_total_variance_by_matrices(v, r.tau_squared, chosen))
        assert (high - low) / 2 == pytest.approx(half, rel=1e-10)  # fmt: skip
    assert r.winners_raw_total == pytest.approx(y[winners].sum(), rel=1e-12)
    assert r.winners_shrunk_total < r.winners_raw_total  # selected on their own noise
    survivors = [c.shrunk_ci_lower > 0 for c in r.campaigns if c.winner]
    assert r.n_survivors == sum(survivors) and r.survival_share == sum(survivors) / 6


def test_the_positive_rule_and_the_lift():
    """Property: with ``winner_rule="positive"`` every campaign above 0 is a winner; the lift of a churn
    campaign is counted in its good direction (sign flipped)."""
    r = portfolio_impact(_campaigns(), winner_rule="positive")
    assert r.n_winners == sum(p > 0 for p in PROFIT_M)
    assert all(c.survives == (c.winner and c.shrunk_estimate > 0) for c in r.campaigns)
    churn = portfolio_campaign({"effect_size": -0.004, "std_error": 0.001, "direction": "decrease"}, id=1)
    assert churn.lift == 0.004 and churn.lift_std_error == 0.001


def test_the_profit_standard_error_of_a_saved_summary():
    """Oracle: docs/formulas.md §6 – the profit is linear in the uplift, so its SE is audience × margin ×
    the uplift's SE (here 200 000 × 40 000 × SE)."""
    plan = RolloutAssumptions(source="rates", n_control=5_000, n_treatment=20_000, control_rate=0.02,
                              pilot_rate=0.03, audience=200_000, confidence=0.9)  # fmt: skip
    e = evaluate(
        Campaign(brief=Brief(cost_per_contact=300, margin_per_response=40_000, fixed_cost=3e6), rollout=plan)
    )
    c = portfolio_campaign(e.summary(), id=1, name="Catálogo")
    assert c.profit_std_error == pytest.approx(200_000 * 40_000 * e.pilot.std_error, rel=1e-12)
    assert c.expected_profit == e.expected_profit and c.lift == e.pilot.effect_size


def test_campaigns_without_figures_are_skipped_and_bad_input_is_refused():
    """Properties: unevaluated campaigns are listed in ``skipped``; refusals carry their codes."""
    cs = [*_campaigns(), PortfolioCampaign(id="draft", name="Borrador")]
    r = portfolio_impact(cs)
    assert r.skipped == ("draft",) and r.n_campaigns == 14 and any("left out" in n for n in r.notes)
    cases = [
        (_campaigns()[:1], {}, "portfolio_too_few"),
        ([*_campaigns()[:3], *_campaigns(currency="EUR")[3:5]], {}, "portfolio_mixed_currency"),
        (_campaigns(ses=[0.0] + SE_M[1:]), {}, "portfolio_bad_std_error"),
        ([{"expected_profit": 1.0}], {}, "portfolio_bad_campaign"),
        (_campaigns(), {"method": "reml"}, "bad_choice"),
        (_campaigns(), {"alpha": 5}, "rate_as_percent"),
    ]
    for campaigns, kwds, code in cases:
        with pytest.raises(InputError) as refused:
            portfolio_impact(campaigns, **kwds)
        assert refused.value.code == code
    mixed = [PortfolioCampaign(id=i, name="", lift=0.01 * i, lift_std_error=0.004, currency=cur)
             for i, cur in enumerate(("CLP", "EUR", "COP"))]  # fmt: skip
    lifts = portfolio_impact(mixed, quantity="lift")  # lifts add up across currencies
    assert lifts.n_campaigns == 3 and lifts.currency is None and lifts.raw_total == pytest.approx(0.03)


def test_no_real_spread_shrinks_everyone_to_the_mean():
    """Closed form: equal estimates give Q = 0, τ² = 0, and every shrunk estimate is the pooled mean."""
    r = portfolio_impact(_campaigns(profits=[5.0] * 4, ses=[1.0, 2.0, 3.0, 4.0]))
    assert r.tau_squared == 0 and all(c.shrunk_estimate == pytest.approx(5e6) for c in r.campaigns)


def _simulate(rng: np.random.Generator, reps: int, k: int = 30, top: int = 5) -> dict[str, np.ndarray]:
    """Squared errors of the selected campaigns' raw and shrunk totals against their true total: the
    significant winners, and the ``top`` largest estimates; plus the shrunk winners' interval coverage."""
    found: dict[str, list[float]] = {"winners_raw": [], "winners_shrunk": [], "top_raw": [], "top_shrunk": []}
    covered = []
    for _ in range(reps):
        truth = rng.normal(2.0, 6.0, size=k)  # true profits (M): modest mean, real spread
        se = rng.uniform(2.0, 10.0, size=k)  # pilots of different sizes
        est = truth + rng.normal(0.0, se)
        r = portfolio_impact(_campaigns(profits=est.tolist(), ses=se.tolist(), scale=1.0))
        shrunk = np.array([c.shrunk_estimate for c in r.campaigns])
        best = np.argsort(-est)[:top]
        found["top_raw"].append((est[best].sum() - truth[best].sum()) ** 2)
        found["top_shrunk"].append((shrunk[best].sum() - truth[best].sum()) ** 2)
        winners = np.array([c.winner for c in r.campaigns])
        if winners.any():
            found["winners_raw"].append((r.winners_raw_total - truth[winners].sum()) ** 2)
            found["winners_shrunk"].append((r.winners_shrunk_total - truth[winners].sum()) ** 2)
            low, high = r.winners_shrunk_total_ci_lower, r.winners_shrunk_total_ci_upper
            covered.append(low <= truth[winners].sum() <= high)
    return {**{key: np.array(v) for key, v in found.items()}, "covered": np.array(covered, dtype=float)}


def _ratio(shrunk: np.ndarray, raw: np.ndarray) -> tuple[float, float]:
    """MSE ratio shrunk / raw and its Monte Carlo standard error (delta method on the paired means)."""
    ratio, cov = shrunk.mean() / raw.mean(), np.cov(shrunk, raw)
    rel = (
        cov[0, 0] / shrunk.mean() ** 2
        + cov[1, 1] / raw.mean() ** 2
        - 2 * cov[0, 1] / (shrunk.mean() * raw.mean())
    )
    return ratio, ratio * math.sqrt(rel / len(raw))


@pytest.mark.slow
def test_selected_campaigns_shrunk_total_has_smaller_error():
    """Seeded simulation: 2,000 portfolios of 30 campaigns (true profits N(2, 6²) M, standard errors
    uniform 2–10 M). Selected: the winners (significant at 5 %) and the 5 largest estimates. The mean
    squared error of the shrunk total over the selected is well below that of the raw total (ratio
    and its Monte Carlo SE printed); the shrunk winners' 95 % interval coverage is printed as well (it is
    conditional on τ̂², so below 95 %)."""
    sim = _simulate(np.random.default_rng(20251203), reps=2_000)
    for selected in ("winners", "top"):
        ratio, se = _ratio(sim[f"{selected}_shrunk"], sim[f"{selected}_raw"])
        print(f"{selected}: {len(sim[f'{selected}_raw'])} portfolios; MSE raw {sim[f'{selected}_raw'].mean():.0f}, "
              f"shrunk {sim[f'{selected}_shrunk'].mean():.0f}; ratio {ratio:.3f} ± {se:.3f} (MC SE)")  # fmt: skip
        assert ratio + 4 * se < 1
    cover = sim["covered"]
    print(f"shrunk winners' 95 % interval covers the true total in {cover.mean():.3f} ± "
          f"{cover.std() / math.sqrt(len(cover)):.3f} of portfolios")  # fmt: skip

"""Priors from past campaigns: oracles are R ``metafor::rma`` (values pasted below with the R calls), an
independent DerSimonian–Laird closed form written here, the paper's display-ads example, and scipy's
Beta distribution for the moment-matched prior."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments import beta_prior_from_moments, prior_from_past_campaigns
from planner_common import InputError

# R 4.2.2, metafor 3.8-1 (Debian r-cran-metafor). Rates are passed in percent (yi*100, vi*1e4) because
# rma's Paule–Mandel root search has an absolute tolerance that is too coarse on the 0–1 scale, e.g.
#   rate <- c(0.031, 0.027, 0.036, 0.022, 0.030, 0.041); n <- c(20000, 15000, 30000, 12000, 25000, 18000)
#   r <- rma(yi=rate*100, vi=rate*(1-rate)/n*1e4, method="PM", control=list(tol=1e-14))
#   c(r$tau2/1e4, r$b/100, r$se/100, r$QE, r$I2/100)
# (key, method) → (tau2, pooled mean, its se, Q, I²); I² is compared for "DL" only (metafor's PM I² uses τ²).
METAFOR = {
    ("A", "DL"): (
        3.58238878179324e-05,
        0.0311593964013011,
        0.00249707380685402,
        122.424199945244,
        0.959158401670288,
    ),
    ("A", "PM"): (4.2679911663863e-05, 0.0311604660897876, 0.00271627310929753, 122.424199945244, None),
    # B: the UI's example pilots, differences treatment − control, vi = pc(1-pc)/n + pt(1-pt)/n
    ("B-diff", "DL"): (
        3.2228626197175e-05,
        0.00289368586426648,
        0.00251406188381508,
        33.879947035138,
        0.852420076252943,
    ),
    ("B-diff", "PM"): (3.37236337845578e-05, 0.00289768093188961, 0.00256317041691784, 33.879947035138, None),
    # B: all twelve arms as levels
    ("B-levels", "DL"): (
        1.72161832047619e-05,
        0.0309497126164796,
        0.00129290648065875,
        79.6826785017757,
        0.86195243173515,
    ),
    ("B-levels", "PM"): (
        1.85684769624462e-05,
        0.0309527501912811,
        0.00133580992584612,
        79.6826785017757,
        None,
    ),
    # C: Lewis & Rao (2015) retailer, display.R rows c(1:3,5:6): yi = m, vi = s^2/n1 (no rescaling)
    ("C", "DL"): (22.5485676147009, 10.7877947422335, 2.12392587676882, 14530.4684240809, 0.999724716376427),
    ("C", "PM"): (21.0063108028089, 10.7877796761374, 2.05002677169282, 14530.4684240809, None),
}
TABLE_A = pd.DataFrame(
    {
        "rate": [0.031, 0.027, 0.036, 0.022, 0.030, 0.041],
        "n": [20_000, 15_000, 30_000, 12_000, 25_000, 18_000],
    }
)
_RC, _RT = [2.9, 3.1, 2.6, 3.3, 2.8, 3.0], [3.5, 2.8, 3.5, 3.4, 2.3, 4.0]
_N = [10_000, 12_000, 8_000, 15_000, 9_000, 11_000]
TABLE_B = pd.DataFrame(
    {
        "campaign": np.repeat(list("abcdef"), 2),
        "rate": np.ravel(np.column_stack([_RC, _RT])) / 100,
        "n": np.repeat(_N, 2),
    }
)
TABLE_C = pd.DataFrame(
    {
        "mean": [9.49, 10.5, 4.86, 11.47, 17.62],
        "std": [94.28, 111.15, 69.89, 111.37, 132.15],
        "n": [1_257_756, 1_257_756, 1_257_756, 2_535_491, 2_175_855],
    }
)
METHOD = {"DL": "dl", "PM": "iterated"}


def _check(result, key: str, method: str, *, paired: bool = False) -> None:
    tau2, mean, se, q, i2 = METAFOR[(key, method)]
    assert result.tau_squared == pytest.approx(tau2, rel=1e-6)
    assert result.q_statistic == pytest.approx(q, rel=1e-10)
    if i2 is not None:
        assert result.i_squared == pytest.approx(i2, rel=1e-10)
    if paired:
        assert result.mean_difference == pytest.approx(mean, rel=1e-6)
        assert result.mean_difference_se == pytest.approx(se, rel=1e-6)
        assert result.prior_sd == pytest.approx(math.sqrt(tau2 / 2), rel=1e-6)
    else:
        assert result.prior_mean == pytest.approx(mean, rel=1e-9)
        assert result.prior_mean_se == pytest.approx(se, rel=1e-6)
        assert result.prior_sd == pytest.approx(math.sqrt(tau2), rel=1e-6)


@pytest.mark.parametrize("method", ["DL", "PM"])
def test_rates_match_metafor(method: str) -> None:
    """Oracle: R metafor ``rma`` (DL and PM) on six past campaigns' response rates."""
    _check(prior_from_past_campaigns(TABLE_A, method=METHOD[method]), "A", method)


@pytest.mark.parametrize("method", ["DL", "PM"])
def test_paired_pilots_match_metafor(method: str) -> None:
    """Oracle: R metafor on the within-pilot differences (σ = τ_diff/√2) and on all arms (levels)."""
    r = prior_from_past_campaigns(TABLE_B, campaign="campaign", method=METHOD[method])
    assert r.paired and r.n_campaigns == 6 and r.n_rows == 12
    _check(r, "B-diff", method, paired=True)
    tau2, mean, se, _, _ = METAFOR[("B-levels", method)]
    assert r.prior_mean == pytest.approx(mean, rel=1e-9)
    assert r.prior_mean_se == pytest.approx(se, rel=1e-6)
    assert r.level_sd == pytest.approx(math.sqrt(tau2), rel=1e-6)


@pytest.mark.parametrize("method", ["DL", "PM"])
def test_profit_means_match_metafor(method: str) -> None:
    """Oracle: R metafor on Lewis & Rao (2015)'s retailer experiments (means and sds per experiment)."""
    r = prior_from_past_campaigns(TABLE_C, value="mean", std="std", method=METHOD[method])
    assert r.kind == "mean"
    _check(r, "C", method)


def test_display_example_is_close_to_the_papers_bayesian_estimates() -> None:
    """Oracle: published example – the paper's Stan fit of the same five experiments gives μ = 10.36,
    σ = 4.40 (display.R). A random-effects point estimate differs from posterior means of a hierarchical
    Bayesian model with priors on μ and σ, so only closeness (within 6 %) is expected."""
    r = prior_from_past_campaigns(TABLE_C, value="mean", std="std")
    assert r.prior_mean == pytest.approx(10.36044, rel=0.06)
    assert r.prior_sd == pytest.approx(4.39646, rel=0.06)


def test_dersimonian_laird_closed_form() -> None:
    """Oracle: the DerSimonian–Laird estimator written out here (independent of statsmodels)."""
    y = TABLE_A["rate"].to_numpy()
    v = y * (1 - y) / TABLE_A["n"].to_numpy()
    w = 1 / v
    fixed = (w * y).sum() / w.sum()
    q = (w * (y - fixed) ** 2).sum()
    tau2 = max(0.0, (q - (len(y) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    w_re = 1 / (v + tau2)
    r = prior_from_past_campaigns(TABLE_A, method="dl")
    assert r.tau_squared == pytest.approx(tau2, rel=1e-12)
    assert r.prior_mean == pytest.approx((w_re * y).sum() / w_re.sum(), rel=1e-12)
    assert r.prior_mean_se == pytest.approx(1 / math.sqrt(w_re.sum()), rel=1e-12)


def test_no_heterogeneity_gives_zero_spread_and_a_note() -> None:
    """Oracle: closed form – identical rates give Q = 0 < k − 1, so τ² = 0 and the fixed-effect mean."""
    same = pd.DataFrame({"rate": [0.03, 0.03, 0.03], "n": [1_000, 2_000, 3_000]})
    for method in ("dl", "iterated"):
        r = prior_from_past_campaigns(same, method=method)
        assert r.tau_squared == 0 and r.prior_sd == 0 and r.prior_mean == pytest.approx(0.03)
        assert any("no evidence" in note for note in r.notes)


def test_zero_and_full_rates_stay_finite() -> None:
    """Oracle: property – a 0 % or 100 % row gets a smoothed variance, never an infinite weight."""
    table = pd.DataFrame({"rate": [0.0, 0.02, 0.05, 1.0], "n": [500, 800, 900, 10]})
    r = prior_from_past_campaigns(table)
    assert math.isfinite(r.prior_mean) and math.isfinite(r.prior_sd)


@pytest.mark.parametrize(
    ("table", "kwargs", "code"),
    [
        (TABLE_A.rename(columns={"rate": "tasa"}), {}, "prior_column_missing"),
        (TABLE_A.iloc[:1], {}, "too_few_campaigns"),
        (TABLE_B.iloc[:3], {"campaign": "campaign"}, "too_few_campaigns"),
        (pd.concat([TABLE_B, TABLE_B.iloc[:1]]), {"campaign": "campaign"}, "prior_too_many_arms"),
        (TABLE_A.assign(rate=[3.1, 2.7, 3.6, 2.2, 3.0, 4.1]), {}, "rate_as_percent"),
        (TABLE_A, {"method": "reml"}, "bad_choice"),
    ],
)
def test_invalid_tables(table, kwargs, code) -> None:
    """Oracle: the validation contract (brief §5)."""
    with pytest.raises(InputError) as err:
        prior_from_past_campaigns(table, **kwargs)
    assert err.value.code == code


@pytest.mark.parametrize(("mean", "sd"), [(0.005, 0.0035), (0.68, 0.03), (0.3, 0.2)])
def test_beta_prior_from_moments_round_trip(mean: float, sd: float) -> None:
    """Oracle: scipy's Beta distribution has the requested mean and sd."""
    a, b = beta_prior_from_moments(mean, sd)
    assert stats.beta(a, b).mean() == pytest.approx(mean, rel=1e-12)
    assert stats.beta(a, b).std() == pytest.approx(sd, rel=1e-12)


def test_beta_prior_rejects_impossible_spread() -> None:
    """Oracle: closed form – a Beta's sd is below √(m(1 − m))."""
    with pytest.raises(InputError) as err:
        beta_prior_from_moments(0.1, 0.31)
    assert err.value.code == "beta_sd_out_of_range"

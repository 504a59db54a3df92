"""Skewed revenue end to end: Kohavi's rule, the permutation test, engine histograms and capping.

Oracles: scipy ``stats.permutation_test`` with scipy's Welch statistic on the raw rows (an independent
permutation test; p-values agree within their Monte Carlo error: 2,000 splits here, 20,000 there);
numpy on the raw rows (third moments, percentiles with numpy's ``linear`` rule = SQL
``quantile_cont``, capped means); the numpy twin of the engine's binning (bins must be identical);
closed-form round trips (the p-value at an interval's end is the interval's tail level).
"""

from __future__ import annotations

import math

import ibis
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments import ArmStats, Capping, Mean, RatioOfMeans, analyze_pilot
from experiments.analysis.aggregate import fetch
from experiments.analysis.histogram import Histogram
from experiments.analysis.histogram_query import fetch_histograms
from experiments.analysis.pilot_engine import plan_columns
from experiments.analysis.skew import skewness_bounds, verdict


def revenue_pilot(n_control: int, n_treated: int, seed: int, buy_rate: float = 0.03) -> pd.DataFrame:
    """97 % zeros, log-normal (mu 3, sigma 1) amounts otherwise: the issue's revenue."""
    rng = np.random.default_rng(seed)
    n = n_control + n_treated
    buy = rng.random(n) < buy_rate
    return pd.DataFrame(
        {
            "group": np.where(np.arange(n) < n_control, "control", "pilot"),
            "rev": np.where(buy, np.round(rng.lognormal(3, 1, n), 2), 0.0),
            "buy": buy.astype(int),
        }
    )


def welch(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    return stats.ttest_ind(x, y, equal_var=False, axis=axis).statistic


@pytest.fixture(scope="module")
def pilot() -> pd.DataFrame:
    return revenue_pilot(3_000, 300, seed=11)


def test_default_mean_switches_to_the_permutation_test_and_matches_scipy(pilot: pd.DataFrame) -> None:
    """Skewness ~25 with 300 treated customers fails Kohavi's rule: the p-value is a permutation p-value,
    equal to scipy's permutation test of Welch's t on the raw rows within 4 Monte Carlo errors."""
    m = analyze_pilot(pilot, [Mean("rev")]).metrics["rev"]
    assert m.method.startswith("studentized permutation test") and "permutation_test" in {
        n.code for n in m.notes
    }
    t, c = pilot.rev[pilot.group == "pilot"].to_numpy(), pilot.rev[pilot.group == "control"].to_numpy()
    oracle = stats.permutation_test((t, c), welch, n_resamples=20_000, vectorized=True, random_state=1)
    se = 2 * math.sqrt(oracle.pvalue / 2 * (1 - oracle.pvalue / 2) * (1 / 2_000 + 1 / 20_000))
    assert abs(m.pvalue - oracle.pvalue) < 4 * se
    welch_ci = stats.ttest_ind(t, c, equal_var=False).confidence_interval(0.95)
    assert m.effect_size == pytest.approx(t.mean() - c.mean(), rel=1e-12)  # the estimate is unchanged
    assert m.effect_size_ci_lower != pytest.approx(welch_ci.low, rel=1e-3)  # the interval is not


def test_interval_ends_are_where_scipys_permutation_test_crosses_the_tail_level(pilot: pd.DataFrame) -> None:
    """Round trip: shifting the treated rows by an interval end makes scipy's one-sided permutation
    p-value equal to the tail level 0.025 (within Monte Carlo error)."""
    m = analyze_pilot(pilot, [Mean("rev")]).metrics["rev"]
    t, c = pilot.rev[pilot.group == "pilot"].to_numpy(), pilot.rev[pilot.group == "control"].to_numpy()
    for end, alternative in ((m.effect_size_ci_lower, "greater"), (m.effect_size_ci_upper, "less")):
        oracle = stats.permutation_test(
            (t - end, c), welch, n_resamples=20_000, vectorized=True, alternative=alternative, random_state=2
        )
        assert abs(oracle.pvalue - 0.025) < 4 * math.sqrt(0.025 * 0.975 * (1 / 2_000 + 1 / 20_000))


def test_ratio_of_means_uses_the_permutation_test_on_pairs(pilot: pd.DataFrame) -> None:
    """Revenue per buyer: scipy's paired-rows permutation of a numpy delta-method statistic agrees."""
    m = analyze_pilot(pilot, [RatioOfMeans("rev", "buy")]).metrics["rev/buy"]
    assert m.method.startswith("studentized permutation test")
    rows = pilot.assign(t=(pilot.group == "pilot").astype(int))

    def delta(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
        r = a.sum() / b.sum()
        g = np.array([1 / b.mean(), -a.mean() / b.mean() ** 2])
        return r, float(g @ np.cov(np.vstack([a, b])) @ g / a.size)

    def stat(x: np.ndarray, y: np.ndarray) -> float:  # x, y: row indices of the two arms
        (rt, vt), (rc, vc) = (
            delta(rows.rev.to_numpy()[i], rows.buy.to_numpy()[i].astype(float)) for i in (x, y)
        )
        return (rt - rc) / math.sqrt(vt + vc)

    treated, control = np.flatnonzero(rows.t.to_numpy() == 1), np.flatnonzero(rows.t.to_numpy() == 0)
    oracle = stats.permutation_test((treated, control), stat, n_resamples=4_000, random_state=3)
    se = 2 * math.sqrt(oracle.pvalue / 2 * (1 - oracle.pvalue / 2) * (1 / 2_000 + 1 / 4_000))
    assert abs(m.pvalue - oracle.pvalue) < 4 * se + 1e-9


def test_normal_revenue_keeps_welchs_t() -> None:
    """Kohavi's rule holds for symmetric revenue: the readout is Welch's t (scipy on the raw rows)."""
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"group": ["control"] * 800 + ["pilot"] * 800, "rev": rng.normal(100, 15, 1_600)})
    m = analyze_pilot(df, [Mean("rev")]).metrics["rev"]
    t, c = df.rev[800:].to_numpy(), df.rev[:800].to_numpy()
    assert m.method == "Welch t"
    assert m.pvalue == pytest.approx(stats.ttest_ind(t, c, equal_var=False).pvalue, rel=1e-9)


def test_skewness_from_engine_sums_matches_scipy_and_decides_kohavis_rule(pilot: pd.DataFrame) -> None:
    """Third-order sums from the engine → scipy.stats.skew (population skewness) of the raw rows."""
    specs = {"rev": Mean("rev")}
    plans, pairs, triples = plan_columns(specs, {})
    cells = fetch(ibis.memtable(pilot), "group", None, plans, pairs, None, triples).cells
    for cell in cells:
        raw = pilot.rev[pilot.group == cell.arm].to_numpy()
        skew, low, high = skewness_bounds(cell.stats, {"rev": 1.0})
        assert skew == pytest.approx(stats.skew(raw), rel=1e-9)
        assert low <= abs(skew) <= high
        assert verdict(cell.stats, {"rev": 1.0}) == bool(raw.size < 355 * stats.skew(raw) ** 2)


def test_engine_histograms_equal_their_numpy_twin(pilot: pd.DataFrame) -> None:
    """The engine's bins (ln, sqrt, floor in SQL) are the numpy bins, cell for cell."""
    spec = Mean("rev")
    plans, _, _ = plan_columns({"rev": spec}, {})
    y = pilot.rev.to_numpy()
    total = ArmStats(
        n=y.size, sums={"rev": y.sum()}, means={"rev": y.mean()}, variances={"rev": y.var(ddof=1)}
    )
    request = spec.histogram_request(total)
    engine = fetch_histograms(ibis.memtable(pilot), "group", None, plans, request)
    assert engine is not None
    for (arm, _), hist in engine.items():
        v = pilot.rev[pilot.group == arm].to_numpy()
        twin = Histogram.from_values(["rev"], [v], [v], request.centres, request.scales)
        assert set(hist.cells) == set(twin.cells)
        for key, (count, sums) in twin.cells.items():
            assert hist.cells[key][0] == count and hist.cells[key][1] == pytest.approx(sums, rel=1e-12)


@pytest.mark.parametrize(
    ("capping", "lower_q", "upper_q"),
    [(Capping(upper=0.99), None, 0.99), (Capping(lower=0.01, upper=0.995), 0.01, 0.995)],
)
def test_percentile_capping_is_winsorisation_at_the_pooled_percentile(
    pilot: pd.DataFrame, capping: Capping, lower_q: float | None, upper_q: float
) -> None:
    """numpy: clip every row at np.quantile(all rows, q) (linear = SQL quantile_cont), then the means."""
    m = analyze_pilot(pilot, {"capped": Mean("rev", capping=capping)}).metrics["capped"]
    y = pilot.rev.to_numpy()
    lo = None if lower_q is None else np.quantile(y, lower_q)
    clipped = np.clip(y, lo, np.quantile(y, upper_q))
    keep = pilot.group.to_numpy() == "pilot"
    assert m.treatment == pytest.approx(clipped[keep].mean(), rel=1e-12)
    assert m.control == pytest.approx(clipped[~keep].mean(), rel=1e-12)
    assert "capped" in {n.code for n in m.notes}


def test_absolute_capping_on_a_ratio_numerator(pilot: pd.DataFrame) -> None:
    """numpy: revenue clipped at 150 per customer, summed over buyers."""
    m = analyze_pilot(pilot, [RatioOfMeans("rev", "buy", capping=Capping(upper=150, kind="absolute"))])
    r = m.metrics["rev/buy"]
    t = pilot[pilot.group == "pilot"]
    assert r.treatment == pytest.approx(np.clip(t.rev, None, 150).sum() / t.buy.sum(), rel=1e-12)
    note = next(n for n in r.notes if n.code == "capped")
    assert note.params["limits"] == "≤ 150"


def test_bad_capping_is_one_input_error() -> None:
    """Property: each bad capping names its field."""
    from planner_common import InputError

    for make, field in (
        (lambda: Capping(), "capping"),
        (lambda: Capping(upper=99), "upper"),
        (lambda: Capping(lower=0.9, upper=0.1), "lower"),
        (lambda: Mean("rev", capping="p99"), "capping"),
    ):
        with pytest.raises(InputError) as err:
            make()
        assert err.value.params["field"] == field

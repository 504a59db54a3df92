"""The permutation engine and the skewness guard, against exact enumeration and closed forms.

Oracles: scipy's hypergeometric distribution (the law of one atom's share of a uniform random split);
exact enumeration of every split of a small pilot (``itertools.combinations``) for the p-value; scipy's
``ttest_ind`` for the studentized statistic; a closed form (a constant shift of the treated arm moves the
shift interval by the same amount); scipy.stats.skew for the histogram skewness.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments import ArmStats, Mean, analyze_pilot
from experiments.analysis.histogram import Histogram
from experiments.analysis.permutation import draw_splits, permutation_test, welch_statistic
from experiments.analysis.skew import histogram_skewness, verdict


def one_per_atom(values: list[float]) -> tuple[np.ndarray, np.ndarray]:
    v = np.asarray(values, float)
    return np.ones(v.size, dtype=np.int64), np.column_stack([v, np.ones(v.size)])


def test_one_atoms_share_of_a_random_split_is_hypergeometric() -> None:
    """scipy hypergeom(300, 12, 40): chi-square goodness of fit of 20,000 draws (seeded, p > 0.001)."""
    counts = np.array([12, 5, 1, 1, 281])
    draws = draw_splits(counts, 40, 20_000, np.random.default_rng(3))
    assert (draws.sum(axis=1) == 40).all() and (draws <= counts).all()
    k = np.arange(0, 9)
    observed = np.array([(draws[:, 0] == v).sum() for v in k[:-1]] + [(draws[:, 0] >= k[-1]).sum()])
    pmf = stats.hypergeom(300, 12, 40).pmf(k[:-1])
    expected = 20_000 * np.r_[pmf, 1 - pmf.sum()]
    assert stats.chisquare(observed, expected).pvalue > 0.001


def test_welch_statistic_equals_scipy() -> None:
    """scipy.stats.ttest_ind(equal_var=False / True) on the raw values."""
    t, c = np.array([0.0, 0, 3, 9, 40]), np.array([0.0, 1, 2, 2, 5, 0, 0])
    centre = np.array([(t.sum() + c.sum()) / 12, 1.0])

    def sums(v: np.ndarray) -> list[float]:
        a = v - centre[0]
        return [v.size, a.sum(), 0.0, (a * a).sum(), 0.0, 0.0]

    for equal_var in (False, True):
        ours = float(welch_statistic(sums(t), sums(c), centre, equal_var))
        assert ours == pytest.approx(stats.ttest_ind(t, c, equal_var=equal_var).statistic, rel=1e-12)


def test_pvalue_matches_exact_enumeration_of_every_split() -> None:
    """5 + 5 customers: all 252 splits enumerated (mid-p: splits above the observed t, half of those
    tied with it); the Monte Carlo p-value (2,000 splits) is within 4 of its standard errors of it."""
    control, treated = [0.0, 0.0, 1.0, 2.0, 30.0], [0.0, 4.0, 9.0, 12.0, 50.0]
    pooled = np.array(control + treated)
    observed = stats.ttest_ind(treated, control, equal_var=False).statistic
    above = ties = 0
    for chosen in itertools.combinations(range(10), 5):
        mask = np.zeros(10, bool)
        mask[list(chosen)] = True
        t = stats.ttest_ind(pooled[mask], pooled[~mask], equal_var=False).statistic
        above += t > observed + 1e-12
        ties += abs(t - observed) <= 1e-12
    exact = (above + ties / 2) / 252
    r = permutation_test(
        one_per_atom(control), one_per_atom(treated), alpha=0.05, alternative="greater", std_error=9.5
    )
    assert abs(r.pvalue - exact) < 4 * math.sqrt(exact * (1 - exact) / 2_000)


def test_few_buyers_read_the_mid_p_value_of_the_exact_distribution() -> None:
    """10 + 10 customers, the three buyers all treated: every split is enumerated by where the buyers go
    (counted exactly: the non-buyers fill the other places; scipy's Welch t for each split). Many splits tie
    with the observed one, so the one-sided p-value is the mid-p ``P(T* > t) + ½·P(T* = t)`` (0.053);
    counting the ties in full would give 0.105, 7 Monte Carlo errors away."""
    buyers, control, treated = [20.0, 35.0, 50.0], [0.0] * 10, [20.0, 35.0, 50.0] + [0.0] * 7
    observed = stats.ttest_ind(treated, control, equal_var=False).statistic
    above = ties = 0.0
    for k in range(4):  # k buyers in the treated arm, the other 10 − k treated places go to non-buyers
        for chosen in itertools.combinations(range(3), k):
            arm_t = [buyers[i] for i in chosen] + [0.0] * (10 - k)
            arm_c = [buyers[i] for i in range(3) if i not in chosen] + [0.0] * (7 + k)
            weight = math.comb(17, 10 - k) / math.comb(20, 10)  # splits with exactly these buyers treated
            t = stats.ttest_ind(arm_t, arm_c, equal_var=False).statistic
            above += weight * (t > observed + 1e-12)
            ties += weight * (abs(t - observed) <= 1e-12)
    exact = above + ties / 2
    r = permutation_test(
        one_per_atom(control), one_per_atom(treated), alpha=0.05, alternative="greater", std_error=5.0
    )
    se = math.sqrt(exact * (1 - exact) / 2_000)
    assert abs(r.pvalue - exact) < 4 * se
    assert abs(r.pvalue - (above + ties)) > 6 * se


def test_shifting_the_treated_arm_shifts_the_interval() -> None:
    """Closed form: adding 7 to every treated value adds 7 to both ends of the shift interval."""
    control = [0.0, 0, 0, 3, 8, 15, 0, 1, 2, 60]
    treated = [0.0, 5, 0, 9, 4, 20, 0, 33, 2, 1]
    a = permutation_test(
        one_per_atom(control), one_per_atom(treated), alpha=0.1, alternative="two-sided", std_error=7.0
    )
    b = permutation_test(
        one_per_atom(control),
        one_per_atom([v + 7 for v in treated]),
        alpha=0.1,
        alternative="two-sided",
        std_error=7.0,
    )
    tol = 2e-2 * 7.0  # the bisection stops at 1 % of the search step
    assert b.effect_size_ci_lower == pytest.approx(a.effect_size_ci_lower + 7, abs=tol)
    assert b.effect_size_ci_upper == pytest.approx(a.effect_size_ci_upper + 7, abs=tol)


def test_histogram_skewness_equals_scipy() -> None:
    """scipy.stats.skew of the raw values (bins keep exact sums; one value per bin here)."""
    y = np.array([0.0] * 50 + [3.0, 7.5, 12.0, 80.0, 410.0])
    h = Histogram.from_values(["y"], [y], [y], [y.mean()], [y.std()])
    assert histogram_skewness(h, (1.0,)) == pytest.approx(stats.skew(y), rel=1e-9)


def test_a_large_offset_is_decided_from_the_histogram() -> None:
    """Revenue of 1e9 + skewed noise: raw third-order sums lose every digit, so the rule is decided on
    the engine histogram – the readout still switches to the permutation test (scipy.stats.skew ≈ 3,
    so 300 customers are far below 355 · 3² ≈ 3,100)."""
    rng = np.random.default_rng(9)
    noise = rng.lognormal(0, 1, 600)
    y = 1e9 + noise
    df = pd.DataFrame({"group": ["control"] * 300 + ["pilot"] * 300, "rev": y})
    assert stats.skew(noise) > 2.5
    arm = ArmStats(
        n=300,
        sums={"y": y[:300].sum()},
        means={"y": y[:300].mean()},
        variances={"y": y[:300].var(ddof=1)},
        cubes={("y", "y", "y"): float((y[:300] ** 3).sum())},
    )
    assert verdict(arm, {"y": 1.0}) is None  # undecidable from the sums
    m = analyze_pilot(df, [Mean("rev")]).metrics["rev"]
    assert m.method.startswith("studentized permutation test")


def test_beyond_a_billion_customers_the_t_test_stays_with_a_note() -> None:
    """numpy's hypergeometric draws refuse populations of 10⁹ (its documented limit, checked here), so a
    pilot of a billion customers keeps Welch's t – flagged as skewed – instead of failing. Oracle: the
    same statistics scaled to 300,000 customers do ask for the histogram (Kohavi: 355 · skew² ≈ 240,000
    for 97 % zeros, so the 2,000 treated are far below it either way)."""
    from experiments.analysis.pilot import _Arm
    from experiments.analysis.pilot_engine import MAX_CUSTOMERS, _needed
    from validation._sim import arm_stats, revenue

    with pytest.raises(ValueError, match="less than 1000000000"):
        np.random.default_rng(0).hypergeometric(10**9, 5, 3)
    rng = np.random.default_rng(4)
    sample_c, sample_t = (
        arm_stats({"y": revenue(rng, 50_000)["y"]}),
        arm_stats({"y": revenue(rng, 2_000)["y"]}),
    )

    def scaled(stats: ArmStats, n: int) -> _Arm:
        k = n / stats.n
        total = ArmStats(
            n=n,
            sums={c: v * k for c, v in stats.sums.items()},
            means=dict(stats.means),
            variances=dict(stats.variances),
            cubes={c: v * k for c, v in stats.cubes.items()},
        )
        return _Arm(label="x", n=n, total=total)

    spec, treated = Mean("y"), scaled(sample_t, 2_000)
    assert _needed(spec, scaled(sample_c, 300_000), [treated])
    huge = scaled(sample_c, MAX_CUSTOMERS)
    assert not _needed(spec, huge, [treated])
    assert huge.total is not None and treated.total is not None
    m = spec.compare("y", huge.total, treated.total, alpha=0.05, alternative="two-sided")
    assert m.method == "Welch t" and "skewed_no_permutation" in {n.code for n in m.notes}

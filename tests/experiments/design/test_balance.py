"""Balance, representativeness and split checks.

Oracles (per test): R ``t.test`` / ``chisq.test`` outputs pasted with the R call; closed-form SMDs
computed with numpy from the raw rows; round trip (a segmented table equals the table of each segment);
seeded A/A simulation against the normal-theory flag rate.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments import assign, balance_table, check_split, representativeness_table
from planner_common import InputError

# R: x <- c(120.5, 98.0, 143.2, 110.0, 87.5, 132.1, 101.9, 125.0)
#    y <- c(95.0, 102.3, 88.8, 99.9, 121.0, 79.5, 93.1)
#    t.test(x, y, var.equal = FALSE)$p.value  -> 0.0521520002749936
PILOT = [120.5, 98.0, 143.2, 110.0, 87.5, 132.1, 101.9, 125.0]
CONTROL = [95.0, 102.3, 88.8, 99.9, 121.0, 79.5, 93.1]
R_WELCH_P = 0.0521520002749936
# R: chisq.test(matrix(c(30, 45, 25, 50, 40, 60), nrow = 2, byrow = TRUE), correct = FALSE)$p.value
R_CHISQ_P = 0.0063764289832349
# R: chisq.test(c(990, 2010, 7000), p = c(1000, 2000, 7000) / 10000) -> X-squared 0.15, p 0.927743486328553
R_SRM_P, R_SRM_STAT = 0.927743486328553, 0.15


def _spend_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"arm": ["pilot"] * len(PILOT) + ["control"] * len(CONTROL), "gasto": PILOT + CONTROL}
    )


def test_numeric_smd_closed_form_and_welch_p_from_r() -> None:
    row = balance_table(_spend_frame(), covariates=["gasto"]).iloc[0]
    pooled = math.sqrt((np.var(PILOT, ddof=1) + np.var(CONTROL, ddof=1)) / 2)
    assert row["smd"] == pytest.approx((np.mean(PILOT) - np.mean(CONTROL)) / pooled, rel=1e-12)
    assert row["pvalue"] == pytest.approx(R_WELCH_P, rel=1e-9)
    assert (row["arm"], row["reference"], row["n_arm"], row["n_reference"]) == ("pilot", "control", 8, 7)
    assert bool(row["flagged"]) and row["kind"] == "numeric" and row["test"] == "welch-t"


def test_categorical_shares_smd_and_chi_square_from_r() -> None:
    tiers = ["alto", "medio", "bajo"]
    pilot = [t for t, n in zip(tiers, (30, 45, 25), strict=True) for _ in range(n)]
    control = [t for t, n in zip(tiers, (50, 40, 60), strict=True) for _ in range(n)]
    frame = pd.DataFrame({"arm": ["pilot"] * 100 + ["control"] * 150, "tier": pilot + control})
    table = balance_table(frame, covariates=["tier"]).set_index("category")
    assert table["pvalue"].to_numpy() == pytest.approx([R_CHISQ_P] * 3, rel=1e-9)
    p, q = 30 / 100, 50 / 150
    assert table.loc["alto", "mean_arm"] == pytest.approx(p)
    assert table.loc["alto", "smd"] == pytest.approx((p - q) / math.sqrt((p * (1 - p) + q * (1 - q)) / 2))
    assert set(table["kind"]) == {"categorical"}


def test_booleans_and_missing_values_are_categories() -> None:
    frame = pd.DataFrame(
        {
            "arm": ["pilot", "pilot", "control", "control"],
            "opt_in": [True, False, True, True],
            "region": ["RM", None, "RM", "Biobío"],
        }
    )
    table = balance_table(frame, covariates=["opt_in", "region"])
    assert set(zip(table["covariate"], table["category"], strict=True)) == {
        ("opt_in", "true"),
        ("opt_in", "false"),
        ("region", "RM"),
        ("region", "NA"),
        ("region", "Biobío"),
    }
    biobio = table[table["category"] == "Biobío"].iloc[0]
    assert (biobio["mean_arm"], biobio["mean_reference"]) == (0.0, 0.5)


def test_segmented_table_equals_the_table_of_each_segment() -> None:
    rng = np.random.default_rng(11)
    frame = pd.DataFrame(
        {
            "arm": rng.choice(["pilot", "control", "holdout"], 600),
            "zona": rng.choice(["norte", "sur"], 600),
            "x": rng.normal(size=600),
            "tier": rng.choice(["a", "b", "c"], 600),
        }
    )
    both = balance_table(frame, covariates=["x", "tier"], segment="zona")
    for zona, part in frame.groupby("zona"):
        alone = balance_table(part, covariates=["x", "tier"])
        mine = both[both["zona"] == zona].drop(columns="zona").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone, check_dtype=False)
    assert set(both["arm"]) == {"pilot", "holdout"}


def test_several_arms_give_the_tables_of_each_arm_alone() -> None:
    """Round trip: comparing two arms with the control at once = comparing each alone; R for one."""
    tiers = ["alto", "medio", "bajo"]
    rows = {"control": (30, 45, 25), "pilot": (50, 40, 60), "holdout": (5, 40, 5)}
    frame = pd.DataFrame(
        [
            (arm, t)
            for arm, counts in rows.items()
            for t, n in zip(tiers, counts, strict=True)
            for _ in range(n)
        ],
        columns=["arm", "tier"],
    )
    both = balance_table(frame, covariates=["tier"])
    for arm in ("pilot", "holdout"):
        alone = balance_table(frame, covariates=["tier"], arms=[arm])
        mine = both[both["arm"] == arm].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)
    pilot = both[both["arm"] == "pilot"]
    assert pilot["pvalue"].to_numpy() == pytest.approx([R_CHISQ_P] * 3, rel=1e-9)


def test_representativeness_flags_a_pilot_drawn_from_the_best_segment() -> None:
    rng = np.random.default_rng(5)
    tier = rng.choice(["alto", "bajo"], 2_000, p=[0.2, 0.8])
    spend = np.where(tier == "alto", 900.0, 150.0) + rng.normal(0, 50, 2_000)
    arm = np.where((tier == "alto") & (rng.random(2_000) < 0.5), "pilot", "rollout")
    table = representativeness_table(
        pd.DataFrame({"arm": arm, "tier": tier, "gasto": spend}), covariates=["gasto", "tier"]
    )
    assert table["flagged"].all()
    assert set(table["arm"]) == {"pilot"} and set(table["reference"]) == {"rollout"}


def test_split_check_exact_and_against_r() -> None:
    exact = pd.DataFrame({"arm": ["pilot"] * 2_000 + ["control"] * 1_000 + ["rollout"] * 7_000})
    r = check_split(exact, arms={"pilot": 2_000, "control": 1_000})
    assert r.exact and r.pvalue == pytest.approx(1.0) and not r.flagged
    moved = pd.DataFrame({"arm": ["pilot"] * 2_010 + ["control"] * 990 + ["rollout"] * 7_000})
    r = check_split(moved, arms={"pilot": 2_000, "control": 1_000})
    assert not r.exact and not r.flagged
    assert r.statistic == pytest.approx(R_SRM_STAT) and r.pvalue == pytest.approx(R_SRM_P, rel=1e-9)
    stray = pd.DataFrame({"arm": ["pilot"] * 20 + ["control"] * 10 + ["Pilot"] * 3})
    r = check_split(stray, arms={"pilot": 20, "control": 10})
    assert r.flagged and not r.exact and r.notes


def test_errors_name_the_problem() -> None:
    frame = _spend_frame().assign(fecha=pd.Timestamp("2025-01-01"))
    for kwargs, code in [
        ({"covariates": ["gasto"], "control": "testigo"}, "arm_missing"),
        ({"covariates": ["fecha"]}, "covariate_unsupported"),
        ({"covariates": ["edad"]}, "column_not_in_list"),
    ]:
        with pytest.raises(InputError) as info:
            balance_table(frame, **kwargs)
        assert info.value.code == code


@pytest.mark.slow
def test_aa_split_flags_at_the_rate_theory_predicts() -> None:
    """Seeded simulation: 2 000 A/A splits of 600 customers into 300 + 300 (one assign() call, each
    replica a stratum, i.e. an independent draw). Under A/A the SMD is about N(0, sqrt(1/n1 + 1/n2)),
    so P(|SMD| > 0.1) = 2(1 − Φ(0.1 / sqrt(2/300))) = 22.07 %; the same holds for each category share,
    and the chi-square p-value is below 5 % in about 5 % of the splits.
    """
    reps, n = 2_000, 600
    rng = np.random.default_rng(20250612)
    frame = pd.DataFrame(
        {
            "rep": np.repeat(np.arange(reps).astype(str), n),
            "id": np.arange(reps * n),
            "x": rng.normal(100, 15, reps * n),
            "tier": rng.choice(["alto", "medio", "bajo"], reps * n, p=[0.2, 0.3, 0.5]),
        }
    )
    out = assign(
        frame, id_column="id", arms={"pilot": reps * 300, "control": reps * 300}, salt="aa", strata=["rep"]
    ).to_pyarrow()  # computed once, then read by the balance queries
    table = balance_table(out, covariates=["x", "tier"], segment="rep")
    expected = 2 * (1 - stats.norm.cdf(0.1 / math.sqrt(1 / 300 + 1 / 300)))
    numeric = table[table["kind"] == "numeric"]
    shares = table[table["category"] == "alto"]
    tolerance = 4 * math.sqrt(expected * (1 - expected) / reps)  # ± 4 standard errors (≈ 3.7 pp)
    assert len(numeric) == reps and expected == pytest.approx(0.2207, abs=1e-4)
    assert numeric["flagged"].mean() == pytest.approx(expected, abs=tolerance)
    assert shares["flagged"].mean() == pytest.approx(expected, abs=tolerance)
    assert (shares["pvalue"] < 0.05).mean() == pytest.approx(0.05, abs=4 * math.sqrt(0.05 * 0.95 / reps))

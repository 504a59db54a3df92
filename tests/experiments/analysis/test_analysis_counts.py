"""analyze_counts: the readout of typed counts, checked against R and against analyze_pilot on the rows.

Oracles:
* R 4 (numbers pasted below, the calls beside them): ``prop.test(correct = FALSE)`` for each treated arm
  against the control, ``p.adjust(method = "holm")`` across the arms, ``chisq.test(observed, p = w)``
  for the planned split;
* statsmodels ``confint_proportions_2indep(method="newcomb")`` for the interval of the difference;
* ``analyze_pilot`` on the equivalent customer-level frame (one 0/1 row per customer), a different code
  path (one engine aggregate) that must give the same readout, field by field;
* the closed forms of the planned split (5 000 / 20 000 → 20 %).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

from experiments import (
    ArmCounts,
    Proportion,
    analyze_counts,
    analyze_pilot,
    planned_control_share,
    planned_weights,
    verdict,
)
from planner_common import InputError

CONTROL, PILOT_A, PILOT_B = ArmCounts(420, 14_000), ArmCounts(560, 14_000), ArmCounts(455, 13_500)
ARMS = {"control": CONTROL, "piloto A": PILOT_A, "piloto B": PILOT_B}
WEIGHTS = {"control": 0.3, "piloto A": 0.35, "piloto B": 0.35}

# R: c <- c(420, 14000); a <- c(560, 14000); b <- c(455, 13500)
#    prop.test(c(a[1], c[1]), c(a[2], c[2]), correct = FALSE)$p.value; same for b
R_PVALUES = (5.30084970776755e-06, 8.02250126059802e-02)
# R: p.adjust(c(pa$p.value, pb$p.value), "holm")
R_HOLM = (1.06016994155351e-05, 8.02250126059802e-02)
# R: chisq.test(c(14000, 14000, 13500), p = c(0.3, 0.35, 0.35)) -> X-squared, p-value
R_SRM_PLANNED = (2.84279977051061e02, 1.85946207721811e-62)
# R: chisq.test(c(14000, 14000, 13500))  (equal split)
R_SRM_EQUAL = (12.04819277108433973, 0.00241973708919918)
# R: prop.test(c(500, 600), c(2000, 2000), correct = FALSE) -> p-value, conf.int (95 %)
R_CHURN = (0.000398506086538027, -0.077631321731197661, -0.022368678268802310)


@pytest.fixture(scope="module")
def readout():
    return analyze_counts(ARMS, control="control", weights=WEIGHTS)


def test_pvalues_and_holm_match_r(readout) -> None:
    got = [readout.comparisons[arm]["response"] for arm in ("piloto A", "piloto B")]
    assert [m.pvalue for m in got] == pytest.approx(R_PVALUES, rel=1e-9)
    assert [m.pvalue_adjusted for m in got] == pytest.approx(R_HOLM, rel=1e-9)
    assert readout.treatments == ("piloto A", "piloto B")
    assert any(note.code == "holm_across_arms" for note in readout.notes)


def test_planned_split_matches_r(readout) -> None:
    assert (readout.srm.statistic, readout.srm.pvalue) == pytest.approx(R_SRM_PLANNED, rel=1e-9)
    assert readout.srm.flagged and readout.notes[0].code == "srm_flagged"
    equal = analyze_counts(ARMS, control="control")
    assert (equal.srm.statistic, equal.srm.pvalue) == pytest.approx(R_SRM_EQUAL, rel=1e-9)
    ordered = analyze_counts(ARMS, control="control", weights=[0.3, 0.35, 0.35])  # control first
    assert ordered.srm.pvalue == pytest.approx(R_SRM_PLANNED[1], rel=1e-9)


def test_interval_matches_statsmodels_newcombe(readout) -> None:
    m = readout.metrics["response"]
    lo, hi = confint_proportions_2indep(560, 14_000, 420, 14_000, method="newcomb", compare="diff")
    assert (m.effect_size_ci_lower, m.effect_size_ci_upper) == pytest.approx((lo, hi), rel=1e-9)
    assert m.effect_size == pytest.approx(560 / 14_000 - 420 / 14_000, abs=1e-15)
    assert m.incremental == pytest.approx(14_000 * m.effect_size)


def _rows(arms: dict[str, ArmCounts]) -> pd.DataFrame:
    groups, outcomes = [], []
    for name, counts in arms.items():
        groups += [name] * counts.trials
        outcomes += [1] * counts.successes + [0] * (counts.trials - counts.successes)
    return pd.DataFrame({"grupo": groups, "response": outcomes})


def test_same_readout_as_analyze_pilot_on_the_rows(readout) -> None:
    """Typed counts and the customer file they summarise give the same PilotResult."""
    rows = analyze_pilot(_rows(ARMS), {"response": Proportion("response")}, group="grupo", weights=WEIGHTS)
    assert rows.arm_sizes == readout.arm_sizes
    assert (rows.srm.statistic, rows.srm.pvalue) == pytest.approx((readout.srm.statistic, readout.srm.pvalue))
    assert [n.code for n in rows.notes] == [n.code for n in readout.notes]
    for arm in ("piloto A", "piloto B"):
        a, b = rows.comparisons[arm]["response"], readout.comparisons[arm]["response"]
        for field in (
            "control",
            "treatment",
            "effect_size",
            "effect_size_ci_lower",
            "effect_size_ci_upper",
            "rel_effect_size",
            "rel_effect_size_ci_lower",
            "rel_effect_size_ci_upper",
            "pvalue",
            "pvalue_adjusted",
            "statistic",
            "std_error",
            "incremental",
            "incremental_ci_lower",
            "incremental_ci_upper",
        ):
            assert getattr(b, field) == pytest.approx(getattr(a, field), rel=1e-12, abs=1e-15), (arm, field)
        assert (a.n_control, a.n_treatment, a.kind, a.direction) == (
            b.n_control,
            b.n_treatment,
            b.kind,
            b.direction,
        )


def test_a_decrease_metric_is_better_when_churn_falls() -> None:
    churn = analyze_counts(
        {"control": ArmCounts(600, 2_000), "sms": ArmCounts(500, 2_000)},
        control="control",
        direction="decrease",
        metric_name="churn",
    )
    m = churn.metrics["churn"]
    assert m.pvalue == pytest.approx(R_CHURN[0], rel=1e-9)
    assert m.direction == "decrease" and m.effect_size == pytest.approx(-0.05)
    assert verdict(m, 0.05) == "better"
    assert verdict(m, 0.0001) == "inconclusive"  # p = 0.0004 is not below 0.0001


def test_verdict_follows_the_direction_and_the_adjusted_pvalue(readout) -> None:
    """Property: significant gains are "better", significant losses "worse"; Holm decides, not raw p."""
    assert verdict(readout.comparisons["piloto A"]["response"], 0.05) == "better"
    b = readout.comparisons["piloto B"]["response"]
    assert b.pvalue_adjusted > 0.05 and verdict(b, 0.05) == "inconclusive"
    worse = analyze_counts({"c": ArmCounts(560, 14_000), "t": ArmCounts(420, 14_000)}, control="c")
    assert verdict(worse.metrics["response"], 0.05) == "worse"


def test_labels_are_trimmed_and_the_control_is_matched_loosely() -> None:
    r = analyze_counts({" Control ": CONTROL, "piloto": PILOT_A}, control="control")
    assert r.control == "Control" and r.treatments == ("piloto",)


@pytest.mark.parametrize(
    ("arms", "control", "code"),
    [
        ({"control": CONTROL}, "control", "arm_labels_not_distinct"),
        ({"control": CONTROL, " control": PILOT_A}, "control", "arm_labels_not_distinct"),
        ({"control": CONTROL, "": PILOT_A}, "control", "arm_labels_not_distinct"),
        ({"control": CONTROL, "piloto": PILOT_A}, "testigo", "counts_control_not_found"),
        ({"control": ArmCounts(0, 0), "piloto": PILOT_A}, "control", "zero_control_customers"),
        ({"control": CONTROL, "piloto": (560, 14_000)}, "control", "bad_arm"),
        (
            [("control", CONTROL), ("piloto", PILOT_A), ("piloto ", PILOT_B)],
            "control",
            "arm_labels_not_distinct",
        ),
    ],
)
def test_invalid_counts_raise_a_coded_error(arms, control, code) -> None:
    with pytest.raises(InputError) as info:
        analyze_counts(arms, control=control)
    assert info.value.code == code


def test_planned_split_closed_forms() -> None:
    assert planned_control_share(n_control=5_000, n_treatment=20_000) == 0.2
    assert planned_control_share(2, n_control=1_000, n_treatment=2_000) == pytest.approx(1 / 5)
    assert planned_control_share(3) == 0.25
    weights = planned_weights("control", ["a", "b", "c"], control_share=0.4)
    assert weights == pytest.approx({"control": 0.4, "a": 0.2, "b": 0.2, "c": 0.2})
    assert math.fsum(weights.values()) == pytest.approx(1.0)
    assert planned_weights("control", [], control_share=0.4) == {"control": 1.0}


@pytest.mark.parametrize(
    ("arms", "direction", "leader"),
    [
        # Oracle: the rates by hand. Higher response is better: B (3,0 %) beats A (2,2 %) and C (1,8 %).
        ({"A": (110, 5_000), "B": (150, 5_000), "C": (90, 5_000)}, "increase", "B"),
        # The same counts as churn: fewer leavers is better, so C (1,8 %) leads.
        ({"A": (110, 5_000), "B": (150, 5_000), "C": (90, 5_000)}, "decrease", "C"),
        # Rates, not counts: A has more responders (300 of 20 000 = 1,5 %) but B converts 2,0 %.
        ({"A": (300, 20_000), "B": (100, 5_000)}, "increase", "B"),
    ],
)
def test_leading_arm_is_the_best_rate_in_the_good_direction(arms, direction, leader):
    counts = {"control": ArmCounts(100, 5_000)} | {k: ArmCounts(*v) for k, v in arms.items()}
    result = analyze_counts(counts, control="control", direction=direction)
    assert result.leading_arm("response") == leader
    # An unknown metric has no estimate: the default is the first treated arm, never an error.
    assert result.leading_arm("revenue") == next(iter(arms))

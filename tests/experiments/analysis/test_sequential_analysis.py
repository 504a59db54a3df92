"""Confidence sequences and the group-sequential test at each look.

Oracles: GrowthBook gbstats (``gbstats_reference_sequential_results.py``, generated in a scratch
environment by ``gbstats_reference_sequential.py``; the gbstats call beside every row); the bounds of
:func:`sequential_bounds` (checked against rpact in tests/experiments/design); the fixed-horizon Wald test
of :func:`compare_proportions` / :func:`compare_means` for a single look at the planned size; properties.
"""

from __future__ import annotations

import math

import pytest
from gbstats_reference_sequential_results import GBSTATS

from experiments import (
    ArmCounts,
    ArmMoments,
    compare_means,
    compare_proportions,
    confidence_sequence,
    group_sequential_test,
    sequential_bounds,
)
from experiments.analysis._sequential_inputs import halfwidth as _halfwidth
from experiments.analysis._sequential_inputs import sequential_rho
from planner_common import InputError


def _arm(kind: str, values: tuple) -> ArmCounts | ArmMoments:
    if kind == "proportion":
        return ArmCounts(values[0], values[1])
    total, squares, n = values  # gbstats' SampleMeanStatistic(sum, sum_squares, n)
    return ArmMoments(n, total / n, math.sqrt((squares - total * total / n) / (n - 1)))


def _ours(row: dict) -> tuple[float, float, float, float]:
    r = confidence_sequence(
        _arm(row["kind"], row["control"]),
        _arm(row["kind"], row["treatment"]),
        tuning_n=row["tuning_n"],
        alpha=row["alpha"],
        alternative=row["alternative"],
    )
    if row["difference"] == "relative":
        return r.rel_effect_size, r.rel_effect_size_ci_lower, r.rel_effect_size_ci_upper, r.rel_pvalue
    return r.effect_size, r.effect_size_ci_lower, r.effect_size_ci_upper, r.pvalue


ID = "{kind}-{difference}-{alternative}-{tuning_n}".format


@pytest.mark.parametrize("row", GBSTATS, ids=lambda r: ID(**r))
def test_confidence_sequence_agrees_with_gbstats(row: dict) -> None:
    """gbstats Sequential*TTest(...).compute_result(): estimate and interval to 1e-9, two-sided p to 1e-9."""
    estimate, lower, upper, pvalue = _ours(row)
    assert estimate == pytest.approx(row["expected"], abs=1e-9)
    assert (lower, upper) == pytest.approx(row["ci"], abs=1e-9)
    if row["alternative"] == "two-sided":
        assert pvalue == pytest.approx(row["pvalue"], abs=1e-9, rel=1e-9)


@pytest.mark.parametrize(
    "row", [r for r in GBSTATS if r["alternative"] != "two-sided"], ids=lambda r: ID(**r)
)
def test_one_sided_pvalue_is_gbstats_bisection_solved_exactly(row: dict) -> None:
    """gbstats bisects alpha (clipped to [1e-5, 0.4999]) until the bound is within 1e-6 of 0 and returns the
    next midpoint (so its bound is within ~1e-5 of 0);
    ours solves that equation in closed form: at alpha = p the bound is exactly 0 (round trip), and
    gbstats' p meets its own stopping rule on our interval."""
    estimate, _, _, pvalue = _ours(row)
    c, t = _arm(row["kind"], row["control"]), _arm(row["kind"], row["treatment"])
    r = confidence_sequence(
        c, t, tuning_n=row["tuning_n"], alpha=row["alpha"], alternative=row["alternative"]
    )
    n = r.n_control + r.n_treatment
    se = r.std_error if row["difference"] == "absolute" else _rel_se(r, estimate)
    signed = estimate if row["alternative"] == "greater" else -estimate
    if row["pvalue"] >= 0.4999:
        assert pvalue >= 0.4999
    elif row["pvalue"] <= 1e-5:
        assert pvalue <= 1e-5
    else:
        assert abs(signed - _halfwidth(se * se * n, n, r.rho, row["pvalue"], False)) < 1e-5
    if 0 < pvalue < 1:
        assert _halfwidth(se * se * n, n, r.rho, pvalue, False) == pytest.approx(signed, rel=1e-9)


def _rel_se(r: object, estimate: float) -> float:
    half = r.rel_effect_size_ci_upper - estimate  # type: ignore[attr-defined]
    if math.isinf(half):
        half = estimate - r.rel_effect_size_ci_lower  # type: ignore[attr-defined]
    n = r.n_control + r.n_treatment  # type: ignore[attr-defined]
    return half / _halfwidth(n, n, r.rho, r.alpha, False) if half else 0.0  # type: ignore[attr-defined]


def test_rho_matches_gbstats_formula_for_one_and_two_sided() -> None:
    """Closed form (Waudby-Smith et al. eq. 161): ρ² = (−2 ln a + ln(−2 ln a + 1)) / N*, a = α or 2α."""
    a = 0.05
    assert sequential_rho(a, 5_000) ** 2 == pytest.approx(
        (-2 * math.log(a) + math.log(-2 * math.log(a) + 1)) / 5_000
    )
    assert sequential_rho(a, 5_000, two_sided=False) == pytest.approx(sequential_rho(2 * a, 5_000))


def test_confidence_sequence_is_wider_than_the_fixed_interval() -> None:
    """Property: the price of looking at will is a wider interval than the fixed-horizon Wald one."""
    c, t = ArmCounts(260, 10_000), ArmCounts(300, 10_000)
    cs = confidence_sequence(c, t, tuning_n=20_000)
    fixed = compare_proportions(c, t, ci_method="wald")
    assert (
        cs.effect_size_ci_lower
        < fixed.effect_size_ci_lower
        < fixed.effect_size_ci_upper
        < cs.effect_size_ci_upper
    )


# ------------------------------------------------------------------ group-sequential test --------------


def _equal_looks(k: int, per_look: int, rate_c: float, rate_t: float) -> list[tuple[ArmCounts, ArmCounts]]:
    return [
        (
            ArmCounts(round(rate_c * per_look * j), per_look * j),
            ArmCounts(round(rate_t * per_look * j), per_look * j),
        )
        for j in range(1, k + 1)
    ]


@pytest.mark.parametrize(("spending", "rho"), [("obrien-fleming", None), ("pocock", None), ("power", 2.0)])
def test_bounds_at_planned_looks_are_the_designs(spending: str, rho: float | None) -> None:
    """Looks at exactly 1/4, 2/4, 3/4 of the plan use sequential_bounds([.25, .5, .75, ...]) (rpact-checked)."""
    looks = _equal_looks(3, 1_000, 0.02, 0.021)
    r = group_sequential_test(
        looks, planned_n_control=4_000, planned_n_treatment=4_000, spending=spending, rho=rho
    )
    design = sequential_bounds([0.25, 0.5, 0.75, 1.0], spending=spending, rho=rho)
    assert [x.bound for x in r.looks] == pytest.approx(design.z_bounds[:3], abs=1e-12)
    assert [x.information_fraction for x in r.looks] == pytest.approx([0.25, 0.5, 0.75])
    assert r.decision == "continue" and r.stopped_at is None and not r.complete


def test_one_look_at_the_plan_is_the_fixed_wald_test() -> None:
    """compare_proportions(ci_method='wald'): a single look at the planned size has bound 1.96 and the
    repeated interval is the Wald interval; compare_means gives the Welch interval's normal version."""
    c, t = ArmCounts(100, 5_000), ArmCounts(600, 20_000)
    r = group_sequential_test([(c, t)], planned_n_control=5_000, planned_n_treatment=20_000)
    wald = compare_proportions(c, t, ci_method="wald")
    look = r.looks[0]
    assert look.bound == pytest.approx(1.959963984540054, abs=1e-12)
    assert (look.effect_size_ci_lower, look.effect_size_ci_upper) == pytest.approx(
        (wald.effect_size_ci_lower, wald.effect_size_ci_upper), abs=1e-12
    )
    assert r.decision == "benefit" and r.stopped_at == 1 and r.complete
    m_c, m_t = ArmMoments(4_000, 52.0, 30.0), ArmMoments(4_000, 54.0, 31.0)
    means = group_sequential_test([(m_c, m_t)], planned_n_control=4_000, planned_n_treatment=4_000)
    welch = compare_means(m_c, m_t)
    assert means.looks[0].std_error == pytest.approx(welch.std_error, rel=1e-12)


def test_information_is_the_harmonic_sample_size() -> None:
    """Definition: (1/n_C + 1/n_T) planned over reached; 500 + 2,000 of a 1,000 + 4,000 plan is half."""
    look = (ArmCounts(10, 500), ArmCounts(50, 2_000))
    r = group_sequential_test([look], planned_n_control=1_000, planned_n_treatment=4_000)
    assert r.looks[0].information_fraction == pytest.approx(0.5)


def test_a_look_past_the_plan_spends_the_rest_of_alpha_and_ends_the_test() -> None:
    looks = (
        _equal_looks(2, 3_000, 0.02, 0.02)
        + _equal_looks(3, 3_000, 0.02, 0.02)[2:]
        + [(ArmCounts(250, 12_000), ArmCounts(250, 12_000))]
    )
    r = group_sequential_test(looks, planned_n_control=8_000, planned_n_treatment=8_000)
    assert [x.information_fraction for x in r.looks] == pytest.approx([0.375, 0.75, 1.125])
    assert r.looks[-1].alpha_spent == 0.05 and r.complete
    assert r.decision == "inconclusive" and r.stopped_at is None
    assert any("ignored" in note for note in r.notes)


def test_the_repeated_interval_excludes_zero_exactly_when_a_bound_is_crossed() -> None:
    """Property (Jennison & Turnbull 1989): effect ± bound·SE excludes 0 ⇔ |z| ≥ bound."""
    for rate_t in (0.020, 0.022, 0.024, 0.026, 0.018, 0.015):
        r = group_sequential_test(
            _equal_looks(5, 2_000, 0.02, rate_t), planned_n_control=10_000, planned_n_treatment=10_000
        )
        for look in r.looks:
            excludes = look.effect_size_ci_lower > 0 or look.effect_size_ci_upper < 0
            assert excludes == (look.decision in ("benefit", "harm"))


def test_direction_and_one_sided_alternatives() -> None:
    harmful = _equal_looks(2, 5_000, 0.05, 0.07)  # churn up by 2 points
    r = group_sequential_test(
        harmful, planned_n_control=10_000, planned_n_treatment=10_000, direction="decrease"
    )
    assert r.decision == "harm"
    greater = group_sequential_test(
        harmful, planned_n_control=10_000, planned_n_treatment=10_000, alternative="greater"
    )
    assert greater.looks[0].bound == pytest.approx(
        sequential_bounds([0.5, 1], alternative="greater").z_bounds[0]
    )
    assert greater.looks[0].effect_size_ci_upper == math.inf
    less = group_sequential_test(
        harmful, planned_n_control=10_000, planned_n_treatment=10_000, alternative="less"
    )
    assert less.decision == "inconclusive"  # the effect is in the other direction: never stops


def test_a_day_without_new_customers_repeats_the_look() -> None:
    looks = _equal_looks(2, 1_000, 0.02, 0.02)
    r = group_sequential_test(
        [looks[0], looks[0], looks[1]], planned_n_control=4_000, planned_n_treatment=4_000
    )
    assert r.looks[1].bound == r.looks[0].bound and r.looks[1].look == 2
    assert r.looks[2].bound == pytest.approx(sequential_bounds([0.25, 0.5, 1]).z_bounds[1])


@pytest.mark.parametrize(
    ("looks", "code"),
    [
        ([], "no_looks"),
        ([(ArmCounts(1, 10),)], "bad_look"),
        ([(ArmCounts(1, 10), ArmMoments(10, 1.0, 1.0))], "mixed_arms"),
        ([(ArmCounts(1, 10), ArmCounts(2, 10)), (ArmCounts(1, 9), ArmCounts(2, 10))], "looks_not_cumulative"),
        ([(ArmCounts(0, 0), ArmCounts(2, 10))], "empty_arm"),
        ([("a", "b")], "bad_arm"),
    ],
)
def test_bad_looks_raise_a_coded_error(looks: list, code: str) -> None:
    with pytest.raises(InputError) as err:
        group_sequential_test(looks, planned_n_control=100, planned_n_treatment=100)
    assert err.value.code == code


def test_bad_tuning_n_raises() -> None:
    with pytest.raises(InputError) as err:
        confidence_sequence(ArmCounts(1, 10), ArmCounts(2, 10), tuning_n=0)
    assert err.value.code == "too_small" and err.value.params["field"] == "tuning_n"

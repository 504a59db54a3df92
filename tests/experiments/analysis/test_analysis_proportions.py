"""compare_proportions against R, statsmodels and the worked example of docs/formulas.md §2.

Oracles: R 4.2 ``prop.test`` (with and without continuity correction), ``chisq.test`` and
``fisher.test`` (outputs pasted in ``r_reference_analysis.py`` with the R call beside each row);
statsmodels ``confint_proportions_2indep`` (Newcombe, Agresti–Caffo, Katz log ratio) as an independent
library; the published worked example of docs/formulas.md §2; closed-form properties.
"""

from __future__ import annotations

import math

import pytest
from r_reference_analysis import CHISQ_TEST, FISHER_TEST, PROP_TEST
from statsmodels.stats.proportion import confint_proportions_2indep

from experiments import ArmCounts, compare_proportions
from planner_common import InputError

REL = 1e-8


def close(a: float, b: float, rel: float = REL) -> bool:
    if math.isinf(b) or math.isnan(b):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == pytest.approx(b, rel=rel, abs=1e-300)


def arms(case: dict) -> tuple[ArmCounts, ArmCounts]:
    return ArmCounts(case["xc"], case["nc"]), ArmCounts(case["xt"], case["nt"])


@pytest.mark.parametrize(
    "case", PROP_TEST, ids=lambda c: f"{c['xt']}/{c['nt']}-{c['xc']}/{c['nc']}-{c['alternative']}"
)
def test_z_test_and_wald_interval_match_r_prop_test(case: dict) -> None:
    """R: prop.test(c(xt, xc), c(nt, nc), alternative, conf.level, correct = FALSE)."""
    r = compare_proportions(
        *arms(case), alpha=case["alpha"], alternative=case["alternative"], test="z", ci_method="wald"
    )
    assert close(r.statistic**2, case["x2"])
    assert math.copysign(1, r.statistic) == math.copysign(1, r.effect_size)
    assert close(r.pvalue, case["p"])
    assert close(r.effect_size_ci_lower, case["ci"][0])
    assert close(r.effect_size_ci_upper, case["ci"][1])


@pytest.mark.parametrize(
    "case", PROP_TEST, ids=lambda c: f"{c['xt']}/{c['nt']}-{c['xc']}/{c['nc']}-{c['alternative']}"
)
def test_chi2_yates_matches_r_prop_test_with_correction(case: dict) -> None:
    """R: prop.test(c(xt, xc), c(nt, nc), alternative, correct = TRUE) – statistic and p-value."""
    r = compare_proportions(*arms(case), alternative=case["alternative"], test="chi2-yates")
    assert close(r.statistic, case["x2_yates"])
    assert close(r.pvalue, case["p_yates"])


@pytest.mark.parametrize("case", CHISQ_TEST, ids=lambda c: f"{c['xt']}/{c['nt']}-{c['xc']}/{c['nc']}")
def test_two_sided_tests_match_r_chisq_test(case: dict) -> None:
    """R: chisq.test(matrix(...), correct = FALSE) = z²; correct = TRUE = Yates."""
    z = compare_proportions(*arms(case), test="z")
    yates = compare_proportions(*arms(case), test="chi2-yates")
    assert close(z.statistic**2, case["x2"]) and close(z.pvalue, case["p"])
    assert close(yates.statistic, case["x2_yates"]) and close(yates.pvalue, case["p_yates"])


@pytest.mark.parametrize(
    "case", FISHER_TEST, ids=lambda c: f"{c['xt']}/{c['nt']}-{c['xc']}/{c['nc']}-{c['alternative']}"
)
def test_fisher_matches_r_fisher_test(case: dict) -> None:
    """R: fisher.test(matrix(...), alternative). The odds ratio is R's conditional MLE, which R finds
    with uniroot at its default tolerance (~1e-4), so it is compared at 1e-3; the p-value at 1e-8."""
    r = compare_proportions(*arms(case), alternative=case["alternative"], test="fisher")
    assert close(r.pvalue, case["p"])
    assert r.statistic == pytest.approx(case["odds_ratio"], rel=1e-3, abs=1e-12)


CI_CASES = [
    (600, 20000, 100, 5000),
    (30, 200, 20, 210),
    (5, 40, 1, 38),
    (0, 50, 4, 50),
    (600, 20000, 0, 5000),
    (95, 100, 80, 100),
    (7, 7000, 3, 2000),
    (1, 10, 9, 10),
]


@pytest.mark.parametrize("xt, nt, xc, nc", CI_CASES)
@pytest.mark.parametrize("alpha", [0.05, 0.1])
def test_newcombe_and_agresti_caffo_match_statsmodels(
    xt: int, nt: int, xc: int, nc: int, alpha: float
) -> None:
    """statsmodels confint_proportions_2indep(method="newcomb" / "agresti-caffo"), count1 = treatment."""
    control, treatment = ArmCounts(xc, nc), ArmCounts(xt, nt)
    for ours, theirs in (("newcombe", "newcomb"), ("agresti-caffo", "agresti-caffo")):
        r = compare_proportions(control, treatment, alpha=alpha, ci_method=ours)
        low, upp = confint_proportions_2indep(xt, nt, xc, nc, method=theirs, compare="diff", alpha=alpha)
        assert close(r.effect_size_ci_lower, float(low)) and close(r.effect_size_ci_upper, float(upp))


@pytest.mark.parametrize("xt, nt, xc, nc", [c for c in CI_CASES if c[0] and c[2]])
def test_relative_interval_is_statsmodels_log_ratio(xt: int, nt: int, xc: int, nc: int) -> None:
    """statsmodels confint_proportions_2indep(method="log", compare="ratio") – the Katz interval."""
    r = compare_proportions(ArmCounts(xc, nc), ArmCounts(xt, nt))
    low, upp = confint_proportions_2indep(xt, nt, xc, nc, method="log", compare="ratio")
    assert close(r.rel_effect_size_ci_lower, float(low) - 1) and close(
        r.rel_effect_size_ci_upper, float(upp) - 1
    )


def test_one_sided_newcombe_is_the_two_sided_bound_at_twice_alpha() -> None:
    """Closed form: a one-sided (1 - a) bound is one end of the two-sided (1 - 2a) interval (statsmodels)."""
    control, treatment = ArmCounts(100, 5000), ArmCounts(600, 20000)
    greater = compare_proportions(control, treatment, alternative="greater")
    less = compare_proportions(control, treatment, alternative="less")
    low, upp = confint_proportions_2indep(600, 20000, 100, 5000, method="newcomb", alpha=0.10)
    assert close(greater.effect_size_ci_lower, float(low)) and greater.effect_size_ci_upper == 1.0
    assert close(less.effect_size_ci_upper, float(upp)) and less.effect_size_ci_lower == -1.0


def test_worked_example_of_formulas_section_2() -> None:
    """Published example (docs/formulas.md §2): 600/20 000 treated vs 100/5 000 control."""
    r = compare_proportions(ArmCounts(100, 5000), ArmCounts(600, 20000))
    assert (r.control, r.treatment) == (0.02, 0.03)
    assert r.effect_size == pytest.approx(0.01)
    assert 20000 * r.effect_size == pytest.approx(200)  # incremental responders
    assert r.rel_effect_size == pytest.approx(0.5)
    assert round(r.std_error * 100, 3) == 0.232  # SE(u) = 0,232 pp
    assert (round(r.effect_size_ci_lower * 100, 2), round(r.effect_size_ci_upper * 100, 2)) == (0.52, 1.43)
    assert round(r.effect_size / r.std_error, 2) == 4.31  # z = 4,31 (unpooled SE)
    assert (round(r.rel_effect_size_ci_lower, 3), round(r.rel_effect_size_ci_upper, 3)) == (0.217, 0.849)
    wald = compare_proportions(ArmCounts(100, 5000), ArmCounts(600, 20000), ci_method="wald")
    assert (round(wald.effect_size_ci_lower * 100, 2), round(wald.effect_size_ci_upper * 100, 2)) == (
        0.55,
        1.45,
    )


def test_worked_example_zero_control_agresti_caffo() -> None:
    """Published example (docs/formulas.md §2): 600/20 000 vs 0/5 000 → u = 3,00 pp, AC CI [2,74; 3,22] pp,
    relative lift undefined and said so, rule of three bound 3/N_C = 0,06 %."""
    r = compare_proportions(ArmCounts(0, 5000), ArmCounts(600, 20000), ci_method="agresti-caffo")
    assert r.effect_size == pytest.approx(0.03)
    assert (round(r.effect_size_ci_lower * 100, 2), round(r.effect_size_ci_upper * 100, 2)) == (2.74, 3.22)
    assert math.isnan(r.rel_effect_size) and math.isnan(r.rel_effect_size_ci_lower)
    note = next(n for n in r.notes if n.code == "zero_control_responders")
    assert "relative lift is undefined" in note and note.params["bound"] == pytest.approx(0.0006)


def test_small_expected_counts_suggest_fisher() -> None:
    """Closed form: expected cell = n_min · min(p, 1 - p) of the pooled rate; < 5 → note (not with Fisher)."""
    small = compare_proportions(ArmCounts(1, 38), ArmCounts(5, 40))
    assert any(n.code == "fisher_suggested" for n in small.notes)
    exact = compare_proportions(ArmCounts(1, 38), ArmCounts(5, 40), test="fisher")
    assert not any(n.code == "fisher_suggested" for n in exact.notes)
    big = compare_proportions(ArmCounts(100, 5000), ArmCounts(600, 20000))
    assert not big.notes


@pytest.mark.parametrize(
    "control, treatment, flagged",
    [
        (ArmCounts(30, 99), ArmCounts(40, 1000), True),  # 99 customers
        (ArmCounts(24, 1000), ArmCounts(40, 1000), True),  # 24 responders
        (ArmCounts(25, 100), ArmCounts(25, 100), False),
    ],
)
def test_insufficient_data_note(control: ArmCounts, treatment: ArmCounts, flagged: bool) -> None:
    """Rule of the issue: fewer than 100 customers or 25 responders in an arm → "insufficient data"."""
    notes = compare_proportions(control, treatment).notes
    assert any(n.code == "insufficient_data" and "Insufficient data" in n for n in notes) == flagged


def test_swapping_arms_mirrors_the_result() -> None:
    """Property: swapping control and treatment negates the effect and mirrors every interval."""
    a, b = ArmCounts(30, 200), ArmCounts(20, 210)
    for method in ("newcombe", "wald", "agresti-caffo"):
        r, s = compare_proportions(a, b, ci_method=method), compare_proportions(b, a, ci_method=method)
        assert r.effect_size == pytest.approx(-s.effect_size)
        assert r.effect_size_ci_lower == pytest.approx(-s.effect_size_ci_upper)
        assert r.pvalue == pytest.approx(s.pvalue)


def test_no_responders_at_all_gives_nan_not_an_error() -> None:
    """Undefined maths → nan: 0/100 vs 0/100 has no test statistic."""
    r = compare_proportions(ArmCounts(0, 100), ArmCounts(0, 100))
    assert math.isnan(r.statistic) and math.isnan(r.pvalue) and r.effect_size == 0


@pytest.mark.parametrize(
    "kwargs, code",
    [
        (dict(control=ArmCounts(0, 0), treatment=ArmCounts(5, 100)), "empty_arm"),
        (dict(control=(10, 100), treatment=ArmCounts(5, 100)), "bad_arm"),
        (dict(control=ArmCounts(1, 10), treatment=ArmCounts(5, 100), test="t"), "bad_choice"),
        (dict(control=ArmCounts(1, 10), treatment=ArmCounts(5, 100), ci_method="exact"), "bad_choice"),
        (dict(control=ArmCounts(1, 10), treatment=ArmCounts(5, 100), alpha=5), "rate_as_percent"),
        (dict(control=ArmCounts(1, 10), treatment=ArmCounts(5, 100), alternative="larger"), "bad_choice"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict, code: str) -> None:
    """Boundary checks: each bad argument raises InputError with its code."""
    with pytest.raises(InputError) as err:
        compare_proportions(**kwargs)
    assert err.value.code == code


@pytest.mark.parametrize(
    "args, code",
    [((11, 10), "successes_exceed_trials"), ((-1, 10), "too_small"), ((1.5, 10), "not_an_integer")],
)
def test_arm_counts_refuse_impossible_counts(args: tuple, code: str) -> None:
    """ArmCounts: responders cannot exceed customers, counts are whole and non-negative."""
    with pytest.raises(InputError) as err:
        ArmCounts(*args)
    assert err.value.code == code

"""Group-sequential bounds and design characteristics.

Oracles: R rpact (``r_reference_sequential.py``, generator ``r_reference_sequential.R``, the rpact call
beside every row); R mvtnorm's deterministic Miwa integration for the looks that spend less than 1e-4
(``r_reference_sequential_mvtnorm.py``), where rpact's own fixed 91-point grid and its bisection on
probabilities are not accurate; closed forms (a single look, the first look); properties.
"""

from __future__ import annotations

import math

import pytest
from r_reference_sequential import BOUNDS, CHARACTERISTICS
from r_reference_sequential_mvtnorm import MIWA
from scipy import stats

from experiments import sequential_bounds
from experiments.design._sequential_power import characteristics
from experiments.design.sequential import spend
from planner_common import InputError

RPACT_RELIABLE_SPEND = 1e-4  # rpact places bounds that spend less than this only to ~1e-3 in z (see MIWA)


def _ours(case: dict) -> object:
    return sequential_bounds(
        case["fractions"],
        alpha=case["alpha"],
        spending=case["spending"],
        rho=case["rho"],
        alternative=case["alternative"],
    )


def _increments(cumulative: tuple[float, ...]) -> list[float]:
    return [cumulative[0]] + [b - a for a, b in zip(cumulative, cumulative[1:], strict=False)]


@pytest.mark.parametrize(
    "case", BOUNDS, ids=lambda c: f"{c['spending']}-{len(c['fractions'])}-{c['spacing']}"
)
def test_bounds_agree_with_rpact(case: dict) -> None:
    """rpact getDesignGroupSequential (call in the reference file): |Δz| ≤ 1e-5 at every look rpact places
    reliably (it spends ≥ 1e-4); O'Brien-Fleming's first looks spend less and are checked by mvtnorm."""
    result = _ours(case)
    spends = _increments(result.alpha_spent)
    checked = 0
    for k, (ours, ref) in enumerate(zip(result.z_bounds, case["z"], strict=True)):
        if math.isinf(ref) or spends[k] < RPACT_RELIABLE_SPEND:
            continue
        assert ours == pytest.approx(ref, abs=1e-5), f"look {k + 1}"
        checked += 1
    assert checked >= 1
    assert result.alpha_spent[-1] == case["alpha"]
    assert result.alpha_spent[-1] == pytest.approx(case["alpha_spent"][-1], abs=1e-6)


def test_every_family_and_spacing_is_compared_with_rpact() -> None:
    seen = {
        (c["spending"], c["spacing"], len(c["fractions"])) for c in BOUNDS if c["alternative"] == "two-sided"
    }
    for family in ("obrien-fleming", "pocock", "power"):
        for spacing in ("equal", "irregular"):
            assert {k for f, s, k in seen if f == family and s == spacing} == set(range(2, 21))


@pytest.mark.parametrize("case", MIWA, ids=lambda c: c["spacing"])
def test_tiny_spends_hit_the_spending_function_by_mvtnorm(case: dict) -> None:
    """mvtnorm Miwa: at our bounds each look spends α(t_k) − α(t_{k−1}). The mismatch, turned into the
    bound error it implies (ΔP / 2φ(c)), is ≤ 1e-5 in z wherever Miwa resolves the spend (≥ 1e-9; below
    that its absolute error, ~1e-13, exceeds the spend's sensitivity to z)."""
    result = sequential_bounds(case["fractions"] + (1.0,))
    assert result.z_bounds[:6] == pytest.approx(case["ours"], rel=1e-9)  # the bounds the check was run at
    spends = _increments(result.alpha_spent)[:6]
    checked = 0
    for k, (target, miwa, bound) in enumerate(zip(spends, case["spent_at_ours"], case["ours"], strict=True)):
        if target >= 1e-9:
            assert abs(miwa - target) / (2 * stats.norm.pdf(bound)) <= 1e-5, f"look {k + 1}"
            checked += 1
    assert checked >= 3


def test_rpact_misses_tiny_spends_which_is_why_they_are_checked_by_mvtnorm() -> None:
    """mvtnorm Miwa at rpact's bound for look 3 of a 20-look O'Brien-Fleming design spends 13 % too little."""
    equal = next(c for c in MIWA if c["spacing"] == "equal")
    target = _increments(sequential_bounds(equal["fractions"] + (1.0,)).alpha_spent)[2]
    assert abs(equal["spent_at_rpact"][2] / target - 1) > 0.1


@pytest.mark.parametrize("case", BOUNDS[::7], ids=lambda c: f"{c['spending']}-{len(c['fractions'])}")
def test_first_look_is_the_normal_quantile_of_its_spend(case: dict) -> None:
    """Closed form: nothing happened before look 1, so its bound is Φ⁻¹(1 − α(t₁)/sides)."""
    result = _ours(case)
    sides = 2 if case["alternative"] == "two-sided" else 1
    assert result.z_bounds[0] == pytest.approx(stats.norm.isf(result.alpha_spent[0] / sides), rel=1e-10)


@pytest.mark.parametrize(
    ("alternative", "quantile"), [("two-sided", 0.975), ("greater", 0.95), ("less", 0.95)]
)
def test_a_single_look_is_the_fixed_test(alternative: str, quantile: float) -> None:
    result = sequential_bounds([1.0], alternative=alternative)
    assert result.z_bounds[0] == pytest.approx(stats.norm.ppf(quantile), abs=1e-12)
    assert result.nominal_pvalues[0] == pytest.approx(0.05, abs=1e-12)


def test_spending_functions_match_their_formulas() -> None:
    """Closed forms of the issue: 2 − 2Φ(z_{1−α/4}/√t) per tail, α·ln(1 + (e − 1)t), α·t^ρ."""
    t = 0.3
    assert spend(t, alpha=0.05, spending="obrien-fleming") == pytest.approx(
        2 * (2 - 2 * stats.norm.cdf(stats.norm.ppf(1 - 0.05 / 4) / math.sqrt(t))), rel=1e-12
    )
    assert spend(t, alpha=0.05, spending="pocock") == pytest.approx(0.05 * math.log(1 + (math.e - 1) * t))
    assert spend(t, alpha=0.05, spending="power", rho=2.5) == pytest.approx(0.05 * t**2.5)


def test_one_sided_directions_share_their_bounds() -> None:
    fractions = [0.2, 0.45, 0.7, 1.0]
    assert sequential_bounds(fractions, alternative="less") == sequential_bounds(
        fractions, alternative="greater"
    ).__class__(**{**_fields(sequential_bounds(fractions, alternative="greater")), "alternative": "less"})


def _fields(result: object) -> dict:
    return {name: getattr(result, name) for name in result.__dataclass_fields__}  # type: ignore[attr-defined]


def test_fifty_daily_looks_are_supported_and_bounds_decrease() -> None:
    """Property: O'Brien-Fleming bounds fall as information accrues; the last is above the fixed 1.96."""
    result = sequential_bounds([(k + 1) / 50 for k in range(50)])
    finite = [z for z in result.z_bounds if math.isfinite(z)]
    assert all(a > b for a, b in zip(finite, finite[1:], strict=False))
    assert 1.96 < result.z_bounds[-1] < 2.3


def test_a_plan_that_ends_early_spends_part_of_alpha() -> None:
    result = sequential_bounds([0.25, 0.5], spending="pocock")
    assert result.alpha_spent[-1] == pytest.approx(0.05 * math.log(1 + (math.e - 1) * 0.5))
    assert result.notes


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"information_fractions": []}, "no_looks", "information_fractions"),
        ({"information_fractions": [0.5, 0.5, 1.0]}, "fractions_not_increasing", "information_fractions"),
        ({"information_fractions": [0.5, 1.2]}, "fraction_out_of_range", "information_fractions"),
        ({"information_fractions": [0.0, 1.0]}, "fraction_out_of_range", "information_fractions"),
        (
            {"information_fractions": [(k + 1) / 51 for k in range(51)]},
            "too_many_looks",
            "information_fractions",
        ),
        ({"information_fractions": ["a"]}, "bad_fractions", "information_fractions"),
        ({"information_fractions": [1.0], "spending": "haybittle"}, "bad_choice", "spending"),
        ({"information_fractions": [1.0], "spending": "power"}, "rho_required", "rho"),
        ({"information_fractions": [1.0], "rho": 2}, "rho_not_used", "rho"),
        ({"information_fractions": [1.0], "alpha": 5}, "rate_as_percent", "alpha"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict, code: str, field: str) -> None:
    with pytest.raises(InputError) as err:
        sequential_bounds(**kwargs)
    assert err.value.code == code and err.value.params["field"] == field


@pytest.mark.parametrize("case", CHARACTERISTICS, ids=lambda c: f"{c['spending']}-{len(c['fractions'])}")
def test_inflation_factor_and_expected_size_agree_with_rpact(case: dict) -> None:
    """rpact getDesignCharacteristics (twoSidedPower = TRUE for two-sided designs): inflation factor,
    expected sizes over the fixed size under H1 and H0, and the cumulative power by look."""
    ch = characteristics(
        case["fractions"],
        alpha=case["alpha"],
        spending=case["spending"],
        rho=case["rho"],
        alternative=case["alternative"],
        power=case["power"],
    )
    assert ch.inflation_factor == pytest.approx(case["inflation_factor"], abs=1e-5)
    assert ch.drift**2 == pytest.approx(case["shift"], rel=1e-5)
    assert ch.expected_size_ratio == pytest.approx(case["asn_h1"], abs=1e-5)
    assert ch.expected_size_ratio_null == pytest.approx(case["asn_h0"], abs=1e-5)
    assert ch.at_drift(ch.drift).cumulative == pytest.approx(case["power_by_look"], abs=1e-5)

"""The sizing engine against R (oracle: R 4.2.2 ``stats`` and ``pwr`` 1.3.0).

Every expected value was produced by R and is stored, with the R call beside it, in
``r_reference_sizing.py`` (generator: ``r_reference_sizing.R``). Acceptance of issue 2:

* proportions ``"normal"``, equal split: ``n_control == ceiling(n)`` of ``power.prop.test(..., strict =
  TRUE)`` and the power at that n to 1e-9 relative;
* proportions ``"arcsine"``: the power of ``pwr.2p2n.test`` at unequal n to 1e-9 relative (and
  ``ceiling(n)`` of ``pwr.2p.test`` for equal arms);
* means ``"t"``: ``ceiling(n)`` of ``power.t.test(..., strict = TRUE)`` and the power of ``pwr.t2n.test``
  at unequal n to 1e-8 relative.
"""

from __future__ import annotations

import math

import pytest
from r_reference_sizing import (
    ARCSINE_N,
    ARCSINE_POWER,
    PROP_TEST_N,
    PROP_TEST_POWER,
    T2N_POWER,
    T_TEST_N,
)

from experiments import (
    power_curve,
    power_curve_by_n,
    power_curve_means,
    power_curve_means_by_n,
    power_two_means,
    power_two_proportions,
    sample_size_two_means,
    sample_size_two_proportions,
)

R_CASES = (
    len(PROP_TEST_N)
    + len(PROP_TEST_POWER)
    + len(ARCSINE_POWER)
    + len(ARCSINE_N)
    + len(T_TEST_N)
    + len(T2N_POWER)
)


def rel(expected: float, tol: float) -> object:
    return pytest.approx(expected, rel=tol, abs=0)


def test_the_reference_covers_the_acceptance_grid() -> None:
    """At least 40 R cases spanning baselines 0.2 %–40 %, lifts 3 %–50 %, alpha 0.01–0.10, splits."""
    assert R_CASES >= 40
    baselines = {c["baseline_rate"] for c in PROP_TEST_N + ARCSINE_POWER}
    lifts = {abs(c["rel_effect_size"]) for c in PROP_TEST_N}
    alphas = {c["alpha"] for c in PROP_TEST_N + ARCSINE_POWER + T2N_POWER}
    splits = {c["n_treatment"] / c["n_control"] for c in ARCSINE_POWER + T2N_POWER}
    assert min(baselines) == 0.002 and max(baselines) == 0.4
    assert min(lifts) == 0.03 and max(lifts) == 0.5
    assert min(alphas) == 0.01 and max(alphas) == 0.1
    assert {1.0, 4.0, 0.25, 9.0, 1 / 9} <= splits
    assert {c["alternative"] for c in PROP_TEST_N} == {"two-sided", "greater", "less"}


@pytest.mark.parametrize(
    "case",
    PROP_TEST_N,
    ids=lambda c: f"{c['baseline_rate']}-{c['rel_effect_size']}-{c['alpha']}-{c['power']}-{c['alternative']}",
)
def test_normal_sample_size_is_the_ceiling_of_power_prop_test(case: dict) -> None:
    res = sample_size_two_proportions(
        case["baseline_rate"],
        rel_effect_size=case["rel_effect_size"],
        alpha=case["alpha"],
        power=case["power"],
        alternative=case["alternative"],
    )
    n = math.ceil(case["n"])
    assert (res.n_control, res.n_treatment, res.n_total) == (n, n, 2 * n)
    assert res.treatment_rate == rel(case["p2"], 1e-15)
    assert res.power == rel(case["power_at_ceiling"], 1e-9)
    below = power_two_proportions(
        case["baseline_rate"],
        res.treatment_rate,
        n_control=n - 1,
        n_treatment=n - 1,
        alpha=case["alpha"],
        alternative=case["alternative"],
    )
    assert below.power == rel(case["power_below"], 1e-9)


@pytest.mark.parametrize("case", PROP_TEST_POWER, ids=lambda c: f"{c['baseline_rate']}-{c['n']}")
def test_normal_power_matches_power_prop_test(case: dict) -> None:
    res = power_two_proportions(
        case["baseline_rate"],
        case["treatment_rate"],
        n_control=case["n"],
        n_treatment=case["n"],
        alpha=case["alpha"],
        alternative=case["alternative"],
    )
    assert res.power == rel(case["power"], 1e-9)
    curve = power_curve(
        case["baseline_rate"],
        n_control=case["n"],
        n_treatment=case["n"],
        effect_sizes=[case["treatment_rate"] - case["baseline_rate"]],
        alpha=case["alpha"],
        alternative=case["alternative"],
    )
    assert curve["power"].iloc[0] == rel(case["power"], 1e-9)


@pytest.mark.parametrize(
    "case",
    ARCSINE_POWER,
    ids=lambda c: f"{c['baseline_rate']}-{c['n_control']}-{c['n_treatment']}-{c['alternative']}",
)
def test_arcsine_power_matches_pwr_2p2n_test(case: dict) -> None:
    kwargs = dict(
        n_control=case["n_control"],
        n_treatment=case["n_treatment"],
        alpha=case["alpha"],
        alternative=case["alternative"],
        method="arcsine",
    )
    res = power_two_proportions(case["baseline_rate"], case["treatment_rate"], **kwargs)
    assert res.power == rel(case["power"], 1e-9)
    curve = power_curve(case["baseline_rate"], effect_sizes=[res.effect_size], **kwargs)
    assert curve["power"].iloc[0] == rel(case["power"], 1e-9)


@pytest.mark.parametrize("case", ARCSINE_N, ids=lambda c: f"{c['baseline_rate']}-{c['rel_effect_size']}")
def test_arcsine_sample_size_is_the_ceiling_of_pwr_2p_test(case: dict) -> None:
    res = sample_size_two_proportions(
        case["baseline_rate"],
        rel_effect_size=case["rel_effect_size"],
        alpha=case["alpha"],
        power=case["power"],
        alternative=case["alternative"],
        method="arcsine",
    )
    assert res.n_control == res.n_treatment == math.ceil(case["n"])


@pytest.mark.parametrize("case", T_TEST_N, ids=lambda c: f"{c['std']}-{c['effect_size']}-{c['alternative']}")
def test_t_sample_size_is_the_ceiling_of_power_t_test(case: dict) -> None:
    res = sample_size_two_means(
        case["std"],
        effect_size=case["effect_size"],
        alpha=case["alpha"],
        power=case["power"],
        alternative=case["alternative"],
    )
    n = math.ceil(case["n"])
    assert (res.n_control, res.n_treatment, res.n_total) == (n, n, 2 * n)
    assert res.power == rel(case["power_at_ceiling"], 1e-8)
    below = power_two_means(
        case["std"],
        case["effect_size"],
        n_control=n - 1,
        n_treatment=n - 1,
        alpha=case["alpha"],
        alternative=case["alternative"],
    )
    assert below.power == rel(case["power_below"], 1e-8)


@pytest.mark.parametrize(
    "case",
    T2N_POWER,
    ids=lambda c: f"{c['std']}-{c['effect_size']}-{c['n_control']}-{c['n_treatment']}-{c['alternative']}",
)
def test_t_power_matches_pwr_t2n_test(case: dict) -> None:
    kwargs = dict(
        n_control=case["n_control"],
        n_treatment=case["n_treatment"],
        alpha=case["alpha"],
        alternative=case["alternative"],
    )
    assert power_two_means(case["std"], case["effect_size"], **kwargs).power == rel(case["power"], 1e-8)
    curve = power_curve_means(case["std"], effect_sizes=[case["effect_size"]], **kwargs)
    assert curve["power"].iloc[0] == rel(case["power"], 1e-8)


@pytest.mark.parametrize("case", PROP_TEST_N[::5], ids=lambda c: f"{c['baseline_rate']}")
def test_power_by_n_curve_matches_power_prop_test(case: dict) -> None:
    n = math.ceil(case["n"])
    curve = power_curve_by_n(
        case["baseline_rate"],
        rel_effect_size=case["rel_effect_size"],
        n_controls=[n - 1, n],
        alpha=case["alpha"],
        alternative=case["alternative"],
    )
    assert curve["power"].tolist() == [rel(case["power_below"], 1e-9), rel(case["power_at_ceiling"], 1e-9)]


@pytest.mark.parametrize("case", T_TEST_N[::3], ids=lambda c: f"{c['std']}-{c['effect_size']}")
def test_power_by_n_curve_matches_power_t_test(case: dict) -> None:
    n = math.ceil(case["n"])
    curve = power_curve_means_by_n(
        case["std"],
        effect_size=case["effect_size"],
        n_controls=[n - 1, n],
        alpha=case["alpha"],
        alternative=case["alternative"],
    )
    assert curve["power"].tolist() == [rel(case["power_below"], 1e-8), rel(case["power_at_ceiling"], 1e-8)]

"""Round trips and properties of the sizing engine (oracles: round trip, property, closed form).

* Round trip: the sample size reaches the target power and one customer fewer in the control does not;
  the MDE at given arms has exactly the target power and sizing for it needs no more than those arms.
* Properties (hypothesis): power rises with n, alpha and the size of the effect; mirror symmetries.
* Closed form: with no effect the power of every method is alpha.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from experiments import (
    mde_two_means,
    mde_two_proportions,
    power_two_means,
    power_two_proportions,
    sample_size_two_means,
    sample_size_two_proportions,
)

ALTERNATIVES = ("two-sided", "greater", "less")
baselines = st.floats(0.002, 0.4)
lifts = st.floats(0.03, 0.5)
alphas = st.floats(0.01, 0.1)
powers = st.floats(0.6, 0.95)
ratios = st.sampled_from([1.0, 4.0, 0.25, 9.0, 1 / 9, 1.5, 2 / 3])
prop_methods = st.sampled_from(["normal", "arcsine"])
mean_methods = st.sampled_from(["t", "normal"])
alternatives = st.sampled_from(ALTERNATIVES)
arm_sizes = st.integers(20, 200_000)


def _signed(lift: float, alternative: str) -> float:
    return -lift if alternative == "less" else lift


@given(baselines, lifts, alphas, powers, ratios, alternatives, prop_methods)
def test_proportion_sample_size_is_the_smallest_reaching_power(
    p, lift, alpha, power, ratio, alternative, method
) -> None:
    res = sample_size_two_proportions(
        p,
        rel_effect_size=_signed(lift, alternative),
        alpha=alpha,
        power=power,
        ratio=ratio,
        alternative=alternative,
        method=method,
    )
    assert res.n_treatment == max(2, math.ceil(ratio * res.n_control - 1e-9))
    common = dict(alpha=alpha, alternative=alternative, method=method)
    at = power_two_proportions(
        p, res.treatment_rate, n_control=res.n_control, n_treatment=res.n_treatment, **common
    )
    assert at.power == res.power >= power
    if res.n_control > 2:
        smaller = res.n_control - 1
        below = power_two_proportions(
            p,
            res.treatment_rate,
            n_control=smaller,
            n_treatment=max(2, math.ceil(ratio * smaller - 1e-9)),
            **common,
        )
        assert below.power < power


@given(st.floats(0.5, 500), st.floats(0.01, 1.5), alphas, powers, ratios, alternatives, mean_methods)
def test_mean_sample_size_is_the_smallest_reaching_power(
    std, d, alpha, power, ratio, alternative, method
) -> None:
    effect = _signed(d * std, alternative)
    res = sample_size_two_means(
        std, effect_size=effect, alpha=alpha, power=power, ratio=ratio, alternative=alternative, method=method
    )
    common = dict(alpha=alpha, alternative=alternative, method=method)
    at = power_two_means(std, effect, n_control=res.n_control, n_treatment=res.n_treatment, **common)
    assert at.power == res.power >= power
    if res.n_control > 2:
        smaller = res.n_control - 1
        below = power_two_means(
            std, effect, n_control=smaller, n_treatment=max(2, math.ceil(ratio * smaller - 1e-9)), **common
        )
        assert below.power < power


@given(baselines, arm_sizes, arm_sizes, alphas, powers, alternatives, prop_methods)
def test_proportion_mde_round_trip(p, n_c, n_t, alpha, power, alternative, method) -> None:
    mde = mde_two_proportions(
        p, n_control=n_c, n_treatment=n_t, alpha=alpha, power=power, alternative=alternative, method=method
    )
    if math.isnan(mde.effect_size):  # no rate in (0, 1) is detectable: even the extreme one falls short
        extreme = 1e-9 if alternative == "less" else 1 - 1e-9
        assert (
            power_two_proportions(
                p,
                extreme,
                n_control=n_c,
                n_treatment=n_t,
                alpha=alpha,
                alternative=alternative,
                method=method,
            ).power
            < power
        )
        return
    assert (mde.effect_size < 0) == (alternative == "less")
    assert mde.treatment_rate == pytest.approx(p * (1 + mde.rel_effect_size), rel=1e-12)
    back = power_two_proportions(
        p,
        mde.treatment_rate,
        n_control=n_c,
        n_treatment=n_t,
        alpha=alpha,
        alternative=alternative,
        method=method,
    )
    assert back.power == pytest.approx(power, rel=1e-9)


@given(st.floats(0.5, 500), arm_sizes, arm_sizes, alphas, powers, alternatives, mean_methods)
def test_mean_mde_round_trip(std, n_c, n_t, alpha, power, alternative, method) -> None:
    mde = mde_two_means(
        std, n_control=n_c, n_treatment=n_t, alpha=alpha, power=power, alternative=alternative, method=method
    )
    assert (mde.effect_size < 0) == (alternative == "less")
    back = power_two_means(
        std,
        mde.effect_size,
        n_control=n_c,
        n_treatment=n_t,
        alpha=alpha,
        alternative=alternative,
        method=method,
    )
    assert back.power == pytest.approx(power, rel=1e-9)


@given(baselines, lifts, prop_methods, alternatives)
def test_sizing_for_the_mde_needs_no_more_than_the_arms(p, lift, method, alternative) -> None:
    res = sample_size_two_proportions(
        p, rel_effect_size=_signed(lift, alternative), method=method, alternative=alternative
    )
    mde = mde_two_proportions(
        p, n_control=res.n_control, n_treatment=res.n_treatment, method=method, alternative=alternative
    )
    assert abs(mde.effect_size) <= abs(res.effect_size) * (1 + 1e-9)
    again = sample_size_two_proportions(
        p, effect_size=mde.effect_size * (1 + 1e-9), method=method, alternative=alternative
    )
    assert again.n_control <= res.n_control


@given(baselines, lifts, arm_sizes, arm_sizes, alphas, alternatives, prop_methods)
def test_proportion_power_rises_with_n_alpha_and_effect(
    p, lift, n_c, n_t, alpha, alternative, method
) -> None:
    p_t = p * (1 + _signed(lift, alternative))

    def power(**kw: float) -> float:
        args = dict(n_control=n_c, n_treatment=n_t, alpha=alpha, treatment_rate=p_t) | kw
        rate = args.pop("treatment_rate")
        return power_two_proportions(p, rate, alternative=alternative, method=method, **args).power

    base = power()
    assert power(alpha=min(alpha * 1.5, 0.2)) >= base
    if method == "normal" and base < 2 * alpha:
        # Near the null the "normal" method (pooled spread under H0, unpooled under H1, as R's
        # power.prop.test) is not monotone: e.g. p=0.0625, lift 6.25 %, n 20/26, alpha 0.0625 gives
        # 0.061904, and a 1.5x larger lift 0.061893. The properties below hold away from the null.
        return
    assert power(n_control=n_c * 2, n_treatment=n_t * 2) >= base
    if method == "arcsine":  # pooled "normal": growing one small arm alone can shift p̄ and cost power
        assert power(n_control=n_c * 2) >= base
        assert power(n_treatment=n_t * 2) >= base
    assert power(treatment_rate=p * (1 + 1.5 * _signed(lift, alternative))) >= base


@given(st.floats(0.5, 500), st.floats(0.01, 1.0), arm_sizes, arm_sizes, alphas, alternatives, mean_methods)
def test_mean_power_rises_with_each_arm_alpha_and_effect(
    std, d, n_c, n_t, alpha, alternative, method
) -> None:
    effect = _signed(d * std, alternative)

    def power(**kw: float) -> float:
        args = dict(n_control=n_c, n_treatment=n_t, alpha=alpha) | kw
        return power_two_means(
            std, args.pop("effect", effect), alternative=alternative, method=method, **args
        ).power

    base = power()
    assert power(n_control=n_c + 50) >= base
    assert power(n_treatment=n_t + 50) >= base
    assert power(alpha=min(alpha * 1.5, 0.2)) >= base
    assert power(effect=effect * 1.5) >= base


@given(st.floats(0.5, 500), st.floats(-2, 2), arm_sizes, arm_sizes, alphas)
def test_mean_power_mirror_symmetry(std, d, n_c, n_t, alpha) -> None:
    """A decrease tested with "less" has the power of the same increase tested with "greater"."""
    kwargs = dict(n_control=n_c, n_treatment=n_t, alpha=alpha)
    for method in ("t", "normal"):
        less = power_two_means(std, -d * std, alternative="less", method=method, **kwargs).power
        greater = power_two_means(std, d * std, alternative="greater", method=method, **kwargs).power
        assert less == pytest.approx(greater, rel=1e-12, abs=1e-300)
        two = [power_two_means(std, s * d * std, method=method, **kwargs).power for s in (1, -1)]
        assert two[0] == pytest.approx(two[1], rel=1e-12, abs=1e-300)


@given(baselines, lifts, arm_sizes, arm_sizes, alphas, prop_methods)
def test_proportion_power_mirror_symmetries(p, lift, n_c, n_t, alpha, method) -> None:
    """Relabelling responders as non-responders, or swapping the arms, flips the direction only."""
    p_t = p * (1 + lift)
    kwargs = dict(alpha=alpha, method=method)
    greater = power_two_proportions(p, p_t, n_control=n_c, n_treatment=n_t, alternative="greater", **kwargs)
    flipped = power_two_proportions(
        1 - p, 1 - p_t, n_control=n_c, n_treatment=n_t, alternative="less", **kwargs
    )
    swapped = power_two_proportions(p_t, p, n_control=n_t, n_treatment=n_c, alternative="less", **kwargs)
    assert flipped.power == pytest.approx(greater.power, rel=1e-9)
    assert swapped.power == pytest.approx(greater.power, rel=1e-9)


@pytest.mark.parametrize("alternative", ALTERNATIVES)
@pytest.mark.parametrize("n", [(10, 10), (500, 4_500), (90_000, 10_000)])
def test_no_effect_has_power_alpha(alternative: str, n: tuple[int, int]) -> None:
    """Closed form: with treatment = control every test rejects with probability alpha."""
    kwargs = dict(n_control=n[0], n_treatment=n[1], alpha=0.05, alternative=alternative)
    for method in ("normal", "arcsine"):
        assert power_two_proportions(0.03, 0.03, method=method, **kwargs).power == pytest.approx(
            0.05, rel=1e-12
        )
    for method in ("t", "normal"):
        assert power_two_means(10, 0.0, method=method, **kwargs).power == pytest.approx(0.05, rel=1e-12)


@given(baselines, lifts, powers)
def test_sample_size_falls_with_effect_and_alpha_and_rises_with_power(p, lift, power) -> None:
    def n(**kw: float) -> int:
        args = dict(rel_effect_size=lift, power=power, alpha=0.05) | kw
        return sample_size_two_proportions(p, **args).n_control

    base = n()
    assert n(rel_effect_size=lift * 1.2) <= base
    assert n(alpha=0.1) <= base
    assert n(power=min(power + 0.03, 0.99)) >= base


def test_one_sided_needs_fewer_customers_than_two_sided() -> None:
    """Property: the same lift tested one-sided rejects more often, so needs a smaller pilot."""
    two = sample_size_two_proportions(0.03, rel_effect_size=0.2)
    one = sample_size_two_proportions(0.03, rel_effect_size=0.2, alternative="greater")
    assert one.n_control < two.n_control

"""Power curves for charts (oracles: closed form and property; their values against R are checked in
``test_sizing_r_reference.py``).

Closed form: at zero lift every method has power alpha; ``n_treatment = ceil(ratio · n_control)`` and
``n_total = n_control + k · n_treatment``. Properties: default grids are increasing, start at no lift
(or at 2 customers) and run past 80 % power; "less" curves go down.
"""

from __future__ import annotations

import numpy as np
import pytest

from experiments import (
    mde_two_proportions,
    power_curve,
    power_curve_by_n,
    power_curve_means,
    power_curve_means_by_n,
    sample_size_two_proportions,
)
from planner_common import InputError


@pytest.mark.parametrize("method", ["normal", "arcsine"])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_default_lift_curve_starts_at_alpha_and_rises_past_80_percent(method: str, alternative: str) -> None:
    curve = power_curve(0.02, n_control=5_000, n_treatment=20_000, alternative=alternative, method=method)
    assert list(curve.columns) == ["effect_size", "rel_effect_size", "treatment_rate", "power"]
    assert len(curve) == 41
    assert curve["effect_size"].iloc[0] == 0 and curve["power"].iloc[0] == pytest.approx(0.05, rel=1e-12)
    sign = -1 if alternative == "less" else 1
    assert (np.diff(sign * curve["effect_size"]) > 0).all()
    assert (np.diff(curve["power"]) > 0).all() and curve["power"].iloc[-1] > 0.95
    assert np.allclose(curve["treatment_rate"], 0.02 + curve["effect_size"], rtol=0, atol=1e-15)
    assert np.allclose(curve["rel_effect_size"], curve["effect_size"] / 0.02, rtol=1e-12)


def test_lift_curve_stays_inside_0_1_when_80_percent_is_out_of_reach() -> None:
    curve = power_curve(0.3, n_control=2, n_treatment=2, alpha=0.01)
    mde = mde_two_proportions(0.3, n_control=2, n_treatment=2, alpha=0.01)
    assert np.isnan(mde.effect_size)
    assert curve["treatment_rate"].between(0, 1, inclusive="neither").all()
    assert curve["treatment_rate"].iloc[-1] == pytest.approx(1, abs=1e-6)


@pytest.mark.parametrize("method", ["t", "normal"])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_default_means_curve(method: str, alternative: str) -> None:
    curve = power_curve_means(
        45, n_control=2_000, n_treatment=8_000, alternative=alternative, method=method, n_points=100
    )
    assert list(curve.columns) == ["effect_size", "standardized_effect", "power"] and len(curve) == 100
    assert curve["power"].iloc[0] == pytest.approx(0.05, rel=1e-12)
    assert (np.diff(curve["power"]) > 0).all() and curve["power"].iloc[-1] > 0.95
    assert np.allclose(curve["standardized_effect"] * 45, curve["effect_size"], rtol=1e-12)
    assert (curve["effect_size"].iloc[-1] < 0) == (alternative == "less")


@pytest.mark.parametrize(("ratio", "k"), [(1.0, 1), (9.0, 1), (0.25, 3)])
def test_default_size_curve_counts_every_arm_and_crosses_the_sizing(ratio: float, k: int) -> None:
    curve = power_curve_by_n(0.02, rel_effect_size=0.25, ratio=ratio, n_treatments=k)
    assert list(curve.columns) == ["n_control", "n_treatment", "n_total", "power"]
    assert curve["n_control"].iloc[0] == 2 and (np.diff(curve["n_control"]) > 0).all()
    assert (curve["n_treatment"] == np.maximum(2, np.ceil(ratio * curve["n_control"] - 1e-9))).all()
    assert (curve["n_total"] == curve["n_control"] + k * curve["n_treatment"]).all()
    assert (np.diff(curve["power"]) >= 0).all() and curve["power"].iloc[-1] > 0.95
    n = sample_size_two_proportions(0.02, rel_effect_size=0.25, ratio=ratio, n_treatments=k).n_control
    at = power_curve_by_n(0.02, rel_effect_size=0.25, ratio=ratio, n_treatments=k, n_controls=[n - 1, n])
    assert at["power"].iloc[0] < 0.8 <= at["power"].iloc[1]


def test_means_size_curve_and_its_grid() -> None:
    curve = power_curve_means_by_n(
        45, effect_size=-1.5, alternative="less", ratio=4, n_treatments=2, n_points=100
    )
    assert len(curve) == 100 and (np.diff(curve["power"]) > 0).all()
    assert (curve["n_total"] == curve["n_control"] + 2 * curve["n_treatment"]).all()


def test_curve_inputs_are_validated() -> None:
    with pytest.raises(InputError) as info:
        power_curve(0.02, n_control=100, n_treatment=100, effect_sizes=[0.01, 0.99])
    assert info.value.code == "rate_outside_unit" and info.value.params["field"] == "effect_sizes"
    with pytest.raises(InputError) as info:
        power_curve(0.02, n_control=100, n_treatment=100, effect_sizes=[])
    assert info.value.code == "empty_grid"
    with pytest.raises(InputError) as info:
        power_curve_by_n(0.02, effect_size=0.01, n_controls=[1, 100])
    assert info.value.code == "too_small" and info.value.params["field"] == "n_controls"
    with pytest.raises(InputError) as info:
        power_curve_means_by_n(45, effect_size=2, alternative="less")
    assert info.value.code == "effect_against_alternative"
    with pytest.raises(InputError) as info:
        power_curve_means(45, n_control=100, n_treatment=100, n_points=1)
    assert info.value.code == "too_small" and info.value.params["field"] == "n_points"

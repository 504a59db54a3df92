"""Validation, several treatments, the fit in the customer base and the pilot's duration.

Oracles: closed form (Bonferroni alpha / k, n_total = n_control + k·n_treatment, population − n_total,
ceil(n_total / daily_volume)), round trip (the MDE with the whole base has exactly the target power at
the whole-base split) and the catalogs (every error code the engine raises has a sentence in es and en).
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from experiments import (
    mde_two_means,
    mde_two_proportions,
    power_two_means,
    power_two_proportions,
    sample_size_two_means,
    sample_size_two_proportions,
)
from planner_common import InputError

ROOT = Path(__file__).resolve().parents[3]
SIZE = sample_size_two_proportions


def raises(code: str, field: str | None = None):
    class _Check:
        def __enter__(self) -> _Check:
            self.ctx = pytest.raises(InputError)
            self.info = self.ctx.__enter__()
            return self

        def __exit__(self, *exc: object) -> bool:
            handled = self.ctx.__exit__(*exc)
            assert self.info.value.code == code, str(self.info.value)
            if field is not None:
                assert self.info.value.params["field"] == field
                assert field in str(self.info.value)
            return handled

    return _Check()


def test_rate_typed_as_percent_gets_the_hint() -> None:
    with raises("rate_as_percent", "baseline_rate") as check:
        SIZE(3, rel_effect_size=0.1)
    assert "did you mean 3 % (0.03)?" in str(check.info.value)
    assert isinstance(check.info.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(baseline_rate=0.4, rel_effect_size=2.0), "rel_effect_size", "2.0"),
        (dict(baseline_rate=0.03, effect_size=-0.05), "effect_size", "-0.05"),
        (dict(baseline_rate=0.95, effect_size=0.05), "effect_size", "0.05"),
        (dict(baseline_rate=0.03, rel_effect_size=-1.0), "rel_effect_size", "-1.0"),
    ],
)
def test_effect_pushing_the_rate_outside_0_1_is_an_error(kwargs: dict, field: str, value: str) -> None:
    with raises("rate_outside_unit", field) as check:
        SIZE(**kwargs)
    assert value in str(check.info.value)


def test_zero_missing_or_double_effect_is_an_error() -> None:
    with raises("effect_zero", "effect_size"):
        SIZE(0.03, effect_size=0.0)
    with raises("effect_zero", "rel_effect_size"):
        SIZE(0.03, rel_effect_size=0)
    with raises("effect_zero", "effect_size"):
        sample_size_two_means(40, effect_size=0)
    with raises("effect_missing"):
        SIZE(0.03)
    with raises("effect_twice"):
        SIZE(0.03, effect_size=0.003, rel_effect_size=0.1)
    with raises("not_a_number", "effect_size"):
        SIZE(0.03, effect_size=float("nan"))


def test_effect_against_a_one_sided_alternative_is_an_error() -> None:
    with raises("effect_against_alternative", "alternative"):
        SIZE(0.03, rel_effect_size=0.1, alternative="less")
    with raises("effect_against_alternative", "alternative"):
        sample_size_two_means(40, effect_size=-2, alternative="greater")


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        (dict(alpha=0), "rate_out_of_range", "alpha"),
        (dict(alpha=5), "rate_as_percent", "alpha"),
        (dict(power=1.0), "rate_out_of_range", "power"),
        (dict(ratio=0), "not_positive", "ratio"),
        (dict(ratio=-1), "not_positive", "ratio"),
        (dict(alternative="larger"), "bad_choice", "alternative"),
        (dict(method="t"), "bad_choice", "method"),
        (dict(n_treatments=0), "too_small", "n_treatments"),
        (dict(n_treatments=1.5), "not_an_integer", "n_treatments"),
        (dict(population=0), "too_small", "population"),
        (dict(population="big"), "not_an_integer", "population"),
        (dict(daily_volume=0), "not_positive", "daily_volume"),
    ],
)
def test_design_fields_are_validated_by_name(kwargs: dict, code: str, field: str) -> None:
    with raises(code, field):
        SIZE(0.03, rel_effect_size=0.1, **kwargs)


def test_power_and_mde_validate_their_inputs() -> None:
    with raises("too_small", "n_control"):
        power_two_proportions(0.03, 0.04, n_control=1, n_treatment=100)
    with raises("rate_as_percent", "treatment_rate"):
        power_two_proportions(0.03, 4, n_control=100, n_treatment=100)
    with raises("not_positive", "std"):
        power_two_means(-1, 2, n_control=100, n_treatment=100)
    with raises("bad_choice", "method"):
        mde_two_means(10, n_control=100, n_treatment=100, method="arcsine")
    with raises("not_an_integer", "n_treatment"):
        mde_two_proportions(0.03, n_control=100, n_treatment=10.5)


def test_every_engine_error_code_has_a_sentence_in_both_languages() -> None:
    engine_codes = {
        "effect_missing",
        "effect_twice",
        "effect_zero",
        "rate_outside_unit",
        "effect_against_alternative",
        "effect_too_small",
        "empty_grid",
    }
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "experiments" / "design").glob("*.py"))
    assert all(f'"{code}"' in source for code in engine_codes)
    for lang in ("es", "en"):
        catalog = tomllib.loads(
            (ROOT / "app_pages" / "i18n" / lang / "sizing_errors.toml").read_text("utf-8")
        )
        assert engine_codes <= set(catalog["errors"]), lang


def test_a_tiny_effect_is_refused_rather_than_looping() -> None:
    with raises("effect_too_small", "effect_size"):
        sample_size_two_means(1.0, effect_size=1e-9)


# --------------------------------------------------------------------- several treatments ----------


@pytest.mark.parametrize("k", [2, 3, 5])
def test_several_treatments_split_alpha_bonferroni(k: int) -> None:
    res = SIZE(0.02, rel_effect_size=0.25, ratio=2, n_treatments=k)
    single = SIZE(0.02, rel_effect_size=0.25, ratio=2, alpha=0.05 / k)
    assert res.alpha == 0.05 and res.alpha_per_comparison == pytest.approx(0.05 / k, rel=1e-15)
    assert (res.n_control, res.n_treatment) == (single.n_control, single.n_treatment)
    assert res.n_total == res.n_control + k * res.n_treatment
    assert any("Bonferroni" in note for note in res.notes)
    means = sample_size_two_means(45, effect_size=1.5, n_treatments=k)
    assert means.n_control == sample_size_two_means(45, effect_size=1.5, alpha=0.05 / k).n_control
    assert means.n_total == (k + 1) * means.n_control


def test_one_treatment_has_no_bonferroni_note() -> None:
    res = SIZE(0.02, rel_effect_size=0.25)
    assert res.n_treatments == 1 and res.alpha_per_comparison == res.alpha
    assert not any("Bonferroni" in note for note in res.notes)


# --------------------------------------------------------------------- population and duration -----


def test_without_population_or_volume_the_fit_fields_are_none() -> None:
    res = SIZE(0.02, rel_effect_size=0.25)
    assert (
        res.population,
        res.feasible,
        res.remaining_for_rollout,
        res.share_of_population,
        res.mde_with_population,
        res.daily_volume,
        res.duration_days,
    ) == (None,) * 7


def test_a_design_that_fits_leaves_the_rest_for_the_rollout() -> None:
    res = SIZE(0.02, rel_effect_size=0.25, ratio=9, population=200_000)
    assert res.feasible is True and res.mde_with_population is None
    assert res.remaining_for_rollout == 200_000 - res.n_total
    assert res.share_of_population == pytest.approx(res.n_total / 200_000, rel=1e-15)


def test_population_exactly_the_design_is_feasible() -> None:
    n_total = SIZE(0.02, rel_effect_size=0.25).n_total
    assert SIZE(0.02, rel_effect_size=0.25, population=n_total).feasible is True
    assert SIZE(0.02, rel_effect_size=0.25, population=n_total).remaining_for_rollout == 0
    short = SIZE(0.02, rel_effect_size=0.25, population=n_total - 1)
    assert short.feasible is False and short.remaining_for_rollout == -1


@pytest.mark.parametrize(
    ("method", "alternative", "rel", "k", "ratio"),
    [
        ("normal", "two-sided", 0.10, 1, 1.0),
        ("arcsine", "greater", 0.10, 2, 4.0),
        ("normal", "less", -0.20, 3, 0.25),
        ("normal", "two-sided", -0.15, 1, 9.0),
    ],
)
def test_too_small_a_base_reports_the_lift_it_can_detect(method, alternative, rel, k, ratio) -> None:
    res = SIZE(
        0.03,
        rel_effect_size=rel,
        population=20_000,
        method=method,
        alternative=alternative,
        n_treatments=k,
        ratio=ratio,
    )
    assert res.feasible is False and res.remaining_for_rollout == 20_000 - res.n_total
    mde = res.mde_with_population
    assert math.copysign(1, mde) == math.copysign(1, rel) and abs(mde) > abs(res.effect_size)
    n_c = math.floor(20_000 / (1 + k * ratio))
    n_t = math.floor(ratio * 20_000 / (1 + k * ratio))
    assert n_c + k * n_t <= 20_000
    back = power_two_proportions(
        0.03,
        0.03 + mde,
        n_control=n_c,
        n_treatment=n_t,
        alpha=0.05 / k,
        alternative=alternative,
        method=method,
    )
    assert back.power == pytest.approx(0.8, rel=1e-9)
    assert any("20,000" in note for note in res.notes)


def test_means_too_small_a_base_reports_the_difference_it_can_detect() -> None:
    res = sample_size_two_means(45, effect_size=1.5, ratio=4, n_treatments=2, population=50_000)
    assert res.feasible is False
    n_c, n_t = 50_000 // 9, math.floor(4 * 50_000 / 9)
    back = power_two_means(45, res.mde_with_population, n_control=n_c, n_treatment=n_t, alpha=0.025)
    assert back.power == pytest.approx(0.8, rel=1e-9)


def test_a_base_too_small_for_two_per_arm_gives_nan() -> None:
    res = SIZE(0.02, rel_effect_size=0.25, population=5, n_treatments=3)
    assert res.feasible is False and math.isnan(res.mde_with_population)


@pytest.mark.parametrize("offset", [0, -1, 1])
def test_duration_is_the_ceiling_of_total_over_daily_volume(offset: int) -> None:
    n_total = SIZE(0.02, rel_effect_size=0.25).n_total
    res = SIZE(0.02, rel_effect_size=0.25, daily_volume=n_total + offset)
    assert res.duration_days == (2 if offset == -1 else 1)
    assert res.daily_volume == n_total + offset


def test_duration_with_a_fractional_volume_and_several_arms() -> None:
    res = SIZE(0.05, rel_effect_size=0.2, n_treatments=2, ratio=1.5, daily_volume=1234.5)
    assert res.duration_days == math.ceil(res.n_total / 1234.5)
    assert sample_size_two_means(45, effect_size=3, daily_volume=500).duration_days == math.ceil(
        sample_size_two_means(45, effect_size=3).n_total / 500
    )


def test_small_expected_counts_get_a_note() -> None:
    res = power_two_proportions(0.002, 0.004, n_control=1_000, n_treatment=1_000)
    assert any("Fisher" in note for note in res.notes)
    assert power_two_proportions(0.02, 0.03, n_control=5_000, n_treatment=5_000).notes == ()


def test_mde_that_no_rate_reaches_is_nan_with_a_note() -> None:
    res = mde_two_proportions(0.5, n_control=2, n_treatment=2, power=0.99, alpha=0.01)
    assert math.isnan(res.effect_size) and math.isnan(res.treatment_rate) and res.notes


def test_results_are_frozen_and_echo_inputs() -> None:
    res = SIZE(
        0.02, effect_size=0.005, alpha=0.1, power=0.9, ratio=2, alternative="greater", method="arcsine"
    )
    assert (
        res.baseline_rate,
        res.effect_size,
        res.alpha,
        res.target_power,
        res.ratio,
        res.alternative,
        res.method,
    ) == (0.02, 0.005, 0.1, 0.9, 2.0, "greater", "arcsine")
    assert res.rel_effect_size == pytest.approx(0.25) and res.treatment_rate == pytest.approx(0.025)
    with pytest.raises(AttributeError):
        res.n_control = 1  # type: ignore[misc]

"""Result shapes of the sizing engine: frozen dataclasses that echo the inputs that decided them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class _SampleSizeFields:
    """Fields shared by every sample-size result (documented on the public subclasses)."""

    alpha: float
    alpha_per_comparison: float
    target_power: float
    power: float
    ratio: float
    alternative: str
    method: str
    n_treatments: int
    n_control: int
    n_treatment: int
    n_total: int
    population: int | None = None
    feasible: bool | None = None
    remaining_for_rollout: int | None = None
    share_of_population: float | None = None
    mde_with_population: float | None = None
    daily_volume: float | None = None
    duration_days: int | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProportionSampleSizeResult(_SampleSizeFields):
    """Pilot size for a response or conversion rate.

    Attributes:
        baseline_rate, treatment_rate, effect_size, rel_effect_size: The lift the pilot must detect
            (``effect_size = treatment_rate - baseline_rate``).
        alpha, alpha_per_comparison: Requested alpha and the Bonferroni share used by each comparison.
        target_power, power: Requested power and the power actually reached at the whole sizes.
        ratio, alternative, method, n_treatments: Echoed design choices.
        n_control, n_treatment, n_total: Customers in the control, in *each* treatment arm, in all arms.
        population, feasible, remaining_for_rollout, share_of_population, mde_with_population: Fit in
            the eligible base (``None`` without ``population``); ``remaining_for_rollout`` is
            ``population - n_total`` (negative = shortfall); ``mde_with_population`` is the smallest
            absolute lift detectable with the whole base and the same split, only when it does not fit.
        daily_volume, duration_days: Customers enrolled per day and days needed for every arm.
        notes: Caveats in plain English.
    """

    baseline_rate: float
    treatment_rate: float
    effect_size: float
    rel_effect_size: float


@dataclass(frozen=True, slots=True, kw_only=True)
class MeanSampleSizeResult(_SampleSizeFields):
    """Pilot size for a mean (e.g. revenue per customer); fields as in the proportion result, plus
    ``std`` (per-customer standard deviation), ``effect_size`` (difference of means) and
    ``standardized_effect`` (Cohen's d = effect_size / std)."""

    std: float
    effect_size: float
    standardized_effect: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ProportionPowerResult:
    """Power of a two-proportion comparison at given arm sizes."""

    baseline_rate: float
    treatment_rate: float
    effect_size: float
    rel_effect_size: float
    n_control: int
    n_treatment: int
    alpha: float
    alternative: str
    method: str
    power: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MeanPowerResult:
    """Power of a two-mean comparison at given arm sizes."""

    std: float
    effect_size: float
    standardized_effect: float
    n_control: int
    n_treatment: int
    alpha: float
    alternative: str
    method: str
    power: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProportionMDEResult:
    """Minimum detectable effect of a two-proportion comparison (``nan`` when no rate reaches power)."""

    baseline_rate: float
    n_control: int
    n_treatment: int
    alpha: float
    power: float
    alternative: str
    method: str
    effect_size: float
    rel_effect_size: float
    treatment_rate: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MeanMDEResult:
    """Minimum detectable difference of means (and its Cohen's d) at given arm sizes."""

    std: float
    n_control: int
    n_treatment: int
    alpha: float
    power: float
    alternative: str
    method: str
    effect_size: float
    standardized_effect: float
    notes: tuple[str, ...] = ()

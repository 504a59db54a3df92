"""Plan a monitored pilot: the sequential plan saved with the campaign, and its size and duration.

A group-sequential pilot may stop at any look, so to keep the power of the fixed-horizon design its
maximum size is the fixed size times the design's *inflation factor* ``(δ_GS / δ_fixed)²``: ``δ_GS`` is
the drift (the expected z at the last look) at which the sequential test reaches the target power,
found by numerical integration over the bounds, and ``δ_fixed`` the drift of the fixed test. In return
the *expected* size is smaller when the lift is real, because the pilot usually stops early.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from experiments.design.sequential import (
    MAX_LOOKS,
    SequentialBoundsResult,
    check_spending,
)
from planner_common import InputError, check_alternative, check_choice, check_int, check_positive
from planner_common import check_probability as _check_probability

__all__ = ["SequentialPlan", "SequentialDesignResult", "plan_sequential", "PLAN_KINDS"]

PLAN_KINDS = ("group-sequential", "confidence-sequence")


@dataclass(frozen=True, slots=True, kw_only=True)
class SequentialPlan:
    """How a running pilot will be monitored (saved with the campaign as a plain dict).

    Args:
        kind: ``"group-sequential"`` (planned looks, spending function) or ``"confidence-sequence"``
            (always-valid interval: look whenever you like).
        planned_n_control, planned_n_treatment: The maximum (planned) customers per arm.
        alpha, alternative: Overall false-positive rate and direction of the test.
        spending, rho: Spending function of a group-sequential plan (see :func:`sequential_bounds`).
        looks: ``"daily"`` (every day with data is a look) or the number of equally spaced looks.
        tuning_n: ``N*`` of a confidence sequence (the sample size where it is tightest); defaults to
            the planned total.

    Examples:
        >>> plan = SequentialPlan(kind="group-sequential", planned_n_control=5_000, planned_n_treatment=5_000)
        >>> SequentialPlan.from_dict(plan.to_dict()) == plan
        True
        >>> SequentialPlan(kind="confidence-sequence", planned_n_control=100, planned_n_treatment=300).tuning_n
        400

    References:
        Jennison & Turnbull (2000), ch. 7; Waudby-Smith et al. (2023), arXiv:2103.06476.
    """

    kind: str
    planned_n_control: int
    planned_n_treatment: int
    alpha: float = 0.05
    alternative: str = "two-sided"
    spending: str = "obrien-fleming"
    rho: float | None = None
    looks: int | str = "daily"
    tuning_n: int | None = None

    def __post_init__(self) -> None:
        kind = check_choice("kind", self.kind, PLAN_KINDS)
        set_ = object.__setattr__
        set_(self, "planned_n_control", check_int("planned_n_control", self.planned_n_control))
        set_(self, "planned_n_treatment", check_int("planned_n_treatment", self.planned_n_treatment))
        set_(self, "alpha", _check_probability("alpha", self.alpha))
        set_(self, "alternative", check_alternative(self.alternative))
        spending, rho = check_spending(self.spending, self.rho)
        set_(self, "spending", spending)
        set_(self, "rho", rho)
        set_(self, "looks", _check_looks(self.looks))
        total = self.planned_n_control + self.planned_n_treatment
        tuning = total if self.tuning_n is None or kind == "group-sequential" else self.tuning_n
        set_(self, "tuning_n", check_int("tuning_n", tuning) if kind == "confidence-sequence" else None)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (round trip: :meth:`from_dict`)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SequentialPlan:
        """The plan saved by :meth:`to_dict` (unknown keys are refused)."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise InputError(
                "bad_plan",
                f"A saved sequential plan has unknown fields: {', '.join(unknown)}.",
                field="plan",
                value=", ".join(unknown),
            )
        return cls(**dict(data))


def _check_looks(looks: object) -> int | str:
    if looks == "daily":
        return "daily"
    if isinstance(looks, str):
        raise InputError(
            "bad_looks",
            f"looks must be 'daily' or a number of looks, got {looks!r}.",
            field="looks",
            value=looks,
        )
    count = check_int("looks", looks)
    if count > MAX_LOOKS:
        raise InputError(
            "too_many_looks",
            f"looks = {count}; at most {MAX_LOOKS} looks are supported.",
            field="looks",
            value=count,
            maximum=MAX_LOOKS,
        )
    return count


@dataclass(frozen=True, slots=True, kw_only=True)
class SequentialDesignResult:
    """A group-sequential pilot planned from a fixed-horizon design.

    Attributes:
        plan: The :class:`SequentialPlan` to save with the campaign (maximum sizes).
        n_control, n_treatment, n_total: Maximum customers (control, each treatment, all arms).
        n_control_fixed, n_treatment_fixed, n_total_fixed: The fixed-horizon design's sizes.
        inflation_factor: ``n_max / n_fixed`` before rounding (rpact ``inflationFactor``).
        expected_n_total, expected_n_total_null: Expected customers if the planned lift is real / if
            there is no lift (the pilot stops at the first look that crosses a bound).
        expected_size_ratio, expected_size_ratio_null: Those over the fixed size, before rounding
            (rpact ``averageSampleNumber1`` / ``averageSampleNumber0``).
        information_fractions, look_days: Share of the maximum size and day of each look.
        bounds: The stopping bounds (:class:`SequentialBoundsResult`).
        stopping_probability, stopping_probability_null: Chance of having stopped by each look if
            the lift is real (the power accumulates to ``power``) / if there is none (alpha spent).
        power, target_power, drift: Power at the maximum sizes, the fixed design's target, and the
            expected z at the last look under the planned lift.
        daily_volume, duration_days, expected_days, expected_days_null: Customers enrolled per day
            (all arms) and the days needed at most / on average.
        alpha, alternative: Of the comparison (Bonferroni share with several treatments).
        notes: Caveats.
    """

    plan: SequentialPlan
    n_control: int
    n_treatment: int
    n_total: int
    n_control_fixed: int
    n_treatment_fixed: int
    n_total_fixed: int
    inflation_factor: float
    expected_n_total: float
    expected_n_total_null: float
    expected_size_ratio: float
    expected_size_ratio_null: float
    information_fractions: tuple[float, ...]
    look_days: tuple[int, ...] | None
    bounds: SequentialBoundsResult
    stopping_probability: tuple[float, ...]
    stopping_probability_null: tuple[float, ...]
    power: float
    target_power: float
    drift: float
    daily_volume: float | None
    duration_days: int | None
    expected_days: float | None
    expected_days_null: float | None
    alpha: float
    alternative: str
    notes: tuple[str, ...] = ()


def plan_sequential(
    fixed: Any,
    *,
    spending: str = "obrien-fleming",
    rho: float | None = None,
    looks: int | str = "daily",
    daily_volume: float | None = None,
) -> SequentialDesignResult:
    """Turn a fixed-horizon pilot size into a group-sequential plan with the same power.

    Args:
        fixed: A sample-size result (:func:`sample_size_two_proportions` or
            :func:`sample_size_two_means`): its sizes, alpha, target power and alternative are kept.
        spending, rho: Spending function (see :func:`sequential_bounds`).
        looks: ``"daily"`` (one look per day of enrolment; needs a daily volume) or a number of
            equally spaced looks.
        daily_volume: Customers enrolled per day, all arms together (default: the fixed design's).

    Returns:
        A :class:`SequentialDesignResult`.

    Raises:
        InputError: ``fixed`` is not a sample-size result, daily looks without a daily volume, more
            than 50 looks.

    Examples:
        A 2 % response, +25 % lift, 1,000 letters a day, read every day with O'Brien-Fleming bounds:

        >>> from experiments import sample_size_two_proportions
        >>> fixed = sample_size_two_proportions(0.02, rel_effect_size=0.25, daily_volume=1_000)
        >>> fixed.n_total, fixed.duration_days
        (27618, 28)
        >>> p = plan_sequential(fixed)
        >>> p.n_total, p.duration_days, round(p.inflation_factor, 3)
        (28982, 29, 1.049)
        >>> round(p.expected_n_total), round(p.expected_days, 1), round(p.power, 3)
        (21451, 21.5, 0.8)

    References:
        Jennison & Turnbull (2000), §7.2 (inflation factor, expected sample size); rpact
        ``getDesignCharacteristics``.
    """
    sizes = _fixed_design(fixed)
    family, rho = check_spending(spending, rho)
    looks = _check_looks(looks)
    volume = fixed.daily_volume if daily_volume is None else daily_volume
    volume = None if volume is None else check_positive("daily_volume", volume)
    if looks == "daily" and volume is None:
        raise InputError(
            "daily_volume_required",
            "Daily looks need the number of customers enrolled per day (daily_volume).",
            field="daily_volume",
            value=None,
        )
    n_c, n_t, k, alpha, target, alternative = sizes
    fractions = _schedule(sizes, family, rho, looks, volume)
    from experiments.design._sequential_power import characteristics

    ch = characteristics(
        fractions, alpha=alpha, spending=family, rho=rho, alternative=alternative, power=target
    )
    factor = ch.inflation_factor
    n_c_max, n_t_max = math.ceil(round(n_c * factor, 9)), math.ceil(round(n_t * factor, 9))
    n_max = n_c_max + k * n_t_max
    harmonic = (1 / n_c + 1 / n_t) / (1 / n_c_max + 1 / n_t_max)
    at_max = ch.at_drift(ch.drift_fixed_actual(fixed.power) * math.sqrt(harmonic))
    days = None if volume is None else tuple(math.ceil(round(t * n_max / volume, 9)) for t in fractions)
    n_fixed = n_c + k * n_t
    return SequentialDesignResult(
        plan=SequentialPlan(
            kind="group-sequential",
            planned_n_control=n_c_max,
            planned_n_treatment=n_t_max,
            alpha=alpha,
            alternative=alternative,
            spending=family,
            rho=rho,
            looks=looks,
        ),
        n_control=n_c_max,
        n_treatment=n_t_max,
        n_total=n_max,
        n_control_fixed=n_c,
        n_treatment_fixed=n_t,
        n_total_fixed=n_fixed,
        inflation_factor=ch.inflation_factor,
        expected_n_total=n_max * at_max.expected_fraction,
        expected_n_total_null=n_max * ch.null.expected_fraction,
        expected_size_ratio=ch.expected_size_ratio,
        expected_size_ratio_null=ch.expected_size_ratio_null,
        information_fractions=fractions,
        look_days=days,
        bounds=ch.bounds,
        stopping_probability=at_max.cumulative,
        stopping_probability_null=ch.null.cumulative,
        power=at_max.cumulative[-1],
        target_power=target,
        drift=at_max.drift,
        daily_volume=volume,
        duration_days=None if days is None else days[-1],
        expected_days=None if days is None else at_max.expected(days),
        expected_days_null=None if days is None else ch.null.expected(days),
        alpha=alpha,
        alternative=alternative,
        notes=_notes(k),
    )


def _notes(k: int) -> tuple[str, ...]:
    if k == 1:
        return ()
    return (f"{k} treatments share the control: each comparison uses its Bonferroni share of alpha.",)


def _fixed_design(fixed: Any) -> tuple[int, int, int, float, float, str]:
    """(n_control, n_treatment, n_treatments, alpha per comparison, target power, alternative)."""
    needed = ("n_control", "n_treatment", "alpha_per_comparison", "target_power", "alternative", "power")
    if not all(hasattr(fixed, name) for name in needed):
        raise InputError(
            "bad_fixed_design",
            "fixed must be the result of sample_size_two_proportions or sample_size_two_means, "
            f"got {type(fixed).__name__}.",
            field="fixed",
            value=type(fixed).__name__,
        )
    return (
        fixed.n_control,
        fixed.n_treatment,
        getattr(fixed, "n_treatments", 1),
        fixed.alpha_per_comparison,
        fixed.target_power,
        fixed.alternative,
    )


def _schedule(
    sizes: tuple[int, int, int, float, float, str],
    family: str,
    rho: float | None,
    looks: int | str,
    volume: float | None,
) -> tuple[float, ...]:
    """Information fractions of the looks (equally spaced).

    Daily looks: ``D`` looks at ``d / D``, where ``D`` is the fewest days at the daily volume that hold
    the maximum size ``n_fixed · IF(D)`` (the inflation factor grows with the number of looks, so ``D`` is
    found by stepping up from the fixed design's duration).
    """
    if looks != "daily":
        return _equal(int(looks))
    from experiments.design._sequential_power import characteristics

    n_c, n_t, k, alpha, target, alternative = sizes
    total, per_day = n_c + k * n_t, volume or 1.0
    days = max(1, math.ceil(round(total / per_day, 9)))
    while True:
        if days > MAX_LOOKS:
            raise InputError(
                "too_many_looks",
                f"Daily looks would take {days} looks; at most {MAX_LOOKS} are supported: "
                "plan a number of looks (e.g. one a week) instead.",
                field="looks",
                value=days,
                maximum=MAX_LOOKS,
            )
        factor = characteristics(
            _equal(days), alpha=alpha, spending=family, rho=rho, alternative=alternative, power=target
        ).inflation_factor
        if math.ceil(round(total * factor / per_day, 9)) <= days:
            return _equal(days)
        days += 1


def _equal(count: int) -> tuple[float, ...]:
    return tuple(k / count for k in range(1, count + 1))

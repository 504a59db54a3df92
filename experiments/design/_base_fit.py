"""How a design's sizes fit the eligible base and the enrolment rate: the fields every sizing result shares.

Conventions as in :mod:`experiments.design._sizing_common` (see docs/architecture.md §4): ``n_total``
counts every arm; a design that does not fit reports the lift the whole base could detect with the same
split.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from experiments.analysis.notes import Note
from experiments.design._sizing_common import _RATIO_SLACK, MIN_N, DesignInputs


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseFit:
    """The sizes of a design and how they fit the eligible base and the enrolment rate.

    Attributes:
        n_control, n_treatment, n_total: Customers in the control, in *each* treatment arm, in all arms.
        population, daily_volume: Echoed inputs (``None`` when not given).
        feasible, remaining_for_rollout, share_of_population, mde_with_population: Fit in the base
            (``None`` without ``population``; ``mde_with_population`` only when the design does not fit).
        duration_days: Days of enrolment every arm needs (``None`` without ``daily_volume``).
        notes: Bonferroni and does-not-fit notes.
    """

    n_control: int
    n_treatment: int
    n_total: int
    population: int | None = None
    daily_volume: float | None = None
    feasible: bool | None = None
    remaining_for_rollout: int | None = None
    share_of_population: float | None = None
    mde_with_population: float | None = None
    duration_days: int | None = None
    notes: tuple[str, ...] = ()

    def fields(self, *more_notes: str) -> dict[str, Any]:
        """The result fields, with ``more_notes`` after the fit's own notes."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["notes"] = self.notes + tuple(more_notes)
        return out


def base_fit(
    inputs: DesignInputs,
    n_control: int,
    n_treatment: int,
    effect: float,
    mde_at: Callable[[int, int, float], float],
) -> BaseFit:
    """Population, roll-out, duration and Bonferroni fields (and their notes) of a sample-size result.

    ``mde_at(n_control, n_treatment, sign)`` gives the minimum detectable absolute effect in the
    direction ``sign`` at the per-comparison alpha and the target power.

    Examples:
        1,000 + 1,000 customers out of a base of 50,000, enrolling 400 a day:

        >>> d = DesignInputs(alpha=0.05, power=0.8, ratio=1.0, alternative="two-sided",
        ...                  method="normal", n_treatments=1, population=50_000, daily_volume=400)
        >>> fit = base_fit(d, 1_000, 1_000, 0.01, lambda n_c, n_t, sign: 0.01)
        >>> fit.feasible, fit.remaining_for_rollout, fit.share_of_population, fit.duration_days
        (True, 48000, 0.04, 5)
    """
    n_total = n_control + inputs.n_treatments * n_treatment
    notes: list[str] = []
    if inputs.n_treatments > 1:
        notes.append(
            Note.make(
                "bonferroni_split",
                alpha=inputs.alpha,
                k=inputs.n_treatments,
                alpha_each=inputs.alpha_per_comparison,
            )
        )
    fit: dict[str, Any] = {}
    if inputs.population is not None:
        fit.update(_population_fields(inputs, n_total, effect, mde_at, notes))
    if inputs.daily_volume is not None:
        fit["duration_days"] = math.ceil(round(n_total / inputs.daily_volume, 9))
    return BaseFit(
        n_control=n_control,
        n_treatment=n_treatment,
        n_total=n_total,
        population=inputs.population,
        daily_volume=inputs.daily_volume,
        notes=tuple(notes),
        **fit,
    )


def _population_fields(
    inputs: DesignInputs,
    n_total: int,
    effect: float,
    mde_at: Callable[[int, int, float], float],
    notes: list[str],
) -> dict[str, object]:
    population = inputs.population
    assert population is not None
    feasible = n_total <= population
    mde = None
    if not feasible:
        n_c, n_t = split_population(population, inputs.ratio, inputs.n_treatments)
        mde = mde_at(n_c, n_t, math.copysign(1.0, effect)) if min(n_c, n_t) >= MIN_N else math.nan
        notes.append(
            Note.make(
                "design_exceeds_base",
                needed=n_total,
                population=population,
                n_control=n_c,
                n_treatment=n_t,
                mde=mde,
            )
        )
    return {
        "feasible": feasible,
        "remaining_for_rollout": population - n_total,
        "share_of_population": n_total / population,
        "mde_with_population": mde,
    }


def split_population(population: int, ratio: float, n_treatments: int) -> tuple[int, int]:
    """Whole arm sizes that use the base with the same split: (n_control, n_treatment), rounded down."""
    n_control = population / (1 + n_treatments * ratio)
    return math.floor(n_control + _RATIO_SLACK), math.floor(ratio * n_control + _RATIO_SLACK)

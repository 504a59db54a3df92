"""Group-sequential bounds: look at a running pilot several times without inflating false wins.

Lan & DeMets (1983) alpha spending: a spending function ``α(t)`` says how much of the false-positive
rate may be used up by information fraction ``t`` (``α(1) = α``); at each look the bound is the z value
whose crossing probability, over the paths that have not crossed before, equals the increment
``α(t_k) − α(t_{k−1})``. The crossing probabilities are computed by recursive numerical integration
(:mod:`experiments.design._gs_numerics`; Armitage, McPherson & Rowe 1969, as in gsDesign).

Spending functions (``sides`` = 2 for the symmetric two-sided test, 1 for a one-sided test):

* ``"obrien-fleming"`` – Lan-DeMets O'Brien-Fleming type, ``2·sides·(1 − Φ(z_{1−α/(2·sides)} / √t))``
  (two-sided: ``2 − 2Φ(z_{1−α/4}/√t)`` per tail); spends almost nothing early.
* ``"pocock"`` – Lan-DeMets Pocock type, ``α·ln(1 + (e − 1)·t)``; nearly constant bounds.
* ``"power"`` – Kim-DeMets power family, ``α·t^rho`` (``rho`` = 1: linear; 3: close to O'Brien-Fleming).

These are rpact's ``typeOfDesign = "asOF"``, ``"asP"`` and ``"asKD"`` (``gammaA = rho``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from planner_common import InputError, check_alternative, check_choice, check_positive, check_probability

__all__ = ["SPENDING_FUNCTIONS", "MAX_LOOKS", "SequentialBoundsResult", "sequential_bounds", "spend"]

SPENDING_FUNCTIONS = ("obrien-fleming", "pocock", "power")
MAX_LOOKS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class SequentialBoundsResult:
    """Bounds of a group-sequential test, one per look.

    Attributes:
        information_fractions: Share of the planned information at each look (echoed).
        z_bounds: Stop at look k when ``|z| ≥ z_bounds[k]`` (two-sided) or ``z ≥ z_bounds[k]``
            (``"greater"``; ``z ≤ −z_bounds[k]`` for ``"less"``); ``inf`` when a look spends nothing.
        nominal_pvalues: The fixed-horizon p-value at the bound (two-sided, or one-sided for a one-sided
            test): stopping at look k means ``p ≤ nominal_pvalues[k]``.
        alpha_spent: Cumulative false-positive probability spent by each look, ``α(t_k)``.
        alpha, spending, rho, alternative: Echoed design.
        notes: Caveats.
    """

    information_fractions: tuple[float, ...]
    z_bounds: tuple[float, ...]
    nominal_pvalues: tuple[float, ...]
    alpha_spent: tuple[float, ...]
    alpha: float
    spending: str
    rho: float | None
    alternative: str
    notes: tuple[str, ...] = ()


def check_spending(spending: object, rho: object) -> tuple[str, float | None]:
    """Validated ``(spending, rho)``: ``rho > 0`` is required by, and only by, the power family."""
    family = check_choice("spending", spending, SPENDING_FUNCTIONS)
    if family == "power":
        if rho is None:
            raise InputError(
                "rho_required",
                "spending='power' needs its exponent rho (e.g. rho=2 for alpha·t²).",
                field="rho",
                value=None,
            )
        return family, check_positive("rho", rho)
    if rho is not None:
        raise InputError(
            "rho_not_used",
            f"rho={rho!r} only applies to spending='power'; leave it out for {family!r}.",
            field="rho",
            value=rho,
            spending=family,
        )
    return family, None


def spend(fraction: float, *, alpha: float, spending: str, rho: float | None = None, sides: int = 2) -> float:
    """Cumulative alpha spent by information fraction ``fraction`` (capped at 1).

    Examples:
        Halfway through a two-sided 5 % plan:

        >>> round(spend(0.5, alpha=0.05, spending="obrien-fleming"), 6)
        0.003051
        >>> round(spend(0.5, alpha=0.05, spending="pocock"), 6), spend(0.5, alpha=0.05, spending="power", rho=2)
        (0.031006, 0.0125)

    References:
        Lan & DeMets (1983), Biometrika 70:659-663; Kim & DeMets (1987), Biometrika 74:149-154; rpact
        ``getDesignGroupSequential`` (``asOF``, ``asP``, ``asKD``).
    """
    from scipy import special

    t = min(fraction, 1.0)
    if t >= 1.0:
        return alpha
    if spending == "obrien-fleming":
        z = -float(special.ndtri(alpha / (2 * sides)))
        return 2 * sides * float(special.ndtr(-z / math.sqrt(t)))
    if spending == "pocock":
        return alpha * math.log1p((math.e - 1) * t)
    return alpha * t ** (rho if rho is not None else 1.0)


def check_fractions(name: str, values: object, *, upper: float | None = 1.0) -> tuple[float, ...]:
    """Strictly increasing positive fractions (at most :data:`MAX_LOOKS`; ≤ ``upper`` when given)."""
    if isinstance(values, int | float) and not isinstance(values, bool):
        values = [values]
    bad = InputError(
        "bad_fractions", f"{name} must be a list of numbers, got {values!r}.", field=name, value=repr(values)
    )
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise bad
    try:
        fractions = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise bad from None
    if not fractions:
        raise InputError("no_looks", f"{name} is empty: plan at least one look.", field=name, value=0)
    if len(fractions) > MAX_LOOKS:
        raise InputError(
            "too_many_looks",
            f"{name} has {len(fractions)} looks; at most {MAX_LOOKS} are supported.",
            field=name,
            value=len(fractions),
            maximum=MAX_LOOKS,
        )
    for k, t in enumerate(fractions):
        if not (t > 0 and math.isfinite(t)) or (upper is not None and t > upper):
            raise InputError(
                "fraction_out_of_range",
                f"{name}[{k}] = {t} must lie in (0, 1]: it is the share of the planned size reached.",
                field=name,
                value=t,
            )
        if k and t <= fractions[k - 1]:
            raise InputError(
                "fractions_not_increasing",
                f"{name} must increase from look to look; look {k + 1} ({t}) does not exceed look {k} "
                f"({fractions[k - 1]}).",
                field=name,
                value=t,
                look=k + 1,
            )
    return fractions


def sequential_bounds(
    information_fractions: Sequence[float],
    *,
    alpha: float = 0.05,
    spending: str = "obrien-fleming",
    rho: float | None = None,
    alternative: str = "two-sided",
) -> SequentialBoundsResult:
    """Stopping bounds for a pilot read at the given shares of its planned size.

    Args:
        information_fractions: Share of the planned information (≈ planned customers) at each look,
            increasing, in (0, 1]; e.g. ``[0.25, 0.5, 0.75, 1]`` or one value per day.
        alpha: Overall false-positive rate of the whole sequence of looks.
        spending: ``"obrien-fleming"`` (default), ``"pocock"`` or ``"power"``.
        rho: Exponent of the ``"power"`` family (``alpha·t^rho``); only for that family.
        alternative: ``"two-sided"`` (symmetric bounds ±z, alpha split evenly between the tails),
            ``"greater"`` or ``"less"`` (one bound, all of alpha on that side).

    Returns:
        A :class:`SequentialBoundsResult`.

    Raises:
        InputError: Empty, non-increasing or out-of-range fractions, more than 50 looks, an unknown
            spending function, or ``rho`` missing / misplaced.

    Examples:
        A pilot read four times (a quarter of the customers each time), 5 % false-win rate overall:

        >>> r = sequential_bounds([0.25, 0.5, 0.75, 1.0])
        >>> [round(z, 4) for z in r.z_bounds]
        [4.3326, 2.9631, 2.359, 2.0141]
        >>> round(r.nominal_pvalues[-1], 4), round(r.alpha_spent[1], 6)
        (0.044, 0.003051)

    References:
        Lan & DeMets (1983); Jennison & Turnbull (2000), *Group Sequential Methods*, ch. 7 and 19;
        gsDesign ``gsbound.c``; rpact ``getDesignGroupSequential`` (agreement to 1e-5 is tested).
    """
    fractions = check_fractions("information_fractions", information_fractions)
    alpha = check_probability("alpha", alpha)
    family, rho = check_spending(spending, rho)
    alternative = check_alternative(alternative)
    sides = 2 if alternative == "two-sided" else 1
    cumulative = tuple(spend(t, alpha=alpha, spending=family, rho=rho, sides=sides) for t in fractions)
    bounds = solve(fractions, cumulative, sides == 2)
    notes = []
    if fractions[-1] < 1:
        notes.append(
            f"The last look is at {fractions[-1]:.0%} of the planned size: only {cumulative[-1]:.3g} of "
            f"alpha = {alpha:g} is spent."
        )
    return SequentialBoundsResult(
        information_fractions=fractions,
        z_bounds=bounds,
        nominal_pvalues=tuple(nominal_pvalue(c, sides) for c in bounds),
        alpha_spent=cumulative,
        alpha=alpha,
        spending=family,
        rho=rho,
        alternative=alternative,
        notes=tuple(notes),
    )


def nominal_pvalue(bound: float, sides: int) -> float:
    """The fixed-horizon p-value of ``z = bound`` (two-sided when ``sides`` = 2)."""
    from scipy import special

    return sides * float(special.ndtr(-bound))


@lru_cache(maxsize=512)
def solve(info: tuple[float, ...], cumulative: tuple[float, ...], two_sided: bool) -> tuple[float, ...]:
    """Bounds at information ``info`` spending ``cumulative`` alpha (cached: plans are re-read daily).

    ``info`` is the statistical information at each look on any scale (the planned fractions, or the
    actual information of the looks of a running pilot, which may pass the plan).
    """
    from experiments.design._gs_numerics import solve_bounds

    increments = [cumulative[0]] + [b - a for a, b in zip(cumulative, cumulative[1:], strict=False)]
    return tuple(solve_bounds(info, [max(x, 0.0) for x in increments], two_sided=two_sided))

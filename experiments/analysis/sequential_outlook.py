"""Conditional power of a running group-sequential pilot: the chance of concluding at a later look.

Given the looks so far (a :class:`GroupSequentialResult` that says *continue*), the z statistic of the
last look ``z_k`` at information fraction ``t_k`` and a true effect, what is the probability that a
later look crosses a bound? The score process ``B(t) = Z(t)·√t`` is a Brownian motion with drift ``θ``
(the expected z at the planned information, ``θ = effect / SE(1)``, where ``SE(1) = SE_k·√t_k`` because
information is the inverse of the squared standard error). From ``B(t_k) = z_k·√t_k`` the increments
``W(s) = B(t_k + s) − B(t_k)`` start afresh, and look ``j`` crosses when

``W(s_j) ≥ c_j·√t_j − B(t_k)`` (benefit side) or ``W(s_j) ≤ −c_j·√t_j − B(t_k)`` (the other side),

with ``s_j = t_j − t_k``. The probability of a first crossing at each later look is computed by the
same recursive numerical integration as the bounds (Armitage, McPherson & Rowe 1969). The later
bounds ``c_j`` spend the plan's alpha over the actual past looks and the projected later ones, exactly
as :func:`group_sequential_test` will when those looks come.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from experiments.analysis.sequential import GroupSequentialResult
from experiments.design.sequential import MAX_LOOKS, solve, spend
from planner_common import InputError, check_int

__all__ = ["ConditionalPowerResult", "conditional_power"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConditionalPowerResult:
    """The chance that a running pilot concludes at one of its later looks.

    Attributes:
        probability: P(a later look crosses a bound), either side.
        probability_benefit, probability_harm: The same, split by side in the metric's good direction.
        cumulative: P(concluded by each later look).
        future_fractions, future_bounds: The later looks' information fractions and z bounds.
        statistic, information_fraction, std_error: The last look's z, fraction and standard error.
        effect_size: The true effect assumed (``treatment − control``), echoed.
        drift: The expected z at the planned information under that effect.
        alternative, direction: Echoed from the test.
        notes: Caveats.
    """

    probability: float
    probability_benefit: float
    probability_harm: float
    cumulative: tuple[float, ...]
    future_fractions: tuple[float, ...]
    future_bounds: tuple[float, ...]
    statistic: float
    information_fraction: float
    std_error: float
    effect_size: float
    drift: float
    alternative: str
    direction: str
    notes: tuple[str, ...] = ()


def _future(current: float, future: int | Sequence[float]) -> tuple[float, ...]:
    """The later looks: ``m`` equally spaced ones up to the plan, or the fractions given (checked)."""
    if isinstance(future, int):  # a bool is refused by check_int
        m = check_int("future_fractions", future)
        return tuple(current + (1 - current) * j / m for j in range(1, m + 1))
    fractions = tuple(float(x) for x in future)
    previous = current
    for k, t in enumerate(fractions):
        if not (previous < t <= 1):
            raise InputError(
                "fractions_not_increasing",
                f"future_fractions[{k}] = {t} must exceed the previous look ({previous}) and be at most 1.",
                field="future_fractions",
                value=t,
                look=k + 1,
            )
        previous = t
    if not fractions:
        raise InputError("no_looks", "future_fractions is empty: give at least one later look.",
                         field="future_fractions", value=0)  # fmt: skip
    return fractions


def _later_bounds(test: GroupSequentialResult, past: tuple[float, ...], later: tuple[float, ...]) -> tuple:
    sides = 2 if test.alternative == "two-sided" else 1
    infos = past + later
    spent = tuple(
        spend(t, alpha=test.alpha, spending=test.spending, rho=test.rho, sides=sides) for t in infos
    )
    return solve(infos, spent, sides == 2)[len(past) :]


def _ended(test: GroupSequentialResult, effect_size: float) -> ConditionalPowerResult:
    last = test.looks[-1]
    return ConditionalPowerResult(
        probability=math.nan, probability_benefit=math.nan, probability_harm=math.nan, cumulative=(),
        future_fractions=(), future_bounds=(), statistic=last.statistic,
        information_fraction=last.information_fraction, std_error=last.std_error, effect_size=effect_size,
        drift=math.nan, alternative=test.alternative, direction=test.direction,
        notes=(f"The test has already ended ({test.decision}): there is no later look.",),
    )  # fmt: skip


def conditional_power(
    test: GroupSequentialResult, *, effect_size: float, future_fractions: int | Sequence[float] = 1
) -> ConditionalPowerResult:
    """If the true lift is ``effect_size``, how likely is the running pilot to conclude later?

    Args:
        test: The group-sequential test over the looks so far (its last look must say *continue*).
        effect_size: The true effect to assume (``treatment − control``, e.g. the planned lift).
        future_fractions: The later looks: a number ``m`` of equally spaced looks from the last one up
            to the planned information (e.g. the days left of a daily plan), or their information
            fractions (increasing, above the last look's, at most 1).

    Returns:
        A :class:`ConditionalPowerResult` (``nan`` probabilities when the test has already ended).

    Raises:
        InputError: Later looks that do not increase or pass the plan, more than 50 looks in all.

    Examples:
        A direct-mail pilot planned at 8,000 customers per arm, read once at half of them (3.2 % against
        2.5 % response). If the planned +0.5 pp is real, how likely is the final look to conclude?

        >>> from experiments import ArmCounts, group_sequential_test
        >>> test = group_sequential_test([(ArmCounts(100, 4_000), ArmCounts(128, 4_000))],
        ...                              planned_n_control=8_000, planned_n_treatment=8_000)
        >>> test.decision, round(test.looks[0].statistic, 2)
        ('continue', 1.88)
        >>> cp = conditional_power(test, effect_size=0.005)
        >>> round(cp.probability, 3), [round(c, 4) for c in cp.future_bounds]
        (0.671, [1.9686])

    References:
        Jennison & Turnbull (2000), *Group Sequential Methods*, §10.2 (conditional power) and ch. 19
        (recursive integration); Lan & DeMets (1983) for the later bounds.
    """
    if test.decision != "continue":
        return _ended(test, float(effect_size))
    last = test.looks[-1]
    past = tuple(dict.fromkeys(x.information_fraction for x in test.looks))
    later = _future(last.information_fraction, future_fractions)
    if len(past) + len(later) > MAX_LOOKS:
        raise InputError(
            "too_many_looks",
            f"{len(past)} looks so far and {len(later)} later ones: at most {MAX_LOOKS} are supported.",
            field="future_fractions", value=len(past) + len(later), maximum=MAX_LOOKS,
        )  # fmt: skip
    bounds = _later_bounds(test, past, later)
    t_k, z_k, se = last.information_fraction, last.statistic, last.std_error
    drift = float(effect_size) / (se * math.sqrt(t_k))
    up, down = _crossings(t_k, z_k, later, bounds, drift, test.alternative)
    by_look = [u + d for u, d in zip(up, down, strict=True)]
    cumulative = tuple(min(sum(by_look[: j + 1]), 1.0) for j in range(len(by_look)))
    good, bad = (sum(up), sum(down)) if test.direction == "increase" else (sum(down), sum(up))
    return ConditionalPowerResult(
        probability=min(good + bad, 1.0), probability_benefit=good, probability_harm=bad,
        cumulative=cumulative, future_fractions=later, future_bounds=tuple(bounds), statistic=z_k,
        information_fraction=t_k, std_error=se, effect_size=float(effect_size), drift=drift,
        alternative=test.alternative, direction=test.direction,
        notes=() if later[-1] >= 1 else (f"The last later look is at {later[-1]:.0%} of the plan.",),
    )  # fmt: skip


def _crossings(
    t_k: float, z_k: float, later: tuple[float, ...], bounds: Sequence[float], drift: float, alternative: str
) -> tuple[list[float], list[float]]:
    """P(first crossing at each later look) above and below, from ``B(t_k) = z_k·√t_k`` (module doc)."""
    from experiments.design._gs_numerics import crossing_probabilities

    b_k = z_k * math.sqrt(t_k)
    steps = [t - t_k for t in later]
    upper = [
        (c * math.sqrt(t) - b_k) / math.sqrt(s) if alternative != "less" and c < math.inf else math.inf
        for c, t, s in zip(bounds, later, steps, strict=True)
    ]
    lower = [
        (-c * math.sqrt(t) - b_k) / math.sqrt(s) if alternative != "greater" and c < math.inf else -math.inf
        for c, t, s in zip(bounds, later, steps, strict=True)
    ]
    up, down = crossing_probabilities(steps, upper, lower, drift)
    return [float(x) for x in up], [float(x) for x in down]

"""Shared pieces of the Test & Roll modules: the result type and input checks for (control, treatment)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np

from planner_common import InputError, check_int, check_nonnegative, check_positive, check_rate

Pair = tuple[float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class TestAndRollResult:
    """Expected profit of a pilot ("test") followed by the roll-out of its winner to everyone else.

    Attributes:
        population: Customers available in total (pilot + control + roll-out), ``N``.
        prior_mean, prior_sd, response_sd: Echoed inputs as ``(control, treatment)`` pairs, in profit
            per customer (or response, when profit is counted in responses).
        n_control, n_treatment, n_total: Whole customers in each pilot cell and in both.
        n_optimal: The continuous optimum ``(control, treatment)`` before rounding (``nan`` when the plan
            was given, not optimised).
        expected_profit: Expected profit of test plus roll-out, ``= expected_profit_test +
            expected_profit_rollout``.
        expected_profit_test, expected_profit_rollout: The two stages.
        profit_perfect_information: Expected profit if the better arm were known and sent to everyone.
        profit_no_test: Expected profit of sending everyone the arm with the higher prior mean, no pilot.
        gain_over_no_test: ``expected_profit − profit_no_test`` – what the pilot is worth.
        regret: ``1 − expected_profit / profit_perfect_information`` (``nan`` when that profit is ≤ 0).
        error_rate: Probability that the arm rolled out is truly the worse one.
        probability_rollout_treatment: Probability that the pilot's winner is the treatment.
        method: ``"closed-form"``, ``"numeric"``, ``"beta-binomial"`` or ``"given"`` (plan evaluated).
        notes: Caveats in plain English.
    """

    __test__ = False  # not a pytest test class despite its name

    population: int
    prior_mean: Pair
    prior_sd: Pair
    response_sd: Pair
    n_control: int
    n_treatment: int
    n_total: int
    n_optimal: Pair
    expected_profit: float
    expected_profit_test: float
    expected_profit_rollout: float
    profit_perfect_information: float
    profit_no_test: float
    gain_over_no_test: float
    regret: float
    error_rate: float
    probability_rollout_treatment: float
    method: str
    notes: tuple[str, ...] = ()


def check_finite(field: str, value: object) -> float:
    """A finite real number (a prior mean profit may be negative)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise InputError(
            "not_a_number", f"{field} must be a finite number, got {value!r}.", field=field, value=value
        )
    return float(value)


def pair(field: str, value: object, check: Callable[[str, object], float]) -> Pair:
    """A scalar (the same for both arms) or a ``(control, treatment)`` pair, each checked."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise InputError(
                "not_a_pair",
                f"{field} must be one number or a (control, treatment) pair, "
                f"got {len(value)} values: {value!r}.",
                field=field,
                value=value,
            )
        return check(field, value[0]), check(field, value[1])
    one = check(field, value)
    return one, one


def check_priors(prior_mean: object, prior_sd: object, response_sd: object) -> tuple[Pair, Pair, Pair]:
    """Checked ``(control, treatment)`` pairs; at least one prior sd must be above 0."""
    mean = pair("prior_mean", prior_mean, check_finite)
    sd = pair("prior_sd", prior_sd, check_nonnegative)
    if max(sd) <= 0:
        raise InputError(
            "not_positive",
            f"prior_sd must be greater than 0 for at least one arm, got "
            f"{prior_sd!r}: with no uncertainty there is nothing to test.",
            field="prior_sd",
            value=max(sd),
        )
    return mean, sd, pair("response_sd", response_sd, check_positive)


def check_plan(population: object, n_control: object, n_treatment: object) -> tuple[int, int, int]:
    """A whole-customer plan that fits in the population."""
    big_n = check_int("population", population, minimum=2)
    n_c = check_int("n_control", n_control, minimum=0)
    n_t = check_int("n_treatment", n_treatment, minimum=0)
    if n_c + n_t > big_n:
        raise InputError(
            "plan_exceeds_population",
            f"n_control + n_treatment = {n_c + n_t} exceeds population = {big_n}: the pilot "
            "cannot use more customers than the base has.",
            field="n_treatment",
            value=n_c + n_t,
            population=big_n,
        )
    return big_n, n_c, n_t


def cell_notes(n_control: int, n_treatment: int) -> tuple[str, ...]:
    """Plain-English caveats for a plan with an (almost) empty cell."""
    if n_control + n_treatment == 0:
        return (
            "The optimum tests no one: the priors already say: just roll out the arm with the higher "
            "expected profit.",
        )
    small = min(n_control, n_treatment) < max(1.0, 0.01 * max(n_control, n_treatment))
    if not small:
        return ()
    empty = "control" if n_control < n_treatment else "treatment"
    return (
        f"The optimum puts (almost) no one in the {empty} cell: the priors already say enough about "
        f"it; the roll-out compares the other cell's pilot result with the {empty}'s prior mean.",
    )


def pilot_grid(
    population: int, pilot_sizes: Sequence[int] | None, treatment_share: float, points: int
) -> tuple[np.ndarray, np.ndarray]:
    """(n_control, n_treatment) along total pilot sizes (default: log-spaced from 2 to N − 1)."""
    if pilot_sizes is None:
        grid = np.geomspace(2, population - 1, check_int("points", points, minimum=2))
        totals = np.unique(np.round(grid).astype(int))
    else:
        totals = np.array([check_int("pilot_sizes", n, minimum=0) for n in pilot_sizes], dtype=int)
    share = check_rate("treatment_share", treatment_share, allow_zero=True, allow_one=True)
    n_t = np.round(totals * share).astype(int)
    n_c = totals - n_t
    for c, t in zip(n_c, n_t, strict=True):
        check_plan(population, int(c), int(t))
    return n_c, n_t

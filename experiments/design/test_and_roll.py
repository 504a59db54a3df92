"""Profit-maximising pilot size ("Test & Roll", Feit & Berman 2019) and the value of any pilot plan.

A CRM campaign goes to a known, finite base of ``N`` customers. A pilot of ``n_control + n_treatment``
customers is run; everyone else gets the arm that did better (the higher posterior mean). A bigger
pilot picks the right arm more often but keeps more customers on the worse arm. These functions size
the pilot to maximise the expected profit of test plus roll-out, and score any plan – e.g. a
power-based one – on the same scale.

Inputs are in profit per customer (or responses per customer, counting profit in responses):
``prior_mean`` and ``prior_sd`` describe how good the arms could be (from past campaigns, see
:mod:`experiments.design.priors`), ``response_sd`` how much one customer's outcome varies. For a
response rate ``p̄`` the response sd is ``√(p̄(1 − p̄))`` (the paper's text drops the root; its numbers
use it); :func:`profit_prior_from_rates` does the conversion with a margin and a contact cost. For
rates near 0 or 1 use :func:`test_and_roll_sample_size_binary` (exact beta-binomial).

References:
    Feit, E. M. & Berman, R. (2019). Test & Roll: Profit-Maximizing A/B Tests. *Marketing Science*
    38(6), 1038–1058, eqs. (9)–(13) and (18); the authors' R code (github.com/eleafeit/testandroll,
    ``nn_functions.R``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from scipy.special import ndtr

from experiments.design import _test_and_roll_normal as nn
from experiments.design._test_and_roll_binary import (
    evaluate_test_plan_binary,
    test_and_roll_profit_curve_binary,
    test_and_roll_sample_size_binary,
)
from experiments.design._test_and_roll_common import (
    Pair,
    TestAndRollResult,
    cell_notes,
    check_plan,
    check_priors,
    pair,
    pilot_grid,
)
from planner_common import InputError, check_int, check_nonnegative, check_positive, check_rate

__all__ = [
    "ProfitPriorResult",
    "TestAndRollResult",
    "evaluate_test_plan",
    "evaluate_test_plan_binary",
    "finite_population_correction",
    "profit_prior_from_rates",
    "test_and_roll_profit_curve",
    "test_and_roll_profit_curve_binary",
    "test_and_roll_sample_size",
    "test_and_roll_sample_size_binary",
]


def _figures(population: int, n_c: float, n_t: float, mean: Pair, sd: Pair, s: Pair) -> dict:
    test, rollout = nn.plan_profit(population, n_c, n_t, mean, sd, s)
    spread, tau = nn.plan_spread(n_c, n_t, sd, s), math.hypot(*sd)
    perfect = float(nn.expected_max(mean[0] - mean[1], mean[1], tau)) * population
    total, no_test = float(test + rollout), max(mean) * population
    p_treat = float(ndtr((mean[1] - mean[0]) / spread)) if spread > 0 else float(mean[1] > mean[0])
    return {
        "expected_profit": total,
        "expected_profit_test": float(test),
        "expected_profit_rollout": float(rollout),
        "profit_perfect_information": perfect,
        "profit_no_test": no_test,
        "gain_over_no_test": total - no_test,
        "regret": 1 - total / perfect if perfect > 0 else math.nan,
        "error_rate": nn.error_rate(mean[0] - mean[1], spread, tau),
        "probability_rollout_treatment": p_treat,
    }


def _result(
    population: int,
    n_c: int,
    n_t: int,
    optimum: Pair,
    mean: Pair,
    sd: Pair,
    s: Pair,
    method: str,
    notes: tuple[str, ...],
) -> TestAndRollResult:
    return TestAndRollResult(
        population=population,
        prior_mean=mean,
        prior_sd=sd,
        response_sd=s,
        n_control=n_c,
        n_treatment=n_t,
        n_total=n_c + n_t,
        n_optimal=optimum,
        method=method,
        notes=notes,
        **_figures(population, n_c, n_t, mean, sd, s),
    )


def _optimum(population: int, mean: Pair, sd: Pair, s: Pair) -> tuple[Pair, str]:
    if mean[0] == mean[1] and sd[0] == sd[1] and s[0] == s[1]:
        n = nn.symmetric_optimum(population, sd[0], s[0])
        return (n, n), "closed-form"
    if mean[0] == mean[1] and min(sd) == 0:
        known = 0 if sd[0] == 0 else 1
        n = nn.challenger_optimum(population, sd[1 - known], s[1 - known])
        return ((0.0, n) if known == 0 else (n, 0.0)), "closed-form"
    return nn.numeric_optimum(population, mean, sd, s), "numeric"


def test_and_roll_sample_size(
    population: int,
    *,
    prior_mean: float | Sequence[float],
    prior_sd: float | Sequence[float],
    response_sd: float | Sequence[float],
) -> TestAndRollResult:
    """Pilot cells that maximise the expected profit of test plus roll-out.

    Scalars mean both arms share the prior (the paper's closed form, eq. 10,
    ``n* = √(N/4·(s/σ)² + (3/4·(s/σ)²)²) − 3/4·(s/σ)²`` per arm). ``(control, treatment)`` pairs give
    an asymmetric design, optimised numerically (multi-start bounded quasi-Newton plus a whole-customer
    polish; tighter than the authors' Nelder–Mead). A known incumbent (its ``prior_sd`` 0, same prior
    mean) has the closed form ``n* = (√(9s⁴ + 8Nσ²s²) − 3s²)/(4σ²)`` for the challenger alone.

    Args:
        population: Customers available in total, ``N`` (pilot, control and roll-out).
        prior_mean: Expected profit per customer of an arm before the pilot, e.g. ``0.68`` responses.
        prior_sd: How much the arms' true means vary around ``prior_mean`` (from past campaigns).
        response_sd: Standard deviation of one customer's outcome, e.g. ``√(0.68·0.32)``.

    Returns:
        :class:`TestAndRollResult` with the rounded cells and the expected-profit figures.

    Examples:
        The paper's website test: 100 000 visitors, conversion 68 % ± 3 % across past tests:

        >>> r = test_and_roll_sample_size(100_000, prior_mean=0.68, prior_sd=0.03,
        ...                               response_sd=(0.68 * 0.32) ** 0.5)
        >>> r.n_control, r.n_treatment, round(r.expected_profit), round(r.error_rate, 3)
        (2284, 2284, 69536, 0.1)

    References:
        Feit & Berman (2019), eqs. (9), (10), (12), (13), (18).
    """
    big_n = check_int("population", population, minimum=2)
    mean, sd, s = check_priors(prior_mean, prior_sd, response_sd)
    optimum, method = _optimum(big_n, mean, sd, s)
    n_c, n_t = nn.best_integer_plan(big_n, *optimum, mean, sd, s)
    figures = _figures(big_n, n_c, n_t, mean, sd, s)
    worth = figures["profit_perfect_information"] - figures["profit_no_test"]
    if figures["gain_over_no_test"] <= 1e-9 * worth:  # a pilot worth nothing: do not run one
        n_c = n_t = 0
    return _result(big_n, n_c, n_t, optimum, mean, sd, s, method, cell_notes(n_c, n_t))


def evaluate_test_plan(
    population: int,
    n_control: int,
    n_treatment: int,
    *,
    prior_mean: float | Sequence[float],
    prior_sd: float | Sequence[float],
    response_sd: float | Sequence[float],
) -> TestAndRollResult:
    """Expected profit, regret and error rate of a given pilot plan (e.g. one sized for power).

    Args:
        population: Customers available in total.
        n_control, n_treatment: Customers in each pilot cell (whole numbers, 0 allowed).
        prior_mean, prior_sd, response_sd: As in :func:`test_and_roll_sample_size`.

    Returns:
        :class:`TestAndRollResult` with ``method="given"``.

    Examples:
        The website test sized for 80 % power to detect a 2 % lift (18 468 per arm) loses about
        476 conversions against the profit-maximising 2 284 per arm:

        >>> r = evaluate_test_plan(100_000, 18_468, 18_468, prior_mean=0.68, prior_sd=0.03,
        ...                        response_sd=(0.68 * 0.32) ** 0.5)
        >>> round(r.expected_profit), round(r.error_rate, 3)
        (69060, 0.036)

    References:
        Feit & Berman (2019), eqs. (9), (12), (13), (18); R ``test_eval_nn``.
    """
    big_n, n_c, n_t = check_plan(population, n_control, n_treatment)
    mean, sd, s = check_priors(prior_mean, prior_sd, response_sd)
    notes = cell_notes(n_c, n_t) if min(n_c, n_t) == 0 else ()
    return _result(big_n, n_c, n_t, (math.nan, math.nan), mean, sd, s, "given", notes)


def test_and_roll_profit_curve(
    population: int,
    *,
    prior_mean: float | Sequence[float],
    prior_sd: float | Sequence[float],
    response_sd: float | Sequence[float],
    pilot_sizes: Sequence[int] | None = None,
    treatment_share: float = 0.5,
    points: int = 120,
) -> pd.DataFrame:
    """Expected profit and error rate against the pilot size, for a chart.

    Args:
        population, prior_mean, prior_sd, response_sd: As in :func:`test_and_roll_sample_size`.
        pilot_sizes: Total pilot sizes (both cells); default ``points`` sizes spaced evenly on a log
            scale from 2 to ``N − 1``.
        treatment_share: Share of each pilot in the treatment cell (0.5 = equal cells).
        points: Number of default sizes.

    Returns:
        DataFrame with columns ``n_control``, ``n_treatment``, ``n_total``, ``expected_profit``,
        ``error_rate``.

    Examples:
        >>> curve = test_and_roll_profit_curve(100_000, prior_mean=0.68, prior_sd=0.03,
        ...                                    response_sd=0.4665, pilot_sizes=[200, 4568, 20_000])
        >>> curve["expected_profit"].round().tolist()
        [68914.0, 69536.0, 69338.0]

    References:
        Feit & Berman (2019), eqs. (9), (12) and (18).
    """
    big_n = check_int("population", population, minimum=2)
    mean, sd, s = check_priors(prior_mean, prior_sd, response_sd)
    n_c, n_t = pilot_grid(big_n, pilot_sizes, treatment_share, points)
    test, rollout = nn.plan_profit(big_n, n_c, n_t, mean, sd, s)
    tau = math.hypot(*sd)
    errors = [
        nn.error_rate(mean[0] - mean[1], nn.plan_spread(c, t, sd, s), tau)
        for c, t in zip(n_c, n_t, strict=True)
    ]
    return pd.DataFrame(
        {
            "n_control": n_c,
            "n_treatment": n_t,
            "n_total": n_c + n_t,
            "expected_profit": test + rollout,
            "error_rate": errors,
        }
    )


def finite_population_correction(n_control: int, n_treatment: int, population: int) -> tuple[int, int]:
    """Shrink a power-based plan for a finite base: ``n_k · N / (N − 1 + n_control + n_treatment)``.

    Args:
        n_control, n_treatment: The plan sized for an infinite population.
        population: Customers available in total.

    Returns:
        The corrected ``(n_control, n_treatment)``, rounded up.

    Examples:
        The website test's 18 468 per arm become 13 487 with a base of 100 000:

        >>> finite_population_correction(18_468, 18_468, 100_000)
        (13487, 13487)

    References:
        Feit & Berman (2019), eq. (2) with the finite-population correction; R ``test_size_nht``.
    """
    big_n = check_int("population", population, minimum=2)
    n_c = check_int("n_control", n_control, minimum=0)
    n_t = check_int("n_treatment", n_treatment, minimum=0)
    factor = big_n / (big_n - 1 + n_c + n_t)
    return math.ceil(n_c * factor - 1e-9), math.ceil(n_t * factor - 1e-9)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfitPriorResult:
    """Test & Roll inputs in money, from response-rate priors.

    Attributes:
        rate_mean, rate_sd: Echoed ``(control, treatment)`` prior mean and sd of the response rate.
        margin_per_response, cost_per_contact: Echoed money inputs (cost as a pair).
        prior_mean: ``margin · rate_mean − cost_per_contact`` per arm.
        prior_sd: ``margin · rate_sd`` per arm.
        response_sd: ``margin · √(p̄(1 − p̄))`` per arm.
        normal_approximation_ok: ``False`` when a normal prior puts more than 1 % of its weight
            outside 0–100 % (rates near 0 or 1): use the exact beta-binomial sizing then.
        notes: Caveats.
    """

    rate_mean: Pair
    rate_sd: Pair
    margin_per_response: float
    cost_per_contact: Pair
    prior_mean: Pair
    prior_sd: Pair
    response_sd: Pair
    normal_approximation_ok: bool
    notes: tuple[str, ...] = ()


def profit_prior_from_rates(
    rate_mean: float | Sequence[float],
    rate_sd: float | Sequence[float],
    *,
    margin_per_response: float = 1.0,
    cost_per_contact: float | Sequence[float] = 0.0,
) -> ProfitPriorResult:
    """Turn a prior on response rates into Test & Roll inputs in profit per customer.

    Args:
        rate_mean: Expected response rate (fraction) of an arm, or ``(control, treatment)``.
        rate_sd: How much that rate varies between campaigns (fraction), or a pair.
        margin_per_response: Contribution margin of one response (money).
        cost_per_contact: Cost of contacting one customer; ``(0, c)`` for a control that is not contacted.

    Returns:
        :class:`ProfitPriorResult`.

    Examples:
        3 % ± 0.5 pp response, 40 000 CLP margin per response, 300 CLP per contact:

        >>> p = profit_prior_from_rates(0.03, 0.005, margin_per_response=40_000, cost_per_contact=300)
        >>> p.prior_mean, p.prior_sd, round(p.response_sd[0], 1)
        ((900.0, 900.0), (200.0, 200.0), 6823.5)

    References:
        Feit & Berman (2019), §5.1 (binary response approximated by a normal with sd √(p(1 − p))).
    """
    mean = pair("rate_mean", rate_mean, check_rate)
    sd = pair("rate_sd", rate_sd, check_nonnegative)
    margin = check_positive("margin_per_response", margin_per_response)
    cost = pair("cost_per_contact", cost_per_contact, check_nonnegative)
    if max(sd) >= 0.5:
        raise InputError(
            "rate_sd_too_large",
            f"rate_sd must be below 0.5 (50 points), got {max(sd)}: "
            "give the spread as a fraction, e.g. 0.005 for half a point.",
            field="rate_sd",
            value=max(sd),
        )
    spill = [ndtr(-m / v) + ndtr((m - 1) / v) if v > 0 else 0.0 for m, v in zip(mean, sd, strict=True)]
    notes = (
        (
            "The normal prior puts more than 1 % of its weight outside 0–100 %: use the exact "
            "beta-binomial sizing (test_and_roll_sample_size_binary).",
        )
        if max(spill) > 0.01
        else ()
    )
    return ProfitPriorResult(
        rate_mean=mean,
        rate_sd=sd,
        margin_per_response=margin,
        cost_per_contact=cost,
        prior_mean=(margin * mean[0] - cost[0], margin * mean[1] - cost[1]),
        prior_sd=(margin * sd[0], margin * sd[1]),
        response_sd=(
            margin * math.sqrt(mean[0] * (1 - mean[0])),
            margin * math.sqrt(mean[1] * (1 - mean[1])),
        ),
        normal_approximation_ok=not notes,
        notes=notes,
    )


# The file and function names are a public contract; keep pytest from collecting them as tests.
for _function in (
    test_and_roll_sample_size,
    test_and_roll_profit_curve,
    test_and_roll_sample_size_binary,
    test_and_roll_profit_curve_binary,
):
    setattr(_function, "__test__", False)  # noqa: B010

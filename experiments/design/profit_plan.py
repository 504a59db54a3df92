"""The profit-maximising pilot beside the power-based one, for a response rate: one call, one result.

From what past campaigns say about the response rate (mean and spread), the margin per response and the
cost per contact, :func:`test_and_roll_plan` sizes the Test & Roll pilot, scores the power-based pilot
(with and without the finite-population correction) on the same scale, and draws the expected-profit
curve. It chooses the engine: the normal approximation when it holds, the exact beta-binomial one
otherwise (rates near 0). Without a margin the profit is counted in responses (margin 1, no cost).
In a holdout design the control is not contacted (no cost) and the pilot carries an expected lift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from experiments.design._test_and_roll_binary import (
    evaluate_test_plan_binary,
    test_and_roll_profit_curve_binary,
    test_and_roll_sample_size_binary,
)
from experiments.design._test_and_roll_common import TestAndRollResult
from experiments.design.priors import beta_prior_from_moments
from experiments.design.test_and_roll import (
    ProfitPriorResult,
    evaluate_test_plan,
    finite_population_correction,
    profit_prior_from_rates,
    test_and_roll_profit_curve,
    test_and_roll_sample_size,
)
from planner_common import check_int

__all__ = ["TestAndRollPlanResult", "test_and_roll_plan"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TestAndRollPlanResult:
    """The Test & Roll pilot, the power-based pilots scored on the same scale, and the profit curve.

    Attributes:
        population, rate_mean, rate_sd, lift, holdout: Echoed inputs (``rate_mean`` of the control).
        counts_responses: ``True`` when no margin was given: profits are in responses.
        prior: The profit prior built from the rates (:func:`profit_prior_from_rates`).
        exact: ``True`` when the beta-binomial engine was used (normal approximation not good enough).
        optimum: The profit-maximising plan ``n*``.
        power_sizes, fpc_sizes: ``(n_control, n_treatment)`` of the power-based pilot, and the same
            with the finite-population correction.
        plans: ``{"power": ..., "fpc": ...}`` – each plan scored, or ``None`` when it does not fit in
            the base.
        curve: Expected profit against the pilot size (columns of the curve functions).
    """

    __test__ = False  # not a pytest test class despite its name

    population: int
    rate_mean: float
    rate_sd: float
    lift: float
    holdout: bool
    counts_responses: bool
    prior: ProfitPriorResult
    exact: bool
    optimum: TestAndRollResult
    power_sizes: tuple[int, int]
    fpc_sizes: tuple[int, int]
    plans: dict[str, TestAndRollResult | None]
    curve: pd.DataFrame

    @property
    def rollout_size(self) -> int:
        """Customers left for the roll-out once the profit-maximising pilot has run (base − ``n*``).

        Examples:
            >>> plan = test_and_roll_plan(100_000, rate_mean=0.03, rate_sd=0.005, power_sizes=(13_914, 13_914))
            >>> plan.rollout_size + plan.optimum.n_total
            100000

        References:
            Feit & Berman (2019), eq. 9: the roll-out reaches ``N − n₁ − n₂``.
        """
        return self.population - self.optimum.n_total

    def versus_optimum(self, name: str) -> float | None:
        """Expected profit of the plan ``name`` (``"power"`` or ``"fpc"``) minus that of ``n*``; ``None``
        when the plan does not fit in the base. Never positive: ``n*`` maximises the expected profit.

        Examples:
            >>> plan = test_and_roll_plan(100_000, rate_mean=0.03, rate_sd=0.005,
            ...                           power_sizes=(13_914, 13_914), margin_per_response=40_000,
            ...                           cost_per_contact=300)
            >>> plan.versus_optimum("power") < 0
            True

        References:
            Feit & Berman (2019), eq. 13 (expected profit of a test plan).
        """
        scored = self.plans[name]
        return None if scored is None else scored.expected_profit - self.optimum.expected_profit


def _money(margin: float | None, cost: float, holdout: bool) -> dict[str, Any]:
    """Margin and contact cost per arm; responses (margin 1, cost 0) without a margin."""
    value, per_contact = (1.0, 0.0) if margin is None else (float(margin), float(cost))
    return {"margin_per_response": value, "cost_per_contact": (0.0, per_contact) if holdout else per_contact}


def _beta_priors(rates: float | tuple[float, float], sd: float) -> dict[str, Any]:
    """Beta priors with the rates' means and spread (one per arm in a holdout design)."""
    if isinstance(rates, tuple):
        pairs = [beta_prior_from_moments(rate, sd) for rate in rates]
        return {"prior_alpha": tuple(a for a, _ in pairs), "prior_beta": tuple(b for _, b in pairs)}
    alpha, beta = beta_prior_from_moments(rates, sd)
    return {"prior_alpha": alpha, "prior_beta": beta}


def test_and_roll_plan(
    population: int,
    *,
    rate_mean: float,
    rate_sd: float,
    power_sizes: tuple[int, int],
    lift: float = 0.0,
    holdout: bool = False,
    margin_per_response: float | None = None,
    cost_per_contact: float = 0.0,
) -> TestAndRollPlanResult:
    """Size the profit-maximising pilot and score the power-based one on the same expected profit.

    Args:
        population: Customers in the base (pilot plus roll-out).
        rate_mean: Expected response rate of the control (and of the pilot in an A/B comparison).
        rate_sd: How much the response rate varies from campaign to campaign (prior sd, fraction).
        power_sizes: ``(n_control, n_treatment)`` of the power-based pilot to compare with.
        lift: Expected lift of the pilot over the control (holdout only; fraction).
        holdout: ``True`` when the control is not contacted (no contact cost, pilot expected better).
        margin_per_response: Margin per response; ``None`` or ≤ 0 counts profit in responses.
        cost_per_contact: Cost of contacting one customer (ignored when counting responses).

    Returns:
        A :class:`TestAndRollPlanResult`.

    Examples:
        A direct-mail base of 100 000 customers; past campaigns answered 3 % ± 0,5 points; margin
        40 000 CLP per response, 300 CLP per contact; the power-based pilot has 13 914 per arm:

        >>> plan = test_and_roll_plan(100_000, rate_mean=0.03, rate_sd=0.005,
        ...                           power_sizes=(13_914, 13_914), margin_per_response=40_000,
        ...                           cost_per_contact=300)
        >>> plan.exact, plan.optimum.n_total < sum(plan.power_sizes)
        (False, True)
        >>> plan.optimum.expected_profit > plan.plans["power"].expected_profit
        True

    References:
        Feit & Berman (2019), "Test & Roll: Profit-Maximizing A/B Tests", *Marketing Science* 38(6)
        (eqs. 9–13 and 18); finite-population correction as in :func:`finite_population_correction`.
    """
    n_base = check_int("population", population, minimum=2)
    counts = margin_per_response is None or margin_per_response <= 0
    rates: float | tuple[float, float] = (rate_mean, rate_mean + lift) if holdout else rate_mean
    money = _money(None if counts else margin_per_response, cost_per_contact, holdout)
    prior = profit_prior_from_rates(rates, rate_sd, **money)
    exact = not prior.normal_approximation_ok
    evaluate: Callable[..., TestAndRollResult]
    curve_of: Callable[..., pd.DataFrame]
    if exact:
        kwargs = {**_beta_priors(rates, rate_sd), **money}
        optimum = test_and_roll_sample_size_binary(n_base, **kwargs)
        evaluate, curve_of, points = evaluate_test_plan_binary, test_and_roll_profit_curve_binary, 50
    else:
        kwargs = {
            "prior_mean": prior.prior_mean,
            "prior_sd": prior.prior_sd,
            "response_sd": prior.response_sd,
        }
        optimum = test_and_roll_sample_size(n_base, **kwargs)
        evaluate, curve_of, points = evaluate_test_plan, test_and_roll_profit_curve, 120
    sizes = {"power": tuple(power_sizes), "fpc": finite_population_correction(*power_sizes, n_base)}
    plans = {name: evaluate(n_base, *s, **kwargs) if sum(s) <= n_base else None for name, s in sizes.items()}
    share = optimum.n_treatment / optimum.n_total if optimum.n_total else 0.5
    return TestAndRollPlanResult(
        population=n_base,
        rate_mean=rate_mean,
        rate_sd=rate_sd,
        lift=lift if holdout else 0.0,
        holdout=holdout,
        counts_responses=counts,
        prior=prior,
        exact=exact,
        optimum=optimum,
        power_sizes=(int(sizes["power"][0]), int(sizes["power"][1])),
        fpc_sizes=(int(sizes["fpc"][0]), int(sizes["fpc"][1])),
        plans=plans,
        curve=curve_of(n_base, **kwargs, treatment_share=share, points=points),
    )


test_and_roll_plan.__test__ = False  # type: ignore[attr-defined]  # a public name, not a pytest test

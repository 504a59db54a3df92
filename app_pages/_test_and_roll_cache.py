"""Cached calls into the Test & Roll and Bayesian engines for the profit tab and the Bayes panel.

No formulas here: this module only routes the page inputs to ``experiments`` and bundles the results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from experiments import (
    beta_prior_from_moments,
    evaluate_test_plan,
    evaluate_test_plan_binary,
    finite_population_correction,
    prior_from_past_campaigns,
    profit_prior_from_rates,
    sample_size_two_proportions,
    test_and_roll_profit_curve,
    test_and_roll_profit_curve_binary,
    test_and_roll_sample_size,
    test_and_roll_sample_size_binary,
)
from experiments.analysis.bayes import (
    bayes_compare_effect,
    bayes_compare_means,
    bayes_compare_proportions,
    compare_decision_rules,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfitInputs:
    """The profit tab's inputs in engine units (rates as fractions, money per customer)."""

    population: int
    holdout: bool  # True: the control is not contacted (no cost) and the pilot has an expected lift
    rate_mean: float
    rate_sd: float
    lift: float  # expected lift of the pilot (holdout only)
    margin: float  # 0: count responses instead of money
    cost: float
    power_plan: tuple[int, int] | None  # sizes saved by the power tab
    mde: float  # lift to detect when no power plan was saved
    alpha: float
    power: float

    def rates(self) -> float | tuple[float, float]:
        return (self.rate_mean, self.rate_mean + self.lift) if self.holdout else self.rate_mean

    def money(self) -> dict[str, Any]:
        margin = self.margin if self.margin > 0 else 1.0
        cost = self.cost if self.margin > 0 else 0.0
        return {"margin_per_response": margin, "cost_per_contact": (0.0, cost) if self.holdout else cost}


def _beta(inputs: ProfitInputs) -> dict[str, Any]:
    rates = inputs.rates()
    pairs = [beta_prior_from_moments(m, inputs.rate_sd) for m in (rates if inputs.holdout else (rates,))]
    alpha = tuple(a for a, _ in pairs) if inputs.holdout else pairs[0][0]
    beta = tuple(b for _, b in pairs) if inputs.holdout else pairs[0][1]
    return {"prior_alpha": alpha, "prior_beta": beta, **inputs.money()}


def _power_sizes(inputs: ProfitInputs) -> tuple[int, int]:
    if inputs.power_plan is not None:
        return inputs.power_plan
    sized = sample_size_two_proportions(
        inputs.rate_mean, effect_size=inputs.mde, alpha=inputs.alpha, power=inputs.power
    )
    return sized.n_control, sized.n_treatment


@st.cache_data(max_entries=64, show_spinner=False)
def profit_plan(inputs: ProfitInputs) -> dict[str, Any]:
    """n*, the power-based plans (with and without finite-population correction) and the curve."""
    prior = profit_prior_from_rates(inputs.rates(), inputs.rate_sd, **inputs.money())
    exact = not prior.normal_approximation_ok
    if exact:
        kwargs = _beta(inputs)
        optimum = test_and_roll_sample_size_binary(inputs.population, **kwargs)
        evaluate, curve_of = evaluate_test_plan_binary, test_and_roll_profit_curve_binary
    else:
        kwargs = {
            "prior_mean": prior.prior_mean,
            "prior_sd": prior.prior_sd,
            "response_sd": prior.response_sd,
        }
        optimum = test_and_roll_sample_size(inputs.population, **kwargs)
        evaluate, curve_of = evaluate_test_plan, test_and_roll_profit_curve
    power_sizes = _power_sizes(inputs)
    fpc_sizes = finite_population_correction(*power_sizes, inputs.population)
    plans = {}
    for name, sizes in (("power", power_sizes), ("fpc", fpc_sizes)):
        fits = sum(sizes) <= inputs.population
        plans[name] = evaluate(inputs.population, *sizes, **kwargs) if fits else None
    share = optimum.n_treatment / optimum.n_total if optimum.n_total else 0.5
    curve = curve_of(inputs.population, **kwargs, treatment_share=share, points=50 if exact else 120)
    return {
        "optimum": optimum,
        "plans": plans,
        "power_sizes": power_sizes,
        "fpc_sizes": fpc_sizes,
        "curve": curve,
        "exact": exact,
        "prior": prior,
    }


@st.cache_data(max_entries=64, show_spinner=False)
def campaign_prior(table: pd.DataFrame, paired: bool) -> Any:
    """Prior mean and sd of the response rate from the past-campaigns table (rates in %)."""
    data = pd.DataFrame(
        {"campaign": table["campaign"].astype(str), "rate": table["rate"] / 100, "n": table["n"]}
    )
    return prior_from_past_campaigns(data, campaign="campaign" if paired else None)


@st.cache_data(max_entries=64, show_spinner=False)
def bayes_readout(
    kind: str,
    metric: tuple[tuple[str, Any], ...],
    direction: str,
    economics: tuple[tuple[str, Any], ...],
    prior: tuple[tuple[float, float], ...] | None,
) -> Any:
    """The Bayesian readout of one metric (``metric``/``economics`` as sorted key–value tuples)."""
    m, money = dict(metric), dict(economics)
    if kind == "proportion":
        priors = _readout_prior(prior)
        return bayes_compare_proportions(
            (m["successes_control"], m["n_control"]),
            (m["successes_treatment"], m["n_treatment"]),
            direction=direction,
            **priors,
            **money,
        )
    if kind == "mean":
        return bayes_compare_means(
            (m["n_control"], m["control"], m["control_std"]),
            (m["n_treatment"], m["treatment"], m["treatment_std"]),
            direction=direction,
            **money,
        )
    return bayes_compare_effect(
        m["effect_size"],
        m["std_error"],
        control=m.get("control", math.nan),
        treatment=m.get("treatment", math.nan),
        direction=direction,
        **money,
    )


def _readout_prior(prior: tuple[tuple[float, float], ...] | None) -> dict[str, Any]:
    """Beta priors per arm from ``((mean, sd) of the control, (mean, sd) of the pilot)``."""
    if prior is None:
        return {}
    pairs = [beta_prior_from_moments(mean, sd) for mean, sd in prior]
    return {"prior_alpha": tuple(a for a, _ in pairs), "prior_beta": tuple(b for _, b in pairs)}


def decision_rules(result: Any, pvalue: float, alpha: float, observed: float) -> Any:
    """The Test & Roll rule next to the frequentist verdict (cheap: not cached)."""
    return compare_decision_rules(result, pvalue=pvalue, alpha=alpha, observed_effect=observed)

"""Pilot design: sizing, power, MDE, Test & Roll, priors, assignment and balance.

Names are imported lazily on first use (PEP 562), so ``import experiments.design.assignment``
or a benchmark does not pay for scipy and statsmodels until it needs them.
"""

from __future__ import annotations

from planner_common.lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "CustomerListResult": "experiments.design._assign_list",
    "prepare_customer_list": "experiments.design._assign_list",
    "MeanMDEResult": "experiments.design._sizing_results",
    "MeanPowerResult": "experiments.design._sizing_results",
    "MeanSampleSizeResult": "experiments.design._sizing_results",
    "ProportionMDEResult": "experiments.design._sizing_results",
    "ProportionPowerResult": "experiments.design._sizing_results",
    "ProportionSampleSizeResult": "experiments.design._sizing_results",
    "AssignmentResult": "experiments.design.assignment",
    "assign": "experiments.design.assignment",
    "assign_customers": "experiments.design.assignment",
    "assignment_hash": "experiments.design.assignment",
    "AssignmentReportResult": "experiments.design.assignment_checks",
    "assignment_report": "experiments.design.assignment_checks",
    "SplitCheckResult": "experiments.design.balance",
    "balance_table": "experiments.design.balance",
    "check_split": "experiments.design.balance",
    "representativeness_table": "experiments.design.balance",
    "SequentialBoundsResult": "experiments.design.sequential",
    "sequential_bounds": "experiments.design.sequential",
    "SequentialDesignResult": "experiments.design.sequential_plan",
    "SequentialPlan": "experiments.design.sequential_plan",
    "plan_sequential": "experiments.design.sequential_plan",
    "power_curve": "experiments.design.curves",
    "power_curve_by_n": "experiments.design.curves",
    "power_curve_means": "experiments.design.curves",
    "power_curve_means_by_n": "experiments.design.curves",
    "mde_two_means": "experiments.design.means",
    "power_two_means": "experiments.design.means",
    "sample_size_two_means": "experiments.design.means",
    "CampaignPriorResult": "experiments.design.priors",
    "beta_prior_from_moments": "experiments.design.priors",
    "prior_from_past_campaigns": "experiments.design.priors",
    "mde_two_proportions": "experiments.design.proportions",
    "power_two_proportions": "experiments.design.proportions",
    "sample_size_two_proportions": "experiments.design.proportions",
    "TestAndRollPlanResult": "experiments.design.profit_plan",
    "test_and_roll_plan": "experiments.design.profit_plan",
    "ProfitPriorResult": "experiments.design.test_and_roll",
    "TestAndRollResult": "experiments.design.test_and_roll",
    "evaluate_test_plan": "experiments.design.test_and_roll",
    "evaluate_test_plan_binary": "experiments.design.test_and_roll",
    "finite_population_correction": "experiments.design.test_and_roll",
    "profit_prior_from_rates": "experiments.design.test_and_roll",
    "test_and_roll_profit_curve": "experiments.design.test_and_roll",
    "test_and_roll_profit_curve_binary": "experiments.design.test_and_roll",
    "test_and_roll_sample_size": "experiments.design.test_and_roll",
    "test_and_roll_sample_size_binary": "experiments.design.test_and_roll",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""The public names of docs/architecture.md §4 and of the issues exist where callers look for them (oracle:
the contract text), and every lazily exported name resolves to the object defined in its module."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

CONTRACT = {
    "experiments": [
        "sample_size_two_proportions",
        "power_two_proportions",
        "mde_two_proportions",
        "sample_size_two_means",
        "power_two_means",
        "mde_two_means",
        "power_curve",
        "ArmCounts",
        "ArmMoments",
        "ArmStats",
        "compare_proportions",
        "compare_means",
        "sample_ratio_test",
        "adjust_pvalues",
        "Proportion",
        "Mean",
        "RatioOfMeans",
        "analyze_pilot",
        "analyze_counts",
        "verdict",
        "planned_control_share",
        "planned_weights",
        "test_and_roll_sample_size",
        "evaluate_test_plan",
        "assign",
        "balance_table",
        "assignment_report",
        "test_and_roll_plan",
        "sequential_bounds",
        "group_sequential_test",
        "confidence_sequence",
        "monitor_pilot",
        "plan_sequential",
        "SequentialPlan",
        "conditional_power",
        "monitor_counts",
    ],
    "datasources": [
        "read_table",
        "connect",
        "column_summary",
        "value_counts",
        "export_csv",
        "export_xlsx",
        "export_file_name",
        "redacted",
        "save_connection",
        "saved_connections",
        "remove_connection",
    ],
    "planner_common": [
        "InputError",
        "parse_number",
        "format_number_input",
        "number_symbols",
        "NumberSymbols",
    ],
    "economics": [
        "CampaignCosts",
        "break_even_response_rate",
        "break_even_uplift",
        "project_rollout",
        "clv",
        "expected_lifetime",
        "annual_churn_from_monthly",
        "monthly_churn_from_annual",
        "nps",
        "margin_per_period",
        "retention_per_period",
        "wave_variance",
    ],
    "rollout": [
        "recommend_rollout",
        "DecisionResult",
        "portfolio_impact",
        "portfolio_campaign",
        "PortfolioCampaign",
        "PortfolioImpactResult",
        "ShrunkCampaign",
        "PortfolioFilter",
        "PortfolioListResult",
        "PortfolioRow",
        "PeriodRow",
        "PeriodViewResult",
        "TierRow",
        "TierResultsResult",
        "PastCampaign",
        "PastCampaignsResult",
        "monitor_outlook",
        "monitoring_record",
        "sequential_state",
    ],
    "rollout.registry": ["Registry"],
}

# Methods of rollout.registry.Registry the Portfolio page calls (issue "Portfolio").
REGISTRY_METHODS = [
    "portfolio",
    "portfolio_periods",
    "portfolio_campaigns",
    "tier_results",
    "past_campaigns",
    "archive",
    "restore",
    "duplicate",
    "import_campaigns",
]


@pytest.mark.parametrize("package", sorted(CONTRACT))
def test_contract_names_are_importable(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in CONTRACT[package] if not hasattr(module, name)]
    assert not missing, f"{package} lacks {missing}"


def test_the_registry_has_the_portfolio_methods() -> None:
    from rollout.registry import Registry

    assert [name for name in REGISTRY_METHODS if not callable(getattr(Registry, name, None))] == []


def test_importing_rollout_does_not_load_the_database_layer() -> None:
    """Cheap imports: the portfolio's records and maths come with ``rollout``, SQLAlchemy only with the
    registry."""
    code = "import sys, rollout; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "package", ["experiments", "experiments.design", "experiments.analysis", "planner_common"]
)
def test_every_lazy_export_resolves_to_its_definition(package: str) -> None:
    module = importlib.import_module(package)
    for name, source in module._EXPORTS.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name), name
    assert set(module.__all__) <= set(dir(module))


def test_the_top_level_re_exports_both_subpackages() -> None:
    import experiments
    from experiments import analysis, design

    assert set(design.__all__) | set(analysis.__all__) == set(experiments.__all__)


def test_importing_the_package_does_not_load_scipy() -> None:
    """Cheap imports: a benchmark or the assignment engine pays for scipy only when it needs it."""
    code = "import sys, experiments, experiments.design, experiments.analysis; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""Inputs shared by the Customer value tabs: the worked example, first-view values and option lists."""

from __future__ import annotations

from app_pages.components.inputs import prefill
from economics import CLV_TIMINGS, LIFETIME_CONVENTIONS

PERIODS = ("year", "month")
TIMINGS = tuple(CLV_TIMINGS)  # ("end", "start"): when the first margin is earned
CONVENTIONS = tuple(LIFETIME_CONVENTIONS)  # ("discrete", "continuous", "median")

# docs/formulas.md §5, §7 and §8 worked examples: m = 100 000 a year, r = 80 %, d = 10 %, CAC = 120 000;
# 3 % monthly churn; S = 1 000, N_new = 250, E = 1 100; bathtub A = 250, c = 15 %.
EXAMPLE = {
    "value.period": "year",
    "value.margin": 100_000.0,
    "value.retention": 80.0,
    "value.discount": 10.0,
    "value.timing": "end",
    "value.cac": 120_000.0,
    "value.convention": "discrete",
    "value.churn_period": "month",
    "value.churn": 3.0,
    "value.churn_convention": "discrete",
    "value.flow_start": 1_000,
    "value.flow_new": 250,
    "value.flow_end": 1_100,
    "value.bath_start": 1_000,
    "value.bath_new": 250,
    "value.bath_churn": 15.0,
    "value.bath_periods": 24,
}


def apply_defaults() -> None:
    """First-view choices of the tabs (the numbers stay empty until typed or the example is loaded)."""
    prefill(
        {
            "value.period": "year",
            "value.timing": "end",
            "value.convention": "discrete",
            "value.churn_period": "month",
            "value.churn_convention": "discrete",
            "value.bath_periods": 24,
        }
    )

"""Daily counts typed by hand, monitored against the plan.

Oracle: :func:`monitor_pilot` on a customer-level table holding exactly those customers (one row per
customer, built with pandas), a round trip through the file path the app already verifies; and the
refusals' codes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from experiments import ArmCounts, Proportion, SequentialPlan, monitor_counts, monitor_pilot
from planner_common import InputError

DAYS = [  # (day, control responders, control customers, pilot responders, pilot customers)
    (dt.date(2025, 3, 3), 7, 180, 12, 220),
    (dt.date(2025, 3, 4), 9, 210, 10, 190),
    (dt.date(2025, 3, 5), 8, 200, 17, 200),
    (dt.date(2025, 3, 6), 6, 195, 14, 205),
    (dt.date(2025, 3, 7), 9, 205, 16, 195),
]


def _customers() -> pd.DataFrame:
    rows = []
    for day, rc, nc, rt, nt in DAYS:
        rows += [(day, "control", int(i < rc)) for i in range(nc)]
        rows += [(day, "piloto", int(i < rt)) for i in range(nt)]
    return pd.DataFrame(rows, columns=["fecha", "grupo", "respondio"])


@pytest.mark.parametrize(
    "plan",
    [
        SequentialPlan(kind="group-sequential", planned_n_control=2_000, planned_n_treatment=2_000),
        SequentialPlan(kind="group-sequential", planned_n_control=2_000, planned_n_treatment=2_000, looks=4),
        SequentialPlan(kind="confidence-sequence", planned_n_control=2_000, planned_n_treatment=2_000),
    ],
)
def test_typed_days_give_the_looks_of_the_customer_file(plan):
    typed = [(d, ArmCounts(rc, nc), ArmCounts(rt, nt)) for d, rc, nc, rt, nt in reversed(DAYS)]  # any order
    ours = monitor_counts(typed, plan=plan, metric="respondio")
    oracle = monitor_pilot(_customers(), [Proportion("respondio")], date="fecha", group="grupo", plan=plan)
    assert ours == oracle.metrics["respondio"]


def test_bad_rows_are_refused_with_a_code():
    plan = SequentialPlan(kind="group-sequential", planned_n_control=2_000, planned_n_treatment=2_000)
    day = dt.date(2025, 3, 3)
    cases = [
        ([], "no_looks"),
        ([(day, ArmCounts(1, 10))], "bad_daily_counts"),
        ([("2025-03-03", ArmCounts(1, 10), ArmCounts(1, 10))], "bad_daily_counts"),
        ([(day, ArmCounts(1, 10), ArmCounts(1, 10))] * 2, "duplicate_day"),
    ]
    for days, code in cases:
        with pytest.raises(InputError) as caught:
            monitor_counts(days, plan=plan)
        assert caught.value.code == code
    with pytest.raises(InputError) as caught:
        monitor_counts([(day, ArmCounts(1, 10), ArmCounts(1, 10))], plan=plan, direction="up")
    assert caught.value.code == "bad_choice"

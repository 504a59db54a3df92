"""assignment_report on the bundled retail list: properties of a valid draw, checked on the exported rows.

Oracles: the plan itself (exact arm sizes; the roll-out is everyone else), pandas counts on the rows the
report exports (not the engine's own counts), a round trip (the same salt gives the same rows, another
salt other rows), and the closed rule of which arms get a representativeness check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datasources import read_table
from experiments import assignment_report

LIST = Path(__file__).resolve().parents[3] / "examples" / "data" / "clientes_retail_cl.csv"
PLAN = {"pilot_1": 3_000, "pilot_2": 3_000, "control": 1_000, "holdout": 500}
COVARIATES = ["id_cliente", "segmento_valor", "gasto_12m"]


@pytest.fixture(scope="module")
def report():
    return assignment_report(
        read_table(LIST),
        id_column="id_cliente",
        arms=PLAN,
        salt="primavera",
        strata=["segmento_valor"],
        covariates=COVARIATES,
    )


def test_the_rows_hold_the_planned_sizes(report) -> None:
    rows = report.rows.to_pandas()
    counts = rows["arm"].value_counts().to_dict()
    assert {arm: counts[arm] for arm in PLAN} == PLAN
    assert counts["rollout"] == report.n_eligible - sum(PLAN.values())
    assert dict(report.arm_sizes) == counts and report.split.exact
    assert rows["id_cliente"].is_unique and len(rows) == report.n_eligible
    assert list(rows["id_cliente"]) == sorted(rows["id_cliente"])
    assert report.n_strata == rows["stratum"].nunique()


def test_checks_cover_every_drawn_arm_and_every_treated_arm(report) -> None:
    assert report.covariates == ("segmento_valor", "gasto_12m")  # the ID is never a covariate
    assert set(report.balance["arm"]) == {"pilot_1", "pilot_2", "holdout"}
    assert set(report.balance["reference"]) == {"control"}
    assert set(report.representativeness["arm"]) == {"pilot_1", "pilot_2"}
    assert set(report.representativeness["reference"]) == {"rollout"}


def test_the_same_salt_draws_the_same_customers(report) -> None:
    again = assignment_report(
        read_table(LIST), id_column="id_cliente", arms=PLAN, salt="primavera", strata=["segmento_valor"]
    )
    other = assignment_report(
        read_table(LIST), id_column="id_cliente", arms=PLAN, salt="otoño", strata=["segmento_valor"]
    )
    assert again.rows.equals(report.rows)
    assert not other.rows.equals(report.rows)
    assert again.balance.empty and again.representativeness is None


def test_no_representativeness_without_a_rollout() -> None:
    small = assignment_report(
        read_table(LIST),
        id_column="id_cliente",
        arms={"pilot": 10, "control": 10},
        salt="x",
        covariates=["gasto_12m"],
        eligible={"segmento_valor": ["alto"]},
    )
    assert small.representativeness is not None  # the rest of «alto» is the roll-out
    everyone = small.n_eligible
    full = assignment_report(
        read_table(LIST),
        id_column="id_cliente",
        arms={"pilot": everyone - 10, "control": 10},
        salt="x",
        covariates=["gasto_12m"],
        eligible={"segmento_valor": ["alto"]},
    )
    assert dict(full.arm_sizes).get("rollout", 0) == 0 and full.representativeness is None

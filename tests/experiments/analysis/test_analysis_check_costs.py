"""The data checks computed the cheap way (integer 0/1 comparisons, one minimum per column, infinite
values found from the sums) still refuse exactly what they refused before.

Oracle: closed form – the offending cells are planted at known rows, so the expected counts and row
numbers are known before the code runs; and the engine's SQL text for what it no longer computes.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from experiments import Mean, Proportion, RatioOfMeans, analyze_pilot
from experiments.analysis.aggregate import build
from experiments.analysis.capping import Capping
from experiments.analysis.pilot_engine import plan_columns, resolve_caps
from planner_common import InputError


def pilot(n: int = 100) -> pd.DataFrame:
    half = n // 2
    return pd.DataFrame(
        {
            "grupo": ["control"] * half + ["piloto"] * (n - half),
            "respondio": np.arange(n, dtype="int64") % 2,
            "compra": (np.arange(n, dtype="int32") % 3 == 0).astype("int32"),
            "ingreso": np.linspace(1.0, 50.0, n),
        }
    )


def code_of(df: pd.DataFrame, metrics: object) -> InputError:
    with pytest.raises(InputError) as err:
        analyze_pilot(df, metrics, group="grupo")
    return err.value


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "uint16"])
def test_integer_answers_other_than_0_1_are_counted_with_their_rows(dtype: str) -> None:
    """A 2 at data row 8 and a 7 at row 61 (a -1 at row 31 for signed types): each one is counted."""
    df = pilot()
    planted = {7: 2, 60: 7} | ({} if dtype.startswith("u") else {30: -1})
    for row, value in planted.items():
        df.loc[row, "respondio"] = value
    err = code_of(df.astype({"respondio": dtype}), [Proportion("respondio")])
    assert err.code == "not_binary" and err.params["count"] == len(planted)
    assert err.params["rows"].startswith("8 («2»)")


def test_boolean_and_clean_integer_answers_pass() -> None:
    """True/False and 0/1 integers are all valid answers: the rates are the planted shares."""
    df = pilot().assign(flag=lambda d: d.respondio.astype(bool))
    result = analyze_pilot(df, [Proportion("respondio"), Proportion("flag")], group="grupo")
    assert result.metrics["respondio"].n_control == 50
    assert result.metrics["flag"].effect_size == pytest.approx(result.metrics["respondio"].effect_size)


def test_negative_integer_denominator_is_refused() -> None:
    """The minimum of an int32 denominator is taken on its own type and still finds a -1 (row 4)."""
    df = pilot()
    df.loc[3, "compra"] = -1
    err = code_of(df, [RatioOfMeans("ingreso", "compra")])
    assert err.code == "negative_values" and err.params["count"] == 1 and err.params["rows"] == "4 («-1»)"


def test_negative_value_under_a_cap_is_refused_with_one_minimum_per_column() -> None:
    """A column read capped and uncapped is checked once, on its raw values (−5 at row 12)."""
    df = pilot()
    df.loc[11, "ingreso"] = -5.0
    metrics = {"raw": Mean("ingreso"), "capped": Mean("ingreso", capping=Capping(lower=0.1, upper=0.9))}
    err = code_of(df, metrics)
    assert err.code == "negative_values" and err.params["rows"] == "12 («-5.0»)"
    table = ibis.memtable(df)
    plans, pairs, triples = plan_columns(metrics, resolve_caps(table, metrics))
    sql = ibis.to_sql(build(table, "grupo", None, plans, pairs, None, triples))
    assert sql.count("MIN(") == 1 and "ISINF" not in sql.upper()


def test_infinite_values_hidden_by_a_cap_are_still_found() -> None:
    """An absolute cap clips inf to 5 in the statistics; the raw column's two infs are still refused."""
    df = pilot()
    df.loc[[20, 70], "ingreso"] = [np.inf, -np.inf]
    err = code_of(df, {"capped": Mean("ingreso", capping=Capping(lower=0, upper=5, kind="absolute"))})
    assert err.code == "non_finite_values" and err.params["count"] == 2
    assert err.params["rows"] == "21 («inf»), 71 («-inf»)"


def test_integer_check_compiles_without_casting_to_double() -> None:
    """The 0/1 check of an integer column is an integer comparison in the SQL DuckDB runs."""
    table = ibis.memtable(pilot())
    metrics = [Proportion("respondio")]
    plans, pairs, triples = plan_columns({"r": metrics[0]}, {})
    sql = ibis.to_sql(build(table, "grupo", None, plans, pairs, None, triples))
    assert "IN (0, 1)" in sql and "IN (0.0, 1.0)" not in sql

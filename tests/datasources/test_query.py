"""``fetch_rows`` / ``fetch_count``: a query's rows read from DuckDB's cursor, and the lazy compilers.

Oracles: the input rows themselves (Python's own sums, counts and values of the same data), and Ibis
compiling the same expression for other engines' dialects under the lazy compiler package.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import random
import sys

import ibis
import pytest

from datasources import connect, fetch_count, fetch_rows


@pytest.fixture
def pilot():
    rng = random.Random(7)
    rows = [
        {"grupo": rng.choice(["control", "piloto"]), "ingreso": round(rng.expovariate(1 / 40), 2)}
        for _ in range(500)
    ]
    con = connect()
    con.con.execute("CREATE TABLE pilot (grupo VARCHAR, ingreso DOUBLE)")
    con.con.executemany("INSERT INTO pilot VALUES (?, ?)", [(r["grupo"], r["ingreso"]) for r in rows])
    return con.table("pilot"), rows


def test_grouped_sums_and_counts_match_the_rows(pilot):
    table, rows = pilot
    query = table.group_by("grupo").aggregate(n=table.count(), s=table.ingreso.sum()).order_by("grupo")
    got = fetch_rows(query)
    for row in got:
        arm = [r["ingreso"] for r in rows if r["grupo"] == row["grupo"]]
        assert row["n"] == len(arm)
        assert math.isclose(row["s"], math.fsum(arm), rel_tol=1e-12)
    assert [r["grupo"] for r in got] == ["control", "piloto"]


def test_count_of_a_filter_matches_the_rows(pilot):
    table, rows = pilot
    assert fetch_count(table.filter(table.ingreso > 40)) == sum(r["ingreso"] > 40 for r in rows)


def test_values_keep_their_python_types():
    con = connect()
    con.con.execute(
        "CREATE TABLE t AS SELECT 'a' AS s, DATE '2026-03-01' AS d, CAST(12.50 AS DECIMAL(10, 2)) AS m, "
        "CAST(NULL AS DOUBLE) AS x, TRUE AS b, 3 AS i"
    )
    assert fetch_rows(con.table("t")) == [
        {"s": "a", "d": dt.date(2026, 3, 1), "m": decimal.Decimal("12.50"), "x": None, "b": True, "i": 3}
    ]


def test_in_memory_tables_are_registered_before_the_query(pilot):
    """A file's table joined with a small in-memory one (as the list split joins its quotas)."""
    table, rows = pilot
    labels = ibis.memtable({"grupo": ["piloto"], "label": ["P"]})
    assert fetch_count(table.join(labels, "grupo")) == sum(r["grupo"] == "piloto" for r in rows)
    assert fetch_count(ibis.memtable({"x": [1, 2, 3]})) == 3


def test_other_engines_compile_under_the_lazy_compiler_package(pilot):
    """Ibis loads a dialect's compiler only when asked, and each still compiles the readout's query."""
    table, _ = pilot
    query = table.group_by("grupo").aggregate(n=table.count(), s=table.ingreso.sum())
    for dialect in ("postgres", "snowflake", "trino"):
        sql = ibis.to_sql(query, dialect=dialect)
        assert "GROUP BY" in sql.upper() and "SUM" in sql.upper()
        assert f"ibis.backends.sql.compilers.{dialect}" in sys.modules
    from ibis.backends.sql import compilers

    with pytest.raises(AttributeError):
        compilers.NoSuchCompiler  # noqa: B018 - the attribute access is the test


def test_arrow_table_and_memtable_round_trip_python_lists(pilot) -> None:
    """Columns built by ``arrow_table`` hold exactly the lists given; joined back into the engine through
    ``memtable`` they match the rows they name. Oracle: the Python lists and a dictionary look-up."""
    from datasources.query import arrow_table, fetch_arrow, memtable

    table, rows = pilot
    cuts = {"grupo": ["control", "piloto"], "corte": [3, 2**40], 'raro"nombre': [0.5, -1.25]}
    built = arrow_table(cuts)
    assert built.to_pydict() == cuts
    joined = table.join(memtable(built), "grupo")
    by_group = dict(zip(cuts["grupo"], cuts["corte"], strict=True))
    fetched = fetch_arrow(joined.select("grupo", "corte")).to_pylist()
    assert len(fetched) == len(rows)
    assert all(row["corte"] == by_group[row["grupo"]] for row in fetched)
    with pytest.raises(ValueError, match="different lengths"):
        arrow_table({"a": [1], "b": [1, 2]})


def test_the_same_question_is_compiled_once_and_answers_stay_right(pilot, monkeypatch) -> None:
    """Oracle: Python's own count of the rows; the compiler is counted (a spy, the real compiler runs)."""
    from datasources import query

    table, rows = pilot
    con = table.get_backend()
    calls = []
    real = type(con).compile
    monkeypatch.setattr(type(con), "compile", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    for _ in range(3):  # the same question built afresh each time (as a rerun builds it)
        table = con.table("pilot")
        assert fetch_count(table.filter(table.grupo == "piloto")) == sum(r["grupo"] == "piloto" for r in rows)
    assert len(calls) == 1
    assert fetch_count(table.filter(table.grupo == "control")) == sum(r["grupo"] == "control" for r in rows)
    assert len(calls) == 2  # a different question is compiled
    for cut in range(query._COMPILED_MAX + 5):  # the cache keeps only the last questions
        fetch_count(table.filter(table.ingreso > cut))
    assert len(con.__dict__["_planner_compiled_sql"]) == query._COMPILED_MAX


def test_a_closed_readouts_connection_is_not_kept_alive_by_its_compiled_questions() -> None:
    """Oracle: a weak reference to the connection dies once nothing but the garbage collector holds it."""
    import gc
    import weakref

    def ask() -> weakref.ref:
        con = connect()
        con.con.execute("CREATE TABLE t AS SELECT range AS x FROM range(1000)")
        table = con.table("t")
        assert fetch_count(table.filter(table.x > 5)) == 994
        return weakref.ref(con)

    gone = ask()
    gc.collect()
    assert gone() is None


def test_a_question_on_another_connection_runs_there(pilot) -> None:
    """Same table name on two connections with different rows: each answers with its own rows."""
    table, rows = pilot
    con, other = table.get_backend(), connect()
    other.con.execute("CREATE TABLE pilot (grupo VARCHAR, ingreso DOUBLE)")
    other.con.execute("INSERT INTO pilot VALUES ('piloto', 1.0)")
    for backend, expected in ((con, sum(r["grupo"] == "piloto" for r in rows)), (other, 1)):
        table = backend.table("pilot")
        assert fetch_count(table.filter(table.grupo == "piloto")) == expected

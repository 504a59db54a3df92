"""The split and the error-row queries compile for warehouses this machine cannot run (compilation only).

Ibis 12 ships the SQL compilers of BigQuery, Snowflake, Databricks and Trino without their drivers, so
``ibis.to_sql(expr, dialect=...)`` shows the exact SQL each would receive. Oracles: each engine's own
documentation of its SHA-256 functions (BigQuery ``TO_HEX(SHA256(x))``, Snowflake ``SHA2(x, 256)``,
Databricks ``SHA2(x, 256)``, Trino ``LOWER(TO_HEX(SHA256(TO_UTF8(x))))``), a round trip through sqlglot's
parser in that dialect, and the absence of the two traps of issue 14 (a window ordered by NULL, which
sends every row to one worker and which Snowflake rejects, and a 32-bit hash). DuckDB, PostgreSQL and
Spark run the same expressions for real (tests/experiments, tests/integration, tests/spark).
"""

from __future__ import annotations

import re

import ibis
import pytest
import sqlglot

from experiments.analysis._row_numbers import before_query, first_query, order_keys
from experiments.design._assign_hash import sha256_hex
from experiments.design._assign_list import STRATUM, fingerprint
from experiments.design.assignment import _ranked

SHA = {
    "bigquery": "TO_HEX(SHA256(",
    "snowflake": "SHA2(",
    "databricks": "SHA2(",
    "trino": "LOWER(TO_HEX(SHA256(TO_UTF8(",
}
CUSTOMERS = ibis.table({"id_cliente": "string", "tier": "string", STRATUM: "string"}, name="clientes")
PILOT = ibis.table({"grupo": "string", "ingreso": "float64", "cliente": "string"}, name="piloto")


def sql_for(expr, dialect: str) -> str:
    sql = ibis.to_sql(expr, dialect=dialect)
    assert sqlglot.parse_one(sql, read=dialect) is not None  # round trip: the dialect's parser reads it
    assert "ORDER BY NULL" not in sql.upper()
    return sql


@pytest.mark.parametrize("dialect", sorted(SHA))
def test_the_sha256_hex_is_the_engines_own(dialect: str) -> None:
    sql = sql_for(CUSTOMERS.select(h=sha256_hex(CUSTOMERS.id_cliente, dialect)), dialect)
    assert SHA[dialect] in sql.upper().replace(" ", "")
    if dialect in ("snowflake", "databricks"):
        assert ", 256)" in sql


@pytest.mark.parametrize("dialect", sorted(SHA))
def test_the_candidates_pass_compiles(dialect: str) -> None:
    allocation = {"alto": {"control": 1, "pilot": 2}, "bajo": {"control": 3, "pilot": 6}}
    limit = "093b985fe470ad80"
    ranked = _ranked(CUSTOMERS, "id_cliente", "otoño-2025", allocation, ["control", "pilot"], dialect, limit)
    sql = sql_for(ranked, dialect)
    assert "otoño-2025:" in sql and limit in sql


@pytest.mark.parametrize("dialect", sorted(SHA))
def test_the_window_draw_compiles_partitioned_by_stratum(dialect: str) -> None:
    allocation = {"alto": {"control": 1, "pilot": 2}, "bajo": {"control": 3, "pilot": 6}}
    ranked = _ranked(CUSTOMERS, "id_cliente", "s", allocation, ["control", "pilot"], dialect)
    sql = sql_for(ranked, dialect).upper()
    assert re.search(r"ROW_NUMBER\(\)\s+OVER\s*\(\s*PARTITION BY", sql)


@pytest.mark.parametrize("dialect", sorted(SHA))
def test_the_duplicate_check_uses_a_64_bit_hash_or_the_ids(dialect: str) -> None:
    """BigQuery FARM_FINGERPRINT and Snowflake HASH are 64-bit; Databricks (Spark) xxhash64, never hash();
    Trino has no Ibis hash rule, so the IDs themselves are counted."""
    hashed = fingerprint(CUSTOMERS.id_cliente, dialect)
    value = CUSTOMERS.id_cliente if hashed is None else hashed
    sql = sql_for(CUSTOMERS.aggregate(d=value.nunique()), dialect).upper()
    expected = {"bigquery": "FARM_FINGERPRINT(", "snowflake": "HASH(", "databricks": "XXHASH64("}
    assert expected.get(dialect, "COUNT(DISTINCT") in sql
    if dialect == "databricks":
        assert "(HASH(" not in sql.replace(" ", "")


@pytest.mark.parametrize("dialect", sorted(SHA))
@pytest.mark.parametrize("id_column", [None, "cliente"])
def test_error_rows_are_numbered_without_a_global_window(dialect: str, id_column: str | None) -> None:
    condition = PILOT.ingreso < 0
    engine = "databricks" if dialect == "databricks" else dialect
    keyed, names = order_keys(PILOT, condition, "ingreso", id_column, engine)
    picked = ["ingreso", *([id_column] if id_column else [])]
    first = sql_for(first_query(keyed, names, condition, picked, 5), dialect).upper()
    assert "LIMIT 5" in first or "TOP 5" in first
    row = {name: None for name in names} | {"_k0": "a" if id_column else 1.5}
    counts = sql_for(before_query(keyed, names, [row]), dialect).upper()
    assert "OVER" not in first and "OVER" not in counts  # no window at all
    if dialect == "databricks" and not id_column:
        assert "MONOTONICALLY_INCREASING_ID()" in first

"""A DuckDB table's columns read from the cursor are exactly the columns Ibis reads through Arrow.

Oracle: Ibis's own ``Backend.get_schema`` (its ``DESCRIBE`` fetched as Arrow) on the same tables.
"""

from __future__ import annotations

import ibis
import ibis.common.exceptions as exc
import pytest
from ibis.backends.duckdb import Backend

from datasources import connect, read_table
from datasources.duckdb_schema import cursor_schema

COLUMNS = """
    1::TINYINT AS a, 2::SMALLINT AS b, 3::INTEGER AS c, 4::BIGINT AS d, 5::UBIGINT AS e, 1.5::FLOAT AS f,
    2.5::DOUBLE AS g, 12.34::DECIMAL(12, 2) AS h, 'sí' AS "ingreso (€)", true AS j, DATE '2026-01-31' AS k,
    TIMESTAMP '2026-01-31 10:00:00' AS l, TIMESTAMPTZ '2026-01-31 10:00:00+00' AS m, [1, 2] AS n,
    {'x': 1, 'y': 'b'} AS o, uuid() AS p, INTERVAL 3 DAY AS q, 'a'::BLOB AS r, NULL::VARCHAR AS s
"""


def test_every_duckdb_type_maps_as_ibis_maps_it() -> None:
    con = ibis.duckdb.connect()
    con.raw_sql(f"CREATE TABLE t (req INTEGER NOT NULL, opt INTEGER); CREATE VIEW v AS SELECT {COLUMNS}")
    for name in ("t", "v"):
        assert cursor_schema(con, name) == Backend.get_schema(con, name)
    assert not cursor_schema(con, "t")["req"].nullable and cursor_schema(con, "t")["opt"].nullable


def test_files_read_by_our_connections_have_ibis_own_schema(tmp_path) -> None:
    """Parquet and a Spanish CSV through ``read_table``: same columns as Ibis's own reading."""
    con = connect()
    parquet, csv = tmp_path / "p.parquet", tmp_path / "p.csv"
    con.raw_sql(f"COPY (SELECT * EXCLUDE (p, q, r) FROM (SELECT {COLUMNS})) TO '{parquet}'")
    csv.write_text("cliente;ingreso;fecha\nC1;10,5;2026-01-31\nC2;7,25;2026-02-01\n")
    for path in (parquet, csv):
        table = read_table(path, con=con)
        assert table.schema() == Backend.get_schema(con, table.get_name())


def test_a_missing_table_is_still_table_not_found() -> None:
    with pytest.raises(exc.TableNotFound):
        connect().table("no_such_table")

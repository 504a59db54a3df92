"""A Parquet file's own statistics drop the readout's 0/1 and negativity checks only when they prove them.

Oracle: the data written – each file is built here with known values, so which ranges its footer
proves, and which cells the readout must refuse, are known before the code runs; the SQL text shows
which counters the query still computes.
"""

from __future__ import annotations

import os
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datasources import read_table
from datasources.parquet_stats import column_ranges
from experiments import Mean, Proportion, analyze_pilot
from experiments.analysis.aggregate import build
from experiments.analysis.pilot_engine import plan_columns, resolve_caps
from planner_common import InputError

METRICS = {"resp": Proportion("respondio"), "ingreso": Mean("ingreso")}


def write(path: Path, respondio: list[int], ingreso: list[float], **options: object) -> Path:
    n = len(respondio)
    table = pa.table(
        {
            "grupo": ["control", "piloto"] * (n // 2),
            "respondio": pa.array(respondio, pa.int64()),
            "ingreso": pa.array(ingreso, pa.float64()),
            "codigo": [str(v) for v in respondio],
        }
    )
    pq.write_table(table, path, row_group_size=4, **options)  # several row groups
    return path


def clean(path: Path) -> Path:
    return write(path, [0, 1] * 10, [float(i) for i in range(20)])


def readout_sql(table: ibis.Table) -> str:
    plans, pairs, triples = plan_columns(METRICS, resolve_caps(table, METRICS))
    return ibis.to_sql(build(table, "grupo", None, plans, pairs, None, triples))


def test_a_clean_file_proves_its_ranges_and_the_query_drops_both_checks(tmp_path: Path) -> None:
    """0/1 answers and revenue 0..19 are read from the footer; no 0/1 counter and no MIN remain."""
    table = read_table(clean(tmp_path / "p.parquet"))
    assert column_ranges(table) == {"respondio": (0.0, 1.0), "ingreso": (0.0, 19.0)}
    sql = readout_sql(table)
    assert "MIN(" not in sql.upper() and "_bad" not in sql
    result = analyze_pilot(table, METRICS, group="grupo")
    assert result.metrics["resp"].n_control == 10 and result.metrics["resp"].effect_size == pytest.approx(1.0)


def test_text_columns_are_left_to_the_query(tmp_path: Path) -> None:
    """``codigo`` holds '0'/'1' as text: its statistics order text, so it gets no range."""
    assert "codigo" not in column_ranges(read_table(clean(tmp_path / "p.parquet")))


@pytest.mark.parametrize(
    ("respondio", "ingreso", "code"),
    [
        ([0, 1] * 9 + [2, 1], [float(i) for i in range(20)], "not_binary"),
        ([0, 1] * 10, [float(i) for i in range(19)] + [-3.0], "negative_values"),
    ],
)
def test_a_range_that_does_not_prove_the_check_keeps_it(
    tmp_path: Path, respondio: list[int], ingreso: list[float], code: str
) -> None:
    """A 2 among the answers (row 19) or a −3 revenue (row 20): the readout still refuses the file."""
    table = read_table(write(tmp_path / "p.parquet", respondio, ingreso))
    with pytest.raises(InputError) as err:
        analyze_pilot(table, METRICS, group="grupo")
    assert err.value.code == code and err.value.params["count"] == 1


def test_a_file_written_without_statistics_keeps_every_check(tmp_path: Path) -> None:
    """No footer statistics: no ranges, the query counts the 2 itself."""
    path = write(tmp_path / "p.parquet", [0, 1] * 9 + [2, 1], [1.0] * 20, write_statistics=False)
    table = read_table(path)
    assert column_ranges(table) == {}
    assert "MIN(" in readout_sql(table).upper()
    with pytest.raises(InputError) as err:
        analyze_pilot(table, METRICS, group="grupo")
    assert err.value.code == "not_binary"


def test_nan_revenue_gives_no_range(tmp_path: Path) -> None:
    """A NaN next to −1: whatever the writer stores, no range is proven and the −1 is refused."""
    table = read_table(write(tmp_path / "p.parquet", [0, 1] * 10, [float("nan"), -1.0] + [1.0] * 18))
    assert "ingreso" not in column_ranges(table) or column_ranges(table)["ingreso"][0] < 0
    with pytest.raises(InputError):
        analyze_pilot(table, METRICS, group="grupo")


def test_a_file_rewritten_in_place_is_read_again(tmp_path: Path) -> None:
    """The view reads the file at query time: after a rewrite with a 2, the old ranges are not trusted."""
    path = clean(tmp_path / "p.parquet")
    table = read_table(path)
    assert column_ranges(table)["respondio"] == (0.0, 1.0)
    write(path, [0, 1] * 9 + [2, 1], [float(i) for i in range(20)])
    os.utime(path, ns=(1, 1))  # a different time even on a coarse clock
    assert column_ranges(table)["respondio"] == (0.0, 2.0)
    with pytest.raises(InputError) as err:
        analyze_pilot(table, METRICS, group="grupo")
    assert err.value.code == "not_binary"


def test_a_view_replaced_under_the_same_name_gets_no_range(tmp_path: Path) -> None:
    """The name now reads other rows: the file's statistics say nothing about them."""
    table = read_table(clean(tmp_path / "p.parquet"))
    backend = table.op().source
    backend.con.execute(
        f'CREATE OR REPLACE VIEW "{table.get_name()}" AS '
        "SELECT 'control' AS grupo, 5::BIGINT AS respondio, -2.0 AS ingreso, '5' AS codigo"
    )
    assert column_ranges(table) == {}


def test_other_tables_have_no_ranges() -> None:
    """An in-memory table and a table created in the engine have no file statistics."""
    assert column_ranges(ibis.memtable({"respondio": [0, 1]})) == {}
    con = ibis.duckdb.connect()
    con.raw_sql("CREATE TABLE t AS SELECT range % 2 AS respondio FROM range(4)")
    assert column_ranges(con.table("t")) == {}

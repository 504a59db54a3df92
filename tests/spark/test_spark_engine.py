"""The pilot readout and the customer split on a local Spark, against DuckDB (docs/architecture.md §3).

Oracles: DuckDB as an independent engine – another SQL engine computing the same sufficient statistics
(count, avg, var_samp, covar_samp) and the same SHA-256 from the same rows, so every effect field must
agree to 1e-9 relative and every customer must get the same arm –; Python's ``hashlib`` for Spark's
``sha2``; closed forms for the row numbers of error messages.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from engine_cases import METRICS, assert_same, bad_rows, customers, pilot_rows

from datasources import connect, read_table
from experiments import SequentialPlan
from experiments.analysis import Mean, Proportion, analyze_pilot, monitor_pilot
from experiments.design import assignment
from experiments.design._assign_hash import sha256_hex
from experiments.design._assign_list import fingerprint, prepare_customer_list
from planner_common import InputError

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def engines(spark, tmp_path_factory):
    """``make(name, rows)`` → (the rows as a Spark table read from Parquet, the same file on DuckDB)."""
    folder = tmp_path_factory.mktemp("spark-tables")

    def make(name: str, rows: pa.Table) -> tuple[Any, Any]:
        path = folder / f"{name}.parquet"
        if not path.exists():
            pq.write_table(rows, path)
        return spark.read_parquet(str(path), table_name=name), read_table(path)

    return make


def test_the_pilot_readout_is_the_same_on_spark_and_duckdb(engines):
    """Metrics with CUPED, a ratio metric and three segments: every field equal to 1e-9."""
    on_spark, on_duck = engines("pilot", pilot_rows())
    assert on_spark.get_backend().name == "pyspark"
    options = {"segment": "segment", "weights": [1, 2, 2]}
    spark_result, duck_result = (
        analyze_pilot(on_spark, METRICS, **options),
        analyze_pilot(on_duck, METRICS, **options),
    )
    assert spark_result.treatments == ("Piloto A", "Piloto B") and spark_result.n_rows == 20_000
    assert sorted(spark_result.segments) == ["Centro", "Norte", "Sur"]
    assert assert_same(spark_result, duck_result) > 500
    assert spark_result.metrics["response"].effect_size_ci_lower > 0


def test_a_one_sided_readout_agrees_too(engines):
    on_spark, on_duck = engines("pilot_small", pilot_rows(4_000, seed=7))
    kwargs = {"treatment": "Piloto B", "alternative": "greater", "alpha": 0.1}
    assert_same(analyze_pilot(on_spark, METRICS, **kwargs), analyze_pilot(on_duck, METRICS, **kwargs))


@pytest.mark.parametrize(
    ("metrics", "options", "code"),
    [
        ([Proportion("answer")], {}, "not_binary"),
        ([Mean("revenue")], {}, "missing_values"),
        ([Mean("spend")], {}, "negative_values"),
        ([Mean("spend")], {"control": "testigo"}, "control_not_found"),
        ([Mean("spend")], {"treatment": "nadie"}, "treatment_not_found"),
    ],
)
def test_data_problems_give_the_same_sentence_on_spark(engines, metrics, options, code):
    """Without an ID column Spark numbers rows by scan position: a file's own order, as DuckDB does."""
    on_spark, on_duck = engines("bad_pilot", bad_rows())
    errors = []
    for table in (on_spark, on_duck):
        with pytest.raises(InputError) as caught:
            analyze_pilot(table, metrics, **options)
        errors.append((caught.value.code, str(caught.value)))
    assert errors[0] == errors[1] and errors[0][0] == code


def test_duplicated_ids_are_found_on_spark(engines):
    rows = bad_rows().set_column(3, "spend", pa.array([1.0, 2.0, 1.0, 4.0, 5.0, 6.0]))
    on_spark, on_duck = engines("dup_pilot", rows.drop_columns(["revenue"]))
    messages = []
    for table in (on_spark, on_duck):
        with pytest.raises(InputError, match="repeats customer IDs") as caught:
            analyze_pilot(table, [Mean("spend")], id_column="customer")
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "003 (×2)" in messages[0]


def test_rows_are_numbered_in_id_order_on_spark_without_a_global_window(engines):
    """Closed form: with an ID column, «data row N» is the N-th row sorted by ID (a top-k and one count)."""
    rows = pa.table(
        {
            "group": ["control", "control", "piloto", "piloto", "piloto", "piloto"],
            "revenue": [1.0, -2.0, 3.0, -4.0, 5.0, -6.0],
            "customer": ["d", "c", "b", "a", "e", "a"],
        }
    )
    on_spark, _ = engines("row_order", rows)
    with pytest.raises(InputError) as caught:
        analyze_pilot(on_spark, [Mean("revenue")], id_column="customer")
    # sorted: a(-6), a(-4), b, c(-2), d, e → rows 1, 2 and 4; ties on the ID ordered by the value
    assert caught.value.code == "negative_values"
    assert caught.value.params["rows"] == "1 («-6.0», ID a), 2 («-4.0», ID a), 4 («-2.0», ID c)"
    plan = on_spark.mutate(n=on_spark.revenue)
    assert "ORDER BY NULL" not in plan.get_backend().compile(plan)


def test_spark_sha2_is_the_portable_assignment_hash(spark):
    ids = customers(300)["id_cliente"].to_pylist() + ["0001 ", "ñandú-7", "1234567890123", ""]
    salt = "otoño-2025"
    import ibis

    texts = ibis.memtable({"x": [f"{salt}:{i}" for i in ids]})
    got = spark.to_pyarrow(texts.select(h=sha256_hex(texts.x, "pyspark")))["h"].to_pylist()
    assert got == [hashlib.sha256(f"{salt}:{i}".encode()).hexdigest() for i in ids]


@pytest.fixture(scope="module")
def million(engines):
    """1 000 000 customers with 8-digit text IDs, three tiers, 90 % opted in."""
    return engines("clientes_1m", customers(1_000_000, seed=3))


def _arms(result: assignment.AssignmentResult) -> pa.Table:
    return result.table.select("id_cliente", "arm").to_pyarrow().sort_by("id_cliente")


def test_a_million_customers_get_the_same_arm_on_spark(million):
    """Zero different arms out of 1 000 000 (candidates draw, stratified, eligibility filter)."""
    on_spark, on_duck = million
    arms = {"pilot": 20_000, "control": 5_000, "holdout": 10_000}
    drawn = [
        assignment.assign_customers(
            t,
            id_column="id_cliente",
            arms=arms,
            salt="otoño-2025",
            strata=["tier"],
            eligible={"email_opt_in": True},
        )
        for t in (on_spark, on_duck)
    ]
    assert drawn[0].strategy == drawn[1].strategy == "candidates"
    assert drawn[0].allocation == drawn[1].allocation
    spark_arms, duck_arms = _arms(drawn[0]), _arms(drawn[1])
    assert spark_arms["id_cliente"].equals(duck_arms["id_cliente"]) and spark_arms.num_rows > 890_000
    different = pc.sum(pc.not_equal(spark_arms["arm"], duck_arms["arm"]).cast("int64")).as_py()
    assert different == 0
    assert pc.sum(pc.equal(spark_arms["arm"], "pilot").cast("int64")).as_py() == 20_000


def test_the_duplicate_check_uses_a_64_bit_hash_on_spark(million):
    """Property: 1M distinct IDs give 1M distinct fingerprints (Spark's 32-bit hash() gives fewer: by the
    birthday bound about n²/2³³ ≈ 116 000 of them coincide), so the list check needs no second pass."""
    on_spark, _ = million
    distinct = on_spark.aggregate(d=fingerprint(on_spark.id_cliente, "pyspark").nunique()).to_pyarrow()
    assert distinct["d"][0].as_py() == 1_000_000


def test_the_window_draw_and_repeated_ids_on_spark(engines):
    """The window strategy ranks everyone in Spark; a repeated ID is counted the same as on DuckDB."""
    rows = customers(20_000, seed=5)
    on_spark, on_duck = engines("clientes_20k", rows)
    arms = {"pilot": 8_000, "control": 4_000}
    drawn = [
        assignment.assign_customers(
            t, id_column="id_cliente", arms=arms, salt="s", strata=["tier"], strategy="window"
        )
        for t in (on_spark, on_duck)
    ]
    assert _arms(drawn[0]).equals(_arms(drawn[1]))
    repeated = pa.concat_tables([rows, rows.slice(0, 3)])
    on_spark, on_duck = engines("clientes_repeated", repeated)
    messages = []
    for table in (on_spark, on_duck):
        with pytest.raises(InputError) as caught:
            prepare_customer_list(table, id_column="id_cliente")
        messages.append((caught.value.code, caught.value.params["count"], caught.value.params["example"]))
    assert messages[0] == messages[1] and messages[0][:2] == ("duplicate_customer_ids", 3)


def test_spark_connect_gives_the_same_readout(spark_remote, engines, tmp_path):
    """A remote session (``sc://``) on the same Spark: the readout equals DuckDB's."""
    rows = pilot_rows(3_000, seed=9)
    path = tmp_path / "remote.parquet"
    pq.write_table(rows, path)
    remote = spark_remote.read_parquet(str(path))
    assert type(spark_remote._session).__module__.startswith("pyspark.sql.connect")
    assert_same(analyze_pilot(remote, METRICS), analyze_pilot(read_table(path), METRICS))


# --- Monitoring looks -----------------------------------------------------------------------------------


def _dated(rows: pa.Table) -> pa.Table:
    """The pilot sent over 20 days: the day as a date and as day-first text (14/03/2025)."""
    days = [datetime.date(2025, 3, 1) + datetime.timedelta(days=i % 20) for i in range(rows.num_rows)]
    rows = rows.append_column("sent", pa.array(days, pa.date32()))
    return rows.append_column("sent_text", pa.array([d.strftime("%d/%m/%Y") for d in days]))


def test_the_daily_looks_are_the_same_on_spark_and_duckdb(engines):
    """monitor_pilot: the per-day, per-arm statistics of one grouped query, dates typed or as text (the
    query does not depend on the plan, which is applied in Python to its few cells)."""
    on_spark, on_duck = engines("pilot_dated", _dated(pilot_rows()))
    plan = SequentialPlan(kind="group-sequential", planned_n_control=5_000, planned_n_treatment=8_000)
    metrics = [Proportion("responded"), Mean("revenue")]
    for date in ("sent", "sent_text"):
        options = {"date": date, "group": "group", "treatment": "Piloto A", "plan": plan}
        spark_result = monitor_pilot(on_spark, metrics, **options)
        duck_result = monitor_pilot(on_duck, metrics, **options)
        assert len(spark_result.cumulative) == 20 and spark_result.n_rows == 20_000
        assert assert_same(spark_result, duck_result) > 40


def test_pyspark_urls_build_the_session_or_reuse_it(spark):
    """The running session keeps its start-up settings: a runtime setting is applied, a different
    start-up one is refused with a sentence (Spark would silently ignore it)."""
    session = spark._session
    assert session.sparkContext.master == "local[2]" and session.sparkContext.uiWebUrl is None  # no web UI
    again = connect("pyspark://?spark.master=local[2]&spark.sql.shuffle.partitions=3")
    try:
        assert again._session is session and session.conf.get("spark.sql.shuffle.partitions") == "3"
    finally:
        session.conf.set("spark.sql.shuffle.partitions", "4")
    with pytest.raises(InputError) as caught:
        connect("pyspark://?spark.driver.memory=3g")
    assert caught.value.code == "spark_session_running" and caught.value.params["running"] == "1g"

"""The same pilot readout run through Ibis on PostgreSQL and on DuckDB (docs/architecture.md §3).

Oracle: DuckDB as an independent engine – a different SQL engine computing the same sufficient statistics
(count, avg, var_samp, covar_samp) from the same rows, so every effect field must agree to 1e-9 relative;
and, for the assignment hash, Python's ``hashlib`` against the server's own ``sha256``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datasources import connect, read_table
from experiments.analysis import Mean, Proportion, RatioOfMeans, analyze_pilot
from experiments.design import assignment
from experiments.design._assign_list import prepare_customer_list
from planner_common import InputError

pytestmark = [pytest.mark.postgres]
REL = 1e-9
PG_TYPES = {"string": "text", "int64": "bigint", "double": "double precision", "bool": "boolean"}
METRICS = {
    "response": Proportion("responded"),
    "revenue": Mean("revenue", covariate="pre_spend"),
    "revenue_per_buyer": RatioOfMeans("revenue", "responded"),
}


def pilot_rows(n: int = 20_000, seed: int = 20251) -> pa.Table:
    """A direct-mail pilot: control 1/5, two mailings, three regions, spend the year before."""
    rng = np.random.default_rng(seed)
    group = rng.choice(["control", "Piloto A", "Piloto B"], n, p=[0.2, 0.4, 0.4]).astype(object)
    group[rng.choice(n, 40, replace=False)] = " CONTROL "  # other spellings merge after the query
    segment = rng.choice(["Norte", "Centro", "Sur"], n, p=[0.3, 0.5, 0.2])
    pre_spend = rng.gamma(2.0, 18_000.0, n)
    lift = np.select([group == "Piloto A", group == "Piloto B"], [0.012, 0.006], 0.0)
    responded = (rng.random(n) < 0.02 + lift + 0.01 * (segment == "Norte")).astype(np.int64)
    revenue = np.where(responded == 1, 0.4 * pre_spend + rng.gamma(3.0, 9_000.0, n), 0.0)
    return pa.table(
        {
            "group": group.astype(str),
            "responded": responded,
            "revenue": revenue,
            "pre_spend": pre_spend,
            "segment": segment,
        }
    )


def load_postgres(url: str, name: str, rows: pa.Table) -> None:
    """``CREATE TABLE`` with plain PostgreSQL types and ``COPY`` the rows in (no Ibis involved)."""
    columns = ", ".join(f'"{f.name}" {PG_TYPES[str(f.type)]}' for f in rows.schema)
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        conn.execute(f'CREATE TABLE "{name}" ({columns})')
        with conn.cursor().copy(f'COPY "{name}" FROM STDIN') as copy:
            for row in zip(*(rows[c].to_pylist() for c in rows.column_names), strict=True):
                copy.write_row(row)


@pytest.fixture(scope="module")
def engines(postgres_server, pg_url, tmp_path_factory):
    """``make(name, rows)`` → (the Ibis table on PostgreSQL, the same rows as an Ibis table on DuckDB)."""
    postgres = connect(postgres_server.url("campaign_planner", driver="postgres"))
    folder = tmp_path_factory.mktemp("engines")

    def make(name: str, rows: pa.Table) -> tuple[Any, Any]:
        load_postgres(pg_url, name, rows)
        pq.write_table(rows, folder / f"{name}.parquet")
        return postgres.table(name), read_table(folder / f"{name}.parquet")

    yield make
    postgres.disconnect()


def assert_same(pg: Any, duck: Any, where: str = "result") -> int:
    """Recursive comparison: floats to ``REL`` relative (nan = nan), everything else equal; → floats seen."""
    if dataclasses.is_dataclass(pg):
        assert type(pg) is type(duck), where
        return sum(
            assert_same(getattr(pg, f.name), getattr(duck, f.name), f"{where}.{f.name}")
            for f in dataclasses.fields(pg)
        )
    if isinstance(pg, dict):
        assert list(pg) == list(duck), where
        return sum(assert_same(pg[k], duck[k], f"{where}[{k!r}]") for k in pg)
    if isinstance(pg, list | tuple):
        assert len(pg) == len(duck), where
        return sum(assert_same(a, b, f"{where}[{i}]") for i, (a, b) in enumerate(zip(pg, duck, strict=True)))
    if isinstance(pg, float):
        assert isinstance(duck, float), where
        assert (math.isnan(pg) and math.isnan(duck)) or math.isclose(pg, duck, rel_tol=REL, abs_tol=0.0), (
            f"{where}: postgres {pg!r} vs duckdb {duck!r}"
        )
        return 1
    assert pg == duck, f"{where}: postgres {pg!r} vs duckdb {duck!r}"
    return 0


def test_the_pilot_readout_is_the_same_on_postgres_and_duckdb(engines):
    pg, duck = engines("pilot", pilot_rows())
    assert pg.get_backend().name == "postgres" and duck.get_backend().name == "duckdb"
    options = {"segment": "segment", "weights": [1, 2, 2]}
    on_pg, on_duck = analyze_pilot(pg, METRICS, **options), analyze_pilot(duck, METRICS, **options)
    assert on_pg.treatments == ("Piloto A", "Piloto B") and on_pg.n_rows == 20_000
    assert on_pg.arm_sizes["control"] == on_duck.arm_sizes["control"] > 3_900  # " CONTROL " merged in
    assert sorted(on_pg.segments) == ["Centro", "Norte", "Sur"]
    compared = assert_same(on_pg, on_duck)
    assert compared > 500  # every effect field of 3 metrics × 2 arms × (overall + 3 segments), and more
    first = on_pg.metrics["response"]
    assert first.effect_size_ci_lower > 0  # the 1.2-point lift of mailing A is found on both engines


@pytest.mark.parametrize("alternative", ["greater", "less"])
def test_one_sided_readouts_agree_too(engines, alternative):
    pg, duck = engines("pilot_small", pilot_rows(4_000, seed=7))
    kwargs = {"treatment": "Piloto B", "alternative": alternative, "alpha": 0.1}
    assert_same(analyze_pilot(pg, METRICS, **kwargs), analyze_pilot(duck, METRICS, **kwargs))


def bad_rows() -> pa.Table:
    return pa.table(
        {
            "group": ["control", "control", "piloto", "piloto", "piloto", "piloto"],
            "answer": ["sí", "No", "SI ", "quizás", "no", "yes"],
            "revenue": [10.5, None, 7.0, -3.0, 8.0, 2.0],
            "spend": [1.0, 2.0, -1.0, 4.0, 5.0, 6.0],
            "customer": ["001", "002", "003", "003", "004", "005"],
        }
    )


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
def test_data_problems_give_the_same_sentence_on_both_engines(engines, metrics, options, code):
    pg, duck = engines("bad_pilot", bad_rows())
    errors = []
    for table in (pg, duck):
        with pytest.raises(InputError) as caught:
            analyze_pilot(table, metrics, **options)
        errors.append((caught.value.code, str(caught.value)))
    assert errors[0] == errors[1] and errors[0][0] == code


def test_duplicated_ids_are_found_on_postgres(engines):
    rows = bad_rows().set_column(3, "spend", pa.array([1.0, 2.0, 1.0, 4.0, 5.0, 6.0]))
    pg, duck = engines("dup_pilot", rows.drop_columns(["revenue"]))
    messages = []
    for table in (pg, duck):
        with pytest.raises(InputError, match="repeats customer IDs") as caught:
            analyze_pilot(table, [Mean("spend")], id_column="customer")
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "003 (×2)" in messages[0]


def test_numbers_stored_as_text_are_checked_on_postgres(engines):
    rows = pa.table(
        {"group": ["control", "control", "piloto", "piloto"], "revenue": ["10,5", "", "7", "n/a"]}
    )
    pg, duck = engines("text_pilot", rows)
    with pytest.raises(InputError) as on_duck:
        analyze_pilot(duck, [Mean("revenue")])
    with pytest.raises(InputError) as on_pg:
        analyze_pilot(pg, [Mean("revenue")])
    assert (on_pg.value.code, str(on_pg.value)) == (on_duck.value.code, str(on_duck.value))


@pytest.mark.parametrize(
    ("values", "code"),
    [
        (["1.5", " -2 ", ".5", "+4", "5.", "1e3", "2.5E-2", "0"], None),  # all read as numbers on both
        (["1e400", "2", "nan", "4", "inf", "1_000", "1" + "0" * 300, "0"], "not_numeric"),  # never a DB error
    ],
)
def test_numeric_text_reads_the_same_on_postgres(engines, values, code):
    """Closed form: the plain decimal / scientific texts are the numbers Python's float() reads."""
    rows = pa.table({"group": ["control"] * 4 + ["piloto"] * 4, "revenue": values})
    pg, duck = engines("numeric_text", rows)
    results = []
    for table in (pg, duck):
        try:
            results.append(analyze_pilot(table, [Mean("revenue", allow_negative=True)]).metrics["revenue"])
        except InputError as exc:
            results.append((exc.code, str(exc)))
    if code:
        assert results[0] == results[1] and results[0][0] == code
        assert (
            "5 cells do not, e.g. data rows 1 («1e400»), 3 («nan»), 5 («inf»), 6 («1_000»), 7"
            in results[0][1]
        )
    else:
        assert assert_same(results[0], results[1]) > 0
        assert results[0].control == pytest.approx(sum(map(float, values[:4])) / 4, rel=1e-12)


def test_si_in_capitals_is_yes_on_a_c_locale_database(engines):
    """PostgreSQL's lower() leaves «Í» alone under the C locale (the test cluster's); «SÍ» still reads 1."""
    rows = pa.table(
        {"group": ["control"] * 3 + ["piloto"] * 3, "answer": ["SÍ", "no", "No", "Sí", "sí", "NO"]}
    )
    pg, duck = engines("si_pilot", rows)
    on_pg, on_duck = (analyze_pilot(t, [Proportion("answer")]).metrics["answer"] for t in (pg, duck))
    assert (on_pg.control, on_pg.treatment) == (on_duck.control, on_duck.treatment) == (1 / 3, 2 / 3)


def test_rows_are_numbered_in_id_order_on_postgres(engines):
    """Closed form: outside DuckDB «data row N» is the N-th row sorted by ID; DuckDB keeps the load order."""
    rows = pa.table(
        {
            "group": ["control", "control", "piloto", "piloto", "piloto"],
            "revenue": [1.0, -2.0, 3.0, -4.0, 5.0],
            "customer": ["d", "c", "b", "a", "e"],
        }
    )
    pg, duck = engines("row_order", rows)
    rows_shown = []
    for table in (pg, duck):
        with pytest.raises(InputError) as caught:
            analyze_pilot(table, [Mean("revenue")], id_column="customer")
        rows_shown.append(caught.value.params["rows"])
    assert rows_shown == ["1 («-4.0», ID a), 3 («-2.0», ID c)", "2 («-2.0», ID c), 4 («-4.0», ID a)"]


def customers(n: int = 3_000, seed: int = 11) -> pa.Table:
    rng = np.random.default_rng(seed)
    ids = [f"{i:08d}" for i in rng.choice(10**8, n, replace=False)]
    return pa.table(
        {
            "id_cliente": ids,
            "tier": rng.choice(["alto", "medio", "bajo"], n, p=[0.2, 0.3, 0.5]),
            "email_opt_in": rng.random(n) < 0.9,
        }
    )


def test_postgres_sha256_matches_the_portable_assignment_hash(postgres_server):
    """The hash documented in ``experiments.design.assignment`` computed by the server itself."""
    ids = customers(500)["id_cliente"].to_pylist() + ["0001 ", "ñandú-7", "1234567890123"]
    salt = "otoño-2025"
    with psycopg.connect(postgres_server.url(driver="postgresql")) as conn:
        rows = conn.execute(
            "SELECT encode(sha256(convert_to(%s || ':' || x, 'UTF8')), 'hex') "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS u(x, i) ORDER BY i",
            (salt, ids),
        )
        digests = [row[0] for row in rows]
    assert [int(d[:16], 16) for d in digests] == [assignment.assignment_hash(i, salt) for i in ids]


def test_customer_list_checks_agree_on_postgres(engines):
    rows = customers()
    pg, duck = engines("clientes", rows)
    results = [
        prepare_customer_list(t, id_column="id_cliente", strata=["tier"], eligible={"email_opt_in": True})
        for t in (pg, duck)
    ]
    keep = ("n_rows", "n_blank_ids", "n_ineligible", "n_duplicate_rows", "n_eligible", "stratum_sizes")
    assert [getattr(results[0], k) for k in keep] == [getattr(results[1], k) for k in keep]
    assert results[0].n_eligible == int(np.sum(rows["email_opt_in"].to_numpy(zero_copy_only=False)))


@pytest.mark.parametrize("strategy", ["window", "candidates"])
def test_assignment_is_the_same_on_postgres(engines, strategy):
    pg, duck = engines("clientes", customers())
    arms = {"pilot": 300, "control": 100}
    drawn = []
    for table in (pg, duck):
        result = assignment.assign_customers(
            table, id_column="id_cliente", arms=arms, salt="otoño-2025", strata=["tier"], strategy=strategy
        )
        out = result.table.select("id_cliente", "arm").to_pyarrow()
        drawn.append(sorted(zip(out["id_cliente"].to_pylist(), out["arm"].to_pylist(), strict=True)))
    assert drawn[0] == drawn[1]
    assert sum(arm == "pilot" for _, arm in drawn[0]) == 300

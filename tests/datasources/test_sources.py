"""Parquet, in-memory frames, connections, size caps and the error catalog.

Oracles: round trip through pyarrow's Parquet writer; errors checked by code and by the catalog
sentence in both languages (every code raised in ``datasources/`` has one).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from _ds_data import frame_rows, pilot_frame, rows

from app_pages.i18n import error_text, load_catalog
from datasources import connect, read_table
from datasources.connection import redact
from planner_common import InputError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frame():
    """The small pilot frame of ``_ds_data`` (zero-padded IDs, accents, money above 1,000)."""
    return pilot_frame()


def parquet_bytes(frame) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue()


def test_parquet_path_and_bytes(frame, tmp_path):
    path = tmp_path / "pilot.parquet"
    path.write_bytes(parquet_bytes(frame))
    table = read_table(path)
    assert rows(table) == frame_rows(frame)
    assert rows(read_table(parquet_bytes(frame))) == frame_rows(frame)  # detected by its magic bytes
    view_sql = (
        table.get_backend()
        .raw_sql(f"SELECT sql FROM duckdb_views() WHERE view_name = '{table.get_name()}'")
        .fetchall()[0][0]
    )
    assert "read_parquet" in view_sql


def test_frames_and_ibis_tables(frame):
    assert rows(read_table(frame)) == frame_rows(frame)
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    assert rows(read_table(arrow)) == frame_rows(frame)
    table = read_table(frame)
    assert read_table(table) is table


def test_several_files_in_one_connection(frame, tmp_path):
    con = connect()
    (tmp_path / "a.csv").write_text(frame.to_csv(index=False))
    a = read_table(tmp_path / "a.csv", con=con, table_name="pilot_a")
    b = read_table(parquet_bytes(frame), con=con, table_name="pilot_b")
    assert (
        con.table("pilot_a").count().to_pyarrow().as_py() == con.table("pilot_b").count().to_pyarrow().as_py()
    )
    joined = a.join(b, "id_cliente")
    assert joined.count().to_pyarrow().as_py() == len(frame)


def test_connect_default_and_by_url(tmp_path):
    assert connect().name == "duckdb"
    db = tmp_path / "c.ddb"
    con = connect(f"duckdb://{db}")
    con.raw_sql("CREATE TABLE t AS SELECT * FROM range(2) r(x)").fetchall()
    assert ibis.connect(f"duckdb://{db}").table("t").count().to_pyarrow().as_py() == 2
    assert connect("sqlite://").name == "sqlite"


def test_connection_errors_never_echo_passwords():
    assert redact("postgres://ana:s3cr3t@host/db") == "postgres://ana:***@host/db"
    with pytest.raises(InputError) as err:
        connect("postgres://ana:s3cr3t@127.0.0.1:1/db")
    assert err.value.code in {"backend_not_installed", "connection_failed"}
    assert "s3cr3t" not in str(err.value) and "s3cr3t" not in error_text(err.value, "es")
    with pytest.raises(InputError) as err:
        connect("ventas.db")
    assert err.value.code == "bad_connection_url"


def test_files_need_a_duckdb_connection(frame):
    with pytest.raises(InputError) as err:
        read_table(frame.to_csv().encode(), con=ibis.sqlite.connect())
    assert err.value.code == "not_duckdb"


def test_size_cap_is_configurable(frame):
    data = frame.to_csv(index=False).encode()
    with pytest.raises(InputError) as err:
        read_table(data, max_bytes=len(data) - 1)
    assert err.value.code == "file_too_big"
    assert read_table(data, max_bytes=len(data)).count().to_pyarrow().as_py() == len(frame)
    with pytest.raises(InputError) as err:
        read_table(io.BytesIO(data), max_bytes=100)  # a stream is not read past the cap
    assert err.value.code == "file_too_big"


BAD_INPUTS = {
    "empty_file": dict(source=b""),
    "no_columns": dict(source=b"\n \n\n"),
    "no_rows": dict(source=b"id;grupo;compra\n"),
    "single_column": dict(source=b"id;grupo\n1;piloto\n2;control\n", delimiter=","),
    "unsupported_extension": dict(source="informe.pdf"),
    "unreadable_encoding": dict(source="id;región\n1;Ñuble\n".encode("cp1252"), encoding="utf-8"),
    "not_a_table_file": dict(source=b"id,grupo\x00\x01\x02\x03\xff\x00\x10"),
    "unknown_encoding": dict(source=b"id,grupo\n1,a\n", encoding="klingon"),
    "bad_csv_option": dict(source=b"id,grupo\n1,a\n", decimal=";"),
    "file_not_found": dict(source="/no/such/dir/piloto.csv"),
    "unsupported_source": dict(source=12345),
    "unreadable_file": dict(source=b"PAR1 not really parquet", file_format="parquet"),
}


@pytest.mark.parametrize("code", sorted(BAD_INPUTS))
def test_each_bad_input_gives_its_code_and_catalog_sentence(code, tmp_path):
    kwargs = dict(BAD_INPUTS[code])
    if kwargs["source"] == "informe.pdf":
        kwargs["source"] = tmp_path / "informe.pdf"
        kwargs["source"].write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError) as err:
        read_table(kwargs.pop("source"), **kwargs)
    assert err.value.code == code
    for lang in ("es", "en"):
        sentence = error_text(err.value, lang)
        assert sentence != str(err.value) and "{" not in sentence, (lang, sentence)


def test_explicit_wrong_encoding_is_refused():
    with pytest.raises(InputError) as err:
        read_table("id;región\n1;Ñuble\n".encode("cp1252"), encoding="utf-8")
    assert err.value.code == "unreadable_encoding"


def test_every_raised_code_has_a_sentence_in_both_catalogs():
    raised = set()
    for path in (ROOT / "datasources").glob("*.py"):
        raised |= set(re.findall(r'InputError\(\s*"([a-z_]+)"', path.read_text()))
    assert len(raised) >= 15
    for lang in ("es", "en"):
        missing = {c for c in raised if f"errors.{c}" not in load_catalog(lang)}
        assert not missing, (lang, missing)

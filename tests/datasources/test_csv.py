"""CSV reading in every locale and encoding.

Oracle: round trip – the frame is written by an independent writer (pandas ``to_csv`` / Python codecs)
and must come back value for value; the Spanish-locale file must equal the English one.
"""

from __future__ import annotations

import io
import re

import ibis
import pytest
from _ds_data import frame_rows, pilot_frame, rows, spanish_csv, spanish_number
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from datasources import read_table, sniff_csv


@pytest.fixture
def frame():
    """The small pilot frame of ``_ds_data`` (zero-padded IDs, accents, money above 1,000)."""
    return pilot_frame()


def upload(name: str, data: bytes) -> UploadedFile:
    """A real Streamlit UploadedFile (what st.file_uploader returns)."""
    return UploadedFile(UploadedFileRec(file_id="f1", name=name, type="text/csv", data=data), None)


def test_english_csv_round_trips(frame, tmp_path):
    path = tmp_path / "pilot.csv"
    frame.to_csv(path, index=False)
    table = read_table(path)
    assert isinstance(table, ibis.Table)
    assert rows(table) == frame_rows(frame)


def test_spanish_locale_csv_equals_english(frame, tmp_path):
    english, spanish = tmp_path / "en.csv", tmp_path / "es.csv"
    frame.to_csv(english, index=False)
    spanish.write_text(spanish_csv(frame), encoding="cp1252")
    assert re.search(r";\d{1,3}\.\d{3},\d{2}[;\r\n]", spanish.read_text(encoding="cp1252"))
    en, es = read_table(english), read_table(spanish)
    assert es.schema() == en.schema()
    assert es.schema()["ingreso"].is_float64() and es.schema()["id_cliente"].is_string()
    assert rows(es) == rows(en) == frame_rows(frame)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_detected(frame, delimiter):
    data = frame.to_csv(sep=delimiter, index=False).encode()
    assert sniff_csv(data).delimiter == delimiter
    assert rows(read_table(data)) == frame_rows(frame)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_each_encoding_is_detected_and_read(frame, encoding):
    data = frame.to_csv(index=False).encode(encoding)
    assert rows(read_table(data)) == frame_rows(frame)


def test_cp1252_euro_sign_and_crlf_line_ends():
    data = "id;moneda;monto\r\n001;€;1.500,25\r\n002;€;7,5\r\n".encode("cp1252")
    got = read_table(data).order_by("id").to_pyarrow().to_pylist()
    assert got == [{"id": "001", "moneda": "€", "monto": 1500.25}, {"id": "002", "moneda": "€", "monto": 7.5}]


def test_utf16_without_bom():
    data = "id,región\n01,Ñuble\n".encode("utf-16-le")
    assert read_table(data).to_pyarrow().to_pylist() == [{"id": "01", "región": "Ñuble"}]


def test_non_utf8_byte_after_the_sniff_sample_is_still_read(tmp_path):
    """The first MiB is pure ASCII; a cp1252 'ñ' appears only near the end (streaming UTF-8 check)."""
    body = "".join(f"{i:07d};Santiago;{i % 97},5\n" for i in range(60_000))
    path = tmp_path / "late.csv"
    path.write_bytes(("id;ciudad;monto\n" + body + "9999999;Peñalolén;1,5\n").encode("cp1252"))
    assert path.stat().st_size > 1_100_000
    table = read_table(path)
    last = table.filter(table.id == "9999999").to_pyarrow().to_pylist()
    assert last == [{"id": "9999999", "ciudad": "Peñalolén", "monto": 1.5}]
    assert table.count().to_pyarrow().as_py() == 60_001


def test_leading_zeros_kept_by_value_and_by_id_name():
    """'ref' is not an ID-like name but its values have leading zeros; 'customer_id' is plain digits."""
    data = b"ref,customer_id,score\n00123,17,1\n00456,18,2\n"
    table = read_table(data)
    assert table.schema()["ref"].is_string() and table.schema()["customer_id"].is_string()
    assert table.schema()["score"].is_integer()
    assert table.order_by("ref").to_pyarrow().to_pylist()[0] == {
        "ref": "00123",
        "customer_id": "17",
        "score": 1,
    }


def test_id_column_padded_only_beyond_every_sample_keeps_zeros(tmp_path):
    """30,000 plain IDs first, a zero-padded one last: the ID-like name forces text."""
    lines = ["id,compra"] + [f"{i},{i % 2}" for i in range(1, 30_001)] + ["000042,1"]
    path = tmp_path / "ids.csv"
    path.write_text("\n".join(lines) + "\n")
    table = read_table(path)
    assert table.filter(table.id.startswith("0")).id.to_pyarrow().to_pylist() == ["000042"]


def test_ambiguous_thousands_follow_the_delimiter_and_overrides_win():
    """'1.234' alone is ambiguous: a ';' file is read Spanish-style unless decimal='.' is given."""
    data = b"id;valor\n1;1.234\n2;5.678\n"
    assert read_table(data).order_by("id").valor.to_pyarrow().to_pylist() == [1234.0, 5678.0]
    as_point = read_table(data, decimal=".", thousands="")
    assert as_point.order_by("id").valor.to_pyarrow().to_pylist() == [1.234, 5.678]


def test_english_thousands_in_quoted_fields():
    data = b'id,revenue\n1,"1,234.50"\n2,"12,345,678.25"\n3,7.5\n'
    assert read_table(data).order_by("id").revenue.to_pyarrow().to_pylist() == [1234.5, 12345678.25, 7.5]


def test_explicit_delimiter_and_encoding_override_detection():
    data = "a|b\n1|Peñalolén\n".encode("cp1252")
    table = read_table(data, delimiter="|", encoding="windows-1252")
    assert table.to_pyarrow().to_pylist() == [{"a": 1, "b": "Peñalolén"}]


def test_bytes_bytesio_and_uploaded_file_give_the_same_table(frame, tmp_path):
    data = spanish_csv(frame).encode("utf-8")
    expected = frame_rows(frame)
    assert rows(read_table(data)) == expected
    assert rows(read_table(io.BytesIO(data))) == expected
    assert rows(read_table(upload("piloto.csv", data))) == expected


def test_gzipped_csv(frame, tmp_path):
    path = tmp_path / "pilot.csv.gz"
    frame.to_csv(path, index=False, sep=";", compression="gzip")
    assert rows(read_table(path)) == frame_rows(frame)


def test_large_csv_is_a_duckdb_view_and_not_materialised(tmp_path):
    """A 50 MB CSV: the result is a lazy DuckDB view over read_csv and Python allocates far less than
    the file (oracle: tracemalloc peak vs file size; pandas would need more than the file)."""
    import tracemalloc

    path = tmp_path / "big.csv"
    con = ibis.duckdb.connect()
    con.raw_sql(f"""COPY (SELECT lpad(i::VARCHAR, 8, '0') AS id_cliente,
                    CASE WHEN i % 2 = 0 THEN 'piloto' ELSE 'control' END AS grupo,
                    (i % 7 = 0)::INT AS compra, round(random() * 1000, 2) AS ingreso
                    FROM range(2000000) t(i)) TO '{path}' (HEADER, DELIMITER ',')""")
    size = path.stat().st_size
    assert size > 48_000_000
    tracemalloc.start()
    table = read_table(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < size / 4
    assert table.get_backend().name == "duckdb"
    view_sql = (
        table.get_backend()
        .raw_sql(f"SELECT sql FROM duckdb_views() WHERE view_name = '{table.get_name()}'")
        .fetchall()[0][0]
    )
    assert "read_csv" in view_sql
    assert table.count().to_pyarrow().as_py() == 2_000_000


def test_thousands_separated_numbers_beyond_2048_rows_stay_numeric(tmp_path):
    """DuckDB 2.0's sniffer reads '1.234,56' as text once a file passes 2,048 rows with thousands
    set; the sample-based override keeps the column DOUBLE (oracle: the values written)."""
    values = [round(1000 + i * 1.37, 2) for i in range(5_000)]
    path = tmp_path / "many.csv"
    path.write_text("id;monto\n" + "".join(f"{i};{spanish_number(v)}\n" for i, v in enumerate(values)))
    table = read_table(path)
    assert table.schema()["monto"].is_float64()
    assert table.order_by(table.id.cast("int64")).monto.to_pyarrow().to_pylist() == values


def test_yes_no_column_with_only_no_at_the_top_is_text():
    """A sample of 'no' alone looks BOOLEAN to DuckDB; 'sí' further down must still be read."""
    lines = ["id,respondio"] + [f"{i},no" for i in range(3_000)] + ["3000,sí"]
    table = read_table(("\n".join(lines) + "\n").encode())
    assert table.schema()["respondio"].is_string()
    values = table.respondio.to_pyarrow().to_pylist()
    assert values.count("no") == 3_000 and values.count("sí") == 1

"""Excel sheets and the zip-bomb guard.

Oracles: round trip (pandas + xlsxwriter write the workbook, values must come back); the same data as
CSV read by :func:`read_table`; hand-built zip archives whose sizes are known by construction.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from _ds_data import frame_rows, pilot_frame, rows
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from datasources import list_sheets, read_table
from planner_common import InputError


@pytest.fixture
def frame():
    """The small pilot frame of ``_ds_data`` (zero-padded IDs, accents, money above 1,000)."""
    return pilot_frame()


def workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, df in sheets.items():
            df.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


@pytest.fixture
def book(frame) -> bytes:
    summary = pd.DataFrame({"nota": ["resumen"], "total": [len(frame)]})
    return workbook({"Resumen": summary, "Datos": frame})


def test_sheet_by_name_index_and_default(book, frame):
    assert list_sheets(book) == ["Resumen", "Datos"]
    assert rows(read_table(book, sheet="Datos")) == frame_rows(frame)
    assert rows(read_table(book, sheet="datos ")) == frame_rows(frame)  # trimmed, case-insensitive
    assert rows(read_table(book, sheet=1)) == frame_rows(frame)
    assert read_table(book).to_pyarrow().to_pylist() == [{"nota": "resumen", "total": 240}]


def test_excel_equals_csv(book, frame, tmp_path):
    path = tmp_path / "pilot.csv"
    frame.to_csv(path, index=False)
    from_excel, from_csv = read_table(book, sheet="Datos"), read_table(path)
    assert rows(from_excel) == rows(from_csv)
    assert from_excel.schema()["id_cliente"].is_string() and from_excel.schema()["compra"].is_integer()


def test_path_and_uploaded_file(book, frame, tmp_path):
    path = tmp_path / "piloto.xlsx"
    path.write_bytes(book)
    assert rows(read_table(path, sheet="Datos")) == frame_rows(frame)
    rec = UploadedFileRec(file_id="x", name="piloto.xlsx", type="application/vnd.ms-excel", data=book)
    assert rows(read_table(UploadedFile(rec, None), sheet="Datos")) == frame_rows(frame)


def test_numeric_ids_typed_as_numbers_become_text():
    book = workbook({"s": pd.DataFrame({"customer_id": [1001, 1002], "compra": [1, 0]})})
    table = read_table(book)
    assert table.schema()["customer_id"].is_string()
    assert table.order_by("customer_id").to_pyarrow().to_pylist() == [
        {"customer_id": "1001", "compra": 1},
        {"customer_id": "1002", "compra": 0},
    ]


def test_unknown_sheet_lists_the_sheets(book):
    with pytest.raises(InputError) as err:
        read_table(book, sheet="Ventas")
    assert err.value.code == "sheet_not_found"
    assert err.value.params["sheets"] == "Resumen, Datos"


def test_empty_sheet_and_header_only_sheet():
    book = workbook({"vacía": pd.DataFrame(), "cabecera": pd.DataFrame({"id": [], "grupo": []})})
    with pytest.raises(InputError) as err:
        read_table(book, sheet=0)
    assert err.value.code == "no_columns"
    with pytest.raises(InputError) as err:
        read_table(book, sheet="cabecera")
    assert err.value.code == "no_rows"


def bomb(book: bytes, member_bytes: int) -> bytes:
    """A genuine workbook plus one extra sheet XML of blanks: tiny on disk, huge when inflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("xl/worksheets/sheet9.xml", b" " * member_bytes, compresslevel=9)
    return buffer.getvalue()


def test_zip_bomb_refused_by_compression_ratio(book):
    data = bomb(book, 40_000_000)
    assert len(data) < 200_000  # 40 MB of XML hides in < 0.2 MB
    with pytest.raises(InputError) as err:
        read_table(data, sheet="Datos")
    assert err.value.code == "zip_bomb"


def test_zip_bomb_refused_by_total_decompressed_cap(book):
    """With the ratio check relaxed, the configurable decompressed-size cap still refuses it."""
    data = bomb(book, 3_000_000)
    with pytest.raises(InputError) as err:
        read_table(data, sheet="Datos", max_compression_ratio=1e9, max_uncompressed_bytes=2_000_000)
    assert err.value.code == "zip_bomb" and err.value.params["limit_mb"] == 2.0
    assert read_table(data, sheet="Datos", max_compression_ratio=1e9).count().to_pyarrow().as_py() == 240


def test_genuine_workbook_is_far_below_the_caps(book):
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        ratios = [i.file_size / i.compress_size for i in archive.infolist() if i.compress_size]
    assert max(ratios) < 20


def test_excel_file_cap(book):
    with pytest.raises(InputError) as err:
        read_table(book, max_bytes=1_000)
    assert err.value.code == "file_too_big"


def test_not_a_zip_with_xlsx_name(tmp_path):
    """A text file called .xlsx is answered with what it is (a CSV), not with the zip library's error."""
    path = tmp_path / "falso.xlsx"
    path.write_bytes(b"id,grupo\n1,piloto\n")
    with pytest.raises(InputError) as err:
        read_table(path)
    assert err.value.code == "wrong_extension" and err.value.params["actual"] == ".csv"

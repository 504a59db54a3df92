"""A file whose content contradicts its name is refused with a sentence about the real problem.

Oracles: the published signatures of each format – PNG (ISO/IEC 15948 §5.2: 89 50 4E 47 0D 0A 1A 0A),
JPEG (FF D8 FF), PDF (ISO 32000 §7.5.2: ``%PDF-``), ZIP local file header (APPNOTE 4.3.7:
50 4B 03 04, the container of .xlsx), OLE2 compound file (D0 CF 11 E0, the old .xls) and Parquet
(``PAR1``) – written out by hand; the upload's own name in every sentence; the Spanish and English
catalogs for the sentence shown.
"""

from __future__ import annotations

import io

import pytest

from app_pages.i18n import error_text
from datasources import read_table
from planner_common import InputError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
ZIP = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4
CSV = b"id_cliente;grupo;compra\n00123;piloto;1\n00456;control;0\n"


def _upload(name: str, data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _refusal(name: str, data: bytes) -> InputError:
    with pytest.raises(InputError) as err:
        read_table(_upload(name, data))
    return err.value


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("foto.csv", PNG),
        ("foto.csv", JPEG),
        ("informe.csv", PDF),
        ("foto.xlsx", PNG),
        ("informe.parquet", PDF),
        ("datos.xlsx", bytes(range(256)) * 4),  # neither a zip nor text
        ("datos.txt", b"id;grupo\x00\x01\x02\x03\xff\x00\x10" * 8),  # NUL bytes, no signature
    ],
)
def test_a_file_that_holds_no_table_says_so_and_names_the_file(name: str, data: bytes) -> None:
    err = _refusal(name, data)
    assert err.code == "not_a_table_file" and err.params["name"] == name
    es, en = error_text(err, "es"), error_text(err, "en")
    assert f"«{name}»" in es and "no es un archivo CSV, Excel ni Parquet" in es
    assert f"“{name}”" in en and "is not a CSV, Excel or Parquet file" in en
    assert "UTF-8" not in es and "cp1252" not in es  # not advice about encodings


@pytest.mark.parametrize(
    ("name", "data", "actual"),
    [
        ("lista.csv", ZIP, ".xlsx"),
        ("lista.csv", OLE, ".xls"),
        ("lista.csv", b"PAR1" + bytes(64), ".parquet"),
        ("lista.xlsx", CSV, ".csv"),
        ("lista.parquet", CSV, ".csv"),
    ],
)
def test_a_table_with_the_wrong_extension_says_which_it_is(name: str, data: bytes, actual: str) -> None:
    err = _refusal(name, data)
    assert err.code == "wrong_extension" and err.params["actual"] == actual
    assert f"«{name}»" in error_text(err, "es") and actual in error_text(err, "es")
    assert actual in error_text(err, "en")


def test_a_text_file_with_its_own_extension_is_still_read() -> None:
    """Round trip: the signature check leaves real CSV and gzip-compressed CSV alone."""
    import gzip

    assert read_table(_upload("lista.csv", CSV)).count().to_pyarrow().as_py() == 2
    assert read_table(_upload("lista.csv.gz", gzip.compress(CSV))).count().to_pyarrow().as_py() == 2

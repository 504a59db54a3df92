"""CSV and XLSX exports per locale, read back by independent readers.

Oracles: the bytes are read back with Python's ``csv`` module, ``pandas.read_csv`` (``sep=";"``,
``decimal=","``) and openpyxl – never with the code under test; the expected values are the frame that
was exported, the issue's acceptance list (``;``, decimal comma, BOM, ``00123`` intact,
``=HYPERLINK("http://x","y")`` inert in both formats) and OWASP's CSV-injection rule; properties over
random text (hypothesis) for quoting and neutralisation.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from datasources import export_csv, export_file_name, export_xlsx
from planner_common import InputError

HYPERLINK = '=HYPERLINK("http://x","y")'
LABELS = {"arm": "grupo", "pilot": "piloto", "control": "control", "rollout": "despliegue", "spend": "gasto"}
RISKY = ["=1+1", "+56 9 1234", "-5", "@SUM(A1)", "\tx", "\rx"]


def split_list() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_cliente": ["00123", HYPERLINK, "pilot", "-0042"],
            "arm": ["pilot", "control", "rollout", HYPERLINK],
            "spend": [1234.5, -2.25, 0.1, 1e-7],
            "n": [1, -2, 30_000, 4],
        }
    )


def csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def sheet(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


# CSV -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["es", "es_CL", "es_CO", "es_ES"])
def test_spanish_csv_has_semicolons_decimal_commas_and_a_bom(locale: str) -> None:
    data = export_csv(split_list(), locale=locale, labels=LABELS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "id_cliente;grupo;gasto;n"
    assert "1234,5" in text and "\r\n" in text
    back = pd.read_csv(
        io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"id_cliente": str}
    )
    assert back["gasto"].tolist() == [1234.5, -2.25, 0.1, 1e-7]
    assert back["n"].tolist() == [1, -2, 30_000, 4]
    assert back["id_cliente"][0] == "00123"


@pytest.mark.parametrize("locale", ["en_US", "es_MX"])
def test_decimal_point_locales_get_commas_and_points(locale: str) -> None:
    """CLDR: en_US and es_MX write 1,234.56, so their spreadsheets split fields on ','."""
    data = export_csv(split_list(), locale=locale)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"id_cliente": str})
    assert list(back.columns) == ["id_cliente", "arm", "spend", "n"]
    assert back["spend"].tolist() == [1234.5, -2.25, 0.1, 1e-7]
    assert ";" not in data.decode("utf-8-sig")


def test_labels_translate_headers_and_categories_but_never_ids() -> None:
    rows = csv_rows(export_csv(split_list(), locale="es_CL", labels=LABELS), ";")
    assert rows[0] == ["id_cliente", "grupo", "gasto", "n"]
    assert [row[1] for row in rows[1:]] == ["piloto", "control", "despliegue", "'" + HYPERLINK]
    assert rows[3][0] == "pilot"  # an ID that happens to read "pilot" stays as given


def test_csv_neutralises_formula_text_but_not_negative_numbers() -> None:
    """OWASP: text beginning with = + - @ tab CR gets a leading apostrophe; numbers stay numbers."""
    rows = csv_rows(export_csv(split_list(), locale="es_CL", labels=LABELS), ";")
    assert rows[2][0] == "'" + HYPERLINK and rows[4][1] == "'" + HYPERLINK
    assert rows[4][0] == "'-0042"  # a text ID starting with '-' is text, so it is neutralised
    assert rows[2][2] == "-2,25" and rows[2][3] == "-2"


@pytest.mark.parametrize("value", RISKY)
def test_every_risky_start_is_inert_in_csv(value: str) -> None:
    frame = pd.DataFrame({"id_cliente": [value], "label": [value], value: [1]})
    rows = csv_rows(export_csv(frame, locale="en_US"), ",")
    assert rows[0][2] == "'" + value  # the header too
    assert rows[1][:2] == ["'" + value, "'" + value]


text_cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@given(
    texts=st.lists(text_cells, min_size=1, max_size=6),
    numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=6, max_size=6),
    locale=st.sampled_from(["es_CL", "en_US"]),
)
def test_any_text_and_number_read_back(texts: list[str], numbers: list[float], locale: str) -> None:
    """Property: quoting keeps every text exact (or apostrophe + text when risky), numbers exact."""
    frame = pd.DataFrame({"label": texts, "x": numbers[: len(texts)]})
    delimiter = ";" if locale == "es_CL" else ","
    rows = csv_rows(export_csv(frame, locale=locale), delimiter)[1:]
    expected = ["'" + t if t.startswith(("=", "+", "-", "@", "\t", "\r")) else t for t in texts]
    assert [row[0] for row in rows] == expected
    assert [float(row[1].replace(",", ".")) for row in rows] == [x + 0.0 for x in numbers[: len(texts)]]


def test_missing_values_are_empty_fields_and_dates_are_iso() -> None:
    frame = pd.DataFrame(
        {
            "arm": ["pilot", None],
            "x": [1.5, None],
            "day": pd.to_datetime(["2026-12-03", None]),
            "at": [datetime(2026, 12, 3, 10, 30), datetime(2026, 12, 4)],
            "ok": [True, False],
        }
    )
    rows = csv_rows(export_csv(frame, locale="es_CL", labels={"true": "sí", "false": "no"}), ";")
    assert rows[1:] == [
        ["pilot", "1,5", "2026-12-03", "2026-12-03 10:30:00", "sí"],
        ["", "", "", "2026-12-04", "no"],
    ]


def test_an_arrow_table_gives_the_same_file_as_its_dataframe() -> None:
    frame = split_list()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    assert export_csv(table, locale="es_CL", labels=LABELS) == export_csv(
        frame, locale="es_CL", labels=LABELS
    )


def test_whole_number_ids_lose_the_float_point() -> None:
    """An integer ID column that held a blank arrives as float; ``123.0`` would not match the CRM."""
    frame = pd.DataFrame({"customer_id": [123.0, None, 4_500_000_001.0], "x": [1, 2, 3]})
    rows = csv_rows(export_csv(frame, locale="en_US"), ",")
    assert [row[0] for row in rows[1:]] == ["123", "", "4500000001"]


# XLSX ----------------------------------------------------------------------------------------------------


def test_xlsx_keeps_ids_as_text_and_numbers_typed_with_formats() -> None:
    data = export_xlsx(split_list(), locale="es_CL", labels=LABELS, sheet="Asignación")
    ws = openpyxl.load_workbook(io.BytesIO(data))["Asignación"]
    assert [c.value for c in ws[1]] == ["id_cliente", "grupo", "gasto", "n"]
    first = ws[2]
    assert first[0].value == "00123" and first[0].data_type == "s"
    assert first[1].value == "piloto"
    assert isinstance(first[2].value, float) and first[2].number_format == "#,##0.00##"
    assert isinstance(first[3].value, int) and first[3].number_format == "#,##0"
    assert ws["C3"].value == -2.25 and ws["D3"].value == -2  # negative numbers stay numbers
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D5"


def test_xlsx_formula_text_is_a_quoted_string_not_a_formula() -> None:
    data = export_xlsx(split_list(), locale="es_CL", labels=LABELS)
    ws = sheet(data)
    assert ws["A3"].value == HYPERLINK and ws["A3"].data_type == "s" and ws["A3"].quotePrefix
    assert ws["B5"].value == HYPERLINK and ws["B5"].data_type == "s" and ws["B5"].quotePrefix
    assert not any(cell.data_type == "f" for row in ws.iter_rows() for cell in row)
    assert b"<f>" not in data  # no formula element anywhere (the sheet XML is compressed: check cells too)


def ooxml_unescape(text: str) -> str:
    """ECMA-376 §22.9.2.19 ST_Xstring: ``_x000D_`` stands for a control character (Excel decodes it;
    openpyxl hands it over as written)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


@pytest.mark.parametrize("value", RISKY)
def test_every_risky_start_is_inert_in_xlsx(value: str) -> None:
    ws = sheet(export_xlsx(pd.DataFrame({"id_cliente": [value], value: ["x"]}), locale="en_US"))
    assert ooxml_unescape(ws["A2"].value) == value and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ooxml_unescape(ws["B1"].value) == value and ws["B1"].quotePrefix


def test_xlsx_numeric_id_columns_formats_dates_and_widths() -> None:
    frame = pd.DataFrame(
        {
            "cuenta": [123456789012, 7],
            "rate": [0.031, 0.5],
            "day": [datetime(2026, 12, 3), datetime(2026, 1, 5)],
            "note": ["a much longer piece of text than the header", None],
        }
    )
    data = export_xlsx(frame, locale="es_CL", id_columns=["cuenta"], formats={"rate": "0.0%"})
    ws = sheet(data)
    assert ws["A2"].value == "123456789012" and ws["A2"].data_type == "s"
    assert ws["B2"].number_format == "0.0%"
    assert ws["C2"].value == datetime(2026, 12, 3) and ws["C2"].number_format == "dd-mm-yyyy"
    assert ws["D3"].value is None
    assert ws.column_dimensions["D"].width >= len("a much longer piece of text than the header")
    assert ws.column_dimensions["A"].width >= len("123456789012")


def test_xlsx_from_an_arrow_table_matches_the_dataframe() -> None:
    frame = split_list()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    a, b = sheet(export_xlsx(frame, locale="es_ES")), sheet(export_xlsx(table, locale="es_ES"))
    assert [[c.value for c in row] for row in a.iter_rows()] == [
        [c.value for c in row] for row in b.iter_rows()
    ]


def test_more_rows_than_excel_holds_are_refused() -> None:
    table = pa.table({"x": pa.array(range(1_048_576), pa.int64())})
    with pytest.raises(InputError) as err:
        export_xlsx(table, locale="es_CL")
    assert err.value.code == "export_too_big_for_excel" and err.value.params["rows"] == 1_048_576


# Refusals and file names ---------------------------------------------------------------------------------


def test_unknown_id_columns_duplicate_headers_and_locales_are_refused() -> None:
    frame = split_list()
    for call, code in [
        (lambda: export_csv(frame, locale="es_CL", id_columns=["rut"]), "export_unknown_column"),
        (lambda: export_xlsx(frame, locale="es_CL", labels={"arm": "n"}), "export_duplicate_headers"),
        (lambda: export_csv(frame, locale="klingon"), "unknown_locale"),
    ]:
        with pytest.raises(InputError) as err:
            call()
        assert err.value.code == code


@pytest.mark.parametrize(
    ("kind", "campaign", "ext", "name"),
    [
        ("asignación", "Catálogo primavera", "xlsx", "asignacion_catalogo-primavera_2026-12-03.xlsx"),
        ("asignacion", "Catálogo primavera", ".CSV", "asignacion_catalogo-primavera_2026-12-03.csv"),
        ("memo", "Año Niño / ¿Ñandú? 50% OFF!", "pdf", "memo_ano-nino-nandu-50-off_2026-12-03.pdf"),
        ("assignment", "", "csv", "assignment_2026-12-03.csv"),
        ("", None, "csv", "export_2026-12-03.csv"),
        ("x", "../../etc/passwd", "csv", "x_etc-passwd_2026-12-03.csv"),
    ],
)
def test_file_names_carry_the_campaign_and_the_date(
    kind: str, campaign: str | None, ext: str, name: str
) -> None:
    """Oracle: the issue's example ``asignacion_catalogo-primavera_2026-12-03.xlsx``."""
    assert export_file_name(kind, campaign, date(2026, 12, 3), ext) == name


@given(kind=st.text(max_size=80), campaign=st.text(max_size=300), ext=st.sampled_from(["csv", "xlsx", "pdf"]))
def test_file_names_are_portable(kind: str, campaign: str, ext: str) -> None:
    """Property: ASCII letters, digits, '-' and '_' only, the date present, at most 120 characters."""
    name = export_file_name(kind, campaign, datetime(2026, 12, 3, 23, 59), ext)
    assert re.fullmatch(rf"[a-z0-9][a-z0-9_-]*_2026-12-03\.{ext}", name)
    assert len(name) <= 120 and "--" not in name and "__" not in name

"""The committed example pilot files are exactly what their seeded generator writes, and read cleanly.

Oracles: round trip – ``examples/data/make_pilot_data.py`` run into a temporary folder reproduces the
committed files byte for byte; properties of the files as written (formats, sizes, arms, ID padding),
checked on the raw bytes with the standard library and after :func:`datasources.read_table`.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path

import pytest

from datasources import read_table

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
SCRIPT = DATA / "make_pilot_data.py"
FILES = {  # name: (delimiter, encoding, rows, arms)
    "piloto_correo_directo_cl.csv": (";", "utf-8-sig", 30_000, {"piloto", "control"}),
    "piloto_email_asunto_es.csv": (",", "utf-8", 24_000, {"asunto_a", "asunto_b", "control"}),
    "piloto_sms_retencion_co.csv": (";", "cp1252", 16_000, {"sms", "control"}),
}


def _generator():
    spec = importlib.util.spec_from_file_location("make_pilot_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_reproduces_the_committed_files(tmp_path: Path) -> None:
    written = _generator().write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(FILES)
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


@pytest.mark.parametrize("name", sorted(FILES))
def test_files_are_small_and_shaped_as_documented(name: str) -> None:
    delimiter, encoding, n_rows, arms = FILES[name]
    raw = (DATA / name).read_bytes()
    assert len(raw) < 2_000_000
    rows = list(csv.DictReader(io.StringIO(raw.decode(encoding), newline=""), delimiter=delimiter))
    assert len(rows) == n_rows
    assert {r["grupo"] for r in rows} == arms
    ids = [r["id_cliente"] for r in rows]
    assert len(set(ids)) == n_rows and any(i.startswith("0") for i in ids)


@pytest.mark.parametrize("name", sorted(FILES))
def test_read_table_detects_the_locale_of_each_file(name: str) -> None:
    table = read_table(DATA / name)
    schema = table.schema()
    assert schema["id_cliente"].is_string()
    money = [c for c in schema if c.startswith(("ingreso", "gasto_previo", "arpu_previo"))]
    assert money and all(schema[c].is_float64() for c in money)
    assert table.count().to_pyarrow().as_py() == FILES[name][2]


def test_spanish_text_survives_each_encoding() -> None:
    retail = read_table(DATA / "piloto_correo_directo_cl.csv")
    assert "estratégico" in set(retail.segmento.to_pyarrow().to_pylist())
    telco = read_table(DATA / "piloto_sms_retencion_co.csv")
    assert {"sí", "no"} == set(telco.churn_90d.to_pyarrow().to_pylist())
    assert "Bogotá D.C." in set(telco.departamento.to_pyarrow().to_pylist())

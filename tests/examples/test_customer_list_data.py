"""The committed example customer list is exactly what its seeded generator writes, and reads as intended.

Oracles: round trip – regenerating ``examples/data/clientes_retail_cl.csv`` into a temporary folder with
``examples/data/make_customer_list.py`` reproduces the committed file byte for byte; properties of the
list read back through the app's own CSV reader (``datasources.read_table``): Spanish locale (``;`` and
decimal comma), IDs kept as text with their leading zeros, unique IDs, the four value tiers.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import datasources

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "data" / "make_customer_list.py"
COMMITTED = ROOT / "examples" / "data" / "clientes_retail_cl.csv"


def _generator():
    spec = importlib.util.spec_from_file_location("make_customer_list", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_reproduces_the_committed_file(tmp_path: Path) -> None:
    out = _generator().write(tmp_path / "clientes.csv")
    assert out.read_bytes() == COMMITTED.read_bytes()


def test_file_is_small_and_spanish_locale() -> None:
    raw = COMMITTED.read_bytes()
    assert len(raw) < 2_000_000
    header, first = raw.decode("utf-8").splitlines()[:2]
    assert header.split(";")[0] == "id_cliente"
    assert "," in first.split(";")[5]  # compras_mes written with a decimal comma


def test_reads_with_ids_as_text_and_the_expected_columns() -> None:
    table = datasources.read_table(COMMITTED)
    schema = table.schema()
    assert schema["id_cliente"].is_string()
    assert schema["compras_mes"].is_floating()  # decimal comma understood
    frame = table.to_pandas()
    assert len(frame) == 20_000
    assert frame["id_cliente"].is_unique
    assert frame["id_cliente"].str.len().eq(9).all()
    assert frame["id_cliente"].str.startswith("0").sum() > 1_000  # leading zeros survive
    assert set(frame["segmento_valor"]) == {"alto", "medio", "bajo", "estratégico"}
    assert set(frame["email_opt_in"]) == {"sí", "no"}
    assert frame["region"].nunique() == 16

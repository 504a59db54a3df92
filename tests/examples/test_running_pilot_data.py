"""The running-pilot example file is exactly what its seeded generator writes, and reads as dated data.

Oracles: round trip (``examples/data/make_running_pilot.py`` into a temporary folder reproduces the
committed file byte for byte); properties of the file after :func:`datasources.read_table`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from datasources import read_table

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def _generator():
    spec = importlib.util.spec_from_file_location("make_running_pilot", DATA / "make_running_pilot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_regenerating_reproduces_the_committed_file(tmp_path: Path) -> None:
    path = _generator().write(tmp_path)
    assert path.read_bytes() == (DATA / path.name).read_bytes()


def test_the_file_reads_with_dates_and_spanish_numbers() -> None:
    table = read_table(DATA / "piloto_en_curso_cl.csv")
    schema = table.schema()
    assert schema["fecha_envio"].is_date() and schema["monto_compra"].is_floating()
    assert schema["id_cliente"].is_string()
    counts = table.group_by("grupo").aggregate(n=table.count()).to_pandas().set_index("grupo")["n"]
    assert set(counts.index) == {"piloto", "control"} and counts.sum() == 21 * 400
    assert table.fecha_envio.nunique().execute() == 21

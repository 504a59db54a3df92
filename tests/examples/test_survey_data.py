"""The committed NPS / ISN example survey is exactly what its seeded generator writes.

Oracle: round trip – regenerating ``examples/data/encuesta_nps_isn.csv`` into a temporary folder with
``examples/data/make_survey.py`` reproduces the committed file byte for byte; plus properties of the
scales (0–10 and 1–7 answers only, channel and segment always present).
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "data" / "make_survey.py"
COMMITTED = ROOT / "examples" / "data" / "encuesta_nps_isn.csv"


def _generator():
    spec = importlib.util.spec_from_file_location("make_survey", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_reproduces_the_committed_file(tmp_path: Path) -> None:
    out = _generator().write(tmp_path / "survey.csv")
    assert out.read_bytes() == COMMITTED.read_bytes()


def test_answers_are_on_their_scales() -> None:
    with COMMITTED.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1_000
    assert {int(r["nps_0_10"]) for r in rows} <= set(range(11))
    grades = [r["nota_1_7"] for r in rows]
    assert {int(g) for g in grades if g} <= set(range(1, 8))
    assert 0 < grades.count("") < 100  # some "no sabe / no responde", excluded from the ISN
    assert {r["canal"] for r in rows} == {"sucursal", "web", "app", "call center"}
    assert {r["segmento"] for r in rows} == {"alto", "medio", "bajo", "estratégico"}

"""The Analyse and Monitor pages read a table of a saved local-Spark connection (AppTest, the session-wide
Spark of ``conftest.py``).

Oracle: the same pages in file mode on the bundled examples, read by DuckDB – an independent engine
computing the same sufficient statistics from the same rows, so every number of the saved readout and of
the saved monitoring state must agree to 1e-9 relative.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))  # the AppTest helpers of tests/ui

from _accounts import account  # noqa: E402
from _money_pages import PAGES, assert_clean, saved, texts  # noqa: E402

from datasources import read_table, save_connection  # noqa: E402

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark"), pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
URL = "pyspark://?spark.master=local[2]"  # the running session of the fixture: reused, not rebuilt
REL = 1e-9


def _app(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180)
    at.session_state["lang"] = "es"
    at.session_state["auth.user"] = account("analyst")  # the app is behind sign-in
    at.run()
    return at.switch_page(PAGES[page]).run()


def _close(a: object, b: object, where: str = "") -> int:
    """Plain saved values equal, floats to ``REL`` relative; → floats compared."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        return sum(_close(a[k], b[k], f"{where}.{k}") for k in a)
    if isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        return sum(_close(x, y, f"{where}[{i}]") for i, (x, y) in enumerate(zip(a, b, strict=True)))
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=REL, abs_tol=1e-12), (where, a, b)
        return 1
    assert a == b, (where, a, b)
    return 0


@pytest.fixture(scope="module")
def lake(spark, tmp_path_factory):
    """The two bundled examples saved as Spark tables, and a saved connection to that Spark."""
    folder = tmp_path_factory.mktemp("spark-ui")
    for table, name in (
        ("piloto_correo", "piloto_correo_directo_cl.csv"),
        ("piloto_en_curso", "piloto_en_curso_cl.csv"),
    ):
        path = folder / f"{table}.parquet"
        pq.write_table(read_table(DATA / name).to_pyarrow(), path)
        spark._session.read.parquet(str(path)).write.mode("overwrite").saveAsTable(table)
    return folder


def _pick(at: AppTest, prefix: str, table: str) -> AppTest:
    at.selectbox(key=f"{prefix}.db_connection").set_value("lago").run()
    at.selectbox(key=f"{prefix}.db_table").set_value(table).run()
    assert_clean(at)
    assert not at.error, texts(at.error)
    return at


def test_analyse_and_monitor_a_pilot_stored_in_spark(lake, tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_PLANNER_CONNECTIONS", str(tmp_path / "connections.json"))
    save_connection("lago", URL)
    at = _app("analyze")
    at.radio(key="analyze.mode").set_value("database").run()
    ours = saved(_pick(at, "analyze", "piloto_correo"))["readout"]
    oracle = _app("analyze")
    oracle.button(key="analyze.load_example_btn").click().run()
    expected = saved(oracle)["readout"]
    assert ours["source"] == {"name": f"lago ({URL}) · piloto_correo", "sha256": None, "size_bytes": None}
    ours.pop("source"), expected.pop("source"), ours.pop("mode"), expected.pop("mode")
    assert _close(ours, expected) > 100

    at = _app("monitor")
    at.radio(key="monitor.mode").set_value("database").run()
    ours = saved(_pick(at, "monitor", "piloto_en_curso"))["monitoring"]
    oracle = _app("monitor")
    oracle.button(key="monitor.example_btn").click().run()
    expected = saved(oracle)["monitoring"]
    assert ours["mode"] == "database" and ours["last_look"]["decision"] == "benefit"
    for record in (ours, expected):
        record.pop("source"), record.pop("mode")
    assert _close(ours, expected) >= 3

"""The Analyse and Split pages read a table of a saved PostgreSQL connection (AppTest on a real server).

Oracles: the same page in file mode on the bundled example, read by DuckDB – an independent engine
computing the same sufficient statistics from the same rows, so every effect field of every metric line
must agree to 1e-9 relative –; the saved connections file read back with :mod:`json` (no password in
it); the redacted URL written out by hand; the catalogs for the sentences.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_postgres_engine import load_postgres

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))  # the AppTest helpers of tests/ui

from _accounts import account  # noqa: E402
from _money_pages import PAGES, assert_clean, saved, texts  # noqa: E402

from app_pages.i18n import translate  # noqa: E402
from datasources import read_table, saved_connections  # noqa: E402

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
REL = 1e-9


def _app(page: str, lang: str = "es", **secrets: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["auth.user"] = account("analyst")  # the app is behind sign-in
    if secrets:
        at.secrets["connections"] = secrets
    at.run()
    return at.switch_page(PAGES[page]).run()


@pytest.fixture
def pilots(postgres_server, tmp_path, monkeypatch):
    """A database holding the bundled retail pilot and customer list; an empty connections file."""
    monkeypatch.setenv("CAMPAIGN_PLANNER_CONNECTIONS", str(tmp_path / "connections.json"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    name = f"pilots_{os.getpid()}_{len(list(tmp_path.parent.iterdir()))}"
    url = postgres_server.create_database(name)
    load_postgres(url, "piloto_correo", read_table(DATA / "piloto_correo_directo_cl.csv").to_pyarrow())
    return name


def _same(ours: dict, oracle: dict) -> int:
    """Every number of the two readouts' lines equal to ``REL``; → numbers compared."""
    compared = 0
    for a, b in zip(ours["lines"], oracle["lines"], strict=True):
        assert (a["metric"], a["arm"]) == (b["metric"], b["arm"])
        for key, value in a.items():
            if isinstance(value, float) and isinstance(b[key], float):
                assert math.isclose(value, b[key], rel_tol=REL, abs_tol=1e-12), (a["metric"], key)
                compared += 1
            elif key != "notes":
                assert value == b[key], (a["metric"], key)
    return compared


@pytest.mark.parametrize("lang", ["es", "en"])
def test_analyse_a_pilot_stored_in_postgresql(postgres_server, pilots, lang):
    at = _app("analyze", lang, crm={"password": postgres_server.password})
    at.radio(key="analyze.mode").set_value("database").run()
    assert_clean(at)
    # a URL with the password is refused and nothing is saved
    at.text_input(key="analyze_db_new_name").set_value("crm").run()
    at.text_input(key="analyze_db_new_url").set_value(postgres_server.url(pilots, driver="postgres")).run()
    at.button(key="analyze.db_save_btn").click().run()
    assert any(postgres_server.password not in e and "***" in e for e in texts(at.error)), texts(at.error)
    assert saved_connections() == ()
    plain = f"postgres://postgres@127.0.0.1:{postgres_server.port}/{pilots}"
    at.text_input(key="analyze_db_new_url").set_value(plain).run()
    at.button(key="analyze.db_save_btn").click().run()
    on_disk = Path(os.environ["CAMPAIGN_PLANNER_CONNECTIONS"]).read_text(encoding="utf-8")
    assert json.loads(on_disk) == {"connections": [{"name": "crm", "url": plain}]}
    assert postgres_server.password not in on_disk
    assert at.selectbox(key="analyze.db_connection").value == "crm"
    assert "piloto_correo" in at.selectbox(key="analyze.db_table").options
    at.selectbox(key="analyze.db_table").set_value("piloto_correo").run()
    assert_clean(at)
    assert not at.error, texts(at.error)
    ours = saved(at)["readout"]
    assert ours["mode"] == "database"
    assert ours["source"] == {"name": f"crm ({plain}) · piloto_correo", "sha256": None, "size_bytes": None}
    oracle = _app("analyze", lang)
    oracle.button(key="analyze.load_example_btn").click().run()
    expected = saved(oracle)["readout"]
    assert ours["mapping"] == expected["mapping"] and ours["arm_sizes"] == expected["arm_sizes"]
    assert _same(ours, expected) > 50
    assert ours["srm_pvalue"] == pytest.approx(expected["srm_pvalue"], rel=REL)
    # the results are those of a file: cards, tables, the sentence
    assert translate("analyze.card.verdict", lang) in [m.label for m in at.metric]


def test_split_a_customer_list_stored_in_postgresql(postgres_server, pilots):
    """The split of a table equals the split of the same rows in a file (the same SHA-256 draw)."""
    url = postgres_server.url(pilots)
    load_postgres(url, "clientes", read_table(DATA / "clientes_retail_cl.csv").to_pyarrow())
    at = _app("assign", "es", crm={"password": postgres_server.password})
    at.radio(key="assign.source_mode").set_value("database").run()
    at.text_input(key="assign_db_new_name").set_value("crm").run()
    at.text_input(key="assign_db_new_url").set_value(
        f"postgres://postgres@127.0.0.1:{postgres_server.port}/{pilots}"
    ).run()
    at.button(key="assign.db_save_btn").click().run()
    at.selectbox(key="assign.db_table").set_value("clientes").run()
    at.text_input(key="assign.salt").set_value("catalogo-otono").run()
    assert_clean(at)
    assert not at.error, texts(at.error)
    ours = saved(at)["assignment"]
    oracle = _app("assign", "es")
    oracle.button(key="assign.example_btn").click().run()
    oracle.text_input(key="assign.salt").set_value("catalogo-otono").run()
    expected = saved(oracle)["assignment"]
    assert ours["source"]["sha256"] is None and ours["source"]["name"].endswith(" · clientes")
    assert ours["split_exact"] and ours["arm_sizes"] == expected["arm_sizes"]
    assert ours["strata_counts"] == expected["strata_counts"]

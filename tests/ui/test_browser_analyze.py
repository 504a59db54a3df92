"""End to end: Chromium loads the bundled example on the Analyse page and sees the results.

Oracle: the example file parsed independently with Python's ``csv`` module; the control purchase rate
is written out with the es-CL convention (``6,04 %``) by hand from those counts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _browser import TIMEOUT_MS, metric, screenshot, wait_idle
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser_b")]
DATA = Path(__file__).resolve().parents[2] / "examples" / "data" / "piloto_correo_directo_cl.csv"


def _control_rate_es() -> str:
    with DATA.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";") if r["grupo"] == "control"]
    rate = 100 * sum(r["compra"] == "1" for r in rows) / len(rows)
    return f"{rate:.2f}".replace(".", ",") + " %"


def test_loading_the_example_shows_the_results_table(open_page) -> None:
    page = open_page("analyze")
    expect(page.get_by_role("heading", name="¿Cuánto sumó el piloto frente al control?")).to_be_visible()
    page.get_by_role("button", name="Cargar ejemplo").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Resultado")).to_be_visible(timeout=TIMEOUT_MS)
    expect(metric(page, "Control")).to_have_text(_control_rate_es(), timeout=TIMEOUT_MS)
    expect(metric(page, "Veredicto")).to_have_text("Concluyente")
    tables = page.get_by_test_id("stDataFrame")
    expect(tables.nth(1)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    assert not page.get_by_test_id("stException").count()
    screenshot(page, "analyze_es.png")

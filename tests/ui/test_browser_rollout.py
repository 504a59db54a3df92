"""End to end: a readout travels from "Analizar piloto" to "Despliegue" and gets a recommendation.

Debian's Chromium drives the real ``streamlit run`` server (fixtures in ``tests/ui/conftest.py``); the
pages are reached through the sidebar, so it is one browser session, as a user would have it.
Oracles: docs/formulas.md §6 (the brief's example – c = 300, m = 40 000 CLP, F = 3 M over 200 000 – has a
break-even uplift of 0,7875 pp, shown «0,79 %»); the readout's arithmetic is checked by the AppTests and
the analysis tests, so here the oracle is the journey itself: the numbers typed on the brief and the
readout saved by the Analyse page arrive on the Roll-out page and produce a recommendation without an
exception. A screenshot is saved to ``tests/ui/artifacts/rollout_es.png`` for review.
"""

from __future__ import annotations

import pytest
from _browser import IDLE, TIMEOUT_MS, go_to, metric, screenshot, wait_idle
from playwright.sync_api import Page, expect

from app_pages.i18n import translate

SLOW_MS = 4 * TIMEOUT_MS
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser_b")]


def load_example(page: Page, timeout_ms: int = TIMEOUT_MS) -> None:
    page.get_by_test_id("stMain").get_by_role("button", name="Cargar ejemplo").click()
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def test_a_readout_is_carried_into_the_rollout_decision(open_page) -> None:
    page = open_page("brief")
    load_example(page)
    expect(metric(page, "Tasa de respuesta de equilibrio")).to_have_text("0,79 %", timeout=TIMEOUT_MS)

    go_to(page, "Analizar piloto")
    load_example(page, SLOW_MS)  # reads and analyses a 30 000-row file: allow for a busy machine
    results = page.get_by_role("heading", name=translate("analyze.results_title", "es"))
    expect(results).to_be_visible(timeout=SLOW_MS)

    go_to(page, "Despliegue")
    expect(page.get_by_role("heading", name="¿Conviene desplegar la campaña completa?")).to_be_visible()
    expect(page.get_by_role("radio", name="Lectura de «Analizar piloto»")).to_be_checked()
    expect(page.get_by_text("Recomendación:", exact=False).first).to_be_visible(timeout=TIMEOUT_MS)
    for label in (
        "Respuestas incrementales esperadas",
        "Utilidad incremental esperada",
        "Probabilidad de ganar dinero",
        "Costo por respuesta incremental del despliegue",
    ):
        expect(metric(page, label)).not_to_be_empty()
    # the costs typed on the brief reach this page: left empty here, the brief's value is shown and used
    expect(page.get_by_label("Costo por contacto (CLP)", exact=True)).to_have_attribute(
        "placeholder", "$300 (de la campaña)"
    )
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    expect(page.get_by_role("heading", name=translate("memo.panel_title", "es"))).to_be_visible()
    wait_idle(page)
    assert not page.get_by_test_id("stException").count()
    screenshot(page, "rollout_es.png")

"""End to end: a campaign filled on every page, saved, and reopened in a new browser session.

Journey (Spanish): Campaña (example) → Dimensionar (save the design) → Asignar (upload the customer list)
→ Analizar piloto (upload the pilot file) → Despliegue; save. A new browser context (a new Streamlit
session, nothing in memory) reopens the campaign from the sidebar: every page shows what it showed
before – Split and Analyse included, without their files, naming the file and its SHA-256 – and uploading
a different pilot file is reported as a different file.

Oracles: the figures each page showed before saving (read from the page itself) and the SHA-256 of the
files computed here with hashlib; the catalogs for the sentences.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from _browser import TIMEOUT_MS, go_to, goto, metric, open_campaign, wait_idle
from playwright.sync_api import Page, expect

from app_pages.i18n import translate

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
LIST, PILOT, OTHER = (DATA / n for n in ("clientes_retail_cl.csv", "piloto_correo_directo_cl.csv",
                                         "piloto_email_asunto_es.csv"))  # fmt: skip
SLOW_MS = 4 * TIMEOUT_MS


def upload(page: Page, path: Path) -> None:
    page.get_by_test_id("stMain").locator("input[type=file]").first.set_input_files(str(path))
    wait_idle(page)


def button(page: Page, label: str):
    return page.get_by_role("button", name=re.compile(re.escape(label)))


def cards(page: Page, labels: tuple[str, ...]) -> dict[str, str]:
    for label in labels:
        expect(metric(page, label)).not_to_be_empty(timeout=SLOW_MS)
    return {label: metric(page, label).inner_text().strip() for label in labels}


BRIEF = ("Tasa de respuesta de equilibrio",)
DESIGN = ("Piloto", "Control")
SPLIT = ("Filas en la lista",)
ANALYSE = ("Control", "Veredicto")
ROLLOUT = ("Probabilidad de ganar dinero", "Utilidad incremental esperada")


def fill_every_page(page: Page) -> dict[str, dict[str, str]]:
    shown = {}
    go_to(page, "Campaña")
    name = page.get_by_label("Nombre de la campaña", exact=False).first
    for _ in range(3):  # a click during a rerun can be lost on a busy machine: retry until it took
        button(page, translate("app.load_example", "es")).first.click()
        wait_idle(page)
        if name.input_value() == "Catálogo de primavera":
            break
    shown["brief"] = cards(page, BRIEF)
    go_to(page, "Dimensionar")
    shown["design"] = cards(page, DESIGN)
    button(page, translate("design.save", "es")).click()
    wait_idle(page)
    go_to(page, "Asignar")
    upload(page, LIST)
    expect(page.get_by_text(translate("assign.saved", "es", salt="")[:20])).to_be_visible(timeout=SLOW_MS)
    shown["split"] = cards(page, SPLIT)
    go_to(page, "Analizar piloto")
    upload(page, PILOT)
    expect(page.get_by_role("heading", name=translate("analyze.results_title", "es"))).to_be_visible(
        timeout=SLOW_MS
    )
    shown["analyse"] = cards(page, ANALYSE)
    go_to(page, "Despliegue")
    shown["rollout"] = cards(page, ROLLOUT)
    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Guardar campaña")).click()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar").get_by_text("Campaña guardada", exact=False)).to_be_visible()
    return shown


def reopen(page: Page, app_url: str) -> None:
    goto(page, app_url, "brief")
    open_campaign(page, "Catálogo de primavera")


def test_a_reopened_campaign_shows_every_page_as_before(page: Page, browser, app_url: str) -> None:
    goto(page, app_url, "brief")
    before = fill_every_page(page)
    fresh = browser.new_context(locale="es-CL", viewport={"width": 1400, "height": 1000}).new_page()
    fresh.set_default_timeout(TIMEOUT_MS)
    reopen(fresh, app_url)
    go_to(fresh, "Campaña")
    assert cards(fresh, BRIEF) == before["brief"]
    expect(fresh.get_by_label("Nombre de la campaña", exact=False).first).to_have_value(
        "Catálogo de primavera"
    )
    go_to(fresh, "Dimensionar")
    assert cards(fresh, DESIGN) == before["design"]
    go_to(fresh, "Asignar")
    sha = hashlib.sha256(LIST.read_bytes()).hexdigest()[:12]
    expect(fresh.get_by_text(f"SHA-256 {sha}", exact=False)).to_be_visible()
    assert cards(fresh, SPLIT) == before["split"]
    go_to(fresh, "Analizar piloto")
    sha = hashlib.sha256(PILOT.read_bytes()).hexdigest()[:12]
    expect(fresh.get_by_text(f"SHA-256 {sha}", exact=False)).to_be_visible()
    assert cards(fresh, ANALYSE) == before["analyse"]
    go_to(fresh, "Despliegue")
    assert cards(fresh, ROLLOUT) == before["rollout"]
    go_to(fresh, "Analizar piloto")
    upload(fresh, OTHER)
    expect(
        fresh.get_by_text(translate("analyze.other_file", "es", name=PILOT.name)[:40], exact=False)
    ).to_be_visible()
    assert not fresh.get_by_test_id("stException").count()
    fresh.context.close()

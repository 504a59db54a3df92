"""End to end: Debian's Chromium drives the real ``streamlit run`` server (fixtures in conftest.py).

Oracles: R for the sizes shown (the call beside each constant; R is not needed at test time) and the
es-CL number convention written out literally (``13.914``).
"""

from __future__ import annotations

import pytest
from _browser import TIMEOUT_MS, active_tab, metric, screenshot, set_number, wait_idle
from playwright.sync_api import expect

# R: ceiling(power.prop.test(p1 = 0.03, p2 = 0.036, power = 0.8, sig.level = 0.05, strict = TRUE)$n)
#    = ceiling(13913.5426485) → 13.914 per arm with the page defaults (3 %, +20 % relative, 95 %, 80 %)
DEFAULT_ES = "13.914"
# R: power.prop.test(p1 = 0.05, p2 = 0.06, power = 0.8, sig.level = 0.05, strict = TRUE)$n = 8157.71156286
BASELINE_5_ES = "8.158"

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def test_design_page_in_spanish_reacts_to_the_baseline(open_page) -> None:
    page = open_page("design")
    expect(page.get_by_role("heading", name="¿Cuántos clientes necesitan el piloto")).to_be_visible()
    expect(page.get_by_role("tab", name="Por potencia")).to_have_attribute("aria-selected", "true")
    power = active_tab(page)
    expect(metric(power, "Piloto")).to_have_text(DEFAULT_ES, timeout=TIMEOUT_MS)
    expect(metric(power, "Control")).to_have_text(DEFAULT_ES)

    set_number(power, "Tasa de respuesta del control (%)", "5")
    expect(metric(power, "Piloto")).to_have_text(BASELINE_5_ES, timeout=TIMEOUT_MS)
    expect(power.get_by_text("sobre una respuesta de 5 %")).to_be_visible()
    wait_idle(page)
    expect(power.get_by_test_id("stVegaLiteChart")).to_be_visible()
    assert not page.get_by_test_id("stException").count()
    screenshot(page, "design_es.png")

    page.get_by_role("tab", name="Máxima utilidad").click()  # drawn only when opened
    profit = active_tab(page)
    expect(profit.get_by_text("Piloto / control que maximizan la utilidad")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="Por potencia").click()  # back: what was typed is still there
    expect(metric(active_tab(page), "Piloto")).to_have_text(BASELINE_5_ES, timeout=TIMEOUT_MS)
    assert not page.get_by_test_id("stException").count()

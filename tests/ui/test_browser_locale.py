"""End to end, in Chromium: numbers typed as each language writes them, and no metric label cut off.

Oracles: R for the sizes (the call beside the constant; R is not needed at test time); the es-CL and
en-US number conventions written out literally (``250.000`` / ``250,000``, echoed grouped by a
narrow no-break space so neither reader can misread it); the browser's own layout
(a label is cut off when its ``scrollWidth`` exceeds its ``clientWidth``).
"""

from __future__ import annotations

import pytest
from _browser import TIMEOUT_MS, active_tab, go_to, metric, screenshot, set_number, wait_idle
from playwright.sync_api import expect

from app_pages.i18n import translate

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

# R: power.prop.test(p1 = 0.005, p2 = 0.006, power = 0.8, sig.level = 0.05, strict = TRUE)$n
#    = 85861.4307126 → 85.862 per arm at a 0,5 % response and the page's +20 % relative lift.
#    Read as 5 % instead, the page would show 8.158 (test_browser.py), read as 0,05 % far more.
HALF_PERCENT = {"es": "85.862", "en": "85,862"}
TYPED = {
    "es": ("Base elegible (clientes a contactar)", "250.000", "Se lee: 250\u202f000\u00a0clientes", "Tasa de respuesta del control (%)", "0,5", "Piloto"),
    "en": ("Eligible base (customers to contact)", "250,000", "Read as: 250\u202f000\u00a0customers", "Control response rate (%)", "0.5", "Pilot"),
}  # fmt: skip
# Each metric label and delta, and the ellipsis box inside it (where Streamlit cuts the text with "…").
MEASURE = """() => Array.from(document.querySelectorAll(
    '[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] .stMarkdownEllipsis, '
    + '[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] .stMarkdownEllipsis'
)).map(e => [e.innerText, e.scrollWidth, e.clientWidth])"""
PAGES = ("brief", "design", "assign", "analyze", "rollout", "customer_value", "satisfaction")


@pytest.mark.parametrize(("lang", "browser_locale"), [("es", "es-CL"), ("en", "en-US")])
def test_numbers_typed_with_thousands_and_decimal_marks(open_page, lang: str, browser_locale: str) -> None:
    base_label, base, reading, rate_label, rate, pilot = TYPED[lang]
    page = open_page("brief")
    set_number(page, base_label, base)
    expect(page.get_by_text(reading)).to_be_visible(timeout=TIMEOUT_MS)

    page = open_page("design")
    power = active_tab(page)
    set_number(power, rate_label, rate)
    expect(metric(power, pilot)).to_have_text(HALF_PERCENT[lang], timeout=TIMEOUT_MS)
    wait_idle(page)
    assert not page.get_by_test_id("stException").count()


@pytest.mark.parametrize("browser_locale", ["es-CL", "en-US"])
def test_no_metric_label_is_cut_off_at_1280_px(open_page, page, browser_locale: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    cut, measured = {}, 0
    lang = browser_locale[:2]
    load = translate("app.load_example", lang)
    open_page(PAGES[0])
    for name in PAGES:  # one session, moved through the sidebar (a new URL would sign in again)
        go_to(page, translate(f"nav.{name}", lang))
        example = page.get_by_role("button").filter(has_text=load)
        if example.count():  # the example fills the page, so results and their cards show
            example.first.click()
            page.wait_for_timeout(500)  # let the rerun start before waiting for it to end
        wait_idle(page)
        widths = page.evaluate(MEASURE)
        cut[name] = [text for text, scroll, client in widths if scroll > client]
        measured += len(widths)
        if cut[name]:  # the evidence for a failure (a full-page shot re-lays the page out: ~1 s each)
            screenshot(page, f"{name}_{browser_locale}_1280.png")
    assert measured >= 20, measured  # the check saw the pages' cards, not empty forms
    assert not any(cut.values()), cut

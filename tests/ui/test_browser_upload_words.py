"""End to end, in Chromium: a Spanish user meets the file uploaders in Spanish – the words shown and the
names a screen reader announces – and the Spanish button still opens the file dialog.

Streamlit draws the uploader's button with its own English word ("Upload") and a hidden file input named
"file upload", with no option to change them; the app's style sheet shows the catalog's word instead and
takes the English out of the page. Oracles: the Spanish catalog (``app.upload_button``,
``app.upload_note`` and each page's ``upload`` label) and the browser's own accessibility tree
(Playwright's ARIA snapshot and accessible-name computation, what assistive technology is given).
"""

from __future__ import annotations

import pytest
from _browser import ROOT, TIMEOUT_MS, screenshot, wait_idle
from playwright.sync_api import expect

from app_pages.i18n import translate

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser_b")]

UPLOADERS = {"assign": "assign.upload", "analyze": "analyze.upload", "monitor": "monitor.upload",
             "satisfaction": "satisfaction.upload"}  # fmt: skip
ENGLISH = ("Upload", "file upload", "Drag and drop", "per file", "Browse")


@pytest.mark.parametrize("browser_locale", ["es-CL"])
@pytest.mark.parametrize("name", sorted(UPLOADERS))
def test_the_uploader_speaks_spanish(open_page, name: str, browser_locale: str) -> None:
    page = open_page(name)
    if name == "satisfaction":  # the survey file is the second way in: choose it
        page.get_by_test_id("stMain").get_by_text(
            translate("satisfaction.source_file", "es"), exact=True
        ).click()
        wait_idle(page)
    uploader = page.get_by_test_id("stFileUploader").first
    word = translate("app.upload_button", "es")
    button = uploader.get_by_test_id("stFileUploaderDropzone").get_by_role("button")
    expect(button).to_have_accessible_name(word, timeout=TIMEOUT_MS)
    assert "Upload" not in button.inner_text(), button.inner_text()  # the rendered text, not the DOM's
    tree = uploader.aria_snapshot()
    assert not [english for english in ENGLISH if english in tree], tree
    assert translate(UPLOADERS[name], "es") in tree, tree
    note = translate("app.upload_note", "es", limit="200")
    expect(page.get_by_text(note.replace("\u00a0", " ")).first).to_be_visible()
    screenshot(page, f"upload_{name}_es.png")
    with page.expect_file_chooser() as chooser:  # the Spanish button still opens the file dialog
        button.click()
    chooser.value.set_files(str(ROOT / "examples" / "data" / "piloto_en_curso_cl.csv"))
    expect(uploader.get_by_test_id("stFileChipName")).to_have_attribute(
        "title", "piloto_en_curso_cl.csv", timeout=TIMEOUT_MS
    )
    wait_idle(page)

"""End to end: Chromium opens the Monitor page, loads the bundled running pilot and sees where it stands.

Oracles: the example file read with Python's ``csv`` module (its days with data and its last day); the
page's own count of looks (one a day until the plan stopped), which must head the page; the Spanish
catalog's sentences and labels; the chart and the cards present, no exception.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from _browser import TIMEOUT_MS, metric, screenshot, wait_idle
from playwright.sync_api import expect

from app_pages.i18n import translate

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
DATA = Path(__file__).resolve().parents[2] / "examples" / "data" / "piloto_en_curso_cl.csv"


def _days() -> list[str]:
    """The file's days with data, in order, as dd-mm-yyyy."""
    with DATA.open(encoding="utf-8-sig", newline="") as fh:
        days = {row["fecha_envio"] for row in csv.DictReader(fh, delimiter=";")}
    return [d.replace("/", "-") for d in sorted(days, key=lambda d: tuple(reversed(d.split("/"))))]


def test_the_bundled_running_pilot_shows_its_decision_and_chart(open_page) -> None:
    page = open_page("monitor")
    expect(page.get_by_role("heading", name=translate("monitor.title", "es"))).to_be_visible()
    page.get_by_role("button", name=translate("app.load_example", "es")).click()
    wait_idle(page)
    decided = translate("monitor.decision.benefit", "es")
    expect(metric(page, translate("monitor.card.decision", "es"))).to_have_text(decided, timeout=TIMEOUT_MS)
    days = _days()
    title = re.escape(translate("monitor.looks_title", "es", looks="XX")).replace("XX", r"(\d+)")
    expander = page.get_by_text(re.compile(title)).first
    expect(expander).to_be_visible(timeout=TIMEOUT_MS)
    looks = int(re.search(title, expander.inner_text()).group(1))
    assert looks < len(days)  # the plan stopped before the file ends: the stopping look heads the page
    expect(metric(page, translate("monitor.card.day", "es"))).to_contain_text(f"{looks} de ")
    start = translate("monitor.sentence.benefit", "es", metric="respondio", date="XX").split("XX")[0]
    sentence = page.get_by_test_id("stAlertContentInfo").filter(has_text=start)
    expect(sentence).to_contain_text(re.compile(rf"Día {looks} de unos \d+ \(al ritmo actual\): "))
    after = translate("monitor.sentence.after_stop", "es", extra=str(len(days) - looks), date=days[-1])
    expect(sentence).to_contain_text(after)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    assert not page.get_by_test_id("stException").count()
    screenshot(page, "monitor_es.png")

"""End to end, both languages: the Portfolio page lists saved campaigns, duplicates one, archives one, and
its monthly view sums what the registry holds.

Journey: three pilots (README's portfolio example, tagged with a word of their own so other tests'
campaigns in the shared registry are filtered out) are saved by the marketer in the registry the server
uses (``app_registry_url``), with their evaluation's summary as the sidebar saves it; on /portfolio the
leader (who sees every owner's campaigns) searches for the tag,
duplicates one pilot as a template, archives another with a reason, and downloads the listing and the
monthly view as CSV.

Oracles: the registry read back by the test (the copy, the archived flag, its audit rows);
``Registry.portfolio_periods("month")`` for the downloaded monthly totals (exact numbers, read with the
locale's separator and decimal mark); the catalogs
for every label.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pandas as pd
import pytest
from _browser import ACCOUNTS, TIMEOUT_MS, active_tab, wait_idle
from playwright.sync_api import Page, expect

from app_pages.i18n import translate
from planner_common import number_symbols
from rollout import Brief, Campaign, DesignPlan, PortfolioFilter, RolloutAssumptions, evaluate
from rollout.registry import Registry

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser_b")]
SLOW_MS = 4 * TIMEOUT_MS
MONEY = dict(eligible_base=250_000, fixed_cost=3_000_000, cost_per_contact=300, margin_per_response=40_000)
PILOTS = (("Catálogo otoño", 3, 0.03), ("SMS retención", 4, 0.021), ("Email dormidos", 4, 0.045))


def _save_pilots(url: str, tag: str) -> tuple[Registry, dict[str, int]]:
    """The three pilots saved in the server's registry as the sidebar saves them, by the marketer."""
    reg = Registry(url)
    marketer = reg.authenticate("marketer", ACCOUNTS["marketer"])
    assert marketer is not None
    ids = {}
    for name, month, rate in PILOTS:
        campaign = Campaign(
            stage="analysed",
            brief=Brief(name=f"{name} {tag}", channel="email", objective="grow", **MONEY),
            design=DesignPlan(start_date=f"2025-{month:02d}-03", end_date=f"2025-{month:02d}-28"),
            rollout=RolloutAssumptions(
                source="rates", n_control=5_000, n_treatment=20_000, control_rate=0.02, pilot_rate=rate
            ),
        )
        saved = reg.save(campaign.to_dict(), actor=marketer, summary=evaluate(campaign).summary())
        ids[f"{name} {tag}"] = saved.id
    return reg, ids


def _download_csv(page: Page, lang: str) -> pd.DataFrame:
    button = active_tab(page).get_by_role("button", name=translate("app.download_csv", lang))
    with page.expect_download() as download:
        button.first.click()
    # the file is written for a spreadsheet of the browser's locale (datasources.export_csv): "20000;1,5"
    symbols = number_symbols("es_CL" if lang == "es" else "en_US")
    data = io.BytesIO(Path(download.value.path()).read_bytes())
    return pd.read_csv(data, encoding="utf-8-sig", sep=symbols.list_separator, decimal=symbols.decimal)


def _choose(page: Page, lang: str, option: str) -> None:
    box = page.get_by_test_id("stMain").get_by_label(translate("portfolio.choose", lang))
    box.click()
    box.press_sequentially(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    wait_idle(page)


def _tab(page: Page, key: str, lang: str) -> None:
    page.get_by_role("tab", name=translate(key, lang)).click()
    wait_idle(page)


@pytest.mark.parametrize("browser_locale", ["es-CL", "en-US"])
def test_save_three_duplicate_one_archive_one_and_read_the_monthly_totals(
    open_page, app_registry_url, browser_locale
) -> None:
    lang = browser_locale[:2]
    tag = uuid.uuid4().hex[:8]
    reg, ids = _save_pilots(app_registry_url, tag)
    page = open_page("portfolio")
    expect(page.get_by_role("heading", name=translate("portfolio.title", lang))).to_be_visible()
    search = page.get_by_label(translate("portfolio.search", lang))
    search.fill(tag)
    search.press("Enter")
    expect(page.get_by_text(translate("portfolio.count", lang, total=3, shown=3))).to_be_visible(
        timeout=SLOW_MS
    )
    wait_idle(page)
    names = translate("portfolio.col.name", lang)
    listed = _download_csv(page, lang)
    assert sorted(listed[names]) == sorted(ids)

    catalogue, sms = f"Catálogo otoño {tag}", f"SMS retención {tag}"
    _choose(page, lang, f"#{ids[catalogue]} {catalogue}")
    duplicate = page.get_by_role("button", name=translate("portfolio.duplicate", lang), exact=True)
    expect(duplicate).to_be_visible(timeout=SLOW_MS)  # drawn by the run that saw the choice
    duplicate.click()
    said = translate("portfolio.duplicated", lang, id=ids[catalogue], copy="\0").split("\0")[0]
    done = page.get_by_text(said)  # the sentence up to the copy's number
    expect(done).to_be_visible(timeout=SLOW_MS)
    copy = translate("portfolio.copy_name", lang, name=catalogue)
    copied = next(r for r in reg.portfolio(PortfolioFilter(search=tag)).rows if r.name == copy)
    assert f"{copied.id}" in done.inner_text()
    _choose(page, lang, f"#{ids[sms]} {sms}")
    expect(done).to_be_hidden(timeout=SLOW_MS)  # the run that saw the new choice has drawn the buttons
    wait_idle(page)
    reason = page.get_by_label(translate("portfolio.reason", lang))
    reason.fill("Piloto repetido")
    reason.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name=translate("portfolio.archive", lang), exact=True).click()
    expect(page.get_by_text(translate("portfolio.archived_done", lang, id=ids[sms]))).to_be_visible(
        timeout=SLOW_MS
    )
    wait_idle(page)

    listed = _download_csv(page, lang)
    assert sorted(listed[names]) == sorted([catalogue, f"Email dormidos {tag}", copy])
    assert [e.action for e in reg.audit_log(ids[sms])][-1] == "archived"
    assert [r.name for r in reg.portfolio(PortfolioFilter(search=tag, archived=True)).rows] == [sms]
    assert reg.audit_log(ids[catalogue])[-1].action == "duplicated"

    _tab(page, "portfolio.tab.periods", lang)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=SLOW_MS)
    months = _download_csv(page, lang)
    expected = reg.portfolio_periods("month", PortfolioFilter(search=tag)).rows
    col = {
        c: translate(f"portfolio.pcol.{c}", lang)
        for c in ("period", "contacts", "spend", "incremental_profit")
    }
    assert (
        list(months[col["period"]])
        == [r.period.isoformat() for r in expected]
        == ["2025-03-01", "2025-04-01"]
    )
    assert list(months[col["contacts"]]) == [r.contacts for r in expected] == [20_000, 20_000]
    assert list(months[col["spend"]]) == pytest.approx([r.spend for r in expected], rel=1e-12)
    assert list(months[col["incremental_profit"]]) == pytest.approx(
        [r.incremental_profit for r in expected], rel=1e-12
    )
    assert not page.get_by_test_id("stException").count()

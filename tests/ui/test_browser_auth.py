"""End to end: sign-in, what each role may do, and user text that stays text (real server, Chromium).

The server's registry holds one account per role and two analysed campaigns (``_browser.ACCOUNTS``,
``seed_registry``), one of them named ``![p](http://host/pixel.png) [Aprobar aquí](http://host/phish)``.
Oracles: the permissions table (``rollout.permissions.allowed``: which buttons each role must and must
not see), the catalogs for the labels, and the browser's own record of every request it made (a
rendered image would be fetched from ``host``; a rendered link would be an ``<a href>`` to it).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from _browser import CAMPAIGN_NAME, MARKDOWN_NAME, TIMEOUT_MS, go_to, open_campaign, open_select, wait_idle
from playwright.sync_api import Page, expect

from app_pages.i18n import translate
from rollout.permissions import allowed

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser_b")]


def es(key: str, **params: object) -> str:
    return translate(key, "es", **params)


def test_a_wrong_password_gets_one_neutral_sentence_and_no_page(page: Page, app_url: str) -> None:
    from _browser import goto

    goto(page, app_url, "rollout", role=None)
    form = page.get_by_test_id("stForm")
    form.get_by_role("textbox").first.fill("leader")
    form.locator("input[type=password]").fill("not-the-password")
    form.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    expect(page.get_by_text(es("auth.failed"))).to_be_visible(timeout=TIMEOUT_MS)
    assert not page.get_by_test_id("stSidebarNav").count()


@pytest.mark.parametrize("role", ["marketer", "analyst", "leader"])
def test_each_role_sees_only_the_actions_it_may_take(open_page, role: str) -> None:
    page = open_page("brief", role=role)
    expect(page.get_by_role("heading", name=es("brief.title"))).to_be_visible()  # the page asked for
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"{role.title()} Navegador · {es('role.' + role)}")).to_be_visible()
    open_campaign(page, CAMPAIGN_NAME)
    expect(sidebar.get_by_role("button", name=es("app.save"))).to_be_enabled()
    go_to(page, es("nav.rollout"))
    memo = page.get_by_test_id("stMain")
    expect(memo.get_by_role("heading", name=es("memo.panel_title"))).to_be_visible(timeout=TIMEOUT_MS)
    for key, action in (("memo.approve", "decide"), ("memo.reject", "decide")):
        button = memo.get_by_role("button", name=es(key))
        expect(button).to_have_count(1 if allowed(role, action) else 0)
    if not allowed(role, "decide"):
        expect(memo.get_by_text(es("memo.leader_only"))).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_text(es("nav.users"), exact=True)).to_have_count(0)
    assert not page.get_by_test_id("stException").count()


def test_the_admin_manages_accounts_and_saves_nothing(open_page) -> None:
    page = open_page("design", role="admin")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name=es("app.save"))).to_have_count(0)
    go_to(page, es("nav.users"))
    expect(page.get_by_role("heading", name=es("users.title"))).to_be_visible()
    table = page.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    assert not page.get_by_test_id("stException").count()


def test_a_markdown_campaign_name_stays_text_and_fetches_nothing(open_page, page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_page("design", role="leader")
    sidebar = page.get_by_test_id("stSidebar")
    select = sidebar.get_by_test_id("stSelectbox").filter(has_text=es("app.saved_campaigns"))
    expect(open_select(page, select, MARKDOWN_NAME)).to_be_visible()  # the list: literal
    page.keyboard.press("Escape")
    open_campaign(page, MARKDOWN_NAME)  # the sidebar: literal (asserted inside)
    go_to(page, es("nav.brief"))
    main = page.get_by_test_id("stMain")
    answer = main.get_by_test_id("stAlert").filter(has_text=MARKDOWN_NAME)  # the brief's pasteable sentence
    expect(answer).to_be_visible(timeout=TIMEOUT_MS)
    go_to(page, es("nav.rollout"))
    expect(main.get_by_role("heading", name=es("memo.panel_title"))).to_be_visible(timeout=TIMEOUT_MS)
    wait_idle(page)
    for hint in ("host/pixel.png", "host/phish"):
        assert not page.locator(f"img[src*='{hint}'], a[href*='{hint}']").count(), hint
    fetched = [url for url in requests if urlparse(url).hostname == "host"]
    assert not fetched, fetched
    assert requests, "the request recorder saw nothing"
    assert not page.get_by_test_id("stException").count()

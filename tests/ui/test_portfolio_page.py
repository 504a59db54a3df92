"""AppTest of the Portfolio page (Cartera) and of the registry's priors on the Design page, in both languages.

Oracles: round trips through the real registry (a fresh ``Registry`` on the same SQLite file says what
was stored: the copy, the archived flag, the audit rows); the core's own results formatted by the app's
one formatter (the page must render ``Registry.portfolio_periods`` and ``rollout.portfolio_impact``,
never figures of its own); ``experiments.prior_from_past_campaigns`` on ``PastCampaignsResult.table``
for the Test & Roll prior; the catalogs for every label.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _money_pages import clean, open_profit_tab
from streamlit.testing.v1 import AppTest

from app_pages.i18n import fmt_int, fmt_money, fmt_pct, fmt_pp, translate
from experiments import prior_from_past_campaigns
from rollout import (
    Brief,
    Campaign,
    DesignPlan,
    PortfolioFilter,
    RolloutAssumptions,
    evaluate,
    portfolio_impact,
)
from rollout.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
PAGE = "app_pages/portfolio/page.py"
MONEY = dict(eligible_base=250_000, fixed_cost=3_000_000, cost_per_contact=300, margin_per_response=40_000)
# (name, month of 2025, pilot response rate against a 2 % control): README's portfolio example
PILOTS = (("Catálogo otoño", 3, 0.03), ("SMS retención", 4, 0.021), ("Email dormidos", 4, 0.045))


def pilot(name: str, month: int, rate: float) -> Campaign:
    return Campaign(
        stage="analysed",
        brief=Brief(name=name, channel="email", objective="grow", **MONEY),
        design=DesignPlan(start_date=f"2025-{month:02d}-03", end_date=f"2025-{month:02d}-28"),
        rollout=RolloutAssumptions(
            source="rates", n_control=5_000, n_treatment=20_000, control_rate=0.02, pilot_rate=rate
        ),
    )


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A fresh registry (admin, marketer, leader) holding the three pilots saved by the marketer."""
    url = f"sqlite:///{tmp_path / 'reg.sqlite'}"
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", url)
    from app_pages import cache

    cache.registry.clear()
    reg = Registry(url)
    admin = reg.create_first_admin("admin", "clave-admin-1")
    users = {
        role: reg.create_user(role, f"clave-{role}-1", role, actor=admin) for role in ("marketer", "leader")
    }
    for args in PILOTS:
        campaign = pilot(*args)
        reg.save(campaign.to_dict(), actor=users["marketer"], summary=evaluate(campaign).summary())
    yield reg, users
    cache.registry.clear()


def portfolio(lang: str, user) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["auth.user"] = user
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at: AppTest) -> list:
    return [df.value for df in at.dataframe]


def listing(at: AppTest, lang: str):
    name = translate("portfolio.col.name", lang)
    return next(
        df for df in tables(at) if name in df.columns and translate("portfolio.col.stage", lang) in df.columns
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_listing_duplicate_archive_and_monthly_totals(registry, lang) -> None:
    reg, users = registry
    at = portfolio(lang, users["marketer"])
    shown = listing(at, lang)
    names = translate("portfolio.col.name", lang)
    assert sorted(shown[names]) == sorted(name for name, _, _ in PILOTS)
    rows = {r.name: r for r in reg.portfolio().rows}
    catalogue = shown[shown[names] == "Catálogo otoño"].iloc[0]
    row = rows["Catálogo otoño"]
    assert clean(catalogue[translate("portfolio.col.contacts", lang)]) == clean(fmt_int(row.contacts, lang))
    assert clean(catalogue[translate("portfolio.col.profit", lang)]) == clean(
        fmt_money(row.expected_profit, row.currency, lang)
    )
    assert catalogue[translate("portfolio.col.stage", lang)] == translate("stage.analysed", lang)

    # duplicate the catalogue, archive the SMS pilot (a marketer may: it is in a work stage)
    at.selectbox(key="portfolio.choice").select(row.id).run()
    at.button(key="portfolio.duplicate_btn").click().run()
    assert not at.exception
    fresh = reg  # its own connection to the file the app writes
    copy = next(
        r for r in fresh.portfolio().rows if r.name == translate("portfolio.copy_name", lang, name=row.name)
    )
    assert copy.stage == "designed" and fresh.audit_log(row.id)[-1].action == "duplicated"
    sms = rows["SMS retención"]
    at.selectbox(key="portfolio.choice").select(sms.id).run()
    at.text_input(key="portfolio.reason").input("Piloto repetido").run()
    at.button(key="portfolio.archive_btn").click().run()
    assert not at.exception
    assert [e.action for e in fresh.audit_log(sms.id)][-1] == "archived"
    assert {r.name for r in fresh.portfolio().rows} == {"Catálogo otoño", "Email dormidos", copy.name}
    assert [r.name for r in fresh.portfolio(PortfolioFilter(archived=True)).rows] == ["SMS retención"]
    shown = listing(at, lang)
    assert sorted(shown[names]) == sorted(["Catálogo otoño", "Email dormidos", copy.name])

    # the monthly view is the core's PeriodViewResult, formatted
    months = fresh.portfolio_periods("month")
    period = translate("portfolio.pcol.period", lang)
    view = next(df for df in tables(at) if period in df.columns)
    assert [r.period.isoformat() for r in months.rows] == ["2025-03-01", "2025-04-01"]
    shown_months = {"es": ["mar 2025", "abr 2025"], "en": ["Mar 2025", "Apr 2025"]}[lang]  # as people write
    assert [clean(x) for x in view[period]] == shown_months
    for (_, cells), r in zip(view.iterrows(), months.rows, strict=True):
        assert clean(cells[translate("portfolio.pcol.contacts", lang)]) == clean(fmt_int(r.contacts, lang))
        assert clean(cells[translate("portfolio.pcol.spend", lang)]) == clean(
            fmt_money(r.spend, r.currency, lang)
        )
        assert clean(cells[translate("portfolio.pcol.incremental_profit", lang)]) == clean(
            fmt_money(r.incremental_profit, r.currency, lang)
        )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_archived_filter_restores(registry, lang) -> None:
    reg, users = registry
    first = reg.portfolio(sort="name", descending=False).rows[0]
    reg.archive(first.id, actor=users["leader"], reason="pausa")
    at = portfolio(lang, users["leader"])
    at.toggle(key="portfolio.archived").set_value(True).run()
    assert list(listing(at, lang)[translate("portfolio.col.name", lang)]) == [first.name]
    at.selectbox(key="portfolio.choice").select(first.id).run()
    assert at.button(key="portfolio.archive_btn").label == translate("portfolio.restore", lang)
    at.button(key="portfolio.archive_btn").click().run()
    assert not at.exception
    assert reg.portfolio().total == 3 and reg.audit_log(first.id)[-1].action == "restored"


def test_roles_hide_what_they_may_not_do(registry) -> None:
    """A decided campaign is archived only by a leader or the admin (rollout.permissions)."""
    reg, users = registry
    first = reg.portfolio(sort="name", descending=False).rows[0]
    reg.decide(
        first.id, "approved", actor=users["leader"], snapshot={"recommendation": "go"}, expected_version=1
    )
    at = portfolio("es", users["marketer"])
    at.selectbox(key="portfolio.choice").select(first.id).run()
    assert [b.key for b in at.button if b.key == "portfolio.archive_btn"] == []
    assert translate("portfolio.archive_locked", "es") in [c.value for c in at.caption]
    at = portfolio("es", users["leader"])
    at.selectbox(key="portfolio.choice").select(first.id).run()
    assert at.button(key="portfolio.archive_btn").label == translate("portfolio.archive", "es")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_programme_impact_shows_the_cores_totals(registry, lang) -> None:
    reg, users = registry
    at = portfolio(lang, users["marketer"])
    impact = portfolio_impact(reg.portfolio_campaigns())
    cards = {clean(m.label): clean(str(m.value)) for m in at.metric}
    cur = impact.currency
    assert cards[translate("portfolio.impact.raw_total", lang)] == clean(
        fmt_money(impact.raw_total, cur, lang)
    )
    assert cards[translate("portfolio.impact.shrunk_total", lang)] == clean(
        fmt_money(impact.shrunk_total, cur, lang)
    )
    why = translate("portfolio.impact.why", lang, raw=fmt_money(impact.winners_raw_total, cur, lang),
                    shrunk=fmt_money(impact.winners_shrunk_total, cur, lang), mean=fmt_money(impact.mean, cur, lang))  # fmt: skip
    assert clean(why) in [clean(i.value) for i in at.info]
    winner = next(r for r in reg.portfolio().rows if r.name == "Email dormidos")
    reg.archive(winner.id, actor=users["marketer"], reason="sin ganadoras")
    impact = portfolio_impact(reg.portfolio_campaigns())
    assert impact.n_winners == 0
    at = portfolio(lang, users["marketer"])
    why = translate("portfolio.impact.why_no_winners", lang, raw=fmt_money(impact.raw_total, cur, lang),
                    shrunk=fmt_money(impact.shrunk_total, cur, lang), mean=fmt_money(impact.mean, cur, lang))  # fmt: skip
    assert clean(why) in [clean(i.value) for i in at.info]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_profit_tab_proposes_priors_from_past_campaigns(registry, lang) -> None:
    """The proposal is ``prior_from_past_campaigns`` of the registry's pilots of the same channel and
    objective, applied only when the button is pressed."""
    reg, users = registry
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["auth.user"] = users["marketer"]
    at.session_state["campaign"] = {
        "stage": "draft",
        "brief": {"name": "Nueva", "channel": "email", "objective": "grow"},
    }
    at.run()
    at.switch_page("app_pages/design/page.py").run()
    open_profit_tab(at, lang)
    at.segmented_control(key="design.profit.prior_source").set_value("past").run()
    assert not at.exception
    pilots = translate("profit.registry.campaign", lang)
    proposed = next(df.value for df in at.dataframe if pilots in df.value.columns)
    past = reg.past_campaigns("email", "grow")
    assert list(proposed[pilots]) == [f"#{c.id} {c.name}" for c in past.campaigns]
    assert {name for name, _, _ in PILOTS} == {c.name for c in past.campaigns}
    assert at.session_state["_profit_past_table"].empty  # nothing applied before the button
    at.button(key="design.profit.registry_btn").click().run()
    assert not at.exception
    prior = prior_from_past_campaigns(past.table(paired=True), campaign="campaign")
    expected = translate("profit.past.estimate_paired", lang, mean=fmt_pct(prior.prior_mean, lang, digits=2),
                         sd=fmt_pp(prior.prior_sd, lang), n=prior.n_campaigns, lift=fmt_pp(prior.mean_difference, lang))  # fmt: skip
    assert clean(expected) in [clean(str(c.value)) for c in at.caption]


def test_the_spanish_page_shows_no_english(registry) -> None:
    """Oracle: the English catalog and the core's English messages (tests/ui/test_messages.py)."""
    from test_messages import english_fragments, rendered_text

    reg, users = registry
    at = portfolio("es", users["marketer"])
    at.selectbox(key="portfolio.choice").select(reg.portfolio().rows[0].id).run()
    text = rendered_text(at)
    assert not [f for f in english_fragments() if f in text]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_value_tiers_show_the_registrys_pooled_results(registry, lang) -> None:
    """Oracle: ``Registry.tier_results`` (checked against statsmodels in the core's tests), formatted."""
    reg, users = registry

    def line(tier: str, lift: float) -> dict:
        return {"metric": "compra", "arm": "piloto", "segment": tier, "n_control": 1_000, "n_treatment": 4_000,
                "effect_size": lift, "std_error": 0.004}  # fmt: skip

    for name, lifts in (("Tramos A", (0.012, 0.002)), ("Tramos B", (0.016, 0.004))):
        readout = {"arm": "piloto", "metrics": {"compra": {}},
                   "segment_lines": [line("alto", lifts[0]), line("bajo", lifts[1])]}  # fmt: skip
        reg.save_campaign(
            {"stage": "analysed", "brief": {"name": name}, "readout": readout}, actor=users["leader"]
        )
    at = portfolio(lang, users["marketer"])
    tier = translate("portfolio.tcol.tier", lang)
    shown = next(df for df in tables(at) if tier in df.columns)
    rows = reg.tier_results().rows
    assert list(shown[tier]) == [r.tier for r in rows] == ["alto", "bajo"]
    lifts = list(shown[translate("portfolio.tcol.lift", lang)])
    assert [clean(v) for v in lifts] == [clean(fmt_pp(r.effect_size, lang)) for r in rows]


def test_open_puts_the_saved_campaign_in_the_session(registry) -> None:
    """Round trip: the session's campaign is the registry's record of the chosen row."""
    from _money_pages import saved

    reg, users = registry
    row = next(r for r in reg.portfolio().rows if r.name == "Email dormidos")
    at = portfolio("es", users["marketer"])
    at.selectbox(key="portfolio.choice").select(row.id).run()
    at.button(key="portfolio.open_btn").click().run()
    assert not at.exception
    opened = saved(at)
    assert (opened["id"], opened["brief"]["name"]) == (row.id, "Email dormidos")
    assert opened["rollout"]["pilot_rate"] == reg.load_campaign(row.id)["rollout"]["pilot_rate"] == 0.045
    assert translate("portfolio.opened", "es", id=row.id) in [s.value for s in at.success]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_page_number_box_pages_the_listing(registry, lang) -> None:
    """Oracle: ``Registry.portfolio`` for the same sort, page and page size (104 campaigns: 3 pages)."""
    from _money_pages import type_number

    from app_pages.portfolio.inputs import PAGE_SIZE

    reg, users = registry
    for i in range(101):
        reg.save_campaign({"stage": "draft", "brief": {"name": f"Lote {i:03d}"}}, actor=users["leader"])
    at = portfolio(lang, users["leader"])
    at.selectbox(key="portfolio.sort").select("name").run()
    at.toggle(key="portfolio.descending").set_value(False).run()
    names = translate("portfolio.col.name", lang)

    def shown() -> list[str]:
        return list(listing(at, lang)[names])

    def expected(page: int, search: str = "") -> list[str]:
        rows = reg.portfolio(PortfolioFilter(search=search), sort="name", descending=False, page=page,
                             page_size=PAGE_SIZE).rows  # fmt: skip
        return [r.name for r in rows]

    assert reg.portfolio(page_size=PAGE_SIZE).pages == 3
    assert at.text_input(key="portfolio.page").label == translate("portfolio.page", lang, pages=3)
    assert shown() == expected(1)
    for page in (2, 3):
        type_number(at, "portfolio.page", str(page))
        assert not at.exception and not at.error
        assert shown() == expected(page)
    assert len(shown()) == 104 - 2 * PAGE_SIZE

    # a page that does not exist is refused under the box (first page listed), never a registry error
    for text, words in (("4", translate("portfolio.page", lang, pages=3)), ("abc", "abc")):
        type_number(at, "portfolio.page", text)
        assert not at.exception and len(at.error) == 1 and words in at.error[0].value, at.error
        assert shown() == expected(1)
    type_number(at, "portfolio.page", "3")
    assert shown() == expected(3)

    # fewer pages after a search: the box comes back to the last page there is
    at.text_input(key="portfolio.search").input("Catálogo").run()
    assert not at.exception and not at.error
    assert at.text_input(key="portfolio.page").value == "1"
    assert shown() == expected(1, "Catálogo") == ["Catálogo otoño"]

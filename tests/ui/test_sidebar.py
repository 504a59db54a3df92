"""AppTest of the sidebar: language toggle, saving and reopening a campaign in the real registry.

Every session is signed in as the test leader of ``_accounts`` (in the registry of this test's file).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _accounts import account
from _browser import analysed_campaign
from _money_pages import number, saved, type_number
from streamlit.testing.v1 import AppTest

from app_pages.i18n import load_catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", f"sqlite:///{tmp_path / 'reg.sqlite'}")
    from app_pages import cache

    cache.registry.clear()
    yield new_session()
    cache.registry.clear()


def new_session() -> AppTest:
    """A new browser session of the app, signed in as the test leader."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["auth.user"] = account("leader")
    return at


@pytest.mark.parametrize(("lang", "save_label"), [("es", "Guardar campaña"), ("en", "Save campaign")])
def test_save_then_reopen_in_a_new_session(app, lang, save_label, tmp_path):
    app.session_state["lang"] = lang
    app.session_state["campaign"] = {
        "stage": "designed",
        "brief": {"name": "Catálogo otoño"},
        "design": {"n_control": 5000, "n_treatment": 20000},
    }
    app.run()
    assert not app.exception
    button = next(b for b in app.sidebar.button if b.label == save_label)
    button.click().run()
    assert not app.exception
    assert saved(app)["id"] == 1
    assert any("1" in s.value for s in app.sidebar.success)

    fresh = new_session()
    fresh.session_state["lang"] = lang
    fresh.run()
    fresh.sidebar.selectbox(key="app.open_choice").select(1).run()
    fresh.sidebar.button(key="app.open_btn").click().run()
    assert not fresh.exception
    design = saved(fresh)["design"]
    assert (design["n_control"], design["n_treatment"]) == (5000, 20000)
    assert saved(fresh)["stage"] == "designed"


def test_language_toggle_switches_the_navigation(app):
    app.session_state["lang"] = "en"
    app.run()
    assert app.sidebar.button(key="app.save_btn").label == "Save campaign"
    app.session_state["lang"] = "es"
    app.run()
    assert app.sidebar.button(key="app.save_btn").label == "Guardar campaña"


def test_an_unreachable_registry_keeps_the_work_and_says_so(app, tmp_path, monkeypatch):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", f"sqlite:///{blocker}/reg.sqlite")
    from app_pages import cache

    cache.registry.clear()  # the signed-in session stays; the registry behind it is gone
    app.session_state["lang"] = "en"
    app.session_state["campaign"] = {"stage": "draft", "brief": {"name": "Keep me"}}
    app.run()
    app.sidebar.button(key="app.save_btn").click().run()
    assert not app.exception
    assert saved(app)["brief"]["name"] == "Keep me"
    assert [e.value for e in app.sidebar.error] == [load_catalog("en")["errors.registry_unavailable"]]


def test_stages_only_move_forward(app):
    """Re-saving a design after the pilot was analysed keeps the campaign "analysed"."""
    from rollout import STAGES

    app.session_state["lang"] = "en"
    app.session_state["campaign"] = {"stage": "analysed"}
    app.run()
    app.switch_page("app_pages/design/page.py").run()
    app.button(key="design.save_btn").click().run()
    assert not app.exception
    assert saved(app)["stage"] == "analysed"
    assert saved(app)["design"]["n_control"] > 0
    assert STAGES.index("designed") < STAGES.index("analysed")


def test_reopening_a_campaign_restores_the_pages_inputs(app):
    """What was typed on the Design page comes back with the campaign, in a new session."""
    app.session_state["lang"] = "en"
    app.run()
    app.switch_page("app_pages/design/page.py").run()
    type_number(app, "design.baseline", "5.5")
    app.sidebar.button(key="app.save_btn").click().run()
    assert not app.exception

    fresh = new_session()
    fresh.session_state["lang"] = "en"
    fresh.run()
    fresh.sidebar.selectbox(key="app.open_choice").select(1).run()
    fresh.sidebar.button(key="app.open_btn").click().run()
    fresh.switch_page("app_pages/design/page.py").run()
    assert not fresh.exception
    # the number was saved (not the text) and is written again the way the reader's locale writes it
    assert saved(app)["widgets"]["design.baseline"] == 5.5
    assert number(fresh, "design.baseline") == 5.5
    assert fresh.text_input(key="design.baseline").value == "5.50"
    assert fresh.session_state["app.currency"] == "CLP"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_campaign_panel_names_the_example_in_the_run_that_loads_it(app, lang):
    """Oracle: the name in the Brief example (typed in no widget by the test). The panel used to be drawn
    before the page built the campaign from its widgets, so it showed the previous name for one run."""
    from app_pages.brief.inputs import EXAMPLE

    app.session_state["lang"] = lang
    app.run()
    app.switch_page("app_pages/brief/page.py").run()
    assert not any(EXAMPLE["brief.name"] in s.value for s in app.sidebar.text)
    app.button(key="brief.example_btn").click().run()
    assert not app.exception
    assert any(s.value.startswith(EXAMPLE["brief.name"] + " · ") for s in app.sidebar.text)


def test_the_campaign_panel_is_drawn_when_a_page_stops_early(app):
    """A page that ends its run with ``st.stop()`` (Portfolio with a date range that ends before it
    starts) still leaves the Save button and the campaign's name in the sidebar."""
    import datetime as dt

    app.session_state["campaign"] = {"stage": "draft", "brief": {"name": "Campaña de invierno"}}
    app.run()
    app.switch_page("app_pages/portfolio/page.py").run()
    app.date_input(key="portfolio.date_from").set_value(dt.date(2026, 6, 1)).run()
    app.date_input(key="portfolio.date_to").set_value(dt.date(2026, 5, 1)).run()
    assert not app.exception
    assert app.error, "the page should refuse the range and stop"
    assert any(s.value.startswith("Campaña de invierno · ") for s in app.sidebar.text)
    assert any(b.label == "Guardar campaña" for b in app.sidebar.button)


def test_opening_a_campaign_drops_what_was_typed_for_the_previous_one(app):
    """Oracle: the opened campaign's own brief. Before, the boxes typed for the previous campaign stayed,
    and the page wrote them into the opened one (name and base lost, the Design input carried over)."""
    from app_pages import cache

    # saved with its sections but no page inputs (as the first release, or the registry's API, saves it)
    cache.registry().save(analysed_campaign("Catálogo de primavera"), actor=account("leader"))
    app.session_state["lang"] = "es"
    app.run()
    app.switch_page("app_pages/design/page.py").run()
    type_number(app, "design.baseline", "7,5")
    app.switch_page("app_pages/brief/page.py").run()
    app.text_input(key="brief.name").input("Otra campaña").run()
    type_number(app, "brief.eligible_base", "10.000")
    app.sidebar.selectbox(key="app.open_choice").select(1).run()
    app.sidebar.button(key="app.open_btn").click().run()
    assert not app.exception
    assert app.text_input(key="brief.name").value == "Catálogo de primavera"
    assert number(app, "brief.eligible_base") == 225_000
    assert any(s.value.startswith("Catálogo de primavera · ") for s in app.sidebar.text)
    assert app.session_state["campaign"].brief.eligible_base == 225_000
    app.switch_page("app_pages/design/page.py").run()
    assert number(app, "design.baseline") != 7.5

"""Saving a new campaign under the name of a saved one: saved all the same, with a warning naming it.

Oracles: the real registry (SQLite in a temporary folder) read back after the save – the campaigns it
holds and their names –, and the catalogs' sentence (``app.same_name``) in each language.
"""

from __future__ import annotations

import pytest
from _accounts import account
from _money_pages import ROOT, clean
from streamlit.testing.v1 import AppTest

from app_pages.i18n import translate
from rollout import PortfolioFilter


@pytest.fixture
def fresh_registry(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", f"sqlite:///{tmp_path / 'reg.sqlite'}")
    from app_pages import cache

    cache.registry.clear()
    yield cache
    cache.registry.clear()


def _save_new(lang: str, name: str) -> AppTest:
    """A new session with a new campaign called ``name``, saved with the sidebar's button."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["auth.user"] = account("leader")
    at.session_state["lang"] = lang
    at.session_state["campaign"] = {"stage": "draft", "brief": {"name": name}}
    at.run()
    at.sidebar.button(key="app.save_btn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _names(cache) -> dict[int, str]:
    rows = cache.registry().portfolio(PortfolioFilter(archived=None), page_size=500).rows
    return {row.id: row.name for row in rows}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_second_campaign_with_the_same_name_is_saved_with_a_warning(fresh_registry, lang: str) -> None:
    first = _save_new(lang, "Catálogo Otoño")
    assert not first.sidebar.warning  # the first of its name: no warning
    second = _save_new(lang, "  catálogo otoño ")  # the same name, other case and spaces
    assert _names(fresh_registry) == {1: "Catálogo Otoño", 2: "catálogo otoño"}  # saved, trimmed
    warning = translate("app.same_name", lang, name="catálogo otoño", ids="#1", id="#2")
    assert [clean(w.value) for w in second.sidebar.warning] == [warning]
    assert second.sidebar.success  # "saved as #2" still shows
    third = _save_new(lang, "Catálogo Otoño 2")  # a different name: no warning
    assert not third.sidebar.warning and len(_names(fresh_registry)) == 3


def test_saving_the_same_campaign_again_does_not_warn(fresh_registry) -> None:
    at = _save_new("es", "SMS retención")
    at.sidebar.button(key="app.save_btn").click().run()  # the campaign saved a second time: id 1 again
    assert not at.exception and not at.sidebar.warning
    assert _names(fresh_registry) == {1: "SMS retención"}

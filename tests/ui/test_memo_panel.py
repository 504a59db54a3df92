"""AppTest of the decision-memo panel (``app_pages._memo_panel.render``) in both languages.

Oracles: round trip through the real registry (a fresh ``Registry`` on the same SQLite file shows that a
typed-in approver name wrote nothing: approvals need a signed-in leader); the catalogs themselves for
the one-sentence messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.i18n import load_catalog
from rollout.memo import memo_facts
from rollout.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
NAME = "Catálogo de primavera – Región Ñuble"


def _panel_script() -> None:
    from app_pages import _memo_panel

    _memo_panel.render()


def campaign(with_readout: bool = True) -> dict:
    """docs/formulas.md §6: a 1,00 pp uplift (95 % interval 0,546 to 1,454 pp) on 20 000 vs 5 000."""
    record = {
        "stage": "analysed",
        "brief": {
            "name": NAME,
            "eligible_base": 200_000,
            "fixed_cost": 3_000_000,
            "cost_per_contact": 300,
            "margin_per_response": 40_000,
        },
    }
    if with_readout:
        record["readout"] = {
            "alpha": 0.05,
            "primary": "respuesta",
            "srm_flagged": False,
            "srm_pvalue": 0.6,
            "metrics": {
                "respuesta": {
                    "kind": "proportion",
                    "direction": "increase",
                    "n_control": 5_000,
                    "n_treatment": 20_000,
                    "control": 0.02,
                    "treatment": 0.03,
                    "effect_size": 0.01,
                    "effect_size_ci_lower": 0.00546,
                    "effect_size_ci_upper": 0.01454,
                    "std_error": 0.0023184,
                    "rel_effect_size": 0.5,
                    "pvalue": 2e-5,
                }
            },
        }
    return record


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'reg.sqlite'}"
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", url)
    from app_pages import _sidebar

    _sidebar.registry.clear()
    yield url
    _sidebar.registry.clear()


def panel(lang: str, record: dict) -> AppTest:
    at = AppTest.from_function(_panel_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["campaign"] = record
    return at.run()


def _refused_for_sign_in(at: AppTest, lang: str) -> None:
    """The registry refuses a typed-in approver name: one catalog sentence, nothing saved or moved."""
    catalog = load_catalog(lang)
    expected = catalog["memo.registry_error"].format(reason=catalog["errors.sign_in_required"])
    assert not at.exception and [e.value for e in at.error] == [expected]
    assert at.session_state["campaign"]["stage"] == "analysed" and "id" not in at.session_state["campaign"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_typed_approver_name_is_refused_by_the_registry(db_url, lang):
    """Approvals need a signed-in leader (Registry.decide); the panel's free-text name no longer passes."""
    catalog = load_catalog(lang)
    at = panel(lang, campaign())
    assert not at.exception
    assert [b.label for b in at.download_button] == [
        catalog[f"memo.download_{f}"] for f in ("pdf", "html", "xlsx")
    ]
    assert at.button(key="rollout.memo_approve_btn").label == catalog["memo.approve"]
    at.text_input(key="rollout.memo_approver").input("Ana Muñoz")
    at.text_input(key="rollout.memo_note").input("Por etapas, con control de retención")
    at.button(key="rollout.memo_approve_btn").click().run()
    _refused_for_sign_in(at, lang)
    assert Registry(db_url).list_campaigns() == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_typed_rejection_is_refused_too(db_url, lang):
    at = panel(lang, campaign())
    at.text_input(key="rollout.memo_approver").input("Luis")
    at.button(key="rollout.memo_reject_btn").click().run()
    _refused_for_sign_in(at, lang)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_missing_name_gives_one_sentence_and_saves_nothing(db_url, lang):
    at = panel(lang, campaign())
    at.button(key="rollout.memo_approve_btn").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [load_catalog(lang)["memo.need_name"]]
    assert at.session_state["campaign"]["stage"] == "analysed" and "id" not in at.session_state["campaign"]
    assert Registry(db_url).list_campaigns() == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_readout_gives_one_sentence_and_no_downloads(db_url, lang):
    catalog = load_catalog(lang)
    at = panel(lang, campaign(with_readout=False))
    assert not at.exception
    assert not at.download_button
    assert [i.value for i in at.info] == [catalog["memo.no_readout"]]
    at.text_input(key="rollout.memo_approver").input("Ana")
    at.button(key="rollout.memo_approve_btn").click().run()
    assert [e.value for e in at.error] == [catalog["memo.need_readout"]]
    assert at.session_state["campaign"]["stage"] == "analysed"


def test_a_registry_failure_keeps_the_work_and_says_so(tmp_path, monkeypatch):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", f"sqlite:///{blocker}/reg.sqlite")
    from app_pages import _sidebar

    _sidebar.registry.clear()
    try:
        at = panel("en", campaign())
        at.text_input(key="rollout.memo_approver").input("Ana")
        at.button(key="rollout.memo_approve_btn").click().run()
        assert not at.exception
        assert len(at.error) == 1 and at.error[0].value.startswith(
            "The decision could not be saved in the registry"
        )
        assert at.session_state["campaign"]["stage"] == "analysed"
        assert at.session_state["campaign"]["brief"]["name"] == NAME
    finally:
        _sidebar.registry.clear()


def test_on_the_rollout_page_the_memo_judges_what_the_page_showed(db_url):
    """Round trip through the real page: the typed example (docs/formulas.md §6) → the page's decision and
    money → the memo recomputes the same recommendation from the saved record; approval is audited."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/rollout.py").run()
    at.button(key="rollout.example_btn").click().run()
    assert not at.exception
    page = at.session_state["campaign"]["rollout"]
    current = at.session_state["campaign"]
    facts = memo_facts(current)
    assert facts.source == "rollout" and facts.decision.decision == page["decision"]
    assert facts.projection.expected_profit == pytest.approx(page["expected_profit"])
    at.text_input(key="rollout.memo_approver").input("Ana")
    at.button(key="rollout.memo_approve_btn").click().run()
    assert not at.exception and len(at.error) == 1  # a typed name cannot approve (sign-in required)
    assert Registry(db_url).list_campaigns() == []

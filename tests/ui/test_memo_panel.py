"""AppTest of the decision-memo and approval panel on the Roll-out page, in both languages.

Oracles: round trips through the real registry (a fresh ``Registry`` on the same SQLite file shows what
was stored: the approval's snapshot and its SHA-256, recomputed here with ``hashlib`` over canonical
JSON); the memo's PDF read back with ``pypdf``; the page's own cards (the memo must state the figures the
page shows); the permissions table for who may decide; the catalogs for the one-sentence messages.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from _money_pages import clean, metrics
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from app_pages.i18n import load_catalog
from rollout import Campaign, evaluate
from rollout.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
NAME = "Catálogo de primavera – Región Ñuble"


def campaign(with_readout: bool = True) -> dict:
    """docs/formulas.md §6: a 1,00 pp uplift (95 % interval 0,546 to 1,454 pp) on 20 000 vs 5 000."""
    record = {
        "stage": "analysed",
        "brief": {"name": NAME, "eligible_base": 225_000, "fixed_cost": 3_000_000, "cost_per_contact": 300,
                  "margin_per_response": 40_000},
    }  # fmt: skip
    if with_readout:
        metric = {"kind": "proportion", "direction": "increase", "n_control": 5_000, "n_treatment": 20_000,
                  "control": 0.02, "treatment": 0.03, "successes_control": 100, "successes_treatment": 600,
                  "effect_size": 0.01, "effect_size_ci_lower": 0.00546, "effect_size_ci_upper": 0.01454,
                  "std_error": 0.0023184, "rel_effect_size": 0.5, "pvalue": 2e-5}  # fmt: skip
        record["readout"] = {"source": "piloto.csv", "alpha": 0.05, "primary": "respuesta", "srm_flagged": False,
                             "srm_pvalue": 0.6, "metrics": {"respuesta": metric}}  # fmt: skip
    return record


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A fresh registry with an admin, a marketer, an analyst and a leader; the app's cache cleared."""
    url = f"sqlite:///{tmp_path / 'reg.sqlite'}"
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", url)
    from app_pages import cache

    cache.registry.clear()
    reg = Registry(url)
    admin = reg.create_first_admin("admin", "clave-admin-1")
    users = {role: reg.create_user(role, f"clave-{role}-1", role, actor=admin, display_name=f"{role.title()} Pérez")
             for role in ("marketer", "analyst", "leader")}  # fmt: skip
    yield reg, users
    cache.registry.clear()


def _rollout(lang: str, user, record: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["campaign"] = record
    if user is not None:
        at.session_state["auth.user"] = user
    at.run()
    if user is not None:  # signed out, the app shows the sign-in screen and no page
        at.switch_page("app_pages/decision/page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _saved(reg: Registry, users: dict, record: dict) -> dict:
    saved = reg.save(record, actor=users["analyst"])
    return {**record, "id": saved.id, "version": saved.version, "stage": saved.stage}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("role", [None, "marketer", "analyst"])
def test_only_a_signed_in_leader_sees_the_approval_buttons(registry, lang, role) -> None:
    reg, users = registry
    at = _rollout(lang, users.get(role) if role else None, _saved(reg, users, campaign()))
    assert not [b for b in at.button if b.key in ("rollout.memo_approve_btn", "rollout.memo_reject_btn")]
    if role is None:
        assert [b.key for b in at.button] == ["signin_btn"]
    else:
        assert any(i.value == load_catalog(lang)["memo.leader_only"] for i in at.info)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_leader_approves_and_the_snapshot_hash_is_stored_and_printed(registry, lang) -> None:
    reg, users = registry
    record = _saved(reg, users, campaign())
    at = _rollout(lang, users["leader"], record)
    at.button(key="rollout.memo_approve_btn").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    status = Registry(reg.url).approval_status(record["id"])
    assert status.decision == "approved" and status.current
    canonical = json.dumps(status.snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert status.snapshot_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    shown = evaluate(Campaign.from_dict(record))
    assert status.snapshot["figures"]["probability_of_profit"] == shown.probability_of_profit
    assert at.session_state["campaign"].stage == "approved"
    from app_pages import cache
    from rollout.memo import approval_from_status

    current = at.session_state["campaign"]
    approval = approval_from_status(status, "Leader Pérez")
    pdf = cache.memo_files(current, shown, lang, approval)["pdf"]
    text = clean(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Leader Pérez" in text and status.snapshot_hash[:16] in text.replace(" ", "")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_approving_against_an_extend_needs_a_reason(registry, lang) -> None:
    """The pilot is below its planned size (design 30 000 + 30 000): the recommendation is to extend."""
    reg, users = registry
    record = _saved(reg, users, {**campaign(), "design": {"n_control": 30_000, "n_treatment": 30_000}})
    at = _rollout(lang, users["leader"], record)
    assert any(w.value.startswith(load_catalog(lang)["memo.against_recommendation"].split("«")[0].split("“")[0])
               for w in at.warning)  # fmt: skip
    at.button(key="rollout.memo_approve_btn").click().run()
    assert not at.exception and len(at.error) == 1
    assert Registry(reg.url).approval_status(record["id"]).decision is None
    at.text_area(key="rollout.memo_note").input("Piloto suficiente para el comité")
    at.button(key="rollout.memo_approve_btn").click().run()
    assert not at.error and Registry(reg.url).approval_status(record["id"]).reason.startswith("Piloto")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_readout_gives_one_sentence_and_no_downloads(registry, lang) -> None:
    reg, users = registry
    at = _rollout(lang, users["leader"], campaign(with_readout=False))
    assert not at.get("download_button") or all(
        "memo" not in (b.key or "") for b in at.get("download_button")
    )
    assert any(i.value == load_catalog(lang)["memo.no_readout"] for i in at.info)


def test_the_memo_states_what_the_page_shows(registry) -> None:
    """The page's chance of profit and expected profit are the memo's (same evaluation, same formatter)."""
    reg, users = registry
    at = _rollout("es", users["leader"], _saved(reg, users, campaign()))
    cards = metrics(at)
    shown = evaluate(at.session_state["campaign"])
    from app_pages import cache

    pdf = cache.memo_files(at.session_state["campaign"], shown, "es", None)["pdf"]
    text = clean(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert cards["Probabilidad de ganar dinero"] in text and cards["Utilidad incremental esperada"] in text


def test_a_registry_failure_keeps_the_work_and_says_so(registry, tmp_path, monkeypatch) -> None:
    reg, users = registry
    record = _saved(reg, users, campaign())
    at = _rollout("en", users["leader"], record)
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    from app_pages import cache

    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", f"sqlite:///{blocker}/reg.sqlite")
    cache.registry.clear()
    at.button(key="rollout.memo_approve_btn").click().run()
    assert not at.exception
    assert (
        at.session_state["campaign"].stage == "analysed" and at.session_state["campaign"].brief.name == NAME
    )
    assert [e.value for e in at.error] == [load_catalog("en")["errors.registry_unavailable"]]

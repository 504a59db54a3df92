"""AppTests of what each role sees and may do, stale saves, reopening, the Users page and read-only mode.

Oracles: ``rollout.permissions`` (the action → roles table the registry enforces) for which controls
each role must see; the registry read back after each click (roles, active flags, passwords through
``authenticate``, the approval status and the audit trail); the catalogs for every sentence, in both
languages (a refusal is one catalog sentence, never SQL).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from _browser import analysed_campaign
from streamlit.testing.v1 import AppTest

from app_pages.i18n import translate
from rollout import approval_snapshot, evaluate
from rollout.permissions import PERMISSIONS, allowed
from rollout.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
ROLLOUT, USERS = "app_pages/decision/page.py", "app_pages/users/page.py"
NAME = "Catálogo de primavera – Región Ñuble"


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    """A registry with an admin, one account per role and an analysed campaign saved by the analyst."""
    from app_pages import cache

    url = f"sqlite:///{tmp_path / 'reg.sqlite'}"
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", url)
    cache.registry.clear()
    reg = Registry(url)
    users = {"admin": reg.create_first_admin("it", "clave-admin-1", display_name="Ítalo Admin")}
    for role in ("marketer", "analyst", "leader"):
        users[role] = reg.create_user(
            role, f"clave-{role}-1", role, actor=users["admin"], display_name=f"{role} P."
        )
    campaign_id = reg.save(analysed_campaign(NAME), actor=users["analyst"]).id
    yield reg, users, campaign_id
    cache.registry.clear()


def session(lang: str, user) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["auth.user"] = user
    return at.run()


def open_saved(at: AppTest, campaign_id: int) -> AppTest:
    at.sidebar.selectbox(key="app.open_choice").select(campaign_id).run()
    return at.sidebar.button(key="app.open_btn").click().run()


def keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("role", ["marketer", "analyst", "leader", "admin"])
def test_each_role_sees_exactly_its_actions(accounts, lang, role) -> None:
    reg, users, cid = accounts
    at = open_saved(session(lang, users[role]), cid)
    editor = any(allowed(role, a) for a in ("save_brief", "save_design", "save_readout", "save_campaign"))
    assert ("app.save_btn" in keys(at)) == editor
    if not editor:
        assert translate("auth.cannot_save", lang, role=translate(f"role.{role}", lang)) in [
            c.value for c in at.sidebar.caption
        ]
    at.switch_page(ROLLOUT).run()
    assert not at.exception
    assert (
        {"rollout.memo_approve_btn", "rollout.memo_reject_btn"} <= keys(at)
        if allowed(role, "decide")
        else not ({"rollout.memo_approve_btn", "rollout.memo_reject_btn"} & keys(at))
    )
    assert "rollout.memo_reopen_btn" not in keys(at)  # analysed: nothing to reopen yet
    if allowed(role, "manage_users"):
        at.switch_page(USERS).run()
        assert [t.value for t in at.title] == [translate("users.title", lang)]
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(USERS)  # not in their navigation at all


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_leader_who_visited_the_rollout_page_first_can_approve_the_campaign_opened_after(
    accounts, lang
) -> None:
    """Oracle: the saved campaign's readout (the analyst saved it without visiting Roll-out). Opened
    after the page was drawn with no readout (typed by hand), the page reads the saved readout, so the
    approval buttons and the readout's money line show, not "no result to approve yet"."""
    reg, users, cid = accounts
    at = session(lang, users["leader"]).switch_page(ROLLOUT).run()
    assert at.session_state["rollout.source"] == "manual"  # nothing to read yet
    at = open_saved(at, cid)
    assert not at.exception
    assert at.session_state["rollout.source"] == "readout"
    assert {"rollout.memo_approve_btn", "rollout.memo_reject_btn"} <= keys(at)


@pytest.mark.parametrize(("role", "section"), [("marketer", "readout"), ("analyst", "brief")])
def test_a_change_the_role_may_not_save_holds_the_save_button_with_one_sentence(
    accounts, role, section
) -> None:
    reg, users, cid = accounts
    at = open_saved(session("es", users[role]), cid)
    assert at.sidebar.button(key="app.save_btn").disabled is False
    current = at.session_state["campaign"]
    changed = (
        {"readout": dataclasses.replace(current.readout, alpha=0.10)}
        if section == "readout"
        else {"brief": dataclasses.replace(current.brief, name="Otro nombre")}
    )
    at.session_state["campaign"] = current.replace(**changed)
    at.run()
    assert at.sidebar.button(key="app.save_btn").disabled is True
    action = f"save_{section}"
    names = [translate(f"role.{r}", "es") for r in sorted(PERMISSIONS[action])]
    roles = " o ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]  # Spanish "o"
    expected = translate(f"auth.blocked_{action}", "es", role=translate(f"role.{role}", "es"), roles=roles)
    assert expected in [c.value for c in at.sidebar.caption]


@pytest.mark.parametrize("first", ["app_pages/brief/page.py", "app_pages/design/page.py"])
def test_what_a_page_fills_in_when_it_first_draws_an_opened_campaign_is_not_a_change(accounts, first) -> None:
    """The saved brief has no objective or channel (saved through the registry's API, as the first
    release saved it); Campaña fills its defaults when it draws. Oracle: the permissions table – the
    analyst may not save a brief change, so before this was held as one; a name the analyst types still is."""
    reg, users, cid = accounts
    at = session("es", users["analyst"]).switch_page(first).run()
    at = open_saved(at, cid)
    at.switch_page("app_pages/brief/page.py").run()
    assert at.session_state["campaign"].brief.objective is not None  # the page filled it in
    assert at.sidebar.button(key="app.save_btn").disabled is False
    at.text_input(key="brief.name").input("Otro nombre").run()
    assert at.sidebar.button(key="app.save_btn").disabled is True


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_reopened_empty_conversion_choice_reads_in_the_users_language(accounts, lang) -> None:
    """Saved as None, the optional conversion metric comes back as "no selection"; the box must then say
    the catalog's word, not Streamlit's English "Choose an option" (oracle: the catalog)."""
    reg, users, cid = accounts
    at = open_saved(session(lang, users["leader"]), cid)
    at.session_state["rollout.conversion_metric"] = None
    at.switch_page(ROLLOUT).run()
    box = at.selectbox(key="rollout.conversion_metric")
    assert box.value is None
    assert box.placeholder == translate("rollout.none", lang)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_refusal_by_the_registry_is_one_sentence(accounts, lang) -> None:
    """A session without the opened version (no pre-check possible) saving a readout as a marketer."""
    reg, users, cid = accounts
    record = {**reg.load_campaign(cid), "id": cid}
    record["readout"] = {**record["readout"], "alpha": 0.1}
    at = session(lang, users["marketer"])
    at.session_state["campaign"] = record
    at.run().sidebar.button(key="app.save_btn").click().run()
    assert [e.value for e in at.sidebar.error] == [translate("errors.permission_denied", lang)]
    assert reg.load_campaign(cid)["version"] == 1


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_stale_save_is_refused_and_the_approval_survives(accounts, lang) -> None:
    reg, users, cid = accounts
    analyst = open_saved(session(lang, users["analyst"]), cid)  # opened at version 1
    leader = open_saved(session(lang, users["leader"]), cid)
    leader.switch_page(ROLLOUT).run()
    leader.button(key="rollout.memo_approve_btn").click().run()
    assert Registry(reg.url).approval_status(cid).decision == "approved"

    analyst.sidebar.button(key="app.save_btn").click().run()
    expected = translate("errors.stale_campaign", lang, value="1", current="2")
    assert [e.value for e in analyst.sidebar.error] == [expected]
    status = Registry(reg.url).approval_status(cid)
    assert status.decision == "approved" and status.current and status.version == 2
    analyst.sidebar.button(key="app.reload_btn").click().run()
    assert (analyst.session_state["campaign"].version, analyst.session_state["campaign"].stage) == (
        2,
        "approved",
    )
    assert not analyst.sidebar.error


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("role", ["leader", "admin", "analyst"])
def test_a_decided_campaign_is_reopened_with_a_reason(accounts, lang, role) -> None:
    reg, users, cid = accounts
    campaign = analysed_campaign(NAME)
    from rollout import Campaign

    snapshot = approval_snapshot(Campaign.from_dict(campaign), evaluate(Campaign.from_dict(campaign)))
    reg.decide(cid, "approved", actor=users["leader"], snapshot=snapshot, expected_version=1)
    at = open_saved(session(lang, users[role]), cid)
    at.switch_page(ROLLOUT).run()
    assert ("rollout.memo_reopen_btn" in keys(at)) == allowed(role, "reopen")
    assert "rollout.memo_approve_btn" not in keys(at)  # a standing decision is not decided again
    if not allowed(role, "reopen"):
        return
    at.button(key="rollout.memo_reopen_btn").click().run()
    assert [e.value for e in at.error] == [translate("memo.reopen_need_reason", lang)]
    at.text_area(key="rollout.memo_reopen_reason").input("Faltó el segmento *sur*")
    at.button(key="rollout.memo_reopen_btn").click().run()
    assert translate("memo.reopened", lang, id=cid) in [s.value for s in at.success]
    assert at.session_state["campaign"].stage == "analysed"
    last = Registry(reg.url).audit_log(cid)[-1]
    assert (last.action, last.actor, last.note) == (
        "reopened",
        users[role].username,
        "Faltó el segmento *sur*",
    )
    assert Registry(reg.url).approval_status(cid).decision is None


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_admin_manages_accounts_on_the_users_page(accounts, lang) -> None:
    reg, users, _ = accounts
    at = session(lang, users["admin"]).switch_page(USERS).run()
    at.text_input(key="users_new_username").input("eva")
    at.text_input(key="users_new_display_name").input("Eva ![x](http://host/i.png)")
    at.selectbox(key="users_new_role").set_value("analyst")
    at.text_input(key="users_new_password").input("clave-de-eva-1")
    at.button(key="users_create_btn").click().run()
    shown = translate(
        "users.created",
        lang,
        name=r"Eva \!\[x\]\(http\:\/\/host\/i\.png\)",
        role=translate("role.analyst", lang),
    )
    assert [s.value for s in at.success] == [shown]
    eva = Registry(reg.url).authenticate("eva", "clave-de-eva-1")
    assert eva is not None and eva.role == "analyst"
    table = at.dataframe[0].value
    assert "Eva ![x](http://host/i.png)" in set(table.iloc[:, 1])  # a table cell is plain text

    at.selectbox(key="users_pick").set_value(eva.id).run()
    at.selectbox(key=f"users_role_{eva.id}").set_value("leader")
    at.button(key="users_role_btn").click().run()
    assert Registry(reg.url).get_user(eva.id).role == "leader"
    at.button(key="users_active_btn").click().run()
    assert Registry(reg.url).authenticate("eva", "clave-de-eva-1") is None
    at.button(key="users_active_btn").click().run()
    at.text_input(key=f"users_{eva.id}_password").input("clave-nueva-de-eva")
    at.button(key="users_password_btn").click().run()
    assert Registry(reg.url).authenticate("eva", "clave-nueva-de-eva").role == "leader"
    assert at.session_state[f"users_{eva.id}_password"] == ""

    at.text_input(key="users_new_username").input("eva")
    at.text_input(key="users_new_password").input("otra-clave-12")
    at.button(key="users_create_btn").click().run()
    assert [e.value for e in at.error] == [translate("errors.username_taken", lang, value="eva")]
    actions = [e.action for e in Registry(reg.url).account_log()]
    assert actions[-4:] == ["user_role", "user_active", "user_active", "user_password"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_read_only_registry_opens_for_reading_and_says_why_nothing_saves(
    accounts, lang, monkeypatch
) -> None:
    from app_pages import cache

    reg, users, cid = accounts
    reg.engine.dispose()
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_READONLY", "1")
    cache.registry.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert translate("auth.read_only_sign_in", lang) in [i.value for i in at.info]
    at.text_input(key="signin_username").input("leader")
    at.text_input(key="signin_password").input("clave-leader-1")
    at.button(key="signin_btn").click().run()
    assert at.session_state["auth.user"].role == "leader"
    open_saved(at, cid)
    assert at.session_state["campaign"].brief.name == NAME  # read
    assert "app.save_btn" not in keys(at)
    assert translate("auth.read_only_save", lang) in [i.value for i in at.sidebar.info]
    at.switch_page(ROLLOUT).run()
    assert translate("auth.read_only_decide", lang) in [i.value for i in at.info]
    assert not ({"rollout.memo_approve_btn", "rollout.memo_reopen_btn"} & keys(at)) and not at.exception
    admin = session(lang, users["admin"]).switch_page(USERS).run()
    assert translate("auth.read_only_users", lang) in [i.value for i in admin.info]
    assert "users_create_btn" not in keys(admin) and len(admin.dataframe[0].value) == 4

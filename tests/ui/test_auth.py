"""AppTests of identity in the app, in both languages: first start, sign-in, sign-out, single sign-on.

Oracles: the registry itself, read back through a fresh ``Registry`` on the same file (the account
created, its role, its argon2 password checked by ``authenticate``); the catalogs for every sentence
(``translate(key, lang)``: a refusal is exactly one catalog sentence); the permissions table for what a
role may do. AppTest seeds single sign-on identities with ``at.user`` and the secrets with ``at.secrets``
(no provider runs here: the redirect itself is Streamlit's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.i18n import translate
from rollout.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "clave-segura-1"
DESIGN = "app_pages/design/page.py"
USERS = "app_pages/users/page.py"


@pytest.fixture
def url(tmp_path, monkeypatch):
    """A fresh, empty registry file for the app (its cache cleared before and after)."""
    from app_pages import cache

    value = f"sqlite:///{tmp_path / 'reg.sqlite'}"
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", value)
    cache.registry.clear()
    yield value
    cache.registry.clear()


@pytest.fixture
def accounts(url):
    """The registry with an admin and one account per role (password ``clave-<role>-1``)."""
    reg = Registry(url)
    admin = reg.create_first_admin("it", PASSWORD, display_name="Ítalo Admin")
    users = {"admin": admin}
    for role in ("marketer", "analyst", "leader"):
        users[role] = reg.create_user(
            role, f"clave-{role}-1", role, actor=admin, display_name=f"{role} Pérez"
        )
    return reg, users


def app(lang: str, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="signin_username").input(username)
    at.text_input(key="signin_password").input(password)
    return at.button(key="signin_btn").click().run()


def signed_in(at: AppTest) -> Any:  # a rollout.permissions.User, or None when signed out
    return at.session_state.get("auth.user")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_first_start_creates_the_admin_and_signs_them_in(url, lang) -> None:
    at = app(lang)
    assert not at.exception
    assert [s.value for s in at.subheader] == [translate("auth.first_title", lang)]
    assert signed_in(at) is None and not at.sidebar.button  # no page, no sidebar before an account exists

    def fill(password: str, again: str) -> AppTest:
        at.text_input(key="first_username").input("IT@Empresa.cl")
        at.text_input(key="first_display_name").input("Ítalo *Admin*")
        at.text_input(key="first_password").input(password)
        at.text_input(key="first_password_again").input(again)
        return at.button(key="first_start_btn").click().run()

    fill(PASSWORD, "otra-clave-1")
    assert [e.value for e in at.error] == [translate("auth.password_mismatch", lang)]
    fill("corta", "corta")
    assert [e.value for e in at.error] == [translate("errors.bad_password", lang, minimum="8")]
    assert not Registry(url).has_users()
    fill(PASSWORD, PASSWORD)
    assert not at.exception and not at.error
    user = signed_in(at)
    assert (user.username, user.role) == ("it@empresa.cl", "admin")
    assert Registry(url).authenticate("it@empresa.cl", PASSWORD) == user  # argon2 round trip
    assert f"Ítalo *Admin* · {translate('role.admin', lang)}" in [t.value for t in at.sidebar.text]
    assert at.session_state["first_password"] == "" and at.session_state["first_password_again"] == ""
    at.switch_page(USERS).run()
    assert [t.value for t in at.title] == [translate("users.title", lang)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sign_in_says_one_neutral_sentence_for_any_wrong_pair(accounts, lang) -> None:
    at = app(lang)
    assert [s.value for s in at.subheader] == [translate("auth.sign_in_title", lang)]
    wrong_password = [e.value for e in sign_in(at, "leader", "clave-equivocada").error]
    unknown_user = [e.value for e in sign_in(at, "nadie", "clave-leader-1").error]
    assert wrong_password == unknown_user == [translate("auth.failed", lang)]  # no user enumeration
    assert signed_in(at) is None and at.session_state["signin_password"] == ""
    sign_in(at, " Leader ", "clave-leader-1")
    assert not at.exception and signed_in(at).role == "leader"
    assert [t.value for t in at.title] == [translate("design.title", lang)]  # the default page opens
    at.sidebar.button(key="app.save_btn").click().run()  # what a save keeps: no secret, no identity
    widgets = Registry(accounts[0].url).load_campaign(1)["widgets"]
    assert widgets and not [k for k in widgets if "password" in k or k.startswith(("auth", "signin"))]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sign_out_returns_to_the_sign_in_screen(accounts, lang) -> None:
    _, users = accounts
    at = app(lang, **{"auth.user": users["analyst"]})
    assert f"analyst Pérez · {translate('role.analyst', lang)}" in [t.value for t in at.sidebar.text]
    at.sidebar.button(key="auth.signout_btn").click().run()
    assert signed_in(at) is None
    assert [b.key for b in at.button] == ["signin_btn"] and not at.sidebar.button


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_next_person_does_not_inherit_the_last_ones_work(accounts, lang) -> None:
    """Oracle: after sign-out and another account's sign-in, the session's campaign is the blank record
    and the page inputs typed before are gone; the language chosen in the browser stays."""
    _, users = accounts
    at = app(lang, **{"auth.user": users["analyst"], "campaign": {"brief": {"name": "Plan confidencial"}}})
    at.session_state["brief.name"] = "Plan confidencial"
    at.run()
    assert "Plan confidencial" in " ".join(t.value for t in at.sidebar.text)
    at.sidebar.button(key="auth.signout_btn").click().run()
    sign_in(at, "marketer", "clave-marketer-1")
    assert signed_in(at) == users["marketer"]
    assert "Plan confidencial" not in " ".join(t.value for t in at.sidebar.text)
    assert "brief.name" not in at.session_state or at.session_state["brief.name"] != "Plan confidencial"
    assert at.session_state["lang"] == lang


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(accounts) -> None:
    reg, users = accounts
    at = app("en", **{"auth.user": users["marketer"]})
    assert signed_in(at) == users["marketer"]
    reg.set_active(users["marketer"].id, False, actor=users["admin"])
    at.run()  # the next click of the disabled user
    assert signed_in(at) is None
    assert [e.value for e in sign_in(at, "marketer", "clave-marketer-1").error] == [
        translate("auth.failed", "en")
    ]


def test_a_role_changed_meanwhile_counts_at_the_next_run(accounts) -> None:
    reg, users = accounts
    at = app("en", **{"auth.user": users["marketer"]})
    reg.set_role(users["marketer"].id, "leader", actor=users["admin"])
    at.run()
    assert signed_in(at).role == "leader"


def test_an_unreadable_registry_on_the_sign_in_screen_is_one_sentence(tmp_path, monkeypatch) -> None:
    from app_pages import cache

    other_app = tmp_path / "other.sqlite"
    import sqlite3

    with sqlite3.connect(other_app) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", f"sqlite:///{other_app}")
    cache.registry.clear()
    try:
        at = app("es")
    finally:
        cache.registry.clear()
    assert not at.exception and not at.text_input
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "SELECT" not in errors[0] and "invoices" not in errors[0]
    assert errors[0].startswith(
        translate("errors.not_a_registry", "es", value="x").split("“")[0].split("«")[0]
    )


# ---------------------------------------------------------------- single sign-on -------------------------

SSO = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "una-clave-larga-de-prueba",
        "client_id": "campaign-planner",
        "client_secret": "secreto",
        "server_metadata_url": "https://sso.empresa.cl/.well-known/openid-configuration",
    },
    "campaign_planner": {"roles": {"leader": ["gerente@empresa.cl"], "analyst": ["@analitica.empresa.cl"]}},
}


def sso_app(lang: str, identity: dict | None, secrets: dict = SSO) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.secrets.update(secrets)
    at.user = identity or {"is_logged_in": False}
    return at.run()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_single_sign_on_offers_its_button_beside_the_local_accounts(accounts, lang) -> None:
    at = sso_app(lang, None)
    assert [b.label for b in at.button] == [
        translate("auth.sign_in", lang),
        translate("auth.sso_default", lang),
    ]
    named = {**SSO, "auth": {"redirect_uri": "x", "cookie_secret": "y", "google": {"client_id": "z"}}}
    at = sso_app(lang, None, named)
    assert translate("auth.sso_button", lang, provider="Google") in [b.label for b in at.button]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_single_sign_on_identity_gets_its_mapped_role(accounts, lang) -> None:
    reg, _ = accounts
    at = sso_app(lang, {"is_logged_in": True, "email": "Gerente@Empresa.cl", "name": "Marta Soto"})
    assert not at.exception
    user = signed_in(at)
    assert (user.username, user.role, at.session_state["auth_sso"]) == ("gerente@empresa.cl", "leader", True)
    assert reg.get_user(user.id) == user
    assert [t.value for t in at.title] == [translate("design.title", lang)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_identity_outside_the_role_table_is_refused_in_one_sentence(accounts, lang) -> None:
    at = sso_app(lang, {"is_logged_in": True, "email": "x@[otra](http://host/p).cl", "name": "X"})
    assert signed_in(at) is None and not at.exception
    errors = [e.value for e in at.error]
    expected = translate("auth.sso_refused", lang, email=r"x\@\[otra\]\(http\:\/\/host\/p\)\.cl")
    assert errors == [expected]  # the address is user text: escaped, never a link
    assert translate("auth.sign_out", lang) in [b.label for b in at.button]

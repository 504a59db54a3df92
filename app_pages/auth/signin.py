"""The door of the app: the first-start screen (no account yet) and the sign-in screen.

The whole app is behind sign-in: every figure a page shows may be saved, approved or exported, and the
registry records who did it, so the pages open only for a signed-in user. On a fresh registry the app
itself asks for the first administrator (``Registry.create_first_admin``) and signs them in, so
``make run`` reaches a working app in one step. Sign-in checks the argon2id hash
(``Registry.authenticate``); a wrong name and a wrong password get the same sentence. Single sign-on
buttons appear when ``.streamlit/secrets.toml`` configures ``st.login`` (``app_pages.auth.sso``).
"""

from __future__ import annotations

import streamlit as st

from app_pages import cache
from app_pages.auth import session, sso
from app_pages.components.feedback import registry_text
from app_pages.i18n import LANGS, t
from rollout.permissions import User

FLASH = "auth_flash"  # no dot: nothing on these screens is kept between pages or saved with a campaign
SECRETS = ("signin_password", "first_password", "first_password_again")


def labels() -> dict[str, str]:
    """The account widgets' labels by the registry's parameter names (for its refusals)."""
    return {
        "username": t("auth.username"),
        "display_name": t("auth.display_name"),
        "password": t("auth.password"),
    }


def _forget_secrets() -> None:
    for key in SECRETS:
        if key in st.session_state:
            st.session_state[key] = ""


def _sign_in() -> None:
    """Form callback: the account whose password matches, or one neutral sentence."""
    username = str(st.session_state.get("signin_username") or "")
    password = str(st.session_state.get("signin_password") or "")
    _forget_secrets()
    try:
        user = cache.registry().authenticate(username, password)
    except Exception as exc:  # noqa: BLE001 - one sentence, never SQL
        st.session_state[FLASH] = registry_text(exc)
        return
    if user is None:
        st.session_state[FLASH] = t("auth.failed")
        return
    session.sign_in(user)


def _create_admin() -> None:
    """Form callback: the first account, an administrator, signed in at once."""
    password = str(st.session_state.get("first_password") or "")
    again = str(st.session_state.get("first_password_again") or "")
    _forget_secrets()
    if password != again:
        st.session_state[FLASH] = t("auth.password_mismatch")
        return
    try:
        user = cache.registry().create_first_admin(
            str(st.session_state.get("first_username") or ""),
            password,
            display_name=str(st.session_state.get("first_display_name") or ""),
        )
    except Exception as exc:  # noqa: BLE001 - a refused name or password, or the registry: one sentence
        st.session_state[FLASH] = registry_text(exc, labels())
        return
    session.sign_in(user)


def _first_start_form() -> None:
    st.subheader(t("auth.first_title"), anchor=False)
    st.caption(t("auth.first_context"))
    with st.form("first_start_form"):
        st.text_input(t("auth.username"), key="first_username", max_chars=100, autocomplete="username")
        st.text_input(t("auth.display_name"), key="first_display_name", max_chars=200, autocomplete="name")
        st.text_input(t("auth.password"), key="first_password", type="password", autocomplete="new-password")
        st.text_input(
            t("auth.password_again"), key="first_password_again", type="password", autocomplete="new-password"
        )
        st.caption(t("auth.password_rule"))
        st.form_submit_button(
            t("auth.create_admin"),
            key="first_start_btn",
            on_click=_create_admin,
            type="primary",
            width="stretch",
        )


def _sign_in_form() -> None:
    st.subheader(t("auth.sign_in_title"), anchor=False)
    with st.form("signin_form"):
        st.text_input(t("auth.username"), key="signin_username", max_chars=100, autocomplete="username")
        st.text_input(
            t("auth.password"), key="signin_password", type="password", autocomplete="current-password"
        )
        st.form_submit_button(
            t("auth.sign_in"), key="signin_btn", on_click=_sign_in, type="primary", width="stretch"
        )


def _screen(first_start: bool, read_only: bool) -> None:
    st.title(t("app.name"), anchor=False)
    st.caption(t("app.tagline"))
    if read_only and first_start:
        st.error(t("auth.read_only_no_users"), icon=":material/lock:")
        return
    if read_only:
        st.info(t("auth.read_only_sign_in"), icon=":material/lock:")
    (_first_start_form if first_start else _sign_in_form)()
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.error(flash, icon=":material/error:")
    if sso.providers():
        st.caption(t("auth.sso_or"))
        sso.buttons()


def require_user() -> User | None:
    """The signed-in user; otherwise draw the first-start or sign-in screen and return ``None``."""
    user = session.refreshed()
    if user is not None:
        return user
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.segmented_control(t("app.language"), LANGS, key="lang", format_func=str.upper)
        try:
            reg = cache.registry()
            first_start, read_only = not reg.has_users(), reg.read_only
        except Exception as exc:  # noqa: BLE001 - the registry cannot be opened: nobody can sign in
            st.title(t("app.name"), anchor=False)
            st.error(registry_text(exc), icon=":material/error:")
            return None
        user = sso.signed_in_user(reg)
        if user is not None:
            session.sign_in(user, sso=True)
            st.rerun()
        _screen(first_start, read_only)
    return None

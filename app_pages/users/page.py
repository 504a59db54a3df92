"""Users (administrators): who may sign in, with which role; create, change role, disable, reset password.

Every change is ``Registry.create_user`` / ``set_role`` / ``set_active`` / ``set_password`` by the
signed-in administrator, audited in the registry (never with the password). Names are user text: the
table shows them as plain text. Widget keys have no dot, so nothing typed here (passwords included) is
kept between pages or saved with a campaign.
"""

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.auth.session import can, current_user, read_only
from app_pages.auth.signin import labels
from app_pages.components.feedback import plain, registry_text
from app_pages.components.inputs import option_labels
from app_pages.i18n import t
from rollout.permissions import ROLES

FLASH = "users_flash"
SECRET = "_password"  # keys holding a password end so; they are emptied after every change


def _run(change, done: str, **names: str) -> None:
    """Run one registry change as the signed-in admin; the outcome is one sentence."""
    try:
        user = change(cache.registry(), current_user())
    except Exception as exc:  # noqa: BLE001 - a refusal or a database failure: one sentence
        st.session_state[FLASH] = ("error", registry_text(exc, labels()))
        return
    finally:
        for key in [k for k in st.session_state if isinstance(k, str) and k.endswith(SECRET)]:
            st.session_state[key] = ""
    shown = {"name": plain(user.display_name), "role": t(f"role.{user.role}"), **names}
    st.session_state[FLASH] = ("success", t(done, **shown))


def _create() -> None:
    state = st.session_state
    _run(
        lambda reg, admin: reg.create_user(
            str(state.get("users_new_username") or ""),
            str(state.get("users_new_password") or ""),
            str(state.get("users_new_role")),
            actor=admin,
            display_name=str(state.get("users_new_display_name") or ""),
        ),
        "users.created",
    )


def _set_role(user_id: int) -> None:
    role = str(st.session_state.get(f"users_role_{user_id}"))
    _run(lambda reg, admin: reg.set_role(user_id, role, actor=admin), "users.role_changed")


def _set_active(user_id: int, active: bool) -> None:
    done = "users.enabled" if active else "users.disabled"
    _run(lambda reg, admin: reg.set_active(user_id, active, actor=admin), done)


def _reset(user_id: int) -> None:
    password = str(st.session_state.get(f"users_{user_id}_password") or "")
    _run(lambda reg, admin: reg.set_password(user_id, password, actor=admin), "users.password_set")


def _table(users: list) -> None:
    yes, no = t("users.yes"), t("users.no")
    rows = {
        t("users.col_username"): [u.username for u in users],
        t("users.col_display_name"): [u.display_name for u in users],
        t("users.col_role"): [t(f"role.{u.role}") for u in users],
        t("users.col_active"): [yes if u.active else no for u in users],
    }
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _create_form() -> None:
    st.subheader(t("users.create_title"), anchor=False)
    with st.form("users_create_form", clear_on_submit=True):
        left, right = st.columns(2)
        left.text_input(t("auth.username"), key="users_new_username", max_chars=100)
        right.text_input(t("auth.display_name"), key="users_new_display_name", max_chars=200)
        left.selectbox(t("users.role"), ROLES, key="users_new_role", format_func=option_labels("role."))
        right.text_input(
            t("auth.password"), key="users_new_password", type="password", autocomplete="new-password"
        )
        st.caption(t("auth.password_rule"))
        st.form_submit_button(
            t("users.create"), key="users_create_btn", on_click=_create, icon=":material/person_add:"
        )


def _manage(users: list) -> None:
    st.subheader(t("users.manage_title"), anchor=False)
    by_id = {u.id: u for u in users}
    labels = {u.id: f"{u.display_name} ({u.username})" for u in users}
    chosen = st.selectbox(t("users.pick"), list(by_id), format_func=labels.__getitem__, key="users_pick", index=None,
                          placeholder=t("users.pick_placeholder"))  # fmt: skip
    if chosen is None:
        return
    user = by_id[chosen]
    role_col, active_col, password_col = st.columns(3, gap="large")
    with role_col:
        st.selectbox(t("users.role"), ROLES, index=ROLES.index(user.role), key=f"users_role_{user.id}",
                     format_func=option_labels("role."))  # fmt: skip
        st.button(t("users.change_role"), key="users_role_btn", on_click=_set_role, args=(user.id,))
    with active_col:
        st.caption(t("users.is_active" if user.active else "users.is_inactive"))
        label = t("users.disable" if user.active else "users.enable")
        st.button(label, key="users_active_btn", on_click=_set_active, args=(user.id, not user.active))
    with password_col:
        st.text_input(t("users.new_password"), key=f"users_{user.id}_password", type="password",
                      autocomplete="new-password")  # fmt: skip
        st.button(t("users.reset_password"), key="users_password_btn", on_click=_reset, args=(user.id,))


def _page() -> None:
    st.title(t("users.title"), anchor=False)
    st.caption(t("users.context"))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        getattr(st, flash[0])(
            flash[1], icon=":material/error:" if flash[0] == "error" else ":material/task_alt:"
        )
    if not can("manage_users"):
        st.info(t("users.admin_only"), icon=":material/lock:")
        return
    try:
        accounts = cache.registry().list_users()
    except Exception as exc:  # noqa: BLE001 - one sentence, never SQL
        st.error(registry_text(exc), icon=":material/error:")
        return
    _table(accounts)
    if read_only():
        st.info(t("auth.read_only_users"), icon=":material/lock:")
        return
    _create_form()
    _manage(accounts)


_page()  # returns early rather than st.stop(), so the router still draws the sidebar's campaign panel

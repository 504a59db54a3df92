"""The signed-in user of this browser session, and what their role lets them do.

The user is a ``rollout.permissions.User`` under ``st.session_state["auth.user"]``, put there by the
sign-in screen (local account or single sign-on). It is read again from the registry on every run, so
a role changed or an account disabled by an administrator counts at once; when the registry cannot be
read the session keeps its user, and every write is checked by the registry anyway. Secrets typed on
the sign-in and users screens use widget keys without a dot, so they are never kept between pages nor
saved with a campaign (``state.widget_values``).
"""

from __future__ import annotations

import logging

import streamlit as st

from app_pages import cache
from rollout.permissions import User, allowed

USER = "auth.user"
SSO = "auth_sso"  # True after st.login (sign-out ends the identity cookie too); no dot: never saved
EDIT_ACTIONS = ("save_brief", "save_design", "save_readout", "save_rollout", "save_campaign")
_LOG = logging.getLogger(__name__)


def current_user() -> User | None:
    """The signed-in user, or ``None``."""
    user = st.session_state.get(USER)
    return user if isinstance(user, User) else None


def can(action: str) -> bool:
    """Whether the signed-in user's role allows ``action`` (``rollout.permissions.PERMISSIONS``)."""
    user = current_user()
    return user is not None and user.active and allowed(user.role, action)


def can_save() -> bool:
    """Whether the signed-in user may save campaigns at all (marketers, analysts, leaders)."""
    return any(can(action) for action in EDIT_ACTIONS)


def sign_in(user: User, *, sso: bool = False) -> None:
    """Make ``user`` the actor of this session's changes."""
    st.session_state[USER] = user
    st.session_state[SSO] = sso


KEPT_ON_SIGN_OUT = ("lang",)  # the browser's language stays; nobody else's work does


def sign_out() -> None:
    """Forget the signed-in user and everything the session held (the current campaign, every page's
    inputs, uploads): on a shared computer the next person starts from a blank app, not from the last
    one's work. Saved campaigns stay in the registry. Ends the single sign-on identity, when there is one."""
    sso = st.session_state.get(SSO, False)
    for key in list(st.session_state.keys()):
        if key not in KEPT_ON_SIGN_OUT:
            del st.session_state[key]
    if sso:
        st.logout()


def refreshed() -> User | None:
    """The session's user as the registry has it now; ``None`` (signed out) when disabled or gone."""
    user = current_user()
    if user is None:
        return None
    try:
        stored = cache.registry().get_user(user.id)
    except Exception:  # noqa: BLE001 - unreadable registry: keep the session, writes are refused anyway
        _LOG.warning("registry unreadable while checking the signed-in user", exc_info=True)
        return user
    if stored is None or stored.username != user.username or not stored.active:
        st.session_state.pop(USER, None)
        return None
    if stored != user:
        st.session_state[USER] = stored
    return stored


def read_only() -> bool:
    """Whether the registry is open read-only (archive review): nothing can be saved."""
    try:
        return bool(cache.registry().read_only)
    except Exception:  # noqa: BLE001 - an unreachable registry is reported where it is used
        return False

"""Registry accounts for the UI tests: the app is behind sign-in, so every AppTest runs as someone.

``account("leader")`` returns a ``rollout.permissions.User`` with that role from the registry the app
itself uses (``app_pages.cache.registry()``: ``$CAMPAIGN_PLANNER_DB_URL``, a throwaway SQLite file per
test run, or the file a test points it at), creating the administrator and the account on first use.
Tests put it in ``st.session_state["auth.user"]`` – exactly what the sign-in screen does after
``Registry.authenticate`` – so they start signed in (the sign-in screen has its own tests).
"""

from __future__ import annotations

from rollout.permissions import ROLES, User

PASSWORD = "clave-de-prueba-1"
ADMIN = "admin"
DEFAULT_ROLE = "leader"  # may do everything a page offers except managing accounts


def account(role: str = DEFAULT_ROLE, *, username: str | None = None) -> User:
    """The test account ``test-<role>`` (or ``username``) in the app's registry, created when missing.

    The two test workers share one registry file: when the other one creates the same account (or the
    administrator) between the look-up and the creation, the registry refuses the duplicate and the
    account is looked up again."""
    from planner_common import InputError

    for _ in range(3):
        try:
            return _account(role, username)
        except InputError:  # created meanwhile by the other worker
            continue
    return _account(role, username)


def _account(role: str, username: str | None) -> User:
    from app_pages import cache

    assert role in ROLES, role
    reg = cache.registry()
    name = username or (ADMIN if role == "admin" else f"test-{role}")
    found = next((u for u in reg.list_users() if u.username == name), None)
    if found is not None:
        return found
    if not reg.has_users():
        admin = reg.create_first_admin(ADMIN, PASSWORD, display_name="Admin Pruebas")
    else:
        admin = reg.authenticate(ADMIN, PASSWORD)
        assert admin is not None, "this registry's administrator is not the tests' one"
    if name == ADMIN:
        return admin
    return reg.create_user(name, PASSWORD, role, actor=admin, display_name=f"Prueba {role.title()}")

"""Accounts: local users with argon2id password hashes, and single sign-on identities mapped to roles.

Functions here work on an open session; ``rollout.registry.Registry`` opens the transactions, checks the
acting user's permission and writes the audit rows.

Single sign-on (Streamlit ``st.login``, OIDC): the app hands the identity's claims (``st.user``) and the
``[campaign_planner.roles]`` table of ``.streamlit/secrets.toml`` to ``oidc_role``::

    [campaign_planner.roles]
    admin = ["it@empresa.cl"]                  # exact addresses ...
    leader = ["gerente@empresa.cl"]
    analyst = ["@analitica.empresa.cl"]       # ... or a whole domain ("@domain")
    default = "marketer"                       # anyone else the provider lets in (omit to refuse them)

An exact address wins over a domain, a domain over ``default``; among equals the stronger role
(admin > leader > analyst > marketer). An identity whose provider says ``email_verified = false`` gets
no role.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner_common import InputError, check_choice
from rollout._models import NAME_CHARS, USERNAME_CHARS, UserRow
from rollout._registry_limits import check_text
from rollout.permissions import ROLES, User

PASSWORD_MIN = 8
PASSWORD_MAX = 1024
_HASHER = PasswordHasher()  # argon2id, RFC 9106 "second recommended" parameters
# Verified when the user does not exist, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _HASHER.hash("campaign-planner: no such user")
_STRENGTH = {role: rank for rank, role in enumerate(ROLES)}


def as_user(row: UserRow) -> User:
    """The frozen public view of a user row."""
    return User(
        id=row.id, username=row.username, display_name=row.display_name, role=row.role, active=row.active
    )


def check_username(username: object) -> str:
    """A username: trimmed, lower-case, one line, at most 100 characters (an e-mail address fits).

    Examples:
        >>> check_username("  Ana.Munoz@Empresa.cl ")
        'ana.munoz@empresa.cl'

    References:
        RFC 5321 §4.5.3.1 (an address fits in 254 characters; local accounts are kept to 100).
    """
    name = check_text("username", username, max_chars=USERNAME_CHARS, required=True).lower()
    if any(ch.isspace() for ch in name):
        raise InputError(
            "bad_username", f"username {name!r} must not contain spaces.", field="username", value=name
        )
    return name


def check_password(password: object) -> str:
    """A password of 8 to 1,024 characters without NUL (kept exactly: no trimming).

    Examples:
        >>> check_password("otoño-2025")
        'otoño-2025'

    References:
        NIST SP 800-63B §5.1.1.2 (at least 8 characters, long passphrases allowed, no composition rules).
    """
    if (
        not isinstance(password, str)
        or not PASSWORD_MIN <= len(password) <= PASSWORD_MAX
        or "\x00" in password
    ):
        raise InputError(
            "bad_password",
            f"a password must have between {PASSWORD_MIN} and {PASSWORD_MAX} characters.",
            field="password",
            value="…",
            minimum=PASSWORD_MIN,
        )
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted; the encoded string carries its parameters)."""
    return _HASHER.hash(check_password(password))


def find(session: Session, username: str) -> UserRow | None:
    """The user row of ``username`` (case-insensitive), if any."""
    return session.scalars(select(UserRow).where(UserRow.username == username.strip().lower())).first()


def count(session: Session) -> int:
    """How many accounts exist."""
    return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)


def create(
    session: Session, *, username: object, role: str, display_name: object = "", password: object = None
) -> UserRow:
    """Insert a user row (``password=None``: a single sign-on identity that cannot sign in locally)."""
    name = check_username(username)
    role = check_choice("role", role, ROLES)
    shown = check_text("display_name", display_name or name, max_chars=NAME_CHARS, required=True)
    if find(session, name) is not None:
        raise InputError("username_taken", f"username {name!r} already exists.", field="username", value=name)
    secret = None if password is None else hash_password(check_password(password))
    row = UserRow(
        username=name,
        display_name=shown,
        role=role,
        password_hash=secret,
        active=True,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def verify_password(row: UserRow | None, password: object) -> bool:
    """Whether ``password`` opens ``row`` (same work whether or not the user exists or is active)."""
    secret = row.password_hash if row is not None and row.password_hash else _DUMMY_HASH
    candidate = password if isinstance(password, str) and len(password) <= PASSWORD_MAX else ""
    try:
        matched: bool = _HASHER.verify(secret, candidate)
    except (VerificationError, InvalidHashError):
        matched = False
    return bool(matched and row is not None and row.password_hash and row.active)


def needs_rehash(row: UserRow) -> bool:
    """Whether the stored hash uses older argon2 parameters than today's."""
    return bool(row.password_hash) and _HASHER.check_needs_rehash(str(row.password_hash))


def _patterns(mapping: Mapping[str, Any], role: str) -> list[str]:
    value = mapping.get(role) or []
    items = [value] if isinstance(value, str) else list(value)
    return [str(item).strip().lower() for item in items if str(item).strip()]


def oidc_role(claims: Mapping[str, Any], mapping: Mapping[str, Any]) -> str | None:
    """The role of a single sign-on identity under the configured mapping (``None``: not let in).

    Args:
        claims: The identity's claims, e.g. ``st.user.to_dict()`` (``email``, ``email_verified``...).
        mapping: ``[campaign_planner.roles]`` of ``.streamlit/secrets.toml``: role → addresses or
            ``@domain`` patterns, and an optional ``default`` role.

    Examples:
        The marketing director is a leader; the analytics team's domain are analysts; others marketers:

        >>> roles = {"leader": ["gerente@empresa.cl"], "analyst": ["@analitica.empresa.cl"], "default": "marketer"}
        >>> oidc_role({"email": "Gerente@Empresa.cl"}, roles), oidc_role({"email": "eva@analitica.empresa.cl"}, roles)
        ('leader', 'analyst')
        >>> oidc_role({"email": "juan@empresa.cl"}, roles), oidc_role({"email": "x@y.cl", "email_verified": False}, roles)
        ('marketer', None)

    References:
        OpenID Connect Core 1.0 §5.1 (standard claims ``email``, ``email_verified``); Streamlit
        ``st.login`` / ``st.user``.
    """
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email or claims.get("email_verified") is False:
        return None
    domain = "@" + email.rsplit("@", 1)[1]
    for wanted in (email, domain):
        matches = [role for role in ROLES if wanted in _patterns(mapping, role)]
        if matches:
            return max(matches, key=_STRENGTH.__getitem__)
    default = mapping.get("default")
    return str(default) if default in ROLES else None

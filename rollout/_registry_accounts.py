"""Accounts in the registry: first admin, sign-in (password or single sign-on), and their management.

Sign-in never tells a wrong name from a wrong password (both return ``None`` after the same argon2
work). Managing accounts needs the ``admin`` role; every account change writes a chained audit row with
no campaign (its password never appears in it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner_common import InputError, check_choice
from rollout import _registry_audit as audit
from rollout import _registry_users as users
from rollout._models import UserRow
from rollout._registry_base import Actor, RegistryBase
from rollout.permissions import ROLES, User


class AccountsMixin(RegistryBase):
    """``has_users``, ``create_first_admin``, ``create_user``, ``authenticate``, ``sign_in_oidc``..."""

    @staticmethod
    def _log(session: Session, who: Actor | User, action: str, target: UserRow, note: str = "") -> None:
        name, actor_id = (who.name, who.id) if isinstance(who, Actor) else (who.username, who.id)
        audit.append(
            session,
            action=action,
            actor=name,
            actor_id=actor_id,
            to_stage=None,
            note=f"{target.username}: {note}" if note else target.username,
        )

    def has_users(self) -> bool:
        """Whether any account exists (``False``: the app shows the first-start screen)."""
        with self._reading() as session:
            return users.count(session) > 0

    def create_first_admin(self, username: str, password: str, *, display_name: str = "") -> User:
        """Create the first account, an admin; refused once any account exists.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> reg.create_first_admin("it@empresa.cl", "clave-segura-1").role
            'admin'

        References:
            Metabase / Grafana first run: the app itself asks for the first admin.
        """
        with self._writing() as session:
            if users.count(session) > 0:
                raise InputError(
                    "users_exist",
                    "the first admin already exists; sign in instead.",
                    field="username",
                    value=username,
                )
            row = users.create(
                session, username=username, role="admin", display_name=display_name, password=password
            )
            self._log(session, users.as_user(row), "user_created", row, "admin")
            return users.as_user(row)

    def create_user(
        self, username: str, password: str | None, role: str, *, actor: object, display_name: str = ""
    ) -> User:
        """An admin creates an account (``password=None``: a single sign-on identity only).

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> admin = reg.create_first_admin("it", "clave-segura-1")
            >>> reg.create_user("ana", "clave-segura-2", "marketer", actor=admin, display_name="Ana Muñoz")
            User(id=2, username='ana', display_name='Ana Muñoz', role='marketer', active=True)

        References:
            ``rollout.permissions.PERMISSIONS["manage_users"]``.
        """
        with self._writing() as session:
            who = self._actor(session, actor, "manage_users")
            row = users.create(
                session, username=username, role=role, display_name=display_name, password=password
            )
            self._log(session, who, "user_created", row, role)
            return users.as_user(row)

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user whose password matches, else ``None`` (same answer and work for any failure).

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> _ = reg.create_first_admin("it", "clave-segura-1")
            >>> reg.authenticate("IT", "clave-segura-1").username, reg.authenticate("it", "otra"), reg.authenticate("x", "y")
            ('it', None, None)

        References:
            OWASP Authentication Cheat Sheet (generic failure, no user enumeration); RFC 9106 (argon2id).
        """
        name = username.strip().lower() if isinstance(username, str) else ""
        with self._reading() as session:
            row = users.find(session, name) if name else None
            if not users.verify_password(row, password) or row is None:
                return None
            user, stale = users.as_user(row), users.needs_rehash(row)
        if stale and not self.read_only:
            with self._writing() as session:
                fresh = session.get(UserRow, user.id)
                if fresh is not None:
                    fresh.password_hash = users.hash_password(password)
        return user

    def sign_in_oidc(self, claims: Mapping[str, Any], mapping: Mapping[str, Any]) -> User | None:
        """The user of a single sign-on identity, created or given its mapped role (``None``: not let in).

        ``claims`` is ``st.user.to_dict()``; ``mapping`` is ``[campaign_planner.roles]`` of
        ``.streamlit/secrets.toml`` (see ``rollout._registry_users.oidc_role``). A disabled account
        stays out whatever the mapping says.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> roles = {"leader": ["gerente@empresa.cl"], "default": "marketer"}
            >>> reg.sign_in_oidc({"email": "gerente@empresa.cl", "name": "Marta Soto"}, roles)
            User(id=1, username='gerente@empresa.cl', display_name='Marta Soto', role='leader', active=True)

        References:
            OpenID Connect Core 1.0 §5.1; Streamlit ``st.login`` / ``st.user``.
        """
        role = users.oidc_role(claims, mapping)
        if role is None:
            return None
        email = str(claims["email"]).strip().lower()
        if self.read_only:  # an archive review: existing accounts only, nothing written
            with self._reading() as session:
                found = users.find(session, email)
                return users.as_user(found) if found is not None and found.active else None
        shown = str(claims.get("name") or email)[:200]
        with self._writing() as session:
            row = users.find(session, email)
            if row is None:
                row = users.create(session, username=email, role=role, display_name=shown)
                self._log(session, users.as_user(row), "user_created", row, f"{role} (single sign-on)")
            elif not row.active:
                return None
            elif row.role != role:
                old, row.role = row.role, role
                session.flush()
                self._log(session, users.as_user(row), "user_role", row, f"{old} → {role} (single sign-on)")
            return users.as_user(row)

    def get_user(self, user_id: int) -> User | None:
        """The account with this id, if any (disabled ones included, ``active=False``)."""
        with self._reading() as session:
            row = session.get(UserRow, user_id)
            return users.as_user(row) if row is not None else None

    def list_users(self) -> list[User]:
        """Every account, by username."""
        with self._reading() as session:
            return [users.as_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]

    def _change(self, user_id: int, actor: object, action: str, change: Any) -> User:
        with self._writing() as session:
            who = self._actor(session, actor, "manage_users")
            row = session.get(UserRow, user_id)
            if row is None:
                raise InputError(
                    "user_not_found", f"user id {user_id} does not exist.", field="user_id", value=user_id
                )
            note = change(row)
            if row.id == who.id and (row.role != "admin" or not row.active):
                raise InputError(
                    "last_admin",
                    "an admin cannot remove their own admin rights.",
                    field="user_id",
                    value=user_id,
                )
            session.flush()
            self._log(session, who, action, row, note)
            return users.as_user(row)

    def set_role(self, user_id: int, role: str, *, actor: object) -> User:
        """An admin changes a user's role (audited); an admin cannot demote themself."""
        role = check_choice("role", role, ROLES)

        def change(row: UserRow) -> str:
            old, row.role = row.role, role
            return f"{old} → {role}"

        return self._change(user_id, actor, "user_role", change)

    def set_active(self, user_id: int, active: bool, *, actor: object) -> User:
        """An admin disables (or enables again) an account; a disabled user can no longer sign in."""

        def change(row: UserRow) -> str:
            row.active = bool(active)
            return "enabled" if active else "disabled"

        return self._change(user_id, actor, "user_active", change)

    def set_password(self, user_id: int, password: str, *, actor: object) -> User:
        """An admin sets a user's password (stored as a new argon2id hash; the audit row has no secret)."""
        secret = users.hash_password(password)

        def change(row: UserRow) -> str:
            row.password_hash = secret
            return "password set"

        return self._change(user_id, actor, "user_password", change)

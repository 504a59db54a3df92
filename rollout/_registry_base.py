"""What every part of the registry shares: the engine, read-only refusal, and resolving the actor.

The acting ``User`` is checked against its own row *inside* the write transaction: the stored role and
active flag decide (a role changed or an account disabled a second ago already counts), never the fields
of the object handed in.

Before the first account exists (a fresh install, until the first-start screen creates the admin) a save
without an actor is accepted and audited as ``app``; only saving and moving a campaign forward are
allowed that way (a duplicate is a new campaign saved), never a decision, a reopen, a roll-out or an
archive, and once any account exists every write needs a signed-in user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from rollout._models import Campaign, UserRow
from rollout._registry_engine import read_session, write_session
from rollout._registry_errors import RegistryError, StaleCampaignError, not_found
from rollout._registry_users import as_user, count
from rollout.permissions import PermissionDenied, User, check_allowed, sign_in_required

SETUP_ACTOR = "app"
SETUP_ACTIONS = frozenset(
    {
        "create_campaign",
        "save_brief",
        "save_design",
        "save_readout",
        "save_rollout",
        "save_campaign",
        "advance_stage",
        "duplicate_campaign",
        "archive",  # a work-stage campaign; a decided one needs a leader ("archive_decided")
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SavedCampaign:
    """A campaign row after a write: keep ``version`` and pass it as ``expected_version`` next time."""

    id: int
    version: int
    stage: str
    content_hash: str
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who is writing, resolved inside the transaction (``user`` is ``None`` in the setup mode)."""

    user: User | None

    @property
    def name(self) -> str:
        """The audit trail's actor column: the username (``app`` before any account existed)."""
        return self.user.username if self.user else SETUP_ACTOR

    @property
    def id(self) -> int | None:
        """The user's id (``None`` before any account existed)."""
        return self.user.id if self.user else None


def check_version(row: Campaign, expected: object) -> None:
    """Refuse a write based on another version than the stored one (``StaleCampaignError``)."""
    if expected is None:
        raise StaleCampaignError(
            "version_missing",
            f"saving campaign {row.id} needs the version it was read at (expected_version); reload it.",
            field="expected_version",
            value=row.id,
            current=row.version,
        )
    if isinstance(expected, bool) or not isinstance(expected, int) or expected != row.version:
        raise StaleCampaignError(
            "stale_campaign",
            f"campaign {row.id} is at version {row.version}, but this change was based on version "
            f"{expected}: someone saved it meanwhile. Reload it, then save again.",
            field="expected_version",
            value=row.id,
            expected=expected,
            current=row.version,
        )


class RegistryBase:
    """Engine holder; the public methods live in the mixins and in ``rollout.registry.Registry``."""

    engine: Engine
    read_only: bool

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        if self.read_only:
            raise RegistryError(
                "registry_read_only", "the campaign registry is open read-only; nothing can be saved."
            )
        with write_session(self.engine) as session:
            yield session

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with read_session(self.engine) as session:
            yield session

    def _precheck(self, campaign_id: object, expected: object) -> None:
        """Refuse a stale write before queueing for the write lock (checked again under the lock)."""
        if expected is None or self.read_only:
            return
        with self._reading() as session:
            check_version(self._campaign(session, campaign_id), expected)

    @staticmethod
    def _campaign(session: Session, campaign_id: object) -> Campaign:
        row = session.get(Campaign, campaign_id) if isinstance(campaign_id, int) else None
        if row is None:
            raise not_found(campaign_id)
        return row

    @staticmethod
    def _actor(session: Session, actor: object, actions: frozenset[str] | set[str] | str) -> Actor:
        wanted = {actions} if isinstance(actions, str) else set(actions)
        if actor is None and wanted <= SETUP_ACTIONS and count(session) == 0:
            return Actor(user=None)
        if not isinstance(actor, User):
            raise sign_in_required(sorted(wanted)[0], actor)
        row = session.get(UserRow, actor.id)
        if row is None or row.username != actor.username or not row.active:
            raise PermissionDenied(
                "user_inactive",
                f"user {actor.username!r} is unknown or disabled; sign in again.",
                field="actor",
                value=actor.username,
            )
        user = as_user(row)
        for action in sorted(wanted):
            check_allowed(user, action)
        return Actor(user=user)

"""The campaign registry: every plan, readout, decision and account, kept in a real database.

SQLite by default (a file under the user's data directory, WAL mode, busy timeout, writes inside
``BEGIN IMMEDIATE``); ``CAMPAIGN_PLANNER_DB_URL`` (or ``url=``) points it at PostgreSQL or any
SQLAlchemy URL, ``CAMPAIGN_PLANNER_DB_READONLY=1`` (or ``read_only=True``) opens it for reading only.
The schema is created and upgraded by Alembic migrations on open, so an upgrade never loses saved
plans; a database that is not a registry is refused untouched.

Every write names its actor, a signed-in ``User`` whose role must allow it (``rollout.permissions``);
every change writes, in the same transaction, an append-only audit row chained to the previous one by
SHA-256 (``verify_audit``). Campaigns carry a version (stale saves are refused), stages only move
forward (``reopen`` goes back, with a reason), and a decision stores the snapshot of the numbers decided
on with its hash (``decide``, ``approval_status``).

The parts live in ``_registry_accounts`` (users, sign-in), ``_registry_campaigns`` (save, load, stage),
``_registry_approvals`` (decide, reopen, status), ``_registry_actions`` (archive, duplicate, import),
``_registry_portfolio`` and ``_registry_tiers`` (the portfolio's queries), ``_registry_figures`` (typed
figures written at save time), ``_registry_audit`` (chain), ``_registry_engine`` (URL, safe targets,
migrations) and ``_registry_limits`` (text limits, canonical JSON).
"""

from __future__ import annotations

from sqlalchemy import select

from rollout import _registry_audit as audit
from rollout._models import AuditEvent
from rollout._registry_accounts import AccountsMixin
from rollout._registry_actions import ActionsMixin
from rollout._registry_approvals import ApprovalsMixin, ApprovalStatus
from rollout._registry_audit import AuditBreak, AuditEntry, AuditReport
from rollout._registry_base import SavedCampaign
from rollout._registry_campaigns import CampaignSummary
from rollout._registry_engine import (
    ENV_READ_ONLY,
    ENV_URL,
    MIGRATIONS,
    check_readable,
    default_url,
    migrate,
    open_engine,
    read_only_default,
)
from rollout._registry_errors import RegistryError, StaleCampaignError
from rollout._registry_portfolio import PortfolioMixin
from rollout._registry_tiers import TiersMixin
from rollout._registry_users import oidc_role
from rollout.permissions import ROLES, STAGES, PermissionDenied, User

__all__ = [
    "ENV_READ_ONLY",
    "ENV_URL",
    "MIGRATIONS",
    "ROLES",
    "STAGES",
    "ApprovalStatus",
    "AuditBreak",
    "AuditEntry",
    "AuditReport",
    "CampaignSummary",
    "PermissionDenied",
    "Registry",
    "RegistryError",
    "SavedCampaign",
    "StaleCampaignError",
    "User",
    "default_url",
    "migrate",
    "oidc_role",
]


class Registry(AccountsMixin, ApprovalsMixin, ActionsMixin, PortfolioMixin, TiersMixin):
    """Save, reopen, decide and audit campaigns, as signed-in users.

    Args:
        url: SQLAlchemy URL; default ``$CAMPAIGN_PLANNER_DB_URL`` or the SQLite file of ``default_url``.
        read_only: Open for reading only (no migration, every write refused with
            ``registry_read_only``); default ``$CAMPAIGN_PLANNER_DB_READONLY``.

    Examples:
        >>> reg = Registry("sqlite://")
        >>> admin = reg.create_first_admin("it", "clave-segura-1")
        >>> ana = reg.create_user("ana", "clave-segura-2", "marketer", actor=admin)
        >>> cid = reg.save_campaign({"stage": "draft", "brief": {"name": "Catálogo otoño"}}, actor=ana)
        >>> reg.set_stage(cid, "designed", actor=ana, note="piloto 20.000 / control 5.000").version
        2
        >>> [e.action for e in reg.audit_log(cid)], reg.verify_audit().ok
        (['created', 'stage'], True)
    """

    def __init__(self, url: str | None = None, *, read_only: bool | None = None) -> None:
        self.url = url or default_url()
        self.read_only = read_only_default() if read_only is None else bool(read_only)
        self.engine = open_engine(self.url, read_only=self.read_only)
        if self.read_only:
            check_readable(self.engine)
        else:
            migrate(self.engine)

    def audit_log(self, campaign_id: int) -> list[AuditEntry]:
        """The audit trail of one campaign, oldest first."""
        with self._reading() as session:
            query = select(AuditEvent).where(AuditEvent.campaign_id == campaign_id).order_by(AuditEvent.id)
            return [audit.entry(r) for r in session.scalars(query)]

    def account_log(self) -> list[AuditEntry]:
        """The audit rows of account changes (created, role, enabled/disabled, password set), oldest first."""
        with self._reading() as session:
            query = select(AuditEvent).where(AuditEvent.campaign_id.is_(None)).order_by(AuditEvent.id)
            return [audit.entry(r) for r in session.scalars(query)]

    def verify_audit(self) -> AuditReport:
        """Check the whole audit chain: every row against its hash, every link against the previous row.

        Examples:
            >>> reg = Registry("sqlite://")
            >>> cid = reg.save_campaign({"stage": "draft", "brief": {"name": "SMS retención"}})
            >>> report = reg.verify_audit()
            >>> report.ok, report.rows, len(report.head)
            (True, 1, 64)

        References:
            FIPS 180-4 (SHA-256); Haber & Stornetta (1991) (hash-chained time-stamps).
        """
        with self._reading() as session:
            return audit.verify(session)

"""The campaign registry: every plan, readout and roll-out decision kept in a real database.

SQLite by default (a file under the user's data directory, WAL mode, busy timeout, writes inside
``BEGIN IMMEDIATE``); ``CAMPAIGN_PLANNER_DB_URL`` (or ``url=``) points it at PostgreSQL or any
SQLAlchemy URL. The schema is created and upgraded by Alembic migrations on open, so an upgrade never
loses saved plans. Every save and every stage change writes an append-only audit row.
"""

from __future__ import annotations

import json
import math
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from planner_common import InputError, check_choice
from rollout._models import AuditEvent, Campaign

STAGES = ("draft", "designed", "running", "analysed", "approved", "rejected", "rolled_out")
ENV_URL = "CAMPAIGN_PLANNER_DB_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
# Migrations run one at a time: Alembic's ``context``/``op`` are process-wide globals (threads opening a
# registry at once broke each other), and on PostgreSQL two processes creating the same fresh schema
# collided (duplicate-key errors); SQLite already serialises them with ``BEGIN IMMEDIATE``.
_MIGRATING = threading.Lock()
_PG_MIGRATION_LOCK = 0x43504D47  # advisory-lock key shared by every process ("CPMG")


def default_url() -> str:
    """``$CAMPAIGN_PLANNER_DB_URL`` or a SQLite file in the user's data directory."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("campaign-planner"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'registry.sqlite'}"


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _MIGRATING, engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # released at commit; the next one finds head
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _plain(value: Any) -> Any:
    """JSON-safe copy of a campaign section (numpy scalars → Python numbers, NaN → None)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignSummary:
    """One row of the campaign list."""

    id: int
    name: str
    stage: str
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One append-only audit row."""

    at: datetime
    action: str
    from_stage: str | None
    to_stage: str | None
    actor: str
    note: str


class Registry:
    """Save, reopen and audit campaigns.

    Examples:
        >>> reg = Registry("sqlite://")
        >>> cid = reg.save_campaign({"stage": "draft", "brief": {"name": "Catálogo otoño"}})
        >>> reg.set_stage(cid, "designed", actor="ana", note="piloto 20.000 / control 5.000")
        >>> reg.load_campaign(cid)["stage"], [e.action for e in reg.audit_log(cid)]
        ('designed', ['created', 'stage'])
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        migrate(self.engine)

    def save_campaign(
        self, campaign: dict[str, Any], *, campaign_id: int | None = None, actor: str = "app"
    ) -> int:
        """Insert or update a campaign; a stage change is audited. Returns the campaign id."""
        stage = check_choice("stage", campaign.get("stage", "draft"), STAGES)
        name = str(campaign.get("brief", {}).get("name") or "").strip() or "—"
        data = json.dumps(_plain(campaign), ensure_ascii=False)
        now = datetime.now(UTC)
        with Session(self.engine) as session, session.begin():
            # FOR UPDATE: on PostgreSQL (READ COMMITTED) two writers would otherwise both read the old
            # stage and audit a transition that never happened; SQLite ignores it (BEGIN IMMEDIATE).
            row = None if campaign_id is None else session.get(Campaign, campaign_id, with_for_update=True)
            if campaign_id is not None and row is None:
                raise InputError(
                    "campaign_not_found",
                    f"campaign_id {campaign_id} does not exist.",
                    field="campaign_id",
                    value=campaign_id,
                )
            if row is None:
                row = Campaign(name=name, stage=stage, data=data, created_at=now, updated_at=now)
                session.add(row)
                session.flush()
                session.add(
                    AuditEvent(
                        campaign_id=row.id,
                        at=now,
                        action="created",
                        from_stage=None,
                        to_stage=stage,
                        actor=actor,
                        note="",
                    )
                )
            else:
                if row.stage != stage:
                    session.add(
                        AuditEvent(
                            campaign_id=row.id,
                            at=now,
                            action="stage",
                            from_stage=row.stage,
                            to_stage=stage,
                            actor=actor,
                            note="",
                        )
                    )
                else:
                    session.add(
                        AuditEvent(
                            campaign_id=row.id,
                            at=now,
                            action="saved",
                            from_stage=stage,
                            to_stage=stage,
                            actor=actor,
                            note="",
                        )
                    )
                row.name, row.stage, row.data, row.updated_at = name, stage, data, now
            return int(row.id)

    def load_campaign(self, campaign_id: int) -> dict[str, Any]:
        """The saved campaign dict (as it was saved)."""
        with Session(self.engine) as session:
            row = session.get(Campaign, campaign_id)
            if row is None:
                raise InputError(
                    "campaign_not_found",
                    f"campaign_id {campaign_id} does not exist.",
                    field="campaign_id",
                    value=campaign_id,
                )
            campaign = json.loads(row.data)
            campaign["stage"] = row.stage
            return campaign

    def set_stage(self, campaign_id: int, stage: str, *, actor: str = "app", note: str = "") -> None:
        """Move a campaign to ``stage`` (approve, reject, roll out...), with an audit row."""
        stage = check_choice("stage", stage, STAGES)
        now = datetime.now(UTC)
        with Session(self.engine) as session, session.begin():
            row = session.get(Campaign, campaign_id, with_for_update=True)  # see save_campaign
            if row is None:
                raise InputError(
                    "campaign_not_found",
                    f"campaign_id {campaign_id} does not exist.",
                    field="campaign_id",
                    value=campaign_id,
                )
            session.add(
                AuditEvent(
                    campaign_id=row.id,
                    at=now,
                    action="stage",
                    from_stage=row.stage,
                    to_stage=stage,
                    actor=actor,
                    note=note,
                )
            )
            row.stage, row.updated_at = stage, now

    def list_campaigns(self) -> list[CampaignSummary]:
        """Every campaign, most recently updated first."""
        with Session(self.engine) as session:
            rows = session.scalars(select(Campaign).order_by(Campaign.updated_at.desc(), Campaign.id.desc()))
            return [
                CampaignSummary(id=r.id, name=r.name, stage=r.stage, updated_at=r.updated_at) for r in rows
            ]

    def audit_log(self, campaign_id: int) -> list[AuditEntry]:
        """The audit trail of one campaign, oldest first."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(AuditEvent).where(AuditEvent.campaign_id == campaign_id).order_by(AuditEvent.id)
            )
            return [
                AuditEntry(
                    at=r.at,
                    action=r.action,
                    from_stage=r.from_stage,
                    to_stage=r.to_stage,
                    actor=r.actor,
                    note=r.note,
                )
                for r in rows
            ]

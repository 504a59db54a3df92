"""ORM models of the registry (the schema itself is owned by the Alembic migrations).

``tests/rollout/test_registry_migrations.py`` compares these models with the migrated schema (the
``alembic check`` of this project), so a column added here without a migration fails the tests.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Text limits, the same on every engine (SQLite does not enforce VARCHAR lengths, PostgreSQL does).
NAME_CHARS = 200
USERNAME_CHARS = 100
CODE_CHARS = 50  # channel and objective codes of the brief
NOTE_CHARS = 2000


class Base(DeclarativeBase):
    """Declarative base of the registry."""


class UserRow(Base):
    """A person who signs in: a local account (argon2 password hash) or a single sign-on identity."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("username", name="uq_users_username"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_CHARS))
    display_name: Mapped[str] = mapped_column(String(NAME_CHARS))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Campaign(Base):
    """A campaign: its current stage, version and sections (brief, design, readout...) as JSON.

    The indexed columns (stage, owner, channel, objective, dates, archived) serve the portfolio. The
    ``summary`` JSON keeps the figures handed to ``save(summary=...)`` as given; the typed columns after
    it are copied from them at save time (``rollout._portfolio_facts``), so the portfolio aggregates in
    the database and never parses a campaign's JSON. ``pilot_start`` / ``pilot_end`` date the pilot
    (docs/formulas.md §17); ``search_name`` is the name without accents, case-folded, for searching.
    """

    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_CHARS))
    stage: Mapped[str] = mapped_column(String(20), index=True)
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    content_hash: Mapped[str] = mapped_column(String(64), server_default="")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_campaigns_owner_id_users"), nullable=True, index=True
    )
    channel: Mapped[str | None] = mapped_column(String(CODE_CHARS), nullable=True, index=True)
    objective: Mapped[str | None] = mapped_column(String(CODE_CHARS), nullable=True, index=True)
    archived: Mapped[bool] = mapped_column(Boolean, server_default=false(), index=True)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    search_name: Mapped[str | None] = mapped_column(String(NAME_CHARS), nullable=True)
    pilot_start: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    pilot_end: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    currency: Mapped[str | None] = mapped_column(String(CODE_CHARS), nullable=True)
    recommendation: Mapped[str | None] = mapped_column(String(20), nullable=True)
    direction: Mapped[str | None] = mapped_column(String(20), nullable=True)
    audience: Mapped[int | None] = mapped_column(Integer, nullable=True)
    n_control: Mapped[int | None] = mapped_column(Integer, nullable=True)
    contacts: Mapped[int | None] = mapped_column(Integer, nullable=True)
    probability_of_profit: Mapped[float | None] = mapped_column(Float, nullable=True)
    expected_profit: Mapped[float | None] = mapped_column(Float, nullable=True)
    profit_ci_lower: Mapped[float | None] = mapped_column(Float, nullable=True)
    profit_ci_upper: Mapped[float | None] = mapped_column(Float, nullable=True)
    profit_std_error: Mapped[float | None] = mapped_column(Float, nullable=True)
    expected_roi: Mapped[float | None] = mapped_column(Float, nullable=True)
    confidence_level: Mapped[float | None] = mapped_column(Float, nullable=True)
    effect_size: Mapped[float | None] = mapped_column(Float, nullable=True)
    effect_std_error: Mapped[float | None] = mapped_column(Float, nullable=True)
    control_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    treatment_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    conversion_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    responses: Mapped[float | None] = mapped_column(Float, nullable=True)
    incremental_responses: Mapped[float | None] = mapped_column(Float, nullable=True)
    spend: Mapped[float | None] = mapped_column(Float, nullable=True)
    pilot_profit: Mapped[float | None] = mapped_column(Float, nullable=True)
    cost_per_contact: Mapped[float | None] = mapped_column(Float, nullable=True)
    cost_per_response: Mapped[float | None] = mapped_column(Float, nullable=True)
    cost_per_incremental_response: Mapped[float | None] = mapped_column(Float, nullable=True)


class CampaignSegment(Base):
    """One value tier (segment) of a campaign's readout, on the metric and arm the roll-out reads.

    Written at save time for the campaign's content (``content_hash``), once per content: the current
    tiers are the rows whose hash is the campaign's, earlier contents keep theirs (append-only, like
    everything else in the registry). ``segment_key`` is the label without accents, case-folded, so
    "Estratégico" and "estrategico" group together.
    """

    __tablename__ = "campaign_segments"
    __table_args__ = (Index("ix_campaign_segments_campaign_content", "campaign_id", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", name="fk_campaign_segments_campaign_id_campaigns")
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    segment: Mapped[str] = mapped_column(String(NAME_CHARS))
    segment_key: Mapped[str] = mapped_column(String(NAME_CHARS), index=True)
    metric: Mapped[str] = mapped_column(String(NAME_CHARS))
    direction: Mapped[str] = mapped_column(String(20))
    n_control: Mapped[int] = mapped_column(Integer)
    n_treatment: Mapped[int] = mapped_column(Integer)
    control_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    treatment_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    effect_size: Mapped[float] = mapped_column(Float)
    std_error: Mapped[float] = mapped_column(Float)


class AuditEvent(Base):
    """Append-only audit row: who changed what, when, chained to the previous row by SHA-256.

    ``campaign_id`` is empty for account events (user created, role changed...). ``prev_hash`` is the
    ``row_hash`` of the previous row of the whole table (by id); ``row_hash`` covers every other column
    (see ``rollout._registry_audit.row_hash``). Decisions also carry the approved snapshot and its hash.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_campaign", "campaign_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(20))
    from_stage: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_stage: Mapped[str | None] = mapped_column(String(20), nullable=True)
    actor: Mapped[str] = mapped_column(String(USERNAME_CHARS))
    note: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_audit_events_actor_id_users"), nullable=True
    )
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recommendation: Mapped[str | None] = mapped_column(String(20), nullable=True)
    snapshot: Mapped[str | None] = mapped_column(Text, nullable=True)
    snapshot_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _append_only(_mapper, _connection, _target) -> None:  # noqa: ANN001
    raise RuntimeError("audit rows are append-only")

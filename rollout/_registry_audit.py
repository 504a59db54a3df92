"""The audit trail: append-only rows chained by SHA-256 over the whole table, and their verification.

One chain for the whole ``audit_events`` table, in id order (campaign events and account events alike):
each row's ``prev_hash`` is the previous row's ``row_hash`` (64 zeros for the first row), and its
``row_hash`` is the SHA-256 of the canonical JSON of every column but ``id``, ``snapshot`` and
``row_hash`` itself (the snapshot is covered through ``snapshot_hash``). A whole-table chain, rather
than one per campaign, also catches a campaign's trail deleted outright and covers role changes.

Rows are written only inside a write transaction that holds the registry's write lock, and their time is
read from the clock *after* the lock and never earlier than the previous row's, so times never go
backwards (within a campaign or across the table) even when clocks of two app servers disagree.
Deleting the newest rows leaves a valid shorter chain: keep the head hash ``verify_audit`` prints (e.g.
in the memo or a ticket) to detect that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from rollout._models import AuditEvent
from rollout._registry_errors import RegistryError
from rollout._registry_limits import canonical_json, sha256_hex

GENESIS = "0" * 64
HASHED = (
    "campaign_id",
    "at",
    "action",
    "from_stage",
    "to_stage",
    "actor",
    "actor_id",
    "note",
    "version",
    "content_hash",
    "recommendation",
    "snapshot_hash",
    "prev_hash",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One append-only audit row (``snapshot_hash`` and ``recommendation`` are set on decisions)."""

    at: datetime
    action: str
    from_stage: str | None
    to_stage: str | None
    actor: str
    note: str
    id: int = 0
    campaign_id: int | None = None
    actor_id: int | None = None
    version: int | None = None
    content_hash: str | None = None
    recommendation: str | None = None
    snapshot_hash: str | None = None
    row_hash: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditBreak:
    """One place where the chain does not hold: which row, and what is wrong with it."""

    row_id: int
    campaign_id: int | None
    problem: str  # "row_changed", "link_broken" or "snapshot_changed"
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditReport:
    """The result of ``Registry.verify_audit``: rows checked, breaks found, the newest row's hash."""

    rows: int
    breaks: tuple[AuditBreak, ...]
    head: str
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every row and every link verifies."""
        return not self.breaks


def utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time (SQLite hands stored times back without a zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def row_hash(fields: dict[str, Any]) -> str:
    """SHA-256 of an audit row's hashed columns (canonical JSON, time in UTC to the microsecond).

    Examples:
        >>> from datetime import datetime, UTC
        >>> row = dict.fromkeys(HASHED) | {"at": datetime(2025, 11, 23, 14, 5, tzinfo=UTC),
        ...     "action": "created", "actor": "ana", "note": "", "prev_hash": GENESIS}
        >>> len(row_hash(row)), row_hash(row) == row_hash(row | {"note": " "})
        (64, False)

    References:
        FIPS 180-4 (SHA-256); Haber & Stornetta (1991), "How to time-stamp a digital document" (chaining).
    """
    values = {key: fields.get(key) for key in HASHED}
    values["at"] = utc(fields["at"]).isoformat(timespec="microseconds")
    return sha256_hex(canonical_json(values))


def _last(session: Session) -> Any:
    query = select(AuditEvent.at, AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1)
    return session.execute(query).first()


def clock(session: Session) -> datetime:
    """The time of a write: now, read after the write lock, but never before the newest audit row."""
    prev, now = _last(session), datetime.now(UTC)
    return now if prev is None or utc(prev.at) <= now else utc(prev.at)


def append(
    session: Session,
    *,
    action: str,
    actor: str,
    actor_id: int | None,
    campaign_id: int | None = None,
    from_stage: str | None = None,
    to_stage: str | None = None,
    note: str = "",
    version: int | None = None,
    content_hash: str | None = None,
    recommendation: str | None = None,
    snapshot: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one chained row; call only inside ``write_session`` (the write lock is held)."""
    prev = _last(session)
    now = at or datetime.now(UTC)
    if prev is not None and utc(prev.at) > now:
        now = utc(prev.at)  # a clock that went back (or a faster server's clock): never earlier
    snapshot_text = None if snapshot is None else canonical_json(snapshot)
    fields: dict[str, Any] = {
        "campaign_id": campaign_id,
        "at": now,
        "action": action,
        "from_stage": from_stage,
        "to_stage": to_stage,
        "actor": actor,
        "actor_id": actor_id,
        "note": note,
        "version": version,
        "content_hash": content_hash,
        "recommendation": recommendation,
        "snapshot_hash": None if snapshot_text is None else sha256_hex(snapshot_text),
        "prev_hash": GENESIS if prev is None else prev.row_hash,
    }
    row = AuditEvent(**fields, snapshot=snapshot_text, row_hash=row_hash(fields))
    session.add(row)
    session.flush()
    return row


def append_many(session: Session, rows: list[dict[str, Any]], *, at: datetime) -> None:
    """Append many chained rows at once (one time ``at``; ids checked to follow the chain's order).

    Each dict holds the row's columns but ``at``, ``prev_hash``, ``row_hash`` and ``snapshot``. Call only
    inside ``write_session`` with ``at`` from :func:`clock`.
    """
    if not rows:
        return
    prev = _last(session)
    link = GENESIS if prev is None else prev.row_hash
    chained = []
    for fields in rows:
        full = {**dict.fromkeys(HASHED), **fields, "at": at, "prev_hash": link}
        link = row_hash(full)
        chained.append({**full, "row_hash": link})
    query = insert(AuditEvent).returning(AuditEvent.id, sort_by_parameter_order=True)
    ids = session.execute(query, chained).scalars().all()
    if any(later <= earlier for earlier, later in zip(ids, ids[1:], strict=False)):
        raise RegistryError(
            "registry_conflict", "audit rows were numbered out of order; nothing was written."
        )


def entry(row: AuditEvent) -> AuditEntry:
    """The public, frozen view of one audit row."""
    return AuditEntry(
        id=row.id,
        campaign_id=row.campaign_id,
        at=utc(row.at),
        action=row.action,
        from_stage=row.from_stage,
        to_stage=row.to_stage,
        actor=row.actor,
        actor_id=row.actor_id,
        note=row.note,
        version=row.version,
        content_hash=row.content_hash,
        recommendation=row.recommendation,
        snapshot_hash=row.snapshot_hash,
        row_hash=row.row_hash,
    )


def _check_row(row: AuditEvent, expected_prev: str) -> list[AuditBreak]:
    found = []
    if row.prev_hash != expected_prev:
        found.append(
            AuditBreak(
                row_id=row.id,
                campaign_id=row.campaign_id,
                problem="link_broken",
                detail=f"prev_hash {row.prev_hash[:12]}… is not the previous row's hash "
                f"{expected_prev[:12]}…: a row before it was deleted, inserted or changed.",
            )
        )
    fields = {key: getattr(row, key) for key in HASHED}
    if row_hash(fields) != row.row_hash:
        found.append(
            AuditBreak(
                row_id=row.id,
                campaign_id=row.campaign_id,
                problem="row_changed",
                detail="the row's content no longer matches its hash.",
            )
        )
    if row.snapshot is not None and sha256_hex(row.snapshot) != row.snapshot_hash:
        found.append(
            AuditBreak(
                row_id=row.id,
                campaign_id=row.campaign_id,
                problem="snapshot_changed",
                detail="the approved snapshot no longer matches its hash.",
            )
        )
    return found


def verify(session: Session) -> AuditReport:
    """Walk the whole chain in id order and report every break (streams; memory stays flat)."""
    breaks: list[AuditBreak] = []
    expected, count = GENESIS, 0
    rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=500))
    for row in rows:
        breaks.extend(_check_row(row, expected))
        expected, count = row.row_hash, count + 1
        session.expunge(row)
    return AuditReport(rows=count, breaks=tuple(breaks), head=expected)

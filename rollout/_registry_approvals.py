"""Decisions bound to numbers: approve / reject with a hashed snapshot, reopen with a reason, the status.

The audit trail is the only record of a decision: ``approval_status`` reads it (the campaign's JSON
``approval`` field of earlier releases is never trusted). A decision stops being current when the
campaign is reopened, when a newer decision supersedes it, or – "changed after approval" – when a later
save stores content whose hash differs from the content decided on; that needs a new decision.
Decisions carried over from before this schema (no snapshot) are reported with ``legacy=True``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner_common import InputError, check_choice
from rollout import _registry_audit as audit
from rollout._models import NOTE_CHARS, AuditEvent, Campaign
from rollout._registry_base import RegistryBase, SavedCampaign, check_version
from rollout._registry_limits import SNAPSHOT_CHARS, canonical_json, check_text
from rollout.decision import DECISIONS
from rollout.permissions import DECIDED, WORK_STAGES, current_decision, stage_rank

DISSENT = {"approved": ("no_go", "extend"), "rejected": ("go",)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ApprovalStatus:
    """The campaign's current decision as the audit trail proves it.

    ``decision`` is ``None`` when there is none (never decided, or reopened since). ``current`` is true
    only for a decision whose content has not changed since: the memo may print "approved" only then.
    """

    campaign_id: int
    stage: str
    version: int
    decision: str | None = None
    current: bool = False
    changed_after_decision: bool = False
    actor: str | None = None
    actor_id: int | None = None
    at: datetime | None = None
    reason: str = ""
    recommendation: str | None = None
    snapshot: dict[str, Any] | None = None
    snapshot_hash: str | None = None
    content_hash: str | None = None
    audit_id: int | None = None
    legacy: bool = False


def status_from(campaign: Campaign, rows: Iterable[AuditEvent]) -> ApprovalStatus:
    """Replay a campaign's audit rows (oldest first) into its current decision."""
    decision, changed = current_decision(rows)
    if decision is None:
        return ApprovalStatus(campaign_id=campaign.id, stage=campaign.stage, version=campaign.version)
    return ApprovalStatus(
        campaign_id=campaign.id,
        stage=campaign.stage,
        version=campaign.version,
        decision=decision.to_stage,
        current=not changed,
        changed_after_decision=changed,
        actor=decision.actor,
        actor_id=decision.actor_id,
        at=audit.utc(decision.at),
        reason=decision.note,
        recommendation=decision.recommendation,
        snapshot=json.loads(decision.snapshot) if decision.snapshot else None,
        snapshot_hash=decision.snapshot_hash,
        content_hash=decision.content_hash,
        audit_id=decision.id,
        legacy=decision.action != "decision",
    )


def _status(session: Session, row: Campaign) -> ApprovalStatus:
    query = select(AuditEvent).where(AuditEvent.campaign_id == row.id).order_by(AuditEvent.id)
    return status_from(row, session.scalars(query))


def _check_snapshot(snapshot: object, recommendation: str | None) -> tuple[dict[str, Any], str | None]:
    if not isinstance(snapshot, Mapping) or not snapshot:
        raise InputError(
            "snapshot_required",
            "a decision needs the snapshot of the numbers decided on (a non-empty dict).",
            field="snapshot",
            value=type(snapshot).__name__,
        )
    text = canonical_json(snapshot)
    if len(text) > SNAPSHOT_CHARS:
        raise InputError(
            "text_too_long",
            f"the snapshot has {len(text)} characters; at most {SNAPSHOT_CHARS} are kept.",
            field="snapshot",
            value=str(len(text)),
            maximum=SNAPSHOT_CHARS,
            length=len(text),
        )
    stated = snapshot.get("recommendation")
    if recommendation is not None and stated is not None and recommendation != stated:
        raise InputError(
            "recommendation_mismatch",
            f"recommendation {recommendation!r} differs from the snapshot's {stated!r}.",
            field="recommendation",
            value=recommendation,
            snapshot=stated,
        )
    chosen = recommendation if recommendation is not None else stated
    if chosen is not None:
        chosen = check_choice("recommendation", chosen, DECISIONS)
    return json.loads(text), chosen


def check_current_approval(session: Session, row: Campaign) -> None:
    """Refuse a roll-out unless the campaign's approval is current (not reopened, not changed since)."""
    status = _status(session, row)
    if status.decision != "approved" or not status.current:
        raise InputError(
            "rollout_needs_approval",
            f"campaign {row.id} has no current approval (changed since, or reopened); approve it again.",
            field="stage",
            value="rolled_out",
            current=row.stage,
        )


class ApprovalsMixin(RegistryBase):
    """``decide``, ``reopen``, ``approval_status``."""

    def decide(
        self,
        campaign_id: int,
        decision: str = "approved",
        *,
        actor: object,
        snapshot: Mapping[str, Any],
        reason: str = "",
        recommendation: str | None = None,
        expected_version: int,
    ) -> ApprovalStatus:
        """Approve or reject the roll-out of an analysed campaign, bound to a snapshot of its numbers.

        Args:
            campaign_id: The campaign decided on (stage ``analysed``, or a decision changed since).
            decision: ``"approved"`` or ``"rejected"``.
            actor: The signed-in ``User``; only a leader decides.
            snapshot: The figures decided on (the evaluation, the recommendation, data fingerprints);
                stored with its SHA-256 over canonical JSON.
            reason: Required when the decision goes against the recommendation (approving a no-go or
                an extend, rejecting a go).
            recommendation: The tool's recommendation (``go``, ``no_go``, ``extend``); defaults to
                ``snapshot["recommendation"]`` and must agree with it.
            expected_version: The version the leader looked at; otherwise ``StaleCampaignError``.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> admin = reg.create_first_admin("it", "clave-segura-1")
            >>> ana = reg.create_user("ana", "clave-segura-2", "analyst", actor=admin)
            >>> boss = reg.create_user("gerente", "clave-segura-3", "leader", actor=admin)
            >>> cid = reg.save_campaign({"stage": "analysed", "readout": {"lift": 0.01}}, actor=ana)
            >>> status = reg.decide(cid, "approved", actor=boss, snapshot={"recommendation": "no_go"},
            ...                     reason="Piloto estratégico: se acepta la pérdida", expected_version=1)
            >>> import hashlib
            >>> status.snapshot_hash == hashlib.sha256(b'{"recommendation":"no_go"}').hexdigest()
            True
            >>> status.decision, status.current, status.reason
            ('approved', True, 'Piloto estratégico: se acepta la pérdida')

        References:
            Issue "Approvals that prove who decided what" §3–§5; FIPS 180-4 (SHA-256).
        """
        decision = check_choice("decision", decision, DECIDED)
        frozen, chosen = _check_snapshot(snapshot, recommendation)
        note = check_text("reason", reason, max_chars=NOTE_CHARS, single_line=False)
        if chosen in DISSENT[decision] and not note:
            raise InputError(
                "reason_required",
                f"the recommendation is {chosen!r}: {decision} needs a reason, written down for the record.",
                field="reason",
                value=chosen,
                decision=decision,
            )
        with self._writing() as session:
            row = self._campaign(session, campaign_id)
            who = self._actor(session, actor, "decide")
            check_version(row, expected_version)
            redecide = row.stage in DECIDED and _status(session, row).changed_after_decision
            if not (row.stage == "analysed" or redecide):
                raise InputError(
                    "decision_wrong_stage",
                    f"campaign {row.id} is {row.stage!r}: only an analysed campaign (or one changed since "
                    "its decision) can be decided; reopen it first.",
                    field="stage",
                    value=row.stage,
                )
            event = audit.append(
                session,
                campaign_id=row.id,
                action="decision",
                from_stage=row.stage,
                to_stage=decision,
                actor=who.name,
                actor_id=who.id,
                note=note,
                version=row.version + 1,
                content_hash=row.content_hash,
                recommendation=chosen,
                snapshot=frozen,
            )
            row.stage, row.version, row.updated_at = decision, row.version + 1, event.at
            return _status(session, row)

    def reopen(
        self,
        campaign_id: int,
        *,
        actor: object,
        reason: str,
        to_stage: str = "analysed",
        expected_version: int | None = None,
    ) -> SavedCampaign:
        """Take a campaign back to an earlier work stage, with a reason; its decision stops being current.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> admin = reg.create_first_admin("it", "clave-segura-1")
            >>> cid = reg.save_campaign({"stage": "analysed"}, actor=reg.create_user(
            ...     "eva", "clave-segura-2", "analyst", actor=admin))
            >>> reg.reopen(cid, actor=admin, reason="Faltó el segmento sur", to_stage="designed").stage
            'designed'

        References:
            docs/architecture.md §5 (back only by an explicit reopen with a reason).
        """
        to_stage = check_choice("to_stage", to_stage, WORK_STAGES)
        note = check_text("reason", reason, max_chars=NOTE_CHARS, single_line=False, required=True)
        with self._writing() as session:
            row = self._campaign(session, campaign_id)
            who = self._actor(session, actor, "reopen")
            if expected_version is not None:
                check_version(row, expected_version)
            if stage_rank(to_stage) >= stage_rank(row.stage):
                raise InputError(
                    "reopen_not_back",
                    f"reopening goes back: campaign {row.id} is {row.stage!r}, not after {to_stage!r}.",
                    field="to_stage",
                    value=to_stage,
                    current=row.stage,
                )
            event = audit.append(
                session,
                campaign_id=row.id,
                action="reopened",
                from_stage=row.stage,
                to_stage=to_stage,
                actor=who.name,
                actor_id=who.id,
                note=note,
                version=row.version + 1,
                content_hash=row.content_hash,
            )
            row.stage, row.version, row.updated_at = to_stage, row.version + 1, event.at
            return SavedCampaign(
                id=row.id,
                version=row.version,
                stage=row.stage,
                content_hash=row.content_hash,
                updated_at=event.at,
            )

    def approval_status(self, campaign_id: int) -> ApprovalStatus:
        """The campaign's current decision, its snapshot hash, who/when/why, and whether it still holds."""
        with self._reading() as session:
            return _status(session, self._campaign(session, campaign_id))

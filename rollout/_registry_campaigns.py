"""Saving, reopening and listing campaigns: versions against silent overwrites, stages only forward.

Each save names the version it was based on; a save from a session that read an older version is
refused with ``StaleCampaignError`` (nothing is written, a stored decision stays). A save moves the stage
forward through the work stages or leaves it; it never goes back and never reaches a decision. Every
write is one transaction holding the write lock, with its audit row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from planner_common import InputError, check_choice, check_int
from rollout import _registry_audit as audit
from rollout._models import CODE_CHARS, NAME_CHARS, NOTE_CHARS, Campaign
from rollout._portfolio_facts import typed_dates
from rollout._registry_approvals import check_current_approval
from rollout._registry_base import RegistryBase, SavedCampaign, check_version
from rollout._registry_figures import refresh_dates, store_figures
from rollout._registry_limits import (
    campaign_json,
    canonical_json,
    check_summary,
    check_text,
    content_of,
    sha256_hex,
)
from rollout.permissions import STAGES, WORK_STAGES, check_forward, saved_stage, section_actions


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignSummary:
    """One row of the campaign list (the portfolio's indexed columns included)."""

    id: int
    name: str
    stage: str
    updated_at: datetime
    version: int = 1
    created_at: datetime | None = None
    owner_id: int | None = None
    channel: str | None = None
    objective: str | None = None
    archived: bool = False
    summary: dict[str, Any] | None = None


UI_STATE = ("widgets",)  # what the pages showed: restored on reopen, never part of what was approved


def _code(value: object) -> str | None:
    """A brief's channel / objective code for its indexed column (``None`` if not a short code)."""
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > CODE_CHARS:
        return None
    return value.strip() if value.isprintable() else None


def check_new_stage(stage: str) -> None:
    """A new campaign starts in a work stage; a decision is never created, only taken."""
    if stage not in WORK_STAGES:
        raise InputError(
            "stage_needs_decision",
            f"a new campaign starts in a work stage ({', '.join(WORK_STAGES)}), not {stage!r}.",
            field="stage",
            value=stage,
            current="—",
        )


def prepare(
    campaign: Mapping[str, Any], summary: Mapping[str, Any] | None
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Check a campaign before the write lock: (requested stage, content, the row's own columns)."""
    if not isinstance(campaign, Mapping):
        raise InputError("bad_campaign", "campaign must be a dict of sections.", field="campaign", value="…")
    requested = check_choice("stage", campaign.get("stage", "draft"), STAGES)
    content = content_of(campaign)
    brief: dict[str, Any] = content["brief"] if isinstance(content.get("brief"), dict) else {}
    raw_name = brief.get("name")
    name = check_text("name", "" if raw_name is None else str(raw_name), max_chars=NAME_CHARS) or "—"
    typed_dates(content)  # a malformed pilot date is refused here, before anything is written
    columns = {
        "name": name,
        "data": campaign_json(content),
        "content_hash": sha256_hex(canonical_json({k: v for k, v in content.items() if k not in UI_STATE})),
        "channel": _code(brief.get("channel")),
        "objective": _code(brief.get("objective")),
        "summary": check_summary(summary),
    }
    return requested, content, columns


def _saved(row: Campaign) -> SavedCampaign:
    return SavedCampaign(
        id=row.id,
        version=row.version,
        stage=row.stage,
        content_hash=row.content_hash,
        updated_at=audit.utc(row.updated_at),
    )


class CampaignsMixin(RegistryBase):
    """``save`` / ``save_campaign``, ``load_campaign``, ``set_stage``, ``list_campaigns``."""

    def save(
        self,
        campaign: Mapping[str, Any],
        *,
        campaign_id: int | None = None,
        actor: object = None,
        expected_version: int | None = None,
        summary: Mapping[str, Any] | None = None,
    ) -> SavedCampaign:
        """Insert or update a campaign; returns its id, new version and stage (see ``save_campaign``)."""
        requested, content, columns = prepare(campaign, summary)
        expected = expected_version if expected_version is not None else campaign.get("version")
        if campaign_id is not None:
            self._precheck(campaign_id, expected)
        with self._writing() as session:
            if campaign_id is None:
                return self._create(session, requested, columns, content, actor)
            row = self._campaign(session, campaign_id)
            check_version(row, expected)
            stage = saved_stage(row.stage, requested)
            actions = set(section_actions(content_of(json.loads(row.data)), content)) or {"save_campaign"}
            who = self._actor(session, actor, actions | ({"advance_stage"} if stage != row.stage else set()))
            if columns["summary"] is None:
                columns["summary"] = row.summary  # figures are kept until new ones are handed in
            event = audit.append(
                session,
                campaign_id=row.id,
                action="stage" if stage != row.stage else "saved",
                from_stage=row.stage,
                to_stage=stage,
                actor=who.name,
                actor_id=who.id,
                version=row.version + 1,
                content_hash=columns["content_hash"],
            )
            for key, value in columns.items():
                setattr(row, key, value)
            row.stage, row.version, row.updated_at = stage, row.version + 1, event.at
            store_figures(session, row, content, audit.utc(event.at).date())
            return _saved(row)

    def _create(
        self,
        session: Any,
        stage: str,
        columns: dict[str, Any],
        content: dict[str, Any],
        actor: object,
        *,
        note: str = "",
        action: str = "create_campaign",
    ) -> SavedCampaign:
        who = self._actor(session, actor, action)
        check_new_stage(stage)
        now = audit.clock(session)
        row = Campaign(
            **columns, stage=stage, version=1, owner_id=who.id, archived=False, created_at=now, updated_at=now
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            campaign_id=row.id,
            action="created",
            to_stage=stage,
            actor=who.name,
            actor_id=who.id,
            version=1,
            content_hash=row.content_hash,
            note=note,
            at=now,
        )
        store_figures(session, row, content, now.date())
        return _saved(row)

    def save_campaign(
        self,
        campaign: Mapping[str, Any],
        *,
        campaign_id: int | None = None,
        actor: object = None,
        expected_version: int | None = None,
        summary: Mapping[str, Any] | None = None,
    ) -> int:
        """Insert or update a campaign as the signed-in ``actor``; returns the campaign id.

        Args:
            campaign: The campaign's sections (``brief``, ``design``, ``readout``...) and ``stage``.
                ``version`` (as ``load_campaign`` returns it) stands for ``expected_version``.
            campaign_id: ``None`` creates a campaign; otherwise the campaign to update.
            actor: The signed-in ``User``; each changed section needs its permission.
            expected_version: The version the caller read; a different stored version raises
                ``StaleCampaignError`` and writes nothing.
            summary: A few figures (numbers or short texts) kept with the row for the portfolio.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> cid = reg.save_campaign({"stage": "draft", "brief": {"name": "Catálogo otoño"}})
            >>> reg.save_campaign({"stage": "designed", "design": {"n_control": 5000}}, campaign_id=cid,
            ...                   expected_version=1)
            1
            >>> reg.save_campaign({"stage": "draft"}, campaign_id=cid, expected_version=1)
            Traceback (most recent call last):
            ...
            rollout._registry_errors.StaleCampaignError: campaign 1 is at version 2, but this change ...

        References:
            docs/architecture.md §5 (each campaign carries a version: stale saves are refused).
        """
        return self.save(
            campaign, campaign_id=campaign_id, actor=actor, expected_version=expected_version, summary=summary
        ).id

    def load_campaign(self, campaign_id: int) -> dict[str, Any]:
        """The saved campaign dict, with the row's ``stage`` and ``version``."""
        with self._reading() as session:
            row = self._campaign(session, campaign_id)
            return {**json.loads(row.data), "stage": row.stage, "version": row.version}

    def set_stage(
        self,
        campaign_id: int,
        stage: str,
        *,
        actor: object = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> SavedCampaign:
        """Move a campaign forward (``running``, ``analysed``, ``rolled_out``) with its audit row.

        Decisions go through ``decide``, going back through ``reopen``; rolling out needs a leader and
        a current approval (not changed since).

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> cid = reg.save_campaign({"stage": "designed", "brief": {"name": "SMS retención"}})
            >>> reg.set_stage(cid, "running", note="envío 3 de marzo").stage
            'running'

        References:
            docs/architecture.md §5 (stages move forward only; each change writes its audit row in one transaction).
        """
        stage = check_choice("stage", stage, STAGES)
        reason = check_text("note", note, max_chars=NOTE_CHARS, single_line=False)
        with self._writing() as session:
            row = self._campaign(session, campaign_id)
            if expected_version is not None:
                check_version(row, expected_version)
            check_forward(row.stage, stage)
            who = self._actor(session, actor, "roll_out" if stage == "rolled_out" else "advance_stage")
            if stage == "rolled_out":
                check_current_approval(session, row)
            event = audit.append(
                session,
                campaign_id=row.id,
                action="stage",
                from_stage=row.stage,
                to_stage=stage,
                actor=who.name,
                actor_id=who.id,
                note=reason,
                version=row.version + 1,
                content_hash=row.content_hash,
            )
            row.stage, row.version, row.updated_at = stage, row.version + 1, event.at
            refresh_dates(row, json.loads(row.data), audit.utc(event.at).date())
            return _saved(row)

    def list_campaigns(self, *, limit: int | None = None, archived: bool = True) -> list[CampaignSummary]:
        """Campaigns, most recently updated first: all of them, or the ``limit`` latest (``archived=False``
        leaves archived ones out, in the query)."""
        query = select(Campaign).order_by(Campaign.updated_at.desc(), Campaign.id.desc())
        if not archived:
            query = query.where(Campaign.archived.is_(False))
        if limit is not None:
            query = query.limit(check_int("limit", limit, minimum=1))
        with self._reading() as session:
            rows = session.scalars(query)
            return [
                CampaignSummary(
                    id=r.id,
                    name=r.name,
                    stage=r.stage,
                    updated_at=audit.utc(r.updated_at),
                    version=r.version,
                    created_at=audit.utc(r.created_at),
                    owner_id=r.owner_id,
                    channel=r.channel,
                    objective=r.objective,
                    archived=r.archived,
                    summary=json.loads(r.summary) if r.summary else None,
                )
                for r in rows
            ]

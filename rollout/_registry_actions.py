"""Portfolio actions: archive and restore (hidden, never deleted), duplicate as a template, bulk import.

Each action is one write transaction holding the write lock, with its audit rows in the chain; nothing
is deleted. Who may do what is in ``rollout.permissions`` (``archive``, ``archive_decided``,
``duplicate_campaign``, ``import_campaigns``).

References:
    docs/formulas.md §17; docs/architecture.md §5 (every change writes its audit row).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from planner_common import InputError
from rollout import _registry_audit as audit
from rollout._models import NAME_CHARS, NOTE_CHARS, Campaign, CampaignSegment
from rollout._portfolio_facts import figure_values, pilot_dates, search_key, segment_rows
from rollout._registry_base import Actor, SavedCampaign, check_version
from rollout._registry_campaigns import CampaignsMixin, check_new_stage, prepare
from rollout._registry_figures import summary_of
from rollout._registry_limits import check_text
from rollout.permissions import WORK_STAGES

IMPORT_NOTE = "imported"


def _saved(row: Campaign, at: datetime) -> SavedCampaign:
    return SavedCampaign(
        id=row.id,
        version=row.version,
        stage=row.stage,
        content_hash=row.content_hash,
        updated_at=audit.utc(at),
    )


def template_of(content: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A campaign's brief (renamed) and design, without the pilot's dates: the start of a new one.

    Examples:
        >>> template_of({"brief": {"name": "A", "channel": "sms"}, "design": {"n_control": 5000,
        ...              "start_date": "2025-03-03"}, "readout": {"arm": "piloto"}}, "A (copia)")
        {'stage': 'designed', 'brief': {'name': 'A (copia)', 'channel': 'sms'}, 'design': {'n_control': 5000}}
    """
    brief = content.get("brief") if isinstance(content.get("brief"), Mapping) else {}
    design = content.get("design") if isinstance(content.get("design"), Mapping) else None
    out: dict[str, Any] = {
        "stage": "designed" if design else "draft",
        "brief": {**(brief or {}), "name": name},
    }
    if design:
        out["design"] = {k: v for k, v in design.items() if k not in ("start_date", "end_date")}
    return out


class ActionsMixin(CampaignsMixin):
    """``archive``, ``restore``, ``duplicate``, ``import_campaigns``."""

    def archive(
        self, campaign_id: int, *, actor: object, reason: str, expected_version: int | None = None
    ) -> SavedCampaign:
        """Hide a campaign from the default listing (never deleted), with the reason in the audit trail.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> admin = reg.create_first_admin("it", "clave-segura-1")
            >>> ana = reg.create_user("ana", "clave-segura-2", "marketer", actor=admin)
            >>> cid = reg.save_campaign({"stage": "draft", "brief": {"name": "Prueba"}}, actor=ana)
            >>> reg.archive(cid, actor=ana, reason="Borrador duplicado por error").version
            2
            >>> reg.portfolio().total, [(e.action, e.note) for e in reg.audit_log(cid)][-1]
            (0, ('archived', 'Borrador duplicado por error'))

        References:
            docs/formulas.md §17; ``rollout.permissions`` (``archive``, ``archive_decided``).
        """
        note = check_text("reason", reason, max_chars=NOTE_CHARS, single_line=False, required=True)
        return self._set_archived(campaign_id, True, actor, note, expected_version)

    def restore(
        self, campaign_id: int, *, actor: object, reason: str = "", expected_version: int | None = None
    ) -> SavedCampaign:
        """Show an archived campaign again in the default listing (audited like ``archive``).

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> admin = reg.create_first_admin("it", "clave-segura-1")
            >>> eva = reg.create_user("eva", "clave-segura-2", "marketer", actor=admin)
            >>> cid = reg.save_campaign({"stage": "draft", "brief": {"name": "SMS"}}, actor=eva)
            >>> _ = reg.archive(cid, actor=eva, reason="pausa")
            >>> reg.restore(cid, actor=eva, reason="se retoma").version, reg.portfolio().total
            (3, 1)

        References:
            docs/formulas.md §17; ``rollout.permissions`` (``archive``, ``archive_decided``).
        """
        note = check_text("reason", reason, max_chars=NOTE_CHARS, single_line=False)
        return self._set_archived(campaign_id, False, actor, note, expected_version)

    def _set_archived(
        self, campaign_id: int, archived: bool, actor: object, note: str, expected: int | None
    ) -> SavedCampaign:
        with self._writing() as session:
            row = self._campaign(session, campaign_id)
            who = self._actor(session, actor, "archive" if row.stage in WORK_STAGES else "archive_decided")
            if expected is not None:
                check_version(row, expected)
            if bool(row.archived) == archived:
                raise InputError(
                    "already_archived" if archived else "not_archived",
                    f"campaign {row.id} is {'already' if archived else 'not'} archived.",
                    field="campaign_id",
                    value=row.id,
                )
            event = audit.append(
                session, campaign_id=row.id, action="archived" if archived else "restored",
                from_stage=row.stage, to_stage=row.stage, actor=who.name, actor_id=who.id, note=note,
                version=row.version + 1, content_hash=row.content_hash,
            )  # fmt: skip
            row.archived, row.version, row.updated_at = archived, row.version + 1, event.at
            return _saved(row, event.at)

    def duplicate(self, campaign_id: int, *, actor: object, name: str) -> SavedCampaign:
        """A new campaign with the brief (renamed) and the design of another – no split, readout or
        approval – audited on both: ``created`` (from which campaign) and ``duplicated`` (to which).

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> cid = reg.save_campaign({"stage": "analysed", "brief": {"name": "Catálogo otoño"},
            ...                          "design": {"n_control": 5000}, "readout": {"arm": "piloto"}})
            >>> copy = reg.duplicate(cid, actor=None, name="Catálogo primavera")
            >>> copy.stage, sorted(reg.load_campaign(copy.id))
            ('designed', ['brief', 'design', 'stage', 'version'])
            >>> reg.audit_log(copy.id)[0].note, reg.audit_log(cid)[-1].action
            ('duplicate of campaign 1', 'duplicated')

        References:
            docs/formulas.md §17.
        """
        new_name = check_text("name", name, max_chars=NAME_CHARS, required=True)
        with self._writing() as session:
            source = self._campaign(session, campaign_id)
            stage, content, columns = prepare(template_of(json.loads(source.data), new_name), None)
            copy = self._create(session, stage, columns, content, actor, note=f"duplicate of campaign {source.id}",
                                action="duplicate_campaign")  # fmt: skip
            who = self._actor(session, actor, "duplicate_campaign")
            audit.append(
                session, campaign_id=source.id, action="duplicated", from_stage=source.stage,
                to_stage=source.stage, actor=who.name, actor_id=who.id, note=f"copied to campaign {copy.id}",
                version=source.version, content_hash=source.content_hash,
            )  # fmt: skip
            return copy

    def import_campaigns(
        self, campaigns: Iterable[tuple[Mapping[str, Any], Mapping[str, Any] | None]], *, actor: object
    ) -> list[int]:
        """Create many campaigns at once (past pilots, with their summaries), each with its audit row.

        Every campaign is checked as ``save`` checks it and starts in a work stage; the rows, their tier
        rows and the chained audit rows (action ``created``, note ``imported``) are written in one
        transaction. Give past pilots their ``design.start_date`` / ``end_date`` so they fall in the
        right periods.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> admin = reg.create_first_admin("it", "clave-segura-1")
            >>> past = [({"stage": "analysed", "brief": {"name": f"SMS {m}"},
            ...           "design": {"start_date": f"2024-{m:02d}-01", "end_date": f"2024-{m:02d}-28"}},
            ...          {"n_treatment": 10_000, "currency": "CLP"}) for m in (1, 2, 3)]
            >>> reg.import_campaigns(past, actor=admin), reg.verify_audit().ok
            ([1, 2, 3], True)

        References:
            docs/formulas.md §17.
        """
        prepared = [prepare(campaign, summary) for campaign, summary in campaigns]
        for stage, _, _ in prepared:
            check_new_stage(stage)
        with self._writing() as session:
            who = self._actor(session, actor, "import_campaigns")
            now = audit.clock(session)
            rows = [_imported_row(stage, content, columns, who, now) for stage, content, columns in prepared]
            if not rows:
                return []
            query = insert(Campaign).returning(Campaign.id, sort_by_parameter_order=True)
            ids = list(session.execute(query, rows).scalars())
            _import_audit_and_tiers(session, ids, rows, [content for _, content, _ in prepared], who, now)
            return ids


def _imported_row(
    stage: str, content: dict[str, Any], columns: dict[str, Any], who: Actor, now: datetime
) -> dict[str, Any]:
    figures = figure_values(summary_of(columns["summary"]))
    start, end = pilot_dates(content, stage=stage, has_figures=figures["contacts"] is not None,
                             current=(None, None), today=now.date())  # fmt: skip
    return {
        **columns, **figures, "stage": stage, "version": 1, "owner_id": who.id, "archived": False,
        "created_at": now, "updated_at": now, "search_name": search_key(columns["name"]),
        "pilot_start": start, "pilot_end": end,
    }  # fmt: skip


def _import_audit_and_tiers(
    session: Session,
    ids: list[int],
    rows: list[dict[str, Any]],
    contents: list[dict[str, Any]],
    who: Actor,
    now: datetime,
) -> None:
    events = [
        {"campaign_id": cid, "action": "created", "to_stage": row["stage"], "actor": who.name, "actor_id": who.id,
         "note": IMPORT_NOTE, "version": 1, "content_hash": row["content_hash"]}
        for cid, row in zip(ids, rows, strict=True)
    ]  # fmt: skip
    audit.append_many(session, events, at=now)
    tiers = [
        {"campaign_id": cid, "content_hash": row["content_hash"], **t}
        for cid, row, content in zip(ids, rows, contents, strict=True)
        for t in segment_rows(content)
    ]
    if tiers:
        session.execute(insert(CampaignSegment), tiers)

"""Writing the portfolio's typed columns and tier rows inside a registry write (see ``_portfolio_facts``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from rollout._models import Campaign, CampaignSegment
from rollout._portfolio_facts import figure_values, pilot_dates, search_key, segment_rows


def summary_of(text: str | None) -> dict[str, Any] | None:
    """The stored summary JSON as a dict (``None`` when absent)."""
    return json.loads(text) if text else None


def refresh_dates(row: Campaign, content: Mapping[str, Any], today: date) -> None:
    """Set ``pilot_start`` / ``pilot_end`` of a row whose stage or figures may have changed."""
    row.pilot_start, row.pilot_end = pilot_dates(
        content,
        stage=row.stage,
        has_figures=row.contacts is not None,
        current=(row.pilot_start, row.pilot_end),
        today=today,
    )


def store_figures(session: Session, row: Campaign, content: Mapping[str, Any], today: date) -> None:
    """Copy the row's summary into its typed columns, date the pilot, store the tiers of its content."""
    for column, value in figure_values(summary_of(row.summary)).items():
        setattr(row, column, value)
    row.search_name = search_key(row.name)
    refresh_dates(row, content, today)
    session.flush()
    written = select(CampaignSegment.id).where(
        CampaignSegment.campaign_id == row.id, CampaignSegment.content_hash == row.content_hash
    )
    if session.execute(written.limit(1)).first() is not None:
        return  # this content's tiers are already stored (the content came back to an earlier one)
    rows = [{"campaign_id": row.id, "content_hash": row.content_hash, **t} for t in segment_rows(content)]
    if rows:
        session.execute(insert(CampaignSegment), rows)

"""Portfolio figures: typed summary columns, pilot dates, a search key and the tier rows of each readout.

- ``campaigns``: ``search_name`` (name without accents, case-folded), ``pilot_start`` / ``pilot_end``
  (indexed dates, docs/formulas.md §17) and one typed column per summary figure (currency,
  recommendation, direction, audience, n_control, contacts, probability_of_profit, expected_profit and
  its interval and standard error, expected_roi, confidence_level, effect_size, effect_std_error, rates,
  responses, incremental_responses, spend, pilot_profit, costs per contact / response / incremental
  response).
- ``campaign_segments``: one row per value tier of a campaign's readout (metric and arm of the roll-out),
  written once per content hash (append-only).

Backfill: the typed figures from each campaign's ``summary`` JSON (a summary saved before
``confidence_level`` existed is read at 95 %), the tier rows from its readout, the search key from its
name. Dates: the design's typed dates when present; otherwise ``pilot_start`` is the day of the first
audit row that took the campaign to ``running`` or beyond, and ``pilot_end`` (only with pilot figures) the
day of the first audit row that took it to ``analysed`` or beyond, else the day it was last updated.

Revision ID: 0003
Revises: 0002
"""

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from planner_common import InputError
from rollout._portfolio_facts import FIGURE_COLUMNS, figure_values, search_key, segment_rows, typed_dates

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TEXT_COLUMNS = {"currency": 50, "recommendation": 20, "direction": 20}
INTEGER_COLUMNS = ("audience", "n_control", "contacts")
RUNNING = ("running", "analysed", "approved", "rejected", "rolled_out")
READ = RUNNING[1:]


def _column(name: str) -> sa.Column:
    if name in TEXT_COLUMNS:
        return sa.Column(name, sa.String(TEXT_COLUMNS[name]))
    return sa.Column(name, sa.Integer if name in INTEGER_COLUMNS else sa.Float)


def _segments_table() -> None:
    op.create_table(
        "campaign_segments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer,
            sa.ForeignKey("campaigns.id", name="fk_campaign_segments_campaign_id_campaigns"),
            nullable=False,
        ),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("segment", sa.String(200), nullable=False),
        sa.Column("segment_key", sa.String(200), nullable=False),
        sa.Column("metric", sa.String(200), nullable=False),
        sa.Column("direction", sa.String(20), nullable=False),
        sa.Column("n_control", sa.Integer, nullable=False),
        sa.Column("n_treatment", sa.Integer, nullable=False),
        sa.Column("control_rate", sa.Float),
        sa.Column("treatment_rate", sa.Float),
        sa.Column("effect_size", sa.Float, nullable=False),
        sa.Column("std_error", sa.Float, nullable=False),
    )
    op.create_index(
        "ix_campaign_segments_campaign_content", "campaign_segments", ["campaign_id", "content_hash"]
    )
    op.create_index("ix_campaign_segments_segment_key", "campaign_segments", ["segment_key"])


def _day(moment: datetime) -> date:
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)).date()


def _first_days(bind: sa.engine.Connection) -> tuple[dict, dict]:
    """Campaign id → day of its first audit row reaching running (and reaching analysed) or beyond."""
    audit = sa.table("audit_events", sa.column("campaign_id"), sa.column("to_stage"), sa.column("at"))
    query = sa.select(audit.c.campaign_id, audit.c.to_stage, sa.func.min(audit.c.at).label("at"))
    started, read = {}, {}
    for cid, stage, at in bind.execute(query.group_by(audit.c.campaign_id, audit.c.to_stage)).all():
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        for found, stages in ((started, RUNNING), (read, READ)):
            if stage in stages and (cid not in found or _day(moment) < found[cid]):
                found[cid] = _day(moment)
    return started, read


def _typed(content: dict) -> tuple[date | None, date | None]:
    try:
        return typed_dates(content)
    except InputError:  # a malformed typed date: dated by the audit trail instead
        return None, None


def _backfill() -> None:
    bind = op.get_bind()
    names = (
        "id",
        "name",
        "data",
        "summary",
        "updated_at",
        "content_hash",
        "search_name",
        "pilot_start",
        "pilot_end",
    )
    typed = {"pilot_start": sa.Date, "pilot_end": sa.Date}
    campaigns = sa.table("campaigns", *(sa.column(c, typed.get(c)) for c in (*names, *FIGURE_COLUMNS)))
    fields = ("campaign_id", "content_hash", *SEGMENT_FIELDS)
    segments = sa.table("campaign_segments", *(sa.column(c) for c in fields))
    started, read = _first_days(bind)
    rows = bind.execute(sa.select(*(campaigns.c[c] for c in names[:6]))).all()
    for cid, name, data, summary, updated, content_hash in rows:
        loaded = json.loads(data)
        content = loaded if isinstance(loaded, dict) else {}
        figures = figure_values(json.loads(summary) if summary else None)
        start, end = _typed(content)
        moment = updated if isinstance(updated, datetime) else datetime.fromisoformat(str(updated))
        has_figures = figures["contacts"] is not None
        values = {
            **figures,
            "search_name": search_key(name),
            "pilot_start": start or started.get(cid),
            "pilot_end": (end or read.get(cid) or _day(moment)) if has_figures else None,
        }
        bind.execute(campaigns.update().where(campaigns.c.id == cid).values(**values))
        tiers = [{"campaign_id": cid, "content_hash": content_hash, **row} for row in segment_rows(content)]
        if tiers:
            bind.execute(segments.insert(), tiers)


SEGMENT_FIELDS = ("segment", "segment_key", "metric", "direction", "n_control", "n_treatment",
                  "control_rate", "treatment_rate", "effect_size", "std_error")  # fmt: skip


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("search_name", sa.String(200)))
    op.add_column("campaigns", sa.Column("pilot_start", sa.Date))
    op.add_column("campaigns", sa.Column("pilot_end", sa.Date))
    for name in FIGURE_COLUMNS:
        op.add_column("campaigns", _column(name))
    op.create_index("ix_campaigns_pilot_start", "campaigns", ["pilot_start"])
    op.create_index("ix_campaigns_pilot_end", "campaigns", ["pilot_end"])
    _segments_table()
    _backfill()


def downgrade() -> None:
    op.drop_index("ix_campaign_segments_segment_key", "campaign_segments")
    op.drop_index("ix_campaign_segments_campaign_content", "campaign_segments")
    op.drop_table("campaign_segments")
    op.drop_index("ix_campaigns_pilot_end", "campaigns")
    op.drop_index("ix_campaigns_pilot_start", "campaigns")
    with op.batch_alter_table("campaigns") as batch:
        for name in (*reversed(FIGURE_COLUMNS), "pilot_end", "pilot_start", "search_name"):
            batch.drop_column(name)

"""Accounts, campaign versions and portfolio columns, decisions with snapshots, a chained append-only audit.

- ``users``: local accounts (argon2id hashes) and single sign-on identities, with a role.
- ``campaigns``: ``version`` (1 for existing rows), ``content_hash`` (SHA-256 of the sections),
  ``owner_id``, ``channel``, ``objective``, ``archived``, ``summary``; indexes for the portfolio.
- ``audit_events``: ``campaign_id`` may be empty (account events); ``actor_id``, ``version``,
  ``content_hash``, ``recommendation``, ``snapshot``, ``snapshot_hash``; ``prev_hash`` / ``row_hash``
  chain every existing row in id order; triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).

Existing decisions (``stage`` rows to approved / rejected) are kept as they were; one that no later save
followed gets the campaign's content hash, so ``approval_status`` still finds it current. Later batch
migrations of ``audit_events`` on SQLite recreate the table and must recreate the triggers.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

from rollout._registry_audit import GENESIS, HASHED, row_hash
from rollout._registry_campaigns import _code
from rollout._registry_limits import canonical_json, content_of, sha256_hex

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXED = ("stage", "created_at", "updated_at", "owner_id", "channel", "objective", "archived")
DECIDED = ("approved", "rejected")
WORK_STAGES = ("draft", "designed", "running", "analysed")
SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit rows are append-only'; END $$",
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)


def _users() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200)),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )


def _campaigns() -> None:
    # Plain ADD COLUMNs: recreating ``campaigns`` on SQLite would drop a table that audit rows reference.
    op.add_column("campaigns", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("campaigns", sa.Column("content_hash", sa.String(64), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE campaigns ADD COLUMN owner_id INTEGER "
            "CONSTRAINT fk_campaigns_owner_id_users REFERENCES users (id)"
        )
    else:
        op.add_column("campaigns", sa.Column("owner_id", sa.Integer))
        op.create_foreign_key("fk_campaigns_owner_id_users", "campaigns", "users", ["owner_id"], ["id"])
    op.add_column("campaigns", sa.Column("channel", sa.String(50)))
    op.add_column("campaigns", sa.Column("objective", sa.String(50)))
    op.add_column("campaigns", sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("campaigns", sa.Column("summary", sa.Text))
    for column in INDEXED:
        op.create_index(f"ix_campaigns_{column}", "campaigns", [column])
    bind = op.get_bind()
    campaigns = sa.table(
        "campaigns",
        sa.column("id"),
        sa.column("data"),
        sa.column("content_hash"),
        sa.column("channel"),
        sa.column("objective"),
    )
    for cid, data in bind.execute(sa.select(campaigns.c.id, campaigns.c.data)).all():
        content = content_of(json.loads(data))
        brief = content.get("brief") if isinstance(content.get("brief"), dict) else {}
        bind.execute(
            campaigns.update()
            .where(campaigns.c.id == cid)
            .values(
                content_hash=sha256_hex(canonical_json(content)),
                channel=_code(brief.get("channel")),
                objective=_code(brief.get("objective")),
            )
        )


def _audit_columns() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("campaign_id", existing_type=sa.Integer, nullable=True)
        batch.add_column(
            sa.Column(
                "actor_id", sa.Integer, sa.ForeignKey("users.id", name="fk_audit_events_actor_id_users")
            )
        )
        batch.add_column(sa.Column("version", sa.Integer))
        batch.add_column(sa.Column("content_hash", sa.String(64)))
        batch.add_column(sa.Column("recommendation", sa.String(20)))
        batch.add_column(sa.Column("snapshot", sa.Text))
        batch.add_column(sa.Column("snapshot_hash", sa.String(64)))
        batch.add_column(sa.Column("prev_hash", sa.String(64)))
        batch.add_column(sa.Column("row_hash", sa.String(64)))


def _decided_content(rows: list, current_hash: dict) -> dict:
    """Legacy decision row id → the campaign's content hash, when no later save changed the content."""
    known = {}
    for i, row in enumerate(rows):
        if not (row.action == "stage" and row.to_stage in DECIDED):
            continue
        later = [r for r in rows[i + 1 :] if r.campaign_id == row.campaign_id]
        if all(r.action == "stage" and r.to_stage == "rolled_out" for r in later):
            known[row.id] = current_hash[row.campaign_id]
    return known


def _chain() -> None:
    bind = op.get_bind()
    typed = {"at": sa.DateTime(timezone=True)}
    audit = sa.table("audit_events", *(sa.column(c, typed.get(c)) for c in ("id", *HASHED, "row_hash")))
    campaigns = sa.table("campaigns", sa.column("id"), sa.column("content_hash"))
    current = dict(bind.execute(sa.select(campaigns.c.id, campaigns.c.content_hash)).all())
    rows = bind.execute(sa.select(audit).order_by(audit.c.id)).all()
    decided = _decided_content(rows, current)
    prev = GENESIS
    for row in rows:
        fields = {key: getattr(row, key) for key in HASHED}
        fields.update(prev_hash=prev, content_hash=decided.get(row.id))
        prev = row_hash(fields)
        values = {"prev_hash": fields["prev_hash"], "content_hash": fields["content_hash"], "row_hash": prev}
        bind.execute(audit.update().where(audit.c.id == row.id).values(**values))
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("row_hash", existing_type=sa.String(64), nullable=False)


def upgrade() -> None:
    _users()
    _campaigns()
    _audit_columns()
    _chain()
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_TRIGGERS if sqlite else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    op.execute("DELETE FROM audit_events WHERE campaign_id IS NULL")
    with op.batch_alter_table("audit_events") as batch:
        for column in ("row_hash", "prev_hash", "snapshot_hash", "snapshot", "recommendation"):
            batch.drop_column(column)
        for column in ("content_hash", "version", "actor_id"):
            batch.drop_column(column)
        batch.alter_column("campaign_id", existing_type=sa.Integer, nullable=False)
    for column in INDEXED:
        op.drop_index(f"ix_campaigns_{column}", "campaigns")
    with op.batch_alter_table("campaigns") as batch:
        for column in ("summary", "archived", "objective", "channel", "owner_id", "content_hash", "version"):
            batch.drop_column(column)
    op.drop_table("users")

"""The registry's acceptance rules on a real PostgreSQL server, plus what only PostgreSQL has.

Oracles: see ``tests/registry_acceptance.py``; Alembic's ``compare_metadata`` (models = migrations);
the server's own refusals (read-only transactions, a role without UPDATE/DELETE/TRUNCATE grants); a
schema-0001 database filled with plain SQL, read back after the upgrade.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from registry_acceptance import *  # noqa: F403 - the shared acceptance tests and their fixtures
from sqlalchemy import create_engine, make_url, text
from sqlalchemy import exc as sa_exc

from rollout.__main__ import POSTGRES_AUDIT_ROLE_SQL
from rollout._models import Base
from rollout.registry import MIGRATIONS, Registry, RegistryError

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def url(fresh_pg_url):
    return fresh_pg_url


def test_models_and_migrations_agree_on_postgres(fresh_pg_url):
    reg = Registry(fresh_pg_url)
    with reg.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_a_schema_holding_other_tables_is_refused_untouched(fresh_pg_url):
    engine = create_engine(fresh_pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id serial PRIMARY KEY, total numeric)"))
    with pytest.raises(RegistryError) as refused:
        Registry(fresh_pg_url)
    assert refused.value.code == "not_a_registry"
    with engine.connect() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        )
    assert tables == ["invoices"]


def test_read_only_mode_and_unreachable_servers_give_coded_errors(fresh_pg_url):
    Registry(fresh_pg_url).save_campaign({"stage": "draft", "brief": {"name": "Archivo"}})
    archive = Registry(fresh_pg_url, read_only=True)
    assert [c.name for c in archive.list_campaigns()] == ["Archivo"] and archive.verify_audit().ok
    with pytest.raises(RegistryError) as refused:
        archive.save_campaign({"stage": "draft"})
    assert refused.value.code == "registry_read_only"
    with pytest.raises(sa_exc.DatabaseError, match="read-only"), archive.engine.begin() as conn:
        conn.execute(text("UPDATE campaigns SET name = 'x'"))  # the server itself refuses too
    closed = make_url(fresh_pg_url).set(port=1).render_as_string(hide_password=False)
    with pytest.raises(RegistryError) as unreachable:
        Registry(closed)
    assert unreachable.value.code == "registry_unavailable" and "psycopg" not in str(unreachable.value)


def test_the_documented_role_cannot_change_audit_rows(fresh_pg_url, postgres_server):
    reg = Registry(fresh_pg_url)  # migrated by the owner
    database = make_url(fresh_pg_url).database
    lines = [
        line.split("--")[0]
        for line in POSTGRES_AUDIT_ROLE_SQL.replace("campaign_planner ", f"{database} ").splitlines()
    ]
    statements = [s.strip() for s in " ".join(lines).split(";") if s.strip()]
    with reg.engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'campaign_planner_app'")).first()
        for statement in statements:
            if not (exists and statement.startswith("CREATE ROLE")):
                conn.execute(text(statement))
    app_url = make_url(fresh_pg_url).set(username="campaign_planner_app", password="change-me")
    app = Registry(app_url.render_as_string(hide_password=False))
    cid = app.save_campaign({"stage": "draft", "brief": {"name": "Con rol restringido"}})
    for statement in (
        "UPDATE audit_events SET note = 'x'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ):
        with (
            pytest.raises(sa_exc.DatabaseError, match="permission denied|append-only"),
            app.engine.begin() as conn,
        ):
            conn.execute(text(statement))
    with reg.engine.begin() as conn:  # even with the triggers gone, the role has no grant
        conn.execute(text("DROP TRIGGER audit_events_no_update ON audit_events"))
        conn.execute(text("DROP TRIGGER audit_events_no_truncate ON audit_events"))
    for statement in (
        "UPDATE audit_events SET note = 'x'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ):
        with pytest.raises(sa_exc.DatabaseError, match="permission denied"), app.engine.begin() as conn:
            conn.execute(text(statement))
    assert len(app.audit_log(cid)) == 1 and app.verify_audit().ok


def test_a_release_0001_database_upgrades_on_postgres(fresh_pg_url):
    engine = create_engine(fresh_pg_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO campaigns (name, stage, data, created_at, updated_at) VALUES "
                '(\'Catálogo\', \'approved\', \'{"stage": "approved", "brief": {"name": "Catálogo"}}\', now(), now())'
            )
        )
        conn.execute(
            text(
                "INSERT INTO audit_events (campaign_id, at, action, from_stage, to_stage, actor, note) VALUES "
                "(1, now() - interval '2 minutes', 'created', NULL, 'analysed', 'app', ''), "
                "(1, now() - interval '1 minute', 'stage', 'analysed', 'approved', 'Ana Muñoz', 'Por etapas')"
            )
        )
    reg = Registry(fresh_pg_url)
    status = reg.approval_status(1)
    assert (status.decision, status.current, status.legacy, status.actor) == (
        "approved",
        True,
        True,
        "Ana Muñoz",
    )
    assert reg.load_campaign(1) == {"stage": "approved", "brief": {"name": "Catálogo"}, "version": 1}
    assert reg.verify_audit().ok and reg.verify_audit().rows == 2
    with reg.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []

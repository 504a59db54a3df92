"""Migrations: a registry written by the previous release upgrades without losing anything, and the
models agree with the migrated schema (this project's ``alembic check``).

Oracles: the fixture file (``fixtures/release_0001.sqlite``, written by the release at commit 6c8d0c7
with ``fixtures/make_release_registry.py``) read with the ``sqlite3`` module *before* the upgrade – every
campaign and audit row must read back the same after it; Alembic's own ``compare_metadata`` between the
ORM models and the migrated database (an empty diff).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from rollout._models import Base
from rollout.registry import Registry

FIXTURE = Path(__file__).parent / "fixtures" / "release_0001.sqlite"
AUDIT = "SELECT id, campaign_id, at, action, from_stage, to_stage, actor, note FROM audit_events ORDER BY id"


@pytest.fixture
def old_copy(tmp_path):
    target = tmp_path / "registry.sqlite"
    shutil.copy(FIXTURE, target)
    with sqlite3.connect(target) as conn:
        campaigns = conn.execute("SELECT id, name, stage, data FROM campaigns ORDER BY id").fetchall()
        audit = conn.execute(AUDIT).fetchall()
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    assert revision == "0001" and len(campaigns) == 5 and len(audit) == 15
    return target, campaigns, audit


def test_upgrading_the_previous_release_loses_nothing(old_copy):
    path, campaigns, audit = old_copy
    reg = Registry(f"sqlite:///{path}")
    for cid, _name, stage, data in campaigns:
        assert reg.load_campaign(cid) == {**json.loads(data), "stage": stage, "version": 1}
    assert sorted((c.id, c.name, c.stage) for c in reg.list_campaigns()) == [c[:3] for c in campaigns]
    with reg.engine.connect() as conn:
        assert conn.execute(text(AUDIT)).all() == audit
    report = reg.verify_audit()
    assert report.ok and report.rows == 15


def test_decisions_carry_over_with_their_history(old_copy):
    path, _, _ = old_copy
    reg = Registry(f"sqlite:///{path}")
    found = {cid: reg.approval_status(cid) for cid in range(1, 6)}
    # 1 approved by "Ana Muñoz", then rolled out: still the current approval (carried over, no snapshot)
    assert (found[1].decision, found[1].current, found[1].legacy, found[1].actor) == (
        "approved",
        True,
        True,
        "Ana Muñoz",
    )
    assert found[1].reason == "Por etapas, con control de retención" and found[1].snapshot_hash is None
    assert found[2].decision is None  # its stage went back after the approval: nothing current
    assert (found[3].decision, found[3].current, found[3].reason) == (
        "rejected",
        True,
        "no alcanza el punto de equilibrio",
    )
    assert (found[4].decision, found[4].changed_after_decision) == ("approved", True)  # saved after
    assert found[5].decision is None
    assert [e.actor for e in reg.audit_log(1)] == [
        "app",
        "app",
        "analista",
        "Ana Muñoz",
        "Ana Muñoz",
        "operaciones",
    ]


def test_the_upgraded_registry_keeps_writing_a_verified_chain(old_copy):
    path, _, _ = old_copy
    reg = Registry(f"sqlite:///{path}")
    admin = reg.create_first_admin("it", "clave-segura-1")
    boss = reg.create_user("gerente", "clave-segura-2", "leader", actor=admin)
    status = reg.decide(4, "approved", actor=boss, snapshot={"recommendation": "go"}, expected_version=1)
    assert status.current and not status.legacy and status.version == 2
    with pytest.raises(sa_exc.DatabaseError, match="append-only"), reg.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE campaign_id = 2"))
    assert reg.verify_audit().ok and reg.verify_audit().rows == 15 + 3


def _diff(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


def test_models_and_migrations_agree(tmp_path, old_copy):
    fresh = Registry(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    upgraded = Registry(f"sqlite:///{old_copy[0]}")
    assert _diff(fresh.engine) == [] and _diff(upgraded.engine) == []
    indexes = {
        i["name"]: i["column_names"]
        for i in __import__("sqlalchemy").inspect(fresh.engine).get_indexes("audit_events")
    }
    assert indexes == {"ix_audit_campaign": ["campaign_id"]}


def test_downgrade_and_upgrade_again(old_copy):
    from rollout._registry_engine import downgrade

    path, campaigns, audit = old_copy
    downgrade(Registry(f"sqlite:///{path}").engine, "0001")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT id, name, stage, data FROM campaigns ORDER BY id").fetchall() == campaigns
        assert conn.execute(AUDIT).fetchall() == audit
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    again = Registry(f"sqlite:///{path}")
    assert again.verify_audit().ok and len(again.list_campaigns()) == 5

"""The campaign registry on a real PostgreSQL server (oracles: round trip – what was saved is what is read
back –, the database's own catalog and rows read with plain SQL, and invariants of the audit trail under
concurrent writers)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from planner_common import InputError
from rollout.registry import Registry, StaleCampaignError

pytestmark = [pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = {
    "stage": "designed",
    "brief": {
        "name": "Catálogo otoño – Ñuñoa & Peñalolén ✉",
        "currency": "CLP",
        "fixed_cost": 2_000_000.0,
        "objective": "Reactivar clientes «dormidos» (€, ü, 漢字)",
    },
    "design": {
        "n_control": 5000,
        "n_treatment": 20000,
        "baseline_rate": 0.02,
        "ratio": 4.0,
        "strata": ["alto", "medio", "bajo"],
        "nested": {"a": [1, 2.5, None, True]},
    },
}


def threads(target, count: int) -> list[Exception]:
    errors: list[Exception] = []

    def run(i: int) -> None:
        try:
            target(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted empty
            errors.append(exc)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return errors


def test_migrations_create_the_schema_on_postgres(fresh_pg_url):
    reg = Registry(fresh_pg_url)
    assert reg.engine.dialect.name == "postgresql"
    Registry(fresh_pg_url)  # a second open finds the schema at head and changes nothing
    inspector = inspect(reg.engine)
    assert {"campaigns", "audit_events", "alembic_version"} <= set(inspector.get_table_names())
    columns = {c["name"]: c for c in inspector.get_columns("campaigns")}
    assert columns["created_at"]["type"].timezone is True
    assert [i["column_names"] for i in inspector.get_indexes("audit_events")] == [["campaign_id"]]
    assert inspector.get_foreign_keys("audit_events")[0]["referred_table"] == "campaigns"
    with reg.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0003"]
        assert conn.execute(text("SHOW server_encoding")).scalar() == "UTF8"


def test_save_and_reload_keep_accents_and_every_section(fresh_pg_url):
    cid = Registry(fresh_pg_url).save_campaign(CAMPAIGN)
    again = Registry(fresh_pg_url)  # as a second app server would see it
    assert again.load_campaign(cid) == {**CAMPAIGN, "version": 1}
    assert [(c.id, c.name, c.stage) for c in again.list_campaigns()] == [
        (cid, CAMPAIGN["brief"]["name"], "designed")
    ]
    with again.engine.connect() as conn:  # stored as real UTF-8 text, not escaped
        name, data = conn.execute(text("SELECT name, data FROM campaigns WHERE id = :i"), {"i": cid}).one()
    assert name == "Catálogo otoño – Ñuñoa & Peñalolén ✉" and "漢字" in data


def test_audit_trail_is_in_order_and_timezone_aware(fresh_pg_url):
    reg = Registry(fresh_pg_url)
    admin = reg.create_first_admin("it", "clave-segura-1")
    ana = reg.create_user("analista", "clave-segura-2", "analyst", actor=admin)
    boss = reg.create_user("gerente", "clave-segura-3", "leader", actor=admin)
    cid = reg.save_campaign({"stage": "draft", "brief": {"name": "SMS retención"}}, actor=ana)
    reg.save_campaign(
        {"stage": "draft", "brief": {"name": "SMS retención"}}, campaign_id=cid, actor=ana, expected_version=1
    )
    reg.save_campaign(
        {"stage": "analysed", "brief": {"name": "SMS retención"}},
        campaign_id=cid,
        actor=ana,
        expected_version=2,
    )
    reg.decide(
        cid,
        "approved",
        actor=boss,
        snapshot={"recommendation": "go"},
        reason="ROI incremental positivo ✓",
        expected_version=3,
    )
    reg.set_stage(cid, "rolled_out", actor=boss)
    log = Registry(fresh_pg_url).audit_log(cid)
    assert [(e.action, e.from_stage, e.to_stage) for e in log] == [
        ("created", None, "draft"),
        ("saved", "draft", "draft"),
        ("stage", "draft", "analysed"),
        ("decision", "analysed", "approved"),
        ("stage", "approved", "rolled_out"),
    ]
    assert (log[3].actor, log[3].note) == ("gerente", "ROI incremental positivo ✓")
    assert all(e.at.utcoffset() is not None for e in log)
    assert [e.at for e in log] == sorted(e.at for e in log)


def test_set_stage_and_bad_input_leave_saved_work(fresh_pg_url):
    reg = Registry(fresh_pg_url)
    cid = reg.save_campaign({"stage": "designed", "brief": {"name": "A"}})
    reg.set_stage(cid, "running", note="envío del 3 de marzo")
    with pytest.raises(InputError, match="stage"):
        reg.set_stage(cid, "done")
    with pytest.raises(InputError, match="campaign_id 999"):
        reg.set_stage(999, "analysed")
    assert reg.load_campaign(cid) == {"stage": "running", "brief": {"name": "A"}, "version": 2}
    assert [e.to_stage for e in reg.audit_log(cid)] == ["designed", "running"]


def test_audit_rows_stay_append_only(fresh_pg_url):
    from sqlalchemy.orm import Session

    from rollout._models import AuditEvent

    reg = Registry(fresh_pg_url)
    reg.save_campaign({"stage": "draft"})
    with Session(reg.engine) as session, pytest.raises(RuntimeError, match="append-only"):
        session.query(AuditEvent).first().note = "tampered"
        session.commit()
    assert reg.audit_log(1)[0].note == ""


def test_the_environment_variable_points_the_registry_at_postgres(fresh_pg_url, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", fresh_pg_url)
    reg = Registry()
    assert reg.engine.dialect.name == "postgresql"
    cid = reg.save_campaign({"stage": "draft", "brief": {"name": "por variable de entorno"}})
    assert Registry(fresh_pg_url).load_campaign(cid)["brief"]["name"] == "por variable de entorno"


def test_concurrent_writers_from_threads_lose_nothing(fresh_pg_url):
    """Four threads open the fresh database at once (first migration races) and save 10 campaigns each."""

    def writer(i: int) -> None:
        reg = Registry(fresh_pg_url)
        for j in range(10):
            reg.save_campaign({"stage": "draft", "brief": {"name": f"c{i}-{j}"}})

    assert threads(writer, 4) == []
    reg = Registry(fresh_pg_url)
    names = sorted(c.name for c in reg.list_campaigns())
    assert names == sorted(f"c{i}-{j}" for i in range(4) for j in range(10))
    with reg.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), count(DISTINCT campaign_id) FROM audit_events")).one() == (
            40,
            40,
        )


def test_concurrent_saves_keep_the_audit_chain(fresh_pg_url):
    """Under READ COMMITTED two writers could both read the old version; each audit row must carry the
    next version and start at the stage the previous one ended."""
    reg = Registry(fresh_pg_url)
    cid = reg.save_campaign({"stage": "draft"})

    def saver(i: int) -> None:
        mine, done = Registry(fresh_pg_url), 0
        while done < 10:
            current = mine.load_campaign(cid)
            current["design"] = {"thread": i, "save": done}
            try:
                mine.save_campaign(current, campaign_id=cid)
                done += 1
            except StaleCampaignError:
                pass

    assert threads(saver, 4) == []
    log = reg.audit_log(cid)
    assert len(log) == 41 and [e.version for e in log] == list(range(1, 42))
    assert [e.from_stage for e in log[1:]] == [e.to_stage for e in log[:-1]]
    assert reg.load_campaign(cid)["version"] == 41 and reg.verify_audit().ok


def test_app_servers_opening_a_new_database_at_once_all_succeed(fresh_pg_url, tmp_path):
    """Three processes (three app servers) migrate the same empty database at the same moment."""
    go = tmp_path / "go"
    script = textwrap.dedent(f"""
        import os, pathlib, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from rollout.registry import Registry, StaleCampaignError
        pathlib.Path({str(tmp_path)!r}, "ready-" + sys.argv[1]).touch()
        while not os.path.exists({str(go)!r}):
            time.sleep(0.005)
        Registry({fresh_pg_url!r}).save_campaign({{"stage": "draft"}})
    """)
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(i)], stderr=subprocess.PIPE, text=True)
        for i in range(3)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)  # every process has imported: now they start together
    go.touch()
    results = [(proc.wait(timeout=120), proc.stderr.read()[-500:]) for proc in procs]
    assert results == [(0, "")] * 3
    assert len(Registry(fresh_pg_url).list_campaigns()) == 3

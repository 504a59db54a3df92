"""Registry round trips on a real SQLite file (oracle: what was saved is what is read back)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text

from planner_common import InputError
from rollout.registry import Registry


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'registry.sqlite'}"


def test_save_and_reload_keeps_every_section(url):
    campaign = {
        "stage": "designed",
        "brief": {"name": "Catálogo otoño", "fixed_cost": 2_000_000.0},
        "design": {"n_control": 5000, "n_treatment": 20000, "baseline_rate": 0.02},
    }
    reg = Registry(url)
    cid = reg.save_campaign(campaign)
    again = Registry(url)  # a new process would see the same
    assert again.load_campaign(cid) == {**campaign, "version": 1}
    assert [c.name for c in again.list_campaigns()] == ["Catálogo otoño"]


def test_every_change_is_audited_in_order(url):
    reg = Registry(url)
    admin = reg.create_first_admin("it", "clave-segura-1")
    ana = reg.create_user("ana", "clave-segura-2", "analyst", actor=admin)
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
        reason="ROI incremental positivo",
        expected_version=3,
    )
    log = reg.audit_log(cid)
    assert [(e.action, e.from_stage, e.to_stage, e.version) for e in log] == [
        ("created", None, "draft", 1),
        ("saved", "draft", "draft", 2),
        ("stage", "draft", "analysed", 3),
        ("decision", "analysed", "approved", 4),
    ]
    assert (log[-1].actor, log[-1].actor_id, log[-1].note) == ("gerente", boss.id, "ROI incremental positivo")
    assert [e.at for e in log] == sorted(e.at for e in log) and all(e.at.utcoffset() is not None for e in log)


def test_audit_rows_cannot_be_changed_through_the_orm(url):
    from sqlalchemy.orm import Session

    from rollout._models import AuditEvent

    reg = Registry(url)
    reg.save_campaign({"stage": "draft"})
    with Session(reg.engine) as session, pytest.raises(RuntimeError, match="append-only"):
        row = session.query(AuditEvent).first()
        row.note = "tampered"
        session.commit()


def test_migrations_are_idempotent_and_sqlite_uses_wal(url):
    Registry(url)
    reg = Registry(url)
    tables = set(inspect(reg.engine).get_table_names())
    assert {"campaigns", "audit_events", "alembic_version"} <= tables
    with reg.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"


def test_bad_input_is_refused_and_saved_work_stays(url):
    reg = Registry(url)
    cid = reg.save_campaign({"stage": "draft", "brief": {"name": "A"}})
    with pytest.raises(InputError, match="stage"):
        reg.save_campaign({"stage": "done"}, campaign_id=cid, expected_version=1)
    with pytest.raises(InputError, match="campaign_id 99"):
        reg.load_campaign(99)
    assert reg.load_campaign(cid)["brief"]["name"] == "A"


def test_numpy_values_and_nan_are_saved_as_plain_json(url):
    import numpy as np

    reg = Registry(url)
    cid = reg.save_campaign({"stage": "analysed", "readout": {"n": np.int64(5), "p": np.float64("nan")}})
    assert reg.load_campaign(cid)["readout"] == {"n": 5, "p": None}


def test_concurrent_writers_do_not_lose_saves(url):
    Registry(url)
    errors: list[Exception] = []

    def writer(i: int) -> None:
        try:
            reg = Registry(url)
            for j in range(10):
                reg.save_campaign({"stage": "draft", "brief": {"name": f"c{i}-{j}"}})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert len(Registry(url).list_campaigns()) == 40


def test_listing_limit_and_archived_filter_are_applied_by_the_query(url):
    """Oracle: the full listing filtered and cut in Python gives the same rows as the query's own filter."""
    reg = Registry(url)
    admin = reg.create_first_admin("it", "clave-segura-1")
    ana = reg.create_user("ana", "clave-segura-2", "marketer", actor=admin)
    ids = [reg.save_campaign({"brief": {"name": f"Campaña {i}"}}, actor=ana) for i in range(5)]
    reg.archive(ids[3], actor=ana, reason="duplicada")
    everything = reg.list_campaigns()
    expected = [c.id for c in everything if not c.archived][:2]
    assert [c.id for c in reg.list_campaigns(limit=2, archived=False)] == expected
    assert len(everything) == 5 and ids[3] not in [c.id for c in reg.list_campaigns(archived=False)]
    with pytest.raises(InputError):
        reg.list_campaigns(limit=0)

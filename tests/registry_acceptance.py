"""Acceptance tests of the registry's rules, run on SQLite (tests/rollout) and PostgreSQL (tests/integration).

A module importing ``from registry_acceptance import *`` and defining a ``url`` fixture (an empty
database) collects every ``test_*`` below for its engine.

Oracles: the rules of the issue "Approvals that prove who decided what" (properties: refused means
nothing written, read back with plain SQL); SHA-256 recomputed with ``hashlib`` and ``json`` directly
(independent of the registry's helpers); the database's own refusal of raw SQL; invariants of the audit
trail (row counts per actor, timestamps in order, chain verifying) under concurrent processes.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from planner_common import InputError
from rollout.registry import PermissionDenied, Registry, StaleCampaignError

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = {
    "recommendation": "no_go",
    "expected_profit": -1_250_000.0,
    "probability_of_profit": 0.18,
    "data_fingerprints": {"pilot.csv": "9f2c" * 16},
}
__all__ = [
    "people",
    "analysed",
    "test_a_marketers_approval_is_refused",
    "test_a_no_go_approval_needs_a_reason_and_stores_the_hashed_snapshot",
    "test_a_stale_save_is_refused_and_the_approval_survives",
    "test_raw_update_and_delete_of_audit_rows_fail",
    "test_an_audit_row_edited_with_the_triggers_dropped_is_detected",
    "test_stages_only_move_forward_and_reopen_needs_a_reason",
    "test_a_change_after_approval_needs_a_new_approval",
    "test_the_same_text_limits_on_every_engine",
    "test_concurrent_processes_lose_no_save_and_keep_time_in_order",
]


@pytest.fixture
def people(url):
    """A registry with one account per role (passwords are 'clave-segura-<role>')."""
    reg = Registry(url)
    admin = reg.create_first_admin("it", "clave-segura-admin")
    users = {"admin": admin}
    for role in ("marketer", "analyst", "leader"):
        users[role] = reg.create_user(f"{role}1", f"clave-segura-{role}", role, actor=admin)
    return reg, users


@pytest.fixture
def analysed(people):
    """An analysed campaign (brief by the marketer, readout by the analyst) at version 2."""
    reg, users = people
    brief = {"stage": "draft", "brief": {"name": "Catálogo otoño", "channel": "direct_mail"}}
    cid = reg.save_campaign(brief, actor=users["marketer"])
    readout = {**brief, "stage": "analysed", "readout": {"effect_size": 0.01, "pvalue": 2e-5}}
    reg.save_campaign(readout, campaign_id=cid, actor=users["analyst"], expected_version=1)
    return reg, users, cid


def _audit_rows(reg, cid):
    with reg.engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM audit_events WHERE campaign_id = :c"), {"c": cid}
        ).scalar()


def test_a_marketers_approval_is_refused(analysed):
    reg, users, cid = analysed
    before = _audit_rows(reg, cid)
    with pytest.raises(PermissionDenied) as refused:
        reg.decide(
            cid, "approved", actor=users["marketer"], snapshot=SNAPSHOT, reason="x", expected_version=2
        )
    assert refused.value.code == "permission_denied" and isinstance(refused.value, InputError)
    with pytest.raises(PermissionDenied, match="signed-in user"):
        reg.decide(cid, "approved", actor="Ana Muñoz", snapshot=SNAPSHOT, reason="x", expected_version=2)
    with pytest.raises(PermissionDenied):
        reg.save_campaign(
            {"stage": "analysed", "readout": {}}, campaign_id=cid, actor=users["marketer"], expected_version=2
        )
    assert reg.load_campaign(cid)["stage"] == "analysed" and _audit_rows(reg, cid) == before
    assert reg.approval_status(cid).decision is None


def test_a_no_go_approval_needs_a_reason_and_stores_the_hashed_snapshot(analysed):
    reg, users, cid = analysed
    with pytest.raises(InputError) as refused:
        reg.decide(
            cid, "approved", actor=users["leader"], snapshot=SNAPSHOT, reason="   ", expected_version=2
        )
    assert refused.value.code == "reason_required"
    assert reg.load_campaign(cid)["stage"] == "analysed"
    status = reg.decide(
        cid,
        "approved",
        actor=users["leader"],
        snapshot=SNAPSHOT,
        reason="Piloto estratégico",
        expected_version=2,
    )
    canonical = json.dumps(SNAPSHOT, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert status.snapshot_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert (status.decision, status.current, status.actor, status.reason) == (
        "approved",
        True,
        "leader1",
        "Piloto estratégico",
    )
    assert status.snapshot == SNAPSHOT and status.recommendation == "no_go" and status.version == 3
    last = reg.audit_log(cid)[-1]
    assert (last.action, last.to_stage, last.actor_id, last.snapshot_hash) == (
        "decision",
        "approved",
        users["leader"].id,
        status.snapshot_hash,
    )


def test_a_stale_save_is_refused_and_the_approval_survives(analysed):
    reg, users, cid = analysed
    stale_session = reg.load_campaign(cid)  # a second user opened the campaign at version 2
    snapshot = {**SNAPSHOT, "recommendation": "go"}
    reg.decide(cid, "approved", actor=users["leader"], snapshot=snapshot, expected_version=2)
    with pytest.raises(StaleCampaignError) as refused:
        reg.save_campaign(stale_session, campaign_id=cid, actor=users["analyst"])
    assert (refused.value.code, refused.value.params["current"]) == ("stale_campaign", 3)
    assert reg.load_campaign(cid)["stage"] == "approved"
    status = reg.approval_status(cid)
    assert status.decision == "approved" and status.current


def test_raw_update_and_delete_of_audit_rows_fail(analysed):
    reg, _, cid = analysed
    for statement in ("UPDATE audit_events SET note = 'tampered'", "DELETE FROM audit_events"):
        with pytest.raises(sa_exc.DatabaseError, match="append-only"), reg.engine.begin() as conn:
            conn.execute(text(statement))
    if reg.engine.dialect.name == "postgresql":
        with pytest.raises(sa_exc.DatabaseError, match="append-only"), reg.engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_events CASCADE"))
    assert _audit_rows(reg, cid) == 2 and all(e.note == "" for e in reg.audit_log(cid))
    assert reg.verify_audit().ok


def _drop_triggers(conn) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("DROP TRIGGER audit_events_no_delete"))
    else:
        conn.execute(text("DROP TRIGGER audit_events_no_update ON audit_events"))


def test_an_audit_row_edited_with_the_triggers_dropped_is_detected(analysed):
    reg, users, cid = analysed
    reg.decide(
        cid, "approved", actor=users["leader"], snapshot=SNAPSHOT, reason="estratégico", expected_version=2
    )
    assert reg.verify_audit().ok
    rows = [e.id for e in reg.audit_log(cid)]
    with reg.engine.begin() as conn:
        _drop_triggers(conn)
        conn.execute(text("UPDATE audit_events SET actor = 'marketer1' WHERE id = :i"), {"i": rows[-1]})
        conn.execute(text("DELETE FROM audit_events WHERE id = :i"), {"i": rows[0]})
    report = reg.verify_audit()
    found = {(b.row_id, b.problem) for b in report.breaks}
    assert found == {(rows[-1], "row_changed"), (rows[1], "link_broken")}
    assert not report.ok and all(b.campaign_id == cid for b in report.breaks)


def test_stages_only_move_forward_and_reopen_needs_a_reason(analysed):
    reg, users, cid = analysed
    for stage in ("draft", "approved", "rolled_out"):
        with pytest.raises(InputError) as refused:
            reg.set_stage(cid, stage, actor=users["leader"])
        assert refused.value.code in {"stage_backwards", "stage_needs_decision", "rollout_needs_approval"}
    # a session still holding "designed" saves: the stage stays "analysed"
    saved = reg.save(
        {
            "stage": "designed",
            "brief": {"name": "Catálogo otoño", "channel": "direct_mail"},
            "readout": {"effect_size": 0.01, "pvalue": 2e-5},
            "design": {"n_control": 5000},
        },
        campaign_id=cid,
        actor=users["analyst"],
        expected_version=2,
    )
    assert saved.stage == "analysed" and saved.version == 3
    with pytest.raises(InputError, match="reason"):
        reg.reopen(cid, actor=users["leader"], reason=" ", to_stage="designed")
    with pytest.raises(PermissionDenied):
        reg.reopen(cid, actor=users["analyst"], reason="faltó un segmento", to_stage="designed")
    back = reg.reopen(cid, actor=users["leader"], reason="faltó un segmento", to_stage="designed")
    assert (back.stage, back.version) == ("designed", 4)
    assert [(e.action, e.from_stage, e.to_stage) for e in reg.audit_log(cid)][-2:] == [
        ("saved", "analysed", "analysed"),
        ("reopened", "analysed", "designed"),
    ]


def test_a_change_after_approval_needs_a_new_approval(analysed):
    reg, users, cid = analysed
    go = {**SNAPSHOT, "recommendation": "go"}
    reg.decide(cid, "approved", actor=users["leader"], snapshot=go, expected_version=2)
    changed = {**reg.load_campaign(cid), "readout": {"effect_size": 0.002, "pvalue": 0.3}}
    reg.save_campaign(changed, campaign_id=cid, actor=users["analyst"])
    status = reg.approval_status(cid)
    assert (status.decision, status.current, status.changed_after_decision) == ("approved", False, True)
    with pytest.raises(InputError) as refused:
        reg.set_stage(cid, "rolled_out", actor=users["leader"])
    assert refused.value.code == "rollout_needs_approval"
    again = reg.decide(cid, "approved", actor=users["leader"], snapshot=go, expected_version=4)
    assert again.current and again.version == 5
    assert reg.set_stage(cid, "rolled_out", actor=users["leader"], expected_version=5).stage == "rolled_out"
    late = {**reg.load_campaign(cid), "readout": {"effect_size": 0.0, "pvalue": 0.9}}
    reg.save_campaign(late, campaign_id=cid, actor=users["analyst"])  # numbers changed after the roll-out
    with pytest.raises(InputError) as refused:  # a rolled-out campaign is not decided again in place
        reg.decide(cid, "rejected", actor=users["leader"], snapshot=go, reason="x", expected_version=7)
    assert refused.value.code == "decision_wrong_stage"
    reg.reopen(cid, actor=users["admin"], reason="se repite el piloto", to_stage="analysed")
    assert reg.approval_status(cid).decision is None  # a reversed approval is never reported


def test_the_same_text_limits_on_every_engine(people):
    reg, users = people
    for name, code in (("x" * 100_000, "text_too_long"), ("Cat\x00álogo", "text_control_character")):
        with pytest.raises(InputError) as refused:
            reg.save_campaign({"stage": "draft", "brief": {"name": name}}, actor=users["marketer"])
        assert refused.value.code == code and "SELECT" not in str(refused.value)
    with pytest.raises(InputError) as refused:
        reg.save_campaign(
            {"stage": "draft", "brief": {"name": "A", "notes": "a\x00b"}}, actor=users["marketer"]
        )
    assert refused.value.code == "text_control_character"
    with pytest.raises(InputError) as refused:
        reg.create_user("x" * 101, "clave-segura-1", "analyst", actor=users["admin"])
    assert refused.value.code == "text_too_long"
    assert reg.list_campaigns() == []


WORKER = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from rollout.registry import Registry, StaleCampaignError
    url, cid, worker, saves = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    reg = Registry(url)
    me = reg.authenticate(f"writer{{worker}}", "clave-segura-writer")
    done = stale = 0
    while done < saves:
        current = reg.load_campaign(cid)
        current["design"] = {{"worker": worker, "save": done}}
        try:
            reg.save_campaign(current, campaign_id=cid, actor=me)
            done += 1
        except StaleCampaignError:  # someone saved first: reload and retry
            stale += 1
    print(json.dumps({{"done": done, "stale": stale}}))
""")


def concurrent_saves(url: str, processes: int = 8, saves: int = 200) -> dict:
    """``processes`` processes save one campaign ``saves`` times each (reload and retry when stale)."""
    reg = Registry(url)
    admin = reg.create_first_admin("it", "clave-segura-admin")
    writers = [
        reg.create_user(f"writer{i}", "clave-segura-writer", "analyst", actor=admin) for i in range(processes)
    ]
    cid = reg.save_campaign({"stage": "designed", "brief": {"name": "Carga"}}, actor=writers[0])
    script = WORKER.format(root=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, str(cid), str(i), str(saves)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]
    results = [json.loads(p.communicate(timeout=600)[0]) for p in procs]
    log = reg.audit_log(cid)
    backwards = sum(later.at < earlier.at for earlier, later in zip(log, log[1:], strict=False))
    per_actor = {w.username: sum(e.actor == w.username and e.action == "saved" for e in log) for w in writers}
    return {
        "cid": cid,
        "done": sum(r["done"] for r in results),
        "stale": sum(r["stale"] for r in results),
        "version": reg.load_campaign(cid)["version"],
        "rows": len(log),
        "per_actor": per_actor,
        "backwards": backwards,
        "report": reg.verify_audit(),
    }


@pytest.mark.slow
def test_concurrent_processes_lose_no_save_and_keep_time_in_order(url):
    """8 processes × 200 saves on one campaign: every save is a row, versions count them, time in order."""
    found = concurrent_saves(url)
    print({k: v for k, v in found.items() if k not in ("report", "per_actor")})  # shown by pytest -rP
    assert found["done"] == 1600 and found["version"] == 1601 and found["rows"] == 1601
    assert set(found["per_actor"].values()) == {200}
    assert found["backwards"] == 0
    assert found["report"].ok and found["report"].rows == 1601 + 9  # + account rows

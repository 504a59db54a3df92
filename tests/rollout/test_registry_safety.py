"""Safe targets, read-only mode, coded database errors and the setup mode of the registry (SQLite).

Oracles: SHA-256 of the target file taken with ``hashlib`` before and after (byte-identical means
untouched); the file's own tables and journal mode read with the ``sqlite3`` module; properties of the
rules (refused means nothing written).
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from planner_common import InputError
from rollout.permissions import User
from rollout.registry import PermissionDenied, Registry, RegistryError


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_apps_sqlite_file_is_refused_byte_identical(tmp_path):
    other = tmp_path / "crm.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
        conn.execute("INSERT INTO customers (email) VALUES ('ana@empresa.cl')")
    conn.close()
    before = sha(other)
    with pytest.raises(RegistryError) as refused:
        Registry(f"sqlite:///{other}")
    assert refused.value.code == "not_a_registry" and "customers" in str(refused.value)
    assert sha(other) == before
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert tables == {"customers"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.sqlite"]


def test_a_text_file_is_refused_byte_identical(tmp_path):
    notes = tmp_path / "notas.txt"
    notes.write_text("Reunión de campaña: revisar el piloto.\n" * 50, encoding="utf-8")
    before = sha(notes)
    with pytest.raises(RegistryError) as refused:
        Registry(f"sqlite:///{notes}")
    assert refused.value.code == "not_a_registry"
    assert sha(notes) == before and sorted(p.name for p in tmp_path.iterdir()) == ["notas.txt"]


def test_a_read_only_registry_reads_everything_and_writes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "archivo.sqlite"
    reg = Registry(f"sqlite:///{path}")
    cid = reg.save_campaign({"stage": "draft", "brief": {"name": "Catálogo 2024"}})
    reg.engine.dispose()
    before = sha(path)
    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_READONLY", "1")
    archive = Registry(f"sqlite:///{path}")
    assert archive.read_only
    assert archive.load_campaign(cid)["brief"]["name"] == "Catálogo 2024"
    assert [c.name for c in archive.list_campaigns()] == ["Catálogo 2024"]
    assert archive.verify_audit().ok and len(archive.audit_log(cid)) == 1
    for write in (
        lambda: archive.save_campaign({"stage": "draft"}),
        lambda: archive.create_first_admin("it", "clave-segura-1"),
    ):
        with pytest.raises(RegistryError) as refused:
            write()
        assert refused.value.code == "registry_read_only"
    archive.engine.dispose()
    assert sha(path) == before


def test_the_engine_refuses_writes_in_read_only_mode(tmp_path):
    """Past the registry's own check, ``mode=ro`` makes SQLite itself refuse: one coded error, no SQL."""
    from rollout._registry_engine import write_session

    path = tmp_path / "archivo.sqlite"
    Registry(f"sqlite:///{path}").save_campaign({"stage": "draft"})
    archive = Registry(f"sqlite:///{path}", read_only=True)
    with pytest.raises(RegistryError) as refused, write_session(archive.engine) as session:
        from sqlalchemy import text

        session.execute(text("UPDATE campaigns SET name = 'x'"))
    assert refused.value.code == "registry_read_only" and "UPDATE" not in str(refused.value)


def test_database_failures_are_one_coded_sentence_without_sql(tmp_path):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    with pytest.raises(RegistryError) as refused:
        Registry(f"sqlite:///{blocker}/registry.sqlite")
    assert refused.value.code == "registry_unavailable"
    assert not any(word in str(refused.value) for word in ("SELECT", "sqlite3", "PRAGMA", "[SQL"))
    with pytest.raises(RegistryError) as missing:
        Registry(f"sqlite:///{tmp_path / 'nada.sqlite'}", read_only=True)
    assert missing.value.code == "registry_unavailable" and not (tmp_path / "nada.sqlite").exists()


def test_before_any_account_saves_are_anonymous_and_after_they_need_a_user(tmp_path):
    reg = Registry(f"sqlite:///{tmp_path / 'r.sqlite'}")
    cid = reg.save_campaign({"stage": "analysed", "brief": {"name": "Primer plan"}})
    assert reg.audit_log(cid)[0].actor == "app"
    with pytest.raises(PermissionDenied) as refused:
        reg.decide(cid, "approved", actor=None, snapshot={"recommendation": "go"}, expected_version=1)
    assert refused.value.code == "sign_in_required"
    reg.create_first_admin("it", "clave-segura-1")
    with pytest.raises(PermissionDenied) as refused:
        reg.save_campaign({"stage": "analysed"}, campaign_id=cid, expected_version=1)
    assert refused.value.code == "sign_in_required"
    assert reg.load_campaign(cid)["version"] == 1


def test_a_user_object_claiming_another_role_is_checked_against_its_row(tmp_path):
    reg = Registry(f"sqlite:///{tmp_path / 'r.sqlite'}")
    admin = reg.create_first_admin("it", "clave-segura-1")
    ana = reg.create_user("ana", "clave-segura-2", "marketer", actor=admin)
    cid = reg.save_campaign(
        {"stage": "analysed", "readout": {}},
        actor=reg.create_user("eva", "clave-segura-3", "analyst", actor=admin),
    )
    forged = User(id=ana.id, username="ana", display_name="Ana", role="leader")
    with pytest.raises(PermissionDenied) as refused:
        reg.decide(cid, "approved", actor=forged, snapshot={"recommendation": "go"}, expected_version=1)
    assert refused.value.params["role"] == "marketer"
    with pytest.raises(PermissionDenied) as unknown:
        reg.save_campaign(
            {"stage": "draft"}, actor=User(id=99, username="x", display_name="x", role="leader")
        )
    assert unknown.value.code == "user_inactive"


def test_versions_are_required_to_update_and_bad_ids_are_one_sentence(tmp_path):
    reg = Registry(f"sqlite:///{tmp_path / 'r.sqlite'}")
    cid = reg.save_campaign({"stage": "draft"})
    with pytest.raises(InputError) as missing:
        reg.save_campaign({"stage": "draft"}, campaign_id=cid)
    assert missing.value.code == "version_missing"
    with pytest.raises(InputError) as unknown:
        reg.save_campaign({"stage": "draft"}, campaign_id=42, expected_version=1)
    assert unknown.value.code == "campaign_not_found"
    assert reg.save(reg.load_campaign(cid), campaign_id=cid).version == 2  # "version" in the dict counts

"""Acceptance tests of the portfolio's actions, tiers, dates and migration on SQLite and PostgreSQL.

A module importing ``from portfolio_actions_acceptance import *`` and defining a ``url`` fixture (an
empty database) collects every ``test_*`` below for its engine.

Oracles: rows counted and read back with plain SQL (nothing deleted, audit rows present); the rules of
the issue (archive hides and audits, duplicate copies brief and design only); statsmodels
``combine_effects`` (DerSimonian–Laird) on each tier's lines, as an independent library; the audit
log's own timestamps for the dates rule; a round trip through the 0003 migration (downgrade to 0002,
then upgrade: the backfill must rebuild what saving wrote).
"""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text
from statsmodels.stats.meta_analysis import combine_effects

from planner_common import InputError
from rollout import PortfolioFilter
from rollout.registry import PermissionDenied, Registry

__all__ = [
    "people",
    "test_archive_hides_never_deletes_and_is_audited",
    "test_who_may_archive_a_decided_campaign",
    "test_without_accounts_the_app_archives_and_restores_a_work_stage_campaign",
    "test_duplicate_copies_the_brief_and_design_only",
    "test_import_writes_the_same_rows_as_saving_and_a_valid_chain",
    "test_tier_results_match_statsmodels_per_tier",
    "test_tier_rows_are_kept_per_content_and_never_deleted",
    "test_pilot_dates_follow_the_documented_rule",
    "test_the_0003_backfill_rebuilds_what_saving_wrote",
]
READOUT_ONLY = {"effect_size": 0.01}


@pytest.fixture
def people(url):
    reg = Registry(url)
    admin = reg.create_first_admin("it", "clave-segura-admin")
    users = {"admin": admin}
    for role in ("marketer", "analyst", "leader"):
        users[role] = reg.create_user(f"{role}1", f"clave-segura-{role}", role, actor=admin)
    return reg, users


def _count(reg: Registry, sql: str) -> int:
    with reg.engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_archive_hides_never_deletes_and_is_audited(people):
    reg, users = people
    cid = reg.save_campaign({"stage": "draft", "brief": {"name": "Prueba"}}, actor=users["marketer"])
    other = reg.save_campaign({"stage": "draft", "brief": {"name": "Otra"}}, actor=users["marketer"])
    with pytest.raises(InputError) as refused:
        reg.archive(cid, actor=users["marketer"], reason="  ")
    assert refused.value.code == "text_required"
    saved = reg.archive(cid, actor=users["marketer"], reason="Borrador repetido", expected_version=1)
    assert saved.version == 2 and [r.id for r in reg.portfolio().rows] == [other]
    assert [r.id for r in reg.portfolio(PortfolioFilter(archived=True)).rows] == [cid]
    assert reg.load_campaign(cid)["brief"]["name"] == "Prueba"  # still there, never deleted
    assert _count(reg, "SELECT count(*) FROM campaigns") == 2
    last = reg.audit_log(cid)[-1]
    assert (last.action, last.note, last.actor, last.version) == (
        "archived",
        "Borrador repetido",
        "marketer1",
        2,
    )
    with pytest.raises(InputError) as refused:
        reg.archive(cid, actor=users["leader"], reason="otra vez")
    assert refused.value.code == "already_archived"
    reg.restore(cid, actor=users["analyst"], reason="se retoma")
    assert sorted(r.id for r in reg.portfolio().rows) == [cid, other]
    assert [e.action for e in reg.audit_log(cid)] == ["created", "archived", "restored"]
    with pytest.raises(InputError) as refused:
        reg.restore(cid, actor=users["analyst"])
    assert refused.value.code == "not_archived"
    assert reg.verify_audit().ok


def test_who_may_archive_a_decided_campaign(people):
    reg, users = people
    cid = reg.save_campaign({"stage": "analysed", "readout": READOUT_ONLY}, actor=users["analyst"])
    reg.decide(cid, "approved", actor=users["leader"], snapshot={"recommendation": "go"}, expected_version=1)
    rows_before = _count(reg, "SELECT count(*) FROM audit_events")
    for role in ("marketer", "analyst"):
        with pytest.raises(PermissionDenied):
            reg.archive(cid, actor=users[role], reason="cerrada")
    with pytest.raises(PermissionDenied) as refused:
        reg.archive(cid, actor=None, reason="cerrada")
    assert refused.value.code == "sign_in_required"
    assert _count(reg, "SELECT count(*) FROM audit_events") == rows_before
    assert reg.archive(cid, actor=users["admin"], reason="cerrada").version == 3
    status = reg.approval_status(cid)
    assert status.decision == "approved" and status.current  # archiving changes no decision


def test_without_accounts_the_app_archives_and_restores_a_work_stage_campaign(url):
    """Rule (rollout.permissions): with no accounts yet, saving, duplicating and archiving a campaign in
    a work stage need no sign-in; the audit rows name the app's actor. Once accounts exist, they do."""
    reg = Registry(url)
    cid = reg.save_campaign({"stage": "analysed", "brief": {"name": "Sin cuentas"}})
    assert reg.archive(cid, actor=None, reason="pausa").version == 2
    assert reg.restore(cid, actor=None).version == 3
    events = [(e.action, e.actor) for e in reg.audit_log(cid)]
    assert events[-2:] == [("archived", "app"), ("restored", "app")]
    assert reg.verify_audit().ok
    reg.create_first_admin("it", "clave-segura-admin")
    with pytest.raises(PermissionDenied) as refused:
        reg.archive(cid, actor=None, reason="pausa")
    assert refused.value.code == "sign_in_required"


def test_duplicate_copies_the_brief_and_design_only(people):
    reg, users = people
    source = {
        "stage": "analysed",
        "brief": {"name": "Catálogo otoño", "channel": "mail", "objective": "grow", "fixed_cost": 3e6},
        "design": {
            "n_control": 5000,
            "n_treatment": 20000,
            "start_date": "2025-03-03",
            "end_date": "2025-03-30",
        },
        "assignment": {"salt": "otono"},
        "readout": READOUT_ONLY,
        "rollout": {"audience": 200_000},
        "widgets": {"analyze": {"file": "piloto.csv"}},
    }
    cid = reg.save_campaign(source, actor=users["leader"], summary={"n_treatment": 20000, "currency": "CLP"})
    reg.decide(cid, "approved", actor=users["leader"], snapshot={"recommendation": "go"}, expected_version=1)
    copy = reg.duplicate(cid, actor=users["analyst"], name="Catálogo primavera")
    loaded = reg.load_campaign(copy.id)
    assert loaded == {
        "stage": "designed",
        "version": 1,
        "brief": {**source["brief"], "name": "Catálogo primavera"},
        "design": {"n_control": 5000, "n_treatment": 20000},
    }
    row = next(r for r in reg.portfolio().rows if r.id == copy.id)
    assert (row.owner, row.contacts, row.pilot_start, row.pilot_end, row.channel) == (
        "analyst1",
        None,
        None,
        None,
        "mail",
    )
    assert reg.approval_status(copy.id).decision is None and reg.load_campaign(cid)["version"] == 2
    assert [(e.action, e.note) for e in reg.audit_log(copy.id)] == [
        ("created", f"duplicate of campaign {cid}")
    ]
    assert (reg.audit_log(cid)[-1].action, reg.audit_log(cid)[-1].note) == (
        "duplicated",
        f"copied to campaign {copy.id}",
    )
    with pytest.raises(PermissionDenied):
        reg.duplicate(cid, actor=users["admin"], name="x")
    assert reg.verify_audit().ok and reg.approval_status(cid).current


def _past(m: int) -> tuple[dict, dict]:
    lines = [
        {"metric": "compra", "arm": "piloto", "segment": tier, "n_control": 1000 + m, "n_treatment": 4000,
         "effect_size": 0.002 * m + k * 0.001, "std_error": 0.003 + 0.0005 * k}
        for k, tier in enumerate(("alto", "medio"))
    ]  # fmt: skip
    campaign = {
        "stage": "analysed",
        "brief": {"name": f"SMS {m}", "channel": "sms", "objective": "retain"},
        "design": {"start_date": f"2024-{m:02d}-01", "end_date": f"2024-{m:02d}-20"},
        "readout": {"arm": "piloto", "primary": "compra", "metrics": {"compra": {}}, "segment_lines": lines},
    }
    return campaign, {"n_treatment": 10_000 + m, "n_control": 2_000, "control_rate": 0.02, "currency": "CLP",
                      "expected_profit": 1e6 * m, "profit_ci_lower": 0.0, "profit_ci_upper": 2e6 * m}  # fmt: skip


def test_import_writes_the_same_rows_as_saving_and_a_valid_chain(people, url):
    reg, users = people
    items = [_past(m) for m in range(1, 13)]
    with pytest.raises(PermissionDenied):
        reg.import_campaigns(items, actor=users["analyst"])
    with pytest.raises(InputError) as refused:
        reg.import_campaigns([*items, ({"stage": "approved"}, None)], actor=users["leader"])
    assert refused.value.code == "stage_needs_decision" and _count(reg, "SELECT count(*) FROM campaigns") == 0
    ids = reg.import_campaigns(items, actor=users["leader"])
    saved = [reg.save(c, actor=users["leader"], summary=s).id for c, s in items]  # one at a time
    listed = {r.id: r for r in reg.portfolio(page_size=500).rows}
    for a, b in zip(ids, saved, strict=True):
        assert {**vars_of(listed[a]), "id": 0} == {**vars_of(listed[b]), "id": 0}
    assert _count(reg, "SELECT count(*) FROM campaign_segments") == 2 * 24
    assert [(e.action, e.note) for e in reg.audit_log(ids[0])] == [("created", "imported")]
    assert reg.verify_audit().ok and reg.verify_audit().rows == 4 + 24


def vars_of(row) -> dict:
    skip = {"created_at", "updated_at"}
    return {k: getattr(row, k) for k in row.__dataclass_fields__ if k not in skip}


def test_tier_results_match_statsmodels_per_tier(people):
    reg, users = people
    rng = np.random.default_rng(7)
    labels = ("Alto", "alto", "ALTO", "Estratégico", "estrategico", "medio", "bajo", "Otro")
    lines: dict[str, list[tuple[float, float, int, int]]] = {}
    for c in range(14):
        direction = "decrease" if c == 3 else "increase"
        by_key = {}  # one line per tier and campaign, labels written in varied ways
        for k in range(4):
            label = labels[(3 * c + k) % len(labels)]
            by_key.setdefault(label.lower().replace("é", "e"), label)
        readout_lines = []
        for tier in by_key.values():
            y, se, n_c, n_t = (
                float(rng.normal(0.01, 0.006)),
                float(rng.uniform(0.002, 0.006)),
                900 + c,
                3600 + c,
            )
            readout_lines.append({"metric": "compra", "arm": "B", "segment": tier, "n_control": n_c, "n_treatment": n_t,
                                  "effect_size": y, "std_error": se, "direction": direction})  # fmt: skip
            key = tier.lower().replace("é", "e")
            lines.setdefault(key, []).append((-y if direction == "decrease" else y, se, n_c, n_t))
        noise = [
            {**readout_lines[0], "metric": "ingreso"},
            {**readout_lines[0], "arm": "A"},
        ]  # other metric / arm
        readout = {
            "arm": "B",
            "metrics": {"compra": {}, "ingreso": {}},
            "segment_lines": readout_lines + noise,
        }
        reg.save_campaign({"stage": "analysed", "readout": readout}, actor=users["analyst"])
    result = reg.tier_results()
    assert [r.key for r in result.rows] == ["alto", "medio", "bajo", "estrategico", "otro"]
    for row in result.rows:
        y, se, n_c, n_t = (np.array(v) for v in zip(*lines[row.key], strict=True))
        sm = combine_effects(y, se**2, method_re="dl")
        tau2 = max(float(sm.tau2), 0.0)
        mean = sm.mean_effect_re if sm.tau2 > 0 else sm.mean_effect_fe
        sd = sm.sd_eff_w_re if sm.tau2 > 0 else sm.sd_eff_w_fe
        assert (row.campaigns, row.n_control, row.n_treatment) == (len(y), int(n_c.sum()), int(n_t.sum()))
        assert row.effect_size == pytest.approx(mean, rel=1e-9) and row.std_error == pytest.approx(
            sd, rel=1e-9
        )
        assert row.tau_squared == pytest.approx(tau2, rel=1e-9, abs=1e-15)
        assert row.q_statistic == pytest.approx(sm.q, rel=1e-8)
        assert row.fixed_effect_size == pytest.approx(sm.mean_effect_fe, rel=1e-9)
        assert row.incremental_responses == pytest.approx(float((y * n_t).sum()), rel=1e-9)


def test_tier_rows_are_kept_per_content_and_never_deleted(people):
    reg, users = people
    first, second = _past(1)[0], _past(2)[0]
    cid = reg.save_campaign(first, actor=users["leader"])
    counts = [_count(reg, "SELECT count(*) FROM campaign_segments")]
    for content, version in ((first, 1), (second, 2), (first, 3)):
        reg.save_campaign(content, campaign_id=cid, actor=users["leader"], expected_version=version)
        counts.append(_count(reg, "SELECT count(*) FROM campaign_segments"))
        lifts = {r.key: r.effect_size for r in reg.tier_results().rows}
        assert lifts == {t["segment"]: t["effect_size"] for t in content["readout"]["segment_lines"]}
    assert counts == [2, 2, 4, 4]  # one set per content; going back reuses the first, nothing deleted


def _audit_day(reg: Registry, cid: int, index: int):
    return reg.audit_log(cid)[index].at.date()


def test_pilot_dates_follow_the_documented_rule(people):
    reg, users = people
    a = users["analyst"]
    cid = reg.save_campaign({"stage": "designed", "brief": {"name": "Sin fechas"}}, actor=a)
    row = reg.portfolio().rows[0]
    assert (row.pilot_start, row.pilot_end) == (None, None)
    reg.set_stage(cid, "running", actor=a)
    row = reg.portfolio().rows[0]
    assert (row.pilot_start, row.pilot_end) == (_audit_day(reg, cid, -1), None)
    brief = {"name": "Sin fechas"}
    reg.save_campaign({"stage": "analysed", "brief": brief, "readout": READOUT_ONLY}, campaign_id=cid, actor=a,
                      expected_version=2, summary={"n_treatment": 20_000})  # fmt: skip
    read_on = _audit_day(reg, cid, -1)
    reg.save_campaign({"stage": "analysed", "brief": brief, "readout": {"effect_size": 0.02}}, campaign_id=cid,
                      actor=a, expected_version=3)  # fmt: skip
    row = reg.portfolio().rows[0]
    assert (row.pilot_start, row.pilot_end, row.contacts) == (_audit_day(reg, cid, 1), read_on, 20_000)
    typed = {"stage": "analysed", "brief": brief, "readout": {"effect_size": 0.02},
             "design": {"start_date": "2024-05-06", "end_date": "2024-06-02"}}  # fmt: skip
    reg.save_campaign(typed, campaign_id=cid, actor=a, expected_version=4)
    row = reg.portfolio().rows[0]
    assert (row.pilot_start.isoformat(), row.pilot_end.isoformat()) == ("2024-05-06", "2024-06-02")
    rows = len(reg.audit_log(cid))
    with pytest.raises(InputError) as refused:
        reg.save_campaign({**typed, "design": {"start_date": "06/05/2024"}}, campaign_id=cid, actor=a,
                          expected_version=5)  # fmt: skip
    assert (refused.value.code, refused.value.params["field"]) == ("pilot_date_invalid", "design.start_date")
    assert len(reg.audit_log(cid)) == rows


def test_the_0003_backfill_rebuilds_what_saving_wrote(people):
    from rollout._registry_engine import downgrade

    reg, users = people
    for m in range(1, 5):
        campaign, summary = _past(m)
        reg.save(campaign, actor=users["leader"], summary=summary)
    reg.save({"stage": "running", "brief": {"name": "En curso"}}, actor=users["analyst"])
    before = [vars_of(r) for r in reg.portfolio(sort="name", page_size=500).rows]
    tiers_before = _tiers(reg)
    downgrade(reg.engine, "0002")
    with reg.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
        assert conn.execute(text("SELECT count(*) FROM campaigns WHERE summary IS NOT NULL")).scalar() == 4
    again = Registry(reg.url)
    assert [vars_of(r) for r in again.portfolio(sort="name", page_size=500).rows] == before
    assert _tiers(again) == tiers_before and len(tiers_before) == 2 and again.verify_audit().ok


def _tiers(reg: Registry) -> list[tuple]:
    return [(r.key, r.campaigns, r.n_treatment, round(r.effect_size, 12)) for r in reg.tier_results().rows]

"""Migration 0003 on registries written by earlier releases: the portfolio's columns are backfilled.

Oracles: the release-0001 fixture (``fixtures/release_0001.sqlite``) read with the ``sqlite3`` module
before the upgrade (names, audit rows and their days); the closed form of docs/formulas.md §17 for a
summary saved before the confidence level was stored (``SE = (upper − lower) / (2 × 1.959964)``).
The models = migrations check (Alembic ``compare_metadata``) is ``test_registry_migrations.py``'s.
"""

from __future__ import annotations

import shutil
import sqlite3
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from rollout import PortfolioFilter
from rollout._registry_engine import downgrade
from rollout.registry import Registry

FIXTURE = Path(__file__).parent / "fixtures" / "release_0001.sqlite"
LATER = ("running", "analysed", "approved", "rejected", "rolled_out")


def test_release_0001_campaigns_get_search_names_and_start_dates(tmp_path):
    path = tmp_path / "registry.sqlite"
    shutil.copy(FIXTURE, path)
    with sqlite3.connect(path) as conn:
        names = dict(conn.execute("SELECT id, name FROM campaigns").fetchall())
        audit = conn.execute("SELECT campaign_id, at, to_stage FROM audit_events ORDER BY id").fetchall()
    conn.close()
    started: dict[int, object] = {}
    for cid, at, stage in audit:
        if stage in LATER:
            started.setdefault(cid, datetime.fromisoformat(at).date())
    reg = Registry(f"sqlite:///{path}")
    rows = {r.id: r for r in reg.portfolio(PortfolioFilter(archived=None), page_size=500).rows}
    assert {cid: r.pilot_start for cid, r in rows.items()} == {cid: started.get(cid) for cid in names}
    assert all(r.pilot_end is None and r.contacts is None for r in rows.values())  # no figures saved then
    bare = "".join(c for c in unicodedata.normalize("NFD", names[1]) if unicodedata.category(c) != "Mn")
    assert [r.id for r in reg.portfolio(PortfolioFilter(search=bare.upper())).rows] == [1]
    assert reg.verify_audit().ok


def test_a_summary_saved_before_the_confidence_level_is_read_at_95_percent(tmp_path):
    url = f"sqlite:///{tmp_path / 'registry.sqlite'}"
    reg = Registry(url)
    old = {"currency": "CLP", "expected_profit": 17e6, "profit_ci_lower": -19.35e6, "profit_ci_upper": 53.35e6,
           "n_control": 5_000, "n_treatment": 20_000, "effect_size": 0.01, "recommendation": "go"}  # fmt: skip
    cid = reg.save_campaign({"stage": "analysed", "brief": {"name": "Catálogo"}}, summary=old)
    downgrade(reg.engine, "0002")
    with reg.engine.connect() as conn:
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(campaigns)"))}
    assert "profit_std_error" not in columns and "pilot_end" not in columns
    again = Registry(url)
    (campaign,) = again.portfolio_campaigns()
    assert campaign.profit_std_error == pytest.approx(
        (53.35e6 + 19.35e6) / (2 * 1.959963984540054), rel=1e-12
    )
    row = again.portfolio().rows[0]
    assert (row.contacts, row.pilot_end) == (20_000, again.audit_log(cid)[0].at.date())

"""The ``python -m rollout`` command line and the catalog sentences of every registry error code.

Oracles: the exit codes and lines the command line documents (a tampered row, found by plain SQL edits
with the triggers dropped, must be reported); the source itself (property) – every code the registry
raises, found by parsing its modules with :mod:`ast`, has a sentence in both catalogs whose placeholders
are parameters that call passes.
"""

from __future__ import annotations

import ast
import os
import string
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import text

from rollout.__main__ import main
from rollout.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "rollout").glob("_registry*.py")) + [ROOT / "rollout" / "permissions.py"]
ERRORS = {"InputError", "RegistryError", "StaleCampaignError", "PermissionDenied"}


def test_verify_audit_exits_0_on_a_sound_chain_and_1_on_a_break(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    reg = Registry(url)
    cid = reg.save_campaign({"stage": "draft", "brief": {"name": "SMS"}})
    reg.set_stage(cid, "designed")
    env = {**os.environ, "CAMPAIGN_PLANNER_DB_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "rollout", "verify-audit"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and "audit rows checked: 2" in done.stdout and "chain verifies" in done.stdout
    with reg.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("UPDATE audit_events SET to_stage = 'running' WHERE id = 2"))
    assert main(["verify-audit", "--url", url]) == 1
    out = capsys.readouterr().out
    assert f"BREAK at row 2 (campaign {cid}): row_changed" in out and "1 break(s) found" in out


def test_the_command_line_reports_an_unusable_target_and_prints_the_role(tmp_path, capsys):
    notes = tmp_path / "notas.txt"
    notes.write_text("no es una base de datos\n")
    assert main(["verify-audit", "--url", f"sqlite:///{notes}"]) == 2
    assert "not a campaign registry" in capsys.readouterr().err
    assert main(["audit-role-sql"]) == 0
    assert "REVOKE UPDATE, DELETE, TRUNCATE ON audit_events" in capsys.readouterr().out


def raised_codes() -> dict[str, set[str]]:
    """code → keyword parameters passed, for every coded error raised in the registry's modules."""
    found: dict[str, set[str]] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ERRORS and node.args:
                code = node.args[0]
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    found.setdefault(code.value, set()).update(k.arg for k in node.keywords if k.arg)
            if (
                isinstance(node, ast.Return)
                and isinstance(node.value, ast.Tuple)
                and path.name == "_registry_errors.py"
            ):
                first = node.value.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, set())
    return found


def test_the_scan_finds_the_registry_codes():
    codes = raised_codes()
    assert {
        "stale_campaign",
        "permission_denied",
        "reason_required",
        "not_a_registry",
        "registry_busy",
    } <= set(codes)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_registry_code_has_a_sentence_with_known_placeholders(lang):
    catalog: dict[str, str] = {}
    for path in (ROOT / "app_pages" / "i18n" / lang).glob("*.toml"):
        catalog.update(tomllib.loads(path.read_text(encoding="utf-8")).get("errors", {}))
    missing, unknown = [], []
    for code, params in raised_codes().items():
        if code not in catalog:
            missing.append(code)
            continue
        fields = {name for _, name, _, _ in string.Formatter().parse(catalog[code]) if name}
        unknown.extend(f"{code}:{name}" for name in fields - params)
    assert missing == [] and unknown == []

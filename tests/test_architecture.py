"""The import directions of design.md §2, enforced on the source (oracle: the design document)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {
    "planner_common",
    "experiments",
    "economics",
    "datasources",
    "rollout",
    "app_pages",
    "streamlit_app",
    "validation",
}
# package -> project packages it may import (itself always allowed)
ALLOWED = {
    "planner_common": set(),
    "datasources": {"planner_common"},
    "experiments": {"planner_common", "datasources"},
    "economics": {"planner_common"},
    "rollout": {"planner_common", "experiments", "economics", "datasources"},
    "app_pages": {"planner_common", "experiments", "economics", "datasources", "rollout"},
    "validation": {"planner_common", "experiments", "datasources"},
}
FORBIDDEN_THIRD_PARTY = {
    "planner_common": {"streamlit", "sqlalchemy", "scipy", "numpy", "pandas", "duckdb", "ibis"},
    "datasources": {"streamlit", "sqlalchemy"},
    "experiments": {"streamlit", "sqlalchemy"},
    "economics": {"streamlit", "sqlalchemy", "ibis", "duckdb"},
    "rollout": {"streamlit"},
    "app_pages": {"scipy", "statsmodels"},
    "validation": {"streamlit", "sqlalchemy"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def package_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_import_directions(package: str) -> None:
    bad = []
    for path in package_files(package):
        roots = imported_roots(path)
        for root in roots & PROJECT - ALLOWED[package] - {package}:
            bad.append(f"{path.relative_to(ROOT)} imports {root}")
        for root in roots & FORBIDDEN_THIRD_PARTY[package]:
            bad.append(f"{path.relative_to(ROOT)} imports {root}")
    assert not bad, "\n".join(bad)


def test_router_imports_only_ui_helpers() -> None:
    roots = imported_roots(ROOT / "streamlit_app.py")
    assert roots & PROJECT <= {"app_pages"}
    assert len((ROOT / "streamlit_app.py").read_text().splitlines()) < 80


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import streamlit as st\nfrom economics import clv\n")
    assert {"streamlit", "economics"} <= imported_roots(bad)


def test_every_package_is_scanned() -> None:
    for package in ALLOWED:
        assert package_files(package), package

"""The import directions of docs/architecture.md §2, enforced on the source (oracle: the design document)."""

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
    "app_pages": {"numpy", "scipy", "statsmodels"},
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


# ---------------------------------------------------------------- the UI layer (issue 9, items 3 and 5) --

# How app_pages/ may reach the core: the packages' public top level, plus the documented modules:
# rollout's registry, memo and permissions table, and planner_common.display (the one number formatter
# the pages share with the memo). Anything deeper (experiments.analysis.pilot, economics.churn,
# rollout._memo_facts, experiments.analysis) is an implementation detail a page must not depend on.
PUBLIC_CORE = {
    "experiments",
    "economics",
    "datasources",
    "planner_common",
    "planner_common.display",
    "rollout",
    "rollout.registry",
    "rollout.memo",
    "rollout.permissions",  # NumberFormat: the one number formatter of the pages and the memo
}
CORE = {"experiments", "economics", "datasources", "planner_common", "rollout"}
UI_FORBIDDEN = {"numpy", "scipy", "statsmodels"}  # no maths in the UI: it calls the core
PAGE_FOLDERS = (
    "brief",
    "design",
    "split",
    "analyze",
    "monitor",
    "decision",
    "portfolio",
    "customer_value",
    "satisfaction",
    "users",
)
FIXED_NAMES = {"__init__", "page", "inputs", "view", "charts"}
MAX_TOPIC_MODULES = 3  # analyze: source, mapping, counts
COMPUTE_SUFFIXES = ("_calc", "_engine", "_data", "_cache", "_render", "_ui")


def imported_modules(path: Path) -> set[str]:
    """Every module named by an absolute import of ``path`` (``import a.b`` → ``a.b``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def ui_violations(path: Path) -> list[str]:
    """Why ``path`` (a UI module) breaks the UI rules: forbidden maths libraries, private core modules."""
    bad = []
    for name in sorted(imported_modules(path)):
        root = name.split(".")[0]
        if root in UI_FORBIDDEN:
            bad.append(f"imports {name} (no maths in the UI)")
        elif root in CORE and name not in PUBLIC_CORE:
            bad.append(f"imports {name} (use the public package name {root!r})")
    return bad


def ui_files() -> list[Path]:
    return package_files("app_pages") + [ROOT / "streamlit_app.py"]


def test_the_ui_reaches_the_core_only_through_public_names_and_does_no_maths() -> None:
    bad = [f"{path.relative_to(ROOT)} {why}" for path in ui_files() for why in ui_violations(path)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\n",
        "from scipy import stats\n",
        "import statsmodels.api as sm\n",
        "from experiments.analysis.pilot import analyze_pilot\n",
        "from experiments.analysis import adjust_pvalues\n",
        "import economics.churn\n",
        "from rollout._memo_facts import memo_facts\n",
    ],
)
def test_the_ui_checker_catches_a_violation(tmp_path: Path, source: str) -> None:
    """Negative test: each of these lines, in a UI module, is reported."""
    bad = tmp_path / "page.py"
    bad.write_text("import streamlit as st\nfrom experiments import analyze_counts\n" + source)
    assert len(ui_violations(bad)) == 1


def test_the_ui_checker_accepts_public_names(tmp_path: Path) -> None:
    good = tmp_path / "page.py"
    good.write_text(
        "import pandas as pd\nimport streamlit as st\nfrom experiments import verdict\n"
        "from rollout.registry import Registry\nfrom rollout.memo import build_memo\nimport economics\n"
    )
    assert ui_violations(good) == []


def _cache_decorators(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("cache_data", "cache_resource")
    ]


def test_every_streamlit_cache_is_in_the_cache_module() -> None:
    outside = [hit for path in ui_files() if path.name != "cache.py" for hit in _cache_decorators(path)]
    assert not outside, "\n".join(outside)
    assert _cache_decorators(ROOT / "app_pages" / "cache.py")


def _stop_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "stop"
    ]


def test_pages_return_rather_than_stop() -> None:
    """st.stop() in a page would also stop the router's sidebar panel drawn after the page (see
    streamlit_app.py); only the router itself may stop, before any page runs."""
    hits = [hit for path in package_files("app_pages") for hit in _stop_calls(path)]
    assert not hits, "\n".join(hits)
    assert _stop_calls(ROOT / "streamlit_app.py")


def test_each_page_is_a_folder_with_fixed_file_names() -> None:
    bad = []
    for folder in PAGE_FOLDERS:
        names = {p.stem for p in (ROOT / "app_pages" / folder).glob("*.py")}
        topics = names - FIXED_NAMES
        if "page" not in names:
            bad.append(f"{folder}/ has no page.py")
        if len(topics) > MAX_TOPIC_MODULES:
            bad.append(f"{folder}/ has {len(topics)} topic modules: {sorted(topics)}")
    for path in package_files("app_pages"):
        if path.stem.startswith("_") and path.stem != "__init__" or path.stem.endswith(COMPUTE_SUFFIXES):
            bad.append(f"{path.relative_to(ROOT)}: use a plain name (page, inputs, view, charts, a topic)")
        if path.parent.name in {"app_pages", *PAGE_FOLDERS} and path.stem in PROJECT | {"streamlit"}:
            bad.append(f"{path.relative_to(ROOT)} is named like a package")
    flat = {p.stem for p in (ROOT / "app_pages").glob("*.py")}
    assert flat == {"__init__", "cache", "sidebar", "state", "warmup"}, sorted(flat)
    assert not bad, "\n".join(bad)
    assert not set(PAGE_FOLDERS) & PROJECT, "a page folder is named like a package"


def test_locale_formatting_lives_in_i18n() -> None:
    """Numbers, money and percents are formatted in one place: only app_pages/i18n imports Babel."""
    users = [p.relative_to(ROOT) for p in ui_files() if "babel" in imported_roots(p)]
    assert users == [Path("app_pages/i18n/__init__.py")], users


def test_module_sizes() -> None:
    """Pages < 200 lines, every UI module < 400 (the project's size rules)."""
    lines = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in package_files("app_pages")}
    bad = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p, n in lines.items()
        if n >= (200 if p.stem == "page" else 400)
    ]
    assert not bad, "\n".join(bad)

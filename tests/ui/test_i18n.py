"""Catalog completeness: every key in both languages, every literal ``t("...")`` key defined.

Oracle: the source code itself (property). The catalogs under ``app_pages/i18n/<lang>/*.toml`` are parsed
with ``tomllib`` and flattened exactly like ``app_pages.i18n`` does; the keys used by the UI are found
by parsing every ``app_pages/**/*.py`` file and ``streamlit_app.py`` with :mod:`ast` and collecting the
first argument of calls to ``t(...)`` when it is a plain string literal. Dynamic keys (f-strings such as
``t(f"nav.{key}")`` or variables) cannot be checked statically and are skipped; keys passed to
``st.Page(title=t(...))`` etc. are covered because they are ordinary ``t`` calls.

This test fails whenever a page forgets a key in one language: that is its job.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "app_pages" / "i18n"
LANGS = ("es", "en")


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _catalog_files(lang: str) -> dict[str, dict[str, str]]:
    return {
        path.name: _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
        for path in sorted((CATALOGS / lang).glob("*.toml"))
    }


def _catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for flat in _catalog_files(lang).values():
        merged.update(flat)
    return merged


def _ui_sources() -> list[Path]:
    return sorted((ROOT / "app_pages").rglob("*.py")) + [ROOT / "streamlit_app.py"]


def _literal_keys(path: Path) -> list[tuple[str, int]]:
    """``(key, line)`` for each ``t("literal")`` / ``i18n.t("literal")`` call in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        first = node.args[0]
        if name == "t" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((first.value, node.lineno))
    return found


def test_both_languages_have_the_same_files() -> None:
    assert sorted(_catalog_files("es")) == sorted(_catalog_files("en"))


@pytest.mark.parametrize("name", sorted(p.name for p in (CATALOGS / "es").glob("*.toml")))
def test_every_key_in_both_languages(name: str) -> None:
    es = _catalog_files("es").get(name, {})
    en = _catalog_files("en").get(name, {})
    assert not sorted(set(es) - set(en)), f"{name}: keys missing in en"
    assert not sorted(set(en) - set(es)), f"{name}: keys missing in es"


@pytest.mark.parametrize("lang", LANGS)
def test_values_are_non_empty_strings(lang: str) -> None:
    bad = [key for key, value in _catalog(lang).items() if not isinstance(value, str) or not value.strip()]
    assert not bad, f"{lang}: empty or non-text values: {bad}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_key_defined_twice_across_files(lang: str) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for name, flat in _catalog_files(lang).items():
        for key in flat:
            if key in seen:
                clashes.append(f"{key} in {seen[key]} and {name}")
            seen[key] = name
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize("lang", LANGS)
def test_every_literal_key_used_in_the_ui_exists(lang: str) -> None:
    catalog = _catalog(lang)
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {key}"
        for path in _ui_sources()
        for key, line in _literal_keys(path)
        if key not in catalog
    ]
    assert not missing, f"keys missing in the {lang} catalog:\n" + "\n".join(missing)


def test_placeholders_match_between_languages() -> None:
    """A sentence's ``{names}`` are the same in es and en, so ``t(key, **params)`` works in both."""
    import string

    def fields(text: str) -> set[str] | None:
        try:
            return {name for _, name, _, _ in string.Formatter().parse(text) if name}
        except ValueError:  # not a format string (e.g. LaTeX braces in a formula shown verbatim)
            return None

    es, en = _catalog("es"), _catalog("en")
    bad = [key for key in set(es) & set(en) if fields(es[key]) != fields(en[key])]
    assert not sorted(bad), f"placeholders differ: {sorted(bad)}"


def test_the_scanner_sees_literal_keys() -> None:
    """Guard against a scanner that silently finds nothing (the router and sidebar use literal keys)."""
    keys = {key for path in _ui_sources() for key, _ in _literal_keys(path)}
    assert {"app.language", "nav.plan", "design.title"} <= keys

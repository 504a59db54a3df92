"""Every error code the portfolio raises has a sentence in both catalogs, with known placeholders, and the
Spanish one addresses the user as *usted*.

Oracles: the source itself, parsed with :mod:`ast` (every ``InputError("<code>", ...)`` of the portfolio's
modules and the keyword parameters it passes); the catalogs ``app_pages/i18n/{es,en}/*.toml``; a list of
*tú* imperatives that must not appear in the Spanish sentences.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    ROOT / "rollout" / name
    for name in (
        "portfolio.py",
        "portfolio_records.py",
        "_portfolio_facts.py",
        "_registry_portfolio.py",
        "_registry_actions.py",
        "_registry_tiers.py",
    )
]
TU_FORMS = re.compile(
    r"\b(escribe|elige|revisa|filtra|intenta|vuelve|sube|invierte|inviértelas|cambia)\b", re.I
)


def codes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "InputError" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, set()).update(k.arg for k in node.keywords if k.arg)
                elif isinstance(first, ast.IfExp):  # "already_archived" if archived else "not_archived"
                    for branch in (first.body, first.orelse):
                        found.setdefault(branch.value, set()).update(k.arg for k in node.keywords if k.arg)
    return found


def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in (ROOT / "app_pages" / "i18n" / lang).glob("*.toml"):
        merged.update(tomllib.loads(path.read_text(encoding="utf-8")).get("errors", {}))
    return merged


def test_the_scan_finds_the_portfolio_codes():
    assert {"portfolio_too_few", "portfolio_mixed_currency", "pilot_date_invalid", "already_archived",
            "not_archived", "portfolio_page_too_large"} <= set(codes())  # fmt: skip


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_portfolio_code_has_a_sentence_with_known_placeholders(lang):
    sentences = catalog(lang)
    missing = [code for code in codes() if code not in sentences]
    unknown = [
        f"{code}:{name}"
        for code, params in codes().items()
        if code in sentences
        for _, name, _, _ in string.Formatter().parse(sentences[code])
        if name and name not in params
    ]
    assert missing == [] and unknown == []


def test_the_spanish_sentences_use_usted():
    own = tomllib.loads((ROOT / "app_pages/i18n/es/portfolio.toml").read_text(encoding="utf-8"))["errors"]
    assert [key for key, text in own.items() if TU_FORMS.search(text)] == []

"""Quote marks follow the language, and an Analyse caveat names its metric once.

Oracles: the catalogs themselves (English quotes with “ ”, Spanish with « »), and the bundled pilot's
readout, whose skewed «ingreso» and «ingreso/compra» get a permutation-test caveat that names the
metric in its own sentence (catalog ``analysis_notes.permutation_test``).
"""

from __future__ import annotations

import pytest
from _money_pages import assert_clean, open_page, texts

from app_pages.i18n import CATALOG_DIR

QUOTES = {"en": ("“", "”"), "es": ("«", "»")}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_catalogs_quote_as_their_language_does(lang: str) -> None:
    other = QUOTES["es" if lang == "en" else "en"]
    wrong = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((CATALOG_DIR / lang).glob("*.toml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(mark in line for mark in other)
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_analyse_caveat_names_its_metric_once_in_the_pages_quotes(lang: str) -> None:
    at = open_page("analyze", lang)
    at.button(key="analyze.load_example_btn").click().run()
    assert_clean(at)
    left, right = QUOTES[lang]
    captions = [c.removeprefix(":material/info:").strip() for c in texts(at.caption)]
    for metric in ("ingreso", "ingreso/compra"):
        quoted = f"{left}{metric}{right}: "
        mine = [c for c in captions if f"{left}{metric}{right}" in c]
        assert mine, captions
        assert all(c.startswith(quoted) for c in mine), mine  # no "ingreso: «ingreso»: ..."
    other = QUOTES["es" if lang == "en" else "en"]
    assert not [c for c in captions if any(mark in c for mark in other)], captions

"""Which rate pays for the roll-out, shown the same on Analyse and Roll-out whatever the primary metric.

The rule (``rollout.paying_metric``, docs/formulas.md §6): the rate chosen on Roll-out, else the primary
metric when it is a rate, else the readout's first rate – said in a sentence. Oracle: the example file's
columns (``respondio``, ``compra`` rates, ``ingreso`` revenue, in that order) and the two pages of one
session, which must name the same rate and show the same chance of profit and expected profit; the
sentences come from the catalogs.
"""

from __future__ import annotations

import pytest
from _money_pages import PAGES, clean, load_example, metrics, open_page, texts

from app_pages.i18n import translate

PROBABILITY = {"es": "Probabilidad de ganar dinero", "en": "Chance of making money"}
PROFIT = {"es": "Utilidad incremental esperada", "en": "Expected incremental profit"}


def _analyse(at, primary: str | None = None):
    at.switch_page(PAGES["analyze"]).run()
    if primary is not None:
        at.selectbox(key="analyze.map.primary").set_value(primary).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    (line,) = [s for s in texts(at.success) if "«" in s or "“" in s]
    return line, texts(at.caption)


def _rollout(at):
    at.switch_page(PAGES["rollout"]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at.selectbox(key="rollout.metric").value, metrics(at), texts(at.caption)


def _quoted(lang: str, name: str) -> str:
    return f"«{name}»" if lang == "es" else f"“{name}”"


def _rule(lang: str, key: str, metric: str, primary: str) -> str:
    return clean(translate(f"rollout.metric_rule_{key}", lang, metric=metric, primary=primary))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_paying_rate_follows_the_primary_until_one_is_chosen_and_both_pages_agree(lang) -> None:
    at = load_example(open_page("brief", lang), "brief")  # cost per contact and margin
    at.switch_page(PAGES["analyze"]).run()
    at.button(key="analyze.load_example_btn").click().run()
    line, _ = _analyse(at)
    assert _quoted(lang, "compra") in line  # the example's primary is a rate: it pays

    line, captions = _analyse(at, "ingreso")  # revenue cannot be scaled: the first rate, said in a sentence
    assert _quoted(lang, "respondio") in line
    assert _rule(lang, "first_rate", "respondio", "ingreso") in captions
    metric, cards, rollout_captions = _rollout(at)
    assert metric == "respondio"
    assert _rule(lang, "first_rate_here", "respondio", "ingreso") in rollout_captions
    assert cards[PROBABILITY[lang]] in line and cards[PROFIT[lang]] in line

    line, _ = _analyse(at, "compra")  # back to a rate: Roll-out follows, it was never chosen there
    metric, cards, _ = _rollout(at)
    assert metric == "compra" and _quoted(lang, "compra") in line
    assert cards[PROBABILITY[lang]] in line and cards[PROFIT[lang]] in line

    at.selectbox(key="rollout.metric").set_value("respondio").run()  # chosen on Roll-out: it sticks
    metric, cards, _ = _rollout(at)
    assert metric == "respondio"
    line, captions = _analyse(at, "ingreso")
    assert _quoted(lang, "respondio") in line
    assert _rule(lang, "chosen", "respondio", "ingreso") in captions
    assert cards[PROBABILITY[lang]] in line and cards[PROFIT[lang]] in line
    assert _rollout(at)[0] == "respondio"

"""AppTest of the Roll-out page when the pilot's result is typed by hand (its example): no metric name is
known, so the Bayesian heading and the decision memo say so instead of naming a widget option or quoting
a made-up name ("Comprobación bayesiana: Escribir a mano", "su efecto en «la métrica principal»").

Oracles: the catalogs (the sentences expected, filled here) and the option labels that must not appear.
"""

from __future__ import annotations

import dataclasses
import html
import re

import pytest
from _money_pages import assert_clean, load_example, open_page, texts

from app_pages import cache
from app_pages.i18n import translate
from rollout import evaluate


def _memo_text(campaign, lang: str) -> str:
    """The memo's HTML as a reader sees it (tags dropped, entities decoded)."""
    page = cache.memo_files(campaign, evaluate(campaign), lang, None)["html"].decode("utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_typed_result_is_not_given_a_metric_name(lang: str) -> None:
    at = load_example(open_page("rollout", lang), "rollout")
    assert_clean(at)
    campaign = at.session_state["campaign"]
    assert campaign.rollout.source == "rates" and campaign.rollout.metric is None  # typed by hand
    headings = texts(at.subheader)
    assert translate("bayes.title_typed", lang) in headings
    option = translate("rollout.source_manual", lang)
    assert not [h for h in headings if option in h]
    memo = _memo_text(campaign, lang)
    question = translate("memo.question_unnamed", lang, audience="200.000" if lang == "es" else "200,000")
    assert question in memo
    assert translate("memo.metric_typed", lang) in memo
    assert "«la métrica principal»" not in memo and "“the main metric”" not in memo
    # a "less is better" typed result: the assumption speaks of the measured rate, not a quoted name
    falling = campaign.replace(rollout=dataclasses.replace(campaign.rollout, direction="decrease"))
    memo = _memo_text(falling, lang)
    assert translate("memo.assumption_decrease_unnamed", lang) in memo
    assert "la métrica principal" not in memo and "the main metric" not in memo

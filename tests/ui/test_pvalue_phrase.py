"""The significance reason reads "p = 0,013" or "p < 0,0001", never "p = < 0,0001" (oracle: the
catalog sentence written out by hand), on the Roll-out page and in the decision memo."""

from __future__ import annotations

import pytest

from app_pages.decision.view import param
from app_pages.i18n import translate
from rollout._memo_format import MemoFormat


@pytest.mark.parametrize(("value", "phrase"), [(0.013, "= 0,013"), (0.00002, "< 0,0001")])
def test_the_page_and_the_memo_phrase_p_values_alike(value: float, phrase: str) -> None:
    assert param("pvalue_num", value, "CLP") == phrase
    assert MemoFormat("es", "CLP").param("pvalue_num", value) == phrase
    sentence = translate("decision.reason.significant", "es", pvalue_num=phrase, alpha_num="0,05")
    assert sentence == f"Significativo: p {phrase} < α = 0,05."


@pytest.mark.parametrize(
    ("value", "lang", "phrase"),
    [(0.0, "es", "p < 0,0001"), (0.00213, "es", "p = 0,0021"), (0.0133, "en", "p = 0.013")],
)
def test_the_shared_p_phrase(value: float, lang: str, phrase: str) -> None:
    from app_pages.i18n import fmt_p

    assert fmt_p(value, lang) == phrase


@pytest.mark.parametrize(
    ("value", "digits", "lang", "text"),
    [
        (0.82, 0, "es", "82 %"),
        (0.99999, 0, "es", "> 99 %"),
        (0.00001, 0, "en", "< 1%"),
        (0.99999, 1, "es", "> 99,9 %"),
        (1.0, 1, "es", "100,0 %"),
    ],
)
def test_probabilities_never_round_a_real_risk_away(value: float, digits: int, lang: str, text: str) -> None:
    from app_pages.i18n import fmt_prob

    assert (
        fmt_prob(value, lang, digits=digits).replace("\u00a0", " ") == text
    )  # units kept by a no-break space
    assert (
        MemoFormat(lang, "CLP").prob(value, digits).replace("\u00a0", " ") == text
    )  # the memo writes it alike

"""NPS and ISN (oracles: docs/formulas.md §9–§10 worked examples at printed precision; numpy mean and standard
deviation of the ±1 answer scores; hypothesis properties)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from economics import compare_isn, compare_nps, isn, isn_from_grades, nps, nps_from_scores, score_variance
from planner_common import InputError


def test_section9_nps() -> None:
    # 200 / 120 / 80 of 400 → +30, σ² = 0,61, SE 3,9, 95 % CI [+22,3 ; +37,7].
    r = nps(200, 120, 80)
    assert round(r.score) == 30 and round(score_variance(0.5, 0.2), 2) == 0.61
    assert round(r.std_error, 1) == 3.9
    assert (round(r.ci_lower, 1), round(r.ci_upper, 1)) == (22.3, 37.7)
    assert r.reliable


def test_section9_two_waves() -> None:
    # Second wave NPS +20 of 400; difference 10 points, SE 5,6, z 1,77: not significant at 95 %.
    # docs/formulas.md §9: the second wave is 180/120/100, which gives +20, SE 5,6 and z 1,77; an earlier
    # draft printed 180/140/80, which gives +25 (180 − 80 = 100 of 400).
    assert round(nps(180, 140, 80).score) == 25
    second = nps(180, 120, 100)
    d = compare_nps(nps(200, 120, 80), second)
    assert round(second.score) == 20 and round(d.difference) == 10
    assert round(d.std_error, 1) == 5.6 and round(d.statistic, 2) == 1.77
    assert d.pvalue > 0.05 and d.ci_lower < 0 < d.ci_upper


def test_section10_isn() -> None:
    # 310 / 90 / 100 of 500 → +42, σ² = 0,6436, SE 3,6, 95 % CI [+35,0 ; +49,0].
    r = isn(310, 90, 100)
    assert round(r.score) == 42 and round(score_variance(0.62, 0.20), 4) == 0.6436
    assert round(r.std_error, 1) == 3.6
    assert (round(r.ci_lower, 1), round(r.ci_upper, 1)) == (35.0, 49.0)
    assert (r.scale_min, r.dissatisfied_max, r.satisfied_min, r.scale_max) == (1, 4, 6, 7)


def test_raw_scores_match_numpy_on_plus_minus_one() -> None:
    # Oracle: NPS/100 is the mean of +1/0/−1 scores; SE = 100·sd(ddof=0)/√n.
    answers = np.random.default_rng(7).integers(0, 11, size=733)
    signed = np.where(answers >= 9, 1, np.where(answers >= 7, 0, -1))
    r = nps_from_scores(answers.tolist())
    assert r.score == pytest.approx(100 * signed.mean())
    assert r.std_error == pytest.approx(100 * signed.std() / math.sqrt(len(signed)))


def test_blank_answers_are_excluded_and_counted() -> None:
    r = nps_from_scores([10, 9, None, float("nan"), 3])
    assert r.n == 3 and r.excluded == 2
    assert isn_from_grades([7, None]).excluded == 1


@pytest.mark.parametrize("bad", [11, -1, 8.5, "9"])
def test_bad_nps_answer_is_refused(bad: object) -> None:
    with pytest.raises(InputError) as err:
        nps_from_scores([10, bad])
    assert err.value.code == "bad_score"


def test_isn_cutoffs_are_configurable_and_checked() -> None:
    # A 1–5 scale with satisfied 4–5 and dissatisfied 1–2.
    r = isn_from_grades([5, 4, 3, 2, 1], satisfied_min=4, dissatisfied_max=2, scale_max=5)
    assert (r.satisfied, r.neutral, r.dissatisfied) == (2, 1, 2)
    with pytest.raises(InputError) as err:
        isn(1, 1, 1, satisfied_min=4, dissatisfied_max=5)
    assert err.value.code == "bad_cutoffs"


def test_half_grades_round_half_up() -> None:
    # Documented rule (docs/formulas.md §10 edge case): 5,5 → 6 (satisfied), 4,5 → 5 (neutral), 4,4 → 4.
    r = isn_from_grades([5.5, 4.5, 4.4])
    assert (r.satisfied, r.neutral, r.dissatisfied) == (1, 1, 1)


def test_nps_and_isn_are_never_compared() -> None:
    with pytest.raises(InputError) as err:
        compare_nps(nps(200, 120, 80), isn(310, 90, 100))  # type: ignore[arg-type]
    assert err.value.code == "mixed_scores"
    with pytest.raises(InputError):
        compare_isn(isn(1, 1, 1), isn(1, 1, 1, satisfied_min=5))


def test_no_answers_and_small_samples() -> None:
    # docs/formulas.md §9 edge cases: n = 0 → "—"; n < 30 or a category < 5 → "IC no fiable".
    empty = nps(0, 0, 0)
    assert math.isnan(empty.score) and empty.reason == "no_answers"
    small = nps(10, 3, 2)
    assert not small.reliable and small.notes


counts = st.integers(0, 100_000)


@given(counts, counts, counts)
def test_nps_stays_within_100_points(p: int, s: int, d: int) -> None:
    # Property: score and interval within [−100, 100].
    r = nps(p, s, d)
    if r.n:
        assert -100 <= r.ci_lower <= r.score <= r.ci_upper <= 100
        assert r.std_error >= 0

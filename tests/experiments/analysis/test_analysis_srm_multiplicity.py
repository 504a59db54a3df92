"""sample_ratio_test against R chisq.test(x, p = ...); adjust_pvalues against R p.adjust and statsmodels.

Oracles: R 4.2 outputs pasted in ``r_reference_analysis.py`` (calls beside each row); statsmodels
``multipletests`` as an independent library; hypothesis properties (monotone, ≥ raw, ≤ 1).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from r_reference_analysis import P_ADJUST, SRM_TEST
from statsmodels.stats.multitest import multipletests

from experiments import adjust_pvalues, sample_ratio_test
from planner_common import InputError


@pytest.mark.parametrize("case", SRM_TEST, ids=lambda c: str(c["observed"]))
def test_srm_matches_r_chisq_test(case: dict) -> None:
    """R: chisq.test(observed, p = weights / sum(weights))."""
    r = sample_ratio_test(case["observed"], case["weights"])
    assert r.statistic == pytest.approx(case["x2"], rel=1e-8)
    assert r.pvalue == pytest.approx(case["p"], rel=1e-8)
    assert r.flagged == (case["p"] < 0.001)


def test_srm_defaults_to_an_equal_split_and_threshold() -> None:
    """R: chisq.test(c(4870, 5130)) gives p = 0.00932 – not flagged at 0.001, flagged at 0.01."""
    assert not sample_ratio_test([4870, 5130]).flagged
    assert sample_ratio_test([4870, 5130], threshold=0.01).flagged


@pytest.mark.parametrize(
    "observed, weights, code",
    [
        ([100], None, "too_few_arms"),
        ([100, 200], [1, 2, 3], "weights_mismatch"),
        ([100, 200], [1, 0], "not_positive"),
        ([100, 20.5], None, "not_an_integer"),
    ],
)
def test_srm_bad_input(observed: list, weights: list | None, code: str) -> None:
    """Boundary checks of sample_ratio_test."""
    with pytest.raises(InputError) as err:
        sample_ratio_test(observed, weights)
    assert err.value.code == code


@pytest.mark.parametrize("case", P_ADJUST, ids=lambda c: str(len(c["p"])))
@pytest.mark.parametrize("method", ["bonferroni", "holm", "bh"])
def test_adjust_matches_r_p_adjust(case: dict, method: str) -> None:
    """R: p.adjust(p, method = "bonferroni" / "holm" / "BH"), NA kept as NA."""
    out = adjust_pvalues(case["p"], method)
    for ours, theirs in zip(out, case[method], strict=True):
        assert (math.isnan(ours) and math.isnan(theirs)) or ours == pytest.approx(theirs, rel=1e-12)


@settings(max_examples=40)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_adjust_matches_statsmodels_and_is_bounded(pvalues: list[float]) -> None:
    """statsmodels multipletests (bonferroni, fdr_bh); every method: adjusted ≥ raw, ≤ 1, keeps the
    order of the raw p-values, and Holm lies between BH and Bonferroni. (statsmodels' Holm is
    checked on the R cases above and in the pilot tests; it is too slow for a property loop.)"""
    raw = np.array(pvalues)
    out = {m: np.array(adjust_pvalues(pvalues, m)) for m in ("bonferroni", "holm", "bh")}
    assert out["bonferroni"] == pytest.approx(multipletests(pvalues, method="bonferroni")[1], rel=1e-12)
    assert out["bh"] == pytest.approx(multipletests(pvalues, method="fdr_bh")[1], rel=1e-12, abs=1e-300)
    order = np.argsort(raw, kind="stable")
    for adjusted in out.values():
        assert np.all(adjusted >= raw - 1e-15) and np.all(adjusted <= 1)
        assert np.all(np.diff(adjusted[order]) >= -1e-15)
    assert np.all(out["bh"] <= out["holm"] + 1e-15) and np.all(out["holm"] <= out["bonferroni"] + 1e-15)


def test_adjust_rejects_values_outside_0_1() -> None:
    """A p-value of 5 is a typo: refuse it, naming the value."""
    with pytest.raises(InputError, match="between 0 and 1, got 5"):
        adjust_pvalues([0.01, 5], "holm")

"""Every case the readout used to get wrong (issue 10, "Why"), one test each.

Oracles: the contract of docs/architecture.md §4 (invalid input raises one ``InputError`` naming the parameter and
echoing its value; undefined maths gives ``nan`` with a note, never a p-value of 1.0 from a ``nan``);
closed forms (the 0.5-corrected Katz interval written out); scipy's z test for Fisher's test at 10¹²
customers (the hypergeometric is normal there). The sizing case (ratio 1e-7) is
``tests/experiments/design/test_sizing_search.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from experiments import (
    ArmCounts,
    ArmMoments,
    Mean,
    adjust_pvalues,
    analyze_pilot,
    compare_means,
    compare_proportions,
    sample_ratio_test,
    sample_size_two_proportions,
)
from experiments.analysis import (
    bayes_compare_effect,
    bayes_compare_means,
    bayes_compare_proportions,
    compare_decision_rules,
)
from planner_common import InputError


def refused(call, field: str, value: object = None) -> InputError:
    with pytest.raises(InputError) as err:
        call()
    assert err.value.params["field"] == field
    if value is not None:
        assert repr(value) in str(err.value) or str(value) in str(err.value)
    return err.value


def test_constant_arms_give_nan_with_a_note_not_p_equal_one() -> None:
    """compare_means(ArmMoments(100, 0, 0), ArmMoments(100, 20, 0)) used to read p = 1.0 (t = inf, df nan)."""
    r = compare_means(ArmMoments(100, 0.0, 0.0), ArmMoments(100, 20.0, 0.0))
    assert math.isnan(r.pvalue) and math.isnan(r.effect_size_ci_lower) and r.effect_size == 20.0
    assert "zero_variance" in {n.code for n in r.notes}


def test_constant_arms_end_to_end() -> None:
    """A pilot whose control revenue is all 0 and every treated customer spends 20: nan and a note."""
    df = pd.DataFrame({"group": ["control"] * 100 + ["pilot"] * 100, "rev": [0.0] * 100 + [20.0] * 100})
    m = analyze_pilot(df, [Mean("rev")]).metrics["rev"]
    assert math.isnan(m.pvalue) and "zero_variance" in {n.code for n in m.notes}


def test_relative_interval_at_100_percent_has_honest_width() -> None:
    """20/20 vs 20/20 used to give (0.0, 0.0). Closed form: Katz with 0.5 added to each cell,
    exp(±1.959964·sqrt(2·(1/20.5 − 1/21))) − 1."""
    r = compare_proportions(ArmCounts(20, 20), ArmCounts(20, 20))
    half = 1.959963984540054 * math.sqrt(2 * (1 / 20.5 - 1 / 21))
    assert (r.rel_effect_size_ci_lower, r.rel_effect_size_ci_upper) == pytest.approx(
        (math.expm1(-half), math.expm1(half)), rel=1e-12
    )


@pytest.mark.parametrize(
    ("call", "field", "value"),
    [
        (lambda: ArmMoments(100, 5.0, None), "std", None),
        (lambda: ArmMoments(100, 5.0, "abc"), "std", "abc"),
        (lambda: ArmMoments(100, 5.0, "2.5"), "std", "2.5"),
        (lambda: ArmMoments(100, math.inf, 1.0), "mean", math.inf),
        (lambda: ArmMoments(100, math.nan, 1.0), "mean", None),
        (lambda: ArmMoments(100, 1.0, math.nan), "std", None),
        (lambda: ArmMoments(100, 1.0, math.inf), "std", None),
        (lambda: adjust_pvalues([None, 0.02], "holm"), "pvalues", None),
        (lambda: adjust_pvalues(["0.01", "0.02"], "holm"), "pvalues", "0.01"),
        (lambda: bayes_compare_means((100, 5.0, 1.0), (100, 5.5, 1.0), prior_sd="x"), "prior_sd", "x"),
        (lambda: sample_ratio_test([0, 0]), "observed", None),
        (lambda: sample_size_two_proportions(0.03, rel_effect_size=0.2, power=0.01), "power", 0.01),
        (
            lambda: compare_decision_rules(bayes_compare_proportions((1, 10), (2, 10)), pvalue=2.0),
            "pvalue",
            2.0,
        ),
        (lambda: bayes_compare_effect(math.inf, 1), "effect_size", math.inf),
    ],
)
def test_every_bad_parameter_is_one_input_error_naming_it(call, field: str, value: object) -> None:
    """Used to raise TypeError / ValueError('math domain error') or to be accepted silently."""
    refused(call, field, value)


def test_a_single_customer_may_have_no_spread() -> None:
    """nan is the honest standard deviation of one customer (n < 2) and stays accepted."""
    assert math.isnan(ArmMoments(1, 5.0, math.nan).std)


def test_fisher_at_a_trillion_customers() -> None:
    """Fisher's test at 10¹² customers used to need 447 GiB; scipy's z test is its large-sample limit."""
    c, t = ArmCounts(10**11, 10**12), ArmCounts(10**11 + 400_000, 10**12)
    exact = compare_proportions(c, t, test="fisher")
    z = compare_proportions(c, t, test="z")
    assert exact.pvalue == pytest.approx(z.pvalue, rel=1e-3)


def test_infinite_revenue_in_an_upload_is_refused_with_column_count_and_rows() -> None:
    """An uploaded revenue column with inf used to be analysed (control mean inf)."""
    rev = np.r_[np.ones(50), [np.inf], np.ones(48), [np.inf]]
    df = pd.DataFrame({"group": ["control"] * 50 + ["pilot"] * 50, "rev": rev})
    err = refused(lambda: analyze_pilot(df, [Mean("rev")]), "rev")
    assert err.code == "non_finite_values" and err.params["count"] == 2
    assert err.params["rows"].startswith("51 («inf»), 100 («inf»)")

"""The regimes of issue 10 ("Why") where the readout used to be Welch's t / the delta method silently.

Revenue that is 97 % zeros and log-normal (mu 3, sigma 1) otherwise, at the issue's 10:1 splits, and
revenue per buyer at a 0.5 % purchase rate. Oracle: Kohavi's rule computed here with scipy.stats.skew on
the raw rows (the readout must switch exactly when 355 · skewness² exceeds an arm's customers) and the
contract that the test used is named in ``method`` and in a note. The calibration itself (A/A rates and
coverage, before and after) is measured by the seeded studies of tests/validation and docs/validation.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments import Mean, RatioOfMeans, analyze_pilot


def pilot(n_control: int, n_treated: int, buy_rate: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_control + n_treated
    buy = rng.random(n) < buy_rate
    return pd.DataFrame(
        {
            "group": ["control"] * n_control + ["pilot"] * n_treated,
            "rev": np.where(buy, rng.lognormal(3, 1, n), 0.0),
            "buy": buy.astype(int),
        }
    )


def fails_kohavi(values: np.ndarray) -> bool:
    return bool(values.size < 355 * stats.skew(values) ** 2)


@pytest.mark.parametrize(("n_control", "n_treated"), [(20_000, 2_000), (2_000, 20_000)])
def test_skewed_revenue_is_permuted_and_says_so(n_control: int, n_treated: int) -> None:
    """The revenue Mean used to carry no note at all here (Welch's t: A/A 7.1 %, one-sided 2.0 / 9.7 %)."""
    df = pilot(n_control, n_treated, 0.03, seed=n_treated)
    arms = [df.rev[df.group == g].to_numpy() for g in ("control", "pilot")]
    assert all(fails_kohavi(a) for a in arms)  # scipy: skewness ≈ 26, far below 240,000 customers
    m = analyze_pilot(df, [Mean("rev")]).metrics["rev"]
    assert m.method.startswith("studentized permutation test (Welch t)")
    note = next(n for n in m.notes if n.code == "permutation_test")
    smaller = min(arms, key=lambda a: a.size / stats.skew(a) ** 2)
    assert note.params["customers"] == smaller.size
    assert note.params["skewness"] == pytest.approx(stats.skew(smaller), abs=0.01)


def test_revenue_per_buyer_at_half_a_percent_is_permuted() -> None:
    """RatioOfMeans at 0.5 % response, 20,000 + 2,000: the delta method read 15.7 % false positives."""
    df = pilot(20_000, 2_000, 0.005, seed=7)
    m = analyze_pilot(df, [RatioOfMeans("rev", "buy")]).metrics["rev/buy"]
    assert m.method.startswith("studentized permutation test (delta method, z test)")
    assert "permutation_test" in {n.code for n in m.notes}

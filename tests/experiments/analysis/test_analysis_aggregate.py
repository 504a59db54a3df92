"""The engine's sufficient statistics: ArmStats pooling and the single grouped aggregate query.

Oracles: numpy on the concatenated / grouped raw arrays (independent computation); hypothesis
properties (pooling is exact for any split); a numerically hard case (large offset) where raw sums
of squares would lose every digit.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from experiments import ArmStats
from experiments.analysis.aggregate import ColumnPlan, build, fetch

values = arrays(np.float64, st.integers(2, 30), elements=st.floats(-1e3, 1e3, allow_nan=False))


def stats_of(y: np.ndarray, x: np.ndarray) -> ArmStats:
    return ArmStats(
        n=y.size,
        sums={"y": y.sum(), "x": x.sum()},
        means={"y": y.mean(), "x": x.mean()},
        variances={"y": y.var(ddof=1), "x": x.var(ddof=1)},
        covariances={("x", "y"): np.cov(x, y)[0, 1]},
    )


@settings(max_examples=60)
@given(values, values)
def test_pooling_two_groups_equals_numpy_on_the_concatenation(a: np.ndarray, b: np.ndarray) -> None:
    """Property: ArmStats(a) + ArmStats(b) == ArmStats(a ∪ b) for n, sums, means, variances, covariance."""
    xa, xb = a[::-1] * 0.5 + 3, b[::-1] * 0.5 + 3
    pooled = stats_of(a, xa) + stats_of(b, xb)
    y, x = np.r_[a, b], np.r_[xa, xb]
    scale = 1 + np.abs(y).max() ** 2
    assert pooled.n == y.size
    assert pooled.means["y"] == pytest.approx(y.mean(), abs=1e-9 * (1 + np.abs(y).max()))
    assert pooled.variances["y"] == pytest.approx(y.var(ddof=1), rel=1e-9, abs=1e-9 * scale)
    assert pooled.cov("y", "x") == pytest.approx(np.cov(x, y)[0, 1], rel=1e-9, abs=1e-9 * scale)
    assert pooled.sums["y"] == pytest.approx(y.sum(), abs=1e-9 * scale)


def frame() -> pd.DataFrame:
    rng = np.random.default_rng(8)
    n = 5000
    return pd.DataFrame(
        {
            "arm": rng.choice(["A", "B"], n),
            "seg": rng.choice([1, 2, 3], n),
            "flag": rng.choice(["sí", "no", "Yes", "FALSE"], n),
            "y": 1e9 + rng.normal(0, 1, n),
            "x": rng.gamma(2.0, 3.0, n),
        }
    )


def test_aggregate_matches_pandas_groupby() -> None:
    """numpy/pandas per (arm, segment): count, sum, mean, var, cov – with a 1e9 offset on y, where a raw
    sum of squares in float64 would have no correct digit left."""
    df = frame()
    plans = [
        ColumnPlan("flag", "c0", True, False),
        ColumnPlan("y", "c1", False, True),
        ColumnPlan("x", "c2", False, False),
    ]
    agg = fetch(ibis.memtable(df), "arm", "seg", plans, {("x", "y")})
    assert len(agg.cells) == 6 and not agg.truncated
    flag = df["flag"].str.casefold().isin(["sí", "yes"]).astype(float)
    for cell in agg.cells:
        part = df[(df["arm"] == cell.arm) & (df["seg"] == cell.segment)]
        s = cell.stats
        assert s.n == len(part)
        assert s.sums["flag"] == flag[part.index].sum()
        assert s.means["y"] == pytest.approx(part["y"].mean(), rel=1e-15)
        assert s.variances["y"] == pytest.approx(part["y"].var(), rel=1e-6)  # y itself is quantised at ~1e-7
        y = part["y"].to_numpy()
        naive = ((y * y).sum() - y.size * y.mean() ** 2) / (y.size - 1)  # raw sums of squares
        assert abs(naive - part["y"].var()) > 0.5 * part["y"].var()  # ... lose every digit
        assert s.cov("x", "y") == pytest.approx(
            np.cov(part["x"], part["y"])[0, 1], abs=1e-6 * part["x"].std() * part["y"].std()
        )
        assert s.variances["x"] == pytest.approx(part["x"].var(), rel=1e-12)
        assert cell.missing == {"flag": 0, "y": 0, "x": 0} and cell.invalid["flag"] == 0


def test_one_query_one_scan() -> None:
    """The readout is a single SELECT … GROUP BY over the table (checked on the compiled SQL)."""
    plans = [ColumnPlan("flag", "c0", True, False), ColumnPlan("y", "c1", False, True)]
    sql = ibis.to_sql(build(ibis.memtable(frame()), "arm", "seg", plans, set(), None))
    assert sql.count("GROUP BY") == 1 and sql.upper().count("FROM") == 2  # the projection + its source
    assert "VARIANCE" in sql.upper() or "VAR_SAMP" in sql.upper()

"""A seeded synthetic pilot shared by the end-to-end tests (customer-level rows, Spanish column names).

Three arms – ``control``, ``Piloto`` (also spelled ``piloto`` / `` PILOTO `` in some rows) and ``B`` – three
segments, a 0/1 response written as ``sí``/``no``, a 0/1 purchase, revenue and pre-period revenue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SPELLINGS = {"control": ["control", "Control "], "piloto": ["Piloto", "piloto", " PILOTO "], "b": ["B"]}
RATES = {"control": 0.020, "piloto": 0.030, "b": 0.026}


def make_pilot(n: int = 24_000, seed: int = 20240601) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    arm = rng.choice(list(SPELLINGS), n, p=[0.25, 0.45, 0.30])
    spelled = np.array([rng.choice(SPELLINGS[a], p=_weights(len(SPELLINGS[a]))) for a in arm])
    segment = rng.choice(["Norte", "Centro", "Sur"], n, p=[0.3, 0.5, 0.2])
    rate = np.vectorize(RATES.get)(arm) * np.where(segment == "Norte", 1.4, 1.0)
    responded = rng.random(n) < rate
    bought = responded & (rng.random(n) < 0.55)
    before = rng.gamma(2.0, 25.0, n)
    lift = np.where(arm == "control", 0.0, 3.0)
    revenue = np.round(0.6 * before + bought * rng.gamma(2.0, 60.0, n) + lift + rng.gamma(1.0, 5.0, n), 2)
    return pd.DataFrame(
        {
            "cliente": [f"{i:07d}" for i in range(n)],
            "grupo": spelled,
            "segmento": segment,
            "respondio": np.where(responded, "sí", "no"),
            "compra": bought.astype(int),
            "ingreso": revenue,
            "ingreso_previo": np.round(before, 2),
        }
    )


def _weights(k: int) -> list[float]:
    return [0.8] + [0.2 / (k - 1)] * (k - 1) if k > 1 else [1.0]


def arm_of(df: pd.DataFrame) -> pd.Series:
    """The true arm of each row (labels trimmed and case-folded), computed with pandas."""
    return df["grupo"].str.strip().str.casefold()

"""Shared rows and the engine-against-engine comparison of the Spark tests (``tests/spark``).

The rows are the same direct-mail pilot and customer lists ``tests/integration`` loads into PostgreSQL, so
the two engine suites check the same cases. Oracle of every comparison: DuckDB as an independent engine
computing the same statistics from the same rows (floats to ``REL`` relative, everything else equal).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pyarrow as pa

from experiments.analysis import Mean, Proportion, RatioOfMeans

REL = 1e-9
METRICS = {
    "response": Proportion("responded"),
    "revenue": Mean("revenue", covariate="pre_spend"),
    "revenue_per_buyer": RatioOfMeans("revenue", "responded"),
}


def pilot_rows(n: int = 20_000, seed: int = 20251) -> pa.Table:
    """A direct-mail pilot: control 1/5, two mailings, three regions, spend the year before."""
    rng = np.random.default_rng(seed)
    group = rng.choice(["control", "Piloto A", "Piloto B"], n, p=[0.2, 0.4, 0.4]).astype(object)
    group[rng.choice(n, 40, replace=False)] = " CONTROL "  # other spellings merge after the query
    segment = rng.choice(["Norte", "Centro", "Sur"], n, p=[0.3, 0.5, 0.2])
    pre_spend = rng.gamma(2.0, 18_000.0, n)
    lift = np.select([group == "Piloto A", group == "Piloto B"], [0.012, 0.006], 0.0)
    responded = (rng.random(n) < 0.02 + lift + 0.01 * (segment == "Norte")).astype(np.int64)
    revenue = np.where(responded == 1, 0.4 * pre_spend + rng.gamma(3.0, 9_000.0, n), 0.0)
    return pa.table(
        {
            "group": group.astype(str),
            "responded": responded,
            "revenue": revenue,
            "pre_spend": pre_spend,
            "segment": segment,
        }
    )


def bad_rows() -> pa.Table:
    return pa.table(
        {
            "group": ["control", "control", "piloto", "piloto", "piloto", "piloto"],
            "answer": ["sí", "No", "SI ", "quizás", "no", "yes"],
            "revenue": [10.5, None, 7.0, -3.0, 8.0, 2.0],
            "spend": [1.0, 2.0, -1.0, 4.0, 5.0, 6.0],
            "customer": ["001", "002", "003", "003", "004", "005"],
        }
    )


def customers(n: int = 3_000, seed: int = 11) -> pa.Table:
    rng = np.random.default_rng(seed)
    ids = [f"{i:08d}" for i in rng.choice(10**8, n, replace=False)]
    return pa.table(
        {
            "id_cliente": ids,
            "tier": rng.choice(["alto", "medio", "bajo"], n, p=[0.2, 0.3, 0.5]),
            "email_opt_in": rng.random(n) < 0.9,
        }
    )


def assert_same(pg: Any, duck: Any, where: str = "result") -> int:
    """Recursive comparison: floats to ``REL`` relative (nan = nan), everything else equal; → floats seen."""
    if dataclasses.is_dataclass(pg):
        assert type(pg) is type(duck), where
        return sum(
            assert_same(getattr(pg, f.name), getattr(duck, f.name), f"{where}.{f.name}")
            for f in dataclasses.fields(pg)
        )
    if isinstance(pg, dict):
        assert list(pg) == list(duck), where
        return sum(assert_same(pg[k], duck[k], f"{where}[{k!r}]") for k in pg)
    if isinstance(pg, list | tuple):
        assert len(pg) == len(duck), where
        return sum(assert_same(a, b, f"{where}[{i}]") for i, (a, b) in enumerate(zip(pg, duck, strict=True)))
    if isinstance(pg, float):
        assert isinstance(duck, float), where
        assert (math.isnan(pg) and math.isnan(duck)) or math.isclose(pg, duck, rel_tol=REL, abs_tol=0.0), (
            f"{where}: engine {pg!r} vs duckdb {duck!r}"
        )
        return 1
    assert pg == duck, f"{where}: engine {pg!r} vs duckdb {duck!r}"
    return 0

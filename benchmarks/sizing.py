"""Timings of the sizing engine (issue 2 budgets: one sizing call < 5 ms, a 100-point curve < 50 ms;
issue 10: < 10 ms whatever the allocation ratio).

Run with ``make bench`` or ``.venv/bin/python benchmarks/sizing.py``. Prints the median of many runs of
each call, its share of the budget and its ratio to a raw DuckDB scan of 1,000,000 integers measured on
the same machine (a yardstick for comparing machines). Never fails on a slow machine: it only reports.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import duckdb

from experiments import (
    mde_two_means,
    mde_two_proportions,
    power_curve,
    power_curve_by_n,
    power_curve_means,
    power_curve_means_by_n,
    power_two_means,
    power_two_proportions,
    sample_size_two_means,
    sample_size_two_proportions,
)

CALL_BUDGET_MS, CURVE_BUDGET_MS = 5.0, 50.0


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def duckdb_scan_ms() -> float:
    con = duckdb.connect()
    return median_ms(lambda: con.execute("SELECT sum(range) FROM range(1000000)").fetchone(), 30)


CALLS: dict[str, Callable[[], object]] = {
    "sample_size_two_proportions normal 1:1": lambda: sample_size_two_proportions(0.02, rel_effect_size=0.25),
    "sample_size_two_proportions normal 9:1 +pop +volume, 2 stimuli (fits)": lambda: (
        sample_size_two_proportions(
            0.02, rel_effect_size=0.25, ratio=9, n_treatments=2, population=500_000, daily_volume=5_000
        )
    ),
    "sample_size_two_proportions normal, base too small (+MDE)": lambda: sample_size_two_proportions(
        0.02, rel_effect_size=0.1, ratio=4, population=50_000, daily_volume=2_000
    ),
    "sample_size_two_proportions arcsine 1:4": lambda: sample_size_two_proportions(
        0.004, rel_effect_size=0.3, ratio=0.25, method="arcsine"
    ),
    "sample_size_two_means t 1:1": lambda: sample_size_two_means(45, effect_size=1.5),
    "sample_size_two_means t, base too small (+MDE)": lambda: sample_size_two_means(
        45, effect_size=1.5, ratio=4, n_treatments=2, population=50_000
    ),
    "sample_size_two_means normal": lambda: sample_size_two_means(45, effect_size=1.5, method="normal"),
    "power_two_proportions": lambda: power_two_proportions(0.02, 0.025, n_control=5_000, n_treatment=20_000),
    "power_two_means t": lambda: power_two_means(45, 2.5, n_control=2_000, n_treatment=8_000),
    "mde_two_proportions": lambda: mde_two_proportions(0.02, n_control=5_000, n_treatment=20_000),
    "mde_two_means t": lambda: mde_two_means(45, n_control=2_000, n_treatment=8_000),
    # Extreme allocations (issue 10: every sizing call < 10 ms whatever the ratio).
    "sample_size_two_proportions normal, ratio 1e-7": lambda: sample_size_two_proportions(
        0.03, rel_effect_size=0.2, ratio=1e-7
    ),
    "sample_size_two_proportions normal, ratio 1e7": lambda: sample_size_two_proportions(
        0.03, rel_effect_size=0.2, ratio=1e7
    ),
    "sample_size_two_means t, ratio 1e-7": lambda: sample_size_two_means(45, effect_size=1.5, ratio=1e-7),
    "sample_size_two_means t, ratio 1e7": lambda: sample_size_two_means(45, effect_size=1.5, ratio=1e7),
}
CURVES: dict[str, Callable[[], object]] = {
    "power_curve normal, 100 lifts": lambda: power_curve(
        0.02, n_control=5_000, n_treatment=20_000, n_points=100
    ),
    "power_curve arcsine, 100 lifts": lambda: power_curve(
        0.02, n_control=5_000, n_treatment=20_000, n_points=100, method="arcsine"
    ),
    "power_curve_by_n normal, 100 sizes": lambda: power_curve_by_n(
        0.02, rel_effect_size=0.25, ratio=4, n_points=100
    ),
    "power_curve_means t, 100 lifts": lambda: power_curve_means(
        45, n_control=2_000, n_treatment=8_000, n_points=100
    ),
    "power_curve_means_by_n t, 100 sizes": lambda: power_curve_means_by_n(
        45, effect_size=1.5, ratio=4, n_points=100
    ),
}


def main() -> int:
    scan = duckdb_scan_ms()
    print(f"reference: raw DuckDB scan of 1,000,000 integers = {scan:.3f} ms (median of 30)\n")
    print(f"{'call':<72} {'median ms':>10} {'of budget':>10} {'x scan':>8}")
    for title, budget, table, runs in (
        ("one call", CALL_BUDGET_MS, CALLS, 300),
        ("100-point curve", CURVE_BUDGET_MS, CURVES, 100),
    ):
        print(f"-- {title} (budget {budget:g} ms, median of {runs} runs)")
        for name, fn in table.items():
            ms = median_ms(fn, runs)
            print(f"{name:<72} {ms:>10.3f} {ms / budget:>9.1%} {ms / scan:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

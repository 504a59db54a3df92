"""Monitoring benchmark: ``monitor_pilot`` on a 10M-row Parquet file with 30 days of data beside a raw
DuckDB ``GROUP BY day, arm`` of the same columns.

Run with ``.venv/bin/python benchmarks/monitor.py`` (options: ``--rows 10000000``, ``--repeat 3``). The
file is generated once into ``benchmarks/data/`` (git-ignored; skipped when present). Both sides run on
a fresh connection with imports done; the raw query computes the same statistics per (day, arm): count,
sum, avg and var_samp of the 0/1 response and of the revenue. ``monitor_pilot`` adds the data checks of
the readout query, the Python cumulation over the 60 cells and the daily group-sequential test.

Target (issue 13): ratio ≤ 1.5. Never fails on a slow machine: it only reports.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"

# Deterministic pseudo-random uniforms from hash(i, k): the same file on every machine and run.
GENERATE = """
COPY (
  WITH u AS (
    SELECT i, (hash(i, 1) % 1000000007) / 1000000007.0 AS u1, (hash(i, 2) % 1000000007) / 1000000007.0 AS u2,
           (hash(i, 3) % 1000000007) / 1000000007.0 AS u3, (hash(i, 4) % 1000000007) / 1000000007.0 AS u4
    FROM range({rows}) t(i))
  SELECT printf('C%09d', i) AS cliente,
         CASE WHEN u1 < 0.5 THEN 'control' ELSE 'piloto' END AS grupo,
         DATE '2025-03-03' + CAST(floor(u2 * 30) AS INTEGER) AS fecha,
         CAST(u3 < CASE WHEN u1 < 0.5 THEN 0.020 ELSE 0.022 END AS INTEGER) AS respondio,
         round(CAST(u3 < 0.021 AS INTEGER) * (-ln(1 - u4) * 30000), 2) AS ingreso
  FROM u
) TO '{path}' (FORMAT parquet)
"""

RAW = """
SELECT fecha, grupo, count(*) AS n,
       sum(respondio), avg(respondio), var_samp(respondio),
       sum(ingreso), avg(ingreso), var_samp(ingreso)
FROM read_parquet('{path}') GROUP BY fecha, grupo
"""


def pilot_file(rows: int) -> Path:
    path = DATA / f"monitor_{rows // 1_000_000}M.parquet"
    if not path.exists():
        import duckdb

        DATA.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        duckdb.connect().execute(GENERATE.format(rows=rows, path=path))
        print(
            f"generated {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:,.0f} MB) in "
            f"{time.perf_counter() - start:.1f} s",
            flush=True,
        )
    return path


def time_monitor(path: Path) -> float:
    from experiments import Mean, Proportion, SequentialPlan, monitor_pilot

    plan = SequentialPlan(kind="group-sequential", planned_n_control=5_000_000, planned_n_treatment=5_000_000)
    start = time.perf_counter()
    r = monitor_pilot(
        path, [Proportion("respondio"), Mean("ingreso")], date="fecha", group="grupo", plan=plan
    )
    took = time.perf_counter() - start
    assert len(r.cumulative) == 30
    return took


def time_raw(path: Path) -> float:
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    rows = con.execute(RAW.format(path=path)).fetchall()
    took = time.perf_counter() - start
    assert len(rows) == 60
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = pilot_file(args.rows)
    time_monitor(path), time_raw(path)  # warm the imports, the OS cache and the bounds cache alike
    monitor = statistics.median(time_monitor(path) for _ in range(args.repeat))
    raw = statistics.median(time_raw(path) for _ in range(args.repeat))
    print(
        f"{args.rows:,} rows, 30 days, Parquet: monitor_pilot {monitor:.3f} s, raw DuckDB GROUP BY day, arm "
        f"{raw:.3f} s, ratio {monitor / raw:.2f} (target ≤ 1.5)"
    )


if __name__ == "__main__":
    main()

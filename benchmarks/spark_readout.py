"""Spark readout benchmark: ``analyze_pilot`` on a local Spark beside a hand-written Spark SQL ``GROUP BY``.

Both read the same generated Parquet pilot (``benchmarks/readout.py``'s generator: arm, segment, two 0/1
outcomes, revenue, revenue the year before) with the same local Spark session (``local[2]``, built by
``datasources.connect("pyspark://?...")``):

* ``engine``: the full readout – 3 metrics (rate, CUPED mean, ratio), 3 segments, SRM, heterogeneity –
  on ``con.read_parquet(file)``;
* ``raw``: ``spark.sql`` of the same sufficient statistics (count, sum, avg, var_samp, covar_samp per
  arm and segment) on ``parquet.`file```, collected to the driver.

One warm-up each (JIT and file listing), then the two alternate ``--repeat`` times; the report gives the
medians, the median of the paired ratios (target ≤ 1.2, issue 14) and the CPU seconds of the Spark JVM
and Python together (steadier than wall time on a shared machine). It only
reports; it never fails on a slow machine.

Usage::

    python benchmarks/spark_readout.py                 # 10M rows, 5 paired runs
    python benchmarks/spark_readout.py --rows 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import readout  # noqa: E402 - the pilot generator and the raw query of the DuckDB benchmark

SPARK_URL = (
    "pyspark://?spark.master=local[2]&spark.driver.memory=2g&spark.sql.shuffle.partitions=4"
    "&spark.sql.execution.arrow.pyspark.enabled=true"
)


def workloads(con: object, path: Path) -> dict[str, object]:
    from experiments import Mean, Proportion, RatioOfMeans, analyze_pilot

    metrics = {
        "respuesta": Proportion("respondio"),
        "ingreso": Mean("ingreso", covariate="ingreso_previo"),
        "ingreso_por_compra": RatioOfMeans("ingreso", "compra"),
    }
    session = con._session  # type: ignore[attr-defined]
    raw_sql = readout.RAW.format(source=f"parquet.`{path}`")

    def engine() -> object:
        table = con.read_parquet(str(path))  # type: ignore[attr-defined]
        return analyze_pilot(
            table, metrics, group="grupo", control="control", segment="segmento", weights=[1, 4]
        )

    def raw() -> object:
        return session.sql(raw_sql).collect()

    return {"engine": engine, "raw": raw}


def jvm_cpu(con: object) -> float:
    """CPU seconds (user + system) the Spark JVM has used so far, from ``/proc/<pid>/stat``."""
    proc = con._session.sparkContext._gateway.proc  # type: ignore[attr-defined]
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in [proc.pid, *_children(proc.pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # a thread ended meanwhile
            continue
    return found + [grand for child in found for grand in _children(child)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = readout.pilot_file(args.rows, "parquet")
    from datasources import connect

    start = time.perf_counter()
    con = connect(SPARK_URL)
    started = time.perf_counter() - start
    runs = workloads(con, path)
    for fn in runs.values():  # warm-up
        fn()
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    load = os.getloadavg()[0]
    for _ in range(args.repeat):
        for name, fn in runs.items():
            t0, c0 = time.perf_counter(), time.process_time() + jvm_cpu(con)
            fn()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() + jvm_cpu(con) - c0)
    ratio = statistics.median(e / r for e, r in zip(wall["engine"], wall["raw"], strict=True))
    cpu_ratio = statistics.median(cpu["engine"]) / statistics.median(cpu["raw"])
    print(
        f"{args.rows:,}-row Parquet pilot on local Spark (local[2], 2g driver; session start {started:.1f} s); "
        f"median of {args.repeat} paired runs; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    for name in runs:
        runs_text = ", ".join(f"{s:.2f}" for s in wall[name])
        print(
            f"  {name:<7} wall {statistics.median(wall[name]):6.2f} s  cpu (JVM + Python) "
            f"{statistics.median(cpu[name]):5.2f} s  (runs: {runs_text})"
        )
    print(f"  engine / raw Spark SQL  wall {ratio:.2f}x paired median, cpu {cpu_ratio:.2f}x  (target <= 1.2)")
    con.disconnect()


if __name__ == "__main__":
    main()

"""Benchmark: assign 10 million customers in 3 strata and write the assignment to Parquet.

Compares the whole process (a fresh Python process: imports, checks of the list, the stratified draw,
writing ``id, arm, stratum``) with a raw DuckDB process that only hashes the IDs and copies them:

* ``raw``: ``COPY (SELECT id, hash(id) FROM list) TO parquet`` – DuckDB's own, non-portable hash;
* ``raw-sha256``: the same copy with the portable hash the assignment uses,
  ``left(sha256('salt:' || id), 16)``, i.e. the unavoidable cost of hashing every ID with SHA-256;
* ``raw-checked``: ``raw-sha256`` preceded by the one query that proves no ID repeats,
  ``count(DISTINCT hash(id))`` – the floor of any split that refuses duplicated IDs (the assignment's
  exact sizes need it; folding that count into the hashing query measured slower, 3.1–4.9 s);
* ``assign``: :func:`experiments.assign_customers` → ``to_parquet``.

Each run is a separate process started with :mod:`subprocess`; its wall time is measured around it, and
its CPU time (user + system) and peak memory (maximum resident set size) come from :func:`os.wait4`'s
``resource`` usage of that child alone. Runs are interleaved and repeated; the report gives each mode's
best wall and CPU time (its least disturbed run) and worst peak memory, with the ratios. On a shared
machine the CPU-time ratio is the steadier figure (wall time includes waiting for cores that other
processes hold).

Usage::

    python benchmarks/assignment.py               # 10M rows, best of 3
    python benchmarks/assignment.py --rows 1000000 --repeat 1

The list is generated once into ``benchmarks/data/`` (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
SALT = "benchmark-2025"
ARMS = {"pilot": 200_000, "control": 50_000, "holdout": 100_000}
THREADS = os.cpu_count() or 2
MEMORY_LIMIT = "500MB"  # DuckDB's own cap (spills beyond it); the process total must stay under 512 MB
MODES = ("raw", "raw-sha256", "raw-checked", "assign")


def list_path(rows: int) -> Path:
    return DATA / f"customers_{rows}.parquet"


def generate(rows: int) -> Path:
    """10-digit text IDs (leading zeros, a permutation so they are unique), 3 value tiers, region, spend."""
    import duckdb

    path = list_path(rows)
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT lpad(((i * 7919 + 104729) % 10000000000)::VARCHAR, 10, '0') AS id_cliente,
                 CASE WHEN hash(i) % 10 < 2 THEN 'alto' WHEN hash(i) % 10 < 5 THEN 'medio' ELSE 'bajo' END
                   AS segmento,
                 (hash(i + 1) % 16)::INTEGER AS region,
                 round(1000 + (hash(i + 2) % 1000000)::DOUBLE, 0) AS gasto_12m
          FROM range({rows}) r(i)
        ) TO '{path}' (FORMAT parquet)""")
    return path


def _child_raw(source: Path, out: Path, portable: bool, checked: bool = False) -> None:
    import duckdb

    con = duckdb.connect(
        config={"threads": THREADS, "memory_limit": MEMORY_LIMIT, "preserve_insertion_order": False}
    )
    key = f"left(sha256('{SALT}:' || id_cliente), 16)" if portable else "hash(id_cliente)"
    if checked:
        rows, distinct = con.execute(
            f"SELECT count(*), count(DISTINCT hash(id_cliente)) FROM read_parquet('{source}')"
        ).fetchone()
        assert rows == distinct, "the benchmark list has unique IDs"
    con.execute(
        f"COPY (SELECT id_cliente, {key} AS h FROM read_parquet('{source}')) TO '{out}' (FORMAT parquet)"
    )


def _child_assign(source: Path, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import datasources
    from experiments import assign_customers

    con = datasources.connect(threads=THREADS, memory_limit=MEMORY_LIMIT, preserve_insertion_order=False)
    table = con.read_parquet(str(source))
    result = assign_customers(table, id_column="id_cliente", arms=ARMS, salt=SALT, strata=["segmento"])
    con.to_parquet(result.table.select("id_cliente", "arm", "stratum"), str(out))
    print(json.dumps({"strategy": result.strategy, "eligible": result.customers.n_eligible}), file=sys.stderr)


def run_child(mode: str, source: Path) -> dict[str, float]:
    """One fresh process: wall seconds and its own peak RSS in MB (from wait4's rusage)."""
    out = DATA / f"out_{mode}.parquet"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--source",
        str(source),
        "--out",
        str(out),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{mode} failed:\n{err}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=MODES)
    parser.add_argument("--source", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child == "assign":
        return _child_assign(args.source, args.out)
    if args.child:
        return _child_raw(
            args.source, args.out, portable=args.child != "raw", checked=args.child == "raw-checked"
        )
    source = generate(args.rows)
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    for _ in range(args.repeat):  # interleaved, so a busy machine slows every mode alike
        for mode in MODES:
            runs[mode].append(run_child(mode, source))
    best = {
        m: {k: min(r[k] for r in rs) for k in ("seconds", "cpu")}
        | {"peak_mb": max(r["peak_mb"] for r in rs), "median": statistics.median(r["seconds"] for r in rs)}
        for m, rs in runs.items()
    }
    print(
        f"{args.rows:,} customers, 3 strata, arms {ARMS}, {THREADS} threads, DuckDB memory_limit "
        f"{MEMORY_LIMIT}; best of {args.repeat} fresh processes (peak: worst); load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    for mode in MODES:
        times = ", ".join(f"{r['seconds']:.2f}" for r in runs[mode])
        print(
            f"  {mode:<12} wall {best[mode]['seconds']:6.2f} s (median {best[mode]['median']:.2f})  "
            f"cpu {best[mode]['cpu']:6.2f} s  peak {best[mode]['peak_mb']:5.0f} MB  (wall runs: {times})"
        )
    for base in ("raw", "raw-sha256", "raw-checked"):
        wall = best["assign"]["seconds"] / best[base]["seconds"]
        cpu = best["assign"]["cpu"] / best[base]["cpu"]
        target = "  (target <= 1.5x, issue 16)" if base == "raw-sha256" else ""
        print(f"  assign / {base:<12} whole process: wall {wall:4.2f}x  cpu {cpu:4.2f}x{target}")
    print(f"  assign peak memory {best['assign']['peak_mb']:.0f} MB (target <= 512 MB)")


if __name__ == "__main__":
    main()

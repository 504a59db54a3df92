"""Benchmark: export a split list (``id_cliente, arm, stratum, gasto_12m``) as Spanish CSV and XLSX.

Each mode is a fresh Python process that reads the list from Parquet and writes one file:

* ``load``: only reads the Parquet list into pandas (the memory every mode starts from);
* ``pandas``: the raw baseline ``DataFrame.to_csv(sep=";", decimal=",")`` – no labels, no inert cells;
* ``csv``: :func:`datasources.export_csv` on the DataFrame (locale es_CL, labels, inert text);
* ``csv-arrow``: :func:`datasources.export_csv` on the pyarrow Table read from Parquet (no pandas);
* ``xlsx``: :func:`datasources.export_xlsx` on the DataFrame (only up to Excel's 1,048,575 rows).

The child reports the seconds spent inside the export call; the parent measures the whole process's
wall time, CPU time (user + system) and peak memory (maximum resident set size) from :func:`os.wait4`.
Runs are interleaved and repeated; the report gives each mode's best times and worst peak memory.

Usage::

    python benchmarks/exports.py                      # 1M rows, best of 3, with XLSX
    python benchmarks/exports.py --rows 10000000 --repeat 1 --modes load pandas csv csv-arrow
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
MODES = ("load", "pandas", "csv", "csv-arrow", "xlsx")
LABELS = {"arm": "grupo", "stratum": "estrato", "pilot": "piloto", "rollout": "despliegue"}


def generate(rows: int) -> Path:
    """10-digit text IDs with leading zeros, four arms, three strata, spend with cents."""
    import duckdb

    path = DATA / f"split_list_{rows}.parquet"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    duckdb.connect().execute(f"""
        COPY (
          SELECT lpad(((i * 7919 + 104729) % 10000000000)::VARCHAR, 10, '0') AS id_cliente,
                 ['pilot', 'control', 'holdout', 'rollout'][(1 + hash(i) % 4)::BIGINT] AS arm,
                 ['alto', 'medio', 'bajo'][(1 + hash(i + 1) % 3)::BIGINT] AS stratum,
                 round((hash(i + 2) % 10000000)::DOUBLE / 100, 2) AS gasto_12m
          FROM range({rows}) r(i)
        ) TO '{path}' (FORMAT parquet)""")
    return path


def _child(mode: str, source: Path, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import pandas as pd
    import pyarrow.parquet as pq

    from datasources import export_csv, export_xlsx

    table = pq.read_table(source)
    frame = table if mode == "csv-arrow" else table.to_pandas()
    del table
    start = time.perf_counter()
    if mode == "pandas":
        assert isinstance(frame, pd.DataFrame)
        data = frame.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")
    elif mode in ("csv", "csv-arrow"):
        data = export_csv(frame, locale="es_CL", labels=LABELS)
    elif mode == "xlsx":
        data = export_xlsx(frame, locale="es_CL", labels=LABELS, sheet="Asignación")
    else:
        data = b""
    seconds = time.perf_counter() - start
    out.write_bytes(data)
    print(json.dumps({"export_seconds": seconds, "mb": len(data) / 1e6}), file=sys.stderr)


def run_child(mode: str, source: Path) -> dict[str, float]:
    """One fresh process: wall and CPU seconds, its own peak RSS in MB, and the export call's seconds."""
    out = DATA / f"out_{mode}.bin"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--source", str(source)]
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{mode} failed:\n{err}")
    report = json.loads(err.strip().splitlines()[-1])
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "export": report["export_seconds"],
        "mb": report["mb"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--child", choices=MODES)
    parser.add_argument("--source", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        return _child(args.child, args.source, args.out)
    modes = [m for m in args.modes if m != "xlsx" or args.rows < 1_048_576]
    source = generate(args.rows)
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in modes}
    for _ in range(args.repeat):  # interleaved, so a busy machine slows every mode alike
        for mode in modes:
            runs[mode].append(run_child(mode, source))
    print(
        f"{args.rows:,} rows (id, arm, stratum, spend), locale es_CL; best of {args.repeat} fresh processes "
        f"(peak: worst); load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    for mode, rs in runs.items():
        best = {k: min(r[k] for r in rs) for k in ("seconds", "cpu", "export")}
        print(
            f"  {mode:<9} export call {best['export']:6.2f} s  process wall {best['seconds']:6.2f} s  "
            f"cpu {best['cpu']:6.2f} s  peak {max(r['peak_mb'] for r in rs):5.0f} MB  file {rs[0]['mb']:6.1f} MB"
        )


if __name__ == "__main__":
    main()

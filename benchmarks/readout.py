"""Pilot readout benchmark: ``analyze_pilot`` on 1M- to 50M-row files beside a raw DuckDB ``GROUP BY``.

Run with ``.venv/bin/python benchmarks/readout.py`` (options: ``--rows 1000000 10000000 50000000``,
``--formats parquet csv-es csv``, ``--repeat 3``; ``csv-es`` is the same pilot as a Spanish export, ``;``
and decimal comma, and its raw floor is DuckDB reading that CSV with the delimiter and decimal mark
given). It generates the pilot files once into ``benchmarks/data/``
(skipped when present), then for each file prints

* **in-process**: median time of the full readout – ``analyze_pilot(path, 3 metrics incl. CUPED,
  segment with 3 values)`` on a fresh connection, imports done – and of a raw DuckDB ``GROUP BY`` of the
  same columns of the same file (same statistics: count, sum, avg, var_samp, covar_samp) on a fresh
  connection, with their ratio and the peak resident memory during each call (``VmHWM`` reset through
  ``/proc/self/clear_refs`` before the call);
* **whole-process**: each of the two run alone in a fresh ``python`` subprocess (start-up and imports
  included), wall time and peak RSS from ``os.wait4``'s ``rusage.ru_maxrss``, and their ratios.

Targets (issue 3): 10M-row Parquet in-process ratio ≤ 1.5, whole engine process ≤ 500 MB RSS; (issue 10) the
readout with skewness checks stays ≤ 3× the plain readout and ≤ 500 MB; (issue 16, with ``--method t``, the
engine's aggregates and checks alone, like the raw query) in process ≤ 1.2× at 10M and 50M rows, whole
process ≤ 3× at 10M and ≤ 4× at 1M, the Spanish CSV in process ≤ 1.3× raw DuckDB reading that CSV, peak
RSS ≤ 260 MB. A summary at the end prints every file's ratios beside these targets. ``make bench`` runs
``--method t`` at 1M, 10M and 50M rows (Parquet and Spanish CSV), then the default method on Parquet.
``--with-permutation`` also times the readout with the permutation test forced on both numeric metrics;
``--method t`` times the readout with the t test only (no skewness sums, histograms or permutations).
Never fails on a slow machine: it only reports.
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

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
METRIC_COLUMNS = ("respondio", "compra", "ingreso", "ingreso_previo")

# Deterministic pseudo-random uniforms from hash(i, k): the same file on every machine and run.
GENERATE = """
COPY (
  WITH u AS (
    SELECT i,
           (hash(i, 1) % 1000000007) / 1000000007.0 AS u1, (hash(i, 2) % 1000000007) / 1000000007.0 AS u2,
           (hash(i, 3) % 1000000007) / 1000000007.0 AS u3, (hash(i, 4) % 1000000007) / 1000000007.0 AS u4,
           (hash(i, 5) % 1000000007) / 1000000007.0 AS u5, (hash(i, 6) % 1000000007) / 1000000007.0 AS u6
    FROM range({rows}) t(i))
  SELECT printf('C%09d', i) AS cliente,
         CASE WHEN u1 < 0.2 THEN 'control' ELSE 'piloto' END AS grupo,
         ['Norte', 'Centro', 'Sur'][1 + CAST(floor(u2 * 3) AS INTEGER)] AS segmento,
         CAST(u3 < CASE WHEN u1 < 0.2 THEN 0.020 ELSE 0.026 END AS INTEGER) AS respondio,
         CAST(u3 < CASE WHEN u1 < 0.2 THEN 0.010 ELSE 0.013 END AS INTEGER) AS compra,
         round(0.6 * (-ln(1 - u5) * 40) + CAST(u3 < 0.013 AS INTEGER) * (-ln(1 - u4) * 120)
               + CASE WHEN u1 < 0.2 THEN 0 ELSE 1.5 END + u6 * 10, 2) AS ingreso,
         round(-ln(1 - u5) * 40, 2) AS ingreso_previo
  FROM u
) TO '{path}' ({options})
"""

RAW = """
SELECT grupo, segmento, count(*) AS n,
       sum(respondio), avg(respondio), var_samp(respondio),
       sum(compra), avg(compra), var_samp(compra),
       sum(ingreso), avg(ingreso), var_samp(ingreso),
       sum(ingreso_previo), avg(ingreso_previo), var_samp(ingreso_previo),
       covar_samp(ingreso, ingreso_previo), covar_samp(ingreso, compra)
FROM {source} GROUP BY grupo, segmento
"""


# The same rows as a Spanish-locale export: `;` between fields, decimal comma (1234,56).
SPANISH = """
COPY (
  SELECT * REPLACE (replace(CAST(ingreso AS VARCHAR), '.', ',') AS ingreso,
                    replace(CAST(ingreso_previo AS VARCHAR), '.', ',') AS ingreso_previo)
  FROM read_parquet('{source}')
) TO '{path}' (FORMAT csv, HEADER, DELIMITER ';')
"""
SUFFIX = {"parquet": ".parquet", "csv": ".csv", "csv-es": "_es.csv"}
RAW_READER = {
    "parquet": "read_parquet('{path}')",
    "csv": "read_csv('{path}')",
    "csv-es": "read_csv('{path}', delim=';', decimal_separator=',')",
}


def file_format(path: Path) -> str:
    """``parquet``, ``csv`` or ``csv-es`` (the Spanish export) from the file name."""
    return next(fmt for fmt, suffix in reversed(SUFFIX.items()) if path.name.endswith(suffix))


def pilot_file(rows: int, fmt: str) -> Path:
    """The generated file (made by a subprocess with DuckDB, out of core) unless it already exists."""
    if fmt == "csv-es":
        pilot_file(rows, "parquet")
    path = DATA / f"pilot_{rows // 1_000_000}M{SUFFIX[fmt]}"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate", str(rows), str(path)], check=True)
        print(
            f"generated {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:,.0f} MB) "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
    return path


def generate(rows: int, path: Path) -> None:
    import duckdb

    options = "FORMAT parquet, ROW_GROUP_SIZE 122880" if path.suffix == ".parquet" else "FORMAT csv, HEADER"
    tmp = path.with_suffix(".tmp")
    if file_format(path) == "csv-es":
        source = DATA / f"pilot_{rows // 1_000_000}M.parquet"
        duckdb.connect().execute(SPANISH.format(source=source, path=tmp))
    else:
        duckdb.connect().execute(GENERATE.format(rows=rows, path=tmp, options=options))
    tmp.rename(path)


# ---------------------------------------------------------------- the two workloads ------------------


def run_engine(path: Path, method: str = "") -> object:
    """The full readout: 3 metrics (rate, CUPED mean, ratio), 3 segments, SRM, heterogeneity."""
    from experiments import Mean, Proportion, RatioOfMeans, analyze_pilot

    method = method or METHOD
    metrics = {
        "respuesta": Proportion("respondio"),
        "ingreso": Mean("ingreso", covariate="ingreso_previo", method=method),
        "ingreso_por_compra": RatioOfMeans("ingreso", "compra", method=method),
    }
    return analyze_pilot(path, metrics, group="grupo", control="control", segment="segmento", weights=[1, 4])


def run_permutation(path: Path) -> object:
    """The same readout with the permutation test forced on both numeric metrics: the engine histograms
    (one more grouped query each) and 2,000 random splits per comparison (overall and 3 segments)."""
    return run_engine(path, method="permutation")


def run_raw(path: Path) -> object:
    """The same statistics from a hand-written DuckDB query on a fresh connection."""
    import duckdb

    source = RAW_READER[file_format(path)].format(path=path)
    return duckdb.connect().execute(RAW.format(source=source)).fetchall()


ALL_WORKLOADS = {"engine": run_engine, "raw": run_raw, "permutation": run_permutation}
WITH_PERMUTATION = "--with-permutation" in sys.argv
METHOD = sys.argv[sys.argv.index("--method") + 1] if "--method" in sys.argv else "auto"
METHOD_FLAG = ["--method", METHOD]
WORKLOADS = {k: v for k, v in ALL_WORKLOADS.items() if k != "permutation" or WITH_PERMUTATION}


# ---------------------------------------------------------------- measurement ------------------------


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _status_mb(key: str = "VmHWM") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    return _status_mb("VmHWM")


def in_process(path: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Median seconds and peak RSS (MB) of each workload, alternating them, after one warm-up each."""
    import duckdb  # noqa: F401 - imports done before timing

    import experiments  # noqa: F401

    for fn in WORKLOADS.values():
        fn(path)
    times: dict[str, list[float]] = {name: [] for name in WORKLOADS}
    cpu: dict[str, list[float]] = {name: [] for name in WORKLOADS}
    peaks: dict[str, float] = dict.fromkeys(WORKLOADS, 0.0)
    extra: dict[str, float] = dict.fromkeys(WORKLOADS, 0.0)
    for _ in range(repeat):
        for name, fn in WORKLOADS.items():
            _reset_peak()
            before = _status_mb("VmRSS")
            start, start_cpu = time.perf_counter(), time.process_time()
            fn(path)
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
            peaks[name] = max(peaks[name], _peak_mb())
            extra[name] = max(extra[name], _peak_mb() - before)
    out = {
        name: {
            "seconds": statistics.median(times[name]),
            "min_seconds": min(times[name]),
            "cpu_seconds": statistics.median(cpu[name]),
            "peak_mb": peaks[name],
            "extra_mb": extra[name],
        }
        for name in WORKLOADS
    }
    out["engine"]["paired_ratio"] = statistics.median(
        e / r for e, r in zip(times["engine"], times["raw"], strict=True)
    )
    return out


def whole_process(path: Path, name: str) -> dict[str, float]:
    """Run one workload in a fresh interpreter: wall time and peak RSS of that process alone."""
    start = time.perf_counter()
    command = [sys.executable, __file__, "--child", name, str(path), *METHOD_FLAG]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = json.loads(proc.stdout.read())
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": wall,
        "call_seconds": out["seconds"],
        "import_seconds": out["import_seconds"],
        "peak_mb": usage.ru_maxrss / 1024,
        "vm_hwm_mb": out["vm_hwm_mb"],
    }


def child(name: str, path: Path) -> None:
    start = time.perf_counter()
    if name == "engine":
        import experiments  # noqa: F401 - import cost is part of the whole process, not of the call
    else:
        import duckdb  # noqa: F401
    imported = time.perf_counter()
    ALL_WORKLOADS[name](path)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - imported,
                "import_seconds": imported - start,
                "vm_hwm_mb": _peak_mb(),
            }
        )
    )


def in_subprocess(path: Path, repeat: int) -> dict[str, dict[str, float]]:
    """The in-process comparison, run in its own interpreter so this parent stays small (a forked
    child inherits the parent's RSS high-water mark in ``ru_maxrss``)."""
    flag = ["--with-permutation"] if WITH_PERMUTATION else []
    out = subprocess.run(
        [sys.executable, __file__, "--inprocess", str(repeat), str(path), *flag, *METHOD_FLAG],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(out)


def report(path: Path, repeat: int) -> dict[str, float]:
    size = path.stat().st_size / 1e6
    whole = {name: whole_process(path, name) for name in WORKLOADS}
    inside = in_subprocess(path, repeat)
    e, r = inside["engine"], inside["raw"]
    we, wr = whole["engine"], whole["raw"]
    print(f"\n{path.name} ({size:,.0f} MB)")
    print(
        f"  in-process  analyze_pilot {e['seconds']:7.3f} s  peak {e['peak_mb']:6.0f} MB | raw GROUP BY "
        f"{r['seconds']:7.3f} s  peak {r['peak_mb']:6.0f} MB | ratio time {e['seconds'] / r['seconds']:.2f}x"
    )
    print(
        f"              ratio of medians {e['seconds'] / r['seconds']:.2f}x, median of paired ratios "
        f"{e['paired_ratio']:.2f}x, best-of {e['min_seconds'] / r['min_seconds']:.2f}x, CPU time "
        f"{e['cpu_seconds']:.3f} s / {r['cpu_seconds']:.3f} s = {e['cpu_seconds'] / r['cpu_seconds']:.2f}x"
    )
    print(
        f"              memory added during the call: analyze_pilot {e['extra_mb']:.0f} MB, "
        f"raw {r['extra_mb']:.0f} MB"
    )
    if "permutation" in inside:
        q, wq = inside["permutation"], whole["permutation"]
        print(
            f"  permutation forced: in-process {q['seconds']:.3f} s (CPU {q['cpu_seconds']:.3f} s), peak "
            f"{q['peak_mb']:.0f} MB | whole process {wq['seconds']:.3f} s, peak {wq['peak_mb']:.0f} MB"
        )
    print(
        f"  whole proc  analyze_pilot {we['seconds']:7.3f} s  peak {we['peak_mb']:6.0f} MB | raw GROUP BY "
        f"{wr['seconds']:7.3f} s  peak {wr['peak_mb']:6.0f} MB | ratio time {we['seconds'] / wr['seconds']:.2f}x"
        f", RSS {we['peak_mb'] / wr['peak_mb']:.2f}x"
    )
    print(
        f"              (inside the fresh process: imports {we['import_seconds']:.3f} s / "
        f"{wr['import_seconds']:.3f} s, first call {we['call_seconds']:.3f} s / {wr['call_seconds']:.3f} s; "
        f"its own VmHWM {we['vm_hwm_mb']:.0f} / {wr['vm_hwm_mb']:.0f} MB)",
        flush=True,
    )
    return {
        "inside": e["seconds"] / r["seconds"],
        "whole": we["seconds"] / wr["seconds"],
        "peak_mb": max(we["peak_mb"], e["peak_mb"]),
    }


# Issue 16's targets: (format, rows or None for every size) → the ceiling of each ratio / of the peak.
TARGETS = {
    ("parquet", 10_000_000): {"inside": 1.2, "whole": 3.0},
    ("parquet", 50_000_000): {"inside": 1.2},
    ("parquet", 1_000_000): {"whole": 4.0},
    ("csv-es", None): {"inside": 1.3},
}
PEAK_TARGET_MB = 260


def summary(results: dict[tuple[str, int], dict[str, float]]) -> None:
    """One line per file: its ratios to the raw floor, each beside its target where it has one."""
    print(
        f"\nsummary – ratio to the raw DuckDB query of the same file (target in brackets; peak ≤ {PEAK_TARGET_MB} MB)"
    )
    for (fmt, rows), got in results.items():
        targets = TARGETS.get((fmt, rows), {}) | TARGETS.get((fmt, None), {})
        cells = []
        for key, label in (("inside", "in process"), ("whole", "whole process")):
            goal = targets.get(key)
            mark = "" if goal is None else f" [≤ {goal}: {'met' if got[key] <= goal else 'MISSED'}]"
            cells.append(f"{label} {got[key]:.2f}x{mark}")
        peak = "met" if got["peak_mb"] <= PEAK_TARGET_MB else "over"
        print(
            f"  {fmt:8s} {rows / 1e6:>4.0f}M  "
            + ", ".join(cells)
            + f", peak {got['peak_mb']:.0f} MB ({peak})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--formats", nargs="+", default=["parquet", "csv-es"], choices=list(SUFFIX))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--with-permutation",
        action="store_true",
        help="also time the readout with the permutation test forced",
    )
    parser.add_argument("--method", default="auto", choices=["auto", "t"], help="the numeric metrics' test")
    parser.add_argument("--child", nargs=2, metavar=("WORKLOAD", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--inprocess", nargs=2, metavar=("REPEAT", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", nargs=2, metavar=("ROWS", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    if args.inprocess:
        print(json.dumps(in_process(Path(args.inprocess[1]), int(args.inprocess[0]))))
        return
    if args.generate:
        generate(int(args.generate[0]), Path(args.generate[1]))
        return
    print(
        f"readout benchmark – {os.cpu_count()} CPUs; median of {args.repeat} runs after a warm-up; "
        f"numeric metrics' test: {METHOD}; load average {os.getloadavg()[0]:.1f}"
    )
    results = {
        (fmt, rows): report(pilot_file(rows, fmt), args.repeat) for rows in args.rows for fmt in args.formats
    }
    summary(results)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

"""Importing the core is cheap: heavy libraries load only when a function needs them (issue 16, item 1).

Oracle: ``sys.modules`` of a fresh interpreter after the import (a property of the import graph, not a
timing: timings belong to ``benchmarks/``).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("scipy.stats", "statsmodels", "pandas")


def _loaded_after(code: str, modules: tuple[str, ...] = HEAVY) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_experiments_and_datasources_loads_no_heavy_library():
    assert _loaded_after("import experiments, datasources") == []


def test_a_public_name_still_loads_its_module_on_first_use():
    """The lazy exports resolve: asking for the file reader loads Ibis and DuckDB, and no earlier."""
    assert _loaded_after("import datasources", ("ibis", "duckdb")) == []
    assert _loaded_after("import datasources\ndatasources.read_table", ("ibis", "duckdb")) == [
        "ibis",
        "duckdb",
    ]


def test_the_sign_in_screen_warm_up_imports_what_the_first_page_needs():
    """``app_pages.warmup``: nothing loaded before ``start``; after ``wait``, every listed library is."""
    code = "from app_pages import warmup\nwarmup.wait()"  # never started: returns at once
    assert _loaded_after(code, ("pandas", "altair")) == []
    code = "from app_pages import warmup\nwarmup.start()\nwarmup.start()\nwarmup.wait()"
    modules = ("pandas", "pyarrow", "altair", "scipy.special")
    assert _loaded_after(code, modules) == list(modules)


def test_the_memo_libraries_load_only_when_a_memo_is_built():
    """The Roll-out page imports ``rollout.memo`` to read an approval; fpdf2 and xlsxwriter wait for a
    download (they cost about 0.3 s, once per process)."""
    assert _loaded_after("import rollout.memo", ("fpdf", "xlsxwriter")) == []


def test_a_readout_process_loads_neither_pandas_nor_other_engines_compilers(tmp_path):
    """``analyze_pilot`` on a Parquet file, in a fresh interpreter: the engine's rows come from DuckDB's
    cursor (no pandas), the file's columns too (no pyarrow), and only the DuckDB SQL compiler of Ibis's
    twenty is imported."""
    pilot = tmp_path / "pilot.parquet"
    code = (
        "import duckdb\n"
        "duckdb.execute(\"COPY (SELECT CASE WHEN i % 2 = 0 THEN 'control' ELSE 'piloto' END AS grupo, "
        f"CAST(i % 3 = 0 AS INTEGER) AS respondio FROM range(400) t(i)) TO '{pilot}'\")\n"
        "from experiments import Proportion, analyze_pilot\n"
        f"analyze_pilot('{pilot}', {{'r': Proportion('respondio')}}, group='grupo', control='control')"
    )
    compilers = tuple(f"ibis.backends.sql.compilers.{name}" for name in ("duckdb", "postgres", "pyspark"))
    assert _loaded_after(code, ("pandas", "pyarrow", *compilers)) == ["ibis.backends.sql.compilers.duckdb"]
    # scipy.special ran (the t test) without executing numpy's f2py and test helpers
    unused = ("numpy.f2py.crackfortran", "charset_normalizer", "unittest")
    assert _loaded_after(code, ("scipy.special", *unused)) == ["scipy.special"]


def test_a_deferred_numpy_submodule_loads_in_full_on_first_use():
    """``numpy.testing`` deferred by ``experiments`` still works once read (LazyLoader, not a stub)."""
    code = "import experiments, scipy.special, numpy\nnumpy.testing.assert_allclose(1.0, 1.0)"
    assert _loaded_after(code, ("unittest", "scipy.special")) == ["unittest", "scipy.special"]


def test_a_split_process_loads_neither_pandas_nor_arrows_query_engine(tmp_path):
    """``assign_customers`` on a Parquet list, in a fresh interpreter: the drawn customers stay in a DuckDB
    temporary table and the arms' cuts are a ``CASE`` on the stratum, so neither pandas (~0.9 s) nor
    pyarrow (~0.08 s; its Acero/dataset ~1 s) is loaded."""
    customers = tmp_path / "lista.parquet"
    code = (
        "import duckdb\n"
        "duckdb.execute(\"COPY (SELECT lpad(i::VARCHAR, 6, '0') AS id_cliente, "
        f"['alto', 'bajo'][1 + i % 2] AS tier FROM range(5000) t(i)) TO '{customers}'\")\n"
        "import datasources\n"
        "from experiments import assign_customers\n"
        f"table = datasources.read_table('{customers}')\n"
        "r = assign_customers(table, id_column='id_cliente', arms={'pilot': 100, 'control': 50}, salt='s',"
        " strata=['tier'], strategy='candidates')\n"
        "from datasources import fetch_rows\n"
        "n = fetch_rows(r.table.group_by('arm').aggregate(n=r.table.count()).order_by('arm'))\n"
        "assert [(x['arm'], x['n']) for x in n] == [('control', 50), ('pilot', 100), ('rollout', 4850)], n"
    )
    assert _loaded_after(code, ("pandas", "pyarrow.acero", "pyarrow.dataset", "pyarrow")) == []

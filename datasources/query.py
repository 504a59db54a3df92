"""Run an Ibis query and get its rows: on DuckDB straight from the engine's cursor.

Every engine query the readout makes returns a handful of rows of sums and counts. Ibis's
``to_pyarrow`` on DuckDB converts them through a converter module that imports pandas (about
0.2 s and 50 MB of a fresh readout process) only to build Python values again. :func:`fetch_rows`
compiles the same expression with the backend's own compiler and reads the cursor's rows; other
engines (Spark, PostgreSQL, warehouses) keep Ibis's Arrow path. Both give the same Python values
(``int``, ``float``, ``Decimal``, ``str``, ``date``, ``None`` for NULL).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

import ibis.expr.types as ir


def _duckdb(expr: ir.Expr) -> Any | None:
    """The expression's DuckDB backend, or ``None`` for any other engine."""
    try:
        backend = expr._find_backend()
    except Exception:  # noqa: BLE001 - an unbound expression runs on Ibis's default backend
        return None
    return backend if getattr(backend, "name", None) == "duckdb" else None


def _on_duckdb(expr: ir.Expr) -> tuple[Any, str] | None:
    """The DuckDB backend and the expression's SQL, its in-memory tables registered (as ``to_pyarrow``
    does); ``None`` for any other engine."""
    backend = _duckdb(expr)
    if backend is None:
        return None
    backend._run_pre_execute_hooks(expr)
    return backend, _compiled(backend, expr)


_COMPILED_MAX = 64  # questions remembered per connection (oldest dropped first)
_COMPILED_LOCK = threading.Lock()


def _compiled(backend: Any, expr: ir.Expr) -> str:
    """The expression's SQL, compiled once per connection: the same question asked again (a rerun on a
    saved DuckDB connection, another look at the same table) reuses it. Ibis expressions are immutable and
    compare by structure, their tables by name and backend, and the SQL depends on nothing else. The
    cache lives on the connection, so it goes with it (a global one would keep closed files' connections,
    and their tables, alive)."""
    op = expr.op()
    cache: dict[Any, str] = backend.__dict__.setdefault("_planner_compiled_sql", {})
    with _COMPILED_LOCK:
        sql = cache.get(op)
    if sql is None:
        sql = backend.compile(expr)
        with _COMPILED_LOCK:
            if len(cache) >= _COMPILED_MAX:
                cache.pop(next(iter(cache)))
            cache[op] = sql
    return sql


def fetch_rows(expr: ir.Table) -> list[dict[str, Any]]:
    """The rows of a table expression as dictionaries, column name → Python value.

    Args:
        expr: An Ibis table expression (a grouped aggregate, a filtered selection…).

    Returns:
        One dictionary per row, in the engine's row order.

    Examples:
        Responders per arm of a small pilot, read from the engine's cursor:

        >>> import ibis
        >>> con = ibis.duckdb.connect()
        >>> pilot = con.create_table("pilot", ibis.memtable({"grupo": ["control", "piloto", "piloto"],
        ...                                                  "respondio": [0, 1, 1]}))
        >>> query = pilot.group_by("grupo").aggregate(n=pilot.count(), r=pilot.respondio.sum())
        >>> fetch_rows(query.order_by("grupo"))
        [{'grupo': 'control', 'n': 1, 'r': 0}, {'grupo': 'piloto', 'n': 2, 'r': 2}]

    References:
        Ibis ``Backend.compile``, https://ibis-project.org/reference/expression-tables#ibis.expr.types.relations.Table.compile;
        DuckDB Python DB-API, https://duckdb.org/docs/stable/clients/python/dbapi.
    """
    found = _on_duckdb(expr)
    if found is None:
        return expr.to_pyarrow().to_pylist()
    backend, sql = found
    cursor = backend.con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_arrow(expr: ir.Table) -> Any:
    """The rows of a table expression as an Arrow table (on DuckDB, from the engine's cursor, no pandas).

    Examples:
        The customers drawn into the pilot, as Arrow for a join back into the engine:

        >>> import ibis
        >>> con = ibis.duckdb.connect()
        >>> lista = con.create_table("lista", ibis.memtable({"id": ["001", "002"], "arm": ["pilot", "rollout"]}))
        >>> fetch_arrow(lista.filter(lista.arm == "pilot")).to_pylist()
        [{'id': '001', 'arm': 'pilot'}]
    """
    found = _on_duckdb(expr)
    if found is None:
        return expr.to_pyarrow()
    backend, sql = found
    return backend.con.sql(sql).to_arrow_table()


def keep(expr: ir.Table, prefix: str = "kept") -> ir.Table:
    """A query's rows kept for the next queries: on DuckDB a temporary table (nothing leaves the engine),
    elsewhere brought back as Arrow and sent again as an in-memory table.

    Examples:
        The customers drawn into the pilot, kept to join back into the whole list:

        >>> import ibis
        >>> con = ibis.duckdb.connect()
        >>> lista = con.create_table("lista", ibis.memtable({"id": ["001", "002"], "arm": ["pilot", "rollout"]}))
        >>> drawn = keep(lista.filter(lista.arm == "pilot"), "drawn")
        >>> "drawn" in drawn.get_name(), fetch_count(drawn)
        (True, 1)
    """
    backend = _duckdb(expr)
    if backend is None:
        return memtable(fetch_arrow(expr))
    from ibis import util

    return backend.create_table(util.gen_name(prefix), expr, temp=True)


_LOCAL: list[Any] = []  # one in-memory DuckDB for building small Arrow tables (a cursor per call)


def _local() -> Any:
    """A cursor of the one in-memory DuckDB for small Arrow work (created on first use)."""
    if not _LOCAL:
        import duckdb

        _LOCAL.append(duckdb.connect())
    return _LOCAL[0].cursor()


def arrow_table(columns: Mapping[str, Sequence[Any]]) -> Any:
    """A small Arrow table from Python lists, built by DuckDB (``pyarrow.table`` would import pandas).

    Each list becomes the column DuckDB makes of it (text → ``string``, whole numbers → ``int32`` or
    ``int64`` as they need, floats → ``double``); every list must have the same length.

    Examples:
        The cumulative ranks at which each arm ends, per stratum of a customer list:

        >>> arrow_table({"stratum": ["alto", "bajo"], "_cut0": [8, 12]}).to_pylist()
        [{'stratum': 'alto', '_cut0': 8}, {'stratum': 'bajo', '_cut0': 12}]
    """
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"arrow_table: columns of different lengths {sorted(lengths)}")
    names = list(columns)
    quoted = [name.replace('"', '""') for name in names]
    select = ", ".join(f'unnest(${i + 1}) AS "{name}"' for i, name in enumerate(quoted))
    return _local().sql(f"SELECT {select}", params=[list(columns[n]) for n in names]).to_arrow_table()


def memtable(arrow: Any) -> ir.Table:
    """``ibis.memtable`` of an Arrow table, without importing pandas.

    Ibis picks the reader of in-memory data by type and, on its first Arrow table, imports every reader it
    knows for Arrow's package – ``pyarrow.dataset``, which imports pandas (~1 s of a customer-list
    split). Registering the Arrow-table reader for its exact type first skips that look-up.

    Examples:
        >>> fetch_count(memtable(arrow_table({"arm": ["pilot", "control"]})))
        2
    """
    import ibis
    import pyarrow as pa
    from ibis.expr import api

    reader = getattr(api, "_memtable_from_pyarrow_table", None)
    dispatcher = getattr(getattr(getattr(api, "_memtable", None), "dispatch", None), "__self__", None)
    lookup = getattr(dispatcher, "lookup", None)  # Ibis's exact-type table (private: checked, not assumed)
    if reader is not None and isinstance(lookup, dict):
        lookup.setdefault(pa.Table, reader)
    return ibis.memtable(arrow)


def fetch_count(expr: ir.Table) -> int:
    """The number of rows of a table expression, counted by the engine.

    Examples:
        >>> import ibis
        >>> con = ibis.duckdb.connect()
        >>> pilot = con.create_table("pilot", ibis.memtable({"ingreso": [10.0, None, 7.5]}))
        >>> fetch_count(pilot.filter(pilot.ingreso.isnull()))
        1
    """
    return int(fetch_rows(expr.aggregate(_n=expr.count()))[0]["_n"])

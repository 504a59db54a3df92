"""Column types of a DuckDB table or view read from the cursor, not through Arrow.

Ibis's DuckDB backend learns a table's columns with ``DESCRIBE`` fetched as an Arrow table: the first
file a process reads therefore imports pyarrow (~75 ms and ~15 MB) only to read a handful of names and
types. :func:`describe_with_cursor` gives a backend we open a ``get_schema`` that runs the same
``DESCRIBE`` and maps the same type names with the same Ibis type mapper, from plain rows.
"""

from __future__ import annotations

import functools
from typing import Any

import duckdb
import ibis.common.exceptions as exc
import ibis.expr.schema as sch
import sqlglot as sg
import sqlglot.expressions as sge


def cursor_schema(
    backend: Any, table_name: str, *, catalog: str | None = None, database: str | None = None
) -> sch.Schema:
    """Ibis's ``Backend.get_schema`` for DuckDB, from the cursor's rows.

    Examples:
        A pilot view's columns, as Ibis types:

        >>> import ibis
        >>> con = ibis.duckdb.connect()
        >>> _ = con.raw_sql("CREATE VIEW pilot AS SELECT 'piloto' AS grupo, 1::INTEGER AS respondio")
        >>> cursor_schema(con, "pilot")
        ibis.Schema {
          grupo      string
          respondio  int32
        }
    """
    query = sge.Describe(
        this=sg.table(table_name, db=database, catalog=catalog, quoted=backend.compiler.quoted)
    ).sql(backend.dialect)
    try:
        rows = backend.con.execute(query).fetchall()  # column_name, column_type, null, key, default, extra
    except duckdb.CatalogException:
        raise exc.TableNotFound(table_name) from None
    mapper = backend.compiler.type_mapper
    return sch.Schema(
        {name: mapper.from_string(kind, nullable=null == "YES") for name, kind, null, *_ in rows}
    )


def describe_with_cursor(backend: Any) -> Any:
    """The same DuckDB backend, its ``get_schema`` reading the cursor (any other backend unchanged)."""
    if getattr(backend, "name", None) == "duckdb":
        backend.get_schema = functools.partial(cursor_schema, backend)
    return backend

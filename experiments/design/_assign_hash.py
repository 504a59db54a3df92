"""The assignment's SHA-256 in each engine's own built-in functions (no user-defined code anywhere).

=====================================  =============================================================
engine (Ibis backend / dialect)        64 lowercase hex digits of SHA-256 of the text's UTF-8 bytes
=====================================  =============================================================
DuckDB                                 ``sha256(x)``
Spark, Databricks                      ``sha2(x, 256)``
PostgreSQL                             ``encode(sha256(convert_to(x, 'UTF8')), 'hex')``
BigQuery                               ``to_hex(sha256(x))``
Snowflake                              ``sha2(x, 256)``
Trino, Athena                          ``lower(to_hex(sha256(to_utf8(x))))``
=====================================  =============================================================

DuckDB, Spark and Databricks use Ibis's own ``hexdigest("sha256")`` rule; the others are Ibis builtin
scalar UDFs, which compile to the function name as written.
"""

from __future__ import annotations

import functools
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

_IBIS_RULE = ("duckdb", "pyspark", "databricks")
_POSTGRES = ("postgres", "risingwave", "materialize")
_TRINO = ("trino", "athena")


def engine_of(expr: ir.Expr) -> str:
    """The Ibis backend name of the table an expression comes from (``"duckdb"`` for an in-memory one)."""
    return str(expr.get_backend().name)


@functools.cache
def _builtins() -> dict[str, Any]:
    """The engines' SHA-256 and hex functions as Ibis builtin scalar UDFs (made on first use)."""

    @ibis.udf.scalar.builtin(name="convert_to")
    def convert_to(text: str, encoding: str) -> dt.binary:
        """PostgreSQL: the text's bytes in that encoding."""

    @ibis.udf.scalar.builtin(name="sha256")
    def sha256_bytes(data: dt.binary) -> dt.binary:
        """PostgreSQL, Trino: the 32-byte SHA-256 digest of the bytes."""

    @ibis.udf.scalar.builtin(name="encode")
    def encode(data: dt.binary, form: str) -> str:  # type: ignore[empty-body]
        """PostgreSQL: the bytes as text; ``'hex'``: lowercase hex digits."""

    @ibis.udf.scalar.builtin(name="sha256")
    def sha256_text(text: str) -> dt.binary:
        """BigQuery: the SHA-256 digest of the string's UTF-8 bytes."""

    @ibis.udf.scalar.builtin(name="to_hex")
    def to_hex(data: dt.binary) -> str:  # type: ignore[empty-body]
        """BigQuery: lowercase hex; Trino: uppercase hex."""

    @ibis.udf.scalar.builtin(name="sha2")
    def sha2(text: str, bits: int) -> str:  # type: ignore[empty-body]
        """Snowflake: SHA-2 of the string's UTF-8 bytes as lowercase hex."""

    @ibis.udf.scalar.builtin(name="to_utf8")
    def to_utf8(text: str) -> dt.binary:
        """Trino: the string's UTF-8 bytes."""

    return locals()


def sha256_hex(text: ir.StringValue, dialect: str | None = None) -> ir.StringValue:
    """SHA-256 of the text's UTF-8 bytes as 64 lowercase hex digits, in the engine's built-in functions.

    Args:
        text: A string expression.
        dialect: The engine to write it for (an Ibis backend name such as ``"bigquery"``); by default
            the backend of the table ``text`` comes from.

    Returns:
        The hex digest as a string expression.

    Examples:
        A customer ID with its campaign salt, hashed by DuckDB and by Python's ``hashlib``:

        >>> import hashlib, ibis
        >>> t = ibis.memtable({"id": ["s:000123"]})
        >>> t.select(h=sha256_hex(t.id)).to_pyarrow()["h"][0].as_py() == hashlib.sha256(b"s:000123").hexdigest()
        True
        >>> ibis.to_sql(t.select(h=sha256_hex(t.id, "snowflake")), dialect="snowflake").count("SHA2(")
        1

    References:
        NIST FIPS 180-4 (SHA-256); PostgreSQL 15 manual §9.4–9.5; BigQuery, Snowflake and Trino SQL
        references (``SHA256``/``TO_HEX``, ``SHA2``, ``sha256``/``to_utf8``/``to_hex``).
    """
    engine = dialect or engine_of(text)
    if engine in _IBIS_RULE:
        return text.hexdigest("sha256")
    f = _builtins()
    if engine in _POSTGRES:
        return f["encode"](f["sha256_bytes"](f["convert_to"](text, "UTF8")), "hex")
    if engine == "bigquery":
        return f["to_hex"](f["sha256_text"](text))
    if engine == "snowflake":
        return f["sha2"](text, 256)
    if engine in _TRINO:
        return f["to_hex"](f["sha256_bytes"](f["to_utf8"](text))).lower()
    return text.hexdigest("sha256")  # any other engine with an Ibis rule (it raises if there is none)


def digest(ident: ir.StringValue, salt: str, dialect: str | None = None) -> ir.StringValue:
    """The 64 hex digits of SHA-256 of ``"{salt}:{id}"``."""
    return sha256_hex(ibis.literal(f"{salt}:") + ident, dialect)


def hash_key(ident: ir.StringValue, salt: str, dialect: str | None = None) -> ir.StringValue:
    """Engine form of :func:`~experiments.design.assignment.assignment_hash`: its 16 lowercase hex digits."""
    return digest(ident, salt, dialect).left(16)

"""Check and clean a customer list before assignment: ID column, blanks, duplicates, eligibility, strata.

Every count comes from aggregate queries run in the engine (one scan of the list, one grouped by stratum);
nothing is loaded row by row into Python.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

import datasources
from datasources.query import fetch_rows
from planner_common import InputError
from planner_common.frames import is_arrow_table, is_pandas_frame

STRATUM = "stratum"
ARM = "arm"
ALL_STRATUM = "all"  # the one stratum of an unstratified list
MISSING = "NA"  # label of an empty stratum value
SEPARATOR = " | "  # between the values of several strata columns
# What a spreadsheet writes for a long number it turned into scientific notation: 1.23457E+11, 1,2E+15.
SCIENTIFIC = r"^[0-9]([.,][0-9]+)?[eE]\+[0-9]+$"
_HASH64 = ("bigquery", "snowflake", "postgres", "clickhouse")  # engines whose Ibis .hash() has 64 bits


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerListResult:
    """A customer list ready to assign, with what was removed on the way.

    Attributes:
        id_column: Column holding the customer ID.
        strata: Columns whose value combinations form the strata (empty: one stratum, ``"all"``).
        n_rows: Rows in the list.
        n_blank_ids: Rows without an ID (removed).
        n_ineligible: Rows with an ID that fail the eligibility filter (removed).
        n_duplicate_rows: Extra rows of IDs already present among the eligible rows (removed).
        n_eligible: Customers left to assign (one row each).
        stratum_sizes: ``(label, customers)`` per stratum, in label order.
        table: The eligible customers, one row per ID, with a ``stratum`` label column added.
        notes: Caveats.
    """

    id_column: str
    strata: tuple[str, ...]
    n_rows: int
    n_blank_ids: int
    n_ineligible: int
    n_duplicate_rows: int
    n_eligible: int
    stratum_sizes: tuple[tuple[str, int], ...]
    table: Any
    notes: tuple[str, ...] = ()


def as_table(data: Any) -> ir.Table:
    """An Ibis table from an Ibis table, a pandas/Arrow frame (in memory) or a file (``datasources``)."""
    if isinstance(data, ir.Table):
        return data
    if is_pandas_frame(data) or is_arrow_table(data):
        return ibis.memtable(data)
    return datasources.read_table(data)


def check_columns(table: ir.Table, field: str, names: Sequence[str]) -> tuple[str, ...]:
    """Raise ``column_not_in_list`` for a name that is not a column of ``table``."""
    names = (names,) if isinstance(names, str) else tuple(names)
    for name in names:
        if name not in table.columns:
            raise InputError(
                "column_not_in_list",
                f"{field} names column {name!r}, which the list does not "
                f"have; its columns are {', '.join(table.columns)}.",
                field=field,
                value=name,
                columns=", ".join(table.columns),
            )
    return names


def _check_id_column(table: ir.Table, id_column: str) -> None:
    if not isinstance(id_column, str) or id_column not in table.columns:
        raise InputError(
            "id_column_missing",
            f"id_column {id_column!r} is not a column of the list; its "
            f"columns are {', '.join(table.columns)}. Choose the column with the customer ID.",
            field="id_column",
            value=id_column,
            columns=", ".join(table.columns),
        )
    for name in (ARM, STRATUM):
        if name in table.columns:
            raise InputError(
                "reserved_column",
                f"the list already has a column {name!r}; the assignment "
                "adds it, so rename or drop that column first.",
                field="table",
                value=name,
            )
    dtype = table[id_column].type()
    if dtype.is_floating() or dtype.is_decimal():
        example = fetch_rows(table.select(v=table[id_column]).filter(ibis._.v.notnull()).limit(1))
        value = example[0]["v"] if example else None
        _raise_scientific(id_column, 1, f"{value:.6g}" if value is not None else "")


def _raise_scientific(id_column: str, count: int, example: str) -> None:
    raise InputError(
        "ids_scientific_notation",
        f"{id_column!r} holds IDs written as decimal numbers in scientific notation (e.g. "
        f"{example}; {count} found): a spreadsheet has rounded them and lost digits. Export "
        "the ID column as text and upload the list again.",
        field="id_column",
        value=id_column,
        count=count,
        example=example,
    )


def id_text(table: ir.Table, id_column: str) -> ir.StringValue:
    """The ID as text: strings as they are, integers in plain decimal digits."""
    column = table[id_column]
    return column if column.type().is_string() else column.cast("string")


def stratum_label(table: ir.Table, strata: Sequence[str]) -> ir.StringValue:
    """``"alto | RM"``: the strata values as text joined by ``" | "``; empty values read ``NA``."""
    if not strata:
        return ibis.literal(ALL_STRATUM)
    parts = [table[c].cast("string").fill_null(MISSING) for c in strata]
    label = parts[0]
    for part in parts[1:]:
        label = label + SEPARATOR + part
    return label


def eligibility(table: ir.Table, eligible: Any) -> ir.BooleanValue:
    """The eligibility filter as a boolean column (a missing result counts as not eligible).

    ``eligible`` is ``None`` (everyone), an Ibis boolean expression or deferred (``ibis._.opt_in``),
    or simple conditions ``{"email_opt_in": True, "tier": ["alto", "medio"]}`` (value or list of values).
    """
    if eligible is None:
        return ibis.literal(True)
    if isinstance(eligible, Mapping):
        check_columns(table, "eligible", list(eligible))
        conditions = [
            table[c].isin(list(v)) if isinstance(v, list | tuple | set | frozenset) else table[c] == v
            for c, v in eligible.items()
        ]
        condition = ibis.and_(*conditions) if conditions else ibis.literal(True)
    else:
        condition = table.bind(eligible)[0]
    return condition.fill_null(False)


def is_blank(ident: ir.StringValue) -> ir.BooleanValue:
    """No ID: null, empty or only spaces (the cheap tests first: trimming every ID is slow)."""
    spaced = ident < "!"  # empty or starting with a space, tab or other control character
    return ident.isnull() | spaced.ifelse(ident.strip() == "", False)


def is_scientific(ident: ir.StringValue) -> ir.BooleanValue:
    """An ID a spreadsheet wrote in scientific notation (``1.23457E+11``)."""
    maybe = ident.contains("E+") | ident.contains("e+")
    return maybe.ifelse(ident.strip().re_search(SCIENTIFIC), False).fill_null(False)


def _counts(table: ir.Table, id_column: str, eligible: Any) -> tuple[dict[str, int], ir.BooleanValue]:
    """One scan of the list: rows, eligible rows, the distinct hashes of all IDs where the engine has a
    64-bit hash (a cheap proof that no ID repeats), and cheap supersets of the blank and spreadsheet-mangled
    IDs (null or below ``"!"``; containing ``"+"``); only when one of those is not zero does a second scan
    count them exactly (trimming and pattern-matching every ID costs ~25 % of the scan)."""
    ident = id_text(table, id_column)
    is_string = table[id_column].type().is_string()
    metrics = {"rows": ibis._.count(), "maybe_blank": (ident.isnull() | (ident < "!")).ifelse(1, 0).sum()}
    if eligible is not None:
        metrics["eligible_rows"] = eligibility(table, eligible).ifelse(1, 0).sum()
    hashed = fingerprint(ident, table.get_backend().name)
    if hashed is not None:
        metrics["hashed"] = hashed.nunique()
    if is_string:
        metrics["maybe_sci"] = ident.contains("+").ifelse(1, 0).sum()
    row = _sums(table, metrics)
    ok = ~is_blank(ident) & eligibility(table, eligible)
    counts = {"rows": row["rows"], "blank": 0, "sci": 0, "hashed": row.get("hashed", 0)}
    counts["eligible"] = row.get("eligible_rows", row["rows"])
    if row["maybe_blank"] or row.get("maybe_sci"):
        exact = {"blank": is_blank(ident).ifelse(1, 0).sum(), "eligible": ok.ifelse(1, 0).sum()}
        if is_string:
            exact["sci"] = is_scientific(ident).ifelse(1, 0).sum()
        counts |= _sums(table, exact)
    return counts, ok


def _sums(table: ir.Table, metrics: Mapping[str, Any]) -> dict[str, int]:
    """One aggregate row as whole numbers (an empty sum reads 0)."""
    return {k: int(v or 0) for k, v in fetch_rows(table.aggregate(**metrics))[0].items()}


def _example(table: ir.Table, condition: ir.BooleanValue, value: ir.Value) -> str:
    found = fetch_rows(table.filter(condition).select(v=value).order_by("v").limit(1))
    return str(found[0]["v"]) if found else ""


@functools.cache
def _engine_hashes() -> dict[str, Any]:
    """64-bit hash functions Ibis's ``.hash()`` does not give on these engines (builtin scalar UDFs)."""

    @ibis.udf.scalar.builtin(name="hash")
    def duckdb_hash(text: str) -> dt.uint64:
        """DuckDB's own 64-bit hash (Ibis's ``.hash()`` adds two casts through BIT)."""

    @ibis.udf.scalar.builtin(name="xxhash64")
    def xxhash64(text: str) -> dt.int64:
        """Spark's 64-bit xxHash (Spark's ``hash()`` is a 32-bit Murmur3)."""

    return {"duckdb": duckdb_hash, "pyspark": xxhash64, "databricks": xxhash64}


def fingerprint(ident: ir.StringValue, engine: str) -> ir.IntegerValue | None:
    """A 64-bit hash of the ID in the engine's built-in functions; ``None`` where there is none."""
    if engine in _engine_hashes():
        return _engine_hashes()[engine](ident)
    if engine in _HASH64:  # Ibis's .hash(): FARM_FINGERPRINT, HASH, hashtextextended
        return ident.hash()
    return None


def _duplicates(table: ir.Table, id_column: str, counts: dict[str, int]) -> int:
    """Eligible rows whose ID already appeared.

    Equal IDs have equal hashes, so as many distinct 64-bit hashes as rows proves there is no duplicate
    (8-byte numbers, lighter than the IDs); only when two hashes coincide (a duplicate, or odds about
    n²/2⁶⁵ for n IDs) or rows were filtered out are the eligible IDs counted again. Never a 32-bit hash.
    """
    if counts["hashed"] == counts["rows"] == counts["eligible"]:
        return 0
    ident = id_text(table, id_column)
    hashed = fingerprint(ident, table.get_backend().name)
    if hashed is not None and counts["eligible"] != counts["rows"]:
        distinct = fetch_rows(table.aggregate(d=hashed.nunique()))[0]["d"]
        if int(distinct or 0) == counts["eligible"]:
            return 0
    distinct = fetch_rows(table.aggregate(d=ident.nunique()))[0]["d"]
    return counts["eligible"] - int(distinct or 0)


def _first_repeated(table: ir.Table, id_column: str) -> str:
    """The first repeated ID in the engine's text order (only asked when there is one)."""
    ident = id_text(table, id_column)
    repeated = table.group_by(v=ident).aggregate(n=ibis._.count()).filter(ibis._.n > 1)
    return str(fetch_rows(repeated.aggregate(e=repeated.v.min()))[0]["e"])


def duplicate_error(id_column: str, duplicates: int, example: str) -> InputError:
    """``duplicate_customer_ids``: how many rows repeat an ID, with the first repeated ID."""
    return InputError(
        "duplicate_customer_ids",
        f"{duplicates} rows repeat an ID already in the list (e.g. {example!r}); each customer must "
        "appear once: remove the repeated rows.",
        field="id_column",
        value=id_column,
        count=duplicates,
        example=example,
    )


def _deduplicate(table: ir.Table, id_column: str) -> ir.Table:
    """One row per ID: the one with the first stratum label (ties: any, only covariates may differ)."""
    ident = id_text(table, id_column)
    first = ibis.row_number().over(group_by=ident, order_by=table[STRATUM])
    return table.mutate(_first=first).filter(ibis._._first == 0).drop("_first")


def _sizes(table: ir.Table) -> tuple[tuple[str, int], ...]:
    counts = fetch_rows(table.group_by(STRATUM).aggregate(n=ibis._.count()))
    return tuple(sorted((row[STRATUM], int(row["n"])) for row in counts if row["n"]))


def prepare_customer_list(
    table: Any,
    *,
    id_column: str,
    strata: Sequence[str] | None = None,
    eligible: Any = None,
    drop_blank_ids: bool = False,
    drop_duplicates: bool = False,
) -> CustomerListResult:
    """Check a customer list and keep the eligible customers, one row per ID, with their stratum.

    Bad lists stop here with one clear sentence: no such ID column, IDs a spreadsheet turned into
    scientific notation (``1.23457E+11``), blank IDs or duplicated IDs (unless ``drop_blank_ids`` /
    ``drop_duplicates`` say to remove them), or nobody left to assign.

    Args:
        table: An Ibis table, a pandas DataFrame or a file path / upload (read by ``datasources``).
        id_column: Column with the customer ID (text or whole numbers; text keeps leading zeros).
        strata: Columns whose value combinations form the strata, e.g. ``["tier", "region"]``.
        eligible: Eligibility filter: ``None``, an Ibis boolean expression / deferred, or conditions
            ``{"email_opt_in": True, "tier": ["alto", "medio"]}``.
        drop_blank_ids: Remove rows without an ID instead of stopping.
        drop_duplicates: Keep one row per ID (the first stratum label) instead of stopping.

    Returns:
        A :class:`CustomerListResult` with the counts and the cleaned Ibis table.

    Raises:
        InputError: ``id_column_missing``, ``column_not_in_list``, ``reserved_column``,
            ``ids_scientific_notation``, ``blank_ids``, ``duplicate_customer_ids``, ``no_eligible_customers``.

    Examples:
        Five rows: one without an ID, one repeated, one who declined e-mail:

        >>> import pandas as pd
        >>> rows = pd.DataFrame({"id_cliente": ["001", "002", "", "003", "003", "004"],
        ...                      "tier": ["alto", "bajo", "bajo", "bajo", "bajo", "alto"],
        ...                      "opt_in": [True, True, True, True, True, False]})
        >>> r = prepare_customer_list(rows, id_column="id_cliente", strata=["tier"],
        ...                           eligible={"opt_in": True}, drop_blank_ids=True, drop_duplicates=True)
        >>> r.n_rows, r.n_blank_ids, r.n_ineligible, r.n_duplicate_rows, r.n_eligible, r.stratum_sizes
        (6, 1, 1, 1, 3, (('alto', 1), ('bajo', 2)))

    References:
        Kohavi, Tang & Xu (2020), *Trustworthy Online Controlled Experiments*, ch. 21 (clean the unit
        list before randomising); Wheaton, "Test and rollout" (same exclusions for test and roll-out).
    """
    table = as_table(table)
    _check_id_column(table, id_column)
    strata = check_columns(table, "strata", strata or ())
    counts, ok = _counts(table, id_column, eligible)
    n_rows, n_blank, n_ok = counts["rows"], counts["blank"], counts["eligible"]
    if counts["sci"]:
        ident = id_text(table, id_column)
        _raise_scientific(id_column, counts["sci"], _example(table, is_scientific(ident), ident))
    if n_blank and not drop_blank_ids:
        raise InputError(
            "blank_ids",
            f"{n_blank} of {n_rows} rows have no {id_column!r}; fill them in or remove those rows.",
            field="id_column",
            value=id_column,
            count=n_blank,
            rows=n_rows,
        )
    kept = table if n_ok == n_rows else table.filter(ok)  # skip the filter when it keeps everyone
    kept = kept.mutate(**{STRATUM: stratum_label(table, strata)})
    duplicates = _duplicates(kept, id_column, counts) if n_ok else 0
    if duplicates and not drop_duplicates:
        raise duplicate_error(id_column, duplicates, _first_repeated(kept, id_column))
    if duplicates:
        kept = _deduplicate(kept, id_column)
    sizes = dict(_sizes(kept))
    if not sizes:
        raise InputError(
            "no_eligible_customers",
            "the list has no eligible customers to assign; check the ID column and the eligibility filter.",
            field="eligible",
            value=0,
        )
    notes = ((f"{n_blank} rows without an ID were removed.",) if n_blank else ()) + (
        (f"{duplicates} repeated rows were removed (one row kept per ID).",) if duplicates else ()
    )
    return CustomerListResult(
        id_column=id_column,
        strata=strata,
        n_rows=n_rows,
        n_blank_ids=n_blank,
        n_ineligible=n_rows - n_blank - n_ok,
        n_duplicate_rows=duplicates,
        n_eligible=n_ok - duplicates,
        stratum_sizes=tuple(sorted(sizes.items())),
        table=kept,
        notes=notes,
    )

"""Reproducible stratified assignment of a customer list to pilot, control, other arms and roll-out.

**The hash (portable).** Each customer's place in the draw is the number

    ``h(id) = int(sha256(f"{salt}:{id}".encode("utf-8")).hexdigest()[:16], 16)``

the first 16 hexadecimal digits of the SHA-256 digest of the salt, a colon and the ID as text, read as
an unsigned 64-bit integer. The ID text is the ID exactly as stored (text IDs keep their leading zeros
and spaces; whole-number IDs are written in plain decimal digits, ``123``). Every SQL engine has SHA-256
(DuckDB ``sha256``, BigQuery ``SHA256``, Spark ``sha2(x, 256)``, PostgreSQL ``sha256``), and
:func:`assignment_hash` is the pure-Python reference. The engine compares the 16 lowercase hex digits as
text, which orders exactly like the integers (digits before letters, as in the C, ICU and glibc
collations alike, so the database's text collation does not change the order). Each engine computes the
digest with its own built-in functions (:mod:`experiments.design._assign_hash`: DuckDB ``sha256``, Spark
and Databricks ``sha2(x, 256)``, PostgreSQL ``encode(sha256(convert_to(x, 'UTF8')), 'hex')``, BigQuery
``to_hex(sha256(x))``, Snowflake ``sha2(x, 256)``, Trino ``lower(to_hex(sha256(to_utf8(x))))``).

**The draw.** Within each stratum customers are ranked by ``h``. Two different IDs with equal ``h`` (odds
about n² / 2⁶⁵ for a list of n customers: 3·10⁻⁶ for 10 million) are ordered by the next 16 hex digits of
the digest, and only then (equal first 128 bits: never seen) by the ID text, so that ties do not depend on
the collation either (an ID-text tie-break would: ``"a" < "B"`` in ICU and glibc, not in C). Arms are taken in name order and each gets the next block of ranks, as many as its share of that
stratum (see :mod:`experiments.design._assign_quotas`: exact totals per arm, proportional per stratum);
everyone after the last block is ``"rollout"``. The same ID, salt and plan (arm sizes, strata, eligible
list) therefore always give the same arm, on any engine and any machine.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from datasources.query import fetch_rows, keep
from experiments.design._assign_hash import digest, engine_of, hash_key, sha256_hex
from experiments.design._assign_list import (
    ARM,
    STRATUM,
    CustomerListResult,
    id_text,
    prepare_customer_list,
)
from experiments.design._assign_quotas import allocate
from planner_common import InputError, check_choice, check_int

__all__ = [
    "ROLLOUT",
    "STRATEGIES",
    "AssignmentResult",
    "assign",
    "assign_customers",
    "assignment_hash",
    "hash_key",
    "sha256_hex",
]

ROLLOUT = "rollout"
STRATEGIES = ("auto", "window", "candidates")
_CANDIDATE_SHARE = 0.25  # "auto" ranks only likely winners when the arms take at most this share
_RANK, _KEY = "_rank", "_key"


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignmentResult:
    """A customer list split into arms, with the plan that decided it.

    Attributes:
        arms: ``(arm, size)`` in draw (name) order; everyone else is ``"rollout"``.
        salt: The salt of the hash.
        customers: The checked list (counts of rows, blanks, duplicates, eligible; strata sizes).
        allocation: ``(stratum, arm, customers)`` for every stratum and arm, roll-out included.
        strategy: ``"window"`` (rank everyone) or ``"candidates"`` (rank only likely winners); the
            result is identical, only the speed differs.
        table: Ibis table: the eligible customers with ``stratum`` and ``arm`` columns added.
        notes: Caveats.
    """

    arms: tuple[tuple[str, int], ...]
    salt: str
    customers: CustomerListResult
    allocation: tuple[tuple[str, str, int], ...]
    strategy: str
    table: Any
    notes: tuple[str, ...] = ()


def assignment_hash(customer_id: str | int, salt: str) -> int:
    """The customer's 64-bit draw number: first 16 hex digits of SHA-256 of ``"{salt}:{id}"``.

    Args:
        customer_id: The ID as text (leading zeros kept) or a whole number.
        salt: The assignment's salt.

    Returns:
        An integer in ``[0, 2**64)``; lower numbers are drawn first within a stratum.

    Examples:
        >>> assignment_hash("000123", "primavera-2025")
        8467857093061520996
        >>> assignment_hash(123, "s") == assignment_hash("123", "s")
        True

    References:
        NIST FIPS 180-4, *Secure Hash Standard* (SHA-256).
    """
    text = customer_id if isinstance(customer_id, str) else str(int(customer_id))
    return int(hashlib.sha256(f"{salt}:{text}".encode()).hexdigest()[:16], 16)


def _check_plan(arms: Mapping[str, int], salt: str) -> dict[str, int]:
    if not isinstance(salt, str) or not salt.strip():
        raise InputError(
            "empty_salt",
            f"salt must be a non-empty text, got {salt!r}; any word works, e.g. the campaign name and date.",
            field="salt",
            value=salt,
        )
    if not isinstance(arms, Mapping) or not arms:
        raise InputError(
            "no_arms",
            f"arms must map each arm to its size, e.g. {{'pilot': 20000, 'control': 5000}}; got {arms!r}.",
            field="arms",
            value=repr(arms),
        )
    for name in arms:
        if not isinstance(name, str) or not name.strip() or name == ROLLOUT:
            raise InputError(
                "bad_arm_name",
                f"arm names must be non-empty text other than {ROLLOUT!r} "
                f"(kept for everyone not drawn); got {name!r}.",
                field="arms",
                value=name,
            )
    return {name: check_int(f"arms[{name!r}]", size) for name, size in arms.items()}


def _cuts(
    table: ir.Table, allocation: dict[str, dict[str, int]], names: Sequence[str]
) -> list[ir.IntegerValue]:
    """Per arm, the cumulative rank at which it ends in the row's stratum (a ``CASE`` on the label)."""
    return [
        table[STRATUM].substitute(
            {s: sum(allocation[s][a] for a in names[: j + 1]) for s in allocation}, else_=0
        )
        for j in range(len(names))
    ]


def _limit(allocation: dict[str, dict[str, int]], sizes: dict[str, int], scale: float) -> str:
    """Hash limit (16 hex digits) below which every stratum very likely has enough candidates.

    The hash is uniform, so a stratum of ``N`` customers has about ``p·N`` below ``p·2⁶⁴``; ``p`` leaves
    ``8·sqrt(k) + 16`` customers to spare above the ``k`` it must draw (shortfall odds ~1e-15, and a
    shortfall is detected and redone wider). ``"g"`` sorts above every hex digit: no limit.
    """
    share = max(
        (sum(row.values()) + scale * (8 * math.sqrt(sum(row.values())) + 16)) / sizes[s]
        for s, row in allocation.items()
    )
    return "g" if share >= 1 else f"{math.ceil(share * 2**64):016x}"


def _arm_of(table: ir.Table, allocation: dict[str, dict[str, int]], names: Sequence[str]) -> ir.StringValue:
    cuts = _cuts(table, allocation, names)
    return ibis.cases(
        *[(table[_RANK] < cut, name) for cut, name in zip(cuts, names, strict=True)], else_=ROLLOUT
    )


def _ranked(
    table: ir.Table,
    id_column: str,
    salt: str,
    allocation: dict[str, dict[str, int]],
    names: Sequence[str],
    dialect: str,
    limit: str | None = None,
) -> ir.Table:
    """Customers ranked within their stratum by the 32 hex digits of the key (h first, then the next 16
    digits, whatever the text collation), then the ID; the arm from the rank. With a ``limit`` only the
    customers whose key is below it are ranked (the engine hashes every customer once for that filter)."""
    if limit is not None:
        table = table.filter(digest(id_text(table, id_column), salt, dialect) < limit)  # same as key < limit
    keyed = table.mutate(**{_KEY: digest(id_text(table, id_column), salt, dialect).left(32)})
    rank = ibis.row_number().over(group_by=keyed[STRATUM], order_by=[keyed[_KEY], id_text(keyed, id_column)])
    ranked = keyed.mutate(**{_RANK: rank})
    return ranked.mutate(**{ARM: _arm_of(ranked, allocation, names)})


def _window(
    prepared: CustomerListResult, salt: str, allocation: dict[str, dict[str, int]], names: Sequence[str]
) -> ir.Table:
    table = prepared.table
    ranked = _ranked(table, prepared.id_column, salt, allocation, names, engine_of(table))
    return ranked.select(*table.columns, ARM)


def _drawn(
    prepared: CustomerListResult,
    salt: str,
    allocation: dict[str, dict[str, int]],
    names: Sequence[str],
    scale: float = 1.0,
) -> ir.Table:
    """The drawn customers (ID, stratum, arm), ranking only candidates, kept in the engine (a DuckDB
    temporary table: no Arrow round trip); widened until every stratum and arm is complete."""
    sizes, dialect = dict(prepared.stratum_sizes), engine_of(prepared.table)
    want = {(s, a): n for s, row in allocation.items() for a, n in row.items() if n}
    while True:
        limit = _limit(allocation, sizes, scale)
        ranked = _ranked(prepared.table, prepared.id_column, salt, allocation, names, dialect, limit)
        drawn = keep(ranked.filter(ranked[ARM] != ROLLOUT).select(prepared.id_column, STRATUM, ARM), "drawn")
        counts = fetch_rows(drawn.group_by([STRATUM, ARM]).aggregate(_n=ibis._.count()))
        if {(row[STRATUM], row[ARM]): row["_n"] for row in counts} == want:
            return drawn
        scale = max(1.0, 16 * scale)  # a stratum had too few candidates (odds ~1e-15): widen, redo


def _candidates(
    prepared: CustomerListResult, salt: str, allocation: dict[str, dict[str, int]], names: Sequence[str]
) -> ir.Table:
    drawn = _drawn(prepared, salt, allocation, names)
    found = drawn.select(_drawn_id=drawn[prepared.id_column], _drawn_arm=drawn[ARM])
    table = prepared.table
    joined = table.left_join(found, table[prepared.id_column] == found["_drawn_id"])
    return joined.select(*table.columns, **{ARM: joined["_drawn_arm"].fill_null(ROLLOUT)})


def assign_customers(
    table: Any,
    *,
    id_column: str,
    arms: Mapping[str, int],
    salt: str,
    strata: Sequence[str] | None = None,
    eligible: Any = None,
    drop_blank_ids: bool = False,
    drop_duplicates: bool = False,
    strategy: str = "auto",
) -> AssignmentResult:
    """Split a customer list into arms of exact sizes, stratified, reproducibly; with the full report.

    Same arguments as :func:`assign` plus ``strategy`` (``"auto"``, ``"window"`` ranks everyone,
    ``"candidates"`` ranks only customers whose hash is low enough to be drawn; identical results).

    Returns:
        An :class:`AssignmentResult` (the table, the list counts, the per-stratum allocation).

    Examples:
        >>> import pandas as pd
        >>> rows = pd.DataFrame({"id_cliente": [f"{i:05d}" for i in range(1, 101)],
        ...                      "tier": ["alto"] * 40 + ["bajo"] * 60})
        >>> r = assign_customers(rows, id_column="id_cliente", arms={"pilot": 20, "control": 10},
        ...                      salt="otoño-2025", strata=["tier"])
        >>> r.allocation
        (('alto', 'control', 4), ('alto', 'pilot', 8), ('alto', 'rollout', 28), ('bajo', 'control', 6), ('bajo', 'pilot', 12), ('bajo', 'rollout', 42))
        >>> r.table.group_by("arm").aggregate(n=r.table.count()).order_by("arm").to_pyarrow().to_pylist()
        [{'arm': 'control', 'n': 10}, {'arm': 'pilot', 'n': 20}, {'arm': 'rollout', 'n': 70}]

    References:
        Kohavi, Tang & Xu (2020), *Trustworthy Online Controlled Experiments*, ch. 14 (hash-based
        randomisation with a salt); Cochran (1977), *Sampling Techniques*, §5.5 (proportional allocation).
    """
    plan = _check_plan(arms, salt)
    strategy = check_choice("strategy", strategy, STRATEGIES)
    prepared = prepare_customer_list(
        table,
        id_column=id_column,
        strata=strata,
        eligible=eligible,
        drop_blank_ids=drop_blank_ids,
        drop_duplicates=drop_duplicates,
    )
    sizes = dict(prepared.stratum_sizes)
    allocation = allocate(plan, sizes)
    names = sorted(plan)
    if strategy == "auto":
        few = (
            sum(plan.values()) <= _CANDIDATE_SHARE * prepared.n_eligible
            and _limit(allocation, sizes, 1) != "g"
        )
        strategy = "candidates" if few else "window"
    build = _candidates if strategy == "candidates" else _window
    assigned = build(prepared, salt, allocation, names)
    rows = tuple((s, a, allocation[s][a]) for s in allocation for a in names)
    rollout = tuple((s, ROLLOUT, sizes[s] - sum(allocation[s].values())) for s in allocation)
    return AssignmentResult(
        arms=tuple((a, plan[a]) for a in names),
        salt=salt,
        customers=prepared,
        allocation=tuple(sorted(rows + rollout)),
        strategy=strategy,
        table=assigned,
    )


def assign(
    table: Any,
    *,
    id_column: str,
    arms: Mapping[str, int],
    salt: str,
    strata: Sequence[str] | None = None,
    eligible: Any = None,
    drop_blank_ids: bool = False,
    drop_duplicates: bool = False,
) -> ir.Table:
    """Assign exactly ``n`` customers to each arm, stratified and reproducible; the rest is roll-out.

    Args:
        table: The customer list: an Ibis table, a pandas DataFrame or a file (CSV, Excel, Parquet).
        id_column: Column with the customer ID (text keeps leading zeros; whole numbers also work).
        arms: Exact size per arm, e.g. ``{"pilot": 20_000, "control": 5_000, "holdout": 10_000}``.
        salt: Any text; a different salt gives an independent draw, the same salt the same draw.
        strata: Columns to stratify by, e.g. ``["tier", "region"]``: every stratum is split in the same
            proportions (up to rounding by one customer).
        eligible: Eligibility filter applied before the draw (see :func:`prepare_customer_list`).
        drop_blank_ids: Remove rows without an ID instead of raising ``blank_ids``.
        drop_duplicates: Keep one row per ID instead of raising ``duplicate_customer_ids``.

    Returns:
        An Ibis table of the eligible customers: their columns plus ``stratum`` (label) and ``arm``
        (an arm name or ``"rollout"``), evaluated in the engine.

    Raises:
        InputError: For a bad plan (``no_arms``, ``bad_arm_name``, ``empty_salt``, ``sizes_exceed_base``,
            ``stratum_too_small``) or a bad list (see :func:`prepare_customer_list`).

    Examples:
        A Chilean retailer's list of 1 000 customers, 20 % "alto": a pilot of 100 and a control of 50.

        >>> import pandas as pd
        >>> rows = pd.DataFrame({"id_cliente": [f"{i:07d}" for i in range(1_000)],
        ...                      "tier": ["alto" if i % 5 == 0 else "medio" for i in range(1_000)]})
        >>> out = assign(rows, id_column="id_cliente", arms={"pilot": 100, "control": 50},
        ...              salt="catalogo-2025", strata=["tier"])
        >>> counts = out.group_by(["tier", "arm"]).aggregate(n=out.count()).order_by(["tier", "arm"])
        >>> [tuple(r.values()) for r in counts.to_pyarrow().to_pylist()]
        [('alto', 'control', 10), ('alto', 'pilot', 20), ('alto', 'rollout', 170), ('medio', 'control', 40), ('medio', 'pilot', 80), ('medio', 'rollout', 680)]

    References:
        Kohavi, Tang & Xu (2020), *Trustworthy Online Controlled Experiments*, ch. 14; Cochran (1977),
        *Sampling Techniques*, §5.5.
    """
    return assign_customers(
        table,
        id_column=id_column,
        arms=arms,
        salt=salt,
        strata=strata,
        eligible=eligible,
        drop_blank_ids=drop_blank_ids,
        drop_duplicates=drop_duplicates,
    ).table

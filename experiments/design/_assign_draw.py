"""The candidates draw: one pass over the list hashes every customer once and keeps the likely winners.

The engine computes each customer's SHA-256 digest once and returns only the customers whose digest is
below the limit (a few per cent of the list, see ``assignment._limit``). Those few rows are ranked within
their stratum here, in Arrow, by the digest's first 32 hex digits and then the ID text (byte order): the
order the window draw uses, without a window over the whole list.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from experiments.design._assign_hash import digest
from experiments.design._assign_list import ARM, STRATUM, id_text

KEY = "_key"


def candidates_query(table: ir.Table, id_column: str, salt: str, limit: str, dialect: str) -> ir.Table:
    """``(id, stratum, _key)`` of the customers whose digest is below ``limit`` (16 hex digits).

    The whole 64-digit digest is compared and returned (its first 16 digits are below the limit exactly
    when it is, in text order), so the engine evaluates SHA-256 once per customer.
    """
    key = digest(id_text(table, id_column), salt, dialect)
    return table.select(id_column, STRATUM, **{KEY: key}).filter(ibis._[KEY] < limit)


def rank_candidates(
    rows: pa.Table, id_column: str, allocation: dict[str, dict[str, int]], names: Sequence[str]
) -> pa.Table | None:
    """``(id, stratum, arm)`` of the drawn customers, or ``None`` when a stratum had too few candidates."""
    rows = rows.set_column(rows.schema.get_field_index(KEY), KEY, pc.utf8_slice_codeunits(rows[KEY], 0, 32))
    ids = (
        rows[id_column] if pa.types.is_string(rows[id_column].type) else pc.cast(rows[id_column], pa.string())
    )
    rows = rows.append_column("_id_text", ids)
    rows = rows.sort_by([(STRATUM, "ascending"), (KEY, "ascending"), ("_id_text", "ascending")])
    strata = rows[STRATUM].to_numpy(zero_copy_only=False)
    arms = np.full(rows.num_rows, "", dtype=object)
    for stratum, row in allocation.items():
        start, stop = np.searchsorted(strata, stratum, "left"), np.searchsorted(strata, stratum, "right")
        if stop - start < sum(row.values()):
            return None  # fewer candidates than customers to draw in this stratum: widen the limit
        position = start
        for name in names:
            arms[position : position + row[name]] = name
            position += row[name]
    drawn = rows.append_column(ARM, pa.array(arms, pa.string())).filter(pa.array(arms != ""))
    return drawn.select([id_column, STRATUM, ARM])

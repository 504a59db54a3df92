"""``assignment_report``: draw the assignment and check it, in one call that returns plain values.

The Split page needs, for one list and one plan: the customers kept and removed, the realised arm sizes
against the plan (split check), balance of every drawn arm against the control, representativeness of
every treated arm against the roll-out, the allocation per stratum, and the assigned rows to export.
The assignment is evaluated once and every check reads that result; the report holds no Ibis
expression, so it can be cached and saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import pandas as pd
import pyarrow as pa

from experiments.design.assignment import assign_customers
from experiments.design.balance import SplitCheckResult, balance_table, check_split, representativeness_table

__all__ = ["AssignmentReportResult", "assignment_report"]

NOT_TREATED = ("control", "holdout", "rollout")


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignmentReportResult:
    """A drawn assignment and its checks.

    Attributes:
        id_column, arms, salt, strata, covariates: Echoed plan (``arms`` as ``(name, size)`` pairs).
        n_rows, n_blank_ids, n_duplicate_rows, n_ineligible, n_eligible: The list and what was removed.
        n_strata: Strata drawn in.
        arm_sizes: ``(arm, customers)`` realised, the roll-out (everyone not drawn) included.
        split: The split check (realised sizes against the plan, sample-ratio test).
        balance: :func:`balance_table` of the drawn arms against the control (empty without covariates).
        representativeness: :func:`representativeness_table` of each treated arm against the roll-out,
            stacked; ``None`` without covariates, without a roll-out or without a treated arm.
        allocation: ``(stratum, arm, customers)`` of the draw.
        rows: The assigned customers: ``id_column``, ``arm``, ``stratum``, ordered by ID.
        notes: Caveats of the list preparation and the split check.
    """

    id_column: str
    arms: tuple[tuple[str, int], ...]
    salt: str
    strata: tuple[str, ...]
    covariates: tuple[str, ...]
    n_rows: int
    n_blank_ids: int
    n_duplicate_rows: int
    n_ineligible: int
    n_eligible: int
    n_strata: int
    arm_sizes: tuple[tuple[str, int], ...]
    split: SplitCheckResult
    balance: pd.DataFrame
    representativeness: pd.DataFrame | None
    allocation: tuple[tuple[str, str, int], ...]
    rows: pa.Table
    notes: tuple[str, ...] = ()


def assignment_report(
    table: Any,
    *,
    id_column: str,
    arms: Mapping[str, int],
    salt: str,
    strata: Sequence[str] | None = None,
    covariates: Sequence[str] = (),
    eligible: Any = None,
    drop_blank_ids: bool = False,
    drop_duplicates: bool = False,
) -> AssignmentReportResult:
    """Assign the list, then check the split, the balance and the representativeness of the draw.

    Args:
        table: The customer list (Ibis table, DataFrame or file), as for :func:`assign_customers`.
        id_column: Column with the customer ID.
        arms: Exact size per arm, e.g. ``{"pilot": 4_000, "control": 1_000}``; arms other than
            ``"control"`` and ``"holdout"`` are the treated ones.
        salt: Draw salt (same salt, same draw).
        strata: Columns to stratify by.
        covariates: Columns to check balance and representativeness on (the ID is skipped).
        eligible: Eligibility filter applied before the draw.
        drop_blank_ids, drop_duplicates: Remove invalid rows instead of refusing the list.

    Returns:
        An :class:`AssignmentReportResult`.

    Raises:
        InputError: As :func:`assign_customers` (bad list, bad plan) and the checks.

    Examples:
        1 000 customers, 20 % "alto": a pilot of 100 and a control of 50, checked on the tier.

        >>> rows = pd.DataFrame({"id_cliente": [f"{i:07d}" for i in range(1_000)],
        ...                      "tier": ["alto" if i % 5 == 0 else "medio" for i in range(1_000)]})
        >>> r = assignment_report(rows, id_column="id_cliente", arms={"pilot": 100, "control": 50},
        ...                       salt="catalogo-2025", strata=["tier"], covariates=["tier"])
        >>> r.arm_sizes, r.split.exact, bool(r.balance["flagged"].any())
        ((('control', 50), ('pilot', 100), ('rollout', 850)), True, False)

    References:
        Kohavi, Tang & Xu (2020), ch. 14 and 21 (randomisation, sample-ratio checks); Austin (2009)
        (balance by SMD); Stuart et al. (2011) (representativeness of the trial sample).
    """
    result = assign_customers(
        table,
        id_column=id_column,
        arms=arms,
        salt=salt,
        strata=list(strata or ()),
        eligible=eligible,
        drop_blank_ids=drop_blank_ids,
        drop_duplicates=drop_duplicates,
    )
    assigned = ibis.memtable(result.table.to_pyarrow())  # evaluated once, read by every check below
    split = check_split(assigned, arms=dict(arms))
    checked = tuple(c for c in covariates if c != id_column)
    sizes = tuple(zip(split.arms, split.observed, strict=True))
    customers = result.customers
    return AssignmentReportResult(
        id_column=id_column,
        arms=tuple(arms.items()),
        salt=salt,
        strata=tuple(strata or ()),
        covariates=checked,
        n_rows=customers.n_rows,
        n_blank_ids=customers.n_blank_ids,
        n_duplicate_rows=customers.n_duplicate_rows,
        n_ineligible=customers.n_ineligible,
        n_eligible=customers.n_eligible,
        n_strata=len(customers.stratum_sizes),
        arm_sizes=sizes,
        split=split,
        balance=balance_table(assigned, covariates=checked) if checked else pd.DataFrame(),
        representativeness=_representativeness(assigned, checked, dict(sizes)),
        allocation=result.allocation,
        rows=assigned.select(id_column, "arm", "stratum").order_by(id_column).to_pyarrow(),
        notes=customers.notes + split.notes,
    )


def _representativeness(
    assigned: Any, covariates: tuple[str, ...], sizes: dict[str, int]
) -> pd.DataFrame | None:
    """Each treated arm against the roll-out, stacked (``None`` when there is nothing to compare)."""
    treated = [arm for arm in sizes if arm not in NOT_TREATED]
    if not covariates or sizes.get("rollout", 0) <= 0 or not treated:
        return None
    tables = [representativeness_table(assigned, covariates=covariates, sample=arm) for arm in treated]
    return pd.concat(tables, ignore_index=True)

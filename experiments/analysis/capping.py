"""Capping (winsorisation) of a revenue column per customer, computed in the engine.

A handful of very large purchases can dominate a revenue readout. Capping replaces every value above
the cap by the cap (and, with a lower cap, every value below it by that cap) before the means are taken.
The cap is either an absolute amount or a percentile of the column over every customer in the data
(pooled over the arms, so both arms are cut at the same value). It trades bias for variance: the metric
becomes the mean of the *capped* revenue, a different estimand that understates a lift made of very
large purchases – every capped readout carries a note that says so.

References:
    Dixon (1960), Annals of Mathematical Statistics 31:385-391 (winsorisation); Deng, Xu, Kohavi &
    Walker (2013), WSDM, §5 (capping revenue in online experiments); GrowthBook's metric capping
    (absolute or percentile).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir

from experiments.analysis.notes import Note
from planner_common import InputError, check_choice, check_finite, check_rate

KINDS = ("percentile", "absolute")


@dataclass(frozen=True, slots=True)
class Capping:
    """Per-customer cap of a column: ``Capping(upper=0.99)`` caps at the pooled 99th percentile.

    Args:
        upper: Upper cap: a percentile as a fraction (``0.99``) or, with ``kind="absolute"``, an amount.
        lower: Optional lower cap, in the same unit (both sides: ``Capping(lower=0.01, upper=0.99)``).
        kind: ``"percentile"`` (default; pooled over every customer in the data) or ``"absolute"``.

    Examples:
        >>> Capping(upper=0.99).label
        'p99'
        >>> Capping(upper=5_000, kind="absolute").label
        '≤5000'
        >>> Capping(lower=0.01, upper=0.99).label
        'p1–p99'

    References:
        Dixon (1960); Deng et al. (2013), §5.
    """

    upper: float | None = None
    lower: float | None = None
    kind: str = "percentile"

    def __post_init__(self) -> None:
        check_choice("kind", self.kind, KINDS)
        if self.upper is None and self.lower is None:
            raise InputError(
                "capping_empty", "Capping needs an upper or a lower cap.", field="capping", value=None
            )
        check = (lambda f, v: check_rate(f, v)) if self.kind == "percentile" else check_finite
        upper = None if self.upper is None else check("upper", self.upper)
        lower = None if self.lower is None else check("lower", self.lower)
        if upper is not None and lower is not None and not lower < upper:
            raise InputError(
                "capping_order",
                f"The lower cap ({lower:g}) must be below the upper cap ({upper:g}).",
                field="lower",
                value=lower,
                upper=upper,
            )
        object.__setattr__(self, "upper", upper)
        object.__setattr__(self, "lower", lower)

    @property
    def label(self) -> str:
        """Short text naming the cap (``p99``, ``≤5000``, ``p1–p99``)."""

        def one(v: float) -> str:
            return f"p{100 * v:g}" if self.kind == "percentile" else f"{v:g}"

        if self.lower is None:
            return one(self.upper) if self.kind == "percentile" else f"≤{one(self.upper)}"  # type: ignore[arg-type]
        if self.upper is None:
            return one(self.lower) if self.kind == "percentile" else f"≥{one(self.lower)}"
        return f"{one(self.lower)}–{one(self.upper)}"

    def key(self, column: str) -> str:
        """Name of the capped column among the engine statistics (``"ingreso|cap p99"``)."""
        return f"{column}|cap {self.label}"


def as_capping(value: Any, field: str = "capping") -> Capping | None:
    """``None``, a :class:`Capping`, or a float shortcut for an upper percentile (``0.99``)."""
    if value is None or isinstance(value, Capping):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Capping(upper=check_rate(field, value))
    raise InputError(
        "bad_capping",
        f"{field} must be Capping(upper=..., lower=..., kind=...) or a percentile such as 0.99, got {value!r}.",
        field=field,
        value=repr(value),
    )


def cap_expressions(value: ir.FloatingValue, capping: Capping) -> dict[str, ir.Scalar]:
    """The percentile aggregates a capping needs (``lower`` / ``upper``), empty for absolute caps."""
    if capping.kind != "percentile":
        return {}
    out = {}
    for side in ("lower", "upper"):
        fraction = getattr(capping, side)
        if fraction is not None:
            out[side] = value.quantile(fraction)
    return out


def resolve(capping: Capping, quantiles: dict[str, Any]) -> tuple[float | None, float | None]:
    """``(lower, upper)`` cap values: the absolute ones, or the engine's percentiles (``None`` = no cap)."""
    if capping.kind == "absolute":
        return capping.lower, capping.upper

    def value(side: str) -> float | None:
        v = quantiles.get(side)
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    return value("lower"), value("upper")


def clip(value: ir.FloatingValue, lower: float | None, upper: float | None) -> ir.FloatingValue:
    """The value with both caps applied in the engine."""
    return value if lower is None and upper is None else value.clip(lower=lower, upper=upper)


def capping_note(column: str, capping: Capping, lower: float | None, upper: float | None) -> Note:
    """The change of estimand, stated with the cap values actually used."""
    if lower is None:
        limits = f"≤ {upper:.6g}"
    elif upper is None:
        limits = f"≥ {lower:.6g}"
    else:
        limits = f"{lower:.6g} – {upper:.6g}"
    return Note.make("capped", column=column, cap=capping.label, limits=limits)

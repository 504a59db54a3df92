"""Multiple-comparison adjustment of p-values: Bonferroni, Holm, Benjamini–Hochberg (= R ``p.adjust``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real

import numpy as np

from planner_common import InputError, check_choice

METHODS = ("bonferroni", "holm", "bh")


def adjust_pvalues(pvalues: Sequence[float], method: str) -> tuple[float, ...]:
    """Adjust a family of p-values for multiple comparisons.

    ``nan`` p-values stay ``nan`` and do not count towards the family size (R's ``p.adjust`` with
    ``NA``). Adjusted values are capped at 1 and keep the input order.

    Args:
        pvalues: The family's p-values, each in [0, 1] (or ``nan``).
        method: ``"bonferroni"``, ``"holm"`` (controls the family-wise error) or ``"bh"``
            (Benjamini–Hochberg, controls the false discovery rate).

    Returns:
        The adjusted p-values, in the input order.

    Examples:
        Three treatment arms against one control:

        >>> adjust_pvalues([0.01, 0.04, 0.03], "holm")
        (0.03, 0.06, 0.06)
        >>> [round(p, 4) for p in adjust_pvalues([0.01, 0.04, 0.03], "bh")]
        [0.03, 0.04, 0.04]

    References:
        Holm (1979), Scand. J. Statist. 6:65-70; Benjamini & Hochberg (1995), JRSS B 57:289-300;
        R ``stats::p.adjust``.
    """
    method = check_choice("method", method, METHODS)
    p = np.array([_number(v) for v in pvalues], dtype=float)
    if np.any((p < 0) | (p > 1)):
        bad = next(float(v) for v in p if v < 0 or v > 1)
        raise InputError(
            "pvalue_out_of_range", f"pvalues must lie between 0 and 1, got {bad}.", field="pvalues", value=bad
        )
    out = np.full(p.shape, math.nan)
    ok = ~np.isnan(p)
    out[ok] = _ADJUST[method](p[ok])
    return tuple(float(v) for v in out)


def _number(value: object) -> float:
    """A p-value as given: a real number (``nan`` = missing, as R's ``NA``); text and ``None`` refused."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InputError(
            "not_a_number", f"pvalues must hold numbers, got {value!r}.", field="pvalues", value=value
        )
    return float(value)


def _bonferroni(p: np.ndarray) -> np.ndarray:
    return np.minimum(1.0, p * p.size)


def _holm(p: np.ndarray) -> np.ndarray:
    m = p.size
    order = np.argsort(p, kind="stable")
    steps = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(1.0, steps)
    return out


def _bh(p: np.ndarray) -> np.ndarray:
    m = p.size
    order = np.argsort(p, kind="stable")[::-1]
    steps = np.minimum.accumulate(m / np.arange(m, 0, -1) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(1.0, steps)
    return out


_ADJUST = {"bonferroni": _bonferroni, "holm": _holm, "bh": _bh}

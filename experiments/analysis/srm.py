"""Sample ratio mismatch (SRM): do the arm sizes match the planned split?

A chi-square goodness-of-fit test of the observed customers per arm against the planned weights,
identical to R ``chisq.test(observed, p = weights / sum(weights))``. A p-value below ``threshold``
(0.001 by default, as in Kohavi, Tang & Xu) flags the readout as untrustworthy until the split is explained.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from experiments.analysis._common import chi2_sf
from planner_common import InputError, check_int, check_positive, check_probability


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleRatioResult:
    """Chi-square test of the observed split against the planned one.

    Attributes:
        observed: Customers per arm.
        weights: Planned weights, normalised to fractions summing to 1.
        expected: Customers per arm expected under the plan.
        statistic, pvalue, df: Chi-square statistic, its p-value and degrees of freedom (arms - 1).
        threshold: P-values below it flag a mismatch.
        flagged: ``pvalue < threshold``.
        notes: Caveats.
    """

    observed: tuple[int, ...]
    weights: tuple[float, ...]
    expected: tuple[float, ...]
    statistic: float
    pvalue: float
    df: int
    threshold: float
    flagged: bool
    notes: tuple[str, ...] = ()


def sample_ratio_test(
    observed: Sequence[int], weights: Sequence[float] | None = None, *, threshold: float = 0.001
) -> SampleRatioResult:
    """Test whether the customers per arm match the planned split.

    Args:
        observed: Customers per arm, e.g. ``(5_000, 20_000)``.
        weights: Planned share (or any positive weights) per arm in the same order; equal when ``None``.
        threshold: Flag the split when the p-value is below this (default 0.001).

    Returns:
        A :class:`SampleRatioResult`.

    Raises:
        InputError: Fewer than 2 arms, counts that are not whole numbers, no customers at all, lengths
            that differ, or a weight that is not positive.

    Examples:
        The plan was 20 % control, 80 % treated; the file has 5 100 and 19 900 customers:

        >>> r = sample_ratio_test([5_100, 19_900], [0.2, 0.8])
        >>> round(r.statistic, 3), round(r.pvalue, 4), r.flagged
        (2.5, 0.1138, False)
        >>> sample_ratio_test([5_500, 19_500], [1, 4]).flagged
        True

    References:
        Kohavi, Tang & Xu (2020), *Trustworthy Online Controlled Experiments*, ch. 21; Fabijan et al.
        (2019), "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments" (KDD).
    """
    counts = tuple(check_int("observed", n, minimum=0) for n in observed)
    if len(counts) < 2:
        raise InputError(
            "too_few_arms",
            f"observed needs at least 2 arms, got {len(counts)}.",
            field="observed",
            value=len(counts),
        )
    planned = (
        (1.0,) * len(counts) if weights is None else tuple(check_positive("weights", w) for w in weights)
    )
    if len(planned) != len(counts):
        raise InputError(
            "weights_mismatch",
            f"weights has {len(planned)} values but there are "
            f"{len(counts)} arms; give one planned share per arm.",
            field="weights",
            value=len(planned),
            arms=len(counts),
        )
    threshold = check_probability("threshold", threshold)
    if sum(counts) == 0:
        raise InputError(
            "no_customers",
            f"observed has no customers at all ({list(counts)}): there is no split to check.",
            field="observed",
            value=list(counts),
        )
    total, weight_sum = sum(counts), math.fsum(planned)
    shares = tuple(w / weight_sum for w in planned)
    expected = tuple(total * s for s in shares)
    statistic = math.fsum((o - e) ** 2 / e for o, e in zip(counts, expected, strict=True))
    p = chi2_sf(statistic, len(counts) - 1)
    return SampleRatioResult(
        observed=counts,
        weights=shares,
        expected=expected,
        statistic=statistic,
        pvalue=p,
        df=len(counts) - 1,
        threshold=threshold,
        flagged=bool(p < threshold),
    )

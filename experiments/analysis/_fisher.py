"""Fisher's exact test of a 2×2 table for any number of customers (no enumeration of the support).

R's ``fisher.test`` sums the hypergeometric probabilities of every table no more likely than the
observed one (relative tolerance 1e-7). The hypergeometric distribution is unimodal, so those tables are
two tails: the observed one and the other side of the mode down to the same probability. The other
tail's edge is found by bisection on the log-probability (O(log n) evaluations) and each tail is one
``cdf`` / ``sf`` call, so a pilot of 10¹² customers needs kilobytes instead of the 447 GiB an array
over the whole support would take.
"""

from __future__ import annotations

import math

RELATIVE_TOLERANCE = 1 + 1e-7
CONDITIONAL_MLE_LIMIT = 10**7  # above it the conditional MLE equals the sample odds ratio to ~1/n


def fisher_pvalue(x: int, good: int, bad: int, draws: int, alternative: str) -> float:
    """P-value of Fisher's test: ``x`` successes among ``draws`` from ``good`` successes and ``bad`` failures.

    Examples:
        R ``fisher.test(matrix(c(5, 35, 1, 37), nrow = 2, byrow = TRUE))$p.value`` is 0.2012:

        >>> round(fisher_pvalue(5, 6, 72, 40, "two-sided"), 4)
        0.2012

    References:
        Fisher (1935), JRSS 98:39-82; R ``stats::fisher.test`` (two-sided rule with ``relErr``).
    """
    from scipy import stats  # scipy.stats takes ~0.4 s to import: only a readout with small counts pays it

    hyper = stats.hypergeom(good + bad, good, draws)
    if alternative == "greater":
        return float(hyper.sf(x - 1))
    if alternative == "less":
        return float(hyper.cdf(x))
    low, high = max(0, draws - bad), min(draws, good)
    mode = min(max((draws + 1) * (good + 1) // (good + bad + 2), low), high)
    threshold = float(hyper.logpmf(x)) + math.log(RELATIVE_TOLERANCE)

    def unlikely(k: int) -> bool:
        return float(hyper.logpmf(k)) <= threshold

    if unlikely(mode):
        return 1.0
    left = _edge(unlikely, low, mode, rising=True)  # largest k left of the mode as unlikely as x
    right = _edge(unlikely, mode, high, rising=False)  # smallest k right of the mode
    p = (float(hyper.cdf(left)) if left is not None else 0.0) + (
        float(hyper.sf(right - 1)) if right is not None else 0.0
    )
    return min(1.0, p)


def _edge(unlikely, low: int, high: int, *, rising: bool) -> int | None:
    """The boundary of the unlikely tables on one side of the mode (``None`` if that side has none)."""
    if rising:  # unlikely on [low, edge], likely on (edge, high]
        if not unlikely(low):
            return None
        a, b = low, high  # unlikely(a), not unlikely(b)
        while b - a > 1:
            mid = (a + b) // 2
            a, b = (mid, b) if unlikely(mid) else (a, mid)
        return a
    if not unlikely(high):
        return None
    a, b = low, high  # not unlikely(a), unlikely(b)
    while b - a > 1:
        mid = (a + b) // 2
        a, b = (a, mid) if unlikely(mid) else (mid, b)
    return b


def odds_ratio(table: list[list[int]]) -> float:
    """R's ``fisher.test`` estimate: the conditional MLE odds ratio (sample odds ratio above 10⁷ customers).

    Examples:
        >>> round(odds_ratio([[5, 35], [1, 37]]), 2)  # R: 5.189
        5.19

    References:
        R ``stats::fisher.test`` (conditional maximum likelihood estimate); scipy ``odds_ratio``.
    """
    (a, b), (c, d) = table
    if min(a + c, b + d) == 0:
        return math.nan
    if a + b + c + d <= CONDITIONAL_MLE_LIMIT:
        from scipy import stats

        return float(stats.contingency.odds_ratio(table, kind="conditional").statistic)
    return a * d / (b * c) if b * c else math.inf

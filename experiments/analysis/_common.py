"""Small helpers shared by the comparison functions: critical values, p-values, interval bounds.

Conventions: the effect is ``treatment - control``; ``alternative="greater"`` tests treatment > control.
A one-sided interval at level ``1 - alpha`` has one finite end; the other end is the edge of the
parameter space (``±1`` for a difference of rates as in R's ``prop.test``, ``±inf`` for a difference of
means, ``-1`` / ``inf`` for a relative lift).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from planner_common import check_alternative, check_probability


def check_test_options(alpha: object, alternative: object) -> tuple[float, str]:
    """Validated ``(alpha, alternative)``."""
    return check_probability("alpha", alpha), check_alternative(alternative)


def _is_normal(df: float | None) -> bool:
    return df is None or math.isinf(df)


def critical(alpha: float, alternative: str, df: float | None = None) -> float:
    """Quantile used by a (1 - alpha) interval: two-sided ``q(1 - alpha/2)``, one-sided ``q(1 - alpha)``.

    Normal when ``df`` is ``None`` (or infinite), Student's t otherwise (the functions scipy.stats'
    ``norm`` and ``t`` call, without building a frozen distribution each time).

    Examples:
        >>> round(critical(0.05, "two-sided"), 4), round(critical(0.05, "greater", df=10), 4)
        (1.96, 1.8125)
    """
    level = 1 - alpha / 2 if alternative == "two-sided" else 1 - alpha
    return float(special.ndtri(level) if _is_normal(df) else special.stdtrit(df, level))


def _sf(x: float, df: float | None) -> float:
    return float(special.ndtr(-x) if _is_normal(df) else special.stdtr(df, -x))


def pvalue(statistic: float, alternative: str, df: float | None = None) -> float:
    """P-value of a z (``df=None``) or t statistic; ``nan`` in, ``nan`` out.

    Examples:
        >>> round(pvalue(1.96, "two-sided"), 4), round(pvalue(-2.0, "less", df=20), 4)
        (0.05, 0.0296)
    """
    if math.isnan(statistic) or (df is not None and math.isnan(df)):
        return math.nan  # never min(1, 2 * nan) = 1.0
    if alternative == "greater":
        return _sf(statistic, df)
    if alternative == "less":
        return _sf(-statistic, df)
    return min(1.0, 2 * _sf(abs(statistic), df))


def no_spread(std_error: float) -> bool:
    """Whether the standard error is 0 (or undefined): every customer in each arm has the same value, so
    the test statistic is ``±inf`` or ``0/0`` and the p-value and interval are undefined (``nan``)."""
    return not std_error > 0


def chi2_sf(statistic: float, df: int) -> float:
    """Upper tail of the chi-square distribution (scipy.stats.chi2.sf's function)."""
    return float(special.chdtrc(df, statistic))


def bounds(
    estimate: float,
    std_error: float,
    alpha: float,
    alternative: str,
    df: float | None = None,
    *,
    edge: float = math.inf,
) -> tuple[float, float]:
    """``estimate ± q * std_error`` with the open end at ``±edge`` for one-sided tests."""
    half = critical(alpha, alternative, df) * std_error
    lower = -edge if alternative == "less" else estimate - half
    upper = edge if alternative == "greater" else estimate + half
    return float(lower), float(upper)


def log_ratio(
    treatment: float, control: float, se_log: float, alpha: float, alternative: str, df: float | None = None
) -> tuple[float, float, float]:
    """Relative lift ``treatment / control - 1`` and its interval from a log-scale standard error.

    Undefined (``nan``) when either level is not positive; ``-1`` lift when the treatment level is 0.
    """
    if not (control > 0 and treatment >= 0) or math.isnan(se_log):
        rel = treatment / control - 1 if control > 0 else math.nan
        return rel, math.nan, math.nan
    rel = treatment / control - 1
    if treatment == 0:
        return rel, math.nan, math.nan
    lo, hi = bounds(math.log(treatment / control), se_log, alpha, alternative, df)
    with np.errstate(over="ignore"):
        return rel, float(np.expm1(lo)), float(np.expm1(hi))


def safe_div(a: float, b: float) -> float:
    """``a / b`` with ``nan`` (0/0) or ``±inf`` instead of an exception."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.divide(np.float64(a), np.float64(b)))

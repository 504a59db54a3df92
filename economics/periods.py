"""Per-period bookkeeping for customer value: a margin spread evenly, a retention compounded.

A margin earned per year is earned a twelfth each month; a retention per year is *not* a twelfth of
anything: it compounds (``r_month = r_year^(1/12)``), exactly like churn (docs/formulas.md §8, "never ×12").

References:
    docs/formulas.md §5 (payback with retention) and §8 (period conversion).
"""

from __future__ import annotations

from economics._common import check_number
from planner_common import check_choice, check_rate

PERIODS_PER_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52}


def margin_per_period(margin: float, *, period: str, per: str = "month") -> float:
    """The margin per ``per`` of a margin earned per ``period``, spread evenly (no discounting).

    Args:
        margin: Contribution margin per customer earned each ``period`` (money; may be negative).
        period: ``"year"``, ``"quarter"``, ``"month"`` or ``"week"``: the period ``margin`` is per.
        per: The period wanted (default ``"month"``, the payback chart's step).

    Returns:
        ``margin · periods_per_year(period) / periods_per_year(per)``.

    Examples:
        A customer leaves 120 000 CLP of margin a year: 10 000 a month.

        >>> margin_per_period(120_000, period="year")
        10000.0
        >>> margin_per_period(10_000, period="month")
        10000.0

    References:
        docs/formulas.md §5 (payback: monthly margin against the acquisition cost).
    """
    m = check_number("margin", margin)
    period = check_choice("period", period, PERIODS_PER_YEAR)
    per = check_choice("per", per, PERIODS_PER_YEAR)
    return m * PERIODS_PER_YEAR[period] / PERIODS_PER_YEAR[per]


def retention_per_period(retention_rate: float, *, period: str, per: str = "month") -> float:
    """The retention per ``per`` of a retention per ``period``, by compounding (never by division).

    Args:
        retention_rate: Share of customers kept each ``period`` (fraction, 0–1).
        period: ``"year"``, ``"quarter"``, ``"month"`` or ``"week"``: the period of ``retention_rate``.
        per: The period wanted (default ``"month"``).

    Returns:
        ``retention_rate ^ (periods_per_year(period) / periods_per_year(per))``.

    Examples:
        80 % kept a year is a monthly survival of 0.9816 (not 80 % / 12).

        >>> round(retention_per_period(0.80, period="year"), 4)
        0.9816
        >>> retention_per_period(0.97, period="month")
        0.97

    References:
        docs/formulas.md §8 (retention compounds: ``r_annual = r_monthly^12``).
    """
    r = check_rate("retention_rate", retention_rate, allow_zero=True, allow_one=True)
    period = check_choice("period", period, PERIODS_PER_YEAR)
    per = check_choice("per", per, PERIODS_PER_YEAR)
    return r ** (PERIODS_PER_YEAR[period] / PERIODS_PER_YEAR[per])

"""Churn, retention and growth of a customer base; period conversion; lifetime; the bathtub.

Rates are per period and the period must be named in the UI. Monthly and annual churn convert by
compounding, never by ×12: ``c_annual = 1 − (1 − c_monthly)^12``. Expected lifetime names its
convention (``LIFETIME_CONVENTIONS``); the default ``"discrete"`` is ``1 / churn`` periods with the
customer counted for the period in which they join ("número de años = 1 / tasa de deserción").

References:
    docs/formulas.md §7 (expected lifetime) and §8 (retention, growth, NRR, bathtub, monthly ↔ annual);
    [S24] [S29] [S33] [S34] [S37].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from economics._common import check_count, check_money, check_number
from planner_common import InputError, check_choice, check_int, check_rate

LIFETIME_CONVENTIONS = {
    "discrete": "1 / churn periods, counting the period in which the customer joins",
    "continuous": "mean of the continuous-time (exponential) lifetime: −1 / ln(1 − churn)",
    "median": "median lifetime (half-life): ln 0.5 / ln(1 − churn)",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerFlowResult:
    """Retention, churn, acquisition and growth of a customer base over one period.

    Attributes:
        retention_rate: ``(E − N_new) / S``.
        churn_rate: ``1 − retention_rate`` (customers lost / S).
        acquisition_rate: ``N_new / S``.
        growth_rate: ``(E − S) / S = acquisition_rate − churn_rate``.
        lost: Customers lost ``S − (E − N_new)``.
        reason: ``None``, or ``"no_start_customers"`` when ``S = 0`` (all rates ``nan``).
    """

    start: int
    end: int
    new: int
    retention_rate: float
    churn_rate: float
    acquisition_rate: float
    growth_rate: float
    lost: int
    reason: str | None
    notes: tuple[str, ...] = ()


def expected_lifetime(churn_rate: float, *, convention: str = "discrete") -> float:
    """Expected customer lifetime, in the periods of ``churn_rate``.

    Args:
        churn_rate: Churn per period (fraction); 0 gives ``inf``.
        convention: ``"discrete"`` (``1 / churn``, default), ``"continuous"`` (``−1/ln(1 − churn)``)
            or ``"median"`` (``ln 0.5 / ln(1 − churn)``); see ``LIFETIME_CONVENTIONS``.

    Returns:
        Lifetime in periods. Compute it from the churn of the period you display: ``1/c`` does not
        convert across periods (80 % a year is 12.55 % a month: 15 vs 7.97 months).

    Examples:
        20 % annual churn: 5 years (discrete), 4.48 years (continuous mean), 3.1 years (median).

        >>> [round(expected_lifetime(0.20, convention=c), 2) for c in ("discrete", "continuous", "median")]
        [5.0, 4.48, 3.11]

    References:
        docs/formulas.md §7 (expected lifetime = 1/churn and variants) [S24] [S29].
    """
    check_choice("convention", convention, tuple(LIFETIME_CONVENTIONS))
    c = check_rate("churn_rate", churn_rate, allow_zero=True, allow_one=True)
    if c == 0:
        return math.inf
    if convention == "discrete":
        return 1 / c
    if c == 1:
        return 0.0
    return (-1 if convention == "continuous" else math.log(0.5)) / math.log1p(-c)


def churn_over_periods(churn_rate: float, periods: float) -> float:
    """Churn over ``periods`` consecutive periods by compounding: ``1 − (1 − c)^periods``.

    ``periods`` may be fractional (``1/12`` turns an annual churn into a monthly one).

    Examples:
        >>> round(churn_over_periods(0.03, 12), 4)
        0.3062

    References:
        docs/formulas.md §8 (monthly ↔ annual) [S37].
    """
    c = check_rate("churn_rate", churn_rate, allow_zero=True, allow_one=True)
    k = check_number("periods", periods)
    if k <= 0:
        raise InputError(
            "not_positive", f"periods must be greater than 0, got {periods}.", field="periods", value=k
        )
    return 1 - (1 - c) ** k


def annual_churn_from_monthly(rate: float) -> float:
    """Annual churn from monthly churn: ``1 − (1 − c_m)^12`` (never ``12 · c_m``).

    Examples:
        3 % a month is 30.6 % a year, not 36 %.

        >>> round(annual_churn_from_monthly(0.03), 3)
        0.306

    References:
        docs/formulas.md §8 (formula 22) [S37] [S37b].
    """
    return churn_over_periods(rate, 12)


def monthly_churn_from_annual(rate: float) -> float:
    """Monthly churn from annual churn: ``1 − (1 − c_a)^(1/12)``.

    Examples:
        30 % a year is 2.93 % a month; 80 % a year is 12.55 % a month.

        >>> round(monthly_churn_from_annual(0.30), 4), round(monthly_churn_from_annual(0.80), 4)
        (0.0293, 0.1255)

    References:
        docs/formulas.md §7–§8 (formula 22) [S37].
    """
    return churn_over_periods(rate, 1 / 12)


def annual_retention_from_monthly(rate: float) -> float:
    """Annual retention from monthly retention: ``r_m^12``.

    Examples:
        >>> round(annual_retention_from_monthly(0.97), 3)
        0.694

    References:
        docs/formulas.md §8.
    """
    return check_rate("rate", rate, allow_zero=True, allow_one=True) ** 12


def monthly_retention_from_annual(rate: float) -> float:
    """Monthly retention (survival) from annual retention: ``r_a^(1/12)``.

    Examples:
        80 % a year is a monthly survival of 0.9816.

        >>> round(monthly_retention_from_annual(0.80), 4)
        0.9816

    References:
        docs/formulas.md §5 (payback) and §8.
    """
    return check_rate("rate", rate, allow_zero=True, allow_one=True) ** (1 / 12)


def customer_flows(start: int, end: int, new: int) -> CustomerFlowResult:
    """Retention, churn, acquisition and growth from customer counts of one period.

    Args:
        start: Customers at the start of the period ``S``.
        end: Customers at the end ``E``.
        new: Customers acquired during the period ``N_new``.

    Returns:
        The flows; ``nan`` rates with reason ``"no_start_customers"`` when ``S = 0``.

    Raises:
        InputError: ``flows_inconsistent`` when ``E − N_new`` is negative or exceeds ``S``.

    Examples:
        1 000 at the start, 250 new, 1 100 at the end: 85 % retention, 15 % churn, +10 % growth.

        >>> f = customer_flows(1_000, 1_100, 250)
        >>> f.retention_rate, round(f.churn_rate, 10), f.acquisition_rate, f.growth_rate
        (0.85, 0.15, 0.25, 0.1)

    References:
        docs/formulas.md §8 (formulas 20–21, worked example) [S33].
    """
    s, e, a = check_count("start", start), check_count("end", end), check_count("new", new)
    kept = e - a
    if kept < 0 or kept > s:
        raise InputError(
            "flows_inconsistent",
            f"end ({e}) minus new ({a}) must be between 0 and start ({s}): the customers kept "
            "cannot be negative or more than those at the start.",
            field="end",
            value=e,
            start=s,
            new=a,
        )
    if s == 0:
        nan = math.nan
        return CustomerFlowResult(
            start=s,
            end=e,
            new=a,
            retention_rate=nan,
            churn_rate=nan,
            acquisition_rate=nan,
            growth_rate=nan,
            lost=0,
            reason="no_start_customers",
        )
    return CustomerFlowResult(
        start=s,
        end=e,
        new=a,
        retention_rate=kept / s,
        churn_rate=1 - kept / s,
        acquisition_rate=a / s,
        growth_rate=(e - s) / s,
        lost=s - kept,
        reason=None,
        notes=(
            "Customers who joined and left within the period are in neither count, which understates churn.",
        ),
    )


def steady_state_customers(new_per_period: float, churn_rate: float) -> float:
    """Size the base converges to with ``A`` new customers a period and churn ``c``: ``A / c``.

    Examples:
        250 new a period and 15 % churn: the "bathtub" settles at about 1 667 customers.

        >>> round(steady_state_customers(250, 0.15))
        1667

    References:
        docs/formulas.md §8 (bathtub steady state) [S34] [S35].
    """
    a = check_money("new_per_period", new_per_period)
    c = check_rate("churn_rate", churn_rate, allow_zero=True, allow_one=True)
    return a / c if c > 0 else math.inf


def customer_base_path(
    start: float, new_per_period: float, churn_rate: float, periods: int
) -> tuple[float, ...]:
    """The base period by period: ``B_{t+1} = B_t · (1 − c) + A`` (start included), for the bathtub chart.

    Examples:
        >>> [round(x) for x in customer_base_path(1_000, 250, 0.15, 3)]
        [1000, 1100, 1185, 1257]

    References:
        docs/formulas.md §8 (bathtub).
    """
    b, a = check_money("start", start), check_money("new_per_period", new_per_period)
    keep = 1 - check_rate("churn_rate", churn_rate, allow_zero=True, allow_one=True)
    path = [b]
    for _ in range(check_int("periods", periods, minimum=0)):
        path.append(path[-1] * keep + a)
    return tuple(path)


def net_revenue_retention(
    start_revenue: float, expansion: float, contraction: float, churned_revenue: float
) -> float:
    """Net revenue retention ``(start + expansion − contraction − churned) / start`` (nan if start = 0).

    Examples:
        Start 10 M, expansion 1.5 M, contraction 0.5 M, churned 1.5 M: 95 %.

        >>> net_revenue_retention(10e6, 1.5e6, 0.5e6, 1.5e6)
        0.95

    References:
        docs/formulas.md §8 (NRR).
    """
    s = check_money("start_revenue", start_revenue)
    moves = (
        check_money("expansion", expansion)
        - check_money("contraction", contraction)
        - check_money("churned_revenue", churned_revenue)
    )
    return (s + moves) / s if s > 0 else math.nan

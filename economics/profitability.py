"""Profit, ROI and incremental ROI, ROAS and iROAS, and the payback period with retention.

One definition, fixed and shown: ``ROI = profit / cost`` with profit on contribution margin
(``Π = R·m − C``); the incremental versions use the responses caused by the campaign (``I`` against a
random control). ROAS is revenue-based and a ratio (7.5x), never "profit − 1". With zero cost ROI and
ROAS are undefined (``nan``); a negative incremental profit gives a negative iROI, never clipped.

References:
    docs/formulas.md §5; ROI definitions vary [S25]; ROAS vs iROAS [S26] [S27]; Skok on CAC payback [S23].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from economics._common import check_count, check_money, check_number
from planner_common import check_int, check_rate


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfitResult:
    """Attributed and incremental profit, ROI and ROAS of one campaign.

    Attributes:
        profit: Attributed profit ``R·m − C``.
        roi: ``profit / C`` (fraction; ``nan`` when ``C = 0``).
        incremental_profit: ``I·m − C`` (``nan`` without a control).
        incremental_roi: ``incremental_profit / C``.
        roas: ``revenue / C`` (``nan`` without revenue per response or with ``C = 0``).
        incremental_roas: ``incremental revenue / C``.
        notes: Caveats.
    """

    responses: int
    margin_per_response: float
    total_cost: float
    incremental_responses: float | None
    revenue_per_response: float | None
    profit: float
    roi: float
    incremental_profit: float
    incremental_roi: float
    roas: float
    incremental_roas: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PaybackResult:
    """Periods until a customer's cumulative expected margin repays its acquisition cost.

    Attributes:
        periods: Smallest ``n`` with ``Σ_{t=1..n} m · S(t−1) / (1+d)^t ≥ CAC``; ``inf`` when it never
            happens ("no se recupera").
        naive_periods: ``CAC / m``, ignoring churn and discounting.
        recovered: ``False`` when the cost is never repaid.
    """

    acquisition_cost: float
    margin_per_period: float
    retention_rate: float
    discount_rate: float
    periods: float
    naive_periods: float
    recovered: bool
    notes: tuple[str, ...] = ()


def profit(responses: float, margin_per_response: float, total_cost: float) -> float:
    """Profit on contribution margin ``Π = R·m − C`` (pass ``I`` for the incremental profit).

    Examples:
        600 attributed responses at 40 000 CLP margin, 8 M cost: +16 M; 200 incremental ones: 0.

        >>> profit(600, 40_000, 8_000_000), profit(200, 40_000, 8_000_000)
        (16000000.0, 0.0)

    References:
        docs/formulas.md §5 (formula 14).
    """
    return check_number("responses", responses) * check_number(
        "margin_per_response", margin_per_response
    ) - check_money("total_cost", total_cost)


def roi(profit_value: float, total_cost: float) -> float:
    """Return on investment ``Π / C`` as a fraction (``nan`` when the campaign cost nothing).

    Examples:
        >>> roi(16_000_000, 8_000_000)
        2.0

    References:
        docs/formulas.md §5 (formula 15).
    """
    cost = check_money("total_cost", total_cost)
    return check_number("profit", profit_value) / cost if cost > 0 else math.nan


def roas(revenue: float, spend: float) -> float:
    """Return on ad spend ``revenue / spend`` (a ratio; pass incremental revenue for iROAS).

    Examples:
        600 responses × 100 000 CLP revenue on 8 M spend: 7.5x; the 200 incremental ones: 2.5x.

        >>> roas(60_000_000, 8_000_000), roas(20_000_000, 8_000_000)
        (7.5, 2.5)

    References:
        docs/formulas.md §5 (formula 16) [S26].
    """
    s = check_money("spend", spend)
    return check_number("revenue", revenue) / s if s > 0 else math.nan


def break_even_roas(margin_rate: float) -> float:
    """ROAS at which a campaign whose cost is all media breaks even: ``1 / margin%``.

    Examples:
        A 40 % margin needs 2.5x.

        >>> break_even_roas(0.40)
        2.5

    References:
        docs/formulas.md §5.
    """
    return 1 / check_rate("margin_rate", margin_rate, allow_one=True)


def roi_from_roas(roas_value: float, margin_rate: float) -> float:
    """ROI of a media-only cost from its ROAS: ``ROAS · margin% − 1``.

    Examples:
        >>> round(roi_from_roas(7.5, 0.40), 10)
        2.0

    References:
        docs/formulas.md §5.
    """
    return check_number("roas", roas_value) * check_rate("margin_rate", margin_rate, allow_one=True) - 1


def campaign_profit(
    *,
    responses: int,
    margin_per_response: float,
    total_cost: float,
    incremental_responses: float | None = None,
    revenue_per_response: float | None = None,
) -> ProfitResult:
    """Attributed and incremental profit, ROI and ROAS side by side.

    Args:
        responses: Attributed responses ``R``.
        margin_per_response: Contribution margin per response ``m`` (any sign).
        total_cost: Campaign cost ``C``.
        incremental_responses: ``I`` against the control (``None`` without a control).
        revenue_per_response: Revenue per response for ROAS (``None`` skips ROAS).

    Returns:
        Both views; the attributed view overstates whenever organic response exists.

    Examples:
        The pilot: a 200 % "winner" on attributed response, break-even on incremental response.

        >>> p = campaign_profit(responses=600, margin_per_response=40_000, total_cost=8_000_000,
        ...                     incremental_responses=200, revenue_per_response=100_000)
        >>> p.roi, p.incremental_roi, p.roas, p.incremental_roas
        (2.0, 0.0, 7.5, 2.5)

    References:
        docs/formulas.md §5 (worked example).
    """
    r, m = check_count("responses", responses), check_number("margin_per_response", margin_per_response)
    cost, notes = check_money("total_cost", total_cost), []
    gross = profit(r, m, cost)
    inc = math.nan if incremental_responses is None else profit(incremental_responses, m, cost)
    rev = None if revenue_per_response is None else check_number("revenue_per_response", revenue_per_response)
    if incremental_responses is None:
        notes.append(
            "No control group: only the attributed view exists; it overstates when part of "
            "the response is organic."
        )
    if cost == 0:
        notes.append("The campaign cost is 0: ROI and ROAS are undefined.")
    return ProfitResult(
        responses=r,
        margin_per_response=m,
        total_cost=cost,
        incremental_responses=incremental_responses,
        revenue_per_response=rev,
        profit=gross,
        roi=roi(gross, cost),
        incremental_profit=inc,
        incremental_roi=math.nan if math.isnan(inc) else roi(inc, cost),
        roas=math.nan if rev is None else roas(r * rev, cost),
        incremental_roas=(
            math.nan
            if rev is None or incremental_responses is None
            else roas(incremental_responses * rev, cost)
        ),
        notes=tuple(notes),
    )


def cumulative_margin(
    margin_per_period: float, periods: int, *, retention_rate: float = 1.0, discount_rate: float = 0.0
) -> tuple[float, ...]:
    """Expected cumulative margin of one customer after 1..``periods`` periods.

    Period ``t`` pays ``m`` at its end if the customer survived the ``t − 1`` renewals before it
    (survival ``S(t−1) = r^(t−1)``), discounted by ``(1 + d)^t``.

    Examples:
        100 per period with 50 % retention: 100, 150, 175.

        >>> cumulative_margin(100, 3, retention_rate=0.5)
        (100.0, 150.0, 175.0)

    References:
        docs/formulas.md §5 (formula 17).
    """
    m = check_number("margin_per_period", margin_per_period)
    r = check_rate("retention_rate", retention_rate, allow_zero=True, allow_one=True)
    d = check_money("discount_rate", discount_rate)
    total, out = 0.0, []
    for t in range(1, check_int("periods", periods, minimum=0) + 1):
        total += m * r ** (t - 1) / (1 + d) ** t
        out.append(total)
    return tuple(out)


def _cumulative(n: int, m: float, q: float, d: float) -> float:
    """Closed form of the cumulative margin after ``n`` periods (``q = r / (1 + d)``)."""
    return m / (1 + d) * (n if q >= 1 else (1 - q**n) / (1 - q))


def _periods_to_recover(cac: float, m: float, r: float, d: float) -> float:
    if cac == 0:
        return 0.0
    q = r / (1 + d)
    if m <= 0 or (q < 1 and m / (1 + d) / (1 - q) < cac):
        return math.inf
    if q == 0 or (q < 1 and m / (1 + d) / (1 - q) == cac):  # one period only / reached only in the limit
        return 1.0 if q == 0 and m / (1 + d) >= cac else math.inf
    if q >= 1:
        guess = math.ceil(cac / m)
    else:
        guess = math.ceil(math.log(1 - cac * (1 - q) * (1 + d) / m) / math.log(q))
    for n in range(max(guess - 2, 1), guess + 3):  # guard the logarithm's rounding at the boundary
        if _cumulative(n, m, q, d) >= cac * (1 - 1e-12):
            return float(n)
    return float(guess)  # pragma: no cover - unreachable: the closed form brackets the answer


def payback_period(
    acquisition_cost: float,
    margin_per_period: float,
    *,
    retention_rate: float = 1.0,
    discount_rate: float = 0.0,
) -> PaybackResult:
    """Periods until expected cumulative margin repays the acquisition cost, counting churn.

    Args:
        acquisition_cost: CAC, in money (≥ 0).
        margin_per_period: Contribution margin per period of an active customer.
        retention_rate: Probability of staying one more period (the same period as the margin:
            convert annual retention to monthly with ``r ** (1/12)``).
        discount_rate: Discount rate per period (0 = undiscounted).

    Returns:
        The payback periods (``inf`` = never) and the naive ``CAC / m``.

    Examples:
        CAC 120 000 CLP, 100 000 CLP margin a year (8 333/month), 80 % annual retention: the naive
        payback is 14.4 months, the real one month 17.

        >>> p = payback_period(120_000, 100_000 / 12, retention_rate=0.80 ** (1 / 12))
        >>> round(p.naive_periods, 1), p.periods
        (14.4, 17.0)

    References:
        docs/formulas.md §5 (formula 17 and worked example); Skok [S23].
    """
    cac = check_money("acquisition_cost", acquisition_cost)
    m = check_number("margin_per_period", margin_per_period)
    r = check_rate("retention_rate", retention_rate, allow_zero=True, allow_one=True)
    d = check_money("discount_rate", discount_rate)
    periods = _periods_to_recover(cac, m, r, d)
    notes = (
        ()
        if math.isfinite(periods)
        else (
            "The expected margin over the whole customer life stays below the acquisition cost: it is "
            "never recovered.",
        )
    )
    return PaybackResult(
        acquisition_cost=cac,
        margin_per_period=m,
        retention_rate=r,
        discount_rate=d,
        periods=periods,
        naive_periods=cac / m if m > 0 else math.inf,
        recovered=math.isfinite(periods),
        notes=notes,
    )

"""Customer lifetime value, LTV:CAC and the value of a campaign counted in CLV of the customers it moves.

CLV uses the Gupta–Lehmann margin multiple (constant margin ``m`` and retention ``r`` per period,
discount rate ``d``, infinite horizon). The timing convention is explicit:

* ``timing="end"`` – margin received at the end of each period the customer survives:
  ``CLV = m · r / (1 + d − r)`` (Gupta & Lehmann 2003);
* ``timing="start"`` – the first margin is received now (t = 0): ``CLV = m · (1 + d) / (1 + d − r)``.

The two differ by exactly one period's margin. With ``discount_rate=0`` they are the *undiscounted*
variants: ``m / churn`` ("start") and ``m · r / (1 − r)`` ("end"). The series diverges when
``r ≥ 1 + d`` and is refused (``InputError("clv_diverges")``). A negative margin gives a negative CLV
(a real below-zero customer), never clipped.

References:
    docs/formulas.md §7; Gupta & Lehmann, "Customers as Assets" (2003) [S20]; Gupta, Lehmann & Stuart (2004)
    [S21]; Skok, SaaS Metrics (LTV:CAC) [S23].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from economics._common import check_money, check_number
from planner_common import InputError, check_choice, check_int, check_rate

CLV_TIMINGS = {
    "end": "margin at the end of each period survived: m·r/(1+d−r)",
    "start": "first margin received now (t = 0): m·(1+d)/(1+d−r)",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignValueResult:
    """Value of an acquisition or retention campaign counted in customer lifetime value.

    Attributes:
        kind: ``"acquisition"`` or ``"retention"``.
        customers: Incremental new customers (acquisition) or customers saved (retention).
        value: Immediate incremental margin plus customers × CLV.
        total_cost: Campaign cost.
        net_value: ``value − total_cost``.
        roi: ``net_value / total_cost`` (``nan`` at zero cost).
        break_even_customers: Customers needed for CLV alone to pay the cost (``cost / CLV``).
        break_even_churn_reduction: Retention only: churn reduction (fraction) that pays the cost per
            contact, ``(c + F/N) / CLV``; ``nan`` for acquisition.
        notes: Caveats (no break-even when CLV ≤ 0).
    """

    kind: str
    customer_value: float
    customers: float
    value: float
    total_cost: float
    net_value: float
    roi: float
    break_even_customers: float
    break_even_churn_reduction: float
    notes: tuple[str, ...] = ()


def clv(
    margin: float,
    retention_rate: float,
    discount_rate: float,
    *,
    timing: str = "end",
    acquisition_cost: float = 0.0,
) -> float:
    """Customer lifetime value with constant margin and retention (the margin multiple).

    Args:
        margin: Contribution margin per period of an active customer (may be negative).
        retention_rate: Probability of staying one more period ``r`` (same period as the margin).
        discount_rate: Discount rate per period ``d`` (> −1; 0 gives the undiscounted variants).
        timing: ``"end"`` (margin at the end of each period survived) or ``"start"`` (first margin now).
        acquisition_cost: Subtracted when valuing a prospect (0 for a customer already acquired).

    Returns:
        The CLV in money.

    Raises:
        InputError: ``clv_diverges`` when ``r ≥ 1 + d`` (the sum is infinite).

    Examples:
        100 000 CLP margin a year, 80 % retention, 10 % discount rate: a multiple of 2.667.

        >>> round(clv(100_000, 0.80, 0.10)), round(clv(100_000, 0.80, 0.10, timing="start"))
        (266667, 366667)
        >>> round(clv(100_000, 0.80, 0.0, timing="start")), round(clv(100_000, 0.80, 0.0))
        (500000, 400000)

    References:
        docs/formulas.md §7 (formula 18, timing variants, worked example); Gupta & Lehmann 2003 [S20].
    """
    check_choice("timing", timing, tuple(CLV_TIMINGS))
    m = check_number("margin", margin)
    r = check_rate("retention_rate", retention_rate, allow_zero=True, allow_one=True)
    d = check_number("discount_rate", discount_rate)
    if d <= -1:
        raise InputError(
            "discount_out_of_range",
            f"discount_rate must be greater than -1, got {d:g}.",
            field="discount_rate",
            value=d,
        )
    if r >= 1 + d:
        raise InputError(
            "clv_diverges",
            f"retention_rate ({r:g}) must be below 1 + discount_rate ({1 + d:g}): otherwise the "
            "customer's value never stops growing and CLV is infinite. Use a retention below "
            "100 % or a positive discount rate.",
            field="retention_rate",
            value=r,
            discount=d,
        )
    numerator = r if timing == "end" else 1 + d
    return m * numerator / (1 + d - r) - check_money("acquisition_cost", acquisition_cost)


def ltv_to_cac(ltv: float, cac: float) -> float:
    """LTV:CAC ratio (margin-based LTV); ``nan`` when CAC is 0 (organic customers).

    Examples:
        CLV 266 667 CLP against a CAC of 120 000: 2.2:1, below Skok's 3:1 rule.

        >>> round(ltv_to_cac(clv(100_000, 0.80, 0.10), 120_000), 1)
        2.2

    References:
        docs/formulas.md §7 (LTV:CAC); Skok [S23].
    """
    c = check_money("cac", cac)
    return check_number("ltv", ltv) / c if c > 0 else math.nan


def _value_result(
    kind: str, clv_value: float, customers: float, immediate: float, cost: float, be_churn: float
) -> CampaignValueResult:
    value = immediate + customers * clv_value
    notes = (
        ()
        if clv_value > 0
        else (
            "The customer value is zero or negative: more customers do not pay "
            "back the cost, so there is no break-even.",
        )
    )
    return CampaignValueResult(
        kind=kind,
        customer_value=clv_value,
        customers=customers,
        value=value,
        total_cost=cost,
        net_value=value - cost,
        roi=(value - cost) / cost if cost > 0 else math.nan,
        break_even_customers=cost / clv_value if clv_value > 0 else math.nan,
        break_even_churn_reduction=be_churn,
        notes=notes,
    )


def acquisition_campaign_value(
    *,
    incremental_responses: float,
    margin_per_response: float,
    incremental_new_customers: float,
    customer_value: float,
    total_cost: float,
) -> CampaignValueResult:
    """Value of an acquisition campaign: immediate incremental margin plus new customers' future CLV.

    The campaign cost *is* the acquisition cost, so the CLV used here must not subtract one again
    (no double counting).

    Args:
        incremental_responses: Responses caused by the campaign ``I``.
        margin_per_response: Immediate contribution margin per response.
        incremental_new_customers: New customers caused by the campaign.
        customer_value: Future CLV of one new customer (acquisition cost 0).
        total_cost: Campaign cost.

    Returns:
        The value, net value and break-even number of new customers.

    Examples:
        The pilot: 200 × 40 000 + 80 × 266 667 ≈ 29.3 M against 8 M cost → +21.3 M; 30 new customers
        would pay for it on CLV alone.

        >>> v = acquisition_campaign_value(incremental_responses=200, margin_per_response=40_000,
        ...     incremental_new_customers=80, customer_value=clv(100_000, 0.8, 0.1), total_cost=8_000_000)
        >>> round(v.value / 1e6, 1), round(v.net_value / 1e6, 1), round(v.break_even_customers)
        (29.3, 21.3, 30)

    References:
        docs/formulas.md §7 (CLV-based campaign value).
    """
    immediate = check_number("incremental_responses", incremental_responses) * check_number(
        "margin_per_response", margin_per_response
    )
    return _value_result(
        "acquisition",
        check_number("customer_value", customer_value),
        check_number("incremental_new_customers", incremental_new_customers),
        immediate,
        check_money("total_cost", total_cost),
        math.nan,
    )


def retention_campaign_value(
    *,
    customers: int,
    churn_control: float,
    churn_treatment: float,
    customer_value: float,
    cost_per_contact: float,
    fixed_cost: float = 0.0,
) -> CampaignValueResult:
    """Value of a retention campaign: customers saved × their remaining CLV (money follows churn *reduction*).

    Args:
        customers: At-risk customers contacted ``N``.
        churn_control: Churn rate of the control group over the window.
        churn_treatment: Churn rate of the contacted group.
        customer_value: Remaining CLV of a customer kept.
        cost_per_contact: Cost per contacted customer.
        fixed_cost: Fixed campaign cost.

    Returns:
        Saved customers ``N·(churn_C − churn_T)``, value, net value and the break-even churn reduction.

    Examples:
        10 000 at-risk customers, churn 30 % → 25 %, CLV 266 667, 2 000 CLP per contact: 500 saved,
        133.3 M value against 20 M; a 0.75 pp churn reduction would break even.

        >>> v = retention_campaign_value(customers=10_000, churn_control=0.30, churn_treatment=0.25,
        ...     customer_value=clv(100_000, 0.8, 0.1), cost_per_contact=2_000)
        >>> round(v.customers), round(v.value / 1e6, 1), round(v.net_value / 1e6, 1)
        (500, 133.3, 113.3)
        >>> round(v.break_even_churn_reduction * 100, 2)
        0.75

    References:
        docs/formulas.md §7 (retention campaign).
    """
    n = check_int("customers", customers, minimum=1)
    ch_c = check_rate("churn_control", churn_control, allow_zero=True, allow_one=True)
    ch_t = check_rate("churn_treatment", churn_treatment, allow_zero=True, allow_one=True)
    value = check_number("customer_value", customer_value)
    per_contact = (
        check_money("cost_per_contact", cost_per_contact) + check_money("fixed_cost", fixed_cost) / n
    )
    be = per_contact / value if value > 0 else math.nan
    return _value_result("retention", value, n * (ch_c - ch_t), 0.0, per_contact * n, be)

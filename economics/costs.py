"""Campaign costs: fixed plus per-contact, and the cost per contact / response / acquisition.

A cost-per metric that is undefined (no responses, no incremental response, nothing measured) is
``nan`` with a ``reason`` code – never 0 and never ∞. Reason codes (catalog ``econ_reasons.<code>``):
``no_contacts``, ``no_responses``, ``no_acquisitions``, ``no_incremental_response`` (I ≤ 0: the
campaign caused nothing, or suppressed response), ``not_measured`` (no control group, so no
incremental figure).

"Costo por objetivo" is ambiguous in Spanish: the per-contact figure is the cost per *targeted*
customer; the per-response / per-acquisition figures are the cost per *goal achieved*. Each result
carries ``per`` so the label can say which.

References:
    docs/formulas.md §3 (costs per contact, response, acquisition and incremental result).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from economics._common import check_count, check_money, check_number
from planner_common import check_int

PER = (
    "contact",
    "contact_variable",
    "response",
    "acquisition",
    "incremental_response",
    "incremental_acquisition",
)
_EMPTY_REASON = {
    "contact": "no_contacts",
    "contact_variable": "no_contacts",
    "response": "no_responses",
    "acquisition": "no_acquisitions",
    "incremental_response": "no_incremental_response",
    "incremental_acquisition": "no_incremental_response",
}


@dataclass(frozen=True, slots=True)
class CampaignCosts:
    """Fixed cost ``F`` plus a variable cost ``c`` per contact: ``C = F + c · N``.

    Attributes:
        fixed: Creative, set-up, list, platform and agency fees (independent of volume), ≥ 0.
        per_contact: Postage, print, SMS, call minutes per contact, ≥ 0. Incentives that scale with
            *responses* belong in the margin, not here.

    Examples:
        A direct-mail pilot: 2 M CLP set-up and 300 CLP per piece, mailed to 20 000.

        >>> CampaignCosts(2_000_000, 300).total(20_000)
        8000000.0

    References:
        docs/formulas.md §3 (formula 6, ``C = F + c·N``).
    """

    fixed: float
    per_contact: float

    def __post_init__(self) -> None:
        check_money("fixed", self.fixed)
        check_money("per_contact", self.per_contact)

    def total(self, contacts: int) -> float:
        """Total campaign cost ``F + c · N`` for ``contacts`` people."""
        return float(self.fixed) + float(self.per_contact) * check_int("contacts", contacts, minimum=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitCostResult:
    """A cost per unit and what the unit is.

    Attributes:
        value: Cost per unit; ``nan`` when undefined.
        reason: ``None`` when defined, else a reason code (see the module docstring).
        total_cost: The cost divided.
        units: The count divided by (``nan`` when not measured).
        per: contact, contact_variable, response, acquisition, incremental_response or
            incremental_acquisition.
    """

    value: float
    reason: str | None
    total_cost: float
    units: float
    per: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitCostsResult:
    """All the cost-per metrics of one campaign cell (docs/formulas.md §3 table)."""

    total_cost: float
    per_contact: UnitCostResult
    per_contact_variable: UnitCostResult
    per_response: UnitCostResult
    per_acquisition: UnitCostResult
    per_incremental_response: UnitCostResult
    per_incremental_acquisition: UnitCostResult
    notes: tuple[str, ...] = ()


def unit_cost(total_cost: float, units: float | None, *, per: str) -> UnitCostResult:
    """Cost per unit ``C / units``; ``nan`` with a reason when there are no (positive) units.

    Args:
        total_cost: Cost to divide (≥ 0).
        units: Contacts, responses, acquisitions or incremental results; ``None`` = not measured.
        per: What the unit is (see ``PER``).

    Returns:
        The unit cost with its reason.

    Examples:
        8 M CLP for 200 incremental responders: 40 000 CLP each; none caused: undefined.

        >>> unit_cost(8_000_000, 200, per="incremental_response").value
        40000.0
        >>> unit_cost(8_000_000, -40, per="incremental_response").reason
        'no_incremental_response'

    References:
        docs/formulas.md §3 (edge cases: "n/d", not 0 or ∞).
    """
    cost = check_money("total_cost", total_cost)
    if units is None:
        return UnitCostResult(value=math.nan, reason="not_measured", total_cost=cost, units=math.nan, per=per)
    n = check_number("units", units)
    if n <= 0:
        return UnitCostResult(value=math.nan, reason=_EMPTY_REASON[per], total_cost=cost, units=n, per=per)
    return UnitCostResult(value=cost / n, reason=None, total_cost=cost, units=n, per=per)


def cost_per_contact(costs: CampaignCosts, contacts: int) -> UnitCostResult:
    """Fully loaded cost per targeted contact ``C / N`` ("costo por cliente objetivo").

    Examples:
        >>> cost_per_contact(CampaignCosts(fixed=2_000_000, per_contact=300), 20_000).value
        400.0

    References:
        docs/formulas.md §3.
    """
    return unit_cost(costs.total(contacts), contacts, per="contact")


def cost_per_response(total_cost: float, responses: int) -> UnitCostResult:
    """Cost per (attributed) response ``C / R``.

    Examples:
        >>> round(cost_per_response(8_000_000, 600).value)
        13333

    References:
        docs/formulas.md §3.
    """
    return unit_cost(
        total_cost, None if responses is None else check_count("responses", responses), per="response"
    )


def cost_per_acquisition(total_cost: float, acquisitions: int | None) -> UnitCostResult:
    """CPA ``C / A`` with ``A`` the new customers acquired (attributed, not incremental).

    Examples:
        >>> round(cost_per_acquisition(8_000_000, 240).value)
        33333

    References:
        docs/formulas.md §3.
    """
    return unit_cost(
        total_cost,
        None if acquisitions is None else check_count("acquisitions", acquisitions),
        per="acquisition",
    )


def cost_per_incremental_response(total_cost: float, incremental_responses: float | None) -> UnitCostResult:
    """Cost per response *caused* by the campaign ``C / I``; undefined when ``I ≤ 0`` or not measured.

    Examples:
        >>> cost_per_incremental_response(8_000_000, 200).value
        40000.0

    References:
        docs/formulas.md §3; cost per incremental conversion [S27].
    """
    return unit_cost(total_cost, incremental_responses, per="incremental_response")


def cost_per_incremental_acquisition(
    total_cost: float, incremental_acquisitions: float | None
) -> UnitCostResult:
    """Cost per new customer caused by the campaign ``C / (A_T − N_T · a_C)``.

    Examples:
        >>> cost_per_incremental_acquisition(8_000_000, 80).value
        100000.0

    References:
        docs/formulas.md §3.
    """
    return unit_cost(total_cost, incremental_acquisitions, per="incremental_acquisition")


def campaign_unit_costs(
    costs: CampaignCosts,
    *,
    contacts: int,
    responses: int,
    acquisitions: int | None = None,
    incremental_responses: float | None = None,
    incremental_acquisitions: float | None = None,
) -> UnitCostsResult:
    """Every cost-per metric of a campaign cell at once.

    Args:
        costs: Fixed and per-contact costs.
        contacts: People contacted ``N``.
        responses: Attributed responses ``R``.
        acquisitions: New customers among the responders ``A`` (``None`` = not tracked).
        incremental_responses: ``I`` against the control (``None`` = no control).
        incremental_acquisitions: New customers caused (``None`` = no control).

    Returns:
        The total cost and the six unit costs.

    Examples:
        The pilot of docs/formulas.md §3: the incremental cost per response is 3× the attributed one.

        >>> u = campaign_unit_costs(CampaignCosts(fixed=2_000_000, per_contact=300), contacts=20_000,
        ...                         responses=600, incremental_responses=200)
        >>> round(u.per_response.value), u.per_incremental_response.value, u.per_acquisition.reason
        (13333, 40000.0, 'not_measured')

    References:
        docs/formulas.md §3 (table).
    """
    total = costs.total(contacts)
    return UnitCostsResult(
        total_cost=total,
        per_contact=unit_cost(total, contacts, per="contact"),
        per_contact_variable=unit_cost(float(costs.per_contact) * contacts, contacts, per="contact_variable"),
        per_response=cost_per_response(total, responses),
        per_acquisition=cost_per_acquisition(total, acquisitions),
        per_incremental_response=cost_per_incremental_response(total, incremental_responses),
        per_incremental_acquisition=cost_per_incremental_acquisition(total, incremental_acquisitions),
    )

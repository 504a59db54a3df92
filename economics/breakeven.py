"""Break-even response rate, uplift, volume and contacts – always on contribution margin, never revenue.

``RR* = c/m + F/(m·N)`` is compared with the treated response rate when every response is credited
to the campaign; ``u* = c/m + F/(m·N)`` (same number) is compared with the *uplift* over a random
control, which is the right test whenever some response is organic. A zero or negative margin has no
break-even at all: those functions raise ``InputError("no_break_even")`` (one catalog sentence, "no
alcanza punto de equilibrio") rather than return a meaningless number. ``RR* > 100 %`` is returned
as is and flagged by :func:`break_even` (``feasible=False``): the campaign cannot pay at any rate.

References:
    docs/formulas.md §4; A. M. Hughes, "How Break Even is Calculated" [S1]; Lob [S2]; DWS Associates [S4].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from economics._common import check_margin, check_money
from planner_common import InputError, check_int, check_rate


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakEvenResult:
    """Every break-even figure of one campaign.

    Attributes:
        response_rate: ``RR*`` (fraction of contacts); equal to ``uplift`` numerically.
        variable_only_rate: ``c / m``, the rate that pays the variable cost only.
        uplift: ``u*`` (absolute rate difference, shown in pp) to compare with the measured uplift.
        rel_uplift: ``L* = u* / p_C``; ``nan`` without a baseline or with a zero baseline.
        volume: ``R* = C / m`` responses needed; ``nan`` when ``contacts`` is not given.
        contacts_needed: ``N* = F / (p·m − c)`` at ``expected_rate``; ``inf`` when ``p·m ≤ c`` (no volume
            pays); ``nan`` when ``expected_rate`` is not given.
        feasible: ``False`` when ``RR* > 100 %`` (impossible campaign).
        notes: Caveats in English.
    """

    cost_per_contact: float
    margin_per_response: float
    fixed_cost: float
    contacts: int | None
    baseline_rate: float | None
    expected_rate: float | None
    response_rate: float
    variable_only_rate: float
    uplift: float
    rel_uplift: float
    volume: float
    contacts_needed: float
    feasible: bool
    notes: tuple[str, ...] = ()


def _fixed_term(fixed_cost: float, margin: float, contacts: int | None) -> float:
    if contacts is None:
        if fixed_cost > 0:
            raise InputError(
                "contacts_required",
                f"contacts is needed to spread the fixed cost ({fixed_cost:g}) over the "
                "campaign; give the number of people contacted.",
                field="contacts",
                value=None,
            )
        return 0.0
    return fixed_cost / (margin * check_int("contacts", contacts, minimum=1))


def break_even_response_rate(
    cost_per_contact: float,
    margin_per_response: float,
    *,
    fixed_cost: float = 0.0,
    contacts: int | None = None,
) -> float:
    """Response rate at which margin from responders pays the campaign: ``RR* = c/m + F/(m·N)``.

    Args:
        cost_per_contact: Variable cost per contact ``c`` (≥ 0).
        margin_per_response: Contribution margin per response ``m`` (> 0; never revenue).
        fixed_cost: Fixed cost ``F`` of the campaign (≥ 0).
        contacts: People contacted ``N``; required when ``fixed_cost > 0``.

    Returns:
        ``RR*`` as a fraction (may exceed 1: then no response rate pays).

    Raises:
        InputError: ``no_break_even`` when the margin is ≤ 0; ``contacts_required`` when a fixed cost
            is given without contacts.

    Examples:
        300 CLP per piece, 40 000 CLP margin: 0.75 % pays the postage; with 2 M fixed over 20 000
        pieces the pilot needs 1.00 %.

        >>> break_even_response_rate(300, 40_000)
        0.0075
        >>> round(break_even_response_rate(300, 40_000, fixed_cost=2_000_000, contacts=20_000), 10)
        0.01

    References:
        docs/formulas.md §4 (formula 11); Hughes [S1].
    """
    c, m = (
        check_money("cost_per_contact", cost_per_contact),
        check_margin("margin_per_response", margin_per_response),
    )
    return c / m + _fixed_term(check_money("fixed_cost", fixed_cost), m, contacts)


def break_even_uplift(
    cost_per_contact: float,
    margin_per_response: float,
    *,
    fixed_cost: float = 0.0,
    contacts: int | None = None,
) -> float:
    """Uplift over the control at which *incremental* margin pays the campaign: ``u* = c/m + F/(m·N)``.

    Same arguments and number as :func:`break_even_response_rate`, but it is compared with the
    measured uplift ``p_T − p_C`` (an absolute rate difference), not with ``p_T``.

    Examples:
        Roll-out to 200 000 with 3 M fixed: the uplift must reach 0.7875 pp.

        >>> round(break_even_uplift(300, 40_000, fixed_cost=3_000_000, contacts=200_000), 10)
        0.007875

    References:
        docs/formulas.md §4 (formula 12) and §6.
    """
    return break_even_response_rate(
        cost_per_contact, margin_per_response, fixed_cost=fixed_cost, contacts=contacts
    )


def break_even_rel_uplift(
    cost_per_contact: float,
    margin_per_response: float,
    baseline_rate: float,
    *,
    fixed_cost: float = 0.0,
    contacts: int | None = None,
) -> float:
    """Relative lift over the control rate needed to break even: ``L* = u* / p_C`` (nan if ``p_C = 0``).

    Examples:
        The pilot needs u* = 1.00 pp over a 2 % control: +50 %.

        >>> round(break_even_rel_uplift(300, 40_000, 0.02, fixed_cost=2_000_000, contacts=20_000), 10)
        0.5

    References:
        docs/formulas.md §4.
    """
    p_c = check_rate("baseline_rate", baseline_rate, allow_zero=True)
    u = break_even_uplift(cost_per_contact, margin_per_response, fixed_cost=fixed_cost, contacts=contacts)
    return u / p_c if p_c > 0 else math.nan


def break_even_volume(total_cost: float, margin_per_response: float) -> float:
    """Responses needed to pay the whole campaign: ``R* = C / m``.

    Examples:
        8 M CLP campaign, 40 000 CLP margin per response: 200 responses.

        >>> break_even_volume(8_000_000, 40_000)
        200.0

    References:
        docs/formulas.md §4 (formula 13); Lob [S2].
    """
    return check_money("total_cost", total_cost) / check_margin("margin_per_response", margin_per_response)


def break_even_contacts(
    expected_rate: float, margin_per_response: float, cost_per_contact: float, fixed_cost: float
) -> float:
    """Contacts needed for the fixed cost to be repaid at rate ``p``: ``N* = F / (p·m − c)``.

    Returns ``inf`` when ``p·m ≤ c``: each contact then loses money and no volume breaks even.

    Examples:
        At a 3 % response each contact earns 0.03 × 40 000 − 300 = 900 CLP, so 2 M fixed are repaid
        after about 2 222 contacts (at 2.5 % it takes 2 857).

        >>> round(break_even_contacts(0.03, 40_000, 300, 2_000_000))
        2222
        >>> round(break_even_contacts(0.025, 40_000, 300, 2_000_000))
        2857

    References:
        docs/formulas.md §4.
    """
    p = check_rate("expected_rate", expected_rate, allow_zero=True, allow_one=True)
    m = check_margin("margin_per_response", margin_per_response)
    gain = p * m - check_money("cost_per_contact", cost_per_contact)
    return check_money("fixed_cost", fixed_cost) / gain if gain > 0 else math.inf


def break_even_index(response_rate: float, break_even_rate: float) -> float:
    """Hughes' break-even index ``BEI = (r − BE) / BE · 100``: 0 at break-even, negative = loss.

    Examples:
        Hughes: $0.55 per piece, $40 net per sale → BE = 1.375 %; a 2.5 % response scores 81.8.

        >>> round(break_even_index(0.025, break_even_response_rate(0.55, 40)), 1)
        81.8

    References:
        Hughes [S1]; docs/formulas.md §4.
    """
    r = check_rate("response_rate", response_rate, allow_zero=True, allow_one=True)
    be = check_money("break_even_rate", break_even_rate)
    return (r - be) / be * 100 if be > 0 else math.nan


def break_even(
    cost_per_contact: float,
    margin_per_response: float,
    *,
    fixed_cost: float = 0.0,
    contacts: int | None = None,
    baseline_rate: float | None = None,
    expected_rate: float | None = None,
) -> BreakEvenResult:
    """All break-even figures at once, with ``RR* > 100 %`` flagged.

    Args:
        cost_per_contact: Variable cost per contact ``c``.
        margin_per_response: Contribution margin per response ``m`` (> 0).
        fixed_cost: Fixed cost ``F``.
        contacts: People contacted ``N`` (required when ``F > 0``).
        baseline_rate: Control response rate ``p_C`` for the relative break-even lift.
        expected_rate: Expected response rate ``p`` for the contacts needed.

    Returns:
        The break-even result.

    Examples:
        The pilot of docs/formulas.md §4: RR* = u* = 1 %, 200 responses, L* = 50 %.

        >>> b = break_even(300, 40_000, fixed_cost=2_000_000, contacts=20_000, baseline_rate=0.02)
        >>> round(b.uplift, 10), b.volume, round(b.rel_uplift, 10), b.feasible
        (0.01, 200.0, 0.5, True)

    References:
        docs/formulas.md §4.
    """
    rate = break_even_response_rate(
        cost_per_contact, margin_per_response, fixed_cost=fixed_cost, contacts=contacts
    )
    c, m, f = float(cost_per_contact), float(margin_per_response), float(fixed_cost)
    volume = math.nan if contacts is None else break_even_volume(f + c * contacts, m)
    rel = (
        math.nan
        if baseline_rate is None
        else break_even_rel_uplift(c, m, baseline_rate, fixed_cost=f, contacts=contacts)
    )
    needed = math.nan if expected_rate is None else break_even_contacts(expected_rate, m, c, f)
    notes = []
    if rate > 1:
        notes.append(
            f"The break-even response rate is {rate:.1%}, above 100 %: no response rate can pay "
            "for this campaign; lower the costs or raise the margin."
        )
    if c == 0 and f == 0:
        notes.append("The campaign costs nothing, so any positive response breaks even.")
    return BreakEvenResult(
        cost_per_contact=c,
        margin_per_response=m,
        fixed_cost=f,
        contacts=contacts,
        baseline_rate=baseline_rate,
        expected_rate=expected_rate,
        response_rate=rate,
        variable_only_rate=c / m,
        uplift=rate,
        rel_uplift=rel,
        volume=volume,
        contacts_needed=needed,
        feasible=rate <= 1,
        notes=tuple(notes),
    )

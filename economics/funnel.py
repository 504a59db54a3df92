"""Funnel rates with a named base, and the incremental (uplift) counts that money is computed from.

Every rate names its denominator (``base_name``): a response rate "on contacted" and "on delivered"
are different numbers, and only contacted or delivered bases have a control-group counterpart.
Undefined rates (an empty base, no control responses for a relative lift) are ``nan`` with a
``reason`` code; the UI turns the code into a sentence (catalog ``econ_reasons.<code>``).

References:
    docs/formulas.md §1 (response and conversion rates) and §2 (uplift, incremental responders,
    relative lift).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from economics._common import check_count, check_number
from planner_common import InputError, check_choice, check_rate

BASES = ("contacted", "delivered", "opened", "clicked", "responders")


@dataclass(frozen=True, slots=True, kw_only=True)
class FunnelRateResult:
    """One rate ``events / base`` and the base it is measured on.

    Attributes:
        value: The rate as a fraction; ``nan`` when the base is empty.
        reason: ``None`` when defined, else a reason code (``"empty_base"``).
        events: Numerator count (responders, buyers).
        base: Denominator count.
        base_name: What the base is: contacted, delivered, opened, clicked or responders.
    """

    value: float
    reason: str | None
    events: int
    base: int
    base_name: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FunnelResult:
    """The usual rates of a direct-marketing funnel, each with its base (``None`` when not given)."""

    response_rate_contacted: FunnelRateResult
    response_rate_delivered: FunnelRateResult | None
    conversion_rate_responders: FunnelRateResult | None
    conversion_rate_contacted: FunnelRateResult | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class IncrementalResponseResult:
    """Uplift of a pilot against its control, in the counts that pay for a campaign.

    Attributes:
        control: Control response rate ``p_C``.
        treatment: Treated response rate ``p_T``.
        effect_size: Absolute uplift ``u = p_T − p_C`` (a fraction; shown in pp).
        rel_effect_size: Relative lift ``u / p_C``; ``nan`` when the control had no responses.
        rel_effect_size_reason: ``None`` or ``"no_control_response"``.
        incremental_responders: ``I = R_T − N_T · p_C`` (negative when the campaign suppressed response).
        notes: Caveats (zero control responses, negative lift).
    """

    responders_treatment: int
    n_treatment: int
    responders_control: int
    n_control: int
    control: float
    treatment: float
    effect_size: float
    rel_effect_size: float
    rel_effect_size_reason: str | None
    incremental_responders: float
    notes: tuple[str, ...] = ()


def _check_events(field: str, events: object, base_field: str, base: object) -> tuple[int, int]:
    e, b = check_count(field, events), check_count(base_field, base)
    if e > b:
        raise InputError(
            "events_exceed_base",
            f"{field} ({e}) cannot exceed {base_field} ({b}); check the counts.",
            field=field,
            value=e,
            base=b,
        )
    return e, b


def funnel_rate(events: int, base: int, *, base_name: str = "contacted") -> FunnelRateResult:
    """Share of a named base that reached an event: ``events / base``.

    Args:
        events: People who did it (responded, bought).
        base: People in the base; ``0`` gives ``nan`` (shown "—", never 0 %).
        base_name: contacted, delivered, opened, clicked or responders.

    Returns:
        The rate with its base.

    Raises:
        InputError: ``events_exceed_base`` when more events than people in the base.

    Examples:
        300 of 9 500 delivered mailings answered: 3.16 % on delivered.

        >>> round(funnel_rate(300, 9_500, base_name="delivered").value, 4)
        0.0316

    References:
        docs/formulas.md §1.
    """
    check_choice("base_name", base_name, BASES)
    e, b = _check_events("events", events, "base", base)
    if b == 0:
        return FunnelRateResult(value=math.nan, reason="empty_base", events=e, base=b, base_name=base_name)
    return FunnelRateResult(value=e / b, reason=None, events=e, base=b, base_name=base_name)


def funnel_rates(
    contacted: int, responders: int, *, delivered: int | None = None, conversions: int | None = None
) -> FunnelResult:
    """Response and conversion rates of one cell, each on its named base.

    Args:
        contacted: People contacted (mailed, sent, called).
        responders: People who responded in the measurement window.
        delivered: Contacts actually delivered (sends minus bounces), if known.
        conversions: People who reached the goal (bought), if known.

    Returns:
        The rates on contacted, on delivered and of responders.

    Examples:
        10 000 contacted, 9 500 delivered, 300 responded, 120 bought.

        >>> f = funnel_rates(10_000, 300, delivered=9_500, conversions=120)
        >>> f.response_rate_contacted.value, f.conversion_rate_responders.value
        (0.03, 0.4)

    References:
        docs/formulas.md §1 (worked example).
    """
    _check_events("responders", responders, "contacted", contacted)
    delivered_rate = conv_resp = conv_contacted = None
    if delivered is not None:
        _check_events("delivered", delivered, "contacted", contacted)
        delivered_rate = funnel_rate(responders, delivered, base_name="delivered")
    if conversions is not None:
        _check_events("conversions", conversions, "responders", responders)
        conv_resp = funnel_rate(conversions, responders, base_name="responders")
        conv_contacted = funnel_rate(conversions, contacted, base_name="contacted")
    return FunnelResult(
        response_rate_contacted=funnel_rate(responders, contacted),
        response_rate_delivered=delivered_rate,
        conversion_rate_responders=conv_resp,
        conversion_rate_contacted=conv_contacted,
    )


def incremental_count(events_treatment: float, n_treatment: float, control_rate: float) -> float:
    """Events caused by the campaign in the treated group: ``R_T − N_T · p_C``.

    Works for responses and for new customers (incremental acquisitions) alike.

    Args:
        events_treatment: Events observed in the treated group.
        n_treatment: Size of the treated group.
        control_rate: The same event's rate in the control group (a fraction).

    Returns:
        The incremental count (negative when the campaign suppressed the event).

    Examples:
        240 new customers among 20 000 treated, 0.8 % in the control: 80 incremental acquisitions.

        >>> round(incremental_count(240, 20_000, 0.008), 6)
        80.0

    References:
        docs/formulas.md §2 (formula 4) and §3 (cost per incremental acquisition).
    """
    p_c = check_rate("control_rate", control_rate, allow_zero=True, allow_one=True)
    return check_number("events_treatment", events_treatment) - check_number("n_treatment", n_treatment) * p_c


def incremental_response(
    responders_treatment: int, n_treatment: int, responders_control: int, n_control: int
) -> IncrementalResponseResult:
    """Uplift, relative lift and incremental responders of a pilot against its random control.

    Args:
        responders_treatment: Responders in the treated (pilot) group.
        n_treatment: People in the treated group.
        responders_control: Responders in the control group.
        n_control: People in the control group; 0 is refused (no incremental measurement exists).

    Returns:
        The uplift figures; the relative lift is ``nan`` when the control had no responses.

    Raises:
        InputError: ``no_control`` when ``n_control`` is 0; ``events_exceed_base`` when responders
            exceed the group.

    Examples:
        Pilot 600 / 20 000 against control 100 / 5 000: uplift 1 pp, 200 incremental responders,
        +50 % relative lift.

        >>> r = incremental_response(600, 20_000, 100, 5_000)
        >>> round(r.effect_size, 6), round(r.incremental_responders, 6), round(r.rel_effect_size, 6)
        (0.01, 200.0, 0.5)

    References:
        docs/formulas.md §2 (Radcliffe's uplift definition, worked example and edge cases).
    """
    if check_count("n_control", n_control) == 0:
        raise InputError(
            "no_control",
            "n_control is 0: without a control group there is no incremental measurement, "
            "so uplift, incremental ROI and cost per incremental response cannot be computed. "
            "Keep a random control group from the same list.",
            field="n_control",
            value=0,
        )
    rt, nt = _check_events("responders_treatment", responders_treatment, "n_treatment", n_treatment)
    rc, nc = _check_events("responders_control", responders_control, "n_control", n_control)
    if nt == 0:
        raise InputError(
            "too_small", "n_treatment must be at least 1, got 0.", field="n_treatment", value=0, minimum=1
        )
    p_t, p_c = rt / nt, rc / nc
    notes: list[str] = []
    rel, rel_reason = (p_t / p_c - 1, None) if rc > 0 else (math.nan, "no_control_response")
    if rc == 0:
        notes.append(
            f"The control had no responses: the relative lift is undefined and 0/{nc} only "
            f"bounds the baseline below about {3 / nc:.4%} (rule of three)."
        )
    if p_t < p_c:
        notes.append(
            "Negative uplift: the campaign suppressed responses; cost per incremental "
            "response does not apply."
        )
    return IncrementalResponseResult(
        responders_treatment=rt,
        n_treatment=nt,
        responders_control=rc,
        n_control=nc,
        control=p_c,
        treatment=p_t,
        effect_size=p_t - p_c,
        rel_effect_size=rel,
        rel_effect_size_reason=rel_reason,
        incremental_responders=rt - nt * p_c,
        notes=tuple(notes),
    )

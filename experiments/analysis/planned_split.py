"""The planned split of a pilot: the control's share and the weights the sample-ratio test checks.

A design with one control and ``k`` treated arms of equal size puts ``n_control / (n_control + k ·
n_treatment)`` of the customers in the control; the treated arms share the rest equally. Both the
readout of a file and the readout of typed counts test the observed split against these weights.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner_common import check_int, check_probability

__all__ = ["planned_control_share", "planned_weights"]


def planned_control_share(
    n_treatments: int = 1, *, n_control: int | None = None, n_treatment: int | None = None
) -> float:
    """Share of the customers planned for the control group.

    Args:
        n_treatments: Treated arms sharing the control (each of ``n_treatment`` customers).
        n_control: Customers planned for the control; ``None`` for an equal split.
        n_treatment: Customers planned for *each* treated arm; ``None`` for an equal split.

    Returns:
        ``n_control / (n_control + n_treatments · n_treatment)``, or ``1 / (n_treatments + 1)`` when the
        sizes are not known.

    Examples:
        The design mails 20 000 customers and keeps 5 000 as control: the control is 20 %.

        >>> planned_control_share(n_control=5_000, n_treatment=20_000)
        0.2

        Two subject lines and a control, no sizes saved: an equal third each.

        >>> round(planned_control_share(2), 4)
        0.3333

    References:
        Kohavi, Tang & Xu (2020), *Trustworthy Online Controlled Experiments*, ch. 21 (the planned
        allocation an SRM test compares with).
    """
    k = check_int("n_treatments", n_treatments, minimum=1)
    if not n_control or not n_treatment:
        return 1 / (k + 1)
    n_c = check_int("n_control", n_control, minimum=1)
    n_t = check_int("n_treatment", n_treatment, minimum=1)
    return n_c / (n_c + k * n_t)


def planned_weights(control: str, treatments: Sequence[str], *, control_share: float) -> dict[str, float]:
    """Planned weight of every arm: the control's share, the rest split equally among the treated arms.

    Args:
        control: Label of the control arm.
        treatments: Labels of the treated arms.
        control_share: Fraction of the customers planned for the control, strictly between 0 and 1.

    Returns:
        Arm label → planned fraction (they add up to 1), control first; the ``weights`` argument of
        :func:`analyze_pilot` and :func:`analyze_counts`. Without treated arms, the control alone.

    Examples:
        A control of 20 % and two pilots:

        >>> planned_weights("control", ["piloto A", "piloto B"], control_share=0.2)
        {'control': 0.2, 'piloto A': 0.4, 'piloto B': 0.4}

    References:
        Kohavi, Tang & Xu (2020), ch. 21.
    """
    share = check_probability("control_share", control_share)
    if not treatments:  # nothing to split: the readout itself refuses a file with the control only
        return {str(control): 1.0}
    each = (1 - share) / len(treatments)
    return {str(control): share} | {str(arm): each for arm in treatments}

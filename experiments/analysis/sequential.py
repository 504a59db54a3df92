"""Reading a running pilot: the group-sequential test at each look, and always-valid intervals.

* :func:`group_sequential_test` – the plan's looks against Lan-DeMets bounds. The z statistic of a look
  is the effect over its unpooled standard error; the look's *information fraction* is the harmonic
  sample size ``1/(1/n_C + 1/n_T)`` reached, over the planned one. That is the information of the
  difference under a common per-customer variance, so it depends on the counts only (never on noisy
  variance estimates), grows with every customer, and is 1 at the planned sizes whatever the split. A
  look at or past the plan is the final look: it spends the rest of alpha (the correlation between
  looks uses the actual information, so a pilot that overshoots is still analysed exactly). Each look
  carries a repeated confidence interval (Jennison & Turnbull 1989: ``effect ± bound · SE``), valid
  simultaneously over all looks; the interval at the stopping look is the final one.
* :func:`confidence_sequence` – the asymptotic confidence sequence of Waudby-Smith et al. (2023) in the
  form GrowthBook's gbstats uses (``sequential_rho``, ``sequential_interval_halfwidth``): valid however
  often, and whenever, one looks; tightest near ``tuning_n`` customers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from experiments.analysis._sequential_inputs import (
    Arm,
    Moments,
    always_valid_p,
    check_looks,
    check_pair,
    halfwidth,
    harmonic_information,
    moments,
    sequential_rho,
)
from experiments.design.sequential import MAX_LOOKS, check_spending, nominal_pvalue, solve, spend
from planner_common import check_alternative, check_choice, check_int, check_probability

__all__ = [
    "ConfidenceSequenceResult",
    "GroupSequentialLook",
    "GroupSequentialResult",
    "confidence_sequence",
    "group_sequential_test",
]

DIRECTIONS = ("increase", "decrease")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfidenceSequenceResult:
    """An always-valid comparison of two arms.

    Attributes:
        control, treatment: Rate or mean of each arm.
        effect_size, effect_size_ci_lower, effect_size_ci_upper: ``treatment − control`` and its
            confidence-sequence interval (one end infinite for a one-sided alternative).
        rel_effect_size, rel_effect_size_ci_lower, rel_effect_size_ci_upper: ``(treatment − control) /
            |control|`` and its interval (delta method, symmetric, as gbstats).
        pvalue, rel_pvalue: Always-valid p-values of the absolute and relative effect.
        statistic, std_error: ``effect / SE`` and the unpooled standard error of the effect.
        n_control, n_treatment, tuning_n, rho: Customers, the tuning ``N*`` and the mixing parameter.
        alpha, alternative: Echoed.
        notes: Caveats.
    """

    control: float
    treatment: float
    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    rel_effect_size_ci_lower: float
    rel_effect_size_ci_upper: float
    pvalue: float
    rel_pvalue: float
    statistic: float
    std_error: float
    n_control: int
    n_treatment: int
    tuning_n: int
    rho: float
    alpha: float
    alternative: str
    notes: tuple[str, ...] = ()


def _interval(estimate: float, half: float, alternative: str) -> tuple[float, float]:
    lower = -math.inf if alternative == "less" else estimate - half
    upper = math.inf if alternative == "greater" else estimate + half
    return lower, upper


def confidence_sequence(
    control: Arm, treatment: Arm, *, tuning_n: int, alpha: float = 0.05, alternative: str = "two-sided"
) -> ConfidenceSequenceResult:
    """An interval for the lift that stays valid however often the pilot is looked at.

    Args:
        control, treatment: Cumulative :class:`ArmCounts` (rates) or :class:`ArmMoments` (means).
        tuning_n: ``N*``, the total customers (both arms) at which the interval is tightest; use the
            planned total.
        alpha: Probability that the interval ever misses the true lift, over all looks.
        alternative: ``"two-sided"``, ``"greater"`` or ``"less"``.

    Returns:
        A :class:`ConfidenceSequenceResult`.

    Raises:
        InputError: Mixed or empty arms, a non-positive ``tuning_n``, bad ``alpha`` / ``alternative``.

    Examples:
        Day 10 of an e-mail pilot planned for 40 000 customers: 3.0 % against 2.6 % response.

        >>> from experiments import ArmCounts
        >>> r = confidence_sequence(ArmCounts(260, 10_000), ArmCounts(300, 10_000), tuning_n=40_000)
        >>> round(r.effect_size, 4), round(r.effect_size_ci_lower, 4), round(r.effect_size_ci_upper, 4)
        (0.004, -0.0032, 0.0112)
        >>> round(r.pvalue, 3)  # always valid: the fixed-horizon z test would say 0.086
        0.689

    References:
        Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas (2023), "Time-uniform central limit theory and
        asymptotic confidence sequences", arXiv:2103.06476v7, eq. 9, 134, 155, 161; GrowthBook gbstats
        ``SequentialTwoSidedTTest`` (agreement to 1e-9 is tested).
    """
    control, treatment = check_pair(control, treatment)
    alpha, alternative = check_probability("alpha", alpha), check_alternative(alternative)
    tuning = check_int("tuning_n", tuning_n)
    two_sided = alternative == "two-sided"
    rho = sequential_rho(alpha, tuning, two_sided=two_sided)
    m = moments(control, treatment)
    n = m.n_control + m.n_treatment
    half = halfwidth(m.std_error**2 * n, n, rho, alpha, two_sided)
    rel_half = halfwidth(m.rel_std_error**2 * n, n, rho, alpha, two_sided)
    lower, upper = _interval(m.effect, half, alternative)
    rel_lower, rel_upper = _interval(m.rel_effect, rel_half, alternative)
    return ConfidenceSequenceResult(
        control=m.control,
        treatment=m.treatment,
        effect_size=m.effect,
        effect_size_ci_lower=lower,
        effect_size_ci_upper=upper,
        rel_effect_size=m.rel_effect,
        rel_effect_size_ci_lower=rel_lower,
        rel_effect_size_ci_upper=rel_upper,
        pvalue=always_valid_p(m.effect, m.std_error, n, rho, alternative),
        rel_pvalue=always_valid_p(m.rel_effect, m.rel_std_error, n, rho, alternative),
        statistic=m.effect / m.std_error if m.std_error > 0 else math.nan,
        std_error=m.std_error,
        n_control=m.n_control,
        n_treatment=m.n_treatment,
        tuning_n=tuning,
        rho=rho,
        alpha=alpha,
        alternative=alternative,
        notes=() if m.std_error > 0 else ("Both arms are constant: the interval is undefined.",),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupSequentialLook:
    """One look of a group-sequential test (cumulative data).

    Attributes:
        look: 1-based index. information_fraction: harmonic sample size over the planned one.
        n_control, n_treatment, control, treatment: Customers and rate / mean of each arm.
        effect_size, std_error, statistic: Effect, its unpooled standard error and ``z = effect / SE``.
        bound: The z bound of this look (``inf`` when it spends nothing). alpha_spent: cumulative.
        nominal_pvalue, bound_pvalue: The fixed-horizon p-value of ``z`` and of the bound (stop when
            ``nominal_pvalue ≤ bound_pvalue``).
        effect_size_ci_lower, effect_size_ci_upper, rel_effect_size, rel_effect_size_ci_lower,
        rel_effect_size_ci_upper: Repeated confidence intervals (``estimate ± bound · SE``).
        decision: ``"benefit"`` or ``"harm"`` (a bound crossed; in the metric's good direction or not),
            ``"continue"``, or ``"inconclusive"`` (the final look crossed no bound).
    """

    look: int
    information_fraction: float
    n_control: int
    n_treatment: int
    control: float
    treatment: float
    effect_size: float
    std_error: float
    statistic: float
    bound: float
    alpha_spent: float
    nominal_pvalue: float
    bound_pvalue: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    rel_effect_size_ci_lower: float
    rel_effect_size_ci_upper: float
    decision: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupSequentialResult:
    """A group-sequential test over the looks so far.

    Attributes:
        looks: Every look analysed, up to the one that stopped the test (or the final look).
        decision: The current verdict (the last look's decision).
        stopped_at: 1-based look where a bound was crossed, else ``None``.
        complete: Whether the planned information was reached (the final look happened).
        effect_size, effect_size_ci_lower, effect_size_ci_upper, rel_effect_size,
        rel_effect_size_ci_lower, rel_effect_size_ci_upper: The last look's estimate and repeated
            confidence interval (the final interval once the test has stopped).
        planned_n_control, planned_n_treatment, alpha, spending, rho, alternative, direction: Echoed.
        notes: Caveats (looks ignored after the test ended, ...).
    """

    looks: tuple[GroupSequentialLook, ...]
    decision: str
    stopped_at: int | None
    complete: bool
    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    rel_effect_size: float
    rel_effect_size_ci_lower: float
    rel_effect_size_ci_upper: float
    planned_n_control: int
    planned_n_treatment: int
    alpha: float
    spending: str
    rho: float | None
    alternative: str
    direction: str
    notes: tuple[str, ...] = ()


def group_sequential_test(
    looks: Sequence[tuple[Arm, Arm]],
    *,
    planned_n_control: int,
    planned_n_treatment: int,
    alpha: float = 0.05,
    spending: str = "obrien-fleming",
    rho: float | None = None,
    alternative: str = "two-sided",
    direction: str = "increase",
) -> GroupSequentialResult:
    """Test a running pilot at each look against the plan's spending-function bounds.

    Args:
        looks: Cumulative ``(control, treatment)`` pairs of :class:`ArmCounts` or :class:`ArmMoments`,
            one per look, in time order.
        planned_n_control, planned_n_treatment: The plan's (maximum) customers per arm.
        alpha, spending, rho: The plan's overall false-positive rate and spending function.
        alternative: ``"two-sided"`` (stop for benefit or harm), ``"greater"`` or ``"less"``.
        direction: ``"increase"`` (default) or ``"decrease"`` (e.g. churn) is the good direction.

    Returns:
        A :class:`GroupSequentialResult`.

    Raises:
        InputError: No looks, looks that are not cumulative, mixed or empty arms, bad options.

    Examples:
        A direct-mail pilot planned at 8,000 customers per arm, read after each quarter:

        >>> from experiments import ArmCounts
        >>> looks = [(ArmCounts(40, 2_000), ArmCounts(52, 2_000)),
        ...          (ArmCounts(80, 4_000), ArmCounts(125, 4_000))]
        >>> r = group_sequential_test(looks, planned_n_control=8_000, planned_n_treatment=8_000)
        >>> [(round(x.statistic, 2), round(x.bound, 2), x.decision) for x in r.looks]
        [(1.27, 4.33, 'continue'), (3.19, 2.96, 'benefit')]
        >>> r.stopped_at, round(r.effect_size_ci_lower, 4), round(r.effect_size_ci_upper, 4)
        (2, 0.0008, 0.0217)

    References:
        Lan & DeMets (1983); Jennison & Turnbull (1989), JRSS B 51:305-361 (repeated confidence
        intervals) and (2000), *Group Sequential Methods*, ch. 7 and 9.
    """
    pairs = check_looks(looks, 10 * MAX_LOOKS)
    alpha, alternative = check_probability("alpha", alpha), check_alternative(alternative)
    family, rho = check_spending(spending, rho)
    direction = check_choice("direction", direction, DIRECTIONS)
    n_c_plan = check_int("planned_n_control", planned_n_control)
    n_t_plan = check_int("planned_n_treatment", planned_n_treatment)
    planned = harmonic_information(n_c_plan, n_t_plan)
    sides = 2 if alternative == "two-sided" else 1
    infos: list[float] = []
    spent: list[float] = []
    results: list[GroupSequentialLook] = []
    notes: list[str] = []
    for k, (control, treatment) in enumerate(pairs):
        m = moments(control, treatment)
        t = harmonic_information(m.n_control, m.n_treatment) / planned
        if infos and t <= infos[-1]:
            results.append(_repeat(results[-1], k + 1))  # no new customers: the same look again
            continue
        infos.append(t)
        if len(infos) > MAX_LOOKS:
            notes.append(f"Only the first {MAX_LOOKS} looks with new customers are analysed.")
            break
        spent.append(spend(t, alpha=alpha, spending=family, rho=rho, sides=sides))
        bound = solve(tuple(infos), tuple(spent), sides == 2)[-1]
        results.append(_look(k + 1, t, m, bound, spent[-1], sides, alternative, direction))
        if results[-1].decision != "continue":
            if k + 1 < len(pairs):
                notes.append(
                    f"The test ended at look {k + 1}; the {len(pairs) - k - 1} later looks are ignored."
                )
            break
    last = results[-1]
    stopped = next((x.look for x in results if x.decision in ("benefit", "harm")), None)
    return GroupSequentialResult(
        looks=tuple(results),
        decision=last.decision,
        stopped_at=stopped,
        complete=last.information_fraction >= 1,
        effect_size=last.effect_size,
        effect_size_ci_lower=last.effect_size_ci_lower,
        effect_size_ci_upper=last.effect_size_ci_upper,
        rel_effect_size=last.rel_effect_size,
        rel_effect_size_ci_lower=last.rel_effect_size_ci_lower,
        rel_effect_size_ci_upper=last.rel_effect_size_ci_upper,
        planned_n_control=n_c_plan,
        planned_n_treatment=n_t_plan,
        alpha=alpha,
        spending=family,
        rho=rho,
        alternative=alternative,
        direction=direction,
        notes=tuple(notes),
    )


def _look(
    index: int, t: float, m: Moments, bound: float, spent: float, sides: int, alternative: str, direction: str
) -> GroupSequentialLook:
    from experiments.analysis._common import pvalue

    z = m.effect / m.std_error if m.std_error > 0 else math.nan
    lower, upper = _interval(m.effect, bound * m.std_error, alternative)
    rel_lower, rel_upper = _interval(m.rel_effect, bound * m.rel_std_error, alternative)
    return GroupSequentialLook(
        look=index,
        information_fraction=t,
        n_control=m.n_control,
        n_treatment=m.n_treatment,
        control=m.control,
        treatment=m.treatment,
        effect_size=m.effect,
        std_error=m.std_error,
        statistic=z,
        bound=bound,
        alpha_spent=spent,
        nominal_pvalue=pvalue(z, alternative),
        bound_pvalue=nominal_pvalue(bound, sides),
        effect_size_ci_lower=lower,
        effect_size_ci_upper=upper,
        rel_effect_size=m.rel_effect,
        rel_effect_size_ci_lower=rel_lower,
        rel_effect_size_ci_upper=rel_upper,
        decision=_decision(z, bound, t, alternative, direction),
    )


def _decision(z: float, bound: float, t: float, alternative: str, direction: str) -> str:
    up = z >= bound and alternative != "less"
    down = z <= -bound and alternative != "greater"
    if up or down:
        return "benefit" if up == (direction == "increase") else "harm"
    return "inconclusive" if t >= 1 else "continue"


def _repeat(previous: GroupSequentialLook, index: int) -> GroupSequentialLook:
    import dataclasses

    return dataclasses.replace(previous, look=index)

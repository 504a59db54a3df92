"""Go / no-go / extend-the-pilot: the readout's evidence judged against the campaign's break-even.

Rules, applied in this order (the first that fires decides; ``reasons[0]`` names it):

1. ``no_control`` – no control group (``n_control == 0``): nothing incremental was measured, so the
   roll-out cannot be judged → **extend** (rerun the pilot with a random control).
2. ``no_estimate`` – the effect or its interval is missing (NaN) → **extend**.
3. ``srm`` – sample-ratio mismatch flagged: the split is not what was planned, the data cannot be
   trusted → **extend** (investigate); never go.
4. ``sample_below_plan`` – either arm is below its planned size → **extend** (reading early inflates
   false wins).
5. ``ci_above_break_even`` – the interval's lower bound is above the break-even uplift → **go**.
6. ``ci_below_break_even`` – the interval's upper bound is below the break-even uplift → **no_go**.
7. Effect significant (``pvalue < alpha``) and in the good direction, but the lower bound is at or
   below break-even: ``significant_probable_profit`` (probability of profit ≥ ``profit_threshold``,
   default 0.8) → **go**, staged with a holdout; otherwise ``significant_uncertain_profit`` →
   **extend**, a staged roll-out is suggested.
8. ``inconclusive`` – the interval straddles break-even without a significant effect → **extend**.

With a sequential plan being monitored (``sequential``, read from ``Campaign.monitoring``): while the
plan's last look says *continue* and the readout has not reached the plan's sizes, a **go** becomes
**extend** with the reason ``sequential_continue`` first (reading early is a peek: the plan's bounds, not
the fixed test, say when to stop); once the plan has stopped the pilot at a bound, rule 4 does not apply
(the plan licenses stopping before the planned size) and ``sequential_stopped`` says so.

Everything is in the metric's good direction: for a "decrease" metric (churn) the benefit is the
reduction, and ``break_even_uplift`` is the reduction needed. Without economics the break-even is 0
(any improvement pays) and the reason ``no_economics`` says so. The probability of profit is taken
from ``projection`` or ``probability_of_profit`` when given, else computed from the readout as
``Φ((û − u*) / SE)`` with SE implied by the interval.

``reasons`` is a tuple of ``(code, params)`` pairs; the UI phrases them from the catalog keys
``decision.reason.<code>`` (es/en). Parameter names end in their unit so the UI can format them:
``_pp`` (fraction shown in percentage points), ``_pct`` (fraction shown as a percent), ``_prob`` (a
probability, shown without rounding a real risk away: ``< 1 %``, ``> 99 %``), ``_count`` (whole
number), ``_money`` (currency), ``_num`` (plain number such as a p-value).

References:
    docs/formulas.md §2 (non-significant → "no concluyente"; SRM), §4 (break-even uplift), §6 (bounds,
    probability of profit, staged roll-out); CustomerTrigger, pilot then roll-out [S14]; Kohavi [S17].
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from economics import DIRECTIONS, RolloutProjectionResult, beneficial_effect, std_error_from_interval
from planner_common import InputError, check_choice, check_int, check_probability, check_rate
from rollout.monitoring import SequentialState

DECISIONS = ("go", "no_go", "extend")


@dataclass(frozen=True, slots=True, kw_only=True)
class PilotReadout:
    """The readout figures a decision needs (typed by hand or taken from an analysis result).

    Attributes:
        effect_size: Treatment − control as measured (fraction; negative for a churn fall).
        effect_size_ci_lower, effect_size_ci_upper: Its interval at ``confidence_level``.
        pvalue: Two-sided p-value of the effect (NaN when typed without one: significance is then read
            from the interval, "does it exclude zero?").
        n_control, n_treatment: Sizes reached.
        alpha: Significance level.
        confidence_level: Level of the interval (default ``1 − alpha``).
        planned_n_control, planned_n_treatment: Planned sizes (``None`` = no plan to check).
        srm_flagged: Sample-ratio mismatch detected.
        direction: ``"increase"`` (more is better) or ``"decrease"`` (less is better).

    Examples:
        A retention SMS typed by hand: churn fell 5 pp (interval −7 to −3 pp) on 2 000 + 2 000 customers.

        >>> PilotReadout(effect_size=-0.05, effect_size_ci_lower=-0.07, effect_size_ci_upper=-0.03,
        ...              n_control=2_000, n_treatment=2_000, direction="decrease").direction
        'decrease'
    """

    effect_size: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    n_control: int
    n_treatment: int
    pvalue: float = math.nan
    alpha: float = 0.05
    confidence_level: float | None = None
    planned_n_control: int | None = None
    planned_n_treatment: int | None = None
    srm_flagged: bool = False
    direction: str = "increase"

    @classmethod
    def from_effect(cls, result: Any, **kwargs: Any) -> PilotReadout:
        """Build from any result with the shared effect fields (``effect_size``, ``effect_size_ci_lower``,
        ``effect_size_ci_upper``, ``pvalue``, ``n_control``, ``n_treatment``); ``kwargs`` add or override.
        """
        names = (
            "effect_size",
            "effect_size_ci_lower",
            "effect_size_ci_upper",
            "pvalue",
            "n_control",
            "n_treatment",
        )
        return cls(**{**{n: getattr(result, n) for n in names}, **kwargs})


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionResult:
    """The recommendation and its reasons.

    Attributes:
        decision: ``"go"``, ``"no_go"`` or ``"extend"``.
        reasons: ``(code, params)`` pairs, the deciding rule first, then context.
        break_even_uplift: Break-even uplift used (in the good direction).
        probability_of_profit: Probability that the roll-out makes money (``nan`` when not judged).
    """

    decision: str
    reasons: tuple[tuple[str, dict[str, Any]], ...]
    readout: PilotReadout
    break_even_uplift: float
    probability_of_profit: float
    profit_threshold: float
    notes: tuple[str, ...] = ()


def _check_readout(r: PilotReadout) -> None:
    check_choice("direction", r.direction, DIRECTIONS)
    for name in ("effect_size", "effect_size_ci_lower", "effect_size_ci_upper"):
        value = getattr(r, name)
        if not (isinstance(value, int | float) and (math.isnan(value) or -1 <= value <= 1)):
            raise InputError(
                "difference_out_of_range",
                f"{name} must be a fraction between -1 and 1, got {value!r}.",
                field=name,
                value=value,
            )
    check_probability("alpha", r.alpha)
    check_int("n_control", r.n_control, minimum=0)
    check_int("n_treatment", r.n_treatment, minimum=0)
    if not math.isnan(r.pvalue):
        check_rate("pvalue", r.pvalue, allow_zero=True, allow_one=True)
    for name in ("planned_n_control", "planned_n_treatment"):
        if getattr(r, name) is not None:
            check_int(name, getattr(r, name), minimum=1)
    if r.effect_size_ci_lower > r.effect_size_ci_upper:
        raise InputError(
            "interval_reversed",
            f"effect_size_ci_lower ({r.effect_size_ci_lower:g}) must not exceed "
            f"effect_size_ci_upper ({r.effect_size_ci_upper:g}); swap them.",
            field="effect_size_ci_lower",
            value=r.effect_size_ci_lower,
            upper=r.effect_size_ci_upper,
        )


def _gate(r: PilotReadout, stopped: bool = False) -> tuple[str, dict[str, Any]] | None:
    """Rules 1–4: situations where the evidence cannot be used yet (4 not after a sequential stop)."""
    if r.n_control == 0:
        return "no_control", {}
    if any(math.isnan(x) for x in (r.effect_size, r.effect_size_ci_lower, r.effect_size_ci_upper)):
        return "no_estimate", {}
    if r.srm_flagged:
        return "srm", {}
    pc, pt = r.planned_n_control or 0, r.planned_n_treatment or 0
    if not stopped and (r.n_control < pc or r.n_treatment < pt):
        shares = [n / p for n, p in ((r.n_control, pc), (r.n_treatment, pt)) if p]
        return "sample_below_plan", {
            "reached_pct": min(shares),
            "n_control_count": r.n_control,
            "planned_control_count": pc or r.n_control,
            "n_treatment_count": r.n_treatment,
            "planned_treatment_count": pt or r.n_treatment,
        }
    return None


def _benefit_interval(r: PilotReadout) -> tuple[float, float, float]:
    u = beneficial_effect(r.effect_size, r.direction)
    lo, hi = sorted(
        (
            beneficial_effect(r.effect_size_ci_lower, r.direction),
            beneficial_effect(r.effect_size_ci_upper, r.direction),
        )
    )
    return u, lo, hi


def _probability(r: PilotReadout, u: float, lo: float, hi: float, u_star: float) -> float:
    level = r.confidence_level if r.confidence_level is not None else 1 - r.alpha
    se = std_error_from_interval(lo, hi, confidence_level=level)
    if se == 0:
        return 1.0 if u > u_star else (0.0 if u < u_star else 0.5)
    return NormalDist().cdf((u - u_star) / se)


def _significance(r: PilotReadout, lo: float, hi: float) -> tuple[bool, tuple[str, dict[str, Any]]]:
    if math.isnan(r.pvalue):
        excludes = lo > 0 or hi < 0
        return excludes, ("interval_excludes_zero" if excludes else "interval_includes_zero", {})
    significant = r.pvalue < r.alpha
    return significant, (
        "significant" if significant else "not_significant",
        {"pvalue_num": r.pvalue, "alpha_num": r.alpha},
    )


def _rule(
    u_star: float, lo: float, hi: float, significant: bool, u: float, prob: float, threshold: float
) -> tuple[str, str, dict[str, Any]]:
    """Rules 5–8 on the benefit interval."""
    base = {"ci_lower_pp": lo, "ci_upper_pp": hi, "break_even_pp": u_star}
    if lo > u_star:
        return "go", "ci_above_break_even", {"ci_lower_pp": lo, "break_even_pp": u_star}
    if hi < u_star:
        return "no_go", "ci_below_break_even", {"ci_upper_pp": hi, "break_even_pp": u_star}
    if significant and u > 0:
        params = {
            "ci_lower_pp": lo,
            "break_even_pp": u_star,
            "probability_prob": prob,
            "threshold_pct": threshold,
        }
        if prob >= threshold:
            return "go", "significant_probable_profit", params
        return "extend", "significant_uncertain_profit", params
    return "extend", "inconclusive", base


def recommend_rollout(
    readout: PilotReadout,
    *,
    break_even_uplift: float | None = None,
    probability_of_profit: float | None = None,
    projection: RolloutProjectionResult | None = None,
    profit_threshold: float = 0.8,
    sequential: SequentialState | None = None,
) -> DecisionResult:
    """Recommend go, no-go or extend-the-pilot from the readout and the economics (rules in the module doc).

    Args:
        readout: The pilot's effect, interval, p-value, sizes, SRM flag and direction.
        break_even_uplift: Roll-out break-even uplift ``u*`` in the good direction (from
            ``economics.break_even_uplift``); ignored when ``projection`` is given.
        probability_of_profit: Probability the roll-out makes money; computed when omitted.
        projection: An ``economics.project_rollout`` result: supplies ``u*``, the probability and the
            expected profit.
        profit_threshold: Minimum probability of profit to go when the lower bound is below break-even.
        sequential: The monitoring's last look (``rollout.monitoring.sequential_state``), if any.

    Returns:
        The decision with its reasons as ``(code, params)`` pairs (phrased by the catalogs).

    Examples:
        A 1.00 pp uplift (95 % interval 0.55 to 1.45 pp, p < 0.001) against a roll-out break-even of
        0.7875 pp: real, but the lower bound is below break-even; 82 % chance of profit ≥ 80 % → go,
        in stages.

        >>> r = PilotReadout(effect_size=0.01, effect_size_ci_lower=0.005456, effect_size_ci_upper=0.014544,
        ...                  pvalue=0.00002, n_control=5_000, n_treatment=20_000)
        >>> d = recommend_rollout(r, break_even_uplift=0.007875)
        >>> d.decision, d.reasons[0][0], round(d.probability_of_profit, 2)
        ('go', 'significant_probable_profit', 0.82)

    References:
        docs/formulas.md §2, §4, §6; CustomerTrigger [S14].
    """
    _check_readout(readout)
    threshold = check_probability("profit_threshold", profit_threshold)
    notes: list[tuple[str, dict[str, Any]]] = []
    if projection is not None:
        break_even_uplift, probability_of_profit = (
            projection.break_even_uplift,
            projection.probability_of_profit,
        )
    if break_even_uplift is None:
        break_even_uplift = 0.0
        notes.append(("no_economics", {}))
    u_star = float(break_even_uplift)
    stopped = sequential is not None and sequential.decision in ("benefit", "harm")
    gate = _gate(readout, stopped)
    prob = math.nan
    if gate is not None:
        decision, code, params = "extend", *gate
    else:
        u, lo, hi = _benefit_interval(readout)
        prob = (
            _probability(readout, u, lo, hi, u_star)
            if probability_of_profit is None
            else check_rate("probability_of_profit", probability_of_profit, allow_zero=True, allow_one=True)
        )
        significant, significance = _significance(readout, lo, hi)
        decision, code, params = _rule(u_star, lo, hi, significant, u, prob, threshold)
        notes = [
            ("effect", {"effect_pp": u, "ci_lower_pp": lo, "ci_upper_pp": hi}),
            significance,
            ("probability_of_profit", {"probability_prob": prob}),
            *notes,
        ]
        if projection is not None:
            notes.append(
                (
                    "expected_profit",
                    {
                        "profit_money": projection.expected_profit,
                        "profit_lower_money": projection.profit_ci_lower,
                        "profit_upper_money": projection.profit_ci_upper,
                    },
                )
            )
    reasons = ((code, params), *notes)
    if sequential is not None:
        decision, reasons = _sequential(readout, sequential, decision, reasons)
    return DecisionResult(
        decision=decision,
        reasons=reasons,
        readout=readout,
        break_even_uplift=u_star,
        probability_of_profit=prob,
        profit_threshold=threshold,
    )


def _sequential(
    r: PilotReadout, s: SequentialState, decision: str, reasons: tuple[tuple[str, dict[str, Any]], ...]
) -> tuple[str, tuple[tuple[str, dict[str, Any]], ...]]:
    """No go while the plan says continue below its sizes; say when the plan stopped the pilot early."""
    look = {"look_count": s.look, "information_pct": s.information_fraction}
    reached = r.n_control >= s.planned_n_control and r.n_treatment >= s.planned_n_treatment
    if s.decision == "continue" and not reached and decision == "go":
        return "extend", (("sequential_continue", look), *reasons)
    if s.decision in ("benefit", "harm") and not reached:
        return decision, (*reasons, ("sequential_stopped", look))
    return decision, reasons

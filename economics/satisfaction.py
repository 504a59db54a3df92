"""NPS (0–10) and ISN (Chilean 1–7 net satisfaction) with standard error and interval – never mixed.

Both are "net" scores in **points** (−100..+100): each answer scores +1 (promoter / satisfied), 0
(passive / neutral) or −1 (detractor / dissatisfied) and the score is 100 × their mean. With shares
``p₊`` and ``p₋`` the per-answer variance is ``σ² = p₊ + p₋ − (p₊ − p₋)²`` and ``SE = 100·√(σ²/n)``;
the interval is ``score ± z·SE`` (clipped to ±100). NPS and ISN have their own result types and
:func:`compare_nps` / :func:`compare_isn` refuse to compare one with the other.

References:
    docs/formulas.md §9 (NPS: Reichheld [S38]; SE [S41] [S42]) and §10 (ISN on 1–7: [S46] [S47] [S50]).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from numbers import Real

from economics._common import check_count, normal_cdf, z_two_sided
from planner_common import InputError, check_int

NPS_CUTOFFS = {"detractor_max": 6, "promoter_min": 9, "scale_min": 0, "scale_max": 10}


@dataclass(frozen=True, slots=True, kw_only=True)
class NPSResult:
    """Net Promoter Score (0–10 question; promoters 9–10, passives 7–8, detractors 0–6).

    Attributes:
        score: ``100 · (P − D) / n`` in points; ``nan`` with ``reason="no_answers"`` when n = 0.
        std_error, ci_lower, ci_upper: In points.
        reliable: ``False`` when n < 30 or any category has fewer than 5 answers ("IC no fiable").
        excluded: Answers left out (blank / "no sabe") when computed from raw scores.
    """

    promoters: int
    passives: int
    detractors: int
    n: int
    confidence_level: float
    score: float
    std_error: float
    ci_lower: float
    ci_upper: float
    reliable: bool
    reason: str | None
    excluded: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ISNResult:
    """Índice de Satisfacción Neta on a grade scale (Chile: 1–7; satisfied 6–7, dissatisfied 1–4).

    Attributes:
        score: ``100 · (satisfied − dissatisfied) / n`` in points (never comparable with an NPS).
        satisfied_min, dissatisfied_max, scale_min, scale_max: The cut-offs, to print beside the score.
        Other fields as in :class:`NPSResult`.
    """

    satisfied: int
    neutral: int
    dissatisfied: int
    n: int
    confidence_level: float
    satisfied_min: int
    dissatisfied_max: int
    scale_min: int
    scale_max: int
    score: float
    std_error: float
    ci_lower: float
    ci_upper: float
    reliable: bool
    reason: str | None
    excluded: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NetScoreDifferenceResult:
    """Difference ``first − second`` of two independent waves of the same score (NPS or ISN)."""

    kind: str
    first: float
    second: float
    difference: float
    std_error: float
    statistic: float
    pvalue: float
    ci_lower: float
    ci_upper: float
    confidence_level: float
    notes: tuple[str, ...] = ()


def _net_score(plus: int, zero: int, minus: int, confidence_level: float) -> dict:
    n, z = plus + zero + minus, z_two_sided(confidence_level)
    if n == 0:
        nan = math.nan
        return dict(
            n=0, score=nan, std_error=nan, ci_lower=nan, ci_upper=nan, reliable=False, reason="no_answers"
        )
    p, d = plus / n, minus / n
    se = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    score = 100 * (p - d)
    reliable = n >= 30 and min(plus, zero, minus) >= 5
    return dict(
        n=n,
        score=score,
        std_error=se,
        ci_lower=max(score - z * se, -100.0),
        ci_upper=min(score + z * se, 100.0),
        reliable=reliable,
        reason=None,
    )


def _notes(fields: dict) -> tuple[str, ...]:
    if fields["reason"]:
        return ("No answers: the score is undefined.",)
    if not fields["reliable"]:
        return ("Interval not reliable: fewer than 30 answers or a category with fewer than 5.",)
    return ()


def nps(promoters: int, passives: int, detractors: int, *, confidence_level: float = 0.95) -> NPSResult:
    """Net Promoter Score from counts, with standard error and interval (points, −100..+100).

    Args:
        promoters: Answers 9–10.
        passives: Answers 7–8.
        detractors: Answers 0–6.
        confidence_level: Level of the two-sided interval.

    Returns:
        The score with its uncertainty.

    Examples:
        400 answers: 200 promoters, 120 passives, 80 detractors → +30, SE 3.9, 95 % CI [+22.3 ; +37.7].

        >>> r = nps(200, 120, 80)
        >>> round(r.score, 1), round(r.std_error, 1), round(r.ci_lower, 1), round(r.ci_upper, 1)
        (30.0, 3.9, 22.3, 37.7)

    References:
        docs/formulas.md §9 (formulas 23–24, worked example); Reichheld [S38]; SE [S41] [S42].
    """
    p, s, d = (
        check_count("promoters", promoters),
        check_count("passives", passives),
        check_count("detractors", detractors),
    )
    fields = _net_score(p, s, d, confidence_level)
    return NPSResult(
        promoters=p,
        passives=s,
        detractors=d,
        confidence_level=float(confidence_level),
        notes=_notes(fields),
        **fields,
    )


def _is_missing(x: object) -> bool:
    return x is None or (isinstance(x, Real) and math.isnan(float(x)))


def _check_grade(x: object, low: int, high: int, field: str) -> float:
    if isinstance(x, bool) or not isinstance(x, Real) or not low <= float(x) <= high:
        raise InputError(
            "bad_score",
            f"{field} must be between {low} and {high}, got {x!r}.",
            field=field,
            value=x,
            minimum=low,
            maximum=high,
        )
    return float(x)


def nps_from_scores(scores: Iterable[object], *, confidence_level: float = 0.95) -> NPSResult:
    """NPS from raw 0–10 answers; blanks (``None`` / NaN, "no sabe") are excluded and counted.

    Raises:
        InputError: ``bad_score`` for an answer outside 0–10 or not a whole number.

    Examples:
        >>> r = nps_from_scores([10, 9, 8, 7, 6, 0, None])
        >>> r.promoters, r.passives, r.detractors, r.excluded, round(r.score, 1)
        (2, 2, 2, 1, 0.0)

    References:
        docs/formulas.md §9 (definition: promoters 9–10, passives 7–8, detractors 0–6).
    """
    counts, excluded = [0, 0, 0], 0
    for x in scores:
        if _is_missing(x):
            excluded += 1
            continue
        v = _check_grade(x, 0, 10, "score")
        if not v.is_integer():
            raise InputError(
                "bad_score",
                f"score must be a whole number from 0 to 10, got {x!r}.",
                field="score",
                value=x,
                minimum=0,
                maximum=10,
            )
        counts[0 if v >= 9 else (1 if v >= 7 else 2)] += 1
    r = nps(*counts, confidence_level=confidence_level)
    return replace(r, excluded=excluded)


def _check_cutoffs(satisfied_min: int, dissatisfied_max: int, scale_min: int, scale_max: int) -> None:
    values = [
        check_int(k, v, minimum=-1000)
        for k, v in (
            ("scale_min", scale_min),
            ("dissatisfied_max", dissatisfied_max),
            ("satisfied_min", satisfied_min),
            ("scale_max", scale_max),
        )
    ]
    if not (values[0] <= values[1] < values[2] <= values[3]):
        raise InputError(
            "bad_cutoffs",
            f"cut-offs must satisfy scale_min ≤ dissatisfied_max < satisfied_min ≤ scale_max, "
            f"got {scale_min} ≤ {dissatisfied_max} < {satisfied_min} ≤ {scale_max}.",
            field="satisfied_min",
            value=satisfied_min,
        )


def isn(
    satisfied: int,
    neutral: int,
    dissatisfied: int,
    *,
    confidence_level: float = 0.95,
    satisfied_min: int = 6,
    dissatisfied_max: int = 4,
    scale_min: int = 1,
    scale_max: int = 7,
) -> ISNResult:
    """Índice de Satisfacción Neta from counts: % satisfied − % dissatisfied, in points.

    Args:
        satisfied: Answers at or above ``satisfied_min`` (Chile: grades 6–7).
        neutral: Answers strictly between the cut-offs (grade 5).
        dissatisfied: Answers at or below ``dissatisfied_max`` (grades 1–4).
        confidence_level: Level of the two-sided interval.
        satisfied_min, dissatisfied_max, scale_min, scale_max: The scale and cut-offs (echoed).

    Returns:
        The ISN with its uncertainty and cut-offs.

    Examples:
        500 answers: 310 with 6–7, 90 with 5, 100 with 1–4 → +42, 95 % CI [+35.0 ; +49.0].

        >>> r = isn(310, 90, 100)
        >>> round(r.score, 1), round(r.ci_lower, 1), round(r.ci_upper, 1)
        (42.0, 35.0, 49.0)

    References:
        docs/formulas.md §10 (formula 25, worked example); eAlicia [S46]; IPS Chile [S47].
    """
    _check_cutoffs(satisfied_min, dissatisfied_max, scale_min, scale_max)
    s, u, d = (
        check_count("satisfied", satisfied),
        check_count("neutral", neutral),
        check_count("dissatisfied", dissatisfied),
    )
    fields = _net_score(s, u, d, confidence_level)
    return ISNResult(
        satisfied=s,
        neutral=u,
        dissatisfied=d,
        confidence_level=float(confidence_level),
        satisfied_min=satisfied_min,
        dissatisfied_max=dissatisfied_max,
        scale_min=scale_min,
        scale_max=scale_max,
        notes=_notes(fields),
        **fields,
    )


def isn_from_grades(
    grades: Iterable[object],
    *,
    confidence_level: float = 0.95,
    satisfied_min: int = 6,
    dissatisfied_max: int = 4,
    scale_min: int = 1,
    scale_max: int = 7,
) -> ISNResult:
    """ISN from raw grades; blanks excluded and counted; half grades round half up (5.5 → 6).

    Raises:
        InputError: ``bad_score`` for a grade outside the scale; ``bad_cutoffs`` for inconsistent cut-offs.

    Examples:
        >>> r = isn_from_grades([7, 6, 5.5, 5, 4, 1, None])
        >>> r.satisfied, r.neutral, r.dissatisfied, r.excluded
        (3, 1, 2, 1)

    References:
        docs/formulas.md §10 (edge cases: exclusions, a documented rounding rule for half grades).
    """
    _check_cutoffs(satisfied_min, dissatisfied_max, scale_min, scale_max)
    counts, excluded = [0, 0, 0], 0
    for x in grades:
        if _is_missing(x):
            excluded += 1
            continue
        g = math.floor(_check_grade(x, scale_min, scale_max, "grade") + 0.5)
        counts[0 if g >= satisfied_min else (2 if g <= dissatisfied_max else 1)] += 1
    r = isn(
        *counts,
        confidence_level=confidence_level,
        satisfied_min=satisfied_min,
        dissatisfied_max=dissatisfied_max,
        scale_min=scale_min,
        scale_max=scale_max,
    )
    return replace(r, excluded=excluded)


def _compare(
    kind: str, a: NPSResult | ISNResult, b: NPSResult | ISNResult, confidence_level: float
) -> NetScoreDifferenceResult:
    diff = a.score - b.score
    se = math.hypot(a.std_error, b.std_error)
    stat = diff / se if se > 0 else math.nan
    p = 2 * (1 - normal_cdf(abs(stat))) if se > 0 else math.nan
    half = z_two_sided(confidence_level) * se
    return NetScoreDifferenceResult(
        kind=kind,
        first=a.score,
        second=b.score,
        difference=diff,
        std_error=se,
        statistic=stat,
        pvalue=p,
        ci_lower=diff - half,
        ci_upper=diff + half,
        confidence_level=float(confidence_level),
    )


def _refuse_mixed(expected: type, *results: object) -> None:
    for r in results:
        if not isinstance(r, expected):
            raise InputError(
                "mixed_scores",
                f"cannot compare {type(r).__name__} with {expected.__name__}: NPS (0–10) and "
                "ISN (1–7) measure different things.",
                field="second",
                value=type(r).__name__,
            )


def compare_nps(
    first: NPSResult, second: NPSResult, *, confidence_level: float = 0.95
) -> NetScoreDifferenceResult:
    """Difference of two independent NPS waves, ``SE = √(SE₁² + SE₂²)``, with a two-sided z test.

    Examples:
        +30 vs +20 on 400 answers each: SE 5.6, z 1.77 – not significant at 95 %.

        >>> d = compare_nps(nps(200, 120, 80), nps(180, 120, 100))
        >>> round(d.difference), round(d.std_error, 1), round(d.statistic, 2), d.pvalue > 0.05
        (10, 5.6, 1.77, True)

    References:
        docs/formulas.md §9 (two waves).
    """
    _refuse_mixed(NPSResult, first, second)
    return _compare("nps", first, second, confidence_level)


def compare_isn(
    first: ISNResult, second: ISNResult, *, confidence_level: float = 0.95
) -> NetScoreDifferenceResult:
    """Difference of two independent ISN waves (same cut-offs required).

    Examples:
        >>> round(compare_isn(isn(310, 90, 100), isn(300, 100, 100)).difference)
        2

    References:
        docs/formulas.md §10 (same algebra as NPS).
    """
    _refuse_mixed(ISNResult, first, second)
    if (first.satisfied_min, first.dissatisfied_max) != (second.satisfied_min, second.dissatisfied_max):
        raise InputError(
            "mixed_scores",
            "the two ISN waves use different cut-offs and cannot be compared.",
            field="second",
            value="ISNResult",
        )
    return _compare("isn", first, second, confidence_level)

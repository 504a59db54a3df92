"""Survey planning for NPS / ISN: answers needed for a margin of error, and invitations to send.

Answers needed for a margin of error ``E`` (points): ``n = z² · σ² / (E/100)²`` with ``σ²`` the
per-answer variance of the ±1 score (worst case 1, typical 0.5–0.7), then the finite-population
correction ``n' = n / (1 + (n − 1)/N_pop)`` for a small customer base. Invitations = answers needed /
survey response rate (completed / invited). The default response rates below come from the project's
source blog, attributed there to Satmetrix, and could not be traced to a primary source: they are
editable defaults labelled "referencia del blog", not facts. Low response rates add non-response bias,
which no sample size fixes.

References:
    docs/formulas.md §9 (sample size, FPC, survey response rate, worked examples); Genroe [S42];
    Delighted [S43].
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from economics._common import check_number, z_two_sided
from economics.satisfaction import ISNResult, NPSResult
from planner_common import InputError, check_choice, check_int, check_rate

AUDIENCES = ("b2b", "b2c")
SURVEY_KINDS = ("relational", "transactional")
SURVEY_RESPONSE_RATE_SOURCE = "referencia del blog"
SURVEY_RESPONSE_RATE_DEFAULTS: Mapping[tuple[str, str], float] = MappingProxyType(
    {
        ("b2b", "relational"): 0.32,
        ("b2c", "relational"): 0.13,
        ("b2b", "transactional"): 0.23,
        ("b2c", "transactional"): 0.16,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SurveySampleSizeResult:
    """Answers needed for an NPS / ISN margin of error.

    Attributes:
        n: Answers needed (rounded up; after the finite-population correction when ``population``).
        n_infinite: Unrounded ``z² σ² / E²`` before the correction.
    """

    margin_of_error: float
    variance: float
    confidence_level: float
    population: int | None
    n_infinite: float
    n: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SurveyInvitationsResult:
    """Invitations needed for a number of completed answers.

    Attributes:
        invitations: Invitations to send, rounded up so the expected answers reach the target.
        invitations_exact: ``responses_needed / response_rate`` before rounding.
        response_rate: Completed / invited rate used.
        source: ``"user"`` when typed, else ``SURVEY_RESPONSE_RATE_SOURCE`` ("referencia del blog").
    """

    responses_needed: int
    response_rate: float
    audience: str | None
    survey: str | None
    source: str
    invitations_exact: float
    invitations: int
    notes: tuple[str, ...] = ()


def score_variance(positive_share: float, negative_share: float) -> float:
    """Per-answer variance of a net score: ``p₊ + p₋ − (p₊ − p₋)²`` (use a past wave's shares).

    Examples:
        50 % promoters and 20 % detractors: 0.61.

        >>> round(score_variance(0.5, 0.2), 2)
        0.61

    References:
        docs/formulas.md §9 (standard error).
    """
    p = check_rate("positive_share", positive_share, allow_zero=True, allow_one=True)
    d = check_rate("negative_share", negative_share, allow_zero=True, allow_one=True)
    if p + d > 1:
        raise InputError(
            "shares_exceed_one",
            f"positive_share + negative_share must not exceed 1, got {p:g} + {d:g}.",
            field="negative_share",
            value=d,
        )
    return p + d - (p - d) ** 2


def wave_variance(result: NPSResult | ISNResult) -> float:
    """Per-answer variance of a measured NPS or ISN wave, to size the next survey.

    The wave's shares of promoters (satisfied) and detractors (dissatisfied) go into
    :func:`score_variance`.

    Examples:
        Last wave: 200 promoters, 120 passives, 80 detractors (NPS +30): σ² = 0.61.

        >>> from economics import nps
        >>> round(wave_variance(nps(200, 120, 80)), 2)
        0.61

    References:
        docs/formulas.md §9 (standard error from the shares of the last wave).
    """
    if isinstance(result, NPSResult):
        positive, negative = result.promoters, result.detractors
    else:
        positive, negative = result.satisfied, result.dissatisfied
    n = check_int("n", result.n, minimum=1)
    return score_variance(positive / n, negative / n)


def survey_sample_size(
    margin_of_error: float,
    *,
    variance: float = 1.0,
    confidence_level: float = 0.95,
    population: int | None = None,
) -> SurveySampleSizeResult:
    """Answers needed so an NPS or ISN interval is ± ``margin_of_error`` points.

    Args:
        margin_of_error: Half-width of the interval, in points (5 means ±5 points).
        variance: Per-answer variance σ² of the ±1 score, in (0, 1]; 1 is the worst case.
        confidence_level: Level of the interval.
        population: Customers who could answer; applies the finite-population correction.

    Returns:
        The answers needed.

    Examples:
        ±5 points: 1 537 answers in the worst case, 922 with σ² = 0.6; 779 out of 5 000 customers.

        >>> survey_sample_size(5).n, survey_sample_size(5, variance=0.6).n
        (1537, 922)
        >>> survey_sample_size(5, variance=0.6, population=5_000).n
        779

    References:
        docs/formulas.md §9 (sample size for a margin of error; FPC).
    """
    e = check_number("margin_of_error", margin_of_error)
    if not 0 < e <= 100:
        raise InputError(
            "margin_out_of_range",
            f"margin_of_error is in points and must be between 0 and 100, got {margin_of_error}.",
            field="margin_of_error",
            value=margin_of_error,
        )
    v = check_rate("variance", variance, allow_one=True)
    n0 = z_two_sided(confidence_level) ** 2 * v / (e / 100) ** 2
    n_adj, notes = n0, tuple[str, ...]()
    if population is not None:
        pop = check_int("population", population, minimum=1)
        n_adj = min(n0 / (1 + (n0 - 1) / pop), pop)
        if n_adj / pop > 0.5:
            notes = ("More than half of the customers must answer: consider surveying everyone.",)
    return SurveySampleSizeResult(
        margin_of_error=e,
        variance=v,
        confidence_level=float(confidence_level),
        population=population,
        n_infinite=n0,
        n=math.ceil(n_adj - 1e-9),
        notes=notes,
    )


def survey_invitations(
    responses_needed: int,
    *,
    response_rate: float | None = None,
    audience: str | None = None,
    survey: str | None = None,
    defaults: Mapping[tuple[str, str], float] = SURVEY_RESPONSE_RATE_DEFAULTS,
) -> SurveyInvitationsResult:
    """Invitations to send for ``responses_needed`` completed answers.

    Args:
        responses_needed: Completed answers wanted.
        response_rate: Completed / invited, if known; otherwise looked up in ``defaults``.
        audience: ``"b2b"`` or ``"b2c"`` (for the default).
        survey: ``"relational"`` or ``"transactional"`` (for the default).
        defaults: Editable default response rates keyed by ``(audience, survey)``.

    Returns:
        Invitations (rounded up) and the rate's source.

    Examples:
        922 answers from a B2C relational survey at the blog's 13 %: about 7 092 (send 7 093);
        from a B2B relational one at 32 %: about 2 881 (send 2 882).

        >>> r = survey_invitations(922, audience="b2c", survey="relational")
        >>> round(r.invitations_exact), r.invitations, r.source
        (7092, 7093, 'referencia del blog')
        >>> round(survey_invitations(922, response_rate=0.32).invitations_exact)
        2881

    References:
        docs/formulas.md §9 (survey response rate; blog figures attributed to Satmetrix, unverified).
    """
    n = check_int("responses_needed", responses_needed, minimum=1)
    notes = ["Low response rates add non-response bias, which no sample size fixes."]
    if response_rate is None:
        key = (check_choice("audience", audience, AUDIENCES), check_choice("survey", survey, SURVEY_KINDS))
        rate, source = defaults[key], SURVEY_RESPONSE_RATE_SOURCE
        notes.append(
            "Default response rate from the project's source blog (attributed to Satmetrix, not "
            "found in a primary source): replace it with your own."
        )
    else:
        rate, source = response_rate, "user"
    rate = check_rate("response_rate", rate, allow_one=True)
    exact = n / rate
    return SurveyInvitationsResult(
        responses_needed=n,
        response_rate=rate,
        audience=audience,
        survey=survey,
        source=source,
        invitations_exact=exact,
        invitations=math.ceil(exact - 1e-9),
        notes=tuple(notes),
    )

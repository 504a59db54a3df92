"""Difference of two response rates: tests (z, Fisher, Yates chi-square) and intervals.

The effect is ``treatment - control`` in rate units (0.01 = one percentage point). Tests:

* ``"z"`` – pooled score test, identical to R ``prop.test(correct = FALSE)`` (``statistic`` = z);
* ``"chi2-yates"`` – Yates-corrected chi-square, identical to R ``prop.test(correct = TRUE)`` and
  ``chisq.test(correct = TRUE)`` (``statistic`` = X²; one-sided p-values from ``sign(d) * sqrt(X²)``);
* ``"fisher"`` – Fisher's exact test, identical to R ``fisher.test`` (two-sided p-value sums the tables
  no more likely than the observed one, relative tolerance 1e-7; ``statistic`` = conditional MLE odds
  ratio, R's ``estimate``).

Intervals for the difference: ``"newcombe"`` (hybrid Wilson score, Newcombe 1998 method 10),
``"wald"`` (R ``prop.test(correct = FALSE)``'s interval, clipped to [-1, 1]) and ``"agresti-caffo"``
(one success and one failure added to each arm). The relative lift's interval is the log-ratio (Katz)
interval ``exp(ln(p_T/p_C) ± z·sqrt(1/x_T - 1/n_T + 1/x_C - 1/n_C)) - 1``; when an arm responded 100 %
(a zero cell, where that formula collapses to zero width) 0.5 is added to every cell first (Pettigrew,
Gart & Thomas 1986), which restores ≥ 95 % coverage near the boundary (docs/validation.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from experiments.analysis._common import (
    bounds,
    check_test_options,
    chi2_sf,
    critical,
    log_ratio,
    pvalue,
    safe_div,
)
from experiments.analysis._fisher import fisher_pvalue, odds_ratio
from experiments.analysis.notes import Note
from experiments.analysis.stats import ArmCounts
from planner_common import InputError, check_choice

TESTS = ("z", "fisher", "chi2-yates")
CI_METHODS = ("newcombe", "wald", "agresti-caffo")
MIN_CUSTOMERS, MIN_RESPONDERS = 100, 25


@dataclass(frozen=True, slots=True, kw_only=True)
class ProportionsResult:
    """Comparison of two response rates.

    Attributes:
        control, treatment: Response rates of the arms (fractions).
        effect_size, effect_size_ci_lower, effect_size_ci_upper: ``treatment - control`` and its interval.
        rel_effect_size, rel_effect_size_ci_lower, rel_effect_size_ci_upper: ``treatment / control - 1``
            and its log-ratio interval (``nan`` when the control has no responders).
        pvalue, statistic: Of the chosen ``test`` (z, X² or the conditional MLE odds ratio).
        std_error: Unpooled standard error of the difference (weights segments in heterogeneity tests).
        successes_control, n_control, successes_treatment, n_treatment: The counts compared.
        alpha, alternative, test, ci_method: Echoed options.
        notes: Caveats (small counts, zero responders, ...).
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
    statistic: float
    std_error: float
    successes_control: int
    n_control: int
    successes_treatment: int
    n_treatment: int
    alpha: float
    alternative: str
    test: str
    ci_method: str
    notes: tuple[str, ...] = ()


def compare_proportions(
    control: ArmCounts,
    treatment: ArmCounts,
    *,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    test: str = "z",
    ci_method: str = "newcombe",
) -> ProportionsResult:
    """Compare the treated arm's response rate with the control's.

    Args:
        control: Responders and customers of the control group.
        treatment: Responders and customers of the treated group.
        alpha: 1 - confidence level of the intervals; significance level of the test.
        alternative: ``"two-sided"``, ``"greater"`` (treatment > control) or ``"less"``.
        test: ``"z"`` (default), ``"fisher"`` or ``"chi2-yates"``.
        ci_method: Interval for the difference: ``"newcombe"`` (default), ``"wald"``, ``"agresti-caffo"``.

    Returns:
        A :class:`ProportionsResult`.

    Raises:
        InputError: An arm has no customers (code ``empty_arm``), or an option is unknown.

    Examples:
        A mailing reached 20 000 customers (600 responded); 5 000 held-out customers gave 100:

        >>> r = compare_proportions(ArmCounts(100, 5_000), ArmCounts(600, 20_000))
        >>> round(r.effect_size, 4), round(r.statistic, 2), round(r.pvalue, 5)   # pooled z test
        (0.01, 3.83, 0.00013)
        >>> round(r.effect_size / r.std_error, 2)                              # unpooled (Wald) z
        4.31
        >>> round(r.effect_size_ci_lower, 4), round(r.effect_size_ci_upper, 4)   # Newcombe
        (0.0052, 0.0143)
        >>> round(r.rel_effect_size_ci_lower, 3), round(r.rel_effect_size_ci_upper, 3)
        (0.217, 0.849)

    References:
        Newcombe (1998), Statistics in Medicine 17:873-890; Agresti & Caffo (2000), The American
        Statistician 54:280-288; Katz et al. (1978), Biometrics 34:469-474; R ``prop.test``,
        ``chisq.test``, ``fisher.test``.
    """
    alpha, alternative = check_test_options(alpha, alternative)
    test = check_choice("test", test, TESTS)
    ci_method = check_choice("ci_method", ci_method, CI_METHODS)
    control, treatment = _arm("control", control), _arm("treatment", treatment)
    lower, upper = _INTERVALS[ci_method](control, treatment, alpha, alternative)
    statistic, p = _TESTS[test](control, treatment, alternative)
    rel, rel_lower, rel_upper = _relative(control, treatment, alpha, alternative)
    return ProportionsResult(
        control=control.rate,
        treatment=treatment.rate,
        effect_size=treatment.rate - control.rate,
        effect_size_ci_lower=lower,
        effect_size_ci_upper=upper,
        rel_effect_size=rel,
        rel_effect_size_ci_lower=rel_lower,
        rel_effect_size_ci_upper=rel_upper,
        pvalue=p,
        statistic=statistic,
        std_error=_wald_se(control, treatment),
        successes_control=control.successes,
        n_control=control.trials,
        successes_treatment=treatment.successes,
        n_treatment=treatment.trials,
        alpha=alpha,
        alternative=alternative,
        test=test,
        ci_method=ci_method,
        notes=_notes(control, treatment, test),
    )


def _arm(name: str, arm: object) -> ArmCounts:
    if not isinstance(arm, ArmCounts):
        raise InputError(
            "bad_arm", f"{name} must be ArmCounts(successes, trials), got {arm!r}.", field=name, value=arm
        )
    if arm.trials == 0:
        raise InputError(
            "empty_arm",
            f"The {name} group has no customers: there is nothing to compare "
            "against, so no incremental effect can be measured.",
            field=name,
            value=0,
        )
    return arm


# ---------------------------------------------------------------- intervals --------------------------


def _wald_se(c: ArmCounts, t: ArmCounts) -> float:
    return math.sqrt(t.rate * (1 - t.rate) / t.trials + c.rate * (1 - c.rate) / c.trials)


def _wald(c: ArmCounts, t: ArmCounts, alpha: float, alternative: str) -> tuple[float, float]:
    lower, upper = bounds(t.rate - c.rate, _wald_se(c, t), alpha, alternative, edge=1.0)
    return max(lower, -1.0), min(upper, 1.0)


def _agresti_caffo(c: ArmCounts, t: ArmCounts, alpha: float, alternative: str) -> tuple[float, float]:
    return _wald(
        ArmCounts(c.successes + 1, c.trials + 2), ArmCounts(t.successes + 1, t.trials + 2), alpha, alternative
    )


def wilson(arm: ArmCounts, z: float) -> tuple[float, float]:
    """Wilson score interval of one rate at the normal quantile ``z``.

    Examples:
        >>> [round(v, 5) for v in wilson(ArmCounts(100, 5_000), 1.959963984540054)]
        [0.01647, 0.02428]

    References:
        Wilson (1927), JASA 22:209-212.
    """
    x, n = arm.successes, arm.trials
    centre = (x + z * z / 2) / (n + z * z)
    half = z * math.sqrt(x * (n - x) / n + z * z / 4) / (n + z * z)
    return centre - half, centre + half


def _newcombe(c: ArmCounts, t: ArmCounts, alpha: float, alternative: str) -> tuple[float, float]:
    z = critical(alpha, alternative)
    (lc, uc), (lt, ut) = wilson(c, z), wilson(t, z)
    d = t.rate - c.rate
    lower = d - math.hypot(t.rate - lt, uc - c.rate)
    upper = d + math.hypot(ut - t.rate, c.rate - lc)
    return (-1.0 if alternative == "less" else lower), (1.0 if alternative == "greater" else upper)


_INTERVALS = {"newcombe": _newcombe, "wald": _wald, "agresti-caffo": _agresti_caffo}


def _relative(c: ArmCounts, t: ArmCounts, alpha: float, alternative: str) -> tuple[float, float, float]:
    """Relative lift and its Katz interval; when an arm responded 100 % (a zero cell) the interval uses
    the counts with 0.5 added to every cell, so it keeps an honest width instead of collapsing."""
    rel = log_ratio(t.rate, c.rate, _katz_se(c, t), alpha, alternative)[0]
    defined = c.successes > 0 and t.successes > 0
    full = defined and (c.successes == c.trials or t.successes == t.trials)
    cc, tt = (_haldane(arm) if full else arm for arm in (c, t))
    _, lower, upper = log_ratio(_rate(tt), _rate(cc), _katz_se(cc, tt), alpha, alternative)
    return rel, lower, upper


def _haldane(arm: ArmCounts) -> tuple[float, float]:
    """(successes + 0.5, trials + 1): 0.5 added to both cells of the arm."""
    return arm.successes + 0.5, arm.trials + 1.0


def _rate(arm: ArmCounts | tuple[float, float]) -> float:
    return arm.rate if isinstance(arm, ArmCounts) else arm[0] / arm[1]


def _katz_se(c: ArmCounts | tuple[float, float], t: ArmCounts | tuple[float, float]) -> float:
    (x_c, n_c), (x_t, n_t) = (
        (arm.successes, arm.trials) if isinstance(arm, ArmCounts) else arm for arm in (c, t)
    )
    if x_c == 0 or x_t == 0:
        return math.nan
    return math.sqrt(1 / x_t - 1 / n_t + 1 / x_c - 1 / n_c)


# ---------------------------------------------------------------- tests ------------------------------


def _z_test(c: ArmCounts, t: ArmCounts, alternative: str) -> tuple[float, float]:
    pooled = (c.successes + t.successes) / (c.trials + t.trials)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / c.trials + 1 / t.trials))
    z = safe_div(t.rate - c.rate, se0)
    return z, pvalue(z, alternative)


def _yates_test(c: ArmCounts, t: ArmCounts, alternative: str) -> tuple[float, float]:
    delta = t.rate - c.rate
    inv = 1 / c.trials + 1 / t.trials
    yates = min(0.5, abs(delta) / inv)
    pooled = (c.successes + t.successes) / (c.trials + t.trials)
    observed = np.array([[t.successes, t.trials - t.successes], [c.successes, c.trials - c.successes]])
    expected = np.outer([t.trials, c.trials], [pooled, 1 - pooled])
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = float(np.sum((np.abs(observed - expected) - yates) ** 2 / expected))
    if alternative == "two-sided":
        return x2, (chi2_sf(x2, 1) if x2 == x2 else math.nan)
    return x2, pvalue(math.copysign(math.sqrt(x2), delta) if x2 == x2 else math.nan, alternative)


def _fisher_test(c: ArmCounts, t: ArmCounts, alternative: str) -> tuple[float, float]:
    table = [[t.successes, t.trials - t.successes], [c.successes, c.trials - c.successes]]
    good = t.successes + c.successes
    p = fisher_pvalue(t.successes, good, t.trials + c.trials - good, t.trials, alternative)
    return odds_ratio(table), p


_TESTS = {"z": _z_test, "chi2-yates": _yates_test, "fisher": _fisher_test}


# ---------------------------------------------------------------- notes ------------------------------


def _notes(c: ArmCounts, t: ArmCounts, test: str) -> tuple[str, ...]:
    notes = []
    pooled = (c.successes + t.successes) / (c.trials + t.trials)
    smallest = min(c.trials, t.trials) * min(pooled, 1 - pooled)
    if test != "fisher" and smallest < 5:
        notes.append(Note.make("fisher_suggested", expected=smallest))
    if c.successes == 0:
        notes.append(Note.make("zero_control_responders", n=c.trials, bound=3 / c.trials))
    if t.successes == 0:
        notes.append(Note.make("zero_treatment_responders"))
    customers, responders = min(c.trials, t.trials), min(c.successes, t.successes)
    if customers < MIN_CUSTOMERS or responders < MIN_RESPONDERS:
        notes.append(
            Note.make(
                "insufficient_data",
                min_customers=MIN_CUSTOMERS,
                min_responders=MIN_RESPONDERS,
                customers=customers,
                responders=responders,
            )
        )
    return tuple(notes)

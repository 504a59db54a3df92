"""The Test & Roll decision rule next to the frequentist verdict, with the reason they may differ.

References:
    Feit & Berman (2019), "Test & Roll: Profit-Maximizing A/B Tests", Marketing Science 38:1038-1058, §2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner_common import check_finite, check_probability, check_pvalue

if TYPE_CHECKING:
    from experiments.analysis.bayes import BayesReadoutResult

__all__ = ["DecisionRulesResult", "compare_decision_rules"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRulesResult:
    """The Test & Roll rule next to the frequentist verdict.

    Attributes:
        test_and_roll_choice, frequentist_choice: ``"treatment"`` (roll out) or ``"control"`` (keep).
        agree: Whether both rules pick the same arm.
        reason: ``"agree"``, ``"not_significant"`` (the rule rolls out a non-significant winner),
            ``"not_profitable"`` (significant, but the rule's money figures say keep the control) or
            ``"prior"`` (the prior moved the posterior mean against the observed difference).
        pvalue, alpha: Echoed.
        notes: The explanation in plain English.
    """

    test_and_roll_choice: str
    frequentist_choice: str
    agree: bool
    reason: str
    pvalue: float
    alpha: float
    notes: tuple[str, ...] = ()


_WHY = {
    "agree": "Both rules pick the same arm.",
    "not_significant": "The pilot's winner is not statistically significant, so the frequentist verdict "
    "keeps the control; Test & Roll rolls out the arm more likely to earn more, because "
    "picking wrongly between close arms costs little and a larger pilot costs more.",
    "not_profitable": "The lift is significant, but after costs the roll-out is not expected to make "
    "money, so Test & Roll keeps the control.",
    "prior": "The prior pulls the posterior against the observed difference, so the two rules differ.",
}


def compare_decision_rules(
    result: BayesReadoutResult, *, pvalue: float, alpha: float = 0.05, observed_effect: float | None = None
) -> DecisionRulesResult:
    """Put the Test & Roll rule next to the frequentist verdict, with why they may differ.

    Args:
        result: The Bayesian readout.
        pvalue: P-value of the frequentist test of the same metric.
        alpha: Its significance level.
        observed_effect: The frequentist estimate of treatment − control (default: the posterior's).

    Returns:
        :class:`DecisionRulesResult`.

    Examples:
        A 0.2-point lift with p = 0.21: not significant, but the rule still rolls out the treatment:

        >>> from experiments.analysis.bayes import bayes_compare_proportions
        >>> r = bayes_compare_proportions((300, 10_000), (320, 10_000))
        >>> d = compare_decision_rules(r, pvalue=0.41)
        >>> d.test_and_roll_choice, d.frequentist_choice, d.reason
        ('treatment', 'control', 'not_significant')

    References:
        Feit & Berman (2019), §2 (hypothesis tests versus profit-maximising decisions).
    """
    p = check_pvalue("pvalue", pvalue)
    a = check_probability("alpha", alpha)
    effect = (
        result.effect_size if observed_effect is None else check_finite("observed_effect", observed_effect)
    )
    good = effect > 0 if result.direction == "increase" else effect < 0
    frequentist = "treatment" if p < a and good else "control"
    bayes = result.rollout_choice
    if bayes == frequentist:
        reason = "agree"
    elif bayes == "treatment":
        reason = "not_significant" if good else "prior"
    else:
        reason = "not_profitable" if not math.isnan(result.expected_incremental_profit) else "prior"
    return DecisionRulesResult(
        test_and_roll_choice=bayes,
        frequentist_choice=frequentist,
        agree=bayes == frequentist,
        reason=reason,
        pvalue=p,
        alpha=a,
        notes=(_WHY[reason],),
    )

"""Pilot analysis: sufficient statistics, effects, intervals, tests, SRM, CUPED, Bayes.

Names are imported lazily on first use (PEP 562), so ``import experiments.design.assignment``
or a benchmark does not pay for scipy and statsmodels until it needs them.
"""

from __future__ import annotations

from planner_common.lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "BayesReadoutResult": "experiments.analysis.bayes",
    "Capping": "experiments.analysis.capping",
    "DecisionRulesResult": "experiments.analysis.decision_rules",
    "bayes_compare_effect": "experiments.analysis.bayes",
    "bayes_compare_means": "experiments.analysis.bayes",
    "bayes_compare_proportions": "experiments.analysis.bayes",
    "compare_decision_rules": "experiments.analysis.decision_rules",
    "CupedResult": "experiments.analysis.cuped",
    "compare_means_cuped": "experiments.analysis.cuped",
    "HeterogeneityResult": "experiments.analysis.heterogeneity",
    "cochran_q": "experiments.analysis.heterogeneity",
    "MeansResult": "experiments.analysis.means",
    "compare_means": "experiments.analysis.means",
    "Mean": "experiments.analysis.metric_mean",
    "MetricResult": "experiments.analysis.metric_result",
    "Proportion": "experiments.analysis.metrics",
    "RatioOfMeans": "experiments.analysis.metric_ratio",
    "adjust_pvalues": "experiments.analysis.multiplicity",
    "Note": "experiments.analysis.notes",
    "PilotResult": "experiments.analysis.pilot",
    "analyze_pilot": "experiments.analysis.pilot",
    "ProportionsResult": "experiments.analysis.proportions",
    "compare_proportions": "experiments.analysis.proportions",
    "RatioResult": "experiments.analysis.ratio",
    "compare_ratios": "experiments.analysis.ratio",
    "SampleRatioResult": "experiments.analysis.srm",
    "sample_ratio_test": "experiments.analysis.srm",
    "ArmCounts": "experiments.analysis.stats",
    "ArmMoments": "experiments.analysis.stats",
    "ArmStats": "experiments.analysis.stats",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

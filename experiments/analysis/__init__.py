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
    "ConditionalPowerResult": "experiments.analysis.sequential_outlook",
    "conditional_power": "experiments.analysis.sequential_outlook",
    "analyze_counts": "experiments.analysis.counts",
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
    "MetricMonitor": "experiments.analysis.monitor",
    "MonitorResult": "experiments.analysis.monitor",
    "monitor_pilot": "experiments.analysis.monitor",
    "monitor_counts": "experiments.analysis.monitor_typed",
    "Note": "experiments.analysis.notes",
    "PilotResult": "experiments.analysis.pilot",
    "analyze_pilot": "experiments.analysis.pilot",
    "planned_control_share": "experiments.analysis.planned_split",
    "planned_weights": "experiments.analysis.planned_split",
    "ProportionsResult": "experiments.analysis.proportions",
    "compare_proportions": "experiments.analysis.proportions",
    "ConfidenceSequenceResult": "experiments.analysis.sequential",
    "GroupSequentialLook": "experiments.analysis.sequential",
    "GroupSequentialResult": "experiments.analysis.sequential",
    "confidence_sequence": "experiments.analysis.sequential",
    "group_sequential_test": "experiments.analysis.sequential",
    "RatioResult": "experiments.analysis.ratio",
    "compare_ratios": "experiments.analysis.ratio",
    "SampleRatioResult": "experiments.analysis.srm",
    "sample_ratio_test": "experiments.analysis.srm",
    "ArmCounts": "experiments.analysis.stats",
    "ArmMoments": "experiments.analysis.stats",
    "ArmStats": "experiments.analysis.stats",
    "VERDICTS": "experiments.analysis.verdicts",
    "verdict": "experiments.analysis.verdicts",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""The campaign: its typed record, its one evaluation, the roll-out decision, the registry and the memo.

May import experiments, economics and datasources; never streamlit.
"""

from rollout._money import BayesCrossCheck, MoneyAssumptions, PilotNumbers
from rollout._pilot_effect import PilotEffect, proportion_metrics
from rollout._plain import to_plain
from rollout.campaign import (
    SCHEMA_VERSION,
    STAGES,
    ApprovalRecord,
    AssignmentRecord,
    Brief,
    Campaign,
    DesignPlan,
    MetricLine,
    ReadoutRecord,
    RolloutAssumptions,
    SourceFile,
    TestAndRollPlan,
)
from rollout.decision import DECISIONS, DecisionResult, PilotReadout, recommend_rollout
from rollout.evaluation import CampaignEvaluation, Problem, approval_snapshot, default_audience, evaluate
from rollout.monitoring import (
    MonitorOutlook,
    SequentialState,
    early_look,
    monitor_outlook,
    monitoring_record,
    planned_effect,
    saved_plan,
    sequential_state,
)
from rollout.records import assignment_record, metric_line, readout_record, same_file, source_file

__all__ = [
    "DECISIONS",
    "SCHEMA_VERSION",
    "STAGES",
    "ApprovalRecord",
    "AssignmentRecord",
    "BayesCrossCheck",
    "Brief",
    "Campaign",
    "CampaignEvaluation",
    "DecisionResult",
    "DesignPlan",
    "MetricLine",
    "MoneyAssumptions",
    "MonitorOutlook",
    "PilotEffect",
    "PilotNumbers",
    "PilotReadout",
    "Problem",
    "ReadoutRecord",
    "RolloutAssumptions",
    "SequentialState",
    "SourceFile",
    "TestAndRollPlan",
    "approval_snapshot",
    "assignment_record",
    "default_audience",
    "early_look",
    "evaluate",
    "metric_line",
    "monitor_outlook",
    "monitoring_record",
    "planned_effect",
    "proportion_metrics",
    "readout_record",
    "recommend_rollout",
    "same_file",
    "saved_plan",
    "sequential_state",
    "source_file",
    "to_plain",
]

"""The campaign: its typed record, its one evaluation, the roll-out decision, the registry and the memo.

May import experiments, economics and datasources; never streamlit.
"""

from rollout._money import BayesCrossCheck, MoneyAssumptions, PilotNumbers
from rollout._pilot_effect import PilotEffect, proportion_metrics
from rollout.campaign import (
    SCHEMA_VERSION,
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
from rollout.evaluation import CampaignEvaluation, default_audience, evaluate

__all__ = [
    "DECISIONS",
    "SCHEMA_VERSION",
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
    "PilotEffect",
    "PilotNumbers",
    "PilotReadout",
    "ReadoutRecord",
    "RolloutAssumptions",
    "SourceFile",
    "TestAndRollPlan",
    "default_audience",
    "evaluate",
    "proportion_metrics",
    "recommend_rollout",
]

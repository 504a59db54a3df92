"""The campaign: its typed record, its one evaluation, the roll-out decision, the registry and the memo.

May import experiments, economics and datasources; never streamlit.
"""

from rollout._money import BayesCrossCheck, MoneyAssumptions, PilotNumbers
from rollout._pilot_effect import PilotEffect, paying_metric, proportion_metrics
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
    monitoring_of,
    monitoring_record,
    planned_effect,
    saved_plan,
    sequential_state,
)
from rollout.portfolio import (
    PortfolioCampaign,
    PortfolioImpactResult,
    ShrunkCampaign,
    portfolio_campaign,
    portfolio_impact,
)
from rollout.portfolio_records import (
    PastCampaign,
    PastCampaignsResult,
    PeriodRow,
    PeriodViewResult,
    PortfolioFilter,
    PortfolioListResult,
    PortfolioRow,
    TierResultsResult,
    TierRow,
)
from rollout.records import assignment_record, metric_line, readout_record, same_file, source_file

__all__ = [
    "ApprovalRecord",
    "AssignmentRecord",
    "BayesCrossCheck",
    "Brief",
    "Campaign",
    "CampaignEvaluation",
    "DECISIONS",
    "DecisionResult",
    "DesignPlan",
    "MetricLine",
    "MoneyAssumptions",
    "MonitorOutlook",
    "PastCampaign",
    "PastCampaignsResult",
    "PeriodRow",
    "PeriodViewResult",
    "PilotEffect",
    "PilotNumbers",
    "PilotReadout",
    "PortfolioCampaign",
    "PortfolioFilter",
    "PortfolioImpactResult",
    "PortfolioListResult",
    "PortfolioRow",
    "Problem",
    "ReadoutRecord",
    "RolloutAssumptions",
    "SCHEMA_VERSION",
    "STAGES",
    "SequentialState",
    "ShrunkCampaign",
    "SourceFile",
    "TestAndRollPlan",
    "TierResultsResult",
    "TierRow",
    "approval_snapshot",
    "assignment_record",
    "default_audience",
    "early_look",
    "monitoring_of",
    "evaluate",
    "metric_line",
    "monitor_outlook",
    "monitoring_record",
    "paying_metric",
    "planned_effect",
    "portfolio_campaign",
    "portfolio_impact",
    "proportion_metrics",
    "readout_record",
    "recommend_rollout",
    "same_file",
    "saved_plan",
    "sequential_state",
    "source_file",
    "to_plain",
]

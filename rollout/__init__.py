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
    "ReadoutRecord",
    "RolloutAssumptions",
    "ShrunkCampaign",
    "SourceFile",
    "TestAndRollPlan",
    "TierResultsResult",
    "TierRow",
    "default_audience",
    "evaluate",
    "portfolio_campaign",
    "portfolio_impact",
    "proportion_metrics",
    "recommend_rollout",
]

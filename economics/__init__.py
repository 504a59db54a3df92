"""Campaign economics and customer value, pure functions (formulas.md is the specification).

Money from a pilot: funnel rates, costs per contact / response / incremental result, break-even
(margin-based), profit / ROI / ROAS, the roll-out projection with its risk; customer value (CLV,
churn, retention, bathtub, NRR, LTV:CAC); satisfaction (NPS, ISN) and survey planning.
"""

from economics.breakeven import (
    BreakEvenResult,
    break_even,
    break_even_contacts,
    break_even_index,
    break_even_rel_uplift,
    break_even_response_rate,
    break_even_uplift,
    break_even_volume,
)
from economics.churn import (
    LIFETIME_CONVENTIONS,
    CustomerFlowResult,
    annual_churn_from_monthly,
    annual_retention_from_monthly,
    churn_over_periods,
    customer_base_path,
    customer_flows,
    expected_lifetime,
    monthly_churn_from_annual,
    monthly_retention_from_annual,
    net_revenue_retention,
    steady_state_customers,
)
from economics.costs import (
    CampaignCosts,
    UnitCostResult,
    UnitCostsResult,
    campaign_unit_costs,
    cost_per_acquisition,
    cost_per_contact,
    cost_per_incremental_acquisition,
    cost_per_incremental_response,
    cost_per_response,
    unit_cost,
)
from economics.customer_value import (
    CLV_TIMINGS,
    CampaignValueResult,
    acquisition_campaign_value,
    clv,
    ltv_to_cac,
    retention_campaign_value,
)
from economics.funnel import (
    FunnelRateResult,
    FunnelResult,
    IncrementalResponseResult,
    funnel_rate,
    funnel_rates,
    incremental_count,
    incremental_response,
)
from economics.profitability import (
    PaybackResult,
    ProfitResult,
    break_even_roas,
    campaign_profit,
    cumulative_margin,
    payback_period,
    profit,
    roas,
    roi,
    roi_from_roas,
)
from economics.projection import (
    DIRECTIONS,
    RolloutProjectionResult,
    RolloutScenario,
    ShrinkageResult,
    beneficial_effect,
    project_rollout,
    rollout_profit,
    shrink_effect,
    std_error_from_interval,
)
from economics.satisfaction import (
    ISNResult,
    NetScoreDifferenceResult,
    NPSResult,
    compare_isn,
    compare_nps,
    isn,
    isn_from_grades,
    nps,
    nps_from_scores,
)
from economics.surveys import (
    SURVEY_RESPONSE_RATE_DEFAULTS,
    SURVEY_RESPONSE_RATE_SOURCE,
    SurveyInvitationsResult,
    SurveySampleSizeResult,
    score_variance,
    survey_invitations,
    survey_sample_size,
)

__all__ = [
    "BreakEvenResult", "CLV_TIMINGS", "CampaignCosts", "CampaignValueResult", "CustomerFlowResult",
    "DIRECTIONS", "FunnelRateResult", "FunnelResult", "ISNResult", "IncrementalResponseResult",
    "LIFETIME_CONVENTIONS", "NPSResult", "NetScoreDifferenceResult", "PaybackResult", "ProfitResult",
    "RolloutProjectionResult", "RolloutScenario", "SURVEY_RESPONSE_RATE_DEFAULTS",
    "SURVEY_RESPONSE_RATE_SOURCE", "ShrinkageResult", "SurveyInvitationsResult", "SurveySampleSizeResult",
    "UnitCostResult", "UnitCostsResult", "acquisition_campaign_value", "annual_churn_from_monthly",
    "annual_retention_from_monthly", "beneficial_effect", "break_even", "break_even_contacts",
    "break_even_index", "break_even_rel_uplift", "break_even_response_rate", "break_even_roas",
    "break_even_uplift", "break_even_volume", "campaign_profit", "campaign_unit_costs",
    "churn_over_periods", "clv", "compare_isn", "compare_nps", "cost_per_acquisition", "cost_per_contact",
    "cost_per_incremental_acquisition", "cost_per_incremental_response", "cost_per_response",
    "cumulative_margin", "customer_base_path", "customer_flows", "expected_lifetime", "funnel_rate",
    "funnel_rates", "incremental_count", "incremental_response", "isn", "isn_from_grades", "ltv_to_cac",
    "monthly_churn_from_annual", "monthly_retention_from_annual", "net_revenue_retention", "nps",
    "nps_from_scores", "payback_period", "profit", "project_rollout", "retention_campaign_value", "roas", "roi",
    "roi_from_roas", "rollout_profit", "score_variance", "shrink_effect", "std_error_from_interval",
    "steady_state_customers", "survey_invitations", "survey_sample_size", "unit_cost",
]

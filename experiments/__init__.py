"""Package."""
# Pilot readout (issue 3), re-exported from experiments.analysis.
from experiments.analysis import ArmCounts as ArmCounts
from experiments.analysis import ArmMoments as ArmMoments
from experiments.analysis import ArmStats as ArmStats
from experiments.analysis import Mean as Mean
from experiments.analysis import MetricResult as MetricResult
from experiments.analysis import PilotResult as PilotResult
from experiments.analysis import Proportion as Proportion
from experiments.analysis import RatioOfMeans as RatioOfMeans
from experiments.analysis import adjust_pvalues as adjust_pvalues
from experiments.analysis import analyze_pilot as analyze_pilot
from experiments.analysis import compare_means as compare_means
from experiments.analysis import compare_proportions as compare_proportions
from experiments.analysis import sample_ratio_test as sample_ratio_test

# Profit-maximising pilot size, priors from past campaigns and the Bayesian readout (issue 5).
# isort: split
from experiments.analysis import BayesReadoutResult as BayesReadoutResult
from experiments.analysis import DecisionRulesResult as DecisionRulesResult
from experiments.analysis import bayes_compare_effect as bayes_compare_effect
from experiments.analysis import bayes_compare_means as bayes_compare_means
from experiments.analysis import bayes_compare_proportions as bayes_compare_proportions
from experiments.analysis import compare_decision_rules as compare_decision_rules
from experiments.design import CampaignPriorResult as CampaignPriorResult
from experiments.design import ProfitPriorResult as ProfitPriorResult
from experiments.design import TestAndRollResult as TestAndRollResult
from experiments.design import beta_prior_from_moments as beta_prior_from_moments
from experiments.design import evaluate_test_plan as evaluate_test_plan
from experiments.design import evaluate_test_plan_binary as evaluate_test_plan_binary
from experiments.design import finite_population_correction as finite_population_correction
from experiments.design import prior_from_past_campaigns as prior_from_past_campaigns
from experiments.design import profit_prior_from_rates as profit_prior_from_rates
from experiments.design import test_and_roll_profit_curve as test_and_roll_profit_curve
from experiments.design import test_and_roll_profit_curve_binary as test_and_roll_profit_curve_binary
from experiments.design import test_and_roll_sample_size as test_and_roll_sample_size
from experiments.design import test_and_roll_sample_size_binary as test_and_roll_sample_size_binary

# Pilot sizing (issue 2), re-exported from experiments.design.
# isort: split
from experiments.design import MeanMDEResult as MeanMDEResult
from experiments.design import MeanPowerResult as MeanPowerResult
from experiments.design import MeanSampleSizeResult as MeanSampleSizeResult
from experiments.design import ProportionMDEResult as ProportionMDEResult
from experiments.design import ProportionPowerResult as ProportionPowerResult
from experiments.design import ProportionSampleSizeResult as ProportionSampleSizeResult
from experiments.design import mde_two_means as mde_two_means
from experiments.design import mde_two_proportions as mde_two_proportions
from experiments.design import power_curve as power_curve
from experiments.design import power_curve_by_n as power_curve_by_n
from experiments.design import power_curve_means as power_curve_means
from experiments.design import power_curve_means_by_n as power_curve_means_by_n
from experiments.design import power_two_means as power_two_means
from experiments.design import power_two_proportions as power_two_proportions
from experiments.design import sample_size_two_means as sample_size_two_means
from experiments.design import sample_size_two_proportions as sample_size_two_proportions

# Stratified assignment of a customer list, balance and representativeness checks (issue 6).
# isort: split
from experiments.design import AssignmentResult as AssignmentResult
from experiments.design import CustomerListResult as CustomerListResult
from experiments.design import SplitCheckResult as SplitCheckResult
from experiments.design import assign as assign
from experiments.design import assign_customers as assign_customers
from experiments.design import assignment_hash as assignment_hash
from experiments.design import balance_table as balance_table
from experiments.design import check_split as check_split
from experiments.design import prepare_customer_list as prepare_customer_list
from experiments.design import representativeness_table as representativeness_table

"""Package."""
# Pilot sizing (issue 2): sample size, power, minimum detectable effect, power curves.
from experiments.design._sizing_results import MeanMDEResult as MeanMDEResult
from experiments.design._sizing_results import MeanPowerResult as MeanPowerResult
from experiments.design._sizing_results import MeanSampleSizeResult as MeanSampleSizeResult
from experiments.design._sizing_results import ProportionMDEResult as ProportionMDEResult
from experiments.design._sizing_results import ProportionPowerResult as ProportionPowerResult
from experiments.design._sizing_results import ProportionSampleSizeResult as ProportionSampleSizeResult
from experiments.design.curves import power_curve as power_curve
from experiments.design.curves import power_curve_by_n as power_curve_by_n
from experiments.design.curves import power_curve_means as power_curve_means
from experiments.design.curves import power_curve_means_by_n as power_curve_means_by_n
from experiments.design.means import mde_two_means as mde_two_means
from experiments.design.means import power_two_means as power_two_means
from experiments.design.means import sample_size_two_means as sample_size_two_means
from experiments.design.proportions import mde_two_proportions as mde_two_proportions
from experiments.design.proportions import power_two_proportions as power_two_proportions
from experiments.design.proportions import sample_size_two_proportions as sample_size_two_proportions

# Profit-maximising pilot size (Test & Roll) and priors from past campaigns (issue 5).
# isort: split
from experiments.design.priors import CampaignPriorResult as CampaignPriorResult
from experiments.design.priors import beta_prior_from_moments as beta_prior_from_moments
from experiments.design.priors import prior_from_past_campaigns as prior_from_past_campaigns
from experiments.design.test_and_roll import ProfitPriorResult as ProfitPriorResult
from experiments.design.test_and_roll import TestAndRollResult as TestAndRollResult
from experiments.design.test_and_roll import evaluate_test_plan as evaluate_test_plan
from experiments.design.test_and_roll import evaluate_test_plan_binary as evaluate_test_plan_binary
from experiments.design.test_and_roll import finite_population_correction as finite_population_correction
from experiments.design.test_and_roll import profit_prior_from_rates as profit_prior_from_rates
from experiments.design.test_and_roll import test_and_roll_profit_curve as test_and_roll_profit_curve
from experiments.design.test_and_roll import (
    test_and_roll_profit_curve_binary as test_and_roll_profit_curve_binary,
)
from experiments.design.test_and_roll import test_and_roll_sample_size as test_and_roll_sample_size
from experiments.design.test_and_roll import (
    test_and_roll_sample_size_binary as test_and_roll_sample_size_binary,
)

# Stratified assignment of a customer list, balance and representativeness checks (issue 6).
# isort: split
from experiments.design._assign_list import CustomerListResult as CustomerListResult
from experiments.design._assign_list import prepare_customer_list as prepare_customer_list
from experiments.design.assignment import AssignmentResult as AssignmentResult
from experiments.design.assignment import assign as assign
from experiments.design.assignment import assign_customers as assign_customers
from experiments.design.assignment import assignment_hash as assignment_hash
from experiments.design.balance import SplitCheckResult as SplitCheckResult
from experiments.design.balance import balance_table as balance_table
from experiments.design.balance import check_split as check_split
from experiments.design.balance import representativeness_table as representativeness_table

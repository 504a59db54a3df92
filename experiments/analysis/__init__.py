"""Package."""
# Pilot readout engine (issue 3).
from experiments.analysis.cuped import CupedResult as CupedResult
from experiments.analysis.cuped import compare_means_cuped as compare_means_cuped
from experiments.analysis.heterogeneity import HeterogeneityResult as HeterogeneityResult
from experiments.analysis.heterogeneity import cochran_q as cochran_q
from experiments.analysis.means import MeansResult as MeansResult
from experiments.analysis.means import compare_means as compare_means
from experiments.analysis.metrics import Mean as Mean
from experiments.analysis.metrics import MetricResult as MetricResult
from experiments.analysis.metrics import Proportion as Proportion
from experiments.analysis.metrics import RatioOfMeans as RatioOfMeans
from experiments.analysis.multiplicity import adjust_pvalues as adjust_pvalues
from experiments.analysis.notes import Note as Note
from experiments.analysis.pilot import PilotResult as PilotResult
from experiments.analysis.pilot import analyze_pilot as analyze_pilot
from experiments.analysis.proportions import ProportionsResult as ProportionsResult
from experiments.analysis.proportions import compare_proportions as compare_proportions
from experiments.analysis.ratio import RatioResult as RatioResult
from experiments.analysis.ratio import compare_ratios as compare_ratios
from experiments.analysis.srm import SampleRatioResult as SampleRatioResult
from experiments.analysis.srm import sample_ratio_test as sample_ratio_test
from experiments.analysis.stats import ArmCounts as ArmCounts
from experiments.analysis.stats import ArmMoments as ArmMoments
from experiments.analysis.stats import ArmStats as ArmStats

# Bayesian readout (issue 5).
# isort: split
from experiments.analysis.bayes import BayesReadoutResult as BayesReadoutResult
from experiments.analysis.bayes import DecisionRulesResult as DecisionRulesResult
from experiments.analysis.bayes import bayes_compare_effect as bayes_compare_effect
from experiments.analysis.bayes import bayes_compare_means as bayes_compare_means
from experiments.analysis.bayes import bayes_compare_proportions as bayes_compare_proportions
from experiments.analysis.bayes import compare_decision_rules as compare_decision_rules

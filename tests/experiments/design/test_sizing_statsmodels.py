"""Cross-check against an independent library (oracle: statsmodels 0.15 ``stats.power`` / ``proportion``).

R's ``power.prop.test`` only has equal arms; the unequal-allocation generalisation of ``"normal"``
(pooled rate weighted by the arm sizes) is checked against statsmodels' ``power_proportions_2indep``,
which uses the same null/alternative variances. Arcsine and the means' z and t methods are checked
against ``NormalIndPower`` / ``TTestIndPower``. statsmodels calls group 1 the treatment here:
``nobs1 = n_treatment``, ``ratio = n_control / n_treatment``, "larger" = treatment above control.
"""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import power_proportions_2indep, proportion_effectsize

from experiments import power_two_means, power_two_proportions, sample_size_two_means

SM_ALT = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}
DESIGNS = [  # control rate, treatment rate, n_control, n_treatment, alpha, alternative
    (0.02, 0.025, 5_000, 20_000, 0.05, "two-sided"),
    (0.02, 0.025, 20_000, 5_000, 0.05, "two-sided"),
    (0.004, 0.005, 10_000, 90_000, 0.10, "greater"),
    (0.15, 0.13, 8_000, 2_000, 0.01, "less"),
    (0.35, 0.38, 1_200, 4_800, 0.05, "two-sided"),
    (0.06, 0.05, 3_000, 27_000, 0.05, "greater"),  # effect against the test: power below alpha
]


@pytest.mark.parametrize(("p_c", "p_t", "n_c", "n_t", "alpha", "alternative"), DESIGNS)
def test_unequal_normal_power_matches_power_proportions_2indep(
    p_c, p_t, n_c, n_t, alpha, alternative
) -> None:
    ours = power_two_proportions(
        p_c, p_t, n_control=n_c, n_treatment=n_t, alpha=alpha, alternative=alternative
    ).power
    theirs = power_proportions_2indep(
        p_t - p_c, p_c, n_t, ratio=n_c / n_t, alpha=alpha, alternative=SM_ALT[alternative]
    ).power
    assert ours == pytest.approx(theirs, rel=1e-10)


@pytest.mark.parametrize(("p_c", "p_t", "n_c", "n_t", "alpha", "alternative"), DESIGNS)
def test_arcsine_power_matches_normal_ind_power_with_cohens_h(p_c, p_t, n_c, n_t, alpha, alternative) -> None:
    ours = power_two_proportions(
        p_c, p_t, n_control=n_c, n_treatment=n_t, alpha=alpha, alternative=alternative, method="arcsine"
    ).power
    theirs = NormalIndPower().power(
        proportion_effectsize(p_t, p_c), n_t, alpha, ratio=n_c / n_t, alternative=SM_ALT[alternative]
    )
    assert ours == pytest.approx(theirs, rel=1e-10)


MEAN_DESIGNS = [  # std, effect, n_control, n_treatment, alpha, alternative
    (45.0, 1.5, 2_000, 8_000, 0.05, "two-sided"),
    (45.0, -2.0, 9_000, 1_000, 0.01, "less"),
    (12.0, 0.9, 150, 600, 0.10, "greater"),
    (1.0, 0.4, 25, 25, 0.05, "two-sided"),
]


@pytest.mark.parametrize(("std", "effect", "n_c", "n_t", "alpha", "alternative"), MEAN_DESIGNS)
@pytest.mark.parametrize(("method", "engine"), [("normal", NormalIndPower), ("t", TTestIndPower)])
def test_means_power_matches_statsmodels(std, effect, n_c, n_t, alpha, alternative, method, engine) -> None:
    ours = power_two_means(
        std, effect, n_control=n_c, n_treatment=n_t, alpha=alpha, alternative=alternative, method=method
    ).power
    theirs = engine().power(effect / std, n_t, alpha, ratio=n_c / n_t, alternative=SM_ALT[alternative])
    assert ours == pytest.approx(theirs, rel=1e-8)


@pytest.mark.parametrize(
    ("d", "alpha", "power", "alternative"),
    [(0.05, 0.05, 0.8, "two-sided"), (0.2, 0.01, 0.9, "greater"), (0.5, 0.1, 0.8, "two-sided")],
)
def test_z_sample_size_is_the_ceiling_of_normal_ind_power(d, alpha, power, alternative) -> None:
    continuous = NormalIndPower().solve_power(
        d, alpha=alpha, power=power, ratio=1.0, alternative=SM_ALT[alternative]
    )
    res = sample_size_two_means(
        1.0, effect_size=d, alpha=alpha, power=power, alternative=alternative, method="normal"
    )
    assert res.n_control == math.ceil(continuous)

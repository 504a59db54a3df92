"""Cross-checks against R and the peer libraries, computed live on fixed data.

R (``Rscript``: ``t.test``, ``prop.test``, ``fisher.test``, ``chisq.test``, ``p.adjust``,
``power.prop.test``, ``power.t.test``, ``pwr::pwr.2p2n.test``), statsmodels (Welch t, z test, Newcombe,
Holm) and scipy (the permutation test of Welch's t on skewed revenue, within Monte Carlo error) –
each against the project's own function on the same inputs.
"""

from __future__ import annotations

import math
import shutil
import subprocess

import numpy as np
from scipy import stats

from experiments import (
    ArmCounts,
    ArmMoments,
    Mean,
    adjust_pvalues,
    compare_means,
    compare_proportions,
    power_two_proportions,
    sample_ratio_test,
    sample_size_two_means,
    sample_size_two_proportions,
)
from validation._common import Check, StudyResult
from validation._sim import readout, revenue

X = [52.1, 48.3, 60.2, 55.0, 47.9, 58.8, 51.2, 49.5, 62.0, 53.3]
Y = [45.2, 50.1, 47.7, 44.0, 52.3, 46.8, 49.9, 43.5]
R_SCRIPT = """
out <- function(name, v) cat(name, sprintf("%.17g", v), "\\n")
x <- c({x}); y <- c({y})
w <- t.test(x, y); out("t.test", c(w$p.value, w$conf.int))
out("prop.test", prop.test(c(600, 100), c(20000, 5000), correct = FALSE)$p.value)
out("fisher.test", fisher.test(matrix(c(12, 988, 8, 992), nrow = 2, byrow = TRUE))$p.value)
out("chisq.test", chisq.test(c(5100, 19900), p = c(0.2, 0.8))$p.value)
out("p.adjust.holm", p.adjust(c(0.01, 0.04, 0.03), "holm"))
out("p.adjust.BH", p.adjust(c(0.01, 0.04, 0.03), "BH"))
out("power.prop.test", power.prop.test(p1 = 0.02, p2 = 0.025, power = 0.8, strict = TRUE)$n)
out("power.t.test", power.t.test(delta = 1.5, sd = 45, power = 0.8, strict = TRUE)$n)
out("pwr.2p2n.test", pwr::pwr.2p2n.test(h = pwr::ES.h(0.025, 0.02), n1 = 5000, n2 = 20000)$power)
out("R.version", as.numeric(c(R.version$major, R.version$minor)))
"""


def run_r() -> dict[str, list[float]] | None:
    """R's figures (``None`` without ``Rscript``)."""
    if shutil.which("Rscript") is None:
        return None
    code = R_SCRIPT.format(x=", ".join(map(str, X)), y=", ".join(map(str, Y)))
    out = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, check=True).stdout
    return {
        line.split()[0]: [float(v) for v in line.split()[1:]] for line in out.splitlines() if line.strip()
    }


def r_checks(r: dict[str, list[float]]) -> list[Check]:
    x, y = np.array(X), np.array(Y)
    welch = compare_means(
        ArmMoments(y.size, y.mean(), y.std(ddof=1)), ArmMoments(x.size, x.mean(), x.std(ddof=1))
    )
    holm, bh = adjust_pvalues([0.01, 0.04, 0.03], "holm"), adjust_pvalues([0.01, 0.04, 0.03], "bh")
    return [
        Check(
            name="Welch p-value", ours=welch.pvalue, oracle=r["t.test"][0], tolerance=1e-9, source="R t.test"
        ),
        Check(
            name="Welch interval, lower",
            ours=welch.effect_size_ci_lower,
            oracle=r["t.test"][1],
            tolerance=1e-9,
            source="R t.test",
        ),
        Check(
            name="z test p-value",
            ours=compare_proportions(ArmCounts(100, 5_000), ArmCounts(600, 20_000)).pvalue,
            oracle=r["prop.test"][0],
            tolerance=1e-9,
            source="R prop.test(correct = FALSE)",
        ),
        Check(
            name="Fisher p-value",
            ours=compare_proportions(ArmCounts(8, 1_000), ArmCounts(12, 1_000), test="fisher").pvalue,
            oracle=r["fisher.test"][0],
            tolerance=1e-9,
            source="R fisher.test",
        ),
        Check(
            name="SRM p-value",
            ours=sample_ratio_test([5_100, 19_900], [0.2, 0.8]).pvalue,
            oracle=r["chisq.test"][0],
            tolerance=1e-9,
            source="R chisq.test",
        ),
        Check(
            name="Holm, largest",
            ours=holm[1],
            oracle=r["p.adjust.holm"][1],
            tolerance=1e-12,
            source="R p.adjust",
        ),
        Check(
            name="BH, smallest", ours=bh[0], oracle=r["p.adjust.BH"][0], tolerance=1e-12, source="R p.adjust"
        ),
        Check(
            name="sample size, rates",
            ours=sample_size_two_proportions(0.02, effect_size=0.005).n_control,
            oracle=math.ceil(r["power.prop.test"][0]),
            tolerance=0,
            source="R power.prop.test (ceiling)",
        ),
        Check(
            name="sample size, means",
            ours=sample_size_two_means(45, effect_size=1.5).n_control,
            oracle=math.ceil(r["power.t.test"][0]),
            tolerance=0,
            source="R power.t.test (ceiling)",
        ),
        Check(
            name="power, arcsine",
            ours=power_two_proportions(
                0.02, 0.025, n_control=20_000, n_treatment=5_000, method="arcsine"
            ).power,
            oracle=r["pwr.2p2n.test"][0],
            tolerance=1e-9,
            source="R pwr::pwr.2p2n.test",
        ),
    ]


def peer_checks(resamples: int) -> list[Check]:
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest
    from statsmodels.stats.weightstats import ttest_ind

    x, y = np.array(X), np.array(Y)
    welch = compare_means(
        ArmMoments(y.size, y.mean(), y.std(ddof=1)), ArmMoments(x.size, x.mean(), x.std(ddof=1))
    )
    rates = compare_proportions(ArmCounts(100, 5_000), ArmCounts(600, 20_000))
    rng = np.random.default_rng(6_060)
    control, treated = revenue(rng, 3_000)["y"], revenue(rng, 300)["y"]
    ours = readout(Mean("y"), {"y": control}, {"y": treated})
    oracle = stats.permutation_test(
        (treated, control),
        lambda a, b, axis=-1: stats.ttest_ind(a, b, equal_var=False, axis=axis).statistic,
        n_resamples=resamples,
        vectorized=True,
        random_state=6_061,
    ).pvalue
    mc = 4 * math.sqrt(oracle * (1 - oracle) * (1 / 2_000 + 1 / resamples))
    return [
        Check(
            name="Welch p-value",
            ours=welch.pvalue,
            oracle=ttest_ind(x, y, usevar="unequal")[1],
            tolerance=1e-9,
            source="statsmodels ttest_ind",
        ),
        Check(
            name="z test p-value",
            ours=rates.pvalue,
            oracle=proportions_ztest([600, 100], [20_000, 5_000])[1],
            tolerance=1e-9,
            source="statsmodels proportions_ztest",
        ),
        Check(
            name="Newcombe lower",
            ours=rates.effect_size_ci_lower,
            oracle=confint_proportions_2indep(600, 20_000, 100, 5_000, method="newcomb")[0],
            tolerance=1e-9,
            source="statsmodels confint_proportions_2indep",
        ),
        Check(
            name="Holm, largest",
            ours=adjust_pvalues([0.01, 0.04, 0.03], "holm")[1],
            oracle=multipletests([0.01, 0.04, 0.03], method="holm")[1][1],
            tolerance=1e-12,
            source="statsmodels multipletests",
        ),
        Check(
            name="permutation p-value, skewed revenue (3,000 + 300)",
            ours=ours.pvalue,
            oracle=oracle,
            tolerance=mc,
            source=f"scipy permutation_test of Welch's t ({resamples:,} resamples); tolerance 4 Monte Carlo errors",
        ),
    ]


def study_crosscheck(resamples: int = 50_000) -> StudyResult:
    r = run_r()
    checks = peer_checks(resamples) + (r_checks(r) if r else [])
    version = f"R {int(r['R.version'][0])}.{r['R.version'][1]:g}" if r else "R not available"
    return StudyResult(
        key="crosscheck",
        title="Cross-checks against R and the peer libraries",
        method="Fixed inputs; our figure against the oracle's, with the tolerance shown (relative above 1).",
        seed=6_060,
        checks=tuple(checks),
        notes=(version,),
    )

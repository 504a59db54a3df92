"""Reference numbers for Test & Roll (Feit & Berman 2019), with their sources.

R values come from the authors' functions in ``nn_functions.R`` (github.com/eleafeit/testandroll,
``code/nn_functions.R`` at commit bf02ccf; the same code as the ``testandroll`` R package), copied to a
temporary folder outside this repository and run with R 4.2.2 (``Rscript``, ``options(digits=15)``);
the only change was ``foreach(...) %dopar%`` → ``lapply`` in the simulation helper. The calls are the
ones of the authors' scripts ``website.R``, ``code/display.R``, ``code/catalog.R`` and
``howto/How_To_Test_and_Roll.Rmd``. Their code is not part of this repository; only these numbers are.

Symbols: ``N`` population, ``mu`` prior mean, ``sigma`` prior sd, ``s`` response sd; R's ``n1`` is the
control (arm 1), ``n2`` the treatment.
"""

import math

# --- Published example: the paper's website test (§5.1, website.R) -------------------------------------
# mu = 0.68; sigma = 0.03; N = 100000; s = sqrt(mu*(1-mu)); d = 0.68*0.02
WEBSITE = {"N": 100_000, "mu": 0.68, "sigma": 0.03, "s": math.sqrt(0.68 * 0.32)}
# Figures quoted in the paper / issue 5 (rounded as published).
WEBSITE_PUBLISHED = {
    "n_star": 2284,
    "profit": 69_536,
    "error_rate": 0.100,
    "n_nht": 18_468,
    "profit_nht": 69_060,
    "n_fpc": 13_487,
    "profit_fpc": 69_225,
}
# test_size_nn(N, s=sqrt(mu*(1-mu)), sigma=sigma)
WEBSITE_N_STAR = 2283.89002819443
# test_size_nht(s=sqrt(mu*(1-mu)), d=d); test_size_nht(s=sqrt(mu*(1-mu)), d=d, N=100000)
WEBSITE_N_NHT = 18467.9523161155
WEBSITE_N_FPC = 13486.6653361429
# test_eval_nn(n=c(n, n), N=N, s=s, mu=mu, sigma=sigma) at whole-customer plans:
# columns profit, profit_test, profit_deploy, profit_perfect, regret, error_rate
WEBSITE_EVAL = {
    2284: (69535.998617381, 3106.24, 66429.758617381, 69692.5687506433, 0.002246582900717, 0.100125886684494),
    18468: (
        69060.4823632892,
        25116.48,
        43944.0023632892,
        69692.5687506433,
        0.00906963825104012,
        0.0362630084902986,
    ),
    13487: (
        69225.0831661409,
        18342.32,
        50882.7631661409,
        69692.5687506433,
        0.00670782542361192,
        0.0423667764097229,
    ),
}

# --- Symmetric closed-form optima: test_size_nn(N, s, mu, sigma)[1] -------------------------------------
# (label, N, mu, sigma, s, R n*)
SYMMETRIC_N_STAR = [
    ("website.R", 100_000, 0.68, 0.03, math.sqrt(0.68 * 0.32), 2283.89002819443),
    # How_To_Test_and_Roll.Rmd uses s <- mu*(1-mu) (no square root)
    ("howto s=mu(1-mu)", 100_000, 0.68, 0.03, 0.68 * 0.32, 1108.07315399493),
    ("howto sigma=0.026", 100_000, 0.68, 0.026, 0.68 * 0.32, 1271.80089394529),
    # display.R: s <- mean(d1$s) over Lewis & Rao (2015) advertiser 1, experiments 1-3, 5-6
    ("display.R", 1_000_000, 10.36044, 4.39646, 103.768, 11390.893713712),
    ("display.R sensitivity", 100_000_000, 10.36044, 4.39646 / 2, 103.768, 234360.922477799),
    # testandroll package example: test_size_nn(N=10000, s=.1, mu=c(.7,.7), sigma=c(.05,.05))
    ("package example", 10_000, 0.7, 0.05, 0.1, 97.0449898795537),
]

# test_eval_nn(n=c(11391, 11391), N=1e6, s=103.768, mu=10.36044, sigma=4.39646):
# profit, profit_test, profit_perfect, regret, error_rate
DISPLAY_EVAL_11391 = (
    12727184.8520489,
    236031.54408,
    12840876.9364844,
    0.0088539190117497,
    0.0692780090897333,
)
# display.R: n_nht <- test_size_nht(s=s, d=d) (d = mean(cost)/margin = 0.188) exceeds N = 1e6;
# n_fpc <- test_size_nht(s=s, d=d, N=N); test_eval_nn(c(452674, 452674), ...): profit, error_rate
DISPLAY_N_NHT = 4782432.66887516
DISPLAY_N_FPC = 452673.362949545
DISPLAY_EVAL_FPC = (10595073.9849699, 0.0111619381546975)

# --- Package examples of profit_nn / error_rate_nn (roxygen @examples) ----------------------------------
# profit_nn(n=100, N=10000, s=.1, mu=c(.7,.5), sigma=c(.2,.2))   # length(s)==1: symmetric, mu[1] only
PROFIT_NN_SYMMETRIC = 0.810443190563212
# profit_nn(n=c(100,200), N=10000, s=c(.1, .1), mu=c(.7,.5), sigma=c(.2,.2))   # asymmetric branch
PROFIT_NN_ASYMMETRIC = 0.734650631473197
# error_rate_nn(n=100, s=.5, sigma=.2); error_rate_nn(n=c(100,200), s=.5, sigma=.2)
ERROR_RATE_NN = {(100, 100): 0.0779791303773693, (100, 200): 0.0678686046651515}
# test_size_nht(s=c(0.5,0.10), d=0.2); test_size_nht(s=0.5, d=0.2)
NHT_ASYMMETRIC = (58.8665980076181, 11.7733196015236)
NHT_SYMMETRIC = 98.1109966793636

# --- Asymmetric optima (R: optim(..., Nelder-Mead) on log n from log(0.05·N − 1)) -----------------------
# (label, N, mu, sigma, s, R n (control, treatment), R profit at R's n, R profit at R's n rounded)
ASYMMETRIC = [
    # catalog.R: mu = c(19.39, 30.06); mu[2] <- mu[2] - 0.8; sigma = c(20.97, 13.48); s = c(87.69, 179.36)
    (
        "catalog.R",
        100_000,
        (19.39, 29.26),
        (20.97, 13.48),
        (87.69, 179.36),
        (588.392549839823, 1883.638769871101),
        3463250.01020659,
        3463250.01796788,
    ),
    # How_To_Test_and_Roll.Rmd: mu <- c(20, 30); sigma <- c(10, 20); s <- c(100, 200); N=100000
    (
        "howto asymmetric",
        100_000,
        (20.0, 30.0),
        (10.0, 20.0),
        (100.0, 200.0),
        (641.75351115194, 2549.73983080070),
        3435488.37749876,
        3435488.36757073,
    ),
    # package example: test_size_nn(N=10000, s=c(.1,.2), mu=c(.7,.7), sigma=c(.05,.05))
    (
        "package example",
        10_000,
        (0.7, 0.7),
        (0.05, 0.05),
        (0.1, 0.2),
        (97.3812133308208, 187.4167602511326),
        7265.84523120132,
        7265.84513973847,
    ),
    # display.R "other sensitivities": mu=c(mu, mu*2), s=c(s,s), sigma=rep(sigma,2), N=1e6
    (
        "display.R mu2=2mu1",
        1_000_000,
        (10.36044, 20.72088),
        (4.39646, 4.39646),
        (103.768, 103.768),
        (2105.62463170562, 28042.86264850067),
        20786261.3387807,
        20786261.3464933,
    ),
]
# catalog.R, set.seed(20030601): test_eval_nn(n=n_star, N, s, mu, sigma) simulates (R = 10,000 draws)
# perfect information and the error rate: profit_perfect, error_rate, deploy_1_rate
CATALOG_SIMULATED = (3514667.46142035, 0.0671, 0.3413)
CATALOG_SIMULATION_DRAWS = 10_000
# catalog.R: d <- mu[1]*0.25; test_size_nht(s, d); test_size_nht(s=s, d=d, N=N); profit_nn(n, ...)*N
CATALOG_N_NHT = (7821.94380384499, 15998.90341723842)
CATALOG_N_FPC = (6317.19710482175, 12921.11384104035)
CATALOG_PROFIT_AT_ROUNDED = {(7822, 15999): 3287410.78167888, (6318, 12922): 3328211.97171804}
# package example, set.seed(1): test_eval_nn(n, N=10000, s=c(.1,.2), mu=c(.7,.7), sigma=c(.05,.05), R=20000)
PACKAGE_SIMULATED = (7284.11816116155, 0.07845, 0.4874)
PACKAGE_SIMULATION_DRAWS = 20_000

"""Priors for Test & Roll from past campaigns: a random-effects meta-analysis of earlier pilots.

Test & Roll needs two numbers: the expected response (or profit per customer) of an arm, ``prior_mean``,
and how much arms really differ, ``prior_sd``. Both come from earlier pilots, each measured with
sampling noise; a random-effects meta-analysis separates that noise from the true spread ``τ``
(statsmodels ``combine_effects``; Paule–Mandel ``"iterated"`` by default, DerSimonian–Laird ``"dl"``
on request; a negative moment estimate of ``τ²`` is set to 0).

Two table shapes:

* one row per campaign (or per arm, without a ``campaign`` column): ``prior_mean`` is the pooled mean
  and ``prior_sd = τ``, the between-campaign spread – which also mixes in differences of general level
  between campaigns, so it may overstate how much two arms of one pilot differ;
* both arms of each pilot (a ``campaign`` column, control first): as in the paper's hierarchical model
  ``m_arm = t_campaign + N(0, σ²)``, the within-pilot differences have spread ``τ_diff² = 2σ²``, so
  ``prior_sd = τ_diff / √2``; ``prior_mean`` pools all arms and ``level_sd`` is the spread of levels.

References:
    DerSimonian, R. & Laird, N. (1986). Meta-analysis in clinical trials. *Controlled Clinical
    Trials* 7, 177–188. Paule, R. C. & Mandel, J. (1982). Consensus values and weighting factors.
    *J. Res. NBS* 87, 377–385. Feit & Berman (2019), §5 (priors from past experiments).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner_common import InputError, check_choice, check_int, check_nonnegative, check_rate

__all__ = ["CampaignPriorResult", "beta_prior_from_moments", "prior_from_past_campaigns"]

METHODS = ("iterated", "dl")


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignPriorResult:
    """Prior mean and spread of an arm's response, estimated from past campaigns.

    Attributes:
        kind: ``"rate"`` (response rates) or ``"mean"`` (profit or revenue per customer).
        method: ``"iterated"`` (Paule–Mandel) or ``"dl"`` (DerSimonian–Laird).
        prior_mean: Pooled (random-effects) mean of the arms.
        prior_mean_se: Its standard error.
        prior_sd: How much arms truly differ – the Test & Roll ``σ``.
        tau_squared: Between-row variance of the meta-analysis that gave ``prior_sd``.
        paired: ``True`` when ``prior_sd`` comes from within-pilot differences.
        mean_difference, mean_difference_se: Pooled treatment − control difference (paired only).
        level_sd: Between-campaign spread of the arms' level (``τ`` of all rows).
        q_statistic, i_squared: Cochran's Q and I² of the meta-analysis behind ``prior_sd``.
        n_campaigns, n_rows: Campaigns (pilots) and rows (arms) used.
        notes: Caveats in plain English.
    """

    kind: str
    method: str
    prior_mean: float
    prior_mean_se: float
    prior_sd: float
    tau_squared: float
    paired: bool
    mean_difference: float
    mean_difference_se: float
    level_sd: float
    q_statistic: float
    i_squared: float
    n_campaigns: int
    n_rows: int
    notes: tuple[str, ...] = ()


def _meta(effect: np.ndarray, variance: np.ndarray, method: str) -> dict[str, float]:
    """Random-effects pooled mean, its se and τ² (τ² ≥ 0) with statsmodels."""
    kwds = {"maxiter": 200} if method == "iterated" else {}
    from statsmodels.stats.meta_analysis import combine_effects  # 0.5 s to import: only when asked

    with np.errstate(invalid="ignore", divide="ignore"):  # a negative DL τ² is replaced below
        res = combine_effects(effect, variance, method_re=method, **kwds)
    if res.tau2 > 0:
        mean, se = float(res.mean_effect_re), float(res.sd_eff_w_re)
    else:  # τ² = 0: the random-effects mean is the fixed-effect mean
        mean, se = float(res.mean_effect_fe), float(res.sd_eff_w_fe)
    return {
        "mean": mean,
        "se": se,
        "tau2": max(float(res.tau2), 0.0),
        "q": float(res.q),
        "i2": max(float(res.i2), 0.0),
    }


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    if name not in table.columns:
        raise InputError(
            "prior_column_missing",
            f"The table has no column {name!r}; its columns are {', '.join(map(str, table.columns))}.",
            field=name,
            value=name,
        )
    return table[name]


def _rows(table: pd.DataFrame, value: str, n: str, std: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(estimate, sampling variance) of each row."""
    sizes = np.array([check_int(n, x, minimum=1) for x in _column(table, n)], dtype=float)
    if std is None:
        rates = np.array(
            [check_rate(value, x, allow_zero=True, allow_one=True) for x in _column(table, value)]
        )
        smooth = (rates * sizes + 0.5) / (sizes + 1)  # keeps 0 % and 100 % rows finite
        p = np.where((rates > 0) & (rates < 1), rates, smooth)
        return rates, p * (1 - p) / sizes
    means = np.array([float(x) for x in _column(table, value)])
    stds = np.array([check_nonnegative(std, x) for x in _column(table, std)])
    return means, stds**2 / sizes


def prior_from_past_campaigns(
    campaigns: pd.DataFrame,
    *,
    value: str = "rate",
    n: str = "n",
    std: str | None = None,
    campaign: str | None = None,
    method: str = "iterated",
) -> CampaignPriorResult:
    """Estimate the Test & Roll prior (mean and spread of an arm) from earlier pilots.

    Args:
        campaigns: One row per arm of a past pilot (or per past campaign).
        value: Column with the response rate (fraction) – or the mean profit per customer with ``std``.
        n: Column with the customers behind each row.
        std: Column with the per-customer standard deviation; ``None`` for response rates.
        campaign: Column naming the pilot each row belongs to (two rows each: control, then
            treatment); ``None`` treats every row as its own campaign.
        method: ``"iterated"`` (Paule–Mandel, default) or ``"dl"`` (DerSimonian–Laird).

    Returns:
        :class:`CampaignPriorResult`.

    Examples:
        Six past e-mail campaigns with their response rates and sizes:

        >>> past = pd.DataFrame({"rate": [0.031, 0.027, 0.036, 0.022, 0.030, 0.041],
        ...                      "n": [20_000, 15_000, 30_000, 12_000, 25_000, 18_000]})
        >>> r = prior_from_past_campaigns(past)
        >>> round(r.prior_mean, 4), round(r.prior_sd, 4)
        (0.0312, 0.0065)

    References:
        DerSimonian & Laird (1986); Paule & Mandel (1982); statsmodels ``combine_effects``.
    """
    method = check_choice("method", method, METHODS)
    kind = "rate" if std is None else "mean"
    effect, variance = _rows(campaigns, value, n, std)
    if len(effect) < 2:
        raise InputError(
            "too_few_campaigns",
            f"At least 2 past campaigns are needed, got {len(effect)}.",
            field="campaigns",
            value=len(effect),
            minimum=2,
        )
    levels = _meta(effect, variance, method)
    if campaign is None:
        return _result(kind, method, levels, levels, None, len(effect), len(effect), ())
    groups = _column(campaigns, campaign).to_numpy()
    first, second = _pairs(groups)
    if len(first) < 2:
        raise InputError(
            "too_few_campaigns",
            f"At least 2 past pilots with both arms are needed, got {len(first)}.",
            field="campaigns",
            value=len(first),
            minimum=2,
        )
    diffs = _meta(effect[second] - effect[first], variance[second] + variance[first], method)
    return _result(kind, method, levels, diffs, diffs, len(pd.unique(groups)), len(effect), ())


def _pairs(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the first (control) and second (treatment) arm of each pilot with two arms."""
    first, second = [], []
    for name in pd.unique(groups):
        rows = np.flatnonzero(groups == name)
        if len(rows) > 2:
            raise InputError(
                "prior_too_many_arms",
                f"Campaign {name!r} has {len(rows)} rows; give two per "
                "pilot (control first, then treatment).",
                field="campaign",
                value=str(name),
            )
        if len(rows) == 2:
            first.append(rows[0])
            second.append(rows[1])
    return np.array(first, dtype=int), np.array(second, dtype=int)


def _result(
    kind: str,
    method: str,
    levels: dict,
    spread: dict,
    diffs: dict | None,
    n_campaigns: int,
    n_rows: int,
    notes: tuple[str, ...],
) -> CampaignPriorResult:
    paired = diffs is not None
    tau2 = spread["tau2"]
    sd = math.sqrt(tau2 / 2) if paired else math.sqrt(tau2)
    if tau2 == 0:
        notes += (
            "The campaigns differ no more than sampling noise explains (τ² = 0): the data give no "
            "evidence of real differences; type a prior sd from experience instead.",
        )
    if not paired:
        notes += (
            "The spread is between campaigns; it also includes differences of general level, so it "
            "may overstate how much two arms of one pilot differ (give both arms per pilot to "
            "separate them).",
        )
    elif diffs is not None and abs(diffs["mean"]) > 2 * diffs["se"]:
        notes += (
            "Treatments beat their controls by a clear average margin: consider different priors "
            "for control and treatment (prior mean + mean_difference for the treatment).",
        )
    return CampaignPriorResult(
        kind=kind,
        method=method,
        prior_mean=levels["mean"],
        prior_mean_se=levels["se"],
        prior_sd=sd,
        tau_squared=tau2,
        paired=paired,
        mean_difference=diffs["mean"] if diffs is not None else math.nan,
        mean_difference_se=diffs["se"] if diffs is not None else math.nan,
        level_sd=math.sqrt(levels["tau2"]),
        q_statistic=spread["q"],
        i_squared=spread["i2"],
        n_campaigns=n_campaigns,
        n_rows=n_rows,
        notes=notes,
    )


def beta_prior_from_moments(mean: float, sd: float) -> tuple[float, float]:
    """The Beta(α, β) prior of a response rate with the given mean and sd (method of moments).

    Args:
        mean: Expected response rate (fraction).
        sd: Its spread across campaigns (fraction); must be below ``√(mean·(1 − mean))``.

    Returns:
        ``(alpha, beta)`` with ``alpha + beta = mean·(1 − mean)/sd² − 1``.

    Examples:
        0.5 % response ± 0.35 pp:

        >>> a, b = beta_prior_from_moments(0.005, 0.0035222838884058864)
        >>> round(a, 6), round(b, 6)
        (2.0, 398.0)

    References:
        Method of moments for the Beta distribution (e.g. Gelman et al., *Bayesian Data Analysis*,
        §2.4 and §5.3).
    """
    mean = check_rate("mean", mean)
    sd = check_nonnegative("sd", sd)
    if not 0 < sd < math.sqrt(mean * (1 - mean)):
        raise InputError(
            "beta_sd_out_of_range",
            f"sd must be between 0 and √(mean·(1 − mean)) = {math.sqrt(mean * (1 - mean)):.4g} "
            f"for a Beta prior, got {sd}.",
            field="sd",
            value=sd,
            maximum=math.sqrt(mean * (1 - mean)),
        )
    size = mean * (1 - mean) / sd**2 - 1
    return mean * size, (1 - mean) * size

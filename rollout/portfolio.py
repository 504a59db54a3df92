"""What the testing programme has earned, de-biased: every campaign shrunk toward the portfolio mean.

A saved campaign's evaluation summary (``CampaignEvaluation.summary()``) gives its incremental profit
and its uplift with their intervals. Summing the winners' figures overstates what they will deliver
(the winner's curse, docs/formulas.md §6): a winner was picked *because* its estimate came out high.
:func:`portfolio_impact` fits a random-effects model to all campaigns (τ² by Paule–Mandel or
DerSimonian–Laird, the estimators of ``experiments.prior_from_past_campaigns``) and replaces each
estimate by its empirical-Bayes prediction, which pulls noisy estimates toward the portfolio mean; the
sums of the raw and of the shrunk figures, over all campaigns and over the winners, are reported with
intervals, with the share of winners that are still winners after shrinkage.

References:
    docs/formulas.md §6 (winner's curse), §17 (the portfolio); Lee & Shen (2018) (the sum of launched
    effects is biased upwards); DerSimonian & Laird (1986); Paule & Mandel (1982).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from planner_common import InputError, check_choice, check_probability
from rollout import _random_effects as re_model

QUANTITIES = ("profit", "lift")
WINNER_RULES = ("significant", "positive")
METHODS = re_model.METHODS
DEFAULT_CONFIDENCE = 0.95  # summaries saved before the confidence level was stored (the app's default)
_NORMAL = NormalDist()


@dataclass(frozen=True, slots=True, kw_only=True)
class PortfolioCampaign:
    """One campaign as the portfolio reads it (``nan`` where a figure is not known yet).

    Attributes:
        id, name: The campaign's registry id and name.
        expected_profit, profit_std_error: Incremental profit of the roll-out and its standard error.
        lift, lift_std_error: Uplift in the metric's good direction (a fraction) and its standard error.
        currency: ISO code of the profit.
    """

    id: int | str
    name: str
    expected_profit: float = math.nan
    profit_std_error: float = math.nan
    lift: float = math.nan
    lift_std_error: float = math.nan
    currency: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShrunkCampaign:
    """One campaign's raw and shrunk estimate (``shrinkage`` is ``B``: the share of its own deviation kept)."""

    id: int | str
    name: str
    estimate: float
    std_error: float
    ci_lower: float
    ci_upper: float
    shrunk_estimate: float
    shrunk_std_error: float
    shrunk_ci_lower: float
    shrunk_ci_upper: float
    shrinkage: float
    winner: bool
    survives: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PortfolioImpactResult:
    """The portfolio's raw and de-biased totals (see :func:`portfolio_impact`).

    Attributes:
        quantity, method, alpha, winner_rule, currency: The inputs echoed (currency for profit only).
        campaigns: Per campaign, the raw and shrunk estimate with intervals, in input order.
        skipped: Ids of campaigns without the figure (not evaluated yet), left out.
        tau_squared, tau: Between-campaign variance of true values and its root.
        mean, mean_std_error, mean_ci_lower, mean_ci_upper: The portfolio mean (random effects).
        q_statistic, i_squared: Cochran's Q and I² (share of the spread that is real).
        raw_total, raw_total_ci_lower, raw_total_ci_upper: Sum of the raw estimates of all campaigns.
        shrunk_total, shrunk_total_ci_lower, shrunk_total_ci_upper: Sum of the shrunk estimates.
        winners_raw_total, winners_shrunk_total (+ ``_ci_lower`` / ``_ci_upper``): The same over winners.
        n_campaigns, n_winners, n_survivors: Campaigns used, winners, winners that survive shrinkage.
        survival_share: ``n_survivors / n_winners`` (``nan`` without winners).
        notes: Caveats in plain English.
    """

    quantity: str
    method: str
    alpha: float
    winner_rule: str
    currency: str | None
    campaigns: tuple[ShrunkCampaign, ...]
    skipped: tuple[int | str, ...]
    tau_squared: float
    tau: float
    mean: float
    mean_std_error: float
    mean_ci_lower: float
    mean_ci_upper: float
    q_statistic: float
    i_squared: float
    raw_total: float
    raw_total_ci_lower: float
    raw_total_ci_upper: float
    shrunk_total: float
    shrunk_total_ci_lower: float
    shrunk_total_ci_upper: float
    winners_raw_total: float
    winners_raw_total_ci_lower: float
    winners_raw_total_ci_upper: float
    winners_shrunk_total: float
    winners_shrunk_total_ci_lower: float
    winners_shrunk_total_ci_upper: float
    n_campaigns: int
    n_winners: int
    n_survivors: int
    survival_share: float
    notes: tuple[str, ...] = ()


def _number(summary: Mapping[str, Any], key: str) -> float:
    value = summary.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return math.nan
    return float(value)


def profit_std_error(summary: Mapping[str, Any]) -> float:
    """The roll-out profit's standard error from an evaluation summary: ``(upper − lower) / (2 z)``.

    The profit is linear in the uplift and its interval is the money at ``û ± z·SE`` (docs/formulas.md
    §6), so the half-width over ``z`` (at the summary's ``confidence_level``, 95 % when a summary saved
    before that key existed lacks it) is exactly ``audience × margin × SE``.

    Examples:
        The catalogue pilot of docs/formulas.md §6: −19,4 M to +53,4 M at 95 %.

        >>> round(profit_std_error({"profit_ci_lower": -19.44e6, "profit_ci_upper": 53.44e6}) / 1e6, 2)
        18.59

    References:
        docs/formulas.md §6 (``SE = (upper − lower) / (2 z)``), §17.
    """
    low, high = _number(summary, "profit_ci_lower"), _number(summary, "profit_ci_upper")
    confidence = _number(summary, "confidence_level")
    if not 0 < confidence < 1:
        confidence = DEFAULT_CONFIDENCE
    return (high - low) / (2 * _NORMAL.inv_cdf(0.5 + confidence / 2))


def portfolio_campaign(summary: Mapping[str, Any], *, id: int | str, name: str = "") -> PortfolioCampaign:
    """One campaign's portfolio record from its evaluation summary (``CampaignEvaluation.summary()``).

    The lift is turned to the metric's good direction (a churn reduction counts as a positive lift).

    Examples:
        >>> s = {"expected_profit": 17e6, "profit_ci_lower": -19.44e6, "profit_ci_upper": 53.44e6,
        ...      "effect_size": 0.01, "std_error": 0.002318, "currency": "CLP"}
        >>> c = portfolio_campaign(s, id=7, name="Catálogo otoño")
        >>> round(c.profit_std_error / 1e6, 2), c.lift, c.currency
        (18.59, 0.01, 'CLP')

    References:
        docs/formulas.md §17.
    """
    sign = -1.0 if summary.get("direction") == "decrease" else 1.0
    currency = summary.get("currency")
    return PortfolioCampaign(
        id=id,
        name=name,
        expected_profit=_number(summary, "expected_profit"),
        profit_std_error=profit_std_error(summary),
        lift=sign * _number(summary, "effect_size"),
        lift_std_error=_number(summary, "std_error"),
        currency=currency if isinstance(currency, str) else None,
    )


def _figures(
    campaigns: Sequence[PortfolioCampaign], quantity: str
) -> tuple[list[int], np.ndarray, np.ndarray]:
    keys = ("expected_profit", "profit_std_error") if quantity == "profit" else ("lift", "lift_std_error")
    used, y, se = [], [], []
    for i, c in enumerate(campaigns):
        if not isinstance(c, PortfolioCampaign):
            raise InputError(
                "portfolio_bad_campaign",
                f"campaigns[{i}] must be a rollout.PortfolioCampaign, got {type(c).__name__}.",
                field="campaigns",
                value=type(c).__name__,
            )
        est, err = float(getattr(c, keys[0])), float(getattr(c, keys[1]))
        if math.isfinite(est) and math.isfinite(err):
            _check_std_error(c, err)
            used.append(i)
            y.append(est)
            se.append(err)
    return used, np.array(y), np.array(se)


def _check_std_error(c: PortfolioCampaign, se: float) -> None:
    if se <= 0:
        raise InputError(
            "portfolio_bad_std_error",
            f"campaign {c.id} ({c.name}) has standard error {se:g}; it must be greater than 0.",
            field="std_error",
            value=c.id,
            name=c.name,
        )


def _currency(campaigns: Sequence[PortfolioCampaign], used: list[int], quantity: str) -> str | None:
    codes = sorted({campaigns[i].currency or "" for i in used})
    if quantity == "profit" and len(codes) > 1:
        raise InputError(
            "portfolio_mixed_currency",
            f"profits in different currencies ({', '.join(c or '?' for c in codes)}) cannot be added; "
            "choose campaigns of one currency.",
            field="campaigns",
            value=", ".join(c or "?" for c in codes),
        )
    return (codes[0] or None) if quantity == "profit" and codes else None


def _winners(est: np.ndarray, se: np.ndarray, z: float, rule: str) -> np.ndarray:
    """Winner: significant in the good direction at ``alpha`` (``est − z·se > 0``) or merely positive."""
    return est - z * se > 0 if rule == "significant" else est > 0


def _interval(total: float, variance: float, z: float) -> tuple[float, float, float]:
    half = z * math.sqrt(variance)
    return total, total - half, total + half


def portfolio_impact(
    campaigns: Sequence[PortfolioCampaign],
    *,
    method: str = "paule-mandel",
    quantity: str = "profit",
    alpha: float = 0.05,
    winner_rule: str = "significant",
) -> PortfolioImpactResult:
    """Each campaign's incremental profit (or lift) shrunk toward the portfolio mean, and the totals.

    Args:
        campaigns: The campaigns (``portfolio_campaign`` of each summary, or
            ``Registry.portfolio_campaigns``); those without the figure are skipped and listed.
        method: ``"paule-mandel"`` (default, as ``prior_from_past_campaigns``) or ``"dersimonian-laird"``.
        quantity: ``"profit"`` (roll-out incremental profit, one currency) or ``"lift"`` (uplift in the
            good direction).
        alpha: Level of every two-sided interval (``1 − alpha``) and of the winners' test.
        winner_rule: ``"significant"`` – a winner's interval lies above 0 (its one-sided test at
            ``alpha/2`` says it gains); ``"positive"`` – any estimate above 0. A winner *survives* when
            its shrunk estimate passes the same rule with its shrunk standard error.

    Returns:
        :class:`PortfolioImpactResult`.

    Raises:
        InputError: Fewer than 2 campaigns with the figure, a standard error ≤ 0, mixed currencies.

    Examples:
        Six e-mail campaigns' roll-out profits (M CLP) with their standard errors. The two
        "significant" winners add up to 100 M; pulled toward the portfolio's modest mean they add up to
        about 56 M, and neither is still clearly above 0 on its own.

        >>> data = [("Verano", 60, 25), ("Otoño", 40, 18), ("Invierno", -10, 20), ("Primavera", 5, 15),
        ...         ("Navidad", 12, 10), ("Cyber", -4, 12)]
        >>> cs = [PortfolioCampaign(id=i, name=n, expected_profit=p * 1e6, profit_std_error=s * 1e6,
        ...                         currency="CLP") for i, (n, p, s) in enumerate(data)]
        >>> r = portfolio_impact(cs)
        >>> r.n_winners, round(r.winners_raw_total / 1e6), round(r.winners_shrunk_total / 1e6), r.n_survivors
        (2, 100, 56, 0)
        >>> round(r.tau / 1e6, 1), round(r.mean / 1e6, 1)
        (17.7, 13.5)

    References:
        docs/formulas.md §6, §17; DerSimonian & Laird (1986); Paule & Mandel (1982); Raudenbush & Bryk
        (2002) ch. 3; Lee & Shen (2018).
    """
    method = check_choice("method", method, METHODS)
    quantity = check_choice("quantity", quantity, QUANTITIES)
    winner_rule = check_choice("winner_rule", winner_rule, WINNER_RULES)
    alpha = check_probability("alpha", alpha)
    used, y, se = _figures(campaigns, quantity)
    if len(used) < 2:
        raise InputError(
            "portfolio_too_few",
            f"at least 2 campaigns with a {quantity} and its interval are needed, got {len(used)}.",
            field="campaigns",
            value=len(used),
            minimum=2,
        )
    currency = _currency(campaigns, used, quantity)
    v = se**2
    f = re_model.fit(y, v, method)
    return _result(campaigns, used, y, se, f, method=method, quantity=quantity, alpha=alpha,
                   winner_rule=winner_rule, currency=currency)  # fmt: skip


def _result(
    campaigns: Sequence[PortfolioCampaign],
    used: list[int],
    y: np.ndarray,
    se: np.ndarray,
    f: re_model.RandomEffectsFit,
    **echo: Any,
) -> PortfolioImpactResult:
    z = _NORMAL.inv_cdf(1 - echo["alpha"] / 2)
    v = se**2
    pred, pev = re_model.predictions(y, v, f)
    shrunk_se = np.sqrt(pev)
    winners = _winners(y, se, z, echo["winner_rule"])
    survivors = winners & _winners(pred, shrunk_se, z, echo["winner_rule"])
    rows = tuple(
        _row(campaigns[i], y[k], se[k], pred[k], shrunk_se[k], f, z, bool(winners[k]), bool(survivors[k]))
        for k, i in enumerate(used)
    )
    everyone = np.ones(len(y), dtype=bool)
    raw = _interval(float(y.sum()), float(v.sum()), z)
    shrunk = _interval(float(pred.sum()), re_model.total_variance(v, f, everyone), z)
    w_raw = _interval(float(y[winners].sum()), float(v[winners].sum()), z)
    w_shrunk = _interval(float(pred[winners].sum()), re_model.total_variance(v, f, winners), z)
    mean = _interval(f.mean, f.mean_variance, z)
    n_win, n_surv = int(winners.sum()), int(survivors.sum())
    kept = set(used)
    return PortfolioImpactResult(
        **echo, campaigns=rows, skipped=tuple(c.id for i, c in enumerate(campaigns) if i not in kept),
        tau_squared=f.tau_squared, tau=math.sqrt(f.tau_squared), mean=mean[0],
        mean_std_error=math.sqrt(f.mean_variance), mean_ci_lower=mean[1], mean_ci_upper=mean[2],
        q_statistic=f.q_statistic, i_squared=f.i_squared, raw_total=raw[0], raw_total_ci_lower=raw[1],
        raw_total_ci_upper=raw[2], shrunk_total=shrunk[0], shrunk_total_ci_lower=shrunk[1],
        shrunk_total_ci_upper=shrunk[2], winners_raw_total=w_raw[0], winners_raw_total_ci_lower=w_raw[1],
        winners_raw_total_ci_upper=w_raw[2], winners_shrunk_total=w_shrunk[0],
        winners_shrunk_total_ci_lower=w_shrunk[1], winners_shrunk_total_ci_upper=w_shrunk[2],
        n_campaigns=len(used), n_winners=n_win, n_survivors=n_surv,
        survival_share=n_surv / n_win if n_win else math.nan,
        notes=_notes(f, len(used), len(campaigns) - len(used)),
    )  # fmt: skip


def _row(
    c: PortfolioCampaign,
    est: float,
    se: float,
    pred: float,
    shrunk_se: float,
    f: re_model.RandomEffectsFit,
    z: float,
    winner: bool,
    survives: bool,
) -> ShrunkCampaign:
    return ShrunkCampaign(
        id=c.id, name=c.name, estimate=float(est), std_error=float(se), ci_lower=float(est - z * se),
        ci_upper=float(est + z * se), shrunk_estimate=float(pred), shrunk_std_error=float(shrunk_se),
        shrunk_ci_lower=float(pred - z * shrunk_se), shrunk_ci_upper=float(pred + z * shrunk_se),
        shrinkage=float(f.tau_squared / (f.tau_squared + se**2)), winner=winner, survives=survives,
    )  # fmt: skip


def _notes(f: re_model.RandomEffectsFit, used: int, skipped: int) -> tuple[str, ...]:
    notes = [
        "Shrunk figures assume the campaigns are comparable draws from one portfolio; their intervals "
        "take the estimated spread between campaigns as known.",
        "The winners' raw total is selected on its own noise, so it overstates what the winners deliver; "
        "the shrunk total corrects for that.",
    ]
    if f.tau_squared == 0:
        notes.append(
            "The campaigns differ no more than their sampling noise explains (τ² = 0): every campaign is "
            "shrunk all the way to the portfolio mean."
        )
    if used < 5:
        notes.append(f"Only {used} campaigns: the spread between campaigns is poorly estimated.")
    if skipped:
        notes.append(f"{skipped} campaign(s) without the figure were left out.")
    return tuple(notes)

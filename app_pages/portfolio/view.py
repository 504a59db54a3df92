"""Tables and sentences of the Portfolio page, built from the registry's results (no figure computed here).

Every number goes through the app's one formatter (``app_pages.i18n.fmt_*``); money is written in each
campaign's own currency. Campaign names are user text: they are only ever table cells or plain text.
"""

from __future__ import annotations

import math
from typing import TypeGuard

import pandas as pd
import streamlit as st

from app_pages.components.cards import cards
from app_pages.components.feedback import sentence
from app_pages.i18n import (
    current_lang,
    fmt_date,
    fmt_int,
    fmt_money,
    fmt_number,
    fmt_pct,
    fmt_period,
    fmt_pp,
    fmt_prob,
    t,
)
from app_pages.portfolio.inputs import code_label
from rollout import PeriodViewResult, PortfolioImpactResult, PortfolioListResult, TierResultsResult

DASH = "—"


def _known(value: float | None) -> TypeGuard[float]:
    """A stored figure (``None`` or NaN until the campaign is evaluated)."""
    return value is not None and not math.isnan(value)


def _money(value: float | None, currency: str) -> str:
    return fmt_money(value, currency) if _known(value) else DASH


def _pct(value: float | None, digits: int = 2) -> str:
    return fmt_pct(value, digits=digits) if _known(value) else DASH


def _interval(low: float | None, high: float | None, currency: str) -> str:
    if not _known(low) or not _known(high):
        return DASH
    return t("portfolio.interval", low=fmt_money(low, currency), high=fmt_money(high, currency))


LISTING_RIGHT = ("contacts", "response", "conversion", "cost_contact", "cost_response", "cost_incremental",
                 "profit", "interval", "roi", "probability")  # fmt: skip


LISTING_COLUMNS = ("id", "name", "stage", "owner", "channel", "objective", "start", "end")


def listing_table(result: PortfolioListResult, fallback_currency: str) -> pd.DataFrame:
    """One row per campaign of the page, every cell formatted, headers in the session language."""
    lang = current_lang()
    rows = []
    for r in result.rows:
        cur = r.currency or fallback_currency
        rows.append({
            "id": f"#{r.id}", "name": r.name, "stage": code_label("stage.", r.stage, lang),
            "owner": r.owner or DASH, "channel": code_label("brief.channel_", r.channel, lang),
            "objective": code_label("brief.objective_", r.objective, lang),
            "start": fmt_date(r.pilot_start) if r.pilot_start else DASH,
            "end": fmt_date(r.pilot_end) if r.pilot_end else DASH,
            "contacts": fmt_int(r.contacts) if _known(r.contacts) else DASH,
            "response": _pct(r.response_rate), "conversion": _pct(r.conversion_rate),
            "cost_contact": _money(r.cost_per_contact, cur), "cost_response": _money(r.cost_per_response, cur),
            "cost_incremental": _money(r.cost_per_incremental_response, cur),
            "profit": _money(r.expected_profit, cur), "interval": _interval(r.profit_ci_lower, r.profit_ci_upper, cur),
            "roi": _pct(r.expected_roi, 1),
            "probability": fmt_prob(r.probability_of_profit) if _known(r.probability_of_profit) else DASH,
        })  # fmt: skip
    columns = [*LISTING_COLUMNS, *LISTING_RIGHT]
    table = pd.DataFrame(rows, columns=columns)
    return table.rename(columns={c: t(f"portfolio.col.{c}") for c in columns})


EXPORT_FIGURES = {"contacts": "contacts", "response": "response_rate", "conversion": "conversion_rate",
                  "cost_contact": "cost_per_contact", "cost_response": "cost_per_response",
                  "cost_incremental": "cost_per_incremental_response", "profit": "expected_profit",
                  "profit_low": "profit_ci_lower", "profit_high": "profit_ci_upper", "roi": "expected_roi",
                  "probability": "probability_of_profit"}  # fmt: skip
EXPORT_PERCENT = ("response", "conversion", "roi", "probability")


def listing_export(result: PortfolioListResult, fallback_currency: str) -> pd.DataFrame:
    """The listing for the downloads: the words of the screen, the figures as numbers (a blank until the
    campaign is evaluated, rates as fractions, the profit interval as two columns), so the CSV writes
    them in the locale and the XLSX as numeric cells."""
    lang = current_lang()
    rows = [{
        "id": str(r.id), "name": r.name, "stage": code_label("stage.", r.stage, lang), "owner": r.owner,
        "channel": code_label("brief.channel_", r.channel, lang),
        "objective": code_label("brief.objective_", r.objective, lang),
        "start": r.pilot_start.isoformat() if r.pilot_start else None,
        "end": r.pilot_end.isoformat() if r.pilot_end else None,
        "currency": r.currency or fallback_currency,
        **{column: getattr(r, field) for column, field in EXPORT_FIGURES.items()},
    } for r in result.rows]  # fmt: skip
    table = pd.DataFrame(rows, columns=[*LISTING_COLUMNS[:8], "currency", *EXPORT_FIGURES])
    figures = list(EXPORT_FIGURES)
    table[figures] = table[figures].apply(pd.to_numeric, errors="coerce").astype("float64")
    return table.rename(columns={c: t(f"portfolio.col.{c}") for c in table.columns})


def listing_export_formats() -> dict[str, str]:
    """Excel formats of the listing download: percents for the rates (money keeps the default format)."""
    return {t(f"portfolio.col.{c}"): "0.0%" for c in EXPORT_PERCENT} | {t("portfolio.col.contacts"): "#,##0"}


PERIOD_COLUMNS = ("period", "currency", "campaigns", "running", "finished", "contacts", "responses",
                  "incremental_responses", "spend", "incremental_profit", "expected_profit")  # fmt: skip


def period_raw(result: PeriodViewResult) -> pd.DataFrame:
    """The period view as plain numbers (the downloads), headers in the session language."""
    rows = [{c: getattr(r, c) for c in PERIOD_COLUMNS} for r in result.rows]
    table = pd.DataFrame(rows, columns=list(PERIOD_COLUMNS))
    table["period"] = table["period"].map(lambda d: d.isoformat())
    return table.rename(columns={c: t(f"portfolio.pcol.{c}") for c in PERIOD_COLUMNS})


def period_table(result: PeriodViewResult, fallback_currency: str) -> pd.DataFrame:
    """The period view formatted for the screen."""
    rows = []
    for r in result.rows:
        cur = r.currency or fallback_currency
        rows.append({
            "period": fmt_period(r.period, result.period), "currency": cur, "campaigns": fmt_int(r.campaigns),
            "running": fmt_int(r.running), "finished": fmt_int(r.finished), "contacts": fmt_int(r.contacts),
            "responses": fmt_number(r.responses, digits=0), "incremental_responses":
            fmt_number(r.incremental_responses, digits=1), "spend": fmt_money(r.spend, cur),
            "incremental_profit": fmt_money(r.incremental_profit, cur),
            "expected_profit": fmt_money(r.expected_profit, cur),
        })  # fmt: skip
    table = pd.DataFrame(rows, columns=list(PERIOD_COLUMNS))
    return table.rename(columns={c: t(f"portfolio.pcol.{c}") for c in PERIOD_COLUMNS})


def show_impact(result: PortfolioImpactResult, fallback_currency: str) -> None:
    """Raw and shrunk totals with intervals, the winners that survive, and why the totals differ."""
    cur = result.currency or fallback_currency
    items = [
        (t("portfolio.impact.raw_total"), fmt_money(result.raw_total, cur),
         _interval(result.raw_total_ci_lower, result.raw_total_ci_upper, cur)),
        (t("portfolio.impact.shrunk_total"), fmt_money(result.shrunk_total, cur),
         _interval(result.shrunk_total_ci_lower, result.shrunk_total_ci_upper, cur)),
        (t("portfolio.impact.winners_raw"), fmt_money(result.winners_raw_total, cur),
         _interval(result.winners_raw_total_ci_lower, result.winners_raw_total_ci_upper, cur)),
        (t("portfolio.impact.winners_shrunk"), fmt_money(result.winners_shrunk_total, cur),
         _interval(result.winners_shrunk_total_ci_lower, result.winners_shrunk_total_ci_upper, cur)),
    ]  # fmt: skip
    cards([{"label": label, "value": value, "delta": interval, "delta_color": "off", "delta_arrow": "off"}
           for label, value, interval in items], per_row=2)  # fmt: skip
    survival = _pct(result.survival_share, 0) if result.n_winners else DASH
    st.caption(t("portfolio.impact.survival", survivors=result.n_survivors, winners=result.n_winners,
                 share=survival, campaigns=result.n_campaigns))  # fmt: skip
    if result.n_winners:
        raw, shrunk, key = result.winners_raw_total, result.winners_shrunk_total, "portfolio.impact.why"
    else:
        raw, shrunk, key = result.raw_total, result.shrunk_total, "portfolio.impact.why_no_winners"
    sentence(t(key, raw=fmt_money(raw, cur), shrunk=fmt_money(shrunk, cur), mean=fmt_money(result.mean, cur)))
    rows = [{
        t("portfolio.icol.name"): c.name, t("portfolio.icol.raw"): fmt_money(c.estimate, cur),
        t("portfolio.icol.shrunk"): fmt_money(c.shrunk_estimate, cur),
        t("portfolio.icol.winner"): t("portfolio.yes") if c.winner else t("portfolio.no"),
        t("portfolio.icol.survives"): t("portfolio.yes") if c.survives else (DASH if not c.winner else t("portfolio.no")),
    } for c in result.campaigns]  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def tier_table(result: TierResultsResult) -> pd.DataFrame:
    """Pooled uplift per value tier across campaigns, with its interval and how much campaigns differ."""
    rows = [{
        "tier": r.tier, "campaigns": fmt_int(r.campaigns), "n_control": fmt_int(r.n_control),
        "n_treatment": fmt_int(r.n_treatment), "incremental": fmt_number(r.incremental_responses, digits=1),
        "lift": fmt_pp(r.effect_size), "interval": t("portfolio.interval", low=fmt_pp(r.effect_size_ci_lower),
                                                      high=fmt_pp(r.effect_size_ci_upper)),
        "i_squared": fmt_pct(r.i_squared, digits=0),
    } for r in result.rows]  # fmt: skip
    columns = [
        "tier",
        "campaigns",
        "n_control",
        "n_treatment",
        "incremental",
        "lift",
        "interval",
        "i_squared",
    ]
    return pd.DataFrame(rows, columns=columns).rename(columns={c: t(f"portfolio.tcol.{c}") for c in columns})

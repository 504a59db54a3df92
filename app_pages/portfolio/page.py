"""Cartera / Portfolio: every saved campaign at a glance, by day, week and month, and what the programme
has earned once the winners' luck is taken out.

One ``PortfolioFilter`` (``inputs``) drives four registry queries: the listing (``Registry.portfolio``),
the period views (``Registry.portfolio_periods``), the programme's impact (``rollout.portfolio_impact``
of ``Registry.portfolio_campaigns``) and the value tiers (``Registry.tier_results``). The page renders
their results (``view``, ``charts``) and acts on one campaign (``actions``); it computes no figure.
"""

from __future__ import annotations

import streamlit as st

from app_pages.cache import registry
from app_pages.components.charts import show_chart
from app_pages.components.tables import download_table, show_table
from app_pages.i18n import error_text, fmt_int, t
from app_pages.portfolio.actions import render_actions, show_flash
from app_pages.portfolio.charts import period_chart
from app_pages.portfolio.inputs import PAGE_SIZE, render_filters, render_period, render_sort
from app_pages.portfolio.view import (
    LISTING_RIGHT,
    PERIOD_COLUMNS,
    listing_export,
    listing_export_formats,
    listing_table,
    period_raw,
    period_table,
    show_impact,
    tier_table,
)
from app_pages.state import currency
from planner_common import InputError
from rollout import PortfolioFilter, portfolio_impact


def _unreachable(exc: Exception) -> None:
    st.error(t("app.registry_error", reason=error_text(exc)), icon=":material/error:")


def _listing(filters: PortfolioFilter) -> None:
    try:
        pages = registry().portfolio(filters, page_size=PAGE_SIZE).pages
        sort, descending, number = render_sort(pages)
        result = registry().portfolio(
            filters, sort=sort, descending=descending, page=number, page_size=PAGE_SIZE
        )
    except Exception as exc:  # noqa: BLE001 - one sentence; nothing else on the page depends on it
        _unreachable(exc)
        return
    key = "portfolio.count_one" if result.total == 1 else "portfolio.count"  # Spanish and English plurals
    st.caption(t(key, total=fmt_int(result.total), shown=fmt_int(len(result.rows))))
    if not result.rows:
        st.info(t("portfolio.empty"), icon=":material/inbox:")
        return
    table = listing_table(result, currency())
    show_table(table, right=[t(f"portfolio.col.{c}") for c in LISTING_RIGHT])
    download_table(
        listing_export(result, currency()), t("portfolio.listing_file"), key="portfolio.listing",
        id_columns=[t("portfolio.col.id")], formats=listing_export_formats(),
    )  # fmt: skip
    render_actions(result.rows)


def _periods(filters: PortfolioFilter) -> None:
    period = render_period()
    try:
        result = registry().portfolio_periods(period, filters)
    except Exception as exc:  # noqa: BLE001
        _unreachable(exc)
        return
    if not result.rows:
        st.info(t("portfolio.no_periods"), icon=":material/calendar_month:")
        return
    cur = currency()
    rows = tuple(
        (r.period.isoformat(), r.currency or cur, r.incremental_profit, r.spend) for r in result.rows
    )
    show_chart(
        period_chart, rows, period, downloads=(t(f"portfolio.periods_file.{period}"), "portfolio.chart")
    )
    st.caption(t("portfolio.periods_caption"))
    right = [t(f"portfolio.pcol.{c}") for c in PERIOD_COLUMNS[2:]]
    show_table(period_table(result, cur), right=right)
    download_table(period_raw(result), t(f"portfolio.periods_file.{period}"), key="portfolio.periods")


def _impact(filters: PortfolioFilter) -> None:
    st.caption(t("portfolio.impact.intro"))
    try:
        result = portfolio_impact(registry().portfolio_campaigns(filters))
    except InputError as exc:
        (st.info if exc.code == "portfolio_too_few" else st.warning)(error_text(exc), icon=":material/info:")
        return
    except Exception as exc:  # noqa: BLE001
        _unreachable(exc)
        return
    show_impact(result, currency())


def _tiers(filters: PortfolioFilter) -> None:
    try:
        result = registry().tier_results(filters)
    except Exception as exc:  # noqa: BLE001
        _unreachable(exc)
        return
    if not result.rows:
        st.info(t("portfolio.no_tiers"), icon=":material/layers:")
        return
    st.caption(t("portfolio.tiers_caption"))
    table = tier_table(result)
    show_table(table, right=list(table.columns[1:]))


st.title(t("portfolio.title"))
st.caption(t("portfolio.subtitle"))
show_flash()
with st.expander(t("portfolio.filters"), expanded=True, icon=":material/filter_list:"):
    chosen = render_filters()
if chosen is not None:  # not st.stop(): the router still draws the sidebar's campaign panel after the page
    listing, periods, impact, tiers = st.tabs(
        [
            t("portfolio.tab.listing"),
            t("portfolio.tab.periods"),
            t("portfolio.tab.impact"),
            t("portfolio.tab.tiers"),
        ]
    )
    with listing:
        _listing(chosen)
    with periods:
        _periods(chosen)
    with impact:
        _impact(chosen)
    with tiers:
        _tiers(chosen)

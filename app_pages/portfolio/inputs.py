"""The Portfolio page's controls: filters, search, sorting, paging and the period switch.

Widget values live under ``portfolio.*`` keys; the filters become one ``rollout.PortfolioFilter`` that
every query of the page shares (listing, period views, programme impact, tiers).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.brief.inputs import CHANNELS, OBJECTIVES
from app_pages.cache import registry
from app_pages.components.feedback import show_error
from app_pages.components.inputs import count_input, number_value, option_labels
from app_pages.i18n import current_lang, load_catalog, t, translate
from rollout import STAGES, PortfolioFilter

PAGE_SIZE = 50
PERIODS = ("day", "week", "month")  # the registry's period views (Registry.portfolio_periods)
SORTS = ("updated_at", "name", "stage", "owner", "channel", "objective", "pilot_start", "pilot_end",
         "contacts", "spend", "expected_profit", "expected_roi", "probability_of_profit",
         "cost_per_incremental_response")  # fmt: skip


def code_label(prefix: str, code: str | None, lang: str) -> str:
    """The catalog label of a code (``brief.channel_sms`` → "SMS"), or the code itself when it has none."""
    if not code:
        return "—"
    key = f"{prefix}{code}"
    return translate(key, lang) if key in load_catalog(lang) else code


def _labels(prefix: str) -> Any:
    from app_pages.i18n import current_lang

    lang = current_lang()
    return lambda code: code_label(prefix, code, lang)


def _owners() -> list[str]:
    try:
        return [user.username for user in registry().list_users()]
    except Exception:  # noqa: BLE001 - an unreachable database shows no owner filter
        return []


DATE_SHAPE = {"es": "DD-MM-YYYY", "en": "MM/DD/YYYY"}


def render_filters() -> PortfolioFilter | None:
    """Draw the filters; the ``PortfolioFilter`` they give, or ``None`` (with one sentence) when invalid."""
    st.text_input(t("portfolio.search"), key="portfolio.search", placeholder=t("portfolio.search_hint"))
    any_value = t("portfolio.any")
    choices = (("stage", STAGES, "stage."), ("channel", CHANNELS, "brief.channel_"),
               ("objective", OBJECTIVES, "brief.objective_"))  # fmt: skip
    for column, (name, options, prefix) in zip(st.columns(3), choices, strict=True):
        column.multiselect(t(f"portfolio.{name}"), options, key=f"portfolio.{name}",
                           format_func=_labels(prefix), placeholder=any_value)  # fmt: skip
    owners, start, end = st.columns(3)
    owner_names = _owners()
    if owner_names:
        owners.multiselect(t("portfolio.owner"), owner_names, key="portfolio.owner", placeholder=any_value)
    shape = DATE_SHAPE.get(current_lang(), "YYYY-MM-DD")  # as each language writes a day
    start.date_input(t("portfolio.date_from"), value=None, key="portfolio.date_from", format=shape)
    end.date_input(t("portfolio.date_to"), value=None, key="portfolio.date_to", format=shape)
    st.toggle(t("portfolio.archived"), key="portfolio.archived", help=t("portfolio.archived_help"))
    state = st.session_state
    try:
        return PortfolioFilter(
            stage=tuple(state.get("portfolio.stage") or ()),
            channel=tuple(state.get("portfolio.channel") or ()),
            objective=tuple(state.get("portfolio.objective") or ()),
            owner=tuple(state.get("portfolio.owner") or ()) if owner_names else None,
            date_from=state.get("portfolio.date_from"),
            date_to=state.get("portfolio.date_to"),
            archived=bool(state.get("portfolio.archived")),
            search=str(state.get("portfolio.search") or ""),
        )
    except Exception as exc:  # noqa: BLE001 - one sentence next to the filters
        show_error(exc)
        return None


def render_sort(pages: int) -> tuple[str, bool, int]:
    """Sort column, descending, and the page number (1-based, at most ``pages``)."""
    st.session_state.setdefault("portfolio.sort", "updated_at")
    st.session_state.setdefault("portfolio.descending", True)
    column, order, number = st.columns([3, 2, 2])
    sort = column.selectbox(
        t("portfolio.sort"), SORTS, key="portfolio.sort", format_func=option_labels("portfolio.sorts.")
    )
    descending = order.toggle(t("portfolio.descending"), key="portfolio.descending")
    typed = number_value("portfolio.page")  # the box holds text: its number as read, None if refused
    if isinstance(typed, int | float) and typed > pages:  # fewer pages than before (filters changed)
        st.session_state["portfolio.page"] = pages
    st.session_state.setdefault("portfolio.page", 1)
    page = count_input(
        t("portfolio.page", pages=pages), "portfolio.page", container=number, minimum=1, maximum=pages
    )
    return str(sort), bool(descending), int(page or 1)


def render_period() -> str:
    """The one day / week / month switch of the period views."""
    st.session_state.setdefault("portfolio.period", "month")
    period = st.segmented_control(
        t("portfolio.period"),
        PERIODS,
        key="portfolio.period",
        required=True,
        format_func=option_labels("portfolio.periods."),
    )
    return str(period or "month")

"""Sidebar: language, currency, the current campaign, and saving / reopening it from the registry.

Saving stores the campaign's record (``Campaign.to_dict``), the inputs every page showed, and the
evaluation's summary figures, so the saved list shows the same chance of profit and expected profit as
the pages. A save from a stale session is refused with a sentence and a button to reopen the saved
version; the session keeps its work. Campaign names are user text: always shown as plain text.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.cache import registry
from app_pages.i18n import LANGS, error_text, fmt_money, fmt_prob, t
from app_pages.state import CURRENCIES, campaign, evaluation, restore_widget_values, update, widget_values
from rollout import Campaign

USER = "auth.user"  # the signed-in ``rollout.permissions.User`` (set by the sign-in screen)


def _save() -> None:
    current = campaign().replace(widgets=widget_values())
    try:
        saved = registry().save(
            current.to_dict(),
            campaign_id=current.id,
            actor=st.session_state.get(USER),
            expected_version=current.version,
            summary=evaluation().summary(),
        )
    except Exception as exc:  # noqa: BLE001 - shown as one sentence; the session keeps the work
        stale = getattr(exc, "code", "") in ("stale_campaign", "version_missing")
        st.session_state["app.flash"] = ("error", t("app.registry_error", reason=error_text(exc)), stale)
        return
    update(id=saved.id, version=saved.version, stage=saved.stage, widgets=current.widgets)
    st.session_state["app.flash"] = ("success", t("app.saved", id=saved.id), False)


def _open(campaign_id: int) -> None:
    try:
        loaded = registry().load_campaign(campaign_id)
        opened = Campaign.from_dict({**loaded, "id": campaign_id})
    except Exception as exc:  # noqa: BLE001
        st.session_state["app.flash"] = ("error", t("app.registry_error", reason=error_text(exc)), False)
        return
    restore_widget_values(opened.widgets)
    st.session_state["campaign"] = opened


def _label(row: Any) -> str:
    """``#3 Catálogo · Analizado · 82 % · $17.000.000`` (the figures saved with the evaluation)."""
    parts = [f"#{row.id} {row.name}", t("stage." + row.stage)]
    summary = row.summary or {}
    if summary.get("probability_of_profit") is not None:
        parts.append(t("app.list_probability", value=fmt_prob(summary["probability_of_profit"])))
    if summary.get("expected_profit") is not None:
        parts.append(fmt_money(summary["expected_profit"], summary.get("currency") or "CLP"))
    return " · ".join(parts)


SIDEBAR_LIMIT = 100  # the latest saves; the Portfolio page searches all of them


def _saved_campaigns() -> dict[int, str]:
    try:
        return {row.id: _label(row) for row in registry().list_campaigns(limit=SIDEBAR_LIMIT, archived=False)}
    except Exception:  # noqa: BLE001 - an unreachable database must not break the page
        return {}


def _flash() -> None:
    flash = st.session_state.pop("app.flash", None)
    if not flash:
        return
    kind, text, stale = flash
    getattr(st, kind)(text)
    current = campaign()
    if stale and current.id is not None:
        st.button(t("app.reload"), key="app.reload_btn", on_click=_open, args=(current.id,), width="stretch")


def render_sidebar() -> None:
    """Draw the sidebar."""
    with st.sidebar:
        st.segmented_control(t("app.language"), LANGS, key="lang", format_func=str.upper)
        st.selectbox(t("app.currency"), CURRENCIES, key="app.currency")
        current = campaign()
        st.caption(t("app.campaign"))
        st.text(f"{current.brief.name or t('app.no_campaign')} · {t('stage.' + current.stage)}")
        st.button(t("app.save"), on_click=_save, key="app.save_btn", icon=":material/save:", width="stretch")
        _flash()
        saved = _saved_campaigns()
        if saved:
            choice = st.selectbox(
                t("app.saved_campaigns"),
                list(saved),
                format_func=saved.get,
                key="app.open_choice",
                index=None,
                placeholder=t("app.pick_campaign"),
            )
            if choice is not None:
                st.button(
                    t("app.open"),
                    on_click=_open,
                    args=(choice,),
                    key="app.open_btn",
                    icon=":material/folder_open:",
                    width="stretch",
                )

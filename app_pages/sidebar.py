"""Sidebar: language, currency, the current campaign, and saving / reopening it from the registry."""

from __future__ import annotations

import streamlit as st

from app_pages.cache import registry
from app_pages.i18n import LANGS, error_text, t
from app_pages.state import CURRENCIES, campaign, restore_widget_values, widget_values


def _save() -> None:
    current = campaign()
    current["widgets"] = widget_values()
    try:
        current["id"] = registry().save_campaign(current, campaign_id=current.get("id"))
        st.session_state["app.flash"] = ("success", t("app.saved", id=current["id"]))
    except Exception as exc:  # noqa: BLE001 - shown as one sentence; the session keeps the work
        st.session_state["app.flash"] = ("error", t("app.registry_error", reason=error_text(exc)))


def _open(campaign_id: int) -> None:
    try:
        loaded = registry().load_campaign(campaign_id)
    except Exception as exc:  # noqa: BLE001
        st.session_state["app.flash"] = ("error", t("app.registry_error", reason=error_text(exc)))
        return
    loaded["id"] = campaign_id
    restore_widget_values(loaded.pop("widgets", None) or {})
    st.session_state["campaign"] = loaded


def _saved_campaigns() -> dict[int, str]:
    try:
        return {c.id: f"#{c.id} {c.name} · {t('stage.' + c.stage)}" for c in registry().list_campaigns()}
    except Exception:  # noqa: BLE001 - an unreachable database must not break the page
        return {}


def render_sidebar() -> None:
    """Draw the sidebar."""
    with st.sidebar:
        st.segmented_control(t("app.language"), LANGS, key="lang", format_func=str.upper)
        st.selectbox(t("app.currency"), CURRENCIES, key="app.currency")
        current = campaign()
        name = current.get("brief", {}).get("name") or t("app.no_campaign")
        st.caption(f"{t('app.campaign')}: **{name}** · {t('stage.' + current.get('stage', 'draft'))}")
        st.button(
            t("app.save"),
            on_click=_save,
            key="app.save_btn",
            icon=":material/save:",
            use_container_width=True,
        )
        flash = st.session_state.pop("app.flash", None)
        if flash:
            getattr(st, flash[0])(flash[1])
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
                    use_container_width=True,
                )

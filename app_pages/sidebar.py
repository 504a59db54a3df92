"""Sidebar: language, currency, who is signed in, the current campaign, and saving / reopening it.

Saving stores the campaign's record (``Campaign.to_dict``), the inputs every page showed, and the
evaluation's summary figures, so the saved list shows the same chance of profit and expected profit as
the pages. The Save button shows only for a role that saves campaigns, and is held back, with one
sentence, when the session changed a section the role may not save (``rollout.permissions``
``SECTION_ACTIONS``; the registry checks the same table). A save from a stale session is refused with
one sentence and a button to reopen the saved version; the session keeps its work. A new campaign saved
under the name of a saved one (ignoring case and outer spaces) is saved all the same, with a warning
naming it. Campaign and user names are user text: always shown as plain text.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.auth.session import USER, can, can_save, current_user, read_only, sign_out
from app_pages.cache import registry
from app_pages.components.feedback import plain, registry_text
from app_pages.i18n import LANGS, fmt_alternatives, fmt_money, fmt_prob, t
from app_pages.state import (
    CURRENCIES,
    campaign,
    evaluation,
    forget_page_inputs,
    restore_widget_values,
    update,
    widget_values,
)
from rollout import Campaign, PortfolioFilter
from rollout.permissions import PERMISSIONS, SECTION_ACTIONS

__all__ = ["USER", "open_saved", "render_campaign_panel", "render_sidebar"]
BASELINE = "app.saved_sections"  # the campaign as last opened or saved: which sections this session changed
STALE = ("stale_campaign", "version_missing")


FIRST_RUNS = "_pages_run"  # (no dot: never saved with the widgets) pages that have run since the campaign was opened or saved
BEFORE_PAGE = "_before_page"  # the campaign's sections as this run's page found them


def _remember(saved: Campaign) -> None:
    plain = saved.to_dict()
    st.session_state[BASELINE] = {"id": saved.id, **{k: plain.get(k) for k in SECTION_ACTIONS}}
    st.session_state[FIRST_RUNS] = set()


def _adopt_first_run(current: Campaign, page: str) -> None:
    """A page's first run after opening only draws what was opened (no widget of it existed before), so
    what that run fills in – a default the saved campaign left empty, e.g. a brief saved by the first
    release without an objective – is not this session's change, and must not block a role's Save."""
    seen, base = st.session_state.setdefault(FIRST_RUNS, set()), st.session_state.get(BASELINE)
    before = st.session_state.pop(BEFORE_PAGE, None)
    if page in seen or not isinstance(base, dict) or base.get("id") != current.id or before is None:
        return
    seen.add(page)
    now = current.to_dict()
    st.session_state[BASELINE] = {
        **base,
        **{k: now.get(k) for k in SECTION_ACTIONS if before.get(k) != now.get(k)},
    }


def _blocked(current: Campaign) -> list[str]:
    """Actions this session's changes need that the signed-in role may not perform."""
    base = st.session_state.get(BASELINE)
    if current.id is None or not isinstance(base, dict) or base.get("id") != current.id:
        return []
    now = current.to_dict()
    needed = {action for key, action in SECTION_ACTIONS.items() if base.get(key) != now.get(key)}
    return sorted(action for action in needed if not can(action))


def _same_name(name: str) -> list[int]:
    """Ids of the saved campaigns (archived ones too) called ``name``, ignoring case and outer spaces."""
    wanted = name.strip().casefold()
    if not wanted:
        return []
    try:
        found = registry().portfolio(PortfolioFilter(search=name.strip(), archived=None), page_size=500)
    except Exception:  # noqa: BLE001 - the save itself says when the registry cannot be reached
        return []
    return sorted(row.id for row in found.rows if (row.name or "").strip().casefold() == wanted)


def _save() -> None:
    current = campaign().replace(widgets=widget_values())
    twins = _same_name(current.brief.name) if current.id is None else []
    try:
        saved = registry().save(
            current.to_dict(),
            campaign_id=current.id,
            actor=st.session_state.get(USER),
            expected_version=current.version,
            summary=evaluation().summary(),
        )
    except Exception as exc:  # noqa: BLE001 - shown as one sentence; the session keeps the work
        stale = getattr(exc, "code", "") in STALE
        st.session_state["app.flash"] = ("error", registry_text(exc), stale)
        return
    _remember(update(id=saved.id, version=saved.version, stage=saved.stage, widgets=current.widgets))
    st.session_state["app.flash"] = ("success", t("app.saved", id=saved.id), False)
    if twins:
        ids = ", ".join(f"#{twin}" for twin in twins)
        name = plain(current.brief.name.strip())
        st.session_state["app.flash_twins"] = t("app.same_name", name=name, ids=ids, id=f"#{saved.id}")


def open_saved(campaign_id: int) -> None:
    """Callback: replace the session's campaign by the saved one (its widgets and sections)."""
    try:
        loaded = registry().load_campaign(campaign_id)
        opened = Campaign.from_dict({**loaded, "id": campaign_id})
    except Exception as exc:  # noqa: BLE001
        st.session_state["app.flash"] = ("error", registry_text(exc), False)
        return
    forget_page_inputs()  # e.g. the Roll-out source chosen for the previous campaign gives way to the readout
    restore_widget_values(opened.widgets)
    st.session_state["campaign"] = opened
    _remember(opened)


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
    except Exception as exc:  # noqa: BLE001 - an unreachable database must not break the page
        st.caption(registry_text(exc))
        return {}


def _flash() -> None:
    flash = st.session_state.pop("app.flash", None)
    twins = st.session_state.pop("app.flash_twins", None)
    if not flash:
        return
    kind, text, stale = flash
    getattr(st, kind)(text)
    if twins:
        st.warning(twins, icon=":material/content_copy:")
    current = campaign()
    if stale and current.id is not None:
        st.button(
            t("app.reload"), key="app.reload_btn", on_click=open_saved, args=(current.id,), width="stretch"
        )


def _identity() -> None:
    user = current_user()
    if user is None:
        return
    st.caption(t("auth.signed_in"))
    st.text(f"{user.display_name} · {t('role.' + user.role)}")
    st.button(t("auth.sign_out"), key="auth.signout_btn", on_click=sign_out, icon=":material/logout:",
              help=t("auth.sign_out_help"))  # fmt: skip


def _save_button(current: Campaign) -> None:
    user = current_user()
    if read_only():
        st.info(t("auth.read_only_save"), icon=":material/lock:")
    elif user is not None and can_save():
        blocked = _blocked(current)
        st.button(t("app.save"), on_click=_save, key="app.save_btn", icon=":material/save:", width="stretch",
                  disabled=bool(blocked))  # fmt: skip
        for action in blocked:
            roles = fmt_alternatives([t(f"role.{r}") for r in sorted(PERMISSIONS[action])])
            st.caption(t(f"auth.blocked_{action}", role=t(f"role.{user.role}"), roles=roles))
    elif user is not None:
        st.caption(t("auth.cannot_save", role=t(f"role.{user.role}")))


def render_sidebar() -> Any:
    """Draw the sidebar's settings (language, currency, who is signed in) and return the empty slot below
    them for :func:`render_campaign_panel`, which the router fills after the page has run."""
    with st.sidebar:
        st.segmented_control(t("app.language"), LANGS, key="lang", format_func=str.upper)
        st.selectbox(t("app.currency"), CURRENCIES, key="app.currency")
        _identity()
        st.session_state[BEFORE_PAGE] = campaign().to_dict()
        return st.container()


def render_campaign_panel(slot: Any, page: str = "") -> None:
    """The current campaign's name and stage, Save, and the saved campaigns, drawn in ``slot`` after the
    page's run, so they show what this run typed or loaded (a page builds the campaign from its widgets:
    drawn before the page, the name lagged one interaction behind, e.g. after "Load example")."""
    with slot:
        current = campaign()
        _adopt_first_run(current, page)
        st.caption(t("app.campaign"))
        st.text(f"{current.brief.name or t('app.no_campaign')} · {t('stage.' + current.stage)}")
        _save_button(current)
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
                    on_click=open_saved,
                    args=(choice,),
                    key="app.open_btn",
                    icon=":material/folder_open:",
                    width="stretch",
                )

"""The Portfolio page's actions on one listed campaign: open, duplicate as a template, archive, restore.

Buttons follow ``rollout.permissions`` as the rest of the app does: a signed-in user sees only what the
role may do (archiving a decided campaign is for a leader or the admin); without a signed-in user the
buttons show only while the registry has no accounts yet, which lets the app's own actor duplicate and
archive a campaign in a work stage. The registry checks the same table before every write, and every
action writes its audit row; nothing is deleted.
"""

from __future__ import annotations

import streamlit as st

from app_pages.cache import registry
from app_pages.i18n import error_text, t
from app_pages.sidebar import USER
from app_pages.state import restore_widget_values
from rollout import Campaign, PortfolioRow
from rollout.permissions import WORK_STAGES, User, allowed

FLASH = "_portfolio_flash"  # (kind, sentence) shown once above the listing
OPEN_MODE = ("duplicate_campaign", "archive")  # what the app's actor may do while there are no accounts


def may(action: str) -> bool:
    """Whether the signed-in user (or, with no accounts yet, the app itself) may perform ``action``."""
    user = st.session_state.get(USER)
    if isinstance(user, User):
        return allowed(user.role, action)
    try:
        return action in OPEN_MODE and not registry().has_users()
    except Exception:  # noqa: BLE001 - an unreachable database: offer nothing
        return False


def _archive_action(row: PortfolioRow) -> str:
    return "archive" if row.stage in WORK_STAGES else "archive_decided"


def _done(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _open(row: PortfolioRow) -> None:
    try:
        loaded = registry().load_campaign(row.id)
        opened = Campaign.from_dict({**loaded, "id": row.id})
    except Exception as exc:  # noqa: BLE001 - one sentence; the session keeps its work
        _done("error", t("app.registry_error", reason=error_text(exc)))
        return
    restore_widget_values(opened.widgets)
    st.session_state["campaign"] = opened
    _done("success", t("portfolio.opened", id=row.id))


def _duplicate(row: PortfolioRow) -> None:
    try:
        copy = registry().duplicate(
            row.id, actor=st.session_state.get(USER), name=t("portfolio.copy_name", name=row.name)
        )
    except Exception as exc:  # noqa: BLE001
        _done("error", t("app.registry_error", reason=error_text(exc)))
        return
    _done("success", t("portfolio.duplicated", id=row.id, copy=copy.id))


def _archive(row: PortfolioRow, archived: bool) -> None:
    reason = str(st.session_state.get("portfolio.reason") or "").strip()
    try:
        if archived:
            registry().archive(
                row.id, actor=st.session_state.get(USER), reason=reason, expected_version=row.version
            )
        else:
            registry().restore(
                row.id, actor=st.session_state.get(USER), reason=reason, expected_version=row.version
            )
    except Exception as exc:  # noqa: BLE001
        _done("error", t("app.registry_error", reason=error_text(exc)))
        return
    st.session_state["portfolio.reason"] = ""
    _done("success", t("portfolio.archived_done" if archived else "portfolio.restored_done", id=row.id))


def show_flash() -> None:
    """The last action's sentence, once (campaign names inside are plain text)."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        getattr(st, kind)(text.replace("$", r"\$"))


def render_actions(rows: tuple[PortfolioRow, ...]) -> None:
    """Pick one listed campaign and act on it (the buttons the user's role allows)."""
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    if st.session_state.get("portfolio.choice") not in by_id:
        st.session_state.pop("portfolio.choice", None)
    choice = st.selectbox(
        t("portfolio.choose"),
        list(by_id),
        key="portfolio.choice",
        index=None,
        placeholder=t("app.pick_campaign"),
        format_func=lambda cid: f"#{cid} {by_id[cid].name}" if cid in by_id else f"#{cid}",
    )
    if choice is None:
        return
    row = by_id[choice]
    opened, copied, hidden = st.columns(3)
    opened.button(t("app.open"), key="portfolio.open_btn", on_click=_open, args=(row,),
                  icon=":material/folder_open:", width="stretch")  # fmt: skip
    if may("duplicate_campaign"):
        copied.button(t("portfolio.duplicate"), key="portfolio.duplicate_btn", on_click=_duplicate, args=(row,),
                      icon=":material/content_copy:", width="stretch", help=t("portfolio.duplicate_help"))  # fmt: skip
    if not may(_archive_action(row)):
        hidden.caption(t("portfolio.archive_locked"))
        return
    st.text_input(t("portfolio.reason"), key="portfolio.reason", max_chars=2000)
    label, icon = (
        ("portfolio.restore", ":material/unarchive:")
        if row.archived
        else ("portfolio.archive", ":material/archive:")
    )
    hidden.button(t(label), key="portfolio.archive_btn", on_click=_archive, args=(row, not row.archived),
                  icon=icon, width="stretch", help=t(f"{label}_help"))  # fmt: skip

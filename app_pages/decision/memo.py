"""Decision memo and approval, drawn at the bottom of the Roll-out page: ``memo.render(evaluation)``.

The memo (PDF, HTML, XLSX) is built from the campaign's evaluation, so it states the page's figures.
Approving or rejecting is ``Registry.decide`` by the signed-in leader: one transaction storing the
snapshot of the figures and its SHA-256, with an audit row. Going against the recommendation needs a
reason, asked for with a warning before the click. The memo's approval block comes from the registry's
approval status only: a decision the campaign changed after is printed as such, never as "approved".
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.auth.session import can, read_only
from app_pages.components.feedback import plain, registry_text
from app_pages.i18n import current_lang, load_catalog, t
from app_pages.sidebar import STALE, USER, open_saved
from app_pages.state import campaign, update
from rollout import CampaignEvaluation, approval_snapshot
from rollout.memo import Approval, approval_from_status
from rollout.permissions import DECIDED

KEY = "rollout.memo"
FLASH = "rollout.memo_flash"
FILES = (
    ("pdf", "application/pdf", ":material/picture_as_pdf:"),
    ("html", "text/html", ":material/html:"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ":material/table:"),
)
AGAINST = {"approved": ("no_go", "extend"), "rejected": ("go",)}


def _status() -> Any:
    """The registry's approval status of the saved campaign (``None`` when unsaved or unreadable)."""
    current = campaign()
    if current.id is None:
        return None
    try:
        return cache.registry().approval_status(current.id)
    except Exception as exc:  # noqa: BLE001 - an unreachable database must not break the page
        st.caption(t("memo.audit_unavailable", reason=registry_text(exc)))
        return None


def _approver_name(status: Any) -> str | None:
    if status is None or status.actor_id is None:
        return None
    try:
        user = cache.registry().get_user(status.actor_id)
    except Exception:  # noqa: BLE001
        return None
    return user.display_name if user else None


def _downloads(ev: CampaignEvaluation, approval: Approval | None, lang: str) -> None:
    current = campaign()
    stem = f"{t('memo.file_name')}-{current.brief.name}" if current.brief.name else t("memo.file_name")
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:80]
    for column, (fmt, mime, icon) in zip(st.columns(3), FILES, strict=True):
        column.download_button(
            t(f"memo.download_{fmt}"),
            data=lambda fmt=fmt: cache.memo_files(current, ev, lang, approval)[fmt],
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"{KEY}_{fmt}_download",
            on_click="ignore",
            icon=icon,
            width="stretch",
        )


def _decide(decision: str, ev: CampaignEvaluation) -> None:
    """Approve / reject callback: ``Registry.decide`` with the snapshot of the figures shown."""
    current, user = campaign(), st.session_state.get(USER)
    reason = str(st.session_state.get(f"{KEY}_note") or "").strip()
    try:
        status = cache.registry().decide(
            current.id,
            decision,
            actor=user,
            snapshot=approval_snapshot(current, ev),
            reason=reason,
            recommendation=ev.recommendation,
            expected_version=current.version,
        )
    except Exception as exc:  # noqa: BLE001 - one sentence; the session keeps the work
        labels = {"reason": t("memo.reason_input")}
        st.session_state[FLASH] = ("error", registry_text(exc, labels), getattr(exc, "code", "") in STALE)
        return
    update(stage=status.stage, version=status.version)
    name = plain(user.display_name) if user else ""
    st.session_state[FLASH] = ("success", t(f"memo.{decision}_saved", name=name, id=current.id), False)


def _reopen() -> None:
    """Reopen callback: ``Registry.reopen`` back to "analysed", with the reason typed."""
    current = campaign()
    reason = str(st.session_state.get(f"{KEY}_reopen_reason") or "").strip()
    if not reason:
        st.session_state[FLASH] = ("error", t("memo.reopen_need_reason"), False)
        return
    try:
        saved = cache.registry().reopen(
            current.id, actor=st.session_state.get(USER), reason=reason, expected_version=current.version
        )
    except Exception as exc:  # noqa: BLE001 - one sentence; nothing changed
        st.session_state[FLASH] = ("error", registry_text(exc), getattr(exc, "code", "") in STALE)
        return
    update(stage=saved.stage, version=saved.version)
    st.session_state[f"{KEY}_reopen_reason"] = ""
    st.session_state[FLASH] = ("success", t("memo.reopened", id=current.id), False)


def _reopen_form() -> None:
    """Leaders and admins take a decided campaign back to "analysed", with a reason for the record."""
    st.caption(t("memo.reopen_context"))
    st.text_area(t("memo.reopen_reason"), key=f"{KEY}_reopen_reason", max_chars=2000)
    st.button(t("memo.reopen"), key=f"{KEY}_reopen_btn", icon=":material/undo:", on_click=_reopen)


def _approval_form(ev: CampaignEvaluation, changed_after: bool) -> None:
    st.markdown(f"**{t('memo.approval_title')}**")
    current = campaign()
    st.caption(t("memo.current_status", stage=t(f"stage.{current.stage}")))
    if read_only():
        st.info(t("auth.read_only_decide"), icon=":material/lock:")
        return
    decided = current.id is not None and current.stage in (*DECIDED, "rolled_out")
    if decided and can("reopen"):
        _reopen_form()
    if not can("decide"):
        st.info(t("memo.leader_only"), icon=":material/lock:")
        return
    if decided and not changed_after:
        return
    if current.id is None or ev.pilot is None:
        st.info(t("memo.save_first" if ev.pilot is not None else "memo.need_readout"), icon=":material/save:")
        return
    if ev.recommendation in AGAINST["approved"]:
        st.warning(
            t("memo.against_recommendation", decision=t(f"decision.{ev.recommendation}")),
            icon=":material/warning:",
        )
    st.text_area(
        t("memo.reason_input"), key=f"{KEY}_note", placeholder=t("memo.note_placeholder"), max_chars=2000
    )
    approve, reject, _ = st.columns([1, 1, 2])
    approve.button(
        t("memo.approve"), key=f"{KEY}_approve_btn", type="primary", icon=":material/check_circle:",
        on_click=_decide, args=("approved", ev), width="stretch",
    )  # fmt: skip
    reject.button(
        t("memo.reject"), key=f"{KEY}_reject_btn", icon=":material/cancel:", on_click=_decide,
        args=("rejected", ev), width="stretch",
    )  # fmt: skip


def _audit_table() -> None:
    current = campaign()
    if current.id is None:
        return
    try:
        audit = cache.registry().audit_log(current.id)
    except Exception as exc:  # noqa: BLE001 - one sentence, never SQL
        st.caption(t("memo.audit_unavailable", reason=registry_text(exc)))
        return
    catalog = load_catalog(current_lang())
    rows = {
        t("memo.audit_at"): [e.at.strftime("%Y-%m-%d %H:%M") for e in audit],
        t("memo.audit_action"): [catalog.get(f"memo.action_{e.action}", e.action) for e in audit],
        t("memo.audit_from"): [
            catalog.get(f"stage.{e.from_stage}", "") if e.from_stage else "" for e in audit
        ],
        t("memo.audit_to"): [catalog.get(f"stage.{e.to_stage}", "") if e.to_stage else "" for e in audit],
        t("memo.audit_actor"): [e.actor for e in audit],
        t("memo.audit_note"): [e.note for e in audit],
    }
    with st.expander(t("memo.audit_title"), icon=":material/history:"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render(ev: CampaignEvaluation) -> None:
    """Draw the memo downloads, the approval form and the audit trail for the current campaign."""
    lang = current_lang()
    st.divider()
    st.subheader(t("memo.panel_title"), anchor=False)
    st.caption(t("memo.panel_context"))
    status = _status()
    approval = approval_from_status(status, _approver_name(status))
    if approval is not None and approval.changed_after:
        st.warning(t("memo.changed_after"), icon=":material/edit:")
    if ev.pilot is not None:
        _downloads(ev, approval, lang)
    else:
        st.info(t("memo.no_readout"), icon=":material/edit_note:")
    _approval_form(ev, approval is not None and approval.changed_after)
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text, stale = flash
        getattr(st, kind)(text, icon=":material/error:" if kind == "error" else ":material/task_alt:")
        if stale and campaign().id is not None:
            st.button(t("app.reload"), key=f"{KEY}_reload_btn", on_click=open_saved, args=(campaign().id,))
    _audit_table()

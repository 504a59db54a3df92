"""Decision memo and approval, drawn at the bottom of the Roll-out page: ``memo.render()``.

Reads the current campaign (``app_pages.state.campaign()``); offers the one-page memo as PDF, HTML
and XLSX (built on click by :func:`rollout.memo.build_memo`, cached) and the leader's approval form.
Approving or rejecting saves the campaign in the registry, moves it to ``approved`` / ``rejected``
with ``Registry.set_stage(actor=name, note=note)`` – an append-only audit row – and updates the
session's stage. A missing name or a campaign without a pilot result gives one catalog sentence; a
registry failure keeps the session's work and says so. Once saved, the audit trail is shown.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.decision.charts import memo_charts
from app_pages.i18n import current_lang, error_text, load_catalog, t
from app_pages.state import campaign, currency
from rollout.memo import memo_facts

KEY = "rollout.memo"
FLASH = "rollout.memo_flash"
FILES = (
    ("pdf", "application/pdf", ":material/picture_as_pdf:"),
    ("html", "text/html", ":material/html:"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ":material/table:"),
)


def _record_json(record: dict[str, Any]) -> str:
    return json.dumps(record, default=str, sort_keys=True, ensure_ascii=False)


def _specs(charts: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (key, c if isinstance(c, str) else json.dumps(c) if isinstance(c, dict) else c.to_json())
        for key, c in charts.items()
    )


def memo_files(
    record_json: str, lang: str, cur: str, charts: dict[str, Any] | None, audit: tuple[Any, ...] | None
) -> dict[str, bytes]:
    """The memo's PDF, HTML and XLSX bytes; without ``charts``, the memo's own charts from its facts."""
    if charts is None:
        charts = memo_charts(memo_facts(json.loads(record_json), audit), lang, cur)
    return cache.memo_files(record_json, lang, cur, _specs(charts), audit)


def _audit(current: dict[str, Any]) -> tuple[Any, ...] | None:
    """The saved campaign's audit rows (``None`` when not saved or unreadable, with a sentence)."""
    if current.get("id") is None:
        return None
    try:
        return tuple(cache.registry().audit_log(int(current["id"])))
    except Exception as exc:  # noqa: BLE001 - an unreachable database must not break the page
        st.caption(t("memo.audit_unavailable", reason=error_text(exc)))
        return None


def _stage_label(stage: str | None) -> str:
    return load_catalog(current_lang()).get(f"stage.{stage}", stage or "—")


def _decide(stage: str, ready: bool) -> None:
    """Approve / reject callback: save, set the stage with an audit row, update the session."""
    current = campaign()
    name = str(st.session_state.get(f"{KEY}_approver") or "").strip()
    note = str(st.session_state.get(f"{KEY}_note") or "").strip()
    if not name:
        st.session_state[FLASH] = ("error", t("memo.need_name"))
        return
    if not ready:
        st.session_state[FLASH] = ("error", t("memo.need_readout"))
        return
    approval = {
        "stage": stage,
        "by": name,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "note": note,
    }
    try:
        reg = cache.registry()
        current["id"] = reg.save_campaign(
            {**current, "approval": approval}, campaign_id=current.get("id"), actor=name
        )
        reg.set_stage(current["id"], stage, actor=name, note=note)
    except Exception as exc:  # noqa: BLE001 - one sentence; the session keeps the work
        st.session_state[FLASH] = ("error", t("memo.registry_error", reason=error_text(exc)))
        return
    current.update(stage=stage, approval=approval)
    st.session_state[FLASH] = ("success", t(f"memo.{stage}_saved", name=name, id=current["id"]))


def _downloads(
    record_json: str, lang: str, cur: str, charts: dict[str, Any] | None, audit: tuple | None, name: str
) -> None:
    stem = f"{t('memo.file_name')}-{name}" if name else t("memo.file_name")
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:80]
    for column, (fmt, mime, icon) in zip(st.columns(3), FILES, strict=True):
        column.download_button(
            t(f"memo.download_{fmt}"),
            data=lambda fmt=fmt: memo_files(record_json, lang, cur, charts, audit)[fmt],
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"{KEY}_{fmt}_download",
            on_click="ignore",
            icon=icon,
            width="stretch",
        )


def _approval_form(ready: bool) -> None:
    st.markdown(f"**{t('memo.approval_title')}**")
    st.caption(t("memo.current_status", stage=_stage_label(campaign().get("stage"))))
    left, right = st.columns([1, 2])
    left.text_input(
        t("memo.approver"), key=f"{KEY}_approver", placeholder=t("memo.approver_placeholder"), max_chars=100
    )
    right.text_input(
        t("memo.note_input"), key=f"{KEY}_note", placeholder=t("memo.note_placeholder"), max_chars=500
    )
    approve, reject, _ = st.columns([1, 1, 2])
    approve.button(
        t("memo.approve"),
        key=f"{KEY}_approve_btn",
        type="primary",
        icon=":material/check_circle:",
        on_click=_decide,
        args=("approved", ready),
        width="stretch",
    )
    reject.button(
        t("memo.reject"),
        key=f"{KEY}_reject_btn",
        icon=":material/cancel:",
        on_click=_decide,
        args=("rejected", ready),
        width="stretch",
    )
    flash = st.session_state.pop(FLASH, None)
    if flash:
        getattr(st, flash[0])(
            flash[1], icon=":material/error:" if flash[0] == "error" else ":material/task_alt:"
        )


def _audit_table(audit: tuple[Any, ...] | None) -> None:
    if not audit:
        return
    rows = {
        t("memo.audit_at"): [e.at.strftime("%Y-%m-%d %H:%M") for e in audit],
        t("memo.audit_action"): [
            load_catalog(current_lang()).get(f"memo.action_{e.action}", e.action) for e in audit
        ],
        t("memo.audit_from"): [_stage_label(e.from_stage) if e.from_stage else "" for e in audit],
        t("memo.audit_to"): [_stage_label(e.to_stage) if e.to_stage else "" for e in audit],
        t("memo.audit_actor"): [e.actor for e in audit],
        t("memo.audit_note"): [e.note for e in audit],
    }
    with st.expander(t("memo.audit_title"), icon=":material/history:", expanded=True):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render(charts: dict[str, Any] | None = None) -> None:
    """Draw the memo downloads, the approval form and the audit trail for the current campaign.

    Args:
        charts: Altair charts to embed in the memo, in order; by default a lift-interval chart and a
            profit-scenarios chart are drawn from the campaign.
    """
    current, lang, cur = campaign(), current_lang(), currency()
    st.divider()
    st.subheader(t("memo.panel_title"), anchor=False)
    st.caption(t("memo.panel_context"))
    record_json = _record_json(current)
    ready = cache.memo_facts_of(record_json).has_pilot
    audit = _audit(current)
    if ready:
        name = str((current.get("brief") or {}).get("name") or "")
        _downloads(record_json, lang, cur, charts, audit, name)
    else:
        st.info(t("memo.no_readout"), icon=":material/edit_note:")
    _approval_form(ready)
    _audit_table(audit)

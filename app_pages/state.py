"""Session state shared by the pages: the current campaign and widget values that survive page changes.

Widget keys are prefixed by their page (``"design.baseline"``). Streamlit forgets a widget's value when
its page is not rendered; :func:`keep_widget_state` (called by the router on every run) re-assigns
those keys so moving between pages never loses what was typed. Keys ending in ``_btn``, ``_upload`` or
``_download`` (buttons, file uploaders, download buttons) cannot be assigned and are skipped.

The current campaign is a frozen ``rollout.Campaign`` under ``st.session_state["campaign"]``: each page
writes its section (brief, design, assignment, readout, roll-out assumptions) with :func:`update`, and
every derived figure comes from :func:`evaluation` – ``rollout.evaluate`` computed once per content.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import streamlit as st

from app_pages.components.inputs import DRAWN, number_keys, number_value
from rollout import STAGES, Campaign, CampaignEvaluation, DesignPlan, TestAndRollPlan, to_plain

_SKIP_SUFFIXES = ("_btn", "_upload", "_download", "_editor", "_form")
CURRENCIES = ("CLP", "COP", "MXN", "PEN", "ARS", "EUR", "USD")


def keep_widget_state() -> None:
    """Re-assign page-prefixed widget values so they survive navigation (called first in every run;
    it also empties the run's list of number boxes drawn, so a page asks only about its own boxes)."""
    st.session_state[DRAWN] = set()
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and "." in key and not key.endswith(_SKIP_SUFFIXES):
            try:
                st.session_state[key] = st.session_state[key]
            except Exception:  # noqa: BLE001 - widgets whose value cannot be set
                continue


def widget_values() -> dict[str, Any]:
    """The page inputs worth saving with the campaign (plain values of page-prefixed widgets).

    A number box keeps its *number* (``None`` while its text is refused), never the text typed, so a
    reopened campaign shows it the way the reader's locale writes it.
    """
    plain = (str, int, float, bool, type(None))
    boxes = number_keys()
    return {
        key: number_value(key) if key in boxes else value
        for key, value in st.session_state.items()
        if isinstance(key, str)
        and "." in key
        and not key.endswith(_SKIP_SUFFIXES)
        and (
            isinstance(value, plain) or (isinstance(value, list) and all(isinstance(v, plain) for v in value))
        )
    }


CAMPAIGN_INPUTS = (
    "brief.",
    "design.",
    "assign.",
    "analyze.",
    "monitor.",
    "rollout.",
    "value.",
    "satisfaction.",
)


def forget_page_inputs() -> None:
    """Drop every page input of the session's campaign (call from a callback, before opening another):
    a page whose inputs the opened campaign did not save then starts from that campaign's sections (or
    its defaults), never from what was typed for the previous campaign – which the page would otherwise
    write into the opened one."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(CAMPAIGN_INPUTS)]:
        try:
            del st.session_state[key]
        except Exception:  # noqa: BLE001 - a widget that cannot be reset is left as it is
            continue


def restore_widget_values(values: dict[str, Any]) -> None:
    """Put saved page inputs back (call from a callback, before the pages draw their widgets)."""
    for key, value in values.items():
        try:
            st.session_state[key] = value
        except Exception:  # noqa: BLE001 - a widget whose value cannot be set is left as it is
            continue


def campaign() -> Campaign:
    """The current campaign (a typed, frozen ``rollout.Campaign``; created empty on first use).

    A plain dict found in the session (a test, or a campaign from an older session) is read with
    ``Campaign.from_dict``, which also reads the first release's saved format.
    """
    current = st.session_state.get("campaign")
    if not isinstance(current, Campaign):
        current = Campaign.from_dict(current) if isinstance(current, dict) else Campaign()
        st.session_state["campaign"] = current
    return current


def section(name: str) -> dict[str, Any]:
    """A read-only plain copy of one section (``section("brief")["eligible_base"]``); ``{}`` when empty.

    Writes go through :func:`update` with a typed record: changing this dict changes nothing.
    """
    value = getattr(campaign(), name)
    return dict(to_plain(value)) if value is not None else {}


def update(**sections: Any) -> Campaign:
    """Replace sections of the current campaign (``update(readout=record)``) and return it."""
    current = campaign().replace(**sections)
    st.session_state["campaign"] = current
    return current


def evaluation() -> CampaignEvaluation:
    """``rollout.evaluate`` of the current campaign, computed once per content (cached)."""
    from app_pages import cache

    return cache.evaluate_campaign(campaign())


def currency() -> str:
    """The currency chosen in the sidebar (CLP by default)."""
    return st.session_state.get("app.currency", "CLP")


def advance_stage(stage: str) -> None:
    """Move the campaign forward to ``stage``; never back (re-saving a design keeps "analysed")."""
    current = campaign().stage
    if current not in STAGES or STAGES.index(stage) > STAGES.index(current):
        update(stage=stage)


def save_design(record: dict[str, Any]) -> None:
    """Store the Design page's plan (plain values) as the campaign's ``DesignPlan``; the Test & Roll plan
    and the sequential plan already saved are kept."""
    current = campaign().design
    kept = (
        {} if current is None else {"test_and_roll": current.test_and_roll, "sequential": current.sequential}
    )
    update(design=DesignPlan(**{**record, **kept}))


def save_test_and_roll(plan: dict[str, Any]) -> None:
    """Store the profit-maximising plan and its prior with the design."""
    current = campaign().design or DesignPlan()
    update(design=dataclasses.replace(current, test_and_roll=TestAndRollPlan(**plan)))


def save_sequential(plan: dict[str, Any] | None) -> None:
    """Store (or, with ``None``, clear) the design's sequential plan (``SequentialPlan.to_dict()``)."""
    current = campaign().design or DesignPlan()
    update(design=dataclasses.replace(current, sequential=plan))

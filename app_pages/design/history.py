"""Priors from the portfolio: the registry's past pilots of the brief's channel and objective, proposed
to the profit-maximising tab.

``Registry.past_campaigns`` finds the pilots (control and pilot arms with their sizes);
``PastCampaignsResult.table(paired=True)`` is the input of ``experiments.prior_from_past_campaigns``,
which the tab already runs on its table of past campaigns. The proposal lists the pilots it comes from
(names as plain table cells) and fills the tab's table only when the user presses the button.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.cache import registry
from app_pages.i18n import current_lang, fmt_int, fmt_pct, t
from app_pages.portfolio.inputs import code_label
from app_pages.state import campaign
from rollout import PastCampaignsResult


def _found() -> PastCampaignsResult | None:
    current = campaign()
    channel, objective = current.brief.channel, current.brief.objective
    if not channel or not objective:
        return None
    try:
        return registry().past_campaigns(channel, objective, exclude=current.id)
    except Exception:  # noqa: BLE001 - an unreachable registry proposes nothing
        return None


def _editor_rows(found: PastCampaignsResult) -> pd.DataFrame:
    """The tab's table (``campaign``, ``rate`` in percent, ``n``): both arms of each pilot, labelled
    ``#id name`` so two pilots of the same name stay apart."""
    table = found.table(paired=True)
    return pd.DataFrame(
        {
            "campaign": [
                f"#{cid} {name}" for cid, name in zip(table["campaign"], table["name"], strict=True)
            ],
            "rate": table["rate"] * 100,
            "n": table["n"],
        }
    )


def _apply(rows: pd.DataFrame, table_key: str, editor_key: str) -> None:
    st.session_state[table_key] = rows
    st.session_state.pop(editor_key, None)


def offer(table_key: str, editor_key: str) -> None:
    """Propose the registry's past pilots (at least two with both arms) for the prior table."""
    found = _found()
    if found is None:
        return
    rows = _editor_rows(found)
    pilots = [c for c in found.campaigns if c.treatment_rate is not None and c.n_treatment]
    if len(pilots) < 2:
        return
    lang = current_lang()
    brief = campaign().brief
    st.caption(
        t(
            "profit.registry.found",
            n=len(pilots),
            channel=code_label("brief.channel_", brief.channel, lang),
            objective=code_label("brief.objective_", brief.objective, lang),
        )
    )
    shown = pd.DataFrame(
        {
            t("profit.registry.campaign"): [f"#{c.id} {c.name}" for c in pilots],
            t("profit.registry.end"): [c.pilot_end.isoformat() if c.pilot_end else "—" for c in pilots],
            t("profit.registry.control"): [fmt_pct(c.control_rate, lang, digits=2) for c in pilots],
            t("profit.registry.pilot"): [fmt_pct(c.treatment_rate or 0.0, lang, digits=2) for c in pilots],
            t("profit.registry.n"): [
                f"{fmt_int(c.n_control, lang)} / {fmt_int(c.n_treatment or 0, lang)}" for c in pilots
            ],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    st.button(
        t("profit.registry.use"),
        key="design.profit.registry_btn",
        on_click=_apply,
        args=(rows, table_key, editor_key),
        icon=":material/history:",
        help=t("profit.registry.use_help"),
    )

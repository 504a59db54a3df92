"""Cached calls into ``economics`` for the Campaign brief page (no formulas here)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from economics import BreakEvenResult, break_even, break_even_response_rate


@st.cache_data(max_entries=64, show_spinner=False)
def campaign_break_even(
    cost_per_contact: float, margin_per_response: float, fixed_cost: float, contacts: int
) -> BreakEvenResult:
    """Break-even response rate, uplift and volume of the whole campaign over the eligible base."""
    return break_even(cost_per_contact, margin_per_response, fixed_cost=fixed_cost, contacts=contacts)


@st.cache_data(max_entries=64, show_spinner=False)
def break_even_by_volume(
    cost_per_contact: float, margin_per_response: float, fixed_cost: float, contacts: int, points: int = 40
) -> pd.DataFrame:
    """Break-even response rate for campaign sizes from 5 % to 150 % of the eligible base."""
    sizes = sorted({max(1, round(contacts * (0.05 + 1.45 * i / (points - 1)))) for i in range(points)})
    rates = [
        break_even_response_rate(cost_per_contact, margin_per_response, fixed_cost=fixed_cost, contacts=n)
        for n in sizes
    ]
    return pd.DataFrame({"contacts": sizes, "rate": rates})

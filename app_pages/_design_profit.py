"""Profit-maximising sizing tab of the Design page (placeholder until built)."""

import streamlit as st


def render() -> None:
    st.info("…")

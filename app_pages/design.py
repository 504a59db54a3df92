"""Placeholder until this page is built."""

import streamlit as st

from app_pages._i18n import t

st.title(t("nav.design"))

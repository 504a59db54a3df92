"""Streamlit pages (UI only): read widgets, call a cached core function, render the answer."""

"""The app's one style sheet, drawn once per run by every page: no English from Streamlit, nothing cut off.

Streamlit writes some texts of its own, in English, whatever the app's language: the file uploader's
"Upload" button, its "200MB per file • CSV, …" line and its hidden file input named "file upload", and
the chart toolbar ("Show data", "Download as PNG", "Fullscreen"). The sheet hides the uploader's line
(each page writes its own caption from the catalog, :func:`app_pages.components.uploads.upload_box`),
takes the English word and the hidden input out of the page (so a screen reader does not announce
them either; the input still opens the file dialog when the button is pressed), writes the button's
word from the catalog, and hides the chart toolbar (every chart has the page's own PNG and SVG
buttons). It also lets metric labels and the small text under a figure wrap instead of being cut off
with "…". The sheet holds no user text: only selectors and catalog words, with quotes, backslashes and
angle brackets removed.
"""

from __future__ import annotations

import streamlit as st

from app_pages.i18n import t

_RULES = """
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzoneInput"] {{ display: none !important; }}  /* over its inline style */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "{upload}";
}}
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] .stMarkdownEllipsis p,
[data-testid="stMetricDelta"] .stMarkdownEllipsis, [data-testid="stMetricDelta"] .stMarkdownEllipsis p {{
  white-space: normal; overflow: visible; text-overflow: clip;
}}
[data-testid="stMetricLabel"] {{ height: auto; min-height: 1.5rem; }}
[data-testid="stFullScreenFrame"]:has([data-testid="stVegaLiteChart"]) [data-testid="stElementToolbar"] {{
  display: none;
}}
"""


def css_text(text: str) -> str:
    """A catalog word made safe inside a CSS string: no quotes, backslashes or angle brackets."""
    return "".join(ch for ch in text if ch not in "\"'\\<>{};\n\r")


def style_sheet() -> str:
    """The style sheet in the session's language."""
    return _RULES.format(upload=css_text(t("app.upload_button")))


def apply_style() -> None:
    """Draw the style sheet (it takes no room on the page)."""
    st.html(f"<style>{style_sheet()}</style>")

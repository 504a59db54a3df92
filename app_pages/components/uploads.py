"""File uploads in the user's language.

Streamlit's uploader writes its own English ("Upload", "200MB per file • CSV, TXT"; "… files are not
allowed" for a type it was told to refuse). :func:`upload_box` draws it with no type filter – a wrong
file is answered by ``datasources`` with a catalog sentence naming the file (an image or a PDF is not a
table; an Excel workbook called ``.csv`` should be called ``.xlsx``) – and writes the formats and the
size limit in a caption from the catalog; the style sheet (:mod:`app_pages.components.style`) hides the
English line and writes the button's word from the catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app_pages.i18n import fmt_int, t

MAX_UPLOAD_MB = 200  # .streamlit/config.toml server.maxUploadSize; datasources checks sizes again


def upload_box(
    label: str,
    key: str,
    *,
    on_change: Callable[[], None] | None = None,
    help: str | None = None,
    container: Any = st,
) -> Any:
    """A file uploader for a table (CSV, Excel or Parquet) with the catalog's caption under it."""
    upload = container.file_uploader(
        label, key=key, on_change=on_change, help=help, max_upload_size=MAX_UPLOAD_MB
    )
    container.caption(t("app.upload_note", limit=fmt_int(MAX_UPLOAD_MB)))
    return upload

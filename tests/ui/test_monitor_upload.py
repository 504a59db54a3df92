"""The Monitor page's uploader is the shared one: no type filter (Streamlit would refuse a wrong type with
its own English "… files are not allowed"), a wrong file answered by the catalog in the user's language,
and the catalog's caption with the formats and the size limit under it.

Oracles: the published PNG signature (ISO/IEC 15948 §5.2) written by hand; the catalogs' sentences.
"""

from __future__ import annotations

import pytest
from _money_pages import clean, open_page, texts

from app_pages.i18n import translate

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_image_gets_the_catalog_sentence_and_the_caption_names_the_formats(lang: str) -> None:
    at = open_page("monitor", lang)
    assert not at.file_uploader(key="monitor.file_upload").proto.type  # no Streamlit-side type filter
    note = translate("app.upload_note", lang, limit="200")
    assert note in [clean(c.value) for c in at.caption]
    at.file_uploader(key="monitor.file_upload").set_value(("foto.png", PNG, "image/png")).run()
    errors = [e.replace("\\", "") for e in texts(at.error)]
    assert errors == [translate("errors.unsupported_extension", lang, extension=".png", name="foto.png")]

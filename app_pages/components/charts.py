"""Chart conventions shared by the pages: arm colours, locale-aware axes, chart downloads.

Pilot and control keep the same colours on every page and in the memo. Vega formats numbers with d3's
English marks; :func:`axis_label_expr` swaps them for Spanish, or the whole chart gets the locale's
marks from :func:`vega_locale`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.cache import render_chart
from app_pages.i18n import t

ARM_COLORS = {"control": "#8c8c8c", "pilot": "#e4572e", "treatment": "#e4572e", "rollout": "#4c78a8"}
ACCENT = "#e4572e"
GAIN, LOSS = "#2e7d32", "#c62828"
CHART_PADDING = {"top": 18, "left": 5, "right": 12, "bottom": 5}  # room for the title inside columns
_VEGA_NUMBER = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
_D3_FORMATS = {
    "pct": ",.2%",
    "pct0": ",.0%",
    "pp": ",.2%",
    "int": ",.0f",
    "money": ",.0f",
    "num": ",.2~f",
    "millions": ",.1~f",
}


def vega_locale(lang: str, *, spaced_percent: bool = False) -> dict[str, Any]:
    """The ``locale`` of ``chart.configure(locale=...)``: the language's decimal and thousands marks.

    ``spaced_percent`` writes Spanish percents with a narrow space (``35 %``).
    """
    number = dict(_VEGA_NUMBER[lang])
    if spaced_percent and lang == "es":
        number["percent"] = "\u202f%"
    return {"number": number}


def money_kind(values: Any) -> str:
    """Axis kind for money: ``millions`` (``80 M``) when amounts reach a million, else ``money``."""
    return "millions" if max((abs(v) for v in values), default=0) >= 1_000_000 else "money"


def axis_label_expr(kind: str, lang: str) -> str:
    """A Vega ``labelExpr`` printing axis numbers in the locale: ``0,78 %`` (es) / ``0.78%`` (en).

    ``kind`` is ``pct`` (fraction shown as %), ``pct0``, ``pp`` (rate difference in points), ``int``,
    ``money``, ``millions`` (money in millions: ``80 M``) or ``num``. Vega formats with d3 (English
    marks); Spanish swaps the two marks.
    """
    value = "datum.value / 1000000" if kind == "millions" else "datum.value"
    expr = f"format({value}, '{_D3_FORMATS[kind]}')"
    if lang == "es":
        expr = (
            f"replace(replace(replace({expr}, regexp(',', 'g'), '_'), regexp('[.]', 'g'), ','), "
            "regexp('_', 'g'), '.')"
        )
        if kind.startswith("pct"):
            expr = f"replace({expr}, '%', ' %')"
    if kind == "pp":
        expr = f"replace({expr}, regexp(' ?%'), ' pp')"
    if kind == "millions":
        expr = f"{expr} + ' M'"
    return expr


def locale_axis(kind: str, lang: str, **kwargs: Any) -> Any:
    """An ``alt.Axis`` whose labels follow the locale (see :func:`axis_label_expr`)."""
    import altair as alt

    return alt.Axis(labelExpr=axis_label_expr(kind, lang), **kwargs)


def show_chart(
    builder: Any, *args: Any, downloads: tuple[str, str] | None = None, width: str = "stretch"
) -> None:
    """Draw ``builder(*args)`` – built once per content and language (cached as a Vega-Lite spec, so a
    rerun does not rebuild or revalidate the chart) – with PNG/SVG downloads when ``downloads`` is
    ``(file name, widget key)``."""
    from app_pages import cache
    from app_pages.i18n import current_lang

    name = f"{builder.__module__}.{builder.__qualname__}"
    currency = str(st.session_state.get("app.currency", "CLP"))
    spec = cache.vega_spec(name, builder, args, current_lang(), currency)
    if spec is None:
        return
    st.vega_lite_chart(spec, width=width)
    if downloads is not None:
        chart_downloads(spec, *downloads)


def chart_downloads(chart: Any, name: str, key: str) -> None:
    """PNG and SVG download buttons for a chart (an Altair chart or a Vega-Lite dict; drawn on click)."""
    import json

    def text() -> str:
        return json.dumps(chart) if isinstance(chart, dict) else chart.to_json()

    left, right = st.columns(2)
    for column, fmt, mime in ((left, "png", "image/png"), (right, "svg", "image/svg+xml")):
        column.download_button(
            t(f"rollout.download_{fmt}"),
            data=lambda fmt=fmt: render_chart(text(), fmt),
            file_name=f"{name}.{fmt}",
            mime=mime,
            key=f"{key}.{fmt}_download",
            on_click="ignore",
            icon=":material/image:",
        )

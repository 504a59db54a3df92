"""Chart conventions shared by the pages: arm colours, locale-aware numbers, chart downloads.

Pilot and control keep the same colours on every page and in the memo. Vega formats numbers with d3,
in English unless told otherwise: every chart is :func:`localized` – its ``locale`` config carries the
decimal and thousands marks of the reader's locale (``1.000``, ``0,5`` in Chile, Colombia and Spain;
``1,000``, ``0.5`` in Mexico and in English), the percent sign (``5 %`` in Spanish) and the plain
hyphen as minus sign, so axes and tooltips read like the text beside them. :func:`locale_axis` adds the
units d3 has no symbol for (``pp``; millions as ``MM`` where ``M`` means thousands).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.cache import render_chart
from app_pages.components.tables import file_name
from app_pages.i18n import current_lang, locale_symbols, millions_suffix, t

ARM_COLORS = {"control": "#8c8c8c", "pilot": "#e4572e", "treatment": "#e4572e", "rollout": "#4c78a8"}
ACCENT = "#e4572e"
GAIN, LOSS = "#2e7d32", "#c62828"
CHART_PADDING = {"top": 18, "left": 5, "right": 12, "bottom": 5}  # room for the title inside columns
NBSP = "\u00a0"
D3_FORMATS = {
    "pct": ",.2~%",
    "pct0": ",.0%",
    "pp": ",.2~%",
    "int": ",.0f",
    "money": ",.0f",
    "num": ",.2~f",
    "millions": ",.0f",
}


def vega_locale(lang: str | None = None, currency: str | None = None) -> dict[str, Any]:
    """The ``locale`` of ``chart.configure(locale=...)``, from the reader's CLDR number symbols.

    Examples: es + CLP → decimal ``,``, thousands ``.``, percent ``\u00a0%``; es + MXN → ``.`` and ``,``.
    """
    lang = lang or current_lang()
    symbols = locale_symbols(lang, currency)
    group = NBSP if symbols.group.isspace() else symbols.group
    return {
        "number": {
            "decimal": symbols.decimal,
            "thousands": group,
            "grouping": [symbols.grouping[0]],
            "currency": ["$", ""],
            "percent": f"{NBSP}%" if lang == "es" else "%",
            "minus": "-",
        }
    }


def localized(chart: Any, lang: str | None = None, currency: str | None = None) -> Any:
    """``chart`` with the reader's number marks on its axes, labels and tooltips (top-level config)."""
    return chart.configure(locale=vega_locale(lang, currency))


def money_kind(values: Any) -> str:
    """Axis kind for money: ``millions`` (``80 MM``) when amounts reach a million, else ``money``."""
    return "millions" if max((abs(v) for v in values), default=0) >= 1_000_000 else "money"


def axis_label_expr(kind: str, lang: str, currency: str | None = None) -> str | None:
    """A Vega ``labelExpr`` adding the unit d3 cannot write: ``0,5 pp``; ``80 MM`` (``80M`` in English).

    The number itself is formatted by the chart's locale (see :func:`localized`); ``None`` when the
    axis format alone is enough.
    """
    if kind == "pp":
        return f"replace(replace(datum.label, '{NBSP}', ''), '%', '{NBSP}pp')"
    if kind == "millions":
        return f"format(datum.value / 1000000, ',.1~f') + '{millions_suffix(lang, currency)}'"
    return None


def locale_axis(kind: str, lang: str, currency: str | None = None, **kwargs: Any) -> Any:
    """An ``alt.Axis`` for ``kind`` (``pct``, ``pct0``, ``pp``, ``int``, ``money``, ``millions``, ``num``)
    whose labels follow the locale of a :func:`localized` chart."""
    import altair as alt

    expr = axis_label_expr(kind, lang, currency)
    if expr is not None:
        kwargs["labelExpr"] = expr
    return alt.Axis(format=D3_FORMATS[kind], **kwargs)


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
            file_name=file_name(name, fmt),
            mime=mime,
            key=f"{key}.{fmt}_download",
            on_click="ignore",
            icon=":material/image:",
        )

"""Widgets and output helpers shared by the brief, roll-out, customer-value and satisfaction pages.

Inputs are typed in the user's units (percent, money in the plan's currency) and handed to the core
as fractions and plain numbers. When the core refuses a value it raises ``InputError`` naming its
parameter; :func:`show_field_error` shows the catalog sentence under the widget that holds that
parameter, with the widget's own label instead of the parameter name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st
from babel import numbers as babel_numbers

from app_pages._i18n import BABEL_LOCALE, current_lang, error_text, fmt_money, fmt_number, t, translate
from planner_common import InputError

PERCENT_CODES = ("rate_as_percent", "rate_out_of_range")
POINTS_CODES = ("difference_as_percent", "difference_out_of_range")


def option_labels(prefix: str) -> Callable[[object], str]:
    """A widget ``format_func`` showing ``t(prefix + option)`` in the language of *this* run.

    The language is bound now: Streamlit (and AppTest) may call ``format_func`` outside the script
    run, where the session language is not available.
    """
    lang = current_lang()
    return lambda option: translate(f"{prefix}{option}", lang)


def md(text: str) -> str:
    """Escape ``$`` so Streamlit markdown does not read money amounts as LaTeX."""
    return text.replace("$", r"\$")


def fmt_fixed(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A number with exactly ``digits`` decimals in the locale: ``35,0`` (es) / ``35.0`` (en)."""
    if value is None or value != value:
        return "—"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return babel_numbers.format_decimal(value, format=pattern, locale=BABEL_LOCALE[lang or current_lang()])


def fmt_points(difference: float, digits: int = 2, lang: str | None = None) -> str:
    """A rate difference in percentage points with fixed decimals: ``0.01`` → ``1,00 pp``."""
    if difference is None or difference != difference:
        return "—"
    return f"{fmt_fixed(difference * 100, digits, lang)} pp"


def money_format(currency: str) -> str:
    """``printf`` format of a money input: no decimals for CLP, two for EUR."""
    return "%.0f" if babel_numbers.get_currency_precision(currency) == 0 else "%.2f"


def prefill(values: Mapping[str, Any]) -> None:
    """Give widgets a starting value (only those the user has not set yet)."""
    for key, value in values.items():
        if key not in st.session_state and value is not None:
            st.session_state[key] = value


def forget_stale(key: str, options: Iterable[Any]) -> None:
    """Drop a remembered choice that is no longer offered (a new file, a new readout)."""
    if key in st.session_state and st.session_state[key] not in list(options):
        del st.session_state[key]


def fill(values: Mapping[str, Any]) -> None:
    """Overwrite widget values (the "Load example" buttons)."""
    for key, value in values.items():
        st.session_state[key] = value


def example_button(key: str, values: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> None:
    """A "Load example" button that fills the page's widgets before they are drawn."""
    st.button(
        t("app.load_example"),
        key=key,
        icon=":material/auto_awesome:",
        on_click=lambda: fill(values() if callable(values) else values),
    )


def money_input(label: str, key: str, currency: str, *, container: Any = st, **kwargs: Any) -> float | None:
    """A money amount in the plan's currency, empty until the user types it."""
    return container.number_input(
        f"{label} ({currency})",
        key=key,
        value=kwargs.pop("value", None),
        format=money_format(currency),
        step=kwargs.pop("step", 100.0),
        **kwargs,
    )


def percent_input(
    label: str, key: str, *, container: Any = st, digits: int = 2, **kwargs: Any
) -> float | None:
    """A rate typed as a percent (``3`` for 3 %); returns the fraction (0.03) or ``None``."""
    value = container.number_input(
        f"{label} (%)",
        key=key,
        value=kwargs.pop("value", None),
        format=f"%.{digits}f",
        step=kwargs.pop("step", 0.1),
        **kwargs,
    )
    return None if value is None else value / 100


def field_error_text(
    exc: Exception,
    labels: Mapping[str, str],
    *,
    percent_fields: Iterable[str] = (),
    points_fields: Iterable[str] = (),
    overrides: Mapping[str, str] | None = None,
) -> str:
    """The catalog sentence for ``exc`` naming the widget (not the parameter) that caused it.

    Rates typed in percent (``percent_fields``) or rate differences typed in points (``points_fields``)
    are refused in the unit the user typed, not as the fraction the core received.
    """
    params = dict(getattr(exc, "params", {}))
    field, code = params.get("field"), getattr(exc, "code", None)
    if overrides and field in overrides:
        return t(overrides[field], field=labels.get(field, field))
    typed = {
        **dict.fromkeys(percent_fields, ("errors.percent_input_range", PERCENT_CODES)),
        **dict.fromkeys(points_fields, ("errors.points_input_range", POINTS_CODES)),
    }
    if field in typed and code in typed[field][1]:
        return t(
            typed[field][0],
            field=labels.get(field, field),
            value=fmt_number(float(params.get("value", float("nan"))) * 100),
        )
    if field in labels:
        params["field"] = labels[field]
    if isinstance(exc, InputError):
        return error_text(InputError(exc.code, str(exc), **params))
    return error_text(exc)


def show_field_error(
    exc: Exception, slots: Mapping[str, Any], labels: Mapping[str, str], fallback: Any, **kwargs: Any
) -> None:
    """Show one sentence under the input that caused ``exc`` (or in ``fallback``)."""
    field = getattr(exc, "params", {}).get("field")
    target = slots.get(field, fallback)
    target.error(md(field_error_text(exc, labels, **kwargs)), icon=":material/error:")


def cards(items: Iterable[tuple | Mapping[str, Any]], *, per_row: int = 4) -> None:
    """Rows of bordered ``st.metric`` cards (at most ``per_row`` a row, so labels are not cut).

    Each item is ``(label, formatted value[, help])`` or a mapping with ``label``, ``value`` and any
    ``st.metric`` keyword (``help``, ``delta``, ``delta_color``, ``delta_arrow``).
    """
    items = [
        dict(item) if isinstance(item, Mapping) else dict(zip(("label", "value", "help"), item, strict=False))
        for item in items
    ]
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        for column, item in zip(st.columns(per_row if len(items) > per_row else len(row)), row, strict=False):
            column.metric(item.pop("label"), item.pop("value"), border=True, **item)


def sentence(text: str) -> None:
    """The one sentence a user can paste into an e-mail."""
    st.info(md(text), icon=":material/format_quote:")


_D3_FORMATS = {
    "pct": ",.2%",
    "pct0": ",.0%",
    "pp": ",.2%",
    "int": ",.0f",
    "money": ",.0f",
    "num": ",.2~f",
    "millions": ",.1~f",
}


def money_kind(values: Iterable[float]) -> str:
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


CHART_PADDING = {"top": 18, "left": 5, "right": 12, "bottom": 5}  # room for the title inside columns


def locale_axis(kind: str, lang: str, **kwargs: Any) -> Any:
    """An ``alt.Axis`` whose labels follow the locale (see :func:`axis_label_expr`)."""
    import altair as alt

    return alt.Axis(labelExpr=axis_label_expr(kind, lang), **kwargs)


@st.cache_data(max_entries=32, show_spinner=False)
def _render_chart(spec: str, fmt: str) -> bytes:
    import vl_convert

    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")
    return vl_convert.vegalite_to_png(spec, scale=2)


def chart_downloads(chart: Any, name: str, key: str) -> None:
    """PNG and SVG download buttons for an Altair chart (rendered only when clicked)."""
    spec = chart.to_json()
    left, right = st.columns(2)
    for column, fmt, mime in ((left, "png", "image/png"), (right, "svg", "image/svg+xml")):
        column.download_button(
            t(f"rollout.download_{fmt}"),
            data=lambda fmt=fmt: _render_chart(spec, fmt),
            file_name=f"{name}.{fmt}",
            mime=mime,
            key=f"{key}.{fmt}_download",
            on_click="ignore",
            icon=":material/image:",
        )


def fmt_money_short(value: float, currency: str, lang: str | None = None) -> str:
    """Money for a metric card: ``$17 M`` / ``-$19,4 M`` from a million up, the full amount below."""
    if value is None or value != value:
        return "—"
    lang = lang or current_lang()
    if abs(value) < 1_000_000:
        return fmt_money(value, currency, lang)
    locale = "es_ES" if lang == "es" and currency == "EUR" else BABEL_LOCALE[lang]
    return babel_numbers.format_compact_currency(value, currency, locale=locale, fraction_digits=1)


def show_static_table(df: Any, right: Iterable[str] = ()) -> None:
    """A small static table whose text wraps (``st.table``), formatted numbers right-aligned."""
    shown = df.map(lambda v: md(v) if isinstance(v, str) else v)
    styled = shown.style.set_properties(subset=list(right), **{"text-align": "right"})
    st.table(styled, hide_index=True)


def show_table(df: Any, right: Iterable[str] = ()) -> None:
    """A read-only table with the formatted number columns right-aligned."""
    config = {col: st.column_config.TextColumn(alignment="right") for col in right}
    st.dataframe(df, hide_index=True, column_config=config, width="stretch")

"""NPS and ISN tabs of the Satisfaction page: counts typed by hand or a survey column.

The two scores share the rendering but never a chart or a comparison: the ISN (1–7 grades) is not an
NPS (0–10 recommendation) and the page always prints the ISN's cut-offs beside it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import cache
from app_pages.cache import ALL
from app_pages.components.cards import cards
from app_pages.components.charts import chart_downloads
from app_pages.components.feedback import how_computed, sentence, show_field_error
from app_pages.components.inputs import count_input, show_fix
from app_pages.components.tables import download_table
from app_pages.i18n import fmt_fixed, fmt_int, fmt_score, t
from app_pages.satisfaction.charts import category_chart, histogram, histogram_chart, interval_chart
from economics import ISNResult, NPSResult, isn, nps
from planner_common import InputError

NPS_CUTS = (0, 6, 9, 10)  # scale min, detractor max, promoter min, scale max (fixed for the NPS)
PARTS = {"nps": ("promoters", "passives", "detractors"), "isn": ("satisfied", "neutral", "dissatisfied")}


CUT_NAMES = ("scale_min", "dissatisfied_max", "satisfied_min", "scale_max")


def cutoff_inputs() -> tuple[int, int, int, int] | None:
    """The ISN scale and cut-offs (Chile: 1–7, dissatisfied 1–4, satisfied 6–7), editable; ``None``
    while a box is empty or refused."""
    cols = st.columns(4)
    cuts = tuple(
        count_input(t(f"satisfaction.{name}"), f"satisfaction.{name}", container=col, minimum=None)
        for col, name in zip(cols, CUT_NAMES, strict=True)
    )
    return None if None in cuts else cuts  # type: ignore[return-value]


def _labels(kind: str, cuts: tuple[int, int, int, int]) -> dict[str, str]:
    low, neg_max, pos_min, high = cuts
    ranges = {
        PARTS[kind][0]: (pos_min, high),
        PARTS[kind][1]: (neg_max + 1, pos_min - 1),
        PARTS[kind][2]: (low, neg_max),
    }
    return {
        part: t(f"satisfaction.{part}", range=f"{lo}–{hi}" if lo != hi else str(lo))
        for part, (lo, hi) in ranges.items()
    }


def _count_inputs(kind: str, labels: dict[str, str]) -> list[int | None]:
    cols = st.columns(3)
    return [
        count_input(labels[part], f"satisfaction.{kind}_{part}", container=col, minimum=None)
        for col, part in zip(cols, PARTS[kind], strict=True)
    ]


def _table(results: dict, kind: str) -> pd.DataFrame:
    plus, zero, minus = PARTS[kind]
    rows = [
        {
            t("satisfaction.chart_group"): t("satisfaction.total") if key == ALL else key,
            t("satisfaction.chart_n"): r.n,
            t(f"satisfaction.col_{plus}"): getattr(r, plus),
            t(f"satisfaction.col_{zero}"): getattr(r, zero),
            t(f"satisfaction.col_{minus}"): getattr(r, minus),
            t("satisfaction.col_excluded"): r.excluded,
            t(f"satisfaction.{kind}_short"): r.score,
            t("satisfaction.col_se"): r.std_error,
            t("satisfaction.chart_lower"): r.ci_lower,
            t("satisfaction.chart_upper"): r.ci_upper,
        }
        for key, r in results.items()
    ]
    return pd.DataFrame(rows)


def _from_counts(
    kind: str, counts: list[int], confidence: float, cuts: tuple[int, int, int, int]
) -> NPSResult | ISNResult:
    """The score from counts typed by hand (positive, neutral, negative)."""
    if kind == "nps":
        return nps(*counts, confidence_level=confidence)
    low, dis_max, sat_min, high = cuts
    return isn(
        *counts,
        confidence_level=confidence,
        satisfied_min=sat_min,
        dissatisfied_max=dis_max,
        scale_min=low,
        scale_max=high,
    )


def render(
    kind: str, confidence: float, df: pd.DataFrame | None, column: str | None, group: str | None
) -> NPSResult | ISNResult | None:
    """One score tab: inputs (counts or the chosen column), cards, sentence, charts, downloads.

    Returns the overall result (``None`` until there is one).
    """
    cuts = NPS_CUTS if kind == "nps" else cutoff_inputs()
    if cuts is None:
        if not show_fix([f"satisfaction.{name}" for name in CUT_NAMES]):
            st.info(t("satisfaction.cuts_empty"), icon=":material/edit_note:")
        return None
    labels = _labels(kind, cuts)
    if kind == "isn":
        st.caption(t("satisfaction.isn_not_nps"))
    slot = st.empty()
    try:
        if df is None:
            counts = _count_inputs(kind, labels)
            if show_fix([f"satisfaction.{kind}_{part}" for part in PARTS[kind]]):
                return None
            if None in counts:
                st.info(t(f"satisfaction.{kind}_empty"), icon=":material/edit_note:")
                return None
            results = {ALL: _from_counts(kind, counts, confidence, cuts)}
        elif column is None:
            st.info(t(f"satisfaction.{kind}_no_column"), icon=":material/table_view:")
            return None
        else:
            results = cache.survey_scores(df, column, group, kind, confidence, cuts)
    except InputError as exc:
        field_labels = {
            **labels,
            "score": column or "",
            "grade": column or "",
            "satisfied_min": t("satisfaction.satisfied_min"),
        }
        show_field_error(exc, {}, field_labels, slot)
        return None
    total = results[ALL]
    if total.n == 0:
        slot.warning(t("satisfaction.no_answers"), icon=":material/warning:")
        return None
    level = fmt_int(confidence * 100)
    half = (total.ci_upper - total.ci_lower) / 2  # half-width of the (clipped) interval, for display
    interval = t("satisfaction.interval", lower=fmt_score(total.ci_lower), upper=fmt_score(total.ci_upper))
    cards(
        [
            {
                "label": t(f"satisfaction.{kind}_metric"),
                "value": fmt_score(total.score),
                "help": t(f"satisfaction.{kind}_help"),
                "delta": f"{t('satisfaction.metric_interval', level=level)}: {interval}",
                "delta_color": "gray",
                "delta_arrow": "off",
            },
            (
                t("satisfaction.metric_margin"),
                f"± {fmt_fixed(half)}",
                t("satisfaction.margin_help", level=level),
            ),
            {
                "label": t("satisfaction.metric_n"),
                "value": fmt_int(total.n),
                "delta": t("satisfaction.excluded", n=fmt_int(total.excluded)),
                "delta_color": "gray",
                "delta_arrow": "off",
            },
        ]
    )
    if not total.reliable:
        st.warning(t("satisfaction.unreliable"), icon=":material/warning:")
    plus, zero, minus = (fmt_int(getattr(total, part)) for part in PARTS[kind])
    sentence(
        t(
            f"satisfaction.{kind}_sentence",
            score=fmt_score(total.score),
            n=fmt_int(total.n),
            plus=plus,
            zero=zero,
            minus=minus,
            level=level,
            lower=fmt_score(total.ci_lower),
            upper=fmt_score(total.ci_upper),
            margin=fmt_fixed(half),
            low=cuts[0],
            neg=cuts[1],
            pos=cuts[2],
            high=cuts[3],
        )
    )
    rows = pd.DataFrame(
        [
            {
                "group": t("satisfaction.total") if key == ALL else key,
                "score": r.score,
                "ci_lower": r.ci_lower,
                "ci_upper": r.ci_upper,
                "n": r.n,
            }
            for key, r in results.items()
            if r.n > 0
        ]
    )
    left, right = st.columns(2)
    with left:
        chart = interval_chart(rows, t(f"satisfaction.{kind}_chart_title", level=level))
        st.altair_chart(chart, width="stretch")
        chart_downloads(chart, t(f"satisfaction.{kind}_file"), f"satisfaction.{kind}_chart")
    names = tuple(t(f"satisfaction.cat_{part}") for part in PARTS[kind])
    with right:
        if df is None:
            chart = category_chart(
                [getattr(total, part) for part in PARTS[kind]], names, t("satisfaction.categories_title")
            )
        else:
            chart = histogram_chart(
                histogram(df, column),
                (cuts[1], cuts[2]),
                t("satisfaction.hist_title"),
                names,
                (cuts[0], cuts[3]),
            )
        st.altair_chart(chart, width="stretch")
    how_computed(t(f"satisfaction.{kind}_how"))
    download_table(_table(results, kind), t(f"satisfaction.{kind}_file"), f"satisfaction.{kind}_table")
    return total

"""The answers of the Monitor page: cards, the one sentence, the looks table, the explanation."""

from __future__ import annotations

import math

import pandas as pd

from app_pages.components.cards import cards
from app_pages.components.feedback import how_computed, sentence
from app_pages.i18n import fmt_date, fmt_fixed, fmt_int, fmt_number, fmt_pct, fmt_points, fmt_prob, t
from rollout import MonitorOutlook


def _day(o: MonitorOutlook) -> str:
    if o.days_planned is None:
        return t("monitor.sentence.day_only", day=fmt_int(o.day))
    key = "monitor.sentence.day_pace" if o.days_source == "pace" else "monitor.sentence.day"
    return t(key, day=fmt_int(o.day), days=fmt_int(o.days_planned))


def one_sentence(o: MonitorOutlook) -> str:
    """ "Día 9 de 21: todavía no concluyente; siga. Si el alza real es la planeada, hay un 62 % ..." """
    m = o.metric
    stopped = fmt_date(m.stopped_day) if m.stopped_day else ""
    text = f"{_day(o)}: " + t(f"monitor.sentence.{o.decision}", metric=m.metric, date=stopped)
    if o.outlook is not None and not math.isnan(o.outlook.probability) and o.days_planned is not None:
        text += " " + t("monitor.sentence.outlook", probability=fmt_prob(o.outlook.probability),
                        days=fmt_int(o.days_planned))  # fmt: skip
    elif o.decision == "continue" and o.effect_size is None and o.metric.test is not None:
        text += " " + t("monitor.sentence.no_planned_lift")
    if o.days_after_stop:
        key = "monitor.sentence.after_stop" if o.days_after_stop > 1 else "monitor.sentence.after_stop_one"
        text += " " + t(key, extra=fmt_int(o.days_after_stop), date=fmt_date(o.last_data_date))
    return text


def _interval(o: MonitorOutlook) -> str:
    fmt = fmt_points if o.metric.kind == "proportion" else (lambda v: fmt_number(v, digits=2))
    return t(
        "monitor.card.interval_value", lower=fmt(o.effect_size_ci_lower), upper=fmt(o.effect_size_ci_upper)
    )


def show(o: MonitorOutlook) -> None:
    """Big numbers, then the sentence to paste into an e-mail."""
    days = fmt_int(o.days_planned) if o.days_planned is not None else "—"
    items: list = [
        (t("monitor.card.day"), t("monitor.card.day_value", day=fmt_int(o.day), days=days)),
        (t("monitor.card.decision"), t(f"monitor.decision.{o.decision}")),
    ]
    if o.bound is not None:
        items.append((t("monitor.card.statistic"), fmt_fixed(o.statistic, 2),
                      t("monitor.card.statistic_help", bound=fmt_fixed(o.bound, 2))))  # fmt: skip
        items.append((t("monitor.card.bound"), fmt_fixed(o.bound, 2)))
    else:
        items.append((t("monitor.card.interval"), _interval(o)))
    items.append((t("monitor.card.information"), fmt_pct(o.information_fraction, digits=0)))
    if o.outlook is not None and not math.isnan(o.outlook.probability):
        items.append(
            (t("monitor.card.outlook"), fmt_prob(o.outlook.probability), t("monitor.card.outlook_help"))
        )
    cards(items[:2], per_row=2)
    cards(items[2:], per_row=4)
    sentence(one_sentence(o))


def looks_table(o: MonitorOutlook) -> pd.DataFrame:
    """One row per look: date, customers per group, the statistic and its bound (or the interval)."""
    m = o.metric
    fmt = fmt_points if m.kind == "proportion" else (lambda v: fmt_number(v, digits=2))
    if m.test is not None:
        rows = [
            {t("monitor.col.date"): fmt_date(day), t("monitor.col.control"): fmt_int(x.n_control),
             t("monitor.col.pilot"): fmt_int(x.n_treatment), t("monitor.col.effect"): fmt(x.effect_size),
             t("monitor.col.statistic"): fmt_fixed(x.statistic, 2),
             t("monitor.col.bound"): fmt_fixed(x.bound, 2) if math.isfinite(x.bound) else "—",
             t("monitor.col.decision"): t(f"monitor.decision.{x.decision}")}
            for day, x in zip(m.days, m.test.looks, strict=True)
        ]  # fmt: skip
    else:
        rows = [
            {t("monitor.col.date"): fmt_date(day), t("monitor.col.control"): fmt_int(s.n_control),
             t("monitor.col.pilot"): fmt_int(s.n_treatment), t("monitor.col.effect"): fmt(s.effect_size),
             t("monitor.col.lower"): fmt(s.effect_size_ci_lower), t("monitor.col.upper"): fmt(s.effect_size_ci_upper)}
            for day, s in zip(m.days, m.sequence, strict=True)
        ]  # fmt: skip
    return pd.DataFrame(rows)


def looks_export(o: MonitorOutlook) -> pd.DataFrame:
    """The looks table for the downloads: dates as dates, customers, lift (a fraction for a rate),
    statistic and bound (a blank where the plan has no bound) or the interval, as numbers in full."""
    m = o.metric
    steps = m.test.looks if m.test is not None else m.sequence
    columns = {
        t("monitor.col.date"): pd.to_datetime(list(m.days)),
        t("monitor.col.control"): [x.n_control for x in steps],
        t("monitor.col.pilot"): [x.n_treatment for x in steps],
        t("monitor.col.effect"): [x.effect_size for x in steps],
    }
    if m.test is not None:
        columns |= {
            t("monitor.col.statistic"): [x.statistic for x in m.test.looks],
            t("monitor.col.bound"): [x.bound if math.isfinite(x.bound) else math.nan for x in m.test.looks],
            t("monitor.col.decision"): [t(f"monitor.decision.{x.decision}") for x in m.test.looks],
        }
    else:
        columns |= {
            t("monitor.col.lower"): [s.effect_size_ci_lower for s in m.sequence],
            t("monitor.col.upper"): [s.effect_size_ci_upper for s in m.sequence],
        }
    return pd.DataFrame(columns)


def explain(o: MonitorOutlook) -> None:
    """The "How was this computed?" expander."""
    parts = [
        t("monitor.how.group_sequential" if o.metric.test is not None else "monitor.how.confidence_sequence")
    ]
    if o.outlook is not None:
        parts.append(t("monitor.how.outlook", effect=fmt_points(o.outlook.effect_size)
                       if o.metric.kind == "proportion" else fmt_number(o.outlook.effect_size, digits=2)))  # fmt: skip
    parts.append(t("monitor.how.days_design" if o.days_source == "design" else "monitor.how.days_pace"))
    how_computed("\n\n".join(parts))

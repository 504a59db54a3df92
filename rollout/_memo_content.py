"""What the memo says, as plain text in the reader's language: one structure for HTML, PDF and XLSX.

``texts`` maps catalog keys to already-translated templates (the UI passes every key that starts with
one of :data:`TEXT_PREFIXES`); ``{placeholders}`` in them are filled here with figures formatted by
:class:`~rollout._memo_format.MemoFormat`. A missing key shows itself, like the UI's ``t()``. Nothing
here is escaped: every renderer escapes for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rollout._memo_facts import MemoFacts
from rollout._memo_format import MISSING, MemoFormat

TEXT_PREFIXES = ("memo.", "decision.", "stage.", "brief.objective_", "brief.channel_")
Rows = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoContent:
    """The memo's sections, every string final (translated, figures formatted, not escaped)."""

    lang: str
    title: str
    kicker: str
    name: str
    meta: Rows
    question_title: str
    question: str
    recommendation_title: str
    decision: str | None
    verdict: str
    reasons: tuple[str, ...]
    readout_title: str
    readout: Rows
    money_title: str
    money: Rows
    money_missing: str
    scenarios_title: str
    scenario_header: tuple[str, ...]
    scenarios: tuple[tuple[str, ...], ...]
    charts_title: str
    assumptions_title: str
    assumptions: tuple[str, ...]
    approval_title: str
    approval_status: str | None
    approval: Rows
    signature: tuple[str, ...]
    footer: str


class _Texts:
    def __init__(self, texts: dict[str, str], fmt: MemoFormat) -> None:
        self.texts, self.fmt = texts, fmt

    def __call__(self, key: str, **params: Any) -> str:
        template = self.texts.get(key, key)
        return self.fmt.fill(template, **params) if params else template

    def option(self, prefix: str, value: str | None) -> str:
        """The label of a choice (``brief.channel_email``), or the raw value when unknown."""
        if not value:
            return MISSING
        return self.texts.get(f"{prefix}{value}", str(value))


def _meta(f: MemoFacts, tx: _Texts, fmt: MemoFormat, today: date) -> Rows:
    rows = [
        (tx("memo.objective"), tx.option("brief.objective_", f.objective)),
        (tx("memo.channel"), tx.option("brief.channel_", f.channel)),
    ]
    if f.stimulus:
        rows.append((tx("memo.stimulus"), f.stimulus))
    rows += [(tx("memo.stage"), tx.option("stage.", f.stage)), (tx("memo.date"), fmt.day(today))]
    if f.campaign_id is not None:
        rows.append((tx("memo.record"), tx("memo.record_value", id=fmt.integer(f.campaign_id))))
    return tuple(rows)


def _question(f: MemoFacts, tx: _Texts, fmt: MemoFormat) -> str:
    if f.question:
        return f.question
    named = {"metric": f.metric} if f.metric else {}  # a typed result has no metric name to quote
    key = "memo.question" + ("" if f.audience else "_no_audience") + ("" if f.metric else "_unnamed")
    return tx(key, **named, **({"audience": fmt.integer(f.audience)} if f.audience else {}))


def _reasons(f: MemoFacts, tx: _Texts, fmt: MemoFormat) -> tuple[str, ...]:
    if f.decision is None:
        return (tx("memo.assumption_money_error" if f.notes else "memo.no_readout"),)
    return tuple(fmt.reason(tx(f"decision.reason.{code}"), params) for code, params in f.decision.reasons)


def _srm(f: MemoFacts, tx: _Texts, fmt: MemoFormat) -> str:
    if f.srm_flagged is None:
        return tx("memo.srm_unknown")
    key = "memo.srm_flagged" if f.srm_flagged else "memo.srm_ok"
    return tx(key, pvalue=fmt.pvalue(f.srm_pvalue)) if f.srm_pvalue == f.srm_pvalue else tx(key + "_no_p")


def _readout(f: MemoFacts, tx: _Texts, fmt: MemoFormat) -> Rows:
    level = fmt.pct(f.confidence_level, 0)
    metric = f"{f.metric or tx('memo.metric_typed')} ({tx('memo.direction_' + f.direction)})"
    rows = [(tx("memo.metric"), metric)]
    if f.control == f.control:
        rows += [
            (tx("memo.control_rate"), fmt.pct(f.control, 2)),
            (tx("memo.pilot_rate"), fmt.pct(f.treatment, 2)),
        ]
    rows += [
        (tx("memo.lift"), fmt.points(f.effect_size)),
        (
            tx("memo.interval", level=level),
            tx("memo.range", lower=fmt.points(f.ci_lower), upper=fmt.points(f.ci_upper)),
        ),
        (tx("memo.rel_lift"), fmt.pct(f.rel_effect_size, 1)),
        (tx("memo.pvalue"), fmt.p_number(f.pvalue)),
        (
            tx("memo.sizes"),
            tx("memo.sizes_value", pilot=fmt.integer(f.n_treatment), control=fmt.integer(f.n_control)),
        ),
        (tx("memo.srm"), _srm(f, tx, fmt)),
    ]
    return tuple(rows)


def _money(f: MemoFacts, tx: _Texts, fmt: MemoFormat) -> Rows:
    p = f.projection
    if p is None:
        return ()
    level = fmt.pct(p.confidence_level, 0)
    return (
        (tx("memo.audience"), fmt.integer(p.audience)),
        (tx("memo.total_cost"), fmt.money(p.total_cost)),
        (tx("memo.break_even"), fmt.points(p.break_even_uplift)),
        (tx("memo.expected_profit"), fmt.money(p.expected_profit)),
        (
            tx("memo.profit_interval", level=level),
            tx("memo.range", lower=fmt.money(p.profit_ci_lower), upper=fmt.money(p.profit_ci_upper)),
        ),
        (tx("memo.probability"), fmt.prob(p.probability_of_profit)),
        (tx("memo.roi"), fmt.pct(p.expected_roi, 0)),
    )


def _scenarios(
    f: MemoFacts, tx: _Texts, fmt: MemoFormat
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    suffix = "_decrease" if f.direction == "decrease" else ""
    header = (
        tx("memo.col_scenario"),
        tx("memo.col_uplift"),
        tx(f"memo.col_responses{suffix}"),
        tx("memo.col_profit", currency=fmt.currency),
        tx("memo.col_roi"),
    )
    if f.projection is None:
        return header, ()
    rows = tuple(
        (
            tx(f"memo.scenario_{s.name}"),
            fmt.points(s.uplift),
            fmt.integer(s.incremental_responses),
            fmt.money(s.profit),
            fmt.pct(s.roi, 0),
        )
        for s in f.projection.scenarios
    )
    return header, rows


def _assumptions(f: MemoFacts, tx: _Texts, fmt: MemoFormat) -> tuple[str, ...]:
    out = []
    if f.projection is not None:
        p = f.projection
        out.append(
            tx(
                "memo.assumption_money",
                cost=fmt.money(p.cost_per_contact),
                margin=fmt.money(p.margin_per_response),
                fixed=fmt.money(p.fixed_cost),
                audience=fmt.integer(p.audience),
            )
        )
    out.append(tx("memo.assumption_incremental"))
    out.append(
        tx("memo.assumption_normal", level=fmt.pct(f.confidence_level, 0), alpha=fmt.number(f.alpha, 3))
    )
    if f.direction == "decrease":
        if f.metric:
            out.append(tx("memo.assumption_decrease", metric=f.metric))
        else:
            out.append(tx("memo.assumption_decrease_unnamed"))
    if f.planned_n_treatment and f.planned_n_control:
        out.append(
            tx(
                "memo.assumption_plan",
                pilot=fmt.integer(f.planned_n_treatment),
                control=fmt.integer(f.planned_n_control),
            )
        )
    if f.notes:
        out.append(tx("memo.assumption_money_error"))
    return tuple(out)


def _approval(f: MemoFacts, tx: _Texts, fmt: MemoFormat) -> tuple[str | None, Rows]:
    a = f.approval
    if a is None:
        return None, ((tx("memo.status"), tx("memo.pending")),)
    status = "changed" if a.changed_after else a.stage
    rows = [
        (tx("memo.status"), tx(f"memo.status_{status}")),
        (tx("memo.decided_by"), a.actor or MISSING),
        (tx("memo.decided_at"), fmt.moment(a.at)),
    ]
    if a.note:
        rows.append((tx("memo.note"), a.note))
    if a.snapshot_sha256:
        rows.append((tx("memo.snapshot_hash"), a.snapshot_sha256))
    return status, tuple(rows)


def memo_content(f: MemoFacts, texts: dict[str, str], fmt: MemoFormat, today: date) -> MemoContent:
    """Turn the facts into the memo's sentences and formatted tables (see the module doc)."""
    tx = _Texts(texts, fmt)
    header, scenarios = _scenarios(f, tx, fmt)
    status, approval = _approval(f, tx, fmt)
    decision = f.decision.decision if f.decision is not None else None
    return MemoContent(
        lang=fmt.lang,
        title=tx("memo.title"),
        kicker=tx("memo.kicker"),
        name=f.name or tx("memo.unnamed"),
        meta=_meta(f, tx, fmt, today),
        question_title=tx("memo.question_title"),
        question=_question(f, tx, fmt),
        recommendation_title=tx("decision.title"),
        decision=decision,
        verdict=tx(f"decision.{decision}") if decision else tx("memo.no_verdict"),
        reasons=_reasons(f, tx, fmt),
        readout_title=tx("memo.readout_title"),
        readout=_readout(f, tx, fmt) if f.has_pilot else (),
        money_title=tx("memo.money_title"),
        money=_money(f, tx, fmt),
        money_missing=tx("memo.no_money"),
        scenarios_title=tx("memo.scenarios_title"),
        scenario_header=header,
        scenarios=scenarios,
        charts_title=tx("memo.charts_title"),
        assumptions_title=tx("memo.assumptions_title"),
        assumptions=_assumptions(f, tx, fmt),
        approval_title=tx("memo.approval_title"),
        approval_status=status,
        approval=approval,
        signature=(tx("memo.sign_name"), tx("memo.sign_date"), tx("memo.signature")),
        footer=tx("memo.footer", date=fmt.day(today)),
    )

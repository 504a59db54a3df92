"""The portfolio's queries: listing, period views, inputs of ``portfolio_impact``, and past pilots.

Every figure comes from the typed columns stored at save time (``_portfolio_facts``) and is filtered,
sorted, paged and summed by the database (one ``COUNT`` and one ``SELECT … LIMIT`` for a page, one
``GROUP BY`` for a period view); no campaign's JSON is read. Weeks start on Monday (ISO 8601); a
period row is labelled by its first day.

References:
    docs/formulas.md §12 (reporting cadence), §17 (the portfolio).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, or_, select, type_coerce
from sqlalchemy.sql import ColumnElement

from planner_common import InputError, check_choice, check_int
from rollout import _registry_audit as audit
from rollout._models import Campaign, UserRow
from rollout._portfolio_facts import search_key
from rollout._registry_base import RegistryBase
from rollout.permissions import STAGES, stage_rank
from rollout.portfolio import PortfolioCampaign
from rollout.portfolio_records import (
    MAX_PAGE_SIZE,
    PERIODS,
    SORTS,
    PastCampaign,
    PastCampaignsResult,
    PeriodRow,
    PeriodViewResult,
    PortfolioFilter,
    PortfolioListResult,
    PortfolioRow,
)

C = Campaign
FIGURES_DATE = func.coalesce(C.pilot_end, C.pilot_start)


def conditions(f: PortfolioFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter (the owner's username needs the ``users`` join)."""
    where: list[ColumnElement[bool]] = []
    for column, values in ((C.stage, f.stage), (C.channel, f.channel), (C.objective, f.objective)):
        if _items(values):
            where.append(column.in_([str(v) for v in _items(values)]))
    if _items(f.owner):
        ids = [v for v in _items(f.owner) if isinstance(v, int)]
        names = [v for v in _items(f.owner) if isinstance(v, str)]
        where.append(or_(C.owner_id.in_(ids), UserRow.username.in_(names)))
    if f.archived is not None:
        where.append(C.archived.is_(f.archived))
    if f.date_from is not None:
        where.append(f.date_from <= FIGURES_DATE)
    if f.date_to is not None:
        where.append(f.date_to >= FIGURES_DATE)
    if search_key(f.search):
        where.append(C.search_name.contains(search_key(f.search), autoescape=True))
    return where


def _items(values: object) -> tuple[Any, ...]:
    """A filter field as the tuple ``PortfolioFilter`` normalised it to."""
    return values if isinstance(values, tuple) else ()


def _filtered(query: Any, f: PortfolioFilter) -> Any:
    return query.outerjoin(UserRow, UserRow.id == C.owner_id).where(*conditions(f))


def _order(sort: str, descending: bool, dialect: str) -> list[Any]:
    ranks = {stage: stage_rank(stage) for stage in STAGES}
    name = C.search_name.collate("C") if dialect == "postgresql" else C.search_name  # code-point order
    column: Any = {
        "name": name,
        "stage": case(ranks, value=C.stage),
        "owner": UserRow.username,
    }.get(sort, getattr(C, sort, None))
    first = column.desc() if descending else column.asc()
    return [first.nulls_last(), C.id.desc() if descending else C.id.asc()]


# The listing reads these columns only (never ``data`` or ``summary``: the sort carries small rows).
LISTED = ("id", "name", "stage", "version", "owner_id", "channel", "objective", "created_at", "updated_at",
          "archived", "pilot_start", "pilot_end", "currency", "recommendation", "contacts", "responses",
          "conversion_rate", "incremental_responses", "spend", "pilot_profit", "cost_per_contact",
          "cost_per_response", "cost_per_incremental_response", "expected_profit", "profit_ci_lower",
          "profit_ci_upper", "expected_roi", "probability_of_profit", "effect_size")  # fmt: skip


def _row(r: Any) -> PortfolioRow:
    values = {name: getattr(r, name) for name in LISTED}
    values |= {"owner": r.owner, "response_rate": r.treatment_rate, "archived": bool(r.archived)}
    values |= {"created_at": audit.utc(r.created_at), "updated_at": audit.utc(r.updated_at)}
    return PortfolioRow(**values)


def _bucket(dialect: str, period: str) -> Any:
    """The first day of the period of each campaign's figures date, computed by the database."""
    if period == "day":
        return FIGURES_DATE
    if dialect == "sqlite":
        modifiers = ("-6 days", "weekday 1") if period == "week" else ("start of month",)
        return type_coerce(func.date(FIGURES_DATE, *modifiers), Date)
    return cast(func.date_trunc(period, FIGURES_DATE), Date)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _period_row(r: Any) -> PeriodRow:
    return PeriodRow(
        period=_as_date(r.period), currency=r.currency, campaigns=int(r.campaigns), running=int(r.running),
        finished=int(r.campaigns) - int(r.running), contacts=int(r.contacts or 0),
        responses=float(r.responses or 0.0), incremental_responses=float(r.incremental_responses or 0.0),
        spend=float(r.spend or 0.0), incremental_profit=float(r.incremental_profit or 0.0),
        expected_profit=float(r.expected_profit or 0.0),
    )  # fmt: skip


def _in_views() -> ColumnElement[bool]:
    """Pilots with figures (read) or still running with a start date."""
    return or_(C.pilot_end.is_not(None), and_(C.stage == "running", C.pilot_start.is_not(None)))


class PortfolioMixin(RegistryBase):
    """``portfolio``, ``portfolio_periods``, ``portfolio_campaigns``, ``past_campaigns``."""

    def portfolio(
        self,
        filters: PortfolioFilter | None = None,
        *,
        sort: str = "updated_at",
        descending: bool = True,
        page: int = 1,
        page_size: int = 50,
    ) -> PortfolioListResult:
        """One page of the campaign listing, filtered, sorted and counted by the database.

        Args:
            filters: Which campaigns (default: every campaign not archived).
            sort: A column of ``rollout.portfolio_records.SORTS``; missing figures sort last.
            descending: Largest (or newest) first; ties by id.
            page, page_size: 1-based page of ``page_size`` rows (at most 500).

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> for name in ("Catálogo otoño", "SMS retención", "Catalogo invierno"):
            ...     _ = reg.save_campaign({"stage": "draft", "brief": {"name": name, "channel": "mail"}})
            >>> found = reg.portfolio(PortfolioFilter(search="CATÁLOGO"), sort="name", descending=False)
            >>> found.total, [r.name for r in found.rows]
            (2, ['Catalogo invierno', 'Catálogo otoño'])

        References:
            docs/formulas.md §17.
        """
        f = filters if filters is not None else PortfolioFilter()
        sort = check_choice("sort", sort, SORTS)
        page = check_int("page", page)
        page_size = check_int("page_size", page_size)
        if page_size > MAX_PAGE_SIZE:
            raise InputError(
                "portfolio_page_too_large",
                f"page_size is {page_size}; at most {MAX_PAGE_SIZE} rows are listed at once.",
                field="page_size",
                value=page_size,
                maximum=MAX_PAGE_SIZE,
            )
        columns = [getattr(C, name) for name in LISTED] + [C.treatment_rate, UserRow.username.label("owner")]
        query = _filtered(select(*columns), f)
        query = (
            query.order_by(*_order(sort, descending, self.engine.dialect.name))
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        with self._reading() as session:
            total = session.execute(_filtered(select(func.count(C.id)), f)).scalar_one()
            rows = tuple(_row(r) for r in session.execute(query))
        return PortfolioListResult(
            filters=f,
            sort=sort,
            descending=descending,
            page=page,
            page_size=page_size,
            total=total,
            rows=rows,
        )

    def portfolio_periods(
        self, period: str = "month", filters: PortfolioFilter | None = None
    ) -> PeriodViewResult:
        """Contacts, responses, incremental responses, spend and profit per day, week or month.

        A pilot counts in the period of its figures date: the day it was read (``pilot_end``), or the
        day it started while it is still running (counted in ``running``, no figures yet). One row
        per period and currency, summed by one ``GROUP BY`` in the database.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> pilot = {"stage": "analysed", "design": {"start_date": "2025-03-03", "end_date": "2025-03-30"}}
            >>> _ = reg.save_campaign(pilot, summary={"n_treatment": 20_000, "spend": 9e6, "currency": "CLP"})
            >>> [(r.period.isoformat(), r.contacts, r.spend) for r in reg.portfolio_periods("week").rows]
            [('2025-03-24', 20000, 9000000.0)]

        References:
            docs/formulas.md §12, §17.
        """
        period = check_choice("period", period, PERIODS)
        f = filters if filters is not None else PortfolioFilter()
        bucket = _bucket(self.engine.dialect.name, period).label("period")
        query = _filtered(
            select(
                bucket, C.currency, func.count(C.id).label("campaigns"),
                func.sum(case((C.pilot_end.is_(None), 1), else_=0)).label("running"),
                func.sum(C.contacts).label("contacts"), func.sum(C.responses).label("responses"),
                func.sum(C.incremental_responses).label("incremental_responses"),
                func.sum(C.spend).label("spend"), func.sum(C.pilot_profit).label("incremental_profit"),
                func.sum(C.expected_profit).label("expected_profit"),
            ),
            f,
        ).where(_in_views())  # fmt: skip
        query = query.group_by(bucket, C.currency).order_by(bucket, C.currency.nulls_first())
        with self._reading() as session:
            rows = tuple(_period_row(r) for r in session.execute(query))
        return PeriodViewResult(period=period, filters=f, rows=rows)

    def portfolio_campaigns(self, filters: PortfolioFilter | None = None) -> tuple[PortfolioCampaign, ...]:
        """The evaluated campaigns as inputs of ``rollout.portfolio_impact`` (from the typed columns).

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> s = {"expected_profit": 17e6, "profit_ci_lower": -19.4e6, "profit_ci_upper": 53.4e6}
            >>> _ = reg.save_campaign({"stage": "analysed", "brief": {"name": "Catálogo"}}, summary=s)
            >>> [(c.name, round(c.profit_std_error / 1e6, 2)) for c in reg.portfolio_campaigns()]
            [('Catálogo', 18.57)]

        References:
            docs/formulas.md §17 (the standard error from the summary's interval).
        """
        f = filters if filters is not None else PortfolioFilter()
        columns = (C.id, C.name, C.expected_profit, C.profit_std_error, C.effect_size, C.effect_std_error,
                   C.direction, C.currency)  # fmt: skip
        query = _filtered(select(*columns), f).where(
            or_(C.profit_std_error.is_not(None), C.effect_std_error.is_not(None))
        )
        with self._reading() as session:
            rows = session.execute(query.order_by(C.id)).all()
        return tuple(_portfolio_campaign(r) for r in rows)

    def past_campaigns(
        self,
        channel: str,
        objective: str,
        *,
        exclude: int | None = None,
        include_archived: bool = False,
    ) -> PastCampaignsResult:
        """Earlier pilots of this channel and objective: control rate and size (and the treated arm's).

        Only pilots with a measured control rate count, most recently read first; ``exclude`` leaves
        out the campaign being designed.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> brief = {"name": "SMS marzo", "channel": "sms", "objective": "retain"}
            >>> s = {"control_rate": 0.021, "n_control": 5_000, "treatment_rate": 0.027, "n_treatment": 20_000}
            >>> _ = reg.save_campaign({"stage": "analysed", "brief": brief}, summary=s)
            >>> past = reg.past_campaigns("sms", "retain")
            >>> [(c.name, c.control_rate, c.n_control) for c in past.campaigns]
            [('SMS marzo', 0.021, 5000)]

        References:
            docs/formulas.md §17; Feit & Berman (2019) §5 (priors from past experiments).
        """
        query = select(C.id, C.name, C.pilot_end, C.control_rate, C.n_control, C.treatment_rate, C.contacts)
        query = query.where(C.channel == channel, C.objective == objective, C.control_rate.is_not(None),
                            C.n_control > 0)  # fmt: skip
        if not include_archived:
            query = query.where(C.archived.is_(False))
        if exclude is not None:
            query = query.where(C.id != exclude)
        with self._reading() as session:
            rows = session.execute(query.order_by(C.pilot_end.desc().nulls_last(), C.id.desc())).all()
        found = tuple(
            PastCampaign(id=r.id, name=r.name, pilot_end=r.pilot_end, control_rate=r.control_rate,
                         n_control=r.n_control, treatment_rate=r.treatment_rate, n_treatment=r.contacts)
            for r in rows
        )  # fmt: skip
        notes = () if len(found) >= 2 else ("Fewer than 2 earlier pilots: type the prior from experience.",)
        return PastCampaignsResult(channel=channel, objective=objective, campaigns=found, notes=notes)


def _portfolio_campaign(r: Any) -> PortfolioCampaign:
    sign = -1.0 if r.direction == "decrease" else 1.0
    return PortfolioCampaign(
        id=r.id, name=r.name, expected_profit=_nan(r.expected_profit), profit_std_error=_nan(r.profit_std_error),
        lift=sign * _nan(r.effect_size), lift_std_error=_nan(r.effect_std_error), currency=r.currency,
    )  # fmt: skip


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)

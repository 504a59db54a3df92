"""The portfolio's filter and the frozen results of its registry queries (pure: no database here).

``Registry.portfolio`` (the listing), ``Registry.portfolio_periods`` (day / week / month views),
``Registry.tier_results`` (value tiers across campaigns) and ``Registry.past_campaigns`` (priors for
the next design) return these records; the Portfolio page renders them.

References:
    docs/formulas.md §12 (reporting cadence), §17 (the portfolio); docs/ux.md §2.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from planner_common import InputError, check_choice
from rollout.permissions import STAGES

PERIODS = ("day", "week", "month")
SORTS = (
    "updated_at", "created_at", "name", "stage", "owner", "channel", "objective", "pilot_start",
    "pilot_end", "contacts", "spend", "expected_profit", "expected_roi", "probability_of_profit",
    "cost_per_incremental_response",
)  # fmt: skip
MAX_PAGE_SIZE = 500


def _strings(field: str, values: Iterable[Any] | str | None) -> tuple[Any, ...]:
    if values is None:
        return ()
    items = (values,) if isinstance(values, str | int) else tuple(values)
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise InputError(
                "portfolio_bad_filter",
                f"{field} must be text (or a list of texts), got {item!r}.",
                field=field,
                value=repr(item)[:40],
            )
    return items


@dataclass(frozen=True, slots=True, kw_only=True)
class PortfolioFilter:
    """Which campaigns a portfolio query covers (every field optional; a tuple means "any of").

    Attributes:
        stage, channel, objective: Codes to keep (a text or a tuple of texts).
        owner: Owners' user ids or usernames.
        date_from, date_to: Keep campaigns whose figures date (``pilot_end``, else ``pilot_start`` for a
            pilot still running; docs/formulas.md §17) falls within, both ends included.
        archived: ``False`` (default) hides archived campaigns, ``True`` shows only them, ``None`` both.
        search: Part of the name, matched without regard to case or accents.
    """

    stage: tuple[str, ...] | str | None = None
    channel: tuple[str, ...] | str | None = None
    objective: tuple[str, ...] | str | None = None
    owner: tuple[int | str, ...] | int | str | None = None
    date_from: date | None = None
    date_to: date | None = None
    archived: bool | None = False
    search: str = ""

    def __post_init__(self) -> None:
        for name in ("stage", "channel", "objective", "owner"):
            object.__setattr__(self, name, _strings(name, getattr(self, name)))
        for stage in self.stage or ():
            check_choice("stage", stage, STAGES)
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
                raise InputError(
                    "portfolio_bad_filter",
                    f"{name} must be a date, got {value!r}.",
                    field=name,
                    value=str(value),
                )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(
                "portfolio_period_reversed",
                f"date_from ({self.date_from}) is after date_to ({self.date_to}); swap them.",
                field="date_from",
                value=str(self.date_from),
                upper=str(self.date_to),
            )
        if not isinstance(self.search, str):
            raise InputError(
                "portfolio_bad_filter", "search must be text.", field="search", value=repr(self.search)
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class PortfolioRow:
    """One campaign of the listing: its columns and its stored figures (``None`` until evaluated).

    Money is in ``currency``; ``response_rate`` is the pilot's treated response rate,
    ``conversion_rate`` its conversion; ``expected_profit`` and its interval are the roll-out's.
    """

    id: int
    name: str
    stage: str
    version: int
    owner_id: int | None
    owner: str | None
    channel: str | None
    objective: str | None
    created_at: datetime
    updated_at: datetime
    archived: bool
    pilot_start: date | None
    pilot_end: date | None
    currency: str | None
    recommendation: str | None
    contacts: int | None
    responses: float | None
    response_rate: float | None
    conversion_rate: float | None
    incremental_responses: float | None
    spend: float | None
    pilot_profit: float | None
    cost_per_contact: float | None
    cost_per_response: float | None
    cost_per_incremental_response: float | None
    expected_profit: float | None
    profit_ci_lower: float | None
    profit_ci_upper: float | None
    expected_roi: float | None
    probability_of_profit: float | None
    effect_size: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PortfolioListResult:
    """One page of the listing: ``total`` campaigns match the filter, ``rows`` are this page's."""

    filters: PortfolioFilter
    sort: str
    descending: bool
    page: int
    page_size: int
    total: int
    rows: tuple[PortfolioRow, ...]
    notes: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, math.ceil(self.total / self.page_size))


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodRow:
    """One period (its first day) and currency: pilots read in it and pilots that started and still run.

    ``incremental_profit`` is the pilots' own incremental profit (what they earned); ``expected_profit``
    the sum of their projected roll-out profits.
    """

    period: date
    currency: str | None
    campaigns: int
    running: int
    finished: int
    contacts: int
    responses: float
    incremental_responses: float
    spend: float
    incremental_profit: float
    expected_profit: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodViewResult:
    """The day / week (Monday) / month view of the filtered campaigns, oldest period first."""

    period: str
    filters: PortfolioFilter
    rows: tuple[PeriodRow, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TierRow:
    """One value tier across campaigns: sizes, incremental responses and the pooled lift.

    ``effect_size`` is the random-effects (DerSimonian–Laird) pooled uplift in the good direction with
    its interval; ``fixed_effect_size`` the inverse-variance mean; ``q_statistic``, ``i_squared`` and
    ``tau_squared`` say how much the tier's lift differs between campaigns.
    """

    tier: str
    key: str
    campaigns: int
    n_control: int
    n_treatment: int
    incremental_responses: float
    effect_size: float
    std_error: float
    effect_size_ci_lower: float
    effect_size_ci_upper: float
    fixed_effect_size: float
    q_statistic: float
    i_squared: float
    tau_squared: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TierResultsResult:
    """Results per value tier (alto, medio, bajo, estratégico first, then others alphabetically)."""

    filters: PortfolioFilter
    alpha: float
    rows: tuple[TierRow, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PastCampaign:
    """One earlier pilot's response rates and sizes (control and treated arm)."""

    id: int
    name: str
    pilot_end: date | None
    control_rate: float
    n_control: int
    treatment_rate: float | None
    n_treatment: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PastCampaignsResult:
    """Earlier pilots of one channel and objective, to estimate the next design's prior.

    ``table()`` is the input of ``experiments.prior_from_past_campaigns`` (pass ``campaign="campaign"``
    with ``paired=True``); ``campaigns`` says which pilots it came from.
    """

    channel: str
    objective: str
    campaigns: tuple[PastCampaign, ...]
    notes: tuple[str, ...] = ()

    def table(self, *, paired: bool = False) -> Any:
        """A DataFrame: ``campaign``, ``name``, ``rate``, ``n`` – the control arm of each pilot, or with
        ``paired=True`` both arms (control first) of the pilots that have both.

        Examples:
            >>> p = PastCampaignsResult(channel="email", objective="retain", campaigns=(
            ...     PastCampaign(id=3, name="SMS 1", pilot_end=None, control_rate=0.02, n_control=5_000,
            ...                  treatment_rate=0.03, n_treatment=20_000),))
            >>> p.table(paired=True)[["campaign", "rate", "n"]].to_dict("records")
            [{'campaign': 3, 'rate': 0.02, 'n': 5000}, {'campaign': 3, 'rate': 0.03, 'n': 20000}]

        References:
            ``experiments.prior_from_past_campaigns`` (its table shapes); docs/formulas.md §17.
        """
        import pandas as pd

        rows = []
        for c in self.campaigns:
            if paired and (c.treatment_rate is None or not c.n_treatment):
                continue
            rows.append({"campaign": c.id, "name": c.name, "rate": c.control_rate, "n": c.n_control})
            if paired:
                rows.append({"campaign": c.id, "name": c.name, "rate": c.treatment_rate, "n": c.n_treatment})
        return pd.DataFrame(rows, columns=["campaign", "name", "rate", "n"])

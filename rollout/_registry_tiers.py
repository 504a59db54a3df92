"""Results per value tier across campaigns, pooled in the database from each readout's tier rows.

Each ``campaign_segments`` row is one campaign's uplift ``y`` (in the metric's good direction) in one
tier, with standard error ``s`` (weight ``w = 1 / s²``). One ``GROUP BY segment_key`` returns ``Σw``,
``Σw²``, ``Σwy``, ``Σwy²``, sizes and incremental responses; from them the fixed-effect mean
``Σwy / Σw``, Cochran's ``Q = Σwy² − (Σwy)² / Σw``, DerSimonian–Laird's
``τ² = max(0, (Q − (k − 1)) / (Σw − Σw² / Σw))`` and I². A second grouped query with each tier's ``τ²``
gives the random-effects mean ``Σ y/(s² + τ²) / Σ 1/(s² + τ²)`` and its standard error.

References:
    DerSimonian & Laird (1986); Cochran (1954); Higgins & Thompson (2002); docs/formulas.md §11, §17.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

from sqlalchemy import case, func, literal, select

from planner_common import check_probability
from rollout._models import Campaign, CampaignSegment, UserRow
from rollout._registry_base import RegistryBase
from rollout._registry_portfolio import conditions
from rollout.portfolio_records import PortfolioFilter, TierResultsResult, TierRow

S = CampaignSegment
TIER_ORDER = ("alto", "medio", "bajo", "estrategico")
_SIGN = case((S.direction == "decrease", -1.0), else_=1.0)
_Y = _SIGN * S.effect_size
_W = 1.0 / (S.std_error * S.std_error)


def _joined(query: Any, f: PortfolioFilter) -> Any:
    query = query.join(Campaign, (Campaign.id == S.campaign_id) & (Campaign.content_hash == S.content_hash))
    return query.outerjoin(UserRow, UserRow.id == Campaign.owner_id).where(*conditions(f), S.std_error > 0)


def _sums_query(f: PortfolioFilter) -> Any:
    return _joined(
        select(
            S.segment_key, func.min(S.segment).label("tier"), func.count().label("k"),
            func.count(func.distinct(S.campaign_id)).label("campaigns"),
            func.sum(S.n_control).label("n_control"), func.sum(S.n_treatment).label("n_treatment"),
            func.sum(_Y * S.n_treatment).label("incremental"), func.sum(_W).label("sw"),
            func.sum(_W * _W).label("sw2"), func.sum(_W * _Y).label("swy"), func.sum(_W * _Y * _Y).label("swy2"),
        ),
        f,
    ).group_by(S.segment_key)  # fmt: skip


def dl_moments(k: int, sw: float, sw2: float, swy: float, swy2: float) -> dict[str, float]:
    """Fixed-effect mean, Q, DerSimonian–Laird τ² and I² from the weighted sums of one tier.

    Examples:
        Three campaigns with lifts 1, 3 and 8 points, each with standard error 1:

        >>> dl_moments(3, sw=3.0, sw2=3.0, swy=12.0, swy2=74.0)
        {'fixed': 4.0, 'q': 26.0, 'tau2': 12.0, 'i2': 0.9230769230769231}

    References:
        DerSimonian & Laird (1986); Higgins & Thompson (2002).
    """
    fixed = swy / sw
    q = max(0.0, swy2 - swy * swy / sw)
    c = sw - sw2 / sw
    tau2 = max(0.0, (q - (k - 1)) / c) if c > 0 else 0.0
    i2 = max(0.0, (q - (k - 1)) / q) if q > 0 else 0.0
    return {"fixed": fixed, "q": q, "tau2": tau2, "i2": i2}


def _tier_sort(key: str) -> tuple[int, str]:
    return (TIER_ORDER.index(key) if key in TIER_ORDER else len(TIER_ORDER), key)


class TiersMixin(RegistryBase):
    """``tier_results``."""

    def tier_results(
        self, filters: PortfolioFilter | None = None, *, alpha: float = 0.05
    ) -> TierResultsResult:
        """Per value tier (the readouts' segment lines), across the filtered campaigns: sizes, incremental
        responses and the pooled uplift in the good direction with its ``1 − alpha`` interval.

        Examples:
            >>> from rollout.registry import Registry
            >>> reg = Registry("sqlite://")
            >>> def line(tier, lift):
            ...     return {"metric": "compra", "arm": "piloto", "segment": tier, "n_control": 1_000,
            ...             "n_treatment": 4_000, "effect_size": lift, "std_error": 0.004}
            >>> for lifts in ((0.012, 0.002), (0.016, 0.004)):
            ...     readout = {"arm": "piloto", "metrics": {"compra": {}},
            ...                "segment_lines": [line("Alto", lifts[0]), line("bajo", lifts[1])]}
            ...     _ = reg.save_campaign({"stage": "analysed", "readout": readout})
            >>> [(r.tier, r.campaigns, round(r.effect_size, 3)) for r in reg.tier_results().rows]
            [('Alto', 2, 0.014), ('bajo', 2, 0.003)]

        References:
            DerSimonian & Laird (1986); docs/formulas.md §11, §17.
        """
        f = filters if filters is not None else PortfolioFilter()
        alpha = check_probability("alpha", alpha)
        with self._reading() as session:
            sums = {r.segment_key: r for r in session.execute(_sums_query(f))}
            moments = {key: dl_moments(r.k, r.sw, r.sw2, r.swy, r.swy2) for key, r in sums.items()}
            pooled = self._random_effects(session, f, {k: m["tau2"] for k, m in moments.items()})
        z = NormalDist().inv_cdf(1 - alpha / 2)
        rows = tuple(_tier(sums[k], moments[k], pooled[k], z) for k in sorted(sums, key=_tier_sort))
        notes = () if rows else ("No campaign was read by a value tier (a segment column) yet.",)
        return TierResultsResult(filters=f, alpha=alpha, rows=rows, notes=notes)

    @staticmethod
    def _random_effects(
        session: Any, f: PortfolioFilter, tau2: dict[str, float]
    ) -> dict[str, tuple[float, float]]:
        if not tau2:
            return {}
        between = case({key: literal(value) for key, value in tau2.items()}, value=S.segment_key, else_=0.0)
        weight = 1.0 / (S.std_error * S.std_error + between)
        query = _joined(
            select(S.segment_key, func.sum(weight).label("w"), func.sum(weight * _Y).label("wy")), f
        ).group_by(S.segment_key)
        return {r.segment_key: (r.wy / r.w, 1.0 / r.w) for r in session.execute(query)}


def _tier(r: Any, m: dict[str, float], pooled: tuple[float, float], z: float) -> TierRow:
    mean, variance = pooled
    se = math.sqrt(variance)
    return TierRow(
        tier=r.tier, key=r.segment_key, campaigns=int(r.campaigns), n_control=int(r.n_control),
        n_treatment=int(r.n_treatment), incremental_responses=float(r.incremental), effect_size=mean,
        std_error=se, effect_size_ci_lower=mean - z * se, effect_size_ci_upper=mean + z * se,
        fixed_effect_size=m["fixed"], q_statistic=m["q"], i_squared=m["i2"], tau_squared=m["tau2"],
    )  # fmt: skip

"""The campaign record: one typed, frozen value holding everything a campaign has been given.

A :class:`Campaign` has a brief (what is tested, on whom, at what cost and margin), a design (planned
sizes, the Test & Roll prior), an assignment (how the list was split, and from which file), a readout
(the pilot's per-arm and per-segment results and the file that produced them), the roll-out assumptions
(which pilot figure to scale, costs, audience), room for the monitoring plan, and the inputs each page
showed (``widgets``) so reopening a campaign restores every page. It holds *inputs and measurements*;
every derived figure (audience, break-even, projection, chance of profit, decision) is computed by
:func:`rollout.evaluate` from it.

Serialisation is versioned: :meth:`Campaign.to_dict` writes ``schema_version`` 2 and
:meth:`Campaign.from_dict` reads it and every campaign the first release saved (no
``schema_version``: the roll-out section then also held computed figures, which are dropped because
``evaluate`` recomputes them). Keys a record does not know are kept in ``extra`` and written back, so
nothing saved is ever lost by a round trip.

References:
    docs/architecture.md §5 (persistence), docs/ux.md §1 (the current campaign: reopening it restores every page).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planner_common import InputError
from rollout._plain import record_from_plain, to_plain

SCHEMA_VERSION = 2
STAGES = ("draft", "designed", "running", "analysed", "approved", "rejected", "rolled_out")
OBJECTIVES = ("acquire", "retain", "grow")
# Figures the first release stored in the roll-out section although they are computed, not typed.
LEGACY_COMPUTED = (
    "alpha", "break_even_uplift", "control", "treatment", "effect_size", "std_error", "ci_lower",
    "ci_upper", "pvalue", "n_control", "n_treatment", "decision", "probability_of_profit",
    "expected_profit", "profit_ci_lower", "profit_ci_upper", "fixed_cost", "currency",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief:
    """What is tested, on whom, at what cost and margin (money in ``currency``)."""

    name: str = ""
    objective: str | None = None
    channel: str | None = None
    stimulus: str = ""
    question: str = ""
    currency: str = "CLP"
    eligible_base: int | None = None
    fixed_cost: float | None = None
    cost_per_contact: float | None = None
    margin_per_response: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TestAndRollPlan:
    """The profit-maximising plan and the prior it used (rates as fractions, ``(mean, sd)``)."""

    __test__ = False  # not a pytest class despite its name

    n_control: int
    n_treatment: int
    population: int | None = None
    prior_control: tuple[float, float] | None = None
    prior_treatment: tuple[float, float] | None = None
    expected_profit: float | None = None
    error_rate: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignPlan:
    """The pilot's planned sizes and what they were sized for.

    ``start_date`` / ``end_date`` (ISO ``YYYY-MM-DD``, optional) date the pilot for the portfolio's
    period views; without them the registry dates it by when it started running and was read
    (docs/formulas.md §17).
    """

    metric: str = "rate"
    n_control: int | None = None
    n_treatment: int | None = None
    n_treatments: int = 1
    n_total: int | None = None
    ratio: float | None = None
    split: str | None = None
    alpha: float | None = None
    power: float | None = None
    alternative: str | None = None
    method: str | None = None
    effect_size: float | None = None
    rel_effect_size: float | None = None
    baseline_rate: float | None = None
    treatment_rate: float | None = None
    baseline_mean: float | None = None
    std: float | None = None
    population: int | None = None
    daily_volume: int | None = None
    duration_days: int | None = None
    test_and_roll: TestAndRollPlan | None = None
    sequential: dict[str, Any] | None = None
    start_date: str | None = None
    end_date: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """Which file produced a result: its name, SHA-256 of its bytes and size (``None`` when unknown)."""

    name: str
    sha256: str | None = None
    size_bytes: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignmentRecord:
    """How the customer list was split: the file, the salt, the arms, and what came out."""

    source: SourceFile | None = None
    salt: str = ""
    id_column: str | None = None
    strata: tuple[str, ...] = ()
    covariates: tuple[str, ...] = ()
    arms: dict[str, int] = field(default_factory=dict)
    drop_invalid: bool = False
    filter: dict[str, tuple[Any, ...]] | None = None
    n_rows: int | None = None
    n_eligible: int | None = None
    n_blank_ids: int | None = None
    n_duplicate_rows: int | None = None
    n_ineligible: int | None = None
    n_strata: int | None = None
    arm_sizes: dict[str, int] = field(default_factory=dict)
    balance: tuple[dict[str, Any], ...] = ()
    representativeness: tuple[dict[str, Any], ...] | None = None
    strata_counts: tuple[dict[str, Any], ...] = ()
    split_exact: bool | None = None
    split_pvalue: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricLine:
    """One metric of one treated arm (optionally within one segment), as the readout measured it."""

    metric: str
    kind: str = "proportion"
    direction: str = "increase"
    arm: str = ""
    segment: str | None = None
    n_control: int = 0
    n_treatment: int = 0
    control: float = math.nan
    treatment: float = math.nan
    control_std: float | None = None
    treatment_std: float | None = None
    successes_control: int | None = None
    successes_treatment: int | None = None
    effect_size: float = math.nan
    effect_size_ci_lower: float = math.nan
    effect_size_ci_upper: float = math.nan
    rel_effect_size: float = math.nan
    rel_effect_size_ci_lower: float = math.nan
    rel_effect_size_ci_upper: float = math.nan
    pvalue: float = math.nan
    pvalue_adjusted: float = math.nan
    std_error: float = math.nan
    incremental: float = math.nan
    incremental_ci_lower: float = math.nan
    incremental_ci_upper: float = math.nan
    notes: tuple[tuple[str, dict[str, Any]], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadoutRecord:
    """The pilot's readout: every arm's and segment's results, the mapping and the file they came from.

    ``metrics`` is the chosen arm's line per metric (what the roll-out reads); ``lines`` and
    ``segment_lines`` hold every arm and segment so the Analyse page can be shown without the file;
    ``arm_stats`` keeps the per-arm sufficient statistics (``n``, sums, means, variances, covariances).
    """

    source: SourceFile | None = None
    mode: str = "file"
    mapping: dict[str, Any] = field(default_factory=dict)
    alpha: float = 0.05
    arm: str | None = None
    primary: str | None = None
    control: str | None = None
    srm_flagged: bool = False
    srm_pvalue: float = math.nan
    arm_sizes: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, MetricLine] = field(default_factory=dict)
    lines: tuple[MetricLine, ...] = ()
    segment_lines: tuple[MetricLine, ...] = ()
    heterogeneity: dict[str, float] = field(default_factory=dict)
    arm_stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: tuple[tuple[str, dict[str, Any]], ...] = ()

    def primary_line(self) -> MetricLine | None:
        """The line of the primary metric (or the first one)."""
        if self.primary in self.metrics:
            return self.metrics[self.primary]
        return next(iter(self.metrics.values()), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class RolloutAssumptions:
    """What the roll-out decision scales and at what cost.

    ``source`` says where the pilot figure comes from: ``"readout"`` (the metric ``metric`` of the
    saved readout, ``conversion_metric`` optional), ``"rates"`` (typed response rates and sizes) or
    ``"interval"`` (a typed lift in points with its interval). Money left ``None`` falls back to the
    brief; ``audience`` left ``None`` takes the documented default (see :func:`rollout.evaluate`).
    """

    source: str = "readout"
    metric: str | None = None
    conversion_metric: str | None = None
    direction: str = "increase"
    confidence: float = 0.95
    n_control: int | None = None
    n_treatment: int | None = None
    control_rate: float | None = None
    pilot_rate: float | None = None
    conversion_control: float | None = None
    conversion_pilot: float | None = None
    lift: float | None = None
    lift_lower: float | None = None
    lift_upper: float | None = None
    cost_per_contact: float | None = None
    margin_per_response: float | None = None
    pilot_fixed_cost: float | None = None
    rollout_fixed_cost: float | None = None
    audience: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ApprovalRecord:
    """A decision stored in the record by the first release (the registry's audit trail now rules)."""

    stage: str
    by: str = ""
    at: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Campaign:
    """One campaign: its inputs and measurements, serialised as a versioned plain dict.

    Examples:
        A catalogue campaign briefed, then reopened from its saved form:

        >>> c = Campaign(brief=Brief(name="Catálogo otoño", eligible_base=200_000, cost_per_contact=300,
        ...                          margin_per_response=40_000, fixed_cost=3_000_000))
        >>> again = Campaign.from_dict(c.to_dict())
        >>> again == c, again.brief.eligible_base, c.to_dict()["schema_version"]
        (True, 200000, 2)
    """

    id: int | None = None
    version: int | None = None
    stage: str = "draft"
    brief: Brief = field(default_factory=Brief)
    design: DesignPlan | None = None
    assignment: AssignmentRecord | None = None
    readout: ReadoutRecord | None = None
    rollout: RolloutAssumptions = field(default_factory=RolloutAssumptions)
    monitoring: dict[str, Any] | None = None
    approval: ApprovalRecord | None = None
    widgets: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The plain, JSON-safe form (``schema_version`` 2); ``extra`` keys are written back at the top."""
        plain = to_plain(self)
        extra = plain.pop("extra")
        return {**extra, **plain, "schema_version": SCHEMA_VERSION}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Campaign:
        """Read a saved campaign of any release (see the module doc); unknown keys go to ``extra``."""
        if not isinstance(data, Mapping):
            raise InputError(
                "campaign_field", f"A saved campaign must be a table, got {data!r}.", field="campaign"
            )
        version = data.get("schema_version", 1)
        if version not in (1, SCHEMA_VERSION):
            raise InputError(
                "campaign_schema",
                f"This campaign was saved by a newer release (format {version}); update the app to open it.",
                field="schema_version",
                value=version,
            )
        plain = dict(data) if version == SCHEMA_VERSION else upgrade_v1(data)
        plain.pop("schema_version", None)
        known = {f.name for f in dataclasses.fields(cls)}
        plain["extra"] = {**plain.get("extra", {}), **{k: v for k, v in plain.items() if k not in known}}
        return record_from_plain(cls, {k: v for k, v in plain.items() if k in known}, "campaign")

    def content_hash(self) -> str:
        """SHA-256 of the campaign's content (inputs only: id, version and widgets excluded)."""
        plain = self.to_dict()
        for key in ("id", "version", "widgets", "stage", "approval"):
            plain.pop(key, None)
        text = json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def replace(self, **changes: Any) -> Campaign:
        """A copy with some sections replaced (records are frozen)."""
        return dataclasses.replace(self, **changes)


def _legacy_line(name: str, m: Mapping[str, Any]) -> dict[str, Any]:
    line = {k: v for k, v in m.items() if k != "pvalue"}
    return {**line, "metric": name, "pvalue": m.get("pvalue"), "pvalue_adjusted": m.get("pvalue")}


def _legacy_readout(r: Mapping[str, Any]) -> dict[str, Any]:
    metrics = {name: _legacy_line(name, m or {}) for name, m in (r.get("metrics") or {}).items()}
    arm = next((m.get("arm") for m in metrics.values() if m.get("arm")), None)
    source = {"name": r["source"]} if r.get("source") else None
    keep = {k: r[k] for k in ("alpha", "primary", "srm_flagged", "srm_pvalue") if k in r}
    return {**keep, "source": source, "arm": arm, "metrics": metrics, "lines": list(metrics.values())}


def _legacy_rollout(r: Mapping[str, Any]) -> dict[str, Any]:
    typed = {k: v for k, v in r.items() if k not in LEGACY_COMPUTED}
    source = r.get("source")
    if source not in ("readout", "rates", "interval") and r.get("effect_size") is not None:
        source = typed["source"] = "interval" if r.get("ci_lower") is not None else "rates"
    if source in ("rates", "interval"):
        typed |= {"n_control": r.get("n_control"), "n_treatment": r.get("n_treatment")}
        typed |= {"control_rate": r.get("control"), "pilot_rate": r.get("treatment")}
    if source == "interval":
        typed |= {
            "lift": r.get("effect_size"),
            "lift_lower": r.get("ci_lower"),
            "lift_upper": r.get("ci_upper"),
        }
    typed["rollout_fixed_cost"] = r.get("rollout_fixed_cost", r.get("fixed_cost"))
    return typed


def _legacy_assignment(a: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in a.items() if k != "list_name"}
    if a.get("list_name"):
        out["source"] = {"name": a["list_name"]}
    return out


def upgrade_v1(data: Mapping[str, Any]) -> dict[str, Any]:
    """The first release's campaign dict in today's shape (sections renamed, computed figures dropped).

    Examples:
        >>> v1 = {"stage": "analysed", "readout": {"source": "piloto.csv", "primary": "compra", "metrics":
        ...       {"compra": {"arm": "piloto", "effect_size": 0.017, "pvalue": 5e-9}}}}
        >>> up = upgrade_v1(v1)
        >>> up["readout"]["source"], up["readout"]["arm"], up["readout"]["metrics"]["compra"]["pvalue_adjusted"]
        ({'name': 'piloto.csv'}, 'piloto', 5e-09)
    """
    out = dict(data)
    if isinstance(data.get("readout"), Mapping) and data["readout"].get("metrics"):
        out["readout"] = _legacy_readout(data["readout"])
    elif "readout" in out and not (data.get("readout") or {}).get("metrics"):
        out["readout"] = None
    if isinstance(data.get("rollout"), Mapping):
        out["rollout"] = _legacy_rollout(data["rollout"])
    if isinstance(data.get("assignment"), Mapping):
        out["assignment"] = _legacy_assignment(data["assignment"]) if data["assignment"] else None
    if isinstance(data.get("design"), Mapping) and not data["design"]:
        out["design"] = None
    return out

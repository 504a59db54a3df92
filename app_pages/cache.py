"""Every cache of the app, in one place: bounded, thin wrappers that call the core by its public names.

Only work worth keeping is cached: reading and querying files, sizing searches, the Test & Roll and
Bayesian engines, the assignment, the readouts, the memo and chart images. Cheap arithmetic on a few
numbers is called directly by the pages. Arguments are plain values or frozen dataclasses (the cache
key); results are core result types.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

import datasources
import economics
import experiments
from app_pages.i18n import catalog_texts
from rollout import Campaign, CampaignEvaluation, SourceFile, evaluate, monitor_outlook, source_file
from rollout.registry import Registry

if TYPE_CHECKING:  # the core's statistics load when a cached function first runs, not with the page
    import pandas as pd

    from datasources import ColumnSummaryResult
    from economics import ISNResult, NPSResult
    from experiments import (
        AssignmentReportResult,
        MetricMonitor,
        MonitorResult,
        PilotResult,
        SequentialDesignResult,
        TestAndRollPlanResult,
    )
    from rollout import MonitorOutlook
    from rollout.memo import Approval

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "data"
ENTRIES = 64  # per function: a session rarely needs more, and memory stays bounded
ALL = "__all__"  # the whole survey in survey_scores()


# ---------------------------------------------------------------- app ---------------------------------


@st.cache_resource(show_spinner=False)
def registry() -> Registry:
    """One registry per server process (SQLite by default, $CAMPAIGN_PLANNER_DB_URL otherwise)."""
    return Registry()


@st.cache_data(max_entries=32, show_spinner=False)
def render_chart(spec: str, fmt: str) -> bytes:
    """A Vega-Lite chart as PNG or SVG bytes (for the download buttons)."""
    import vl_convert

    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")
    return vl_convert.vegalite_to_png(spec, scale=2)


@st.cache_data(max_entries=128, show_spinner=False)
def vega_spec(
    name: str, _builder: Any, args: tuple[Any, ...], lang: str, currency: str
) -> dict[str, Any] | None:
    """A chart built once per content: ``_builder(*args)`` (an Altair chart, or ``None``) as a Vega-Lite
    dict. ``name`` names the builder; ``lang`` and ``currency`` are in the key because labels use them."""
    chart = _builder(*args)
    return None if chart is None else chart.to_dict()


# ---------------------------------------------------------------- databases ---------------------------


@dataclass(frozen=True, slots=True)
class DatabaseTable:
    """A table of a saved connection: what the pages pass as a source's ``data`` instead of file bytes.

    ``read_at`` is part of the cache key: "Read again" sets a new one, so a table that grows (a running
    pilot) is queried afresh. The URL holds no secret (saved connections refuse them).
    """

    connection: str
    url: str
    table: str
    read_at: str = ""

    @property
    def label(self) -> str:
        """``CRM (postgres://analyst@db/crm) · piloto``: the connection (redacted) and the table."""
        return f"{self.connection} ({datasources.redacted(self.url)}) · {self.table}"


def _secrets(connection: str) -> dict[str, Any] | None:
    """``[connections.<name>]`` of ``.streamlit/secrets.toml`` (``password`` or ``token``), if any."""
    try:
        section = st.secrets.get("connections", {}).get(connection, {})
        return dict(section) or None
    except Exception:  # noqa: BLE001 - no secrets file: the environment supplies the password
        return None


@st.cache_resource(max_entries=8, show_spinner=False)
def database(connection: str, url: str) -> Any:
    """One engine per saved connection and server process (its secret from st.secrets or the environment)."""
    return datasources.connect(url, secrets=_secrets(connection))


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def database_tables(connection: str, url: str, read_at: str = "") -> list[str]:
    """The tables (and views) the connection shows, by name."""
    return sorted(database(connection, url).list_tables())


# ---------------------------------------------------------------- files -------------------------------


def _source(name: str, data: bytes | None) -> Any:
    """An upload as a named stream (so every message names the file), or the bundled example."""
    if data is None:
        return EXAMPLES / name
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _read(name: str, data: bytes | DatabaseTable | None, sheet: Any = None) -> Any:
    """An upload (its bytes and name), a database table, or, with ``data=None``, the bundled example."""
    if isinstance(data, DatabaseTable):
        return database(data.connection, data.url).table(data.table)
    return datasources.read_table(_source(name, data), sheet=sheet)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def fingerprint(name: str, data: bytes | DatabaseTable | None) -> SourceFile:
    """Name, SHA-256 and size of an upload (or of the bundled example of that name); a database table has
    no fingerprint (its rows may change), only its connection and name."""
    if isinstance(data, DatabaseTable):
        return SourceFile(name=data.label)
    if data is None:
        with (EXAMPLES / name).open("rb") as handle:
            return source_file(name, handle)
    return source_file(name, data)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def excel_sheets(name: str, data: Any) -> list[str]:
    """Sheet names of an Excel workbook."""
    return datasources.list_sheets(_source(name, data))


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def file_summary(name: str, data: Any, sheet: Any = None, *, exact: bool = True) -> ColumnSummaryResult:
    """Columns, numeric columns, distinct counts and rows of a file (one aggregate query)."""
    return datasources.column_summary(_read(name, data, sheet), exact=exact)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def file_preview(name: str, data: Any, sheet: Any = None, rows: int = 5) -> pd.DataFrame:
    """The first rows of a file."""
    return _read(name, data, sheet).limit(rows).to_pyarrow().to_pandas()


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def file_values(name: str, data: Any, column: str, sheet: Any = None) -> tuple[tuple[Any, int], ...]:
    """The (up to 50) most frequent values of a column with their rows."""
    return datasources.value_counts(_read(name, data, sheet), column)


@st.cache_data(max_entries=8, show_spinner=False)
def survey_table(name: str, data: bytes) -> pd.DataFrame:
    """A survey file as a small DataFrame (read by ``datasources`` with its caps and sniffing)."""
    return _read(name, data).to_pandas()


# ---------------------------------------------------------------- design ------------------------------


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def sample_size(metric: str, baseline: float, std: float | None, **design: Any) -> Any:
    """Pilot size for a rate (``metric="rate"``, ``baseline`` the control rate) or a mean (``std``)."""
    if metric == "rate":
        return experiments.sample_size_two_proportions(baseline, **design)
    return experiments.sample_size_two_means(std, **design)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def power_at_effects(metric: str, baseline: float, std: float | None, **curve: Any) -> pd.DataFrame:
    """Power of the planned arms at each true lift (``effect_sizes``)."""
    if metric == "rate":
        return experiments.power_curve(baseline, **curve)
    return experiments.power_curve_means(std, **curve)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def profit_plan(population: int, **plan: Any) -> TestAndRollPlanResult:
    """The Test & Roll pilot beside the power-based one (:func:`experiments.test_and_roll_plan`)."""
    return experiments.test_and_roll_plan(population, **plan)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def past_campaigns_prior(table: pd.DataFrame, paired: bool) -> Any:
    """Prior mean and sd of the response rate from past campaigns (``rate`` as a fraction)."""
    return experiments.prior_from_past_campaigns(table, campaign="campaign" if paired else None)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def bayes_readout(
    kind: str,
    metric: tuple[tuple[str, Any], ...],
    direction: str,
    money: tuple[tuple[str, Any], ...],
    prior: tuple[tuple[float, float], ...] | None,
) -> Any:
    """The Bayesian readout of one metric (``metric`` / ``money`` as sorted key–value pairs).

    ``prior`` is ``((mean, sd) of the control, (mean, sd) of the pilot)`` for rates, or ``None`` for a
    uniform prior.
    """
    m, value = dict(metric), dict(money)
    if kind == "proportion":
        beta = [experiments.beta_prior_from_moments(mean, sd) for mean, sd in prior or ()]
        priors = {"prior_alpha": tuple(a for a, _ in beta), "prior_beta": tuple(b for _, b in beta)}
        return experiments.bayes_compare_proportions(
            (m["successes_control"], m["n_control"]),
            (m["successes_treatment"], m["n_treatment"]),
            direction=direction,
            **(priors if beta else {}),
            **value,
        )
    if kind == "mean":
        return experiments.bayes_compare_means(
            (m["n_control"], m["control"], m["control_std"]),
            (m["n_treatment"], m["treatment"], m["treatment_std"]),
            direction=direction,
            **value,
        )
    return experiments.bayes_compare_effect(
        m["effect_size"],
        m["std_error"],
        control=m.get("control", math.nan),
        treatment=m.get("treatment", math.nan),
        direction=direction,
        **value,
    )


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def sequential_design(
    metric: str, baseline: float, std: float | None, sequential: Mapping[str, Any], **design: Any
) -> SequentialDesignResult:
    """The fixed-horizon size turned into a group-sequential plan (``sequential``: spending, rho, looks)."""
    return experiments.plan_sequential(sample_size(metric, baseline, std, **design), **dict(sequential))


# ---------------------------------------------------------------- monitoring ---------------------------


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def file_monitor(
    name: str, data: Any, sheet: Any, metric: Any, plan: Mapping[str, Any], **options: Any
) -> MonitorResult:
    """A running pilot's file or table read day by day against the plan (:func:`experiments.monitor_pilot`)."""
    return experiments.monitor_pilot(_read(name, data, sheet), [metric], plan=dict(plan), **options)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def counts_monitor(
    rows: tuple[tuple[dt.date, int, int, int, int], ...], plan: Mapping[str, Any], direction: str, metric: str
) -> MetricMonitor:
    """Daily counts typed per day, ``(day, control responders, control customers, pilot ..., ...)``."""
    days = [
        (day, experiments.ArmCounts(rc, nc), experiments.ArmCounts(rt, nt)) for day, rc, nc, rt, nt in rows
    ]
    return experiments.monitor_counts(days, plan=dict(plan), direction=direction, metric=metric)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def outlook(metric: MetricMonitor, plan: Mapping[str, Any], **options: Any) -> MonitorOutlook | None:
    """Day d of D and the chance of concluding by the end (:func:`rollout.monitor_outlook`)."""
    return monitor_outlook(metric, experiments.SequentialPlan.from_dict(plan), **options)


# ---------------------------------------------------------------- split and readouts -------------------


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def split_report(name: str, data: Any, **plan: Any) -> AssignmentReportResult:
    """Assign the list and check the draw (:func:`experiments.assignment_report`)."""
    return experiments.assignment_report(_read(name, data), **plan)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def file_readout(name: str, data: Any, sheet: Any, metrics: Mapping[str, Any], **options: Any) -> PilotResult:
    """The readout of a pilot file (:func:`experiments.analyze_pilot`)."""
    return experiments.analyze_pilot(_read(name, data, sheet), dict(metrics), **options)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def counts_readout(rows: tuple[tuple[str, int, int], ...], **options: Any) -> PilotResult:
    """The readout of counts typed per arm, ``(arm, responders, customers)`` (:func:`analyze_counts`)."""
    return experiments.analyze_counts(
        [(arm, experiments.ArmCounts(successes, trials)) for arm, successes, trials in rows], **options
    )


@st.cache_data(max_entries=16, show_spinner=False)
def survey_scores(
    df: pd.DataFrame,
    column: str,
    group: str | None,
    kind: str,
    confidence: float,
    cutoffs: tuple[int, int, int, int] = (1, 4, 6, 7),
) -> dict[str, NPSResult | ISNResult]:
    """NPS (``kind="nps"``) or ISN of the whole survey (key ``ALL``) and of each group value."""
    import pandas as pd  # loaded by the survey's DataFrame already

    low, dis_max, sat_min, high = cutoffs

    def score(values: pd.Series) -> NPSResult | ISNResult:
        answers = [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in values]
        if kind == "nps":
            return economics.nps_from_scores(answers, confidence_level=confidence)
        return economics.isn_from_grades(
            answers,
            confidence_level=confidence,
            satisfied_min=sat_min,
            dissatisfied_max=dis_max,
            scale_min=low,
            scale_max=high,
        )

    out = {ALL: score(df[column])}
    if group:
        for value, part in df.groupby(group, dropna=False, sort=True)[column]:
            out[str(value)] = score(part)
    return out


# ---------------------------------------------------------------- campaign ----------------------------


def _campaign_hash(campaign: Campaign) -> str:
    return campaign.content_hash()


@st.cache_data(max_entries=ENTRIES, show_spinner=False, hash_funcs={Campaign: _campaign_hash})
def evaluate_campaign(campaign: Campaign) -> CampaignEvaluation:
    """``rollout.evaluate``: every derived figure of the campaign, once per content."""
    return evaluate(campaign)


# ---------------------------------------------------------------- decision memo ------------------------


def _evaluation_hash(evaluation: CampaignEvaluation) -> str:
    return evaluation.campaign_hash


@st.cache_data(
    max_entries=16,
    show_spinner=False,
    hash_funcs={Campaign: _campaign_hash, CampaignEvaluation: _evaluation_hash},
)
def memo_files(
    campaign: Campaign, evaluation: CampaignEvaluation, lang: str, approval: Approval | None
) -> dict[str, bytes]:
    """The memo's PDF, HTML and XLSX bytes in ``lang``, with its two charts (built here, on demand)."""
    from app_pages.decision.charts import memo_charts
    from rollout.memo import TEXT_PREFIXES, build_memo, memo_facts  # the PDF library: only for the memo

    facts = memo_facts(campaign, evaluation, approval)
    charts = memo_charts(facts, lang, evaluation.currency)
    texts = catalog_texts(lang, TEXT_PREFIXES)
    memo = build_memo(campaign, evaluation, texts=texts, charts=charts, lang=lang, approval=approval)
    return {"pdf": memo.pdf, "html": memo.html.encode("utf-8"), "xlsx": memo.xlsx}

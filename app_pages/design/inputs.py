"""Inputs of the "Size the pilot" page: defaults, widgets, and the :class:`DesignInputs` they describe.

Widget values live in ``st.session_state`` under ``design.*`` keys (the router keeps them across pages).
Defaults are written into the state before the widgets are drawn (never via ``value=``), so a value the
user typed always wins. Defaults that come from the campaign brief (the break-even lift, the eligible
base) follow the brief for as long as the user has not changed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from app_pages import cache
from app_pages.components.inputs import count_input, follow, label_map, number_input, number_value
from app_pages.i18n import currency_digits, fmt_int, fmt_money, fmt_pct, fmt_pp, t
from app_pages.state import currency, evaluation, section
from planner_common import InputError

SPLITS = ("1:1", "2:1", "3:1", "4:1", "9:1", "1:2", "1:3", "1:4")
CONFIDENCES = (80, 85, 90, 95, 99)
POWERS = (70, 75, 80, 85, 90, 95, 99)
METHODS = {"rate": ("normal", "arcsine"), "mean": ("t", "normal")}
# Typical revenue per customer, in units of each currency, for the revenue metric's first view.
_MONEY_SCALE = {"CLP": 1000, "COP": 4000, "ARS": 1000, "MXN": 20, "PEN": 4, "EUR": 1, "USD": 1}
_AUTO = "_design_auto"  # values this module last filled in by itself: {key: value}


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignInputs:
    """What the user asked for, in the engine's units (rates as fractions, money per customer)."""

    metric: str  # "rate" | "mean"
    baseline: float  # control rate (fraction) or control mean revenue per customer
    std: float | None  # revenue standard deviation (metric "mean" only)
    lift_mode: str  # "absolute" | "relative"
    lift: float  # pp as a fraction, relative as a fraction, or money per customer
    alpha: float
    power: float
    ratio: float
    split: str
    one_sided: bool
    n_treatments: int
    population: int | None
    daily_volume: int | None
    method: str

    @property
    def alternative(self) -> str:
        if not self.one_sided:
            return "two-sided"
        return "less" if self.lift < 0 else "greater"

    @property
    def effect_kwargs(self) -> dict[str, float]:
        """The lift as the engine takes it (means take an absolute effect only: % of the mean → money)."""
        if self.metric == "mean":
            return {"effect_size": self.lift * self.baseline if self.lift_mode == "relative" else self.lift}
        return {"rel_effect_size" if self.lift_mode == "relative" else "effect_size": self.lift}

    @property
    def design_kwargs(self) -> dict[str, Any]:
        """Rigour, split, arms and base, as the sizing engine takes them."""
        return {
            "alpha": self.alpha,
            "power": self.power,
            "ratio": self.ratio,
            "alternative": self.alternative,
            "method": self.method,
            "n_treatments": self.n_treatments,
            "population": self.population,
            "daily_volume": self.daily_volume,
        }


def try_size(inputs: DesignInputs) -> tuple[Any, InputError | None]:
    """``(sample-size result, None)``, or ``(None, error)`` for an invalid input."""
    try:
        result = cache.sample_size(
            inputs.metric, inputs.baseline, inputs.std, **inputs.effect_kwargs, **inputs.design_kwargs
        )
    except InputError as exc:
        return None, exc
    return result, None


def design_record(inputs: DesignInputs, result: Any) -> dict[str, Any]:
    """What the campaign keeps as its design (plain values of a ``rollout.DesignPlan``)."""
    record = {
        "metric": inputs.metric,
        "n_control": result.n_control,
        "n_treatment": result.n_treatment,
        "n_treatments": inputs.n_treatments,
        "n_total": result.n_total,
        "ratio": inputs.ratio,
        "split": inputs.split,
        "alpha": inputs.alpha,
        "power": inputs.power,
        "alternative": inputs.alternative,
        "method": inputs.method,
        "effect_size": result.effect_size,
        "population": inputs.population,
        "daily_volume": inputs.daily_volume,
        "duration_days": result.duration_days,
    }
    if inputs.metric == "rate":
        record.update(
            baseline_rate=inputs.baseline,
            rel_effect_size=result.rel_effect_size,
            treatment_rate=result.treatment_rate,
        )
    else:
        record.update(baseline_mean=inputs.baseline, std=inputs.std)
    return record


def break_even_default(brief: dict[str, Any]) -> float | None:
    """The campaign's break-even uplift (fraction) from its evaluation, when the brief allows one."""
    result = evaluation().campaign_break_even
    if result is None or not brief.get("cost_per_contact") or not result.uplift > 0:
        return None
    return result.uplift


def _auto(values: dict[str, Any]) -> None:
    """Fill these keys together unless the user has changed any value we filled in before."""
    follow(values, _AUTO)


def apply_defaults() -> None:
    """Write the first-view values (and brief-driven ones) into the session state."""
    brief, scale = section("brief"), _MONEY_SCALE.get(currency(), 1)
    for key, value in {
        "design.metric": "rate",
        "design.baseline": 3.0,
        "design.mean": 25.0 * scale,
        "design.std": 75.0 * scale,
        "design.mean_lift": 2.5 * scale,
        "design.mean_lift_mode": "absolute",
        "design.confidence": 95,
        "design.power": 80,
        "design.split": "1:1",
        "design.sided": "two",
        "design.n_treatments": 1,
        "design.daily_volume": 2000,
        "design.rate_method": "normal",
        "design.mean_method": "t",
    }.items():
        st.session_state.setdefault(key, value)
    _auto({"design.population": int(brief.get("eligible_base") or 250_000)})
    be = break_even_default(brief)
    _auto(
        {
            "design.lift_mode": "absolute" if be else "relative",
            "design.lift": round(be * 100, 4) if be else 20.0,
        }
    )


def _convert_lift(metric: str) -> None:
    """Keep the same lift when its unit changes (pp ↔ % relative, money ↔ % relative)."""
    state = st.session_state
    lift_key, mode_key, base_key = (
        ("design.lift", "design.lift_mode", "design.baseline")
        if metric == "rate"
        else ("design.mean_lift", "design.mean_lift_mode", "design.mean")
    )
    base, lift = number_value(base_key) or 0.0, number_value(lift_key)
    if base <= 0 or lift is None:
        return
    if state[mode_key] == "relative":  # was absolute: pp / baseline % (or money / mean) → % relative
        state[lift_key] = round(lift / base * 100, 4)
    else:
        state[lift_key] = round(lift * base / 100, 4)


def default_note() -> str:
    """Say where the default lift came from."""
    brief = section("brief")
    be = break_even_default(brief)
    if be is None:
        return t("design.default.generic")
    cur = brief.get("currency") or currency()
    spread = bool(brief.get("eligible_base") and brief.get("fixed_cost"))
    return t(
        "design.default.break_even" if spread else "design.default.break_even_variable",
        lift=fmt_pp(be),
        cost=fmt_money(brief["cost_per_contact"], cur),
        margin=fmt_money(brief["margin_per_response"], cur),
        base=fmt_int(brief.get("eligible_base") or 0),
    )


def _group(title: str) -> Any:
    box = st.container(border=True)
    box.markdown(f"**{t(title)}**")
    return box


def render_inputs() -> dict[str, Any]:
    """Draw the widgets; return placeholders (by engine field name) where errors are shown."""
    cur, slots = currency(), {}
    with _group("design.group.metric"):
        metric = st.segmented_control(
            t("design.input.metric"),
            ("rate", "mean"),
            key="design.metric",
            required=True,
            format_func=label_map("design.input.metric_", ("rate", "mean")).get,
        )
        if metric == "rate":
            number_input(
                t("design.input.baseline"),
                "design.baseline",
                digits=2,
                percent=True,
                unit="%",
                help=t("design.input.baseline_help"),
            )  # fmt: skip (no bounds here: the core refuses 0 %, 100 % and beyond with one sentence)
            slots["baseline_rate"] = st.empty()
        else:
            money = {"digits": currency_digits(cur), "currency": cur, "minimum": 0.0, "unit": cur}
            number_input(t("design.input.mean", currency=cur), "design.mean", **money)
            number_input(
                t("design.input.std", currency=cur), "design.std", help=t("design.input.std_help"), **money
            )
            slots["std"] = st.empty()
    rate = metric == "rate"
    with _group("design.group.effect"):
        modes = {
            "absolute": t("design.input.lift_absolute_rate")
            if rate
            else t("design.input.lift_absolute_mean", currency=cur),
            "relative": t("design.input.lift_relative"),
        }
        mode = st.segmented_control(
            t("design.input.lift_mode"),
            tuple(modes),
            required=True,
            key="design.lift_mode" if rate else "design.mean_lift_mode",
            format_func=modes.get,
            on_change=_convert_lift,
            args=(metric,),
        )
        label = (
            "design.input.lift_rel"
            if mode == "relative"
            else "design.input.lift_pp"
            if rate
            else "design.input.lift_money"
        )
        number_input(
            t(label, currency=cur), "design.lift" if rate else "design.mean_lift", digits=2,
            percent=mode == "relative", currency=None if rate or mode == "relative" else cur,
            unit="%" if mode == "relative" else "pp" if rate else cur, help=t("design.input.lift_help"),
        )  # fmt: skip
        slots["effect_size"] = st.empty()
        if rate:
            st.caption(default_note())
    with _group("design.group.rigor"):
        left, right = st.columns(2)
        left.select_slider(
            t("design.input.confidence"),
            CONFIDENCES,
            key="design.confidence",
            format_func=_percents(CONFIDENCES).get,
            help=t("design.input.confidence_help"),
        )
        right.select_slider(
            t("design.input.power"),
            POWERS,
            key="design.power",
            format_func=_percents(POWERS).get,
            help=t("design.input.power_help"),
        )
        slots["alpha"] = st.empty()
        st.radio(
            t("design.input.sided"),
            ("two", "one"),
            key="design.sided",
            horizontal=True,
            format_func=label_map("design.input.sided_", ("two", "one")).get,
        )
    with _group("design.group.arms"):
        left, right = st.columns(2)
        left.selectbox(t("design.input.split"), SPLITS, key="design.split", help=t("design.input.split_help"))
        count_input(
            t("design.input.n_treatments"), "design.n_treatments", container=right, minimum=1, maximum=20,
            help=t("design.input.n_treatments_help"),
        )  # fmt: skip
        slots["ratio"] = st.empty()
    with _group("design.group.base"):
        left, right = st.columns(2)
        count_input(
            t("design.input.population"), "design.population", container=left,
            unit=t("app.unit_customers"), help=t("design.input.population_help"),
        )  # fmt: skip
        count_input(
            t("design.input.daily_volume"), "design.daily_volume", container=right,
            help=t("design.input.daily_volume_help"),
        )  # fmt: skip
        slots["population"] = st.empty()
    with st.expander(t("design.group.advanced")):
        methods = {m: t(f"design.method.{'z' if not rate and m == 'normal' else m}") for m in METHODS[metric]}
        st.selectbox(
            t(f"design.input.method_{metric}"),
            tuple(methods),
            key=f"design.{metric}_method",
            format_func=methods.get,
        )
    return slots


def _percents(values: tuple[int, ...]) -> dict[int, str]:
    return {v: fmt_pct(v / 100, digits=0) for v in values}


def number_keys(state: Any) -> tuple[str, ...]:
    """The number boxes the power tab shows for the chosen metric."""
    rate = state["design.metric"] == "rate"
    shared = ("design.n_treatments", "design.population", "design.daily_volume")
    if rate:
        return ("design.baseline", "design.lift", *shared)
    return ("design.mean", "design.std", "design.mean_lift", *shared)


def read_inputs(state: Any) -> DesignInputs | None:
    """Build :class:`DesignInputs` from the widget values (percent → fraction, split → ratio); ``None``
    while a number box is empty or refused (the page then says what to fix)."""
    numbers = {key: number_value(key) for key in number_keys(state)}
    if any(value is None for value in numbers.values()):
        return None
    metric = state["design.metric"]
    rate = metric == "rate"
    mode = state["design.lift_mode" if rate else "design.mean_lift_mode"]
    lift = numbers["design.lift" if rate else "design.mean_lift"]
    pilot, control = (int(x) for x in state["design.split"].split(":"))
    return DesignInputs(
        metric=metric,
        baseline=numbers["design.baseline"] / 100 if rate else numbers["design.mean"],
        std=None if rate else numbers["design.std"],
        lift_mode=mode,
        lift=lift / 100 if (rate or mode == "relative") else lift,
        alpha=round(1 - state["design.confidence"] / 100, 6),
        power=state["design.power"] / 100,
        ratio=pilot / control,
        split=state["design.split"],
        one_sided=state["design.sided"] == "one",
        n_treatments=int(numbers["design.n_treatments"]),
        population=int(numbers["design.population"]) or None,
        daily_volume=int(numbers["design.daily_volume"]) or None,
        method=state[f"design.{metric}_method"],
    )

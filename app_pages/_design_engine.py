"""Cached calls into the sizing engine for the "Size the pilot" page (no formulas here)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages._design_inputs import DesignInputs
from experiments import (
    power_curve,
    power_curve_means,
    sample_size_two_means,
    sample_size_two_proportions,
)
from planner_common import InputError

CURVE_POINTS = 41
CURVE_REACH = 2.5


def _design_kwargs(inputs: DesignInputs) -> dict[str, Any]:
    return {
        "alpha": inputs.alpha,
        "power": inputs.power,
        "ratio": inputs.ratio,
        "alternative": inputs.alternative,
        "method": inputs.method,
        "n_treatments": inputs.n_treatments,
        "population": inputs.population,
        "daily_volume": inputs.daily_volume,
    }


@st.cache_data(max_entries=64, show_spinner=False)
def size(inputs: DesignInputs) -> Any:
    """The sample-size result for the inputs (raises :class:`InputError` for invalid ones)."""
    if inputs.metric == "rate":
        return sample_size_two_proportions(inputs.baseline, **inputs.effect_kwargs, **_design_kwargs(inputs))
    return sample_size_two_means(inputs.std, **inputs.effect_kwargs, **_design_kwargs(inputs))


@st.cache_data(max_entries=64, show_spinner=False)
def curve(inputs: DesignInputs, n_control: int, n_treatment: int, effect_size: float) -> pd.DataFrame:
    """Power against the true lift at the planned sizes, from 0 to 2.5 × the lift to detect."""
    end = CURVE_REACH * effect_size
    if inputs.metric == "rate":  # keep the treatment rate inside (0, 1)
        room = (1 - inputs.baseline) if effect_size > 0 else -inputs.baseline
        end = min(end, room * 0.999) if effect_size > 0 else max(end, room * 0.999)
    effects = [end * i / (CURVE_POINTS - 1) for i in range(CURVE_POINTS)]
    kwargs = {
        "n_control": n_control,
        "n_treatment": n_treatment,
        "effect_sizes": effects,
        "alpha": inputs.alpha / inputs.n_treatments,
        "alternative": inputs.alternative,
        "method": inputs.method,
    }
    if inputs.metric == "rate":
        return power_curve(inputs.baseline, **kwargs)
    return power_curve_means(inputs.std, **kwargs)


def design_record(inputs: DesignInputs, result: Any) -> dict[str, Any]:
    """What the campaign keeps under ``section("design")``."""
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


def try_size(inputs: DesignInputs) -> tuple[Any, InputError | None]:
    """``(result, None)`` or ``(None, error)`` for an invalid input."""
    try:
        return size(inputs), None
    except InputError as exc:
        return None, exc

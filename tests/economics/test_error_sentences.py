"""Bad inputs give one clear catalog sentence in both languages and no crash (oracle: the catalogs and the
source: every error code raised by economics/ and rollout/decision.py must have an es and en sentence)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from app_pages.i18n import error_text, load_catalog
from economics import (
    CampaignCosts,
    break_even_response_rate,
    clv,
    compare_nps,
    customer_flows,
    incremental_response,
    isn,
    nps,
    nps_from_scores,
    project_rollout,
    score_variance,
    std_error_from_interval,
    survey_sample_size,
)
from planner_common import InputError
from rollout.decision import PilotReadout, recommend_rollout

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "economics").glob("*.py")) + [ROOT / "rollout" / "decision.py"]

BAD_INPUTS: dict[str, Callable[[], object]] = {
    "zero margin": lambda: break_even_response_rate(300, 0),
    "negative margin": lambda: project_rollout(
        0.01, 0.002, audience=1_000, margin_per_response=-5, cost_per_contact=300
    ),
    "negative cost": lambda: CampaignCosts(fixed=-1, per_contact=300),
    "zero contacts": lambda: break_even_response_rate(300, 40_000, fixed_cost=1, contacts=0),
    "fixed cost without contacts": lambda: break_even_response_rate(300, 40_000, fixed_cost=1),
    "zero control": lambda: incremental_response(600, 20_000, 0, 0),
    "rate above 100 %": lambda: incremental_response(601, 600, 1, 100),
    "rate typed as percent": lambda: customer_flows(1, 1, 2),
    "lift typed as percent": lambda: project_rollout(
        5, 0.002, audience=1_000, margin_per_response=1, cost_per_contact=0
    ),
    "lift out of range": lambda: project_rollout(
        500, 0.002, audience=1_000, margin_per_response=1, cost_per_contact=0
    ),
    "reversed interval": lambda: std_error_from_interval(0.02, 0.01),
    "clv diverges": lambda: clv(100, 1.0, 0.0),
    "discount": lambda: clv(100, 0.5, -1.0),
    "nps answer": lambda: nps_from_scores([12]),
    "isn cut-offs": lambda: isn(1, 1, 1, satisfied_min=3, dissatisfied_max=4),
    "mixed": lambda: compare_nps(nps(1, 1, 1), isn(1, 1, 1)),  # type: ignore[arg-type]
    "shares": lambda: score_variance(0.7, 0.5),
    "margin of error": lambda: survey_sample_size(150),
    "decision interval": lambda: recommend_rollout(
        PilotReadout(
            effect_size=0.01,
            effect_size_ci_lower=0.02,
            effect_size_ci_upper=0.0,
            pvalue=0.01,
            n_control=10,
            n_treatment=10,
        )
    ),
}


def _raised_codes() -> set[str]:
    pattern = re.compile(r'InputError\(\s*"([a-z_]+)"')
    return {code for path in SOURCES for code in pattern.findall(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_raised_code_has_a_sentence(lang: str) -> None:
    catalog = load_catalog(lang)
    missing = sorted(code for code in _raised_codes() if f"errors.{code}" not in catalog)
    assert not missing


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_catalog_sentence(case: str, lang: str) -> None:
    with pytest.raises(InputError) as err:
        BAD_INPUTS[case]()
    text = error_text(err.value, lang)
    assert f"errors.{err.value.code}" in load_catalog(lang)
    assert text != str(err.value)  # the catalog sentence, not the core's English fallback
    assert "{" not in text and text.strip()

"""Go / no-go / extend rules (oracle: the rules documented in rollout/decision.py and the issue, each
exercised by a case built to trigger it; docs/formulas.md §6 for the staged-roll-out example; the catalogs
for the reason sentences)."""

from __future__ import annotations

import math
import string
from types import SimpleNamespace

import pytest

from app_pages.i18n import load_catalog
from economics import break_even_uplift, project_rollout
from rollout.decision import DECISIONS, PilotReadout, recommend_rollout

SE = math.sqrt(0.03 * 0.97 / 20_000 + 0.02 * 0.98 / 5_000)
U_STAR = break_even_uplift(300, 40_000, fixed_cost=3_000_000, contacts=200_000)  # 0,7875 pp


def readout(effect: float = 0.01, half: float = 1.959964 * SE, **kw: object) -> PilotReadout:
    base = dict(
        effect_size=effect,
        effect_size_ci_lower=effect - half,
        effect_size_ci_upper=effect + half,
        pvalue=0.00002,
        n_control=5_000,
        n_treatment=20_000,
    )
    return PilotReadout(**{**base, **kw})


def codes(d: object) -> list[str]:
    return [c for c, _ in d.reasons]  # type: ignore[attr-defined]


def test_no_control_cannot_decide() -> None:
    d = recommend_rollout(readout(n_control=0), break_even_uplift=U_STAR)
    assert d.decision == "extend" and codes(d)[0] == "no_control" and math.isnan(d.probability_of_profit)


def test_missing_estimate_cannot_decide() -> None:
    d = recommend_rollout(readout(effect=math.nan), break_even_uplift=U_STAR)
    assert d.decision == "extend" and codes(d)[0] == "no_estimate"


def test_srm_never_goes() -> None:
    # Interval far above break-even, but the split cannot be trusted.
    d = recommend_rollout(readout(effect=0.05, srm_flagged=True), break_even_uplift=U_STAR)
    assert d.decision == "extend" and codes(d)[0] == "srm"


def test_sample_below_plan_extends() -> None:
    d = recommend_rollout(
        readout(effect=0.05, planned_n_control=10_000, planned_n_treatment=20_000), break_even_uplift=U_STAR
    )
    assert d.decision == "extend" and codes(d)[0] == "sample_below_plan"
    assert d.reasons[0][1]["reached_pct"] == 0.5


def test_lower_bound_above_break_even_goes() -> None:
    d = recommend_rollout(readout(effect=0.02), break_even_uplift=U_STAR)
    assert d.decision == "go" and codes(d)[0] == "ci_above_break_even"


def test_upper_bound_below_break_even_is_no_go() -> None:
    d = recommend_rollout(readout(effect=0.002, half=0.002, pvalue=0.05), break_even_uplift=U_STAR)
    assert d.decision == "no_go" and codes(d)[0] == "ci_below_break_even"


def test_significant_with_probable_profit_goes_in_stages() -> None:
    # docs/formulas.md §6: û = 1,00 pp, lower bound 0,546 pp < u* = 0,7875 pp, P(profit) ≈ 82 % ≥ 80 %.
    d = recommend_rollout(readout(), break_even_uplift=U_STAR)
    assert d.decision == "go" and codes(d)[0] == "significant_probable_profit"
    assert round(d.probability_of_profit * 100) == 82
    assert "stages" in load_catalog("en")[f"decision.reason.{codes(d)[0]}"]


def test_significant_with_uncertain_profit_extends() -> None:
    # The same readout with a stricter threshold (90 %): extend, staged roll-out suggested.
    d = recommend_rollout(readout(), break_even_uplift=U_STAR, profit_threshold=0.9)
    assert d.decision == "extend" and codes(d)[0] == "significant_uncertain_profit"
    assert "stages" in load_catalog("en")[f"decision.reason.{codes(d)[0]}"]


def test_inconclusive_extends() -> None:
    d = recommend_rollout(readout(effect=0.008, half=0.009, pvalue=0.08), break_even_uplift=U_STAR)
    assert d.decision == "extend" and codes(d)[0] == "inconclusive"
    assert "not_significant" in codes(d)


def test_projection_supplies_break_even_probability_and_money() -> None:
    p = project_rollout(
        0.01, SE, audience=200_000, margin_per_response=40_000, cost_per_contact=300, fixed_cost=3_000_000
    )
    d = recommend_rollout(readout(), projection=p)
    assert d.break_even_uplift == p.break_even_uplift
    assert d.probability_of_profit == p.probability_of_profit
    assert "expected_profit" in codes(d)


def test_probability_from_the_interval_matches_the_projection() -> None:
    # Two routes to Φ((û − u*)/SE): from the readout interval and from project_rollout.
    p = project_rollout(
        0.01, SE, audience=200_000, margin_per_response=40_000, cost_per_contact=300, fixed_cost=3_000_000
    )
    d = recommend_rollout(readout(), break_even_uplift=U_STAR)
    assert d.probability_of_profit == pytest.approx(p.probability_of_profit, abs=1e-6)


def test_retention_pilot_is_judged_on_churn_reduction() -> None:
    # Churn 30 % → 25 % (effect −5 pp, interval −7 to −3 pp); break-even reduction 0,75 pp → go.
    r = readout(effect=-0.05, half=0.02, direction="decrease")
    d = recommend_rollout(r, break_even_uplift=0.0075)
    assert d.decision == "go" and d.reasons[0][1]["ci_lower_pp"] == pytest.approx(0.03)


def test_without_economics_break_even_is_zero_and_said() -> None:
    d = recommend_rollout(readout(effect=0.02))
    assert d.decision == "go" and "no_economics" in codes(d) and d.break_even_uplift == 0


def test_typed_interval_without_pvalue() -> None:
    r = PilotReadout(
        effect_size=0.02,
        effect_size_ci_lower=0.012,
        effect_size_ci_upper=0.028,
        n_control=100,
        n_treatment=100,
    )
    d = recommend_rollout(r, break_even_uplift=0.005)
    assert d.decision == "go" and "interval_excludes_zero" in codes(d)


def test_from_effect_reads_the_shared_effect_fields() -> None:
    metric = SimpleNamespace(
        effect_size=0.01,
        effect_size_ci_lower=0.005,
        effect_size_ci_upper=0.015,
        pvalue=0.001,
        n_control=5_000,
        n_treatment=20_000,
    )
    r = PilotReadout.from_effect(metric, srm_flagged=True)
    assert r.srm_flagged and r.effect_size == 0.01 and r.n_treatment == 20_000


def test_every_result_is_complete() -> None:
    for effect in (-0.01, 0.0, 0.005, 0.01, 0.03):
        d = recommend_rollout(readout(effect=effect), break_even_uplift=U_STAR)
        assert d.decision in DECISIONS and d.reasons and all(isinstance(p, dict) for _, p in d.reasons)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_reason_has_the_same_sentence_shape_in_both_catalogs() -> None:
    es, en = load_catalog("es"), load_catalog("en")
    reasons = [k for k in en if k.startswith("decision.reason.")]
    assert len(reasons) >= 14
    for key in reasons:
        assert key in es and _fields(es[key]) == _fields(en[key]), key
    assert all(f"decision.{d}" in es and f"decision.{d}" in en for d in DECISIONS)


def test_reason_params_fill_the_sentences() -> None:
    # Every params dict produced by the rules formats its sentence without a missing key.
    cases = [
        readout(n_control=0),
        readout(effect=0.05, planned_n_control=10_000),
        readout(effect=0.02),
        readout(effect=0.002, half=0.002),
        readout(),
        readout(effect=0.008, half=0.009, pvalue=0.08),
    ]
    es = load_catalog("es")
    for r in cases:
        for code, params in recommend_rollout(r, break_even_uplift=U_STAR, profit_threshold=0.9).reasons:
            assert _fields(es[f"decision.reason.{code}"]) <= set(params), code

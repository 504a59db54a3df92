"""The typed campaign record: versioned serialisation and campaigns saved by the first release.

Oracles: the two fixtures were saved by the first release's own app (AppTest run of its Brief, Design,
Split, Analyse and Roll-out examples, then "Guardar campaña"; the second also loaded the Roll-out example
and approved it) – they hold that release's computed roll-out figures, which today's ``evaluate`` must
reproduce (a campaign saved by the previous release opens unchanged); round trips; hypothesis properties.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner_common import InputError
from rollout import Brief, Campaign, DesignPlan, RolloutAssumptions, evaluate

FIXTURES = Path(__file__).parent / "fixtures"


def _v1(name: str) -> dict:
    return json.loads((FIXTURES / f"campaign_v1_{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["readout", "typed_approved"])
def test_a_campaign_saved_by_the_first_release_gives_the_figures_it_showed(name: str) -> None:
    saved = _v1(name)
    evaluation = evaluate(Campaign.from_dict(saved))
    shown = saved["rollout"]  # what the first release computed and displayed
    assert evaluation.probability_of_profit == pytest.approx(shown["probability_of_profit"], rel=1e-12)
    assert evaluation.expected_profit == pytest.approx(shown["expected_profit"], rel=1e-12)
    assert evaluation.profit_range == pytest.approx(
        (shown["profit_ci_lower"], shown["profit_ci_upper"]), rel=1e-12
    )
    assert evaluation.break_even_uplift == pytest.approx(shown["break_even_uplift"], rel=1e-12)
    assert evaluation.recommendation == shown["decision"]
    assert evaluation.audience == shown["audience"]
    assert evaluation.pilot.effect_size == pytest.approx(shown["effect_size"], rel=1e-12)


def test_the_first_release_sections_are_read_into_their_records() -> None:
    saved = _v1("readout")
    c = Campaign.from_dict(saved)
    assert c.brief.name == saved["brief"]["name"] and c.brief.eligible_base == saved["brief"]["eligible_base"]
    assert (c.design.n_control, c.design.n_treatment) == (
        saved["design"]["n_control"],
        saved["design"]["n_treatment"],
    )
    assert c.design.test_and_roll.prior_control == tuple(saved["design"]["test_and_roll"]["prior_control"])
    assert c.assignment.source.name == saved["assignment"]["list_name"]
    assert c.assignment.arm_sizes == saved["assignment"]["arm_sizes"]
    assert c.readout.source.name == saved["readout"]["source"]
    assert set(c.readout.metrics) == set(saved["readout"]["metrics"])
    assert (
        c.readout.metrics["compra"].successes_treatment
        == saved["readout"]["metrics"]["compra"]["successes_treatment"]
    )
    assert c.rollout.source == "readout" and c.rollout.metric == "compra"
    assert c.widgets == saved["widgets"]


def test_a_first_release_approval_is_kept() -> None:
    saved = _v1("typed_approved")
    c = Campaign.from_dict(saved)
    assert (c.approval.stage, c.approval.by, c.approval.note) == (
        "approved",
        "Ana Pérez",
        "Aprobado en comité",
    )
    assert c.stage == "approved" and c.rollout.source == "rates"
    assert (c.rollout.control_rate, c.rollout.pilot_rate) == (
        saved["rollout"]["control"],
        saved["rollout"]["treatment"],
    )


@pytest.mark.parametrize("name", ["readout", "typed_approved"])
def test_round_trip_keeps_everything(name: str) -> None:
    c = Campaign.from_dict(_v1(name))
    plain = c.to_dict()
    assert json.loads(json.dumps(plain, allow_nan=False)) == plain  # JSON-safe, no NaN written
    assert Campaign.from_dict(plain).to_dict() == plain
    assert Campaign.from_dict(plain).content_hash() == c.content_hash()


def test_unknown_keys_survive_a_round_trip() -> None:
    data = {**Campaign(brief=Brief(name="X")).to_dict(), "portfolio_tag": {"tier": "alto"}}
    assert Campaign.from_dict(data).to_dict()["portfolio_tag"] == {"tier": "alto"}


def test_a_campaign_from_a_newer_release_is_refused_with_a_sentence() -> None:
    with pytest.raises(InputError) as err:
        Campaign.from_dict({"schema_version": 99})
    assert err.value.code == "campaign_schema" and err.value.params["value"] == 99


def test_a_malformed_field_names_the_field() -> None:
    with pytest.raises(InputError) as err:
        Campaign.from_dict({"schema_version": 2, "brief": {"eligible_base": "muchos"}})
    assert err.value.code == "campaign_field" and err.value.params["field"] == "campaign.brief.eligible_base"


def test_content_hash_follows_inputs_not_ui_state() -> None:
    c = Campaign(brief=Brief(name="A", eligible_base=1_000))
    assert c.content_hash() == c.replace(widgets={"brief.name": "A"}, id=7, version=3).content_hash()
    assert c.content_hash() != c.replace(brief=Brief(name="A", eligible_base=1_001)).content_hash()


money = st.one_of(st.none(), st.floats(min_value=0, max_value=1e9, allow_nan=False))
briefs = st.builds(Brief, name=st.text(max_size=30), eligible_base=st.one_of(st.none(), st.integers(0, 10**8)),
                   cost_per_contact=money, margin_per_response=money, fixed_cost=money)  # fmt: skip
plans = st.builds(RolloutAssumptions, source=st.sampled_from(["readout", "rates", "interval"]),
                  n_control=st.one_of(st.none(), st.integers(0, 10**6)),
                  n_treatment=st.one_of(st.none(), st.integers(0, 10**6)),
                  control_rate=st.one_of(st.none(), st.floats(-1, 2)), pilot_rate=st.one_of(st.none(), st.floats(-1, 2)),
                  lift=st.one_of(st.none(), st.floats(-2, 2)), lift_lower=st.one_of(st.none(), st.floats(-2, 2)),
                  lift_upper=st.one_of(st.none(), st.floats(-2, 2)),
                  audience=st.one_of(st.none(), st.integers(0, 10**7)), margin_per_response=money)  # fmt: skip


@given(brief=briefs, plan=plans)
def test_any_campaign_round_trips_and_evaluates_without_raising(
    brief: Brief, plan: RolloutAssumptions
) -> None:
    """Property: partial or out-of-range inputs never raise from ``evaluate``; they are listed instead."""
    c = Campaign(brief=brief, rollout=plan, design=DesignPlan(n_control=100, n_treatment=100))
    assert Campaign.from_dict(c.to_dict()).to_dict() == c.to_dict()
    e = evaluate(c)
    assert e.pilot is not None or "pilot" in e.missing or e.problems
    if e.projection is not None:
        assert 0.0 <= e.probability_of_profit <= 1.0 and not math.isnan(e.expected_profit)

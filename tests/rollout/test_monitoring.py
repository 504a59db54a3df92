"""The monitoring state in the campaign and the roll-out decision that reads it.

Oracles: the rules written in rollout/decision.py's module doc (no go while the plan says continue below
its sizes; no "below plan" gate once the plan stopped the pilot), each case compared with the decision the
same readout gets without a plan; ``math.ceil`` of the plan's sizes over the daily volume for the days;
the catalogs for the new reasons' sentences; round trips through ``Campaign.to_dict``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import string

import pytest

from app_pages.i18n import load_catalog
from experiments import ArmCounts, SequentialPlan, conditional_power, monitor_counts
from rollout import (
    Brief,
    Campaign,
    DesignPlan,
    MetricLine,
    ReadoutRecord,
    RolloutAssumptions,
    SequentialState,
    early_look,
    evaluate,
    monitor_outlook,
    monitoring_record,
    planned_effect,
    recommend_rollout,
    saved_plan,
    sequential_state,
)
from rollout.decision import PilotReadout

SE = math.sqrt(0.03 * 0.97 / 20_000 + 0.02 * 0.98 / 5_000)


def _readout(effect: float = 0.02, **kw: object) -> PilotReadout:
    half = 1.959964 * SE
    base = dict(effect_size=effect, effect_size_ci_lower=effect - half, effect_size_ci_upper=effect + half,
                pvalue=1e-6, n_control=5_000, n_treatment=20_000)  # fmt: skip
    return PilotReadout(**{**base, **kw})


def _state(decision: str, planned: tuple[int, int] = (8_000, 30_000)) -> SequentialState:
    return SequentialState(decision=decision, look=9, information_fraction=0.41,
                           planned_n_control=planned[0], planned_n_treatment=planned[1])  # fmt: skip


def _codes(d) -> list[str]:
    return [c for c, _ in d.reasons]


def test_no_go_while_the_plan_says_continue():
    plain = recommend_rollout(_readout(), break_even_uplift=0.005)
    held = recommend_rollout(_readout(), break_even_uplift=0.005, sequential=_state("continue"))
    assert plain.decision == "go"
    assert held.decision == "extend" and _codes(held) == ["sequential_continue", *_codes(plain)]
    assert held.reasons[0][1] == {"look_count": 9, "information_pct": 0.41}


def test_continue_no_longer_holds_once_the_planned_size_is_reached():
    reached = _state("continue", planned=(5_000, 20_000))
    d = recommend_rollout(_readout(), break_even_uplift=0.005, sequential=reached)
    assert d.decision == "go" and "sequential_continue" not in _codes(d)


def test_continue_never_turns_a_no_go_into_extend():
    plain = recommend_rollout(_readout(effect=0.001), break_even_uplift=0.02)
    held = recommend_rollout(_readout(effect=0.001), break_even_uplift=0.02, sequential=_state("continue"))
    assert plain.decision == held.decision == "no_go" and held.reasons == plain.reasons


def test_a_plan_that_stopped_the_pilot_lifts_the_below_plan_gate():
    early = _readout(planned_n_control=8_000, planned_n_treatment=30_000)
    plain = recommend_rollout(early, break_even_uplift=0.005)
    stopped = recommend_rollout(early, break_even_uplift=0.005, sequential=_state("benefit"))
    assert plain.decision == "extend" and _codes(plain)[0] == "sample_below_plan"
    assert stopped.decision == "go" and _codes(stopped)[-1] == "sequential_stopped"
    assert _codes(stopped)[0] == "ci_above_break_even"


def test_the_new_reasons_have_sentences_in_both_languages():
    es, en = load_catalog("es"), load_catalog("en")
    for code in ("sequential_continue", "sequential_stopped"):
        fields = {name for _, name, _, _ in string.Formatter().parse(es[f"decision.reason.{code}"]) if name}
        assert fields == {"look_count", "information_pct"}
        assert f"decision.reason.{code}" in en


def _days(n: int, pilot: int = 6) -> list:
    return [
        (dt.date(2025, 3, 3) + dt.timedelta(days=d), ArmCounts(4, 200), ArmCounts(pilot, 200))
        for d in range(n)
    ]


def test_the_outlook_counts_days_from_the_design_or_the_pace():
    plan = SequentialPlan(kind="group-sequential", planned_n_control=2_000, planned_n_treatment=2_100)
    m = monitor_counts(_days(3), plan=plan)
    by_design = monitor_outlook(m, plan, days=m.days, effect_size=0.01, daily_volume=450)
    assert (by_design.days_planned, by_design.days_source) == (math.ceil(4_100 / 450), "design")
    by_pace = monitor_outlook(m, plan, days=m.days, effect_size=0.01)
    share = (1 / (1 / 600 + 1 / 600)) / (1 / (1 / 2_000 + 1 / 2_100))
    assert (by_pace.days_planned, by_pace.days_source) == (math.ceil(3 / share), "pace")
    # the outlook is the conditional power over the days left, equally spaced up to the plan
    direct = conditional_power(m.test, effect_size=0.01, future_fractions=by_design.days_planned - 3)
    assert by_design.outlook.probability == pytest.approx(direct.probability, abs=1e-12)
    assert monitor_outlook(m, plan, days=m.days).outlook is None  # no planned lift, no outlook


def test_a_plan_of_k_looks_projects_its_remaining_planned_looks():
    plan = SequentialPlan(
        kind="group-sequential", planned_n_control=2_000, planned_n_treatment=2_000, looks=4
    )
    m = monitor_counts(_days(6), plan=plan)  # 1,200 a group: looks at 25 % and 50 % are done
    o = monitor_outlook(m, plan, days=[d for d, _, _ in _days(6)], effect_size=0.01, daily_volume=400)
    assert o.look == 2 and o.outlook.future_fractions == (0.75, 1.0)


def test_the_record_round_trips_through_the_campaign_and_the_decision_reads_it():
    plan = SequentialPlan(kind="group-sequential", planned_n_control=9_000, planned_n_treatment=9_000)
    m = monitor_counts(_days(9), plan=plan)
    record = monitoring_record(monitor_outlook(m, plan, days=m.days, effect_size=0.01), plan_source="monitor",
                               mode="counts")  # fmt: skip
    c = Campaign(monitoring=record)
    again = Campaign.from_dict(c.to_dict())
    assert again.monitoring == record and saved_plan(again) == (plan, "monitor")
    state = sequential_state(again.monitoring)
    assert state.decision == m.decision == "continue" and state.look == 9
    assert state.information_fraction == pytest.approx(m.test.looks[-1].information_fraction)
    assert sequential_state(None) is None and sequential_state({"plan": {}}) is None


def _go_campaign() -> Campaign:
    """A clear win on 'compra' read at 5,000 + 20,000 customers."""
    readout = ReadoutRecord(
        metrics={"compra": MetricLine(metric="compra", n_control=5_000, n_treatment=20_000, control=0.02,
                                      treatment=0.04, successes_control=100, successes_treatment=800,
                                      effect_size=0.02, effect_size_ci_lower=0.016, effect_size_ci_upper=0.024,
                                      pvalue=1e-9, pvalue_adjusted=1e-9, std_error=0.002)},
        primary="compra",
    )  # fmt: skip
    base = Campaign(
        brief=Brief(cost_per_contact=300, margin_per_response=40_000, fixed_cost=3e6, eligible_base=300_000),
        readout=readout, rollout=RolloutAssumptions(source="readout", metric="compra"),
    )  # fmt: skip
    return base


def test_evaluate_holds_a_go_while_the_monitored_plan_continues():
    base = _go_campaign()
    plan = {"kind": "group-sequential", "planned_n_control": 9_000, "planned_n_treatment": 30_000}
    monitored = base.replace(monitoring={"plan": plan, "last_look": {"decision": "continue", "look": 12,
                                                                      "information_fraction": 0.6}})  # fmt: skip
    assert evaluate(base).recommendation == "go"
    held = evaluate(monitored)
    assert held.recommendation == "extend" and held.decision.reasons[0][0] == "sequential_continue"


def test_a_plan_watched_on_another_metric_neither_holds_nor_licenses_the_readout():
    """A monitoring record of 'respondio' (another file's metric) leaves the 'compra' readout as if unmonitored."""
    base = _go_campaign()
    plan = {"kind": "group-sequential", "planned_n_control": 9_000, "planned_n_treatment": 30_000}
    look = {"decision": "continue", "look": 12, "information_fraction": 0.6}
    other = base.replace(monitoring={"plan": plan, "metric": "respondio", "last_look": look})
    same = base.replace(monitoring={"plan": plan, "metric": "compra", "last_look": look})
    assert evaluate(other).recommendation == evaluate(base).recommendation == "go"
    assert evaluate(same).recommendation == "extend"
    design = DesignPlan(n_control=8_000, n_treatment=30_000)
    early = base.replace(design=design, monitoring={"plan": plan, "metric": "respondio"})
    assert early_look(early)["reached_pct"] == pytest.approx(5_000 / 8_000)
    assert early_look(early.replace(monitoring={"plan": plan, "metric": "compra"})) is None


def test_planned_effect_and_the_early_look_warning():
    design = DesignPlan(metric="rate", effect_size=0.005, n_control=8_000, n_treatment=8_000)
    assert planned_effect(design, "proportion") == 0.005 and planned_effect(design, "mean") is None
    line = MetricLine(metric="compra", n_control=4_000, n_treatment=4_200)
    c = Campaign(design=design, readout=ReadoutRecord(metrics={"compra": line}))
    assert early_look(c) == {
        "reached_pct": 0.5, "n_control_count": 4_000, "planned_control_count": 8_000,
        "n_treatment_count": 4_200, "planned_treatment_count": 8_000,
    }  # fmt: skip
    plan = SequentialPlan(
        kind="group-sequential", planned_n_control=8_400, planned_n_treatment=8_400
    ).to_dict()
    assert early_look(c.replace(design=dataclasses.replace(design, sequential=plan))) is None
    full = MetricLine(metric="compra", n_control=8_000, n_treatment=8_000)
    assert early_look(c.replace(readout=ReadoutRecord(metrics={"compra": full}))) is None

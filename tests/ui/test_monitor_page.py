"""AppTest of the Monitor page ("Seguimiento") in Spanish and English, and of the sequential option of
"Size the pilot" that plans it.

Oracles: the bundled running pilot parsed independently with Python's ``csv`` module (cumulative counts
per day, and each day's z = (p̂_P − p̂_C) / √(p̂_C(1 − p̂_C)/n_C + p̂_P(1 − p̂_P)/n_P) written out); the
README's published example for that file and plan (stops for benefit on 2025-03-16, a 36-day plan; the
README's snippets are run by tests/test_readme.py); for two planned looks, the closed form of the
conditional power (Jennison & Turnbull §10.2) with the final bound pasted from rpact; rpact
``getDesignCharacteristics`` for the maximum and expected sizes of the sequential option; the catalogs
for the sentences; dates and numbers written out by hand in each locale.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections import defaultdict
from pathlib import Path

import pytest
from _money_pages import assert_clean, clean, metrics, open_page, saved, texts, type_number
from scipy.stats import norm

from app_pages.i18n import translate
from experiments import plan_sequential, sample_size_two_proportions
from rollout import Brief, Campaign, DesignPlan, MetricLine, ReadoutRecord, RolloutAssumptions

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "data" / "piloto_en_curso_cl.csv"
# R: library(rpact); getDesignGroupSequential(kMax = 2, alpha = 0.05, sided = 2, typeOfDesign = "asOF",
#    informationRates = c(0.5, 1))$criticalValues → 2.96258804273 1.96859564632
C2_HALF = 1.96859564632
# R: d <- getDesignGroupSequential(kMax = 5, alpha = 0.05, sided = 2, typeOfDesign = "asOF", beta = 0.2,
#    informationRates = (1:5)/5); ch <- getDesignCharacteristics(d)
#    c(ch$inflationFactor, ch$averageSampleNumber1) → 1.024719881031 0.823662322299
IF_5, ASN1_5 = 1.024719881031, 0.823662322299


def _daily() -> list[tuple[str, int, int, int, int]]:
    """(day dd/mm/yyyy, control responders, control customers, pilot responders, pilot customers)."""
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with EXAMPLE.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            cell = days[row["fecha_envio"]]
            offset = 0 if row["grupo"] == "control" else 2
            cell[offset] += row["respondio"] == "sí"
            cell[offset + 1] += 1
    ordered = sorted(days, key=lambda d: tuple(reversed(d.split("/"))))
    return [(d, *days[d]) for d in ordered]


def _z(rc: int, nc: int, rt: int, nt: int) -> tuple[float, float]:
    pc, pt = rc / nc, rt / nt
    se = math.sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt)
    return (pt - pc) / se, se


def _number(value: float, lang: str, digits: int = 2) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "es" else text


def _design_campaign() -> dict:
    """The README's plan for this pilot: 4 % response, +25 %, 400 a day, daily O'Brien-Fleming looks."""
    fixed = sample_size_two_proportions(0.04, rel_effect_size=0.25, daily_volume=400)
    plan = plan_sequential(fixed)
    design = DesignPlan(
        metric="rate", n_control=fixed.n_control, n_treatment=fixed.n_treatment, n_total=fixed.n_total,
        effect_size=fixed.effect_size, baseline_rate=0.04, daily_volume=400, duration_days=fixed.duration_days,
        sequential=plan.plan.to_dict(),
    )  # fmt: skip
    return Campaign(design=design).to_dict()


@pytest.mark.slow  # the first AppTest of a worker pays the imports
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_bundled_pilot_against_the_designs_plan(lang):
    at = open_page("monitor", lang, campaign=_design_campaign())
    assert at.title[0].value == translate("monitor.title", lang)
    at.button(key="monitor.example_btn").click().run()
    assert_clean(at)
    assert not at.error, texts(at.error)
    assert at.radio(key="monitor.plan_source").value == "saved"
    days = _daily()
    # the looks table: one row per day until the plan stopped, z as the closed form gives it
    table = at.dataframe[0].value
    cumulative, shown = [0, 0, 0, 0], []
    for _, *counts in days[: len(table)]:
        cumulative = [a + b for a, b in zip(cumulative, counts, strict=True)]
        shown.append(_number(_z(*cumulative)[0], lang))
    assert list(table[translate("monitor.col.statistic", lang)]) == shown
    assert len(table) == 14 and days[13][0] == "16/03/2025"  # the README: benefit on 2025-03-16
    card = metrics(at)
    # the headline is the stopping look: day 14 of the file's 21 days (days[13] above), not the last day
    assert len(days) == 21 and days[-1][0] == "23/03/2025"
    assert card[translate("monitor.card.day", lang)] == translate(
        "monitor.card.day_value", lang, day="14", days="36"
    )
    assert card[translate("monitor.card.decision", lang)] == translate("monitor.decision.benefit", lang)
    when = {"es": "16-03-2025", "en": "Mar 16, 2025"}[lang]
    benefit = translate("monitor.sentence.benefit", lang, metric="respondio", date=when)
    day = translate("monitor.sentence.day", lang, day="14", days="36")
    last = {"es": "23-03-2025", "en": "Mar 23, 2025"}[lang]
    after = translate("monitor.sentence.after_stop", lang, extra="7", date=last)
    assert f"{day}: {benefit} {after}" in [clean(x) for x in texts(at.info)]
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    record = saved(at)["monitoring"]
    assert (
        record["last_look"]["decision"] == "benefit" and record["last_look"]["stopped_date"] == "2025-03-16"
    )
    assert record["last_look"]["date"] == "2025-03-16" and record["last_look"]["day"] == 14
    assert record["plan_source"] == "design" and record["mode"] == "example"
    assert record["source"]["sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert saved(at)["stage"] == "running"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_plan_that_stopped_heads_the_page_with_its_stopping_look(lang):
    """The bundled pilot read against the page's default plan (5,000 per group, one look a day): the
    plan stops on the 13th day of a 21-day file. Every headline figure is that look's: day 13, the
    share of information of the cumulative counts up to that day (harmonic size over the planned
    2,500, written out from the csv), the days at that pace ⌈13 / share⌉, and a sentence says the data
    go on for 8 more days that are not looks. Oracle: the csv parsed independently; the catalogs."""
    at = open_page("monitor", lang)
    at.button(key="monitor.example_btn").click().run()
    assert_clean(at)
    assert not at.error, texts(at.error)
    days = _daily()
    table = at.dataframe[0].value
    stop = len(table)  # one row per daily look, the last one the crossing
    assert stop == 13 and len(days) == 21
    assert (
        list(table[translate("monitor.col.date", lang)])[-1]
        == {"es": "15-03-2025", "en": "Mar 15, 2025"}[lang]
    )
    nc = sum(day[2] for day in days[:stop])
    nt = sum(day[4] for day in days[:stop])
    share = (1 / (1 / nc + 1 / nt)) / 2_500
    planned = math.ceil(stop / share)
    card = metrics(at)
    assert card[translate("monitor.card.day", lang)] == translate(
        "monitor.card.day_value", lang, day=str(stop), days=str(planned)
    )
    percent = f"{round(100 * share)}{' %' if lang == 'es' else '%'}"
    assert card[translate("monitor.card.information", lang)] == percent
    day = translate("monitor.sentence.day_pace", lang, day=str(stop), days=str(planned))
    when = {"es": "15-03-2025", "en": "Mar 15, 2025"}[lang]
    benefit = translate("monitor.sentence.benefit", lang, metric="respondio", date=when)
    last = {"es": "23-03-2025", "en": "Mar 23, 2025"}[lang]
    after = translate("monitor.sentence.after_stop", lang, extra="8", date=last)
    assert f"{day}: {benefit} {after}" in [clean(x) for x in texts(at.info)]
    wrong = translate("monitor.card.day_value", lang, day="21", days=str(planned))
    assert card[translate("monitor.card.day", lang)] != wrong


@pytest.mark.parametrize("lang", ["es", "en"])
def test_typed_days_and_a_plan_defined_here_give_the_chance_of_concluding(lang):
    """Nine typed days (the editor's example rows), two planned looks at 3,600 per group: the first look
    is at half the information and continues; the chance of concluding at the second is the closed form."""
    campaign = Campaign(
        design=DesignPlan(metric="rate", effect_size=0.01, n_control=3_000, n_treatment=3_000)
    )
    at = open_page("monitor", lang, campaign=campaign.to_dict())
    at.radio(key="monitor.mode").set_value("counts").run()
    assert at.radio(key="monitor.plan_source").value == "define"  # nothing saved yet
    typed = "3.600" if lang == "es" else "3,600"  # as each language writes it
    type_number(at, "monitor.plan.n_control", typed)
    type_number(at, "monitor.plan.n_treatment", typed)
    at.radio(key="monitor.plan.looks_mode").set_value("count").run()
    at.select_slider(key="monitor.plan.looks").set_value(2).run()
    assert_clean(at)
    assert not at.error, texts(at.error)
    totals = [sum(day[i] for day in _daily()[:9]) for i in (1, 2, 3, 4)]
    assert totals[1] == totals[3] == 1_800  # half of the planned 3,600 per group
    z, se = _z(*totals)
    drift = 0.01 / (se * math.sqrt(0.5))
    b = z * math.sqrt(0.5)
    chance = norm.cdf((b + drift / 2 - C2_HALF) / math.sqrt(0.5)) + norm.cdf(
        (-C2_HALF - b - drift / 2) / math.sqrt(0.5)
    )
    percent = f"{round(100 * chance)}{' %' if lang == 'es' else '%'}"
    card = metrics(at)
    assert card[translate("monitor.card.outlook", lang)] == percent
    assert card[translate("monitor.card.statistic", lang)] == _number(z, lang)
    assert card[translate("monitor.card.decision", lang)] == translate("monitor.decision.continue", lang)
    day = translate("monitor.sentence.day_pace", lang, day="9", days="18")  # look on day 9 at t = 0.5
    outlook = translate("monitor.sentence.outlook", lang, probability=percent, days="18")
    expected = f"{day}: {translate('monitor.sentence.continue', lang)} {outlook}"
    assert expected in [clean(x) for x in texts(at.info)]
    record = saved(at)["monitoring"]
    assert record["plan_source"] == "monitor" and record["mode"] == "counts" and record["source"] is None
    assert record["plan"]["looks"] == 2 and record["last_look"]["conditional_power"] == pytest.approx(
        chance, abs=1e-6
    )


def test_the_sequential_option_of_size_the_pilot(app_test):
    """2 % response, +25 %, 1,000 a day, five O'Brien-Fleming looks: sizes against rpact, then saved."""
    at = app_test("en")
    type_number(at, "design.baseline", "2")
    at.segmented_control(key="design.lift_mode").set_value("relative").run()
    type_number(at, "design.lift", "25")
    type_number(at, "design.daily_volume", "1,000")
    at.toggle(key="design.seq_on").set_value(True).run()
    at.radio(key="design.seq_looks_mode").set_value("count").run()
    at.select_slider(key="design.seq_looks").set_value(5).run()
    assert_clean(at)
    card = metrics(at)
    n_fixed_arm = 13_809  # R: ceiling(power.prop.test(p1 = .02, p2 = .025, power = .8, strict = TRUE)$n)
    maximum = 2 * math.ceil(n_fixed_arm * IF_5)
    assert card["Maximum size"] == f"{maximum:,}"
    expected = float(card["Expected size if the lift is real"].replace(",", ""))
    assert expected == pytest.approx(ASN1_5 * 2 * n_fixed_arm, rel=1e-4)
    assert card["Days at most"] == f"{math.ceil(maximum / 1_000)} days"
    at.button(key="design.save_btn").click().run()
    plan = saved(at)["design"]["sequential"]
    assert (plan["planned_n_control"], plan["planned_n_treatment"], plan["looks"]) == (
        maximum // 2,
        maximum // 2,
        5,
    )
    at.toggle(key="design.seq_on").set_value(False).run()
    at.button(key="design.save_btn").click().run()
    assert saved(at)["design"]["sequential"] is None


@pytest.mark.parametrize("lang", ["es", "en"])
def test_analyse_warns_of_a_peek_without_a_sequential_plan(lang):
    design = DesignPlan(metric="rate", n_control=20_000, n_treatment=20_000)
    at = open_page("analyze", lang, campaign=Campaign(design=design).to_dict())
    at.button(key="analyze.load_example_btn").click().run()
    assert_clean(at)
    words = translate("analyze.peek", lang, reached_pct="X", n_treatment_count="X", planned_treatment_count="X",
                      n_control_count="X", planned_control_count="X").split("X")[0]  # fmt: skip
    assert any(clean(w).startswith(words) for w in texts(at.warning))
    plan = {"kind": "group-sequential", "planned_n_control": 21_000, "planned_n_treatment": 21_000}
    planned = DesignPlan(metric="rate", n_control=20_000, n_treatment=20_000, sequential=plan)
    at = open_page("analyze", lang, campaign=Campaign(design=planned).to_dict())
    at.button(key="analyze.load_example_btn").click().run()
    assert not any(clean(w).startswith(words) for w in texts(at.warning))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_rollout_page_holds_a_go_while_the_monitoring_plan_says_continue(lang):
    """A pilot that pays (+2 pp against a 0,75 pp break-even) but whose group-sequential plan still says
    «continue» at look 12 (60 % of the information): the Roll-out page recommends extending, first
    reason the plan's sentence with the look and share. Oracle: the same campaign without the plan is a
    go on the same page (the gate is what changes it), and the sentence is the catalog's with 12 and 60 %."""
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
    plan = {"kind": "group-sequential", "planned_n_control": 9_000, "planned_n_treatment": 30_000}
    held = base.replace(monitoring={"plan": plan, "last_look": {"decision": "continue", "look": 12,
                                                                 "information_fraction": 0.6}})  # fmt: skip
    go_page = open_page("rollout", lang, campaign=base.to_dict())
    held_page = open_page("rollout", lang, campaign=held.to_dict())
    assert_clean(go_page)
    assert_clean(held_page)
    sentence = translate("decision.reason.sequential_continue", lang).split("(")[0].strip()
    page_text = " ".join(texts(held_page.markdown) + texts(held_page.warning) + texts(held_page.info))
    assert sentence in clean(page_text)
    assert "12" in page_text and ("60 %" in page_text or "60%" in page_text)
    go_text = " ".join(texts(go_page.markdown) + texts(go_page.warning) + texts(go_page.success))
    assert sentence not in clean(go_text)

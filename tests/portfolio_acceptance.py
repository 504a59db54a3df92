"""Acceptance tests of the portfolio's queries, run on SQLite (tests/rollout) and PostgreSQL (tests/integration).

A module importing ``from portfolio_acceptance import *`` and defining a ``url`` fixture (an empty
database) collects every ``test_*`` below for its engine.

Oracles: the inputs themselves – a seeded set of campaigns whose stages, owners, channels, dates and
summary figures are known in the test – filtered, sorted, paged and summed in plain Python (``sorted``,
dict group-bys, ``date.weekday``) independently of the SQL; ``experiments.prior_from_past_campaigns``
and ``rollout.portfolio_impact`` fed in the test straight from those inputs (round trip through the
typed columns).
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from datetime import date, timedelta

import pytest

from experiments import prior_from_past_campaigns
from planner_common import InputError
from rollout import PortfolioFilter, portfolio_campaign, portfolio_impact
from rollout.registry import Registry

__all__ = [
    "portfolio",
    "test_listing_filters_match_the_inputs",
    "test_listing_sorts_with_missing_figures_last_and_pages_cover_everything",
    "test_search_ignores_case_and_accents_and_takes_wildcards_literally",
    "test_period_views_sum_what_was_saved",
    "test_portfolio_campaigns_feed_portfolio_impact",
    "test_past_campaigns_feed_the_prior_and_say_which_were_used",
    "test_bad_filters_and_pages_are_refused",
]
NAMES = ("Catálogo otoño", "SMS retención", "Correo ESTRATÉGICO", "Oferta 50% clientes", "email_bienvenida")
CHANNELS, OBJECTIVES = ("mail", "sms", "email"), ("acquire", "retain", "grow")
STAGES = ("draft", "designed", "running", "analysed", "analysed", "analysed")
START = date(2024, 11, 1)


def bare(text: str) -> str:
    """The test's own accent-free, case-folded form of a name."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def _summary(rng: random.Random, currency: str) -> dict:
    n_c, n_t = rng.choice((2_000, 5_000, 8_000)), rng.choice((10_000, 20_000, 40_000))
    p_c = rng.uniform(0.01, 0.05)
    lift, se = rng.gauss(0.004, 0.006), rng.uniform(0.001, 0.004)
    profit, profit_se = lift * 8e9 - 2e6, se * 8e9
    return {
        "currency": currency, "audience": 200_000, "recommendation": rng.choice(("go", "no_go", "extend")),
        "probability_of_profit": rng.random(), "expected_profit": profit,
        "profit_ci_lower": profit - 1.959963984540054 * profit_se, "profit_ci_upper": profit + 1.959963984540054 * profit_se,
        "expected_roi": rng.uniform(-1, 2), "confidence_level": 0.95, "direction": "increase", "effect_size": lift,
        "std_error": se, "n_control": n_c, "n_treatment": n_t, "control_rate": p_c, "treatment_rate": p_c + lift,
        "responses": round((p_c + lift) * n_t), "incremental_responses": lift * n_t, "spend": 3e6 + 300 * n_t,
        "pilot_profit": lift * n_t * 40_000 - 3e6 - 300 * n_t, "cost_per_contact": 300 + 3e6 / n_t,
    }  # fmt: skip


def _inputs(count: int = 36) -> list[dict]:
    rng = random.Random(20251203)
    out = []
    for i in range(count):
        stage = STAGES[i % len(STAGES)]
        start = START + timedelta(days=rng.randrange(0, 420))
        end = start + timedelta(days=rng.randrange(7, 45))
        item = {
            "stage": stage, "name": f"{NAMES[i % len(NAMES)]} {i}", "channel": rng.choice(CHANNELS),
            "objective": rng.choice(OBJECTIVES[:2]), "role": ("marketer", "analyst", "leader")[(i // 2) % 3],
            "start": start, "end": end if stage == "analysed" else None,
            "summary": _summary(rng, "EUR" if i % 7 == 0 else "CLP") if stage == "analysed" else None,
        }  # fmt: skip
        if stage == "analysed" and i % 5 == 0:
            item["summary"]["expected_profit"] = item["summary"]["profit_ci_lower"] = None  # not projected
            item["summary"]["profit_ci_upper"] = None
        out.append(item)
    return out


@pytest.fixture
def portfolio(url):
    """A registry with 36 campaigns saved by three people, 3 of them archived, and the inputs."""
    reg = Registry(url)
    admin = reg.create_first_admin("it", "clave-segura-admin")
    users = {"admin": admin}
    for role in ("marketer", "analyst", "leader"):
        users[role] = reg.create_user(f"{role}1", f"clave-segura-{role}", role, actor=admin)
    items = _inputs()
    for item in items:
        design = {"n_control": 5000, "start_date": item["start"].isoformat()}
        if item["end"]:
            design["end_date"] = item["end"].isoformat()
        brief = {"name": item["name"], "channel": item["channel"], "objective": item["objective"]}
        campaign = {"stage": item["stage"], "brief": brief, "design": design}
        saved = reg.save(campaign, actor=users[item["role"]], summary=item["summary"])
        item |= {"id": saved.id, "owner": users[item["role"]].username, "owner_id": users[item["role"]].id}
        item["archived"] = saved.id in (4, 10, 17)
        if item["archived"]:
            reg.archive(saved.id, actor=users["leader"], reason="fuera de la cartera")
        item["date"] = item["end"] or item["start"]  # a planned pilot is dated by its typed start
    return reg, users, items


def _ids(rows) -> list[int]:
    return [r.id for r in rows]


def _listed(reg: Registry, f: PortfolioFilter) -> list[int]:
    return sorted(_ids(reg.portfolio(f, page_size=500).rows))


def test_listing_filters_match_the_inputs(portfolio):
    reg, users, items = portfolio
    cases = {
        PortfolioFilter(): lambda i: not i["archived"],
        PortfolioFilter(archived=True): lambda i: i["archived"],
        PortfolioFilter(archived=None): lambda i: True,
        PortfolioFilter(stage="analysed"): lambda i: not i["archived"] and i["stage"] == "analysed",
        PortfolioFilter(channel=("sms", "email"), objective="retain"): lambda i: not i["archived"]
        and i["channel"] in ("sms", "email") and i["objective"] == "retain",
        PortfolioFilter(owner="analyst1"): lambda i: not i["archived"] and i["owner"] == "analyst1",
        PortfolioFilter(owner=(users["leader"].id, "marketer1")): lambda i: not i["archived"]
        and i["owner"] in ("leader1", "marketer1"),
        PortfolioFilter(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30)): lambda i: not i["archived"]
        and i["date"] is not None and date(2025, 1, 1) <= i["date"] <= date(2025, 6, 30),
        PortfolioFilter(stage=("running", "analysed"), search="catalogo", archived=None): lambda i: i["stage"]
        in ("running", "analysed") and "catalogo" in bare(i["name"]),
    }  # fmt: skip
    for f, keep in cases.items():
        expected = sorted(i["id"] for i in items if keep(i))
        assert _listed(reg, f) == expected, f
        assert reg.portfolio(f).total == len(expected)


def test_listing_sorts_with_missing_figures_last_and_pages_cover_everything(portfolio):
    reg, _, items = portfolio
    shown = [i for i in items if not i["archived"]]
    profit = {i["id"]: (i["summary"] or {}).get("expected_profit") for i in shown}
    known = sorted((i for i in profit if profit[i] is not None), key=lambda i: (-profit[i], -i))
    expected = known + sorted((i for i in profit if profit[i] is None), reverse=True)
    pages = [reg.portfolio(sort="expected_profit", page=p, page_size=7) for p in range(1, 7)]
    assert [cid for p in pages for cid in _ids(p.rows)] == expected
    assert pages[0].pages == 5 and pages[-1].rows == () and pages[0].total == len(shown)
    by_name = _ids(reg.portfolio(sort="name", descending=False, page_size=500).rows)
    assert by_name == [i["id"] for i in sorted(shown, key=lambda i: (bare(i["name"]), i["id"]))]
    ranks = {"draft": 0, "designed": 1, "running": 2, "analysed": 3}
    by_stage = _ids(reg.portfolio(sort="stage", page_size=500).rows)
    assert by_stage == [i["id"] for i in sorted(shown, key=lambda i: (-ranks[i["stage"]], -i["id"]))]
    owners = [r.owner for r in reg.portfolio(sort="owner", descending=False, page_size=500).rows]
    assert owners == sorted(owners)
    row = next(r for r in reg.portfolio(page_size=500).rows if r.id == known[0])
    s = next(i for i in items if i["id"] == known[0])["summary"]
    assert (row.contacts, row.spend, row.response_rate, row.expected_profit, row.currency) == (
        s["n_treatment"], s["spend"], s["treatment_rate"], s["expected_profit"], s["currency"])  # fmt: skip


def test_search_ignores_case_and_accents_and_takes_wildcards_literally(portfolio):
    reg, _, items = portfolio
    for term, needle in (("CATÁLOGO", "catalogo"), ("retencion", "retencion"), ("estratégico", "estrategico"),
                         ("50%", "50%"), ("l_b", "l_b"), ("%", "%"), ("_", "_")):  # fmt: skip
        expected = sorted(i["id"] for i in items if needle in bare(i["name"]))
        assert _listed(reg, PortfolioFilter(search=term, archived=None)) == expected, term
    assert _listed(reg, PortfolioFilter(search="   ", archived=None)) == sorted(i["id"] for i in items)


def _period_start(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if period == "month" else day


def test_period_views_sum_what_was_saved(portfolio):
    reg, _, items = portfolio
    for period in ("day", "week", "month"):
        expected: dict = defaultdict(lambda: defaultdict(float))
        for i in items:
            if i["archived"] or i["stage"] in ("draft", "designed"):
                continue  # archived, or a pilot that has not started
            s = i["summary"] or {}
            group = expected[(_period_start(i["date"], period), s.get("currency"))]
            group["campaigns"] += 1
            group["running"] += i["stage"] == "running"
            for key, src in (
                ("contacts", "n_treatment"),
                ("responses", "responses"),
                ("spend", "spend"),
                ("incremental_responses", "incremental_responses"),
                ("incremental_profit", "pilot_profit"),
                ("expected_profit", "expected_profit"),
            ):
                group[key] += s.get(src) or 0.0  # fmt: skip
        rows = reg.portfolio_periods(period).rows
        assert [(r.period, r.currency) for r in rows] == sorted(expected, key=lambda k: (k[0], k[1] or ""))
        for r in rows:
            want = expected[(r.period, r.currency)]
            assert (r.campaigns, r.running, r.finished) == (want["campaigns"], want["running"],
                                                            want["campaigns"] - want["running"])  # fmt: skip
            for key in ("contacts", "responses", "spend", "incremental_responses", "incremental_profit",
                        "expected_profit"):  # fmt: skip
                assert getattr(r, key) == pytest.approx(want[key], rel=1e-9, abs=1e-6), (period, key)
    march = reg.portfolio_periods(
        "month", PortfolioFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    )
    assert {r.period for r in march.rows} <= {date(2025, 3, 1)}


def test_portfolio_campaigns_feed_portfolio_impact(portfolio):
    reg, _, items = portfolio
    mine = [portfolio_campaign(i["summary"], id=i["id"], name=i["name"]) for i in items
            if i["summary"] and not i["archived"] and i["summary"]["currency"] == "CLP"]  # fmt: skip
    stored = [c for c in reg.portfolio_campaigns() if c.currency == "CLP"]
    assert [c.id for c in stored] == [c.id for c in mine]
    for quantity in ("profit", "lift"):
        a, b = portfolio_impact(stored, quantity=quantity), portfolio_impact(mine, quantity=quantity)
        assert a.skipped == b.skipped and a.n_campaigns == b.n_campaigns
        assert a.shrunk_total == pytest.approx(b.shrunk_total, rel=1e-12)
        assert a.winners_shrunk_total_ci_upper == pytest.approx(b.winners_shrunk_total_ci_upper, rel=1e-12)


def test_past_campaigns_feed_the_prior_and_say_which_were_used(portfolio):
    reg, _, items = portfolio
    groups = defaultdict(list)
    for i in items:
        if i["summary"]:
            groups[(i["channel"], i["objective"])].append(i)
    (channel, objective), chosen = max(groups.items(), key=lambda kv: len(kv[1]))
    assert len(chosen) >= 4  # the seeded inputs hold a group large enough to estimate a prior
    exclude = chosen[0]["id"]
    past = reg.past_campaigns(channel, objective, exclude=exclude)
    used = [i for i in chosen if not i["archived"] and i["id"] != exclude]
    assert [c.id for c in past.campaigns] == [i["id"] for i in sorted(used, key=lambda i: (i["end"], i["id"]),
                                                                          reverse=True)]  # fmt: skip
    assert [(c.control_rate, c.n_control) for c in past.campaigns] == [
        (i["summary"]["control_rate"], i["summary"]["n_control"]) for i in sorted(
            used, key=lambda i: (i["end"], i["id"]), reverse=True)]  # fmt: skip
    import pandas as pd

    mine = pd.DataFrame(
        [{"rate": i["summary"]["control_rate"], "n": i["summary"]["n_control"]} for i in used]
    )
    assert prior_from_past_campaigns(past.table()).prior_sd == pytest.approx(
        prior_from_past_campaigns(mine).prior_sd, rel=1e-12)  # fmt: skip
    paired = past.table(paired=True)
    assert len(paired) == 2 * len(used) and prior_from_past_campaigns(paired, campaign="campaign").paired
    assert reg.past_campaigns("fax", "acquire").campaigns == ()


def test_bad_filters_and_pages_are_refused(portfolio):
    reg, _, _ = portfolio
    for build, code in (
        (lambda: PortfolioFilter(stage="done"), "bad_choice"),
        (lambda: PortfolioFilter(date_from=date(2025, 2, 1), date_to=date(2025, 1, 1)), "portfolio_period_reversed"),
        (lambda: PortfolioFilter(date_from="2025-01-01"), "portfolio_bad_filter"),
        (lambda: PortfolioFilter(channel=[None]), "portfolio_bad_filter"),
        (lambda: reg.portfolio(sort="data"), "bad_choice"),
        (lambda: reg.portfolio(page=0), "too_small"),
        (lambda: reg.portfolio(page_size=10_000), "portfolio_page_too_large"),
        (lambda: reg.portfolio_periods("quarter"), "bad_choice"),
    ):  # fmt: skip
        with pytest.raises(InputError) as refused:
            build()
        assert refused.value.code == code

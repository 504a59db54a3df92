"""The portfolio at scale: 10,000 saved campaigns in a SQLite registry, then the Portfolio page's data.

Builds ``benchmarks/data/portfolio.sqlite`` afresh through the registry's own API: synthetic but
realistic campaigns (five channels, three objectives, pilots over three years, response rates of 1–8 %,
pilots of 2,000–60,000 customers, money by the formulas of docs/formulas.md §6, value tiers on half of
them) are written with ``Registry.import_campaigns`` in batches of 1,000 (each campaign with its chained
audit row), then a few hundred are decided, rolled out and archived one by one as the app would. The
audit chain is verified. Then it times what the page loads – one listing page and the monthly view –
cold (a new engine) and warm (median of 5), against the < 1 s target, and the other queries.

Run: ``.venv/bin/python benchmarks/portfolio.py [n_campaigns] [seed]``
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from rollout import PortfolioFilter, portfolio_impact
from rollout.registry import Registry

DATA = Path(__file__).parent / "data"
CHANNELS = {"mail": 450.0, "email": 8.0, "sms": 25.0, "call_center": 1_800.0, "app_push": 2.0}
OBJECTIVES = ("acquire", "retain", "grow")
OFFERS = ("Catálogo", "Oferta", "Campaña", "Reactivación", "Bienvenida", "Fidelización", "Cross-sell")
SEASONS = ("otoño", "invierno", "primavera", "verano", "Navidad", "Cyber", "Día de la Madre")
TIERS = ("alto", "medio", "bajo", "estratégico")
Z95 = 1.959963984540054


def _money(rng: random.Random, channel: str, n_c: int, n_t: int, p_c: float, lift: float) -> dict:
    """A summary as ``CampaignEvaluation.summary()`` writes it, by the formulas of docs/formulas.md §6."""
    se = math.sqrt(p_c * (1 - p_c) / n_c + (p_c + lift) * (1 - p_c - lift) / n_t)
    cost, margin, fixed = (
        CHANNELS[channel],
        rng.choice((15_000.0, 25_000.0, 40_000.0)),
        rng.choice((0.5e6, 2e6, 5e6)),
    )
    audience = rng.randrange(50_000, 600_000, 1_000)
    profit, half = audience * (lift * margin - cost) - fixed, Z95 * audience * margin * se
    responses = round((p_c + lift) * n_t)
    spend = fixed + cost * n_t
    return {
        "currency": "CLP", "audience": audience, "probability_of_profit": 0.5 * (1 + math.erf(profit / half * Z95 / math.sqrt(2))),
        "recommendation": "go" if profit - half > 0 else ("no_go" if profit + half < 0 else "extend"),
        "expected_profit": profit, "profit_ci_lower": profit - half, "profit_ci_upper": profit + half,
        "expected_roi": profit / (fixed + cost * audience), "confidence_level": 0.95, "direction": "increase",
        "effect_size": lift, "std_error": se, "effect_size_ci_lower": lift - Z95 * se,
        "effect_size_ci_upper": lift + Z95 * se, "n_control": n_c, "n_treatment": n_t, "control_rate": p_c,
        "treatment_rate": p_c + lift, "responses": responses, "incremental_responses": lift * n_t, "spend": spend,
        "pilot_profit": lift * n_t * margin - spend, "cost_per_contact": spend / n_t,
        "cost_per_response": spend / responses if responses else None,
        "cost_per_incremental_response": spend / (lift * n_t) if lift > 0 else None,
    }  # fmt: skip


def _tiers(rng: random.Random, n_c: int, n_t: int, p_c: float, lift: float) -> list[dict]:
    shares = (0.18, 0.30, 0.47, 0.05)
    lines = []
    for tier, share, boost in zip(TIERS, shares, (1.6, 1.0, 0.6, 1.3), strict=True):
        nc, nt = max(round(n_c * share), 30), max(round(n_t * share), 30)
        se = math.sqrt(p_c * (1 - p_c) / nc + p_c * (1 - p_c) / nt)
        lines.append({"metric": "respuesta", "arm": "piloto", "segment": tier, "n_control": nc, "n_treatment": nt,
                      "control": p_c, "treatment": p_c + lift * boost, "effect_size": rng.gauss(lift * boost, se),
                      "std_error": se})  # fmt: skip
    return lines


def campaign(rng: random.Random, i: int, today: date) -> tuple[dict, dict | None]:
    """One synthetic campaign and its summary (``None`` before the readout)."""
    channel, objective = rng.choice(list(CHANNELS)), rng.choice(OBJECTIVES)
    start = today - timedelta(days=rng.randrange(0, 3 * 365))
    stage = rng.choices(("draft", "designed", "running", "analysed"), (8, 8, 6, 78))[0]
    n_c, n_t = rng.randrange(1_000, 12_000, 100), rng.randrange(2_000, 60_000, 500)
    brief = {"name": f"{rng.choice(OFFERS)} {rng.choice(SEASONS)} {start.year} #{i}", "channel": channel,
             "objective": objective, "currency": "CLP"}  # fmt: skip
    design = {"n_control": n_c, "n_treatment": n_t, "start_date": start.isoformat()}
    content: dict = {"stage": stage, "brief": brief, "design": design}
    if stage != "analysed":
        return content, None
    design["end_date"] = (start + timedelta(days=rng.randrange(14, 60))).isoformat()
    p_c, lift = rng.uniform(0.01, 0.08), rng.gauss(0.003, 0.006)
    readout: dict = {
        "arm": "piloto",
        "primary": "respuesta",
        "metrics": {"respuesta": {"metric": "respuesta"}},
    }
    if rng.random() < 0.5:
        readout["segment_lines"] = _tiers(rng, n_c, n_t, p_c, lift)
    content["readout"] = readout
    return content, _money(rng, channel, n_c, n_t, p_c, lift)


def build(path: Path, n: int, seed: int) -> tuple[Registry, dict]:
    """A fresh registry file with ``n`` campaigns; returns it and the (wall, CPU) seconds of each step."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    took: dict[str, tuple[float, float]] = {}
    reg = Registry(f"sqlite:///{path}")
    admin = reg.create_first_admin("it", "clave-segura-admin")
    leader = reg.create_user("gerente", "clave-segura-leader", "leader", actor=admin)
    rng, today = random.Random(seed), date.today()
    items = [campaign(rng, i, today) for i in range(n)]
    ids: list[int] = []

    def import_all() -> None:
        for batch in range(0, n, 1_000):
            ids.extend(reg.import_campaigns(items[batch : batch + 1_000], actor=leader))

    took[f"import {n:,} campaigns in batches of 1,000"] = _timed(import_all)[:2]
    analysed = [cid for cid, (c, _) in zip(ids, items, strict=True) if c["stage"] == "analysed"]

    def one_by_one() -> None:
        for k, cid in enumerate(analysed[:300]):
            status = reg.decide(cid, "approved" if k % 3 else "rejected", actor=leader,
                                snapshot={"recommendation": "go"}, reason="revisado", expected_version=1)  # fmt: skip
            if status.decision == "approved" and k % 2:
                reg.set_stage(cid, "rolled_out", actor=leader, expected_version=status.version)
        for cid in ids[-200:]:
            reg.archive(cid, actor=leader, reason="fuera de la cartera")

    took["300 decisions, 100 roll-outs, 200 archives, one by one"] = _timed(one_by_one)[:2]
    wall, cpu, report = _timed(reg.verify_audit)
    took[f"verify {report.rows:,} audit rows (ok={report.ok})"] = (wall, cpu)
    return reg, took


def _timed(call) -> tuple[float, float, object]:  # noqa: ANN001
    """Wall and CPU seconds of one call (SQLite runs in this process, so CPU time includes the queries:
    on a shared, loaded machine the wall time shows the waiting, the CPU time the work)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = call()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def _median(call, k: int) -> tuple[float, float]:  # noqa: ANN001
    runs = [_timed(call)[:2] for _ in range(k)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def page_data(reg: Registry) -> tuple:
    """What the Portfolio page loads first: the listing's first page and the monthly view."""
    return reg.portfolio(page_size=50), reg.portfolio_periods("month")


def main(n: int = 10_000, seed: int = 20251203) -> None:
    DATA.mkdir(exist_ok=True)
    path = DATA / "portfolio.sqlite"
    reg, took = build(path, n, seed)
    size = sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
    print(f"{n:,} campaigns in {path.name} ({size / 2**20:.1f} MB with its WAL)")
    for step, (wall, cpu) in took.items():
        print(f"  {step:<56} wall {wall:7.1f} s    cpu {cpu:7.1f} s")
    cold_open, _, fresh = _timed(lambda: Registry(f"sqlite:///{path}"))
    cold, cold_cpu, (listing, monthly) = _timed(lambda: page_data(fresh))
    warm, warm_cpu = _median(lambda: page_data(reg), 5)
    print(f"open the registry (migration check): {cold_open * 1e3:.0f} ms")
    print(
        f"page data = listing page 1 ({listing.total:,} campaigns shown) + monthly view ({len(monthly.rows)} rows):"
    )
    print(f"  cold (new engine)        wall {cold * 1e3:7.1f} ms   cpu {cold_cpu * 1e3:7.1f} ms")
    print(
        f"  warm (median of 5)       wall {warm * 1e3:7.1f} ms   cpu {warm_cpu * 1e3:7.1f} ms   target < 1000 ms"
    )
    others = {
        "listing: analysed e-mail, search 'catalogo', by profit": lambda: reg.portfolio(
            PortfolioFilter(stage="analysed", channel="email", search="catalogo"), sort="expected_profit"),
        "listing: page 160, sorted by name": lambda: reg.portfolio(sort="name", page=160, page_size=50),
        "weekly view": lambda: reg.portfolio_periods("week"),
        "daily view": lambda: reg.portfolio_periods("day"),
        "tier results (DerSimonian-Laird per tier)": reg.tier_results,
        "past campaigns of sms / retain": lambda: reg.past_campaigns("sms", "retain"),
        "portfolio_campaigns + portfolio_impact (Paule-Mandel)": lambda: portfolio_impact(reg.portfolio_campaigns()),
    }  # fmt: skip
    for name, call in others.items():
        wall, cpu = _median(call, 3)
        print(f"  {name:<56} wall {wall * 1e3:7.1f} ms   cpu {cpu * 1e3:7.1f} ms")
    impact = portfolio_impact(reg.portfolio_campaigns())
    print(f"portfolio: {impact.n_campaigns:,} evaluated; winners {impact.n_winners:,}, surviving shrinkage "
          f"{impact.n_survivors:,} ({impact.survival_share:.0%}); winners' total raw "
          f"{impact.winners_raw_total / 1e9:,.1f} bn, shrunk {impact.winners_shrunk_total / 1e9:,.1f} bn CLP")  # fmt: skip


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))

"""Monitor a running direct-mail pilot every day without inflating false wins.

The catalogue pilot of ``examples/data/piloto_en_curso_cl.csv`` mails 400 customers a day (half held out
as control). Before it started, marketing sized it for a 4 % response and a +25 % lift (5 %), 80 %
power, and chose to look at it every day. Three weeks in, is it conclusive yet?

1. Plan: the fixed-horizon size, inflated for daily looks with O'Brien-Fleming bounds.
2. Monitor: each day's cumulative data against the bounds (one grouped query over the file).
3. The same days with an always-valid confidence sequence, for teams that look without a plan.
4. What the naive daily fixed test would have said.

Run: ``.venv/bin/python examples/monitor_a_pilot.py``
"""

from __future__ import annotations

from pathlib import Path

from experiments import (
    Proportion,
    SequentialPlan,
    monitor_pilot,
    plan_sequential,
    sample_size_two_proportions,
)

FILE = Path(__file__).resolve().parent / "data" / "piloto_en_curso_cl.csv"

fixed = sample_size_two_proportions(0.04, rel_effect_size=0.25, daily_volume=400)
design = plan_sequential(fixed, looks="daily")
print(f"Fixed horizon: {fixed.n_total:,} customers, {fixed.duration_days} days.")
print(
    f"Daily looks (O'Brien-Fleming): at most {design.n_total:,} customers ({design.duration_days} days, "
    f"inflation {design.inflation_factor:.3f}); if the lift is real, {design.expected_n_total:,.0f} on "
    f"average ({design.expected_days:.1f} days)."
)

readout = monitor_pilot(FILE, [Proportion("respondio")], date="fecha_envio", group="grupo", plan=design.plan)
metric = readout.metrics["respondio"]
assert metric.test is not None
print(f"\n{'day':>10} {'control':>8} {'pilot':>8} {'z':>6} {'bound':>6}  decision")
for day, look in zip(metric.days, metric.test.looks, strict=True):
    print(
        f"{day:%d/%m/%Y} {look.n_control:>8,} {look.n_treatment:>8,} {look.statistic:>6.2f} "
        f"{look.bound:>6.2f}  {look.decision}"
    )
last = metric.test.looks[-1]
print(
    f"Day {len(metric.days)} of {design.duration_days}: {metric.decision}; lift "
    f"{last.effect_size:+.2%} (repeated 95 % interval {last.effect_size_ci_lower:+.2%} to "
    f"{last.effect_size_ci_upper:+.2%})."
)

always_valid = SequentialPlan(
    kind="confidence-sequence", planned_n_control=design.n_control, planned_n_treatment=design.n_treatment
)
cs = monitor_pilot(FILE, [Proportion("respondio")], date="fecha_envio", group="grupo", plan=always_valid)
seq = cs.metrics["respondio"].sequence[-1]
print(
    f"Confidence sequence today: {seq.effect_size_ci_lower:+.2%} to {seq.effect_size_ci_upper:+.2%}, "
    f"always-valid p = {seq.pvalue:.3f}."
)

first = next(
    (day for day, look in zip(metric.days, metric.test.looks, strict=True) if look.nominal_pvalue < 0.05),
    None,
)
print(
    f"The naive daily 5 % test would first have declared a win on: {first:%d/%m/%Y}."
    if first
    else "The naive daily 5 % test has not declared a win yet."
)

"""The full seeded study of daily monitoring: 10,000 A/A pilots and 10,000 pilots with the planned lift.

Prints the false-win rates (group-sequential, confidence sequence, the naive daily fixed test) and the
power, each with its Monte Carlo standard error. ``tests/experiments/validation`` runs the same study
with fewer pilots.

Run: ``.venv/bin/python benchmarks/sequential_simulation.py [n_pilots] [seed]``
"""

from __future__ import annotations

import sys
import time

from experiments.validation.sequential_study import run_sequential_study


def main(n_pilots: int = 10_000, seed: int = 20251203) -> None:
    start = time.perf_counter()
    r = run_sequential_study(seed, n_pilots)
    took = time.perf_counter() - start
    print(f"{n_pilots:,} pilots per scenario, {r.days} daily looks, seed {seed} ({took:.0f} s)")
    print(
        f"pilot: {r.n_per_arm_per_day} customers per arm a day, {r.baseline_rate:.0%} response, "
        f"planned lift {r.rel_effect_size:+.0%}"
    )
    for name, rate, se in [
        (
            "false wins, group-sequential (O'Brien-Fleming)",
            r.group_sequential_rate,
            r.group_sequential_rate_se,
        ),
        ("false wins, confidence sequence", r.confidence_sequence_rate, r.confidence_sequence_rate_se),
        ("false wins, naive daily fixed test", r.naive_rate, r.naive_rate_se),
        ("power at the planned lift (group-sequential)", r.power, r.power_se),
    ]:
        print(f"  {name:<48} {rate:7.2%} ± {se:.2%}")
    print(f"  {'design power':<48} {r.design_power:7.2%}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))

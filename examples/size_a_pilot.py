"""Size a direct-mail pilot three ways before spending a peso.

The catalogue letter is answered by 2 % of customers without it (the control's response). Marketing
wants to know whether the letter lifts response to 2.5 %: half a percentage point, +25 %.

1. The classic normal (z test) sizing with an even split – R's ``power.prop.test``.
2. The arcsine (Cohen's h) sizing of the same question – R's ``pwr.2p2n.test``.
3. The real plan: a relative lift of +25 %, 90 % of the pilot mailed and 10 % held out, an eligible base
   of 250,000 customers and a print shop that mails 8,000 letters a day. Then the same plan with two
   letters (stimuli) on a smaller base of 60,000, which does not fit.

Run: ``.venv/bin/python examples/size_a_pilot.py``
"""

from __future__ import annotations

from experiments import power_curve, sample_size_two_proportions

BASELINE = 0.02
LIFT_POINTS = 0.005


def describe(title: str, res) -> None:
    print(f"\n{title}")
    print(
        f"  control {res.n_control:>9,}   per letter {res.n_treatment:>9,}   total {res.n_total:>9,}"
        f"   power reached {res.power:.1%}"
    )
    if res.feasible:
        print(
            f"  base {res.population:,}: the pilot fits, uses {res.share_of_population:.1%} of it and "
            f"leaves {res.remaining_for_rollout:,} customers for the roll-out"
        )
    elif res.feasible is False:
        print(
            f"  base {res.population:,}: the pilot does NOT fit, it is {-res.remaining_for_rollout:,} "
            "customers short"
        )
    if res.mde_with_population is not None:
        print(
            f"  with the whole base the smallest detectable lift is {res.mde_with_population * 100:.2f} pp "
            f"({res.mde_with_population / res.baseline_rate:+.0%})"
        )
    if res.duration_days is not None:
        print(f"  at {res.daily_volume:,.0f} customers a day it takes {res.duration_days} days")
    for note in res.notes:
        print(f"  note: {note}")


def main() -> None:
    print(
        f"Direct-mail pilot: baseline response {BASELINE:.1%}, lift to detect +{LIFT_POINTS * 100:.1f} pp, "
        "alpha 5 % two-sided, power 80 %"
    )
    normal = sample_size_two_proportions(BASELINE, effect_size=LIFT_POINTS)
    describe("1. Normal approximation, 50/50 split", normal)
    describe(
        "2. Arcsine (Cohen's h), 50/50 split",
        sample_size_two_proportions(BASELINE, effect_size=LIFT_POINTS, method="arcsine"),
    )
    describe(
        "3. Relative lift +25 %, 90/10 split, base 250,000, 8,000 letters a day",
        sample_size_two_proportions(
            BASELINE, rel_effect_size=0.25, ratio=9, population=250_000, daily_volume=8_000
        ),
    )
    describe(
        "   Same plan with two letters and a base of 60,000",
        sample_size_two_proportions(
            BASELINE, rel_effect_size=0.25, ratio=9, n_treatments=2, population=60_000, daily_volume=8_000
        ),
    )

    print("\nPower of the 50/50 design of (1) if the true lift is smaller or larger:")
    curve = power_curve(
        BASELINE,
        n_control=normal.n_control,
        n_treatment=normal.n_treatment,
        effect_sizes=[0.0025, 0.0035, 0.005, 0.0065],
    )
    for row in curve.itertuples():
        print(f"  {row.effect_size * 100:.2f} pp ({row.rel_effect_size:+.0%}): power {row.power:.0%}")


if __name__ == "__main__":
    main()

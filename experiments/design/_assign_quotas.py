"""How many customers of each stratum go to each arm: exact totals, proportional split.

The split of every arm across the strata is proportional to the strata sizes, rounded so that

* every arm gets **exactly** its planned size (not just in expectation);
* every stratum is split in the same proportions up to rounding: the count of arm ``a`` in stratum
  ``s`` is the exact quota ``q = n_a · N_s / N`` rounded down or up (never further than one customer);
* no stratum gives away more customers than it has (the rest of it stays in the roll-out).

Algorithm (integer arithmetic only, so any machine gets the same numbers):

1. Arms are taken in name order, strata in label order. ``floor = (n_a · N_s) // N`` and the remainder
   ``r = (n_a · N_s) mod N`` are exact integers.
2. Arm ``a`` still needs ``n_a − Σ_s floor`` customers (fewer than the number of strata); stratum ``s``
   has room for ``N_s − Σ_a floor`` more.
3. Each arm in turn takes one extra customer from that many strata, preferring (i) strata with room
   left for one more customer of every arm still to come (room capped at that number of arms),
   (ii) the largest remainder (Hamilton's largest-remainder method), (iii) the first label.

When there is room everywhere (the usual case: the roll-out keeps most of the list) step 3 is plain
largest-remainder rounding per arm. Key (i) is Ryser's greedy construction of a 0/1 matrix with given
margins, so a valid split always exists and is always found (the exact quotas are a fractional
solution of the same margins, and that transportation polytope has integer vertices).
"""

from __future__ import annotations

from collections.abc import Mapping

from planner_common import InputError


def _check_strata(stratum_sizes: Mapping[str, int]) -> None:
    if not stratum_sizes or sum(stratum_sizes.values()) == 0:
        raise InputError(
            "no_eligible_customers",
            "the list has no eligible customers to assign; check the ID column and the eligibility filter.",
            field="table",
            value=0,
        )


def _check_sizes(arm_sizes: Mapping[str, int], total: int) -> None:
    wanted = sum(arm_sizes.values())
    if wanted > total:
        raise InputError(
            "sizes_exceed_base",
            f"the arms need {wanted} customers but only {total} are eligible; lower the sizes "
            "or widen the eligible base.",
            field="arms",
            value=wanted,
            available=total,
        )


def _check_splittable(arm_sizes: Mapping[str, int], stratum_sizes: Mapping[str, int], total: int) -> None:
    for label, size in stratum_sizes.items():
        for arm, n in arm_sizes.items():
            if n * size < total:  # exact quota below one customer
                raise InputError(
                    "stratum_too_small",
                    f"stratum {label!r} has {size} eligible customers: too few to give arm "
                    f"{arm!r} even one ({n * size / total:.2f} by proportion); merge it with "
                    "another stratum or stratify by fewer columns.",
                    field="strata",
                    value=label,
                    size=size,
                    arm=arm,
                    quota=n * size / total,
                )


def allocate(arm_sizes: Mapping[str, int], stratum_sizes: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """Customers of each arm in each stratum: proportional, exact totals, each within one of its quota.

    Args:
        arm_sizes: Exact size per arm, e.g. ``{"pilot": 20_000, "control": 5_000}``.
        stratum_sizes: Eligible customers per stratum label.

    Returns:
        ``{stratum: {arm: count}}`` with strata and arms in sorted order; the roll-out is the rest.

    Raises:
        InputError: ``no_eligible_customers``, ``sizes_exceed_base`` or ``stratum_too_small`` (an arm's
            exact quota in a stratum is below one customer).

    Examples:
        A pilot of 20 and a control of 10 from strata of 50, 30 and 20 customers (quotas 10/6/4 and
        5/3/2 are whole, so they are kept):

        >>> allocate({"pilot": 20, "control": 10}, {"alto": 20, "bajo": 50, "medio": 30})
        {'alto': {'control': 2, 'pilot': 4}, 'bajo': {'control': 5, 'pilot': 10}, 'medio': {'control': 3, 'pilot': 6}}

    References:
        Balinski & Young (2001), *Fair Representation*, Hamilton's method; Ryser (1957), "Combinatorial
        properties of matrices of zeros and ones", Canadian Journal of Mathematics 9.
    """
    _check_strata(stratum_sizes)
    total = sum(stratum_sizes.values())
    _check_sizes(arm_sizes, total)
    _check_splittable(arm_sizes, stratum_sizes, total)
    arms, strata = sorted(arm_sizes), sorted(stratum_sizes)
    counts = {s: {a: arm_sizes[a] * stratum_sizes[s] // total for a in arms} for s in strata}
    room = {s: stratum_sizes[s] - sum(counts[s].values()) for s in strata}
    for position, arm in enumerate(arms):
        arms_left = len(arms) - position
        missing = arm_sizes[arm] - sum(counts[s][arm] for s in strata)

        def priority(s: str, arm: str = arm, arms_left: int = arms_left) -> tuple[int, int, str]:
            return (-min(room[s], arms_left), -(arm_sizes[arm] * stratum_sizes[s] % total), s)

        for s in sorted(strata, key=priority)[:missing]:
            counts[s][arm] += 1
            room[s] -= 1
    return counts

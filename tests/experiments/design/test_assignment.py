"""Stratified assignment: portable hash, exact sizes, golden file, bad lists.

Oracles (per test): coreutils ``sha256sum`` outputs pasted with the command; the documented draw rule
re-derived independently in the test (sort by the published hash, cut by quotas); closed-form
proportional quotas; an independent Hamilton (largest-remainder) implementation; properties
(hypothesis); seeded simulation over 2 000 salts; a golden file (regression pin, labelled as such).
"""

from __future__ import annotations

import hashlib
import random
from fractions import Fraction
from pathlib import Path

import ibis
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from experiments import assign, assign_customers, assignment_hash, prepare_customer_list
from experiments.design._assign_quotas import allocate
from experiments.design.assignment import _drawn, _window, hash_key
from planner_common import InputError

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden_assignment.csv"
GOLDEN_SALT = "golden-2025"
GOLDEN_ARMS = {"pilot": 200, "control": 100, "holdout": 50}


def _customers(n: int, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    tiers = ("alto", "medio", "bajo", "estratégico")
    return pd.DataFrame(
        {
            "id_cliente": [f"{i:08d}" for i in rng.sample(range(10**8), n)],
            "tier": [tiers[min(3, int(rng.random() * 4.2))] for _ in range(n)],
            "region": [rng.choice(("RM", "Valparaíso", "Biobío")) for _ in range(n)],
        }
    )


def _counts(table) -> dict[tuple[str, str], int]:
    rows = table.group_by(["stratum", "arm"]).aggregate(n=ibis._.count()).to_pyarrow().to_pylist()
    return {(r["stratum"], r["arm"]): r["n"] for r in rows}


# --- the hash --------------------------------------------------------------------------------------


def test_hash_matches_coreutils_sha256sum() -> None:
    # printf 'primavera-2025:000123' | sha256sum -> 7583df2958b42e6421be45feffc9c33c2c...
    # printf 'campaña:00042' | sha256sum         -> 72f01d2debabb99297d385d68c7c6ebe67...
    assert assignment_hash("000123", "primavera-2025") == 0x7583DF2958B42E64
    assert assignment_hash("00042", "campaña") == 0x72F01D2DEBABB992


def test_engine_hash_equals_python_reference_on_many_ids() -> None:
    """Portability: DuckDB's SHA-256 through Ibis == hashlib, for text, accents, spaces and integers."""
    rng = random.Random(7)
    alphabet = "0123456789abcXYZñÑáé -_/😀"
    texts = [f"{rng.randrange(10**9):09d}" for _ in range(2_000)]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(1_000)]
    frame = pd.DataFrame({"id": texts})
    table = ibis.memtable(frame)
    got = table.select(k=hash_key(table.id, "s@lt:2025")).to_pandas()["k"]
    assert list(got) == [f"{assignment_hash(t, 's@lt:2025'):016x}" for t in texts]
    numbers = pd.DataFrame({"id": [rng.randrange(-(10**12), 10**12) for _ in range(500)]})
    table = ibis.memtable(numbers)
    got = table.select(k=hash_key(table.id.cast("string"), "x")).to_pandas()["k"]
    assert list(got) == [f"{assignment_hash(int(i), 'x'):016x}" for i in numbers["id"]]


@given(st.lists(st.integers(0, 2**64 - 1), min_size=2, max_size=50))
def test_hex_text_orders_like_the_integer(values: list[int]) -> None:
    """Property: comparing the 16 lowercase hex digits as text orders exactly like the 64-bit numbers."""
    assert sorted(values) == [int(h, 16) for h in sorted(f"{v:016x}" for v in values)]


# --- golden file (regression pin) and the documented rule ------------------------------------------


def _golden() -> pd.DataFrame:
    return pd.read_csv(GOLDEN, dtype=str)


@pytest.mark.parametrize("strategy", ["window", "candidates"])
def test_golden_file_assignment_never_changes(strategy: str) -> None:
    """Regression pin: 1 000 fixed IDs + salt → arms, committed in golden_assignment.csv."""
    golden = _golden()
    result = assign_customers(
        golden[["id_cliente", "segmento_valor"]],
        id_column="id_cliente",
        arms=GOLDEN_ARMS,
        salt=GOLDEN_SALT,
        strata=["segmento_valor"],
        strategy=strategy,
    )
    got = result.table.select("id_cliente", "arm").to_pandas().set_index("id_cliente")["arm"]
    assert (got.loc[golden["id_cliente"]].to_numpy() == golden["arm"].to_numpy()).all()


def test_golden_file_follows_the_documented_rule() -> None:
    """Oracle: the module docstring's rule re-derived here from hashlib alone.

    Within each stratum sort by the SHA-256 number (then ID), give the first quota to "control", the
    next to "holdout", then "pilot" (name order), the rest "rollout"; quotas are Hamilton's.
    """
    golden = _golden()
    digests = golden["id_cliente"].map(
        lambda i: hashlib.sha256(f"{GOLDEN_SALT}:{i}".encode()).hexdigest()[:16]
    )
    assert (digests == golden["hash16"]).all()
    quotas = {
        "alto": {"control": 20, "holdout": 10, "pilot": 40},
        "medio": {"control": 30, "holdout": 15, "pilot": 60},
        "bajo": {"control": 45, "holdout": 23, "pilot": 90},  # 22.5 / 2.5: tie, first label wins
        "estratégico": {"control": 5, "holdout": 2, "pilot": 10},
    }
    for tier, rows in golden.assign(h=digests).groupby("segmento_valor"):
        ordered = rows.sort_values(["h", "id_cliente"])["arm"].tolist()
        cuts = quotas[tier]
        expected = ["control"] * cuts["control"] + ["holdout"] * cuts["holdout"] + ["pilot"] * cuts["pilot"]
        assert ordered == expected + ["rollout"] * (len(rows) - len(expected))


# --- exact sizes and quotas -------------------------------------------------------------------------


def _hamilton(n: int, sizes: dict[str, int]) -> dict[str, int]:
    """Independent textbook Hamilton apportionment with exact fractions (ties: first label)."""
    total = sum(sizes.values())
    quota = {s: Fraction(n * v, total) for s, v in sizes.items()}
    base = {s: int(q) for s, q in quota.items()}
    order = sorted(sizes, key=lambda s: (-(quota[s] - base[s]), s))
    for s in order[: n - sum(base.values())]:
        base[s] += 1
    return base


@given(
    st.dictionaries(st.sampled_from("abcdefghij"), st.integers(1, 400), min_size=1, max_size=10),
    st.lists(st.integers(1, 10**6), min_size=1, max_size=4),
    st.floats(0.0, 1.0),
)
def test_allocation_is_exact_and_within_one_of_the_quota(
    sizes: dict[str, int], weights: list[int], used: float
) -> None:
    """Property: exact totals; every cell is the proportional quota rounded down or up; no overdraw."""
    total = sum(sizes.values())
    budget = int(total * used)
    arms = {f"arm{i}": max(1, budget * w // sum(weights)) for i, w in enumerate(weights)}
    if sum(arms.values()) > total or any(n * s < total for n in arms.values() for s in sizes.values()):
        with pytest.raises(InputError):
            allocate(arms, sizes)
        return
    got = allocate(arms, sizes)
    for arm, n in arms.items():
        assert sum(got[s][arm] for s in sizes) == n
        for s, v in sizes.items():
            quota = Fraction(n * v, total)
            assert quota - 1 < got[s][arm] < quota + 1
    for s, v in sizes.items():
        assert sum(got[s].values()) <= v


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.integers(200, 5_000), min_size=1, max_size=8),
    st.integers(50, 2_000),
    st.integers(50, 2_000),
)
def test_allocation_is_hamilton_when_the_rollout_keeps_room(
    sizes: dict[str, int], pilot: int, control: int
) -> None:
    """Oracle: an independent Hamilton implementation (each arm on its own) when the roll-out is large."""
    total = sum(sizes.values())
    if 2 * (pilot + control) > total or min(pilot, control) * min(sizes.values()) < total:
        return  # not the case under test (or a quota below one customer, tested elsewhere)
    arms = {"pilot": pilot, "control": control}
    got = allocate(arms, sizes)
    for arm, n in arms.items():
        assert {s: got[s][arm] for s in sizes} == _hamilton(n, sizes)


def test_allocation_when_the_arms_take_the_whole_list() -> None:
    """Three arms share the whole list: per-arm rounding alone would overdraw; totals stay exact."""
    sizes = {"a": 5, "b": 5, "c": 5}
    got = allocate({"x": 5, "y": 5, "z": 5}, sizes)
    assert all(sum(row.values()) == 5 for row in got.values())
    assert all(sum(got[s][arm] for s in sizes) == 5 for arm in "xyz")


@pytest.mark.slow
def test_every_stratum_split_exactly_over_2000_salts() -> None:
    """Seeded simulation: 2 000 salts × 4 strata, the pilot's share in every stratum is exactly the plan.

    One call assigns 2 000 replicas of a 200-customer list at once: customer ``i`` of replica ``r`` has
    ID ``"r:i"``, so its hash input ``"S:r:i"`` is exactly that of ID ``i`` under salt ``"S:r"`` (checked
    below for three replicas against separate calls). Plan per replica: pilot 20 and control 20 of
    strata 40/60/90/10 → 4/6/9/1 each, i.e. 10 % of every stratum.
    """
    sizes = {"alto": 40, "medio": 60, "bajo": 90, "estratégico": 10}
    tiers = [t for t, n in sizes.items() for _ in range(n)]
    reps = 2_000
    frame = pd.DataFrame(
        {
            "rep": [str(r) for r in range(reps) for _ in tiers],
            "tier": tiers * reps,
            "id": [f"{r}:{i:03d}" for r in range(reps) for i in range(len(tiers))],
        }
    )
    out = assign(
        frame,
        id_column="id",
        arms={"pilot": 20 * reps, "control": 20 * reps},
        salt="S",
        strata=["rep", "tier"],
    )
    counts = out.group_by(["rep", "tier", "arm"]).aggregate(n=ibis._.count()).to_pandas()
    wide = counts.pivot_table(index=["rep", "tier"], columns="arm", values="n", fill_value=0)
    expected = wide.index.get_level_values("tier").map(lambda t: sizes[t] // 10)
    assert len(wide) == reps * 4
    assert (wide["pilot"].to_numpy() == expected).all() and (wide["control"].to_numpy() == expected).all()
    for rep in ("0", "977", "1999"):  # the replicas really are different salts
        one = frame[frame["rep"] == rep].assign(id=lambda d: d["id"].str.split(":").str[1])
        alone = assign(
            one, id_column="id", arms={"pilot": 20, "control": 20}, salt=f"S:{rep}", strata=["tier"]
        )
        left = alone.to_pandas().set_index("id")["arm"].sort_index()
        right = out.filter(out.rep == rep).to_pandas().assign(id=lambda d: d["id"].str.split(":").str[1])
        assert left.equals(right.set_index("id")["arm"].sort_index())


def test_strategies_agree_and_the_candidate_search_widens_when_short() -> None:
    """Round trip: ranking everyone and ranking only candidates give the same arms, even when the
    candidate limit starts deliberately too narrow (8 standard deviations short) and must be widened."""
    frame = _customers(3_000, seed=3)
    arms = {"pilot": 150, "control": 60}
    result = assign_customers(frame, id_column="id_cliente", arms=arms, salt="w", strata=["tier", "region"])
    alloc = allocate(arms, dict(result.customers.stratum_sizes))
    window = _window(result.customers, "w", alloc, sorted(arms)).to_pandas().set_index("id_cliente")["arm"]
    drawn = _drawn(result.customers, "w", alloc, sorted(arms), scale=-1.0).to_pandas()
    picked = window[window != "rollout"]
    assert drawn.set_index("id_cliente")["arm"].sort_index().equals(picked.sort_index())
    assert result.strategy == "candidates"
    got = result.table.to_pandas().set_index("id_cliente")["arm"].sort_index()
    assert got.equals(window.sort_index())


def test_same_plan_same_arms_whatever_the_row_order_and_id_type() -> None:
    """Property: row order does not matter; integer IDs hash as their decimal text."""
    frame = _customers(1_500, seed=4)
    arms = {"pilot": 100, "control": 100}
    first = assign(frame, id_column="id_cliente", arms=arms, salt="a", strata=["tier"]).to_pandas()
    shuffled = frame.sample(frac=1.0, random_state=1)
    second = assign(shuffled, id_column="id_cliente", arms=arms, salt="a", strata=["tier"]).to_pandas()
    key = ["id_cliente"]
    assert (
        first.sort_values(key).reset_index(drop=True).equals(second.sort_values(key).reset_index(drop=True))
    )
    numeric = frame.assign(
        id_cliente=frame["id_cliente"].astype("int64"), text=frame["id_cliente"].str.lstrip("0")
    )
    as_int = assign(numeric, id_column="id_cliente", arms=arms, salt="a").to_pandas()
    as_text = assign(numeric.assign(id_cliente=numeric["text"]), id_column="id_cliente", arms=arms, salt="a")
    assert (
        as_int.set_index("text")["arm"].sort_index()
        == as_text.to_pandas().set_index("text")["arm"].sort_index()
    ).all()
    other_salt = assign(frame, id_column="id_cliente", arms=arms, salt="b", strata=["tier"]).to_pandas()
    assert not first.set_index("id_cliente")["arm"].equals(other_salt.set_index("id_cliente")["arm"])


def test_output_columns_and_more_arms() -> None:
    frame = _customers(2_000, seed=5)
    arms = {"pilot_a": 300, "pilot_b": 300, "control": 200, "holdout": 100}
    out = assign(frame, id_column="id_cliente", arms=arms, salt="x", strata=["tier"])
    assert out.columns == ("id_cliente", "tier", "region", "stratum", "arm")
    sizes = out.group_by("arm").aggregate(n=ibis._.count()).to_pandas().set_index("arm")["n"].to_dict()
    assert sizes == {**arms, "rollout": 1_100}


# --- eligibility, blanks, duplicates ---------------------------------------------------------------


def test_eligibility_and_cleaning_counts() -> None:
    frame = _customers(1_000, seed=6).assign(opt_in=lambda d: [i % 4 != 0 for i in range(len(d))])
    frame.loc[[1, 2, 3], "id_cliente"] = ["", None, "   "]
    frame.loc[[10, 11], "id_cliente"] = frame.loc[20, "id_cliente"]  # two extra copies of one ID
    with pytest.raises(InputError) as blank:
        prepare_customer_list(frame, id_column="id_cliente")
    assert blank.value.code == "blank_ids" and blank.value.params["count"] == 3
    with pytest.raises(InputError) as dup:
        prepare_customer_list(frame, id_column="id_cliente", drop_blank_ids=True)
    assert dup.value.code == "duplicate_customer_ids" and dup.value.params["count"] == 2
    r = prepare_customer_list(
        frame,
        id_column="id_cliente",
        strata=["tier"],
        eligible={"opt_in": True},
        drop_blank_ids=True,
        drop_duplicates=True,
    )
    eligible = frame[frame["opt_in"] & frame["id_cliente"].fillna("").str.strip().ne("")]
    assert (r.n_rows, r.n_blank_ids) == (1_000, 3)
    assert r.n_ineligible == 1_000 - 3 - len(eligible)
    assert r.n_duplicate_rows == len(eligible) - eligible["id_cliente"].nunique()
    assert r.n_eligible == eligible["id_cliente"].nunique() == sum(n for _, n in r.stratum_sizes)
    same = prepare_customer_list(
        frame, id_column="id_cliente", eligible=ibis._.opt_in, drop_blank_ids=True, drop_duplicates=True
    )
    assert same.n_eligible == r.n_eligible
    out = assign(
        frame,
        id_column="id_cliente",
        arms={"pilot": 100, "control": 50},
        salt="e",
        eligible={"opt_in": True},
        drop_blank_ids=True,
        drop_duplicates=True,
    ).to_pandas()
    assert out["id_cliente"].is_unique and out["opt_in"].all()
    assert out["arm"].value_counts().to_dict() == {"rollout": r.n_eligible - 150, "pilot": 100, "control": 50}


def test_ids_that_only_look_blank_or_mangled_are_kept() -> None:
    """The list's one scan counts cheap supersets (IDs below ``"!"``, IDs with ``"+"``) and recounts
    exactly only when one fires; oracle: pandas' own strip and regular expression on the same IDs."""
    frame = _customers(300, seed=9)
    frame.loc[[0, 1], "id_cliente"] = [" 00123", "\t77"]  # a leading space or tab is not a blank ID
    frame.loc[[2, 3], "id_cliente"] = ["+56 9 1234", "A+B"]  # a "+" is not scientific notation
    frame.loc[4, "id_cliente"] = "  "
    frame["ok"] = [i % 3 != 0 for i in range(len(frame))]
    r = prepare_customer_list(frame, id_column="id_cliente", eligible={"ok": True}, drop_blank_ids=True)
    ids = frame["id_cliente"].fillna("")
    blank = ids.str.strip().eq("")
    assert not ids.str.strip().str.fullmatch(r"[0-9]([.,][0-9]+)?[eE]\+[0-9]+").any()
    assert (r.n_rows, r.n_blank_ids) == (len(frame), int(blank.sum()))
    assert r.n_eligible == int((~blank & frame["ok"]).sum())
    assert r.n_ineligible == int((~blank & ~frame["ok"]).sum())


# --- bad lists and bad plans -----------------------------------------------------------------------


def _code(**kwargs) -> str:
    with pytest.raises(InputError) as info:
        assign(**kwargs)
    return info.value.code


def test_bad_lists_each_give_their_message() -> None:
    good = _customers(500, seed=8)
    plan = {"arms": {"pilot": 50, "control": 50}, "salt": "s"}
    assert _code(table=good, id_column="rut", **plan) == "id_column_missing"
    assert _code(table=good, id_column="id_cliente", strata=["zona"], **plan) == "column_not_in_list"
    mangled = good.assign(id_cliente=["1.23457E+11"] * 3 + list(good["id_cliente"][3:]))
    assert _code(table=mangled, id_column="id_cliente", **plan) == "ids_scientific_notation"
    as_float = good.assign(id_cliente=good["id_cliente"].astype(float) * 1e3)
    assert _code(table=as_float, id_column="id_cliente", **plan) == "ids_scientific_notation"
    assert _code(table=good.assign(arm="x"), id_column="id_cliente", **plan) == "reserved_column"
    assert (
        _code(table=good, id_column="id_cliente", arms={"pilot": 400, "control": 200}, salt="s")
        == "sizes_exceed_base"
    )
    tiny = good.assign(tier=["raro"] + list(good["tier"][1:]))
    assert _code(table=tiny, id_column="id_cliente", strata=["tier"], **plan) == "stratum_too_small"
    assert _code(table=good, id_column="id_cliente", arms={"pilot": 5}, salt=" ") == "empty_salt"
    assert _code(table=good, id_column="id_cliente", arms={"rollout": 5}, salt="s") == "bad_arm_name"
    assert _code(table=good, id_column="id_cliente", arms={}, salt="s") == "no_arms"
    assert _code(table=good, id_column="id_cliente", arms={"pilot": 0}, salt="s") == "too_small"
    nobody = good.assign(ok=False)
    assert (
        _code(table=nobody, id_column="id_cliente", eligible={"ok": True}, **plan) == "no_eligible_customers"
    )


def test_excel_mangled_ids_in_a_spanish_csv_file(tmp_path: Path) -> None:
    """End to end through the CSV reader: a ``;`` file whose IDs Excel wrote as 1,23457E+11."""
    path = tmp_path / "lista.csv"
    lines = ["id_cliente;segmento"] + [
        f"{1.23457 + i / 1e5:.5f}E+11".replace(".", ",") + ";alto" for i in range(50)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        assign(path, id_column="id_cliente", arms={"pilot": 5}, salt="s")
    assert info.value.code == "ids_scientific_notation"

"""``monitor_pilot``: daily cumulative looks from a customer-level file, the plan applied.

Oracles: pandas (the cumulative per-day counts, means and standard deviations computed independently
with ``groupby`` + ``cumsum``, then passed to the tested-elsewhere :func:`group_sequential_test` /
:func:`confidence_sequence`); the bundled Spanish example file; coded errors for bad data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from experiments import (
    ArmCounts,
    ArmMoments,
    Mean,
    Proportion,
    RatioOfMeans,
    SequentialPlan,
    confidence_sequence,
    group_sequential_test,
    monitor_pilot,
)
from planner_common import InputError

GS = SequentialPlan(kind="group-sequential", planned_n_control=3_000, planned_n_treatment=3_000)
CS = SequentialPlan(kind="confidence-sequence", planned_n_control=3_000, planned_n_treatment=3_000)


def _pilot(seed: int = 7, days: int = 10, per_day: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = days * per_day * 2
    arm = rng.permutation(np.repeat(["Control ", "piloto"], n // 2))
    treated = arm == "piloto"
    return pd.DataFrame(
        {
            "fecha": pd.Timestamp("2025-05-05") + pd.to_timedelta(rng.integers(0, days, n), unit="D"),
            "grupo": arm,
            "respondio": (rng.random(n) < np.where(treated, 0.05, 0.03)).astype(int),
            "ingreso": rng.gamma(2.0, 10_000.0, n) * (1 + 0.05 * treated),
        }
    )


def _pandas_looks(df: pd.DataFrame, column: str, binary: bool) -> list[tuple[object, object, object]]:
    df = df.assign(arm=df.grupo.str.strip().str.lower(), day=df.fecha.dt.date).sort_values("day")
    looks = []
    for day in sorted(df.day.unique()):
        upto = df[df.day <= day]
        pair = []
        for arm in ("control", "piloto"):
            x = upto.loc[upto.arm == arm, column]
            pair.append(
                ArmCounts(int(x.sum()), len(x)) if binary else ArmMoments(len(x), x.mean(), x.std(ddof=1))
            )
        looks.append((day, *pair))
    return looks


def test_group_sequential_plan_uses_each_days_cumulative_data() -> None:
    """pandas cumulative counts per day → group_sequential_test gives the same looks."""
    df = _pilot()
    r = monitor_pilot(df, [Proportion("respondio")], date="fecha", group="grupo", control="control", plan=GS)
    m = r.metrics["respondio"]
    looks = _pandas_looks(df, "respondio", binary=True)
    expected = group_sequential_test(
        [(c, t) for _, c, t in looks], planned_n_control=3_000, planned_n_treatment=3_000
    )
    assert m.test is not None
    assert [x.statistic for x in m.test.looks] == pytest.approx(
        [x.statistic for x in expected.looks], rel=1e-12
    )
    assert [x.bound for x in m.test.looks] == pytest.approx([x.bound for x in expected.looks], rel=1e-12)
    assert m.days == tuple(day for day, _, _ in looks[: len(m.test.looks)])
    assert (r.control, r.treatment) == ("Control", "piloto")
    assert r.cumulative[-1][1:] == (looks[-1][1].trials, looks[-1][2].trials)


def test_confidence_sequence_plan_on_a_mean_matches_pandas_moments() -> None:
    """pandas cumulative mean and std (ddof = 1) per day → confidence_sequence, every day."""
    df = _pilot(seed=11)
    r = monitor_pilot(df, {"revenue": Mean("ingreso")}, date="fecha", group="grupo", plan=CS)
    m = r.metrics["revenue"]
    looks = _pandas_looks(df, "ingreso", binary=False)
    assert len(m.sequence) == len(looks) and m.test is None
    for result, (_, c, t) in zip(m.sequence, looks, strict=True):
        expected = confidence_sequence(c, t, tuning_n=6_000)
        assert result.effect_size == pytest.approx(expected.effect_size, rel=1e-9)
        assert result.effect_size_ci_lower == pytest.approx(expected.effect_size_ci_lower, rel=1e-9)


def test_planned_looks_fall_on_the_first_day_past_each_share_of_the_plan() -> None:
    df = _pilot(days=10, per_day=300)
    plan = SequentialPlan(
        kind="group-sequential", planned_n_control=3_000, planned_n_treatment=3_000, looks=2
    )
    m = monitor_pilot(df, [Proportion("respondio")], date="fecha", group="grupo", plan=plan).metrics[
        "respondio"
    ]
    assert m.test is not None
    fractions = [x.information_fraction for x in m.test.looks]
    assert fractions[0] >= 0.5 and (len(fractions) == 1 or fractions[1] >= 1.0)


def test_text_dates_in_iso_and_day_first_form() -> None:
    df = _pilot(days=3, per_day=200)
    as_text = df.assign(
        fecha=[d.strftime("%d/%m/%Y" if i % 2 else "%Y-%m-%d") for i, d in enumerate(df.fecha)]
    )
    a = monitor_pilot(df, [Proportion("respondio")], date="fecha", group="grupo", plan=CS)
    b = monitor_pilot(as_text, [Proportion("respondio")], date="fecha", group="grupo", plan=CS.to_dict())
    assert a.cumulative == b.cumulative


def test_the_bundled_running_pilot_reads() -> None:
    """The example file (Spanish CSV: ';', decimal comma, day-first dates) gives 21 days of looks."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "examples" / "data" / "piloto_en_curso_cl.csv"
    plan = SequentialPlan(kind="group-sequential", planned_n_control=6_000, planned_n_treatment=6_000)
    r = monitor_pilot(
        path, [Proportion("respondio"), Mean("monto_compra")], date="fecha_envio", group="grupo", plan=plan
    )
    assert len(r.cumulative) == 21 and r.n_rows == sum(r.cumulative[-1][1:])
    assert r.metrics["respondio"].decision in ("benefit", "continue")


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        (
            lambda df: df.assign(fecha=df.fecha.astype(object).where(df.index != 5, None)),
            "missing_values",
            "fecha",
        ),
        (
            lambda df: df.assign(fecha=df.fecha.dt.strftime("%Y-%m-%d").where(df.index != 7, "ayer")),
            "not_a_date",
            "fecha",
        ),
        (lambda df: df.assign(fecha=1.5), "not_a_date", "fecha"),
        (lambda df: df.assign(grupo=df.grupo.replace("Control ", "testigo")), "control_not_found", "grupo"),
        (lambda df: df.assign(respondio=df.respondio.where(df.index != 3, 7)), "not_binary", "respondio"),
        (lambda df: df.drop(columns="fecha"), "column_not_found", "fecha"),
        (
            lambda df: df.assign(grupo=np.where(df.index % 3 == 0, "otro", df.grupo)),
            "choose_treatment",
            "grupo",
        ),
    ],
)
def test_bad_data_gives_a_coded_error(change: object, code: str, field: str) -> None:
    df = change(_pilot(days=3, per_day=50))  # type: ignore[operator]
    with pytest.raises(InputError) as err:
        monitor_pilot(df, [Proportion("respondio")], date="fecha", group="grupo", plan=GS)
    assert err.value.code == code and err.value.params["field"] == field


def test_ratio_metrics_are_refused() -> None:
    with pytest.raises(InputError) as err:
        monitor_pilot(
            _pilot(days=2), [RatioOfMeans("ingreso", "respondio")], date="fecha", group="grupo", plan=GS
        )
    assert err.value.code == "ratio_not_monitored"


def test_no_look_before_both_arms_have_customers() -> None:
    df = _pilot(days=3, per_day=50)
    first = df.fecha.min()
    df.loc[(df.fecha == first) & (df.grupo == "piloto"), "fecha"] = first + pd.Timedelta(days=1)
    r = monitor_pilot(df, [Proportion("respondio")], date="fecha", group="grupo", plan=GS)
    assert r.cumulative[0][0] > first.date() and not math.isnan(
        r.metrics["respondio"].test.looks[0].statistic
    )  # type: ignore[union-attr]

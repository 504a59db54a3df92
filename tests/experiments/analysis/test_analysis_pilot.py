"""analyze_pilot end to end, checked against independent libraries run on the raw rows.

Oracles: statsmodels ``proportions_ztest`` / ``confint_proportions_2indep`` (response), scipy Welch
``ttest_ind`` (revenue), statsmodels ``OLS`` (CUPED), a numpy delta method (revenue per converter),
statsmodels ``multipletests`` (Holm, BH), ``combine_effects`` (Cochran's Q) and scipy ``chisquare``
(SRM) – each fed with rows selected by pandas, never with the engine's own aggregates.
"""

from __future__ import annotations

import math

import ibis
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from pilot_data import arm_of, make_pilot
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from experiments import Mean, Proportion, RatioOfMeans, analyze_pilot

METRICS = {
    "respuesta": Proportion("respondio"),
    "ingreso": Mean("ingreso", covariate="ingreso_previo"),
    "ingreso_bruto": Mean("ingreso", method="t"),  # the t test on demand (default: Kohavi's rule)
    "ticket": RatioOfMeans("ingreso", "compra"),
}


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return make_pilot()


@pytest.fixture(scope="module")
def readout(df: pd.DataFrame):
    return analyze_pilot(
        df,
        METRICS,
        group="grupo",
        control="CONTROL",
        segment="segmento",
        weights={"control": 25, "piloto": 45, "b": 30},
        id_column="cliente",
    )


def rows(df: pd.DataFrame, arm: str, segment: str | None = None) -> pd.DataFrame:
    keep = arm_of(df) == arm
    return df[keep & (df["segmento"] == segment)] if segment else df[keep]


def check_against_raw(result: dict, c: pd.DataFrame, t: pd.DataFrame) -> None:
    """Every metric of one comparison against libraries run on the raw rows."""
    yc, yt = (c["respondio"] == "sí").to_numpy(), (t["respondio"] == "sí").to_numpy()
    z, p = proportions_ztest([yt.sum(), yc.sum()], [yt.size, yc.size])
    low, upp = confint_proportions_2indep(yt.sum(), yt.size, yc.sum(), yc.size, method="newcomb")
    r = result["respuesta"]
    assert (r.statistic, r.pvalue) == pytest.approx((z, p), rel=1e-9)
    assert (r.effect_size_ci_lower, r.effect_size_ci_upper) == pytest.approx((low, upp), rel=1e-9)
    assert (r.n_control, r.n_treatment) == (yc.size, yt.size)
    assert r.incremental == pytest.approx(yt.sum() - yt.size * yc.mean(), rel=1e-9)  # R_T - N_T p_C

    welch = stats.ttest_ind(t["ingreso"], c["ingreso"], equal_var=False)
    m = result["ingreso_bruto"]
    assert (m.statistic, m.pvalue) == pytest.approx((welch.statistic, welch.pvalue), rel=1e-8)
    assert (m.effect_size_ci_lower, m.effect_size_ci_upper) == pytest.approx(
        tuple(welch.confidence_interval(0.95)), rel=1e-8
    )
    assert m.incremental_ci_upper == pytest.approx(len(t) * m.effect_size_ci_upper, rel=1e-12)

    both = pd.concat([c, t])
    treat = np.r_[np.zeros(len(c)), np.ones(len(t))]
    x = both["ingreso_previo"].to_numpy()
    fit = sm.OLS(both["ingreso"].to_numpy(), sm.add_constant(np.column_stack([treat, x - x.mean()]))).fit()
    assert result["ingreso"].effect_size == pytest.approx(fit.params[1], rel=1e-8)
    assert result["ingreso"].detail.theta == pytest.approx(fit.params[2], rel=1e-8)

    ratio = result["ticket"]
    grads = []
    for arm in (c, t):
        num, den = arm["ingreso"].to_numpy(), arm["compra"].to_numpy(float)
        g = np.array([1 / den.mean(), -num.mean() / den.mean() ** 2])
        grads.append(g @ np.cov(np.vstack([num, den])) @ g / num.size)
    assert ratio.treatment == pytest.approx(t["ingreso"].sum() / t["compra"].sum(), rel=1e-10)
    assert ratio.std_error == pytest.approx(math.sqrt(sum(grads)), rel=1e-8)


def test_overall_comparisons_match_libraries_on_raw_rows(df: pd.DataFrame, readout) -> None:
    """Each treated arm vs control (labels trimmed and case-folded) on all four metrics."""
    assert readout.control == "control" and readout.treatments == ("B", "Piloto")
    for arm, label in (("b", "B"), ("piloto", "Piloto")):
        check_against_raw(readout.comparisons[label], rows(df, "control"), rows(df, arm))
    assert readout.metrics is readout.comparisons["B"]


def test_holm_across_treatment_arms(readout) -> None:
    """statsmodels multipletests(method="holm") over the two arms, per metric."""
    for name in METRICS:
        raw = [readout.comparisons[a][name].pvalue for a in readout.treatments]
        expected = multipletests(raw, method="holm")[1]
        assert [readout.comparisons[a][name].pvalue_adjusted for a in readout.treatments] == pytest.approx(
            expected
        )
    assert any(n.code == "holm_across_arms" for n in readout.notes)


def test_segments_match_libraries_and_bh(df: pd.DataFrame, readout) -> None:
    """Per segment: the same raw-row oracles; BH (statsmodels fdr_bh) across segments."""
    assert set(readout.segments) == {"Norte", "Centro", "Sur"}
    for seg, result in readout.segments.items():
        check_against_raw(result, rows(df, "control", seg), rows(df, "b", seg))
    for name in METRICS:
        segs = list(readout.segments)
        expected = multipletests([readout.segments[s][name].pvalue for s in segs], method="fdr_bh")[1]
        assert [readout.segments[s][name].pvalue_adjusted for s in segs] == pytest.approx(expected)


def test_heterogeneity_is_cochrans_q(readout) -> None:
    """statsmodels combine_effects on the segment effects and variances: Q, I², fixed-effect mean."""
    for name in METRICS:
        segs = readout.segments.values()
        effects = np.array([s[name].effect_size for s in segs])
        variances = np.array([s[name].std_error ** 2 for s in segs])
        ref = combine_effects(effects, variances)
        h = readout.heterogeneity[name]
        assert h.statistic == pytest.approx(ref.q, rel=1e-10) and h.df == 2
        assert h.pvalue == pytest.approx(stats.chi2.sf(ref.q, 2), rel=1e-10)
        assert h.pooled_effect == pytest.approx(ref.mean_effect_fe, rel=1e-10)
        assert h.i_squared == pytest.approx(max(ref.i2, 0.0), abs=1e-10)


def test_srm_against_the_planned_split(df: pd.DataFrame, readout) -> None:
    """scipy.stats.chisquare of the arm sizes against the planned 25/45/30 split (control first)."""
    sizes = [int((arm_of(df) == a).sum()) for a in ("control", "b", "piloto")]
    ref = stats.chisquare(sizes, np.array([25, 30, 45]) / 100 * sum(sizes))
    assert readout.srm.observed == tuple(sizes)
    assert readout.srm.pvalue == pytest.approx(ref.pvalue, rel=1e-9)
    assert not readout.srm.flagged


def test_flagged_srm_warns_not_to_trust_the_readout(df: pd.DataFrame) -> None:
    """Planned 50/50 but the file is 25/45: chi-square p ≈ 0 → flagged with the issue's sentence."""
    r = analyze_pilot(df, [Proportion("respondio")], group="grupo", treatment="piloto")
    assert r.srm.flagged
    assert any("Do not trust this readout until the split is explained" in n for n in r.notes)
    assert any(n.code == "ignored_arms" and "B" in n for n in r.notes)
    assert r.treatments == ("Piloto",) and "B" not in r.arm_sizes


def test_same_answer_from_dataframe_memtable_and_duckdb_table(df: pd.DataFrame) -> None:
    """Round trip: the source type does not change the numbers."""
    con = ibis.duckdb.connect()
    con.con.register("pilot_df", df)  # a real DuckDB table, built by DuckDB itself
    con.raw_sql("CREATE TABLE pilot AS SELECT * FROM pilot_df")
    sources = [df, ibis.memtable(df), con.table("pilot")]
    results = [analyze_pilot(s, METRICS, group="grupo", segment="segmento") for s in sources]
    for other in results[1:]:
        for name in METRICS:
            assert other.metrics[name].pvalue == pytest.approx(results[0].metrics[name].pvalue, rel=1e-12)
            assert other.segments["Sur"][name].effect_size == pytest.approx(
                results[0].segments["Sur"][name].effect_size, rel=1e-12
            )


def test_zero_responders_in_control_is_said_and_nan(df: pd.DataFrame) -> None:
    """docs/formulas.md §2 edge case through the pipeline: relative lift nan, a note, absolute lift kept."""
    data = df.copy()
    data.loc[arm_of(data) == "control", "respondio"] = "no"
    r = analyze_pilot(
        data, [Proportion("respondio", ci_method="agresti-caffo")], group="grupo", treatment="Piloto"
    )
    m = r.metrics["respondio"]
    assert m.control == 0 and math.isnan(m.rel_effect_size) and m.effect_size == pytest.approx(m.treatment)
    assert any(n.code == "zero_control_responders" for n in m.notes)


def test_small_pilot_is_insufficient_and_suggests_fisher() -> None:
    """Rules of the issue: < 100 customers or < 25 responders per arm; expected cell < 5 → Fisher."""
    data = pd.DataFrame(
        {"group": ["control"] * 60 + ["treatment"] * 60, "y": [1] * 2 + [0] * 58 + [1] * 6 + [0] * 54}
    )
    m = analyze_pilot(data, [Proportion("y")]).metrics["y"]
    assert {"insufficient_data", "fisher_suggested"} <= {n.code for n in m.notes}


def test_a_segment_missing_an_arm_is_left_out_and_said() -> None:
    """Closed form: segment «Sur» has no control customers → no comparison there, a note says so."""
    data = pd.DataFrame(
        {
            "group": ["control"] * 200 + ["treatment"] * 300,
            "seg": ["Norte"] * 200 + ["Norte"] * 150 + ["Sur"] * 150,
            "y": ([1, 0, 0, 0] * 125),
        }
    )
    r = analyze_pilot(data, [Proportion("y")], segment="seg")
    assert list(r.segments) == ["Norte"]
    assert any(n.code == "segment_without_arm" and "«Sur»" in n for n in r.notes)
    assert r.heterogeneity["y"].segments_used == 1 and math.isnan(r.heterogeneity["y"].pvalue)


def test_results_survive_pickling_with_their_note_codes(readout) -> None:
    """Round trip through pickle (Streamlit's cache): equal numbers, notes keep code and params."""
    import pickle

    copy = pickle.loads(pickle.dumps(readout))
    assert copy.metrics["ingreso"].pvalue == readout.metrics["ingreso"].pvalue
    assert [(n.code, n.params) for n in copy.notes] == [(n.code, n.params) for n in readout.notes]


def test_every_note_has_a_catalog_sentence_with_the_same_placeholders() -> None:
    """The UI translates ``analysis_notes.<code>``: both catalogs have every code, same {names}
    (the catalog files of a language are merged at load, so every file's section counts)."""
    import string
    import tomllib
    from pathlib import Path

    from experiments.analysis.notes import TEMPLATES

    root = Path(__file__).resolve().parents[3] / "app_pages" / "i18n"

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for lang in ("es", "en"):
        notes: dict[str, str] = {}  # catalogs are merged at load: notes may sit in several files
        for path in sorted((root / lang).glob("*.toml")):
            notes |= tomllib.loads(path.read_text("utf-8")).get("analysis_notes", {})
        assert set(notes) == set(TEMPLATES), lang
        assert all(fields(notes[code]) == fields(TEMPLATES[code]) for code in TEMPLATES), lang

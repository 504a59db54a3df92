"""Are the arms alike, and does the pilot look like the roll-out? Balance, representativeness, split.

For every covariate the engine returns a handful of aggregates per arm (count, mean, sample variance for
numbers; customers per category for categories); the rest is arithmetic on those few numbers.

* Numbers: standardised mean difference ``SMD = (mean_arm − mean_ref) / sqrt((s²_arm + s²_ref) / 2)``
  with sample variances (Austin 2009), and Welch's t-test p-value.
* Categories (text, booleans): one row per category with its share in each arm and the SMD of that
  share, ``(p_arm − p_ref) / sqrt((p_arm(1 − p_arm) + p_ref(1 − p_ref)) / 2)``, and a chi-square test of
  the whole arm × category table (no continuity correction) repeated on each of its rows.
* A row is ``flagged`` when ``|SMD| > 0.1``, the usual rule of thumb for a material imbalance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
from scipy import stats

from experiments.analysis.srm import sample_ratio_test
from experiments.design._assign_list import MISSING, as_table, check_columns
from planner_common import InputError, check_int, check_positive, check_probability

SMD_THRESHOLD = 0.1
COLUMNS = (
    "covariate",
    "category",
    "kind",
    "arm",
    "reference",
    "n_arm",
    "n_reference",
    "mean_arm",
    "mean_reference",
    "std_arm",
    "std_reference",
    "smd",
    "flagged",
    "pvalue",
    "test",
)
_VALUE = "_value"


@dataclass(frozen=True, slots=True, kw_only=True)
class SplitCheckResult:
    """Realised customers per arm against the plan, with a sample-ratio (chi-square) test.

    Attributes:
        arms: Arm names, roll-out last when it has customers.
        planned: Planned customers per arm.
        observed: Customers per arm in the assignment.
        exact: Every arm has exactly its planned size.
        statistic, pvalue: Chi-square goodness of fit of ``observed`` to ``planned``.
        threshold: P-values below it flag a sample-ratio mismatch.
        flagged: ``pvalue < threshold``.
        notes: Caveats.
    """

    arms: tuple[str, ...]
    planned: tuple[int, ...]
    observed: tuple[int, ...]
    exact: bool
    statistic: float
    pvalue: float
    threshold: float
    flagged: bool
    notes: tuple[str, ...] = ()


def _kinds(table: ir.Table, covariates: Sequence[str]) -> dict[str, str]:
    kinds = {}
    for name in check_columns(table, "covariates", covariates):
        dtype = table[name].type()
        if dtype.is_numeric() and not dtype.is_boolean():
            kinds[name] = "numeric"
        elif dtype.is_string() or dtype.is_boolean():
            kinds[name] = "categorical"
        else:
            raise InputError(
                "covariate_unsupported",
                f"covariate {name!r} has type {dtype}; use numbers, text or yes/no columns.",
                field="covariates",
                value=name,
                dtype=str(dtype),
            )
    return kinds


def _numeric(table: ir.Table, names: Sequence[str], keys: list[str]) -> pd.DataFrame:
    """count, mean, sample variance per arm (and segment) of every numeric covariate: one query."""
    metrics: dict[str, ir.Value] = {}
    for i, name in enumerate(names):
        x = table[name].cast("float64")
        metrics |= {f"n{i}": x.count(), f"m{i}": x.mean(), f"v{i}": x.var(how="sample")}
    agg = table.group_by(keys).aggregate(**metrics).to_pandas()
    frames = [
        pd.DataFrame(
            {
                **{k: agg[k] for k in keys},
                "covariate": name,
                "category": None,
                "n": agg[f"n{i}"].astype(float),
                "mean": agg[f"m{i}"].astype(float),
                "var": agg[f"v{i}"].astype(float),
            }
        )
        for i, name in enumerate(names)
    ]
    return pd.concat(frames, ignore_index=True)


def _categorical(table: ir.Table, name: str, keys: list[str]) -> pd.DataFrame:
    """Customers per category per arm (and segment); share and Bernoulli variance of each category."""
    value = table[name].cast("string").fill_null(MISSING)
    counts = table.group_by([*keys, value.name(_VALUE)]).aggregate(c=ibis._.count()).to_pandas()
    wide = counts.pivot_table(index=keys, columns=_VALUE, values="c", fill_value=0, aggfunc="sum")
    long = wide.stack().rename("c").reset_index()
    long["n"] = long.groupby(keys)["c"].transform("sum").astype(float)
    share = long["c"] / long["n"]
    return pd.DataFrame(
        {
            **{k: long[k] for k in keys},
            "covariate": name,
            "category": long[_VALUE],
            "n": long["n"],
            "mean": share,
            "var": share * (1 - share),
            "c": long["c"],
        }
    )


def _chi2(cat: pd.DataFrame, seg: list[str]) -> pd.Series:
    """Chi-square test of arm × category for every (segment, arm, covariate), vectorised (no correction)."""
    group = [*seg, "arm", "covariate"]
    arm, ref = cat["c_arm"], cat["c_reference"]
    column = arm + ref
    used = column > 0
    n_arm = arm.groupby([cat[g] for g in group]).transform("sum")
    n_ref = ref.groupby([cat[g] for g in group]).transform("sum")
    total = n_arm + n_ref
    with np.errstate(divide="ignore", invalid="ignore"):
        e_arm, e_ref = n_arm * column / total, n_ref * column / total
        cell = ((arm - e_arm) ** 2 / e_arm + (ref - e_ref) ** 2 / e_ref).where(used, 0.0)
    statistic = cell.groupby([cat[g] for g in group]).transform("sum")
    df = used.astype(int).groupby([cat[g] for g in group]).transform("sum") - 1
    valid = (df >= 1) & (n_arm > 0) & (n_ref > 0)
    return pd.Series(np.where(valid, stats.chi2.sf(statistic, df.clip(lower=1)), np.nan), index=cat.index)


def _pair(stat: pd.DataFrame, arm_column: str, arm: str, reference: str, seg: list[str]) -> pd.DataFrame:
    """One row per covariate (category) comparing ``arm`` with ``reference``."""
    on = [*seg, "covariate", "category"]
    a = stat[stat[arm_column] == arm].drop(columns=arm_column)
    r = stat[stat[arm_column] == reference].drop(columns=arm_column)
    both = a.merge(r, on=on, how="outer", suffixes=("_arm", "_reference"))
    for side in ("_arm", "_reference"):  # a category absent from one arm has share 0 there
        cat = both["category"].notna()
        both.loc[cat, "mean" + side] = both.loc[cat, "mean" + side].fillna(0.0)
        both.loc[cat, "var" + side] = both.loc[cat, "var" + side].fillna(0.0)
        both.loc[cat, "c" + side] = both.loc[cat, "c" + side].fillna(0.0)
        both["n" + side] = both.groupby([*seg, "covariate"])["n" + side].transform("max")
    both["arm"], both["reference"] = arm, reference
    return both


def _finish(both: pd.DataFrame, seg: list[str], threshold: float) -> pd.DataFrame:
    diff = both["mean_arm"] - both["mean_reference"]
    with np.errstate(divide="ignore", invalid="ignore"):
        both["smd"] = diff / np.sqrt((both["var_arm"] + both["var_reference"]) / 2)
    both["flagged"] = both["smd"].abs() > threshold
    both["std_arm"], both["std_reference"] = np.sqrt(both["var_arm"]), np.sqrt(both["var_reference"])
    numeric = both["category"].isna()
    both["kind"] = np.where(numeric, "numeric", "categorical")
    both["test"] = np.where(numeric, "welch-t", "chi-square")
    with np.errstate(divide="ignore", invalid="ignore"):
        col = {
            k: both[k].to_numpy(dtype=float)
            for k in ("mean_arm", "std_arm", "n_arm", "mean_reference", "std_reference", "n_reference")
        }
        welch = stats.ttest_ind_from_stats(
            col["mean_arm"],
            col["std_arm"],
            col["n_arm"],
            col["mean_reference"],
            col["std_reference"],
            col["n_reference"],
            equal_var=False,
        ).pvalue
    both["pvalue"] = np.where(numeric, welch, np.nan)
    if (~numeric).any():
        both.loc[~numeric, "pvalue"] = _chi2(both[~numeric], seg)
    both["n_arm"] = both["n_arm"].fillna(0).astype("int64")
    both["n_reference"] = both["n_reference"].fillna(0).astype("int64")
    return both[[*seg, *COLUMNS]].reset_index(drop=True)


def _compare(
    data: Any,
    covariates: Sequence[str],
    arm_column: str,
    reference: str,
    arms: Sequence[str] | None,
    segment: str | None,
    threshold: float,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    table = as_table(data)
    check_columns(table, "arm_column", [arm_column])
    seg = list(check_columns(table, "segment", [segment])) if segment else []
    kinds = _kinds(table, covariates)
    threshold = check_positive("threshold", threshold)
    present = set(table.select(a=table[arm_column].cast("string")).distinct().to_pandas()["a"])
    wanted = list(arms) if arms is not None else sorted(present - {reference, *exclude})
    for name in [reference, *wanted]:
        if name not in present:
            raise InputError(
                "arm_missing",
                f"arm {name!r} has no customers in column {arm_column!r}; its "
                f"arms are {', '.join(sorted(map(str, present)))}.",
                field="arm",
                value=name,
                arms=", ".join(sorted(map(str, present))),
            )
    table = table.filter(table[arm_column].cast("string").isin([reference, *wanted]))
    table = table.mutate(**{arm_column: table[arm_column].cast("string")})
    keys = [*seg, arm_column]
    parts = []
    numeric = [n for n, k in kinds.items() if k == "numeric"]
    if numeric:
        parts.append(_numeric(table, numeric, keys))
    parts += [_categorical(table, n, keys) for n, k in kinds.items() if k == "categorical"]
    if not parts:
        return pd.DataFrame(columns=[*seg, *COLUMNS])
    stat = pd.concat(parts, ignore_index=True)
    if "c" not in stat:
        stat["c"] = np.nan
    pairs = [_pair(stat, arm_column, arm, reference, seg) for arm in wanted]
    return _finish(pd.concat(pairs, ignore_index=True), seg, threshold)


def balance_table(
    assigned: Any,
    *,
    covariates: Sequence[str],
    arm_column: str = "arm",
    control: str = "control",
    arms: Sequence[str] | None = None,
    segment: str | None = None,
    threshold: float = SMD_THRESHOLD,
) -> pd.DataFrame:
    """Compare every drawn arm with the control on each covariate: SMD, flag, test.

    Args:
        assigned: The assignment (an Ibis table, a DataFrame or a file) with the covariate columns.
        covariates: Columns to check, e.g. ``["gasto_12m", "antiguedad_meses", "tier"]``; numbers get
            one row, text and yes/no columns one row per category.
        arm_column: Column with the arm of each customer.
        control: The reference arm.
        arms: Arms to compare with the control (default: all but the control and ``"rollout"``).
        segment: Optional column: the table is computed separately within each of its values.
        threshold: ``|SMD|`` above which a row is flagged (0.1).

    Returns:
        A DataFrame with columns ``covariate, category, kind, arm, reference, n_arm, n_reference,
        mean_arm, mean_reference, std_arm, std_reference, smd, flagged, pvalue, test`` (``segment``
        first when given). For categories ``mean`` is the share and ``std`` is ``sqrt(p(1 − p))``.

    Examples:
        Past spend and tier of a pilot and a control of four customers each:

        >>> import pandas as pd
        >>> rows = pd.DataFrame({"arm": ["pilot"] * 4 + ["control"] * 4,
        ...                      "gasto": [10.0, 12, 14, 16, 10, 12, 14, 18],
        ...                      "tier": ["alto", "bajo", "bajo", "bajo", "alto", "alto", "bajo", "bajo"]})
        >>> t = balance_table(rows, covariates=["gasto", "tier"])
        >>> t[["covariate", "category", "mean_arm", "mean_reference", "smd", "flagged"]].round(3)
          covariate category  mean_arm  mean_reference    smd  flagged
        0     gasto     None     13.00            13.5 -0.165     True
        1      tier     alto      0.25             0.5 -0.535     True
        2      tier     bajo      0.75             0.5  0.535     True

    References:
        Austin (2009), "Balance diagnostics for comparing the distribution of baseline covariates
        between treatment groups in propensity-score matched samples", *Statistics in Medicine* 28.
    """
    return _compare(assigned, covariates, arm_column, control, arms, segment, threshold, exclude=("rollout",))


def representativeness_table(
    assigned: Any,
    *,
    covariates: Sequence[str],
    arm_column: str = "arm",
    sample: str = "pilot",
    population: str = "rollout",
    segment: str | None = None,
    threshold: float = SMD_THRESHOLD,
) -> pd.DataFrame:
    """Does the pilot look like the customers the roll-out will reach? Same statistics as the balance.

    Args:
        assigned: The assignment with the covariate columns.
        covariates: Columns to compare.
        arm_column: Column with the arm of each customer.
        sample: The arm whose representativeness is checked (the pilot).
        population: The arm standing for the roll-out population (everyone not drawn).
        segment: Optional column to compute the table within each of its values.
        threshold: ``|SMD|`` above which a row is flagged (0.1).

    Returns:
        The same columns as :func:`balance_table`, ``arm`` = ``sample`` and ``reference`` = ``population``.

    Examples:
        >>> import pandas as pd
        >>> rows = pd.DataFrame({"arm": ["pilot"] * 2 + ["rollout"] * 4, "meses": [10.0, 14, 9, 11, 13, 15]})
        >>> representativeness_table(rows, covariates=["meses"])[["mean_arm", "mean_reference", "smd"]].round(3)
           mean_arm  mean_reference    smd
        0      12.0            12.0  0.000

    References:
        Stuart, Cole, Bradshaw & Leaf (2011), "The use of propensity scores to assess the
        generalizability of results from randomized trials", *JRSS A* 174.
    """
    return _compare(assigned, covariates, arm_column, population, [sample], segment, threshold)


def check_split(
    assigned: Any, *, arms: Mapping[str, int], arm_column: str = "arm", threshold: float = 0.001
) -> SplitCheckResult:
    """Count the customers per arm and test them against the plan (sample-ratio check).

    Args:
        assigned: The assignment (Ibis table, DataFrame or file).
        arms: Planned size per arm; everyone else is expected in ``"rollout"``.
        arm_column: Column with the arm of each customer.
        threshold: Flag a mismatch when the chi-square p-value is below this (0.001).

    Returns:
        A :class:`SplitCheckResult`; an exact assignment has ``exact=True`` and p-value 1.

    Examples:
        >>> import pandas as pd
        >>> rows = pd.DataFrame({"arm": ["pilot"] * 20 + ["control"] * 10 + ["rollout"] * 70})
        >>> r = check_split(rows, arms={"pilot": 20, "control": 10})
        >>> r.arms, r.observed, r.exact, r.pvalue
        (('control', 'pilot', 'rollout'), (10, 20, 70), True, 1.0)

    References:
        Fabijan et al. (2019), "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD.
    """
    table = as_table(assigned)
    check_columns(table, "arm_column", [arm_column])
    threshold = check_probability("threshold", threshold)
    counts = table.group_by(a=table[arm_column].cast("string")).aggregate(n=ibis._.count()).to_pandas()
    observed = dict(zip(counts["a"], counts["n"].astype(int), strict=True))
    planned = {name: check_int(f"arms[{name!r}]", n) for name, n in sorted(arms.items())}
    rest = sum(observed.values()) - sum(planned.values())
    if rest > 0:
        planned["rollout"] = rest
    names = tuple(planned)
    got = tuple(int(observed.get(name, 0)) for name in names)
    extra = sum(observed.values()) - sum(got)  # customers in arms that are not in the plan
    test = sample_ratio_test(got, [planned[n] for n in names], threshold=threshold)
    notes = (f"{extra} customers are in arms outside the plan.",) if extra else ()
    return SplitCheckResult(
        arms=names,
        planned=tuple(planned.values()),
        observed=got,
        exact=got == tuple(planned.values()) and not extra,
        statistic=test.statistic,
        pvalue=test.pvalue,
        threshold=threshold,
        flagged=test.flagged or bool(extra),
        notes=notes,
    )

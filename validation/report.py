"""The Markdown report of the validation studies (``docs/validation.md``), deterministic to the byte."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from importlib import metadata

from validation._common import StudyResult

PACKAGES = ("numpy", "scipy", "statsmodels", "pandas", "duckdb", "ibis-framework")

INTRO = """\
Every figure below is measured, not assumed: seeded simulations of pilots read by the same code as
`analyze_pilot` (the engine's statistics built from simulated customers), rates with their Monte Carlo
standard errors (`sqrt(p (1 - p) / pilots)`), and cross-checks against R and the peer libraries on fixed
inputs. A figure with a band is marked ✓ when it lies inside it. `make validate` regenerates this file;
on the same package versions it is identical byte for byte (each pilot has its own seed, derived from
the study's seed with `numpy.random.SeedSequence(seed).spawn`, so the number of processes does not
matter). The date is the date of the last commit that changed the validated code (`experiments/`,
`planner_common/`, `datasources/`, `validation/`), not the day the file was written, so regenerating it
later – or committing it – does not change it.
"""

CHOICE = """\
## The method for skewed revenue, and why

Revenue that is 97 % zeros and log-normal otherwise has a skewness near 26; Kohavi's rule asks for
355 × 26² ≈ 240,000 customers per arm before the t distribution can be trusted. Below that, Welch's t
is not honest: at a 10:1 split its one-sided false-positive rates are about 2 % and 10 % instead of 5 %.
The default `Mean` (and `RatioOfMeans`) readout therefore keeps Welch's t when every arm passes the rule
(decided from third-order sums the engine computes with the means), and otherwise reads the comparison
with a **studentized permutation test** (Janssen 1997; Chung & Romano 2013): the customers of both arms,
binned in the engine by value (a few hundred bins with exact sums; see `experiments/analysis/histogram.py`),
are re-split 2,000 times at random into arms of the observed sizes. In an A/A test every split is
equally likely, so the test is exact whatever the skewness, the share of zeros or the split; studentizing
keeps it valid when a real lift changes the spread. With few buyers many splits tie with the observed one
(only where the buyers go matters), and counting those ties in full made the test conservative – 4.4 %
false positives two-sided with 200 + 200 customers, where a pilot with five buyers could never reach
p < 0.05 – so each tail is a *mid-p* value that counts half of the ties (Lancaster 1961). Intervals invert the test (shifts for the absolute
interval, scales for the relative one). The point estimate and its standard error are unchanged; the
result's `method` and a note say which test was used. The alternatives measured on the same pilots –
Hall's skewness-corrected t from in-engine third moments and a Poisson bootstrap-t – are in the table
"Methods tried"; both stay outside the bands (and the bootstrap-t reaches 12–14 % with 200 customers per
arm), which is why neither is the default. Capping (`Mean(..., capping=Capping(upper=0.99))`) is
available as an explicit choice; it changes the estimand and says so.
"""


def versions(r_note: str) -> list[str]:
    rows = [f"| Python | {platform.python_version()} |"]
    rows += [f"| {name} | {metadata.version(name)} |" for name in PACKAGES]
    rows.append(f"| R (cross-checks) | {r_note.removeprefix('R ')} |")
    return ["| package | version |", "|---|---|", *rows]


def _pct(x: float, digits: int = 2) -> str:
    return f"{100 * x:.{digits}f} %"


def figure_table(result: StudyResult) -> list[str]:
    rows = ["| regime | figure | estimate | MC SE | pilots | band | |", "|---|---|---:|---:|---:|---|---|"]
    for f in result.figures:
        band = "" if f.band is None else f"[{100 * f.band[0]:.2f}, {100 * f.band[1]:.2f}] %"
        mark = "" if f.band is None else ("✓" if f.within() else "✗")
        rows.append(
            f"| {f.regime} | {f.name} | {_pct(f.rate)} | {_pct(f.se)} | {f.trials:,} | {band} | {mark} |"
        )
    return rows


def check_table(result: StudyResult) -> list[str]:
    rows = ["| check | ours | oracle | tolerance | oracle source | |", "|---|---:|---:|---:|---|---|"]
    for c in result.checks:
        rows.append(
            f"| {c.name} | {c.ours:.12g} | {c.oracle:.12g} | {c.tolerance:.2g} | {c.source} | {'✓' if c.ok else '✗'} |"
        )
    return rows


def summary(results: Sequence[StudyResult]) -> list[str]:
    rows = ["| study | seed | banded figures in band | checks passed |", "|---|---:|---:|---:|"]
    for r in results:
        banded = [f for f in r.figures if f.band is not None]
        inside = sum(f.within() for f in banded)
        checks = f"{sum(c.ok for c in r.checks)} / {len(r.checks)}" if r.checks else "–"
        rows.append(f"| {r.title} | {r.seed} | {inside} / {len(banded)} | {checks} |")
    return rows


def render(results: Sequence[StudyResult], *, date: str, quick: bool = False) -> str:
    """The whole report as Markdown."""
    r_note = next((n for r in results if r.key == "crosscheck" for n in r.notes), "R not run")
    lines = [
        "# Validation report",
        "",
        f"Campaign Planner, code as of **{date}**{' (quick run)' if quick else ''}.",
        "",
        INTRO,
        *versions(r_note),
        "",
        "## Summary",
        "",
        *summary(results),
        "",
        CHOICE,
    ]
    for r in results:
        lines += ["", f"## {r.title}", "", r.method, "", f"Seed {r.seed}."]
        if r.figures:
            lines += ["", *figure_table(r)]
        if r.checks:
            lines += ["", *check_table(r)]
        for key, value in sorted(r.extra.items()):
            if isinstance(value, dict):
                shown = "; ".join(
                    f"{k}: {v:.3g}" if isinstance(v, float) else f"{k}: {v}" for k, v in value.items()
                )
                lines += ["", f"*{key.replace('_', ' ')}*: {shown}."]
        lines += [""] + [f"{note}" for note in r.notes if r.key != "crosscheck"] if r.notes else []
    return "\n".join(lines).rstrip() + "\n"

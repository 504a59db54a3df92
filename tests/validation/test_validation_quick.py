"""The reduced validation run of ``make test``: every study of ``make validate`` at quick sizes.

Oracle: seeded simulation with its Monte Carlo error. A figure fails when it leaves its band (the bands
of docs/validation.md) by more than two Monte Carlo standard errors of the quick run, while the full run
(``make validate``) holds the figures to the bands themselves. The reduced revenue study spends its
pilots on the 10:1 splits (400 each), where the same bands reject Welch's t – the readout before issue 10,
read on the same pilots – so the reduced run is shown to fail when the readout stops being honest. Cross-checks must match R,
statsmodels and scipy within their tolerances; under ``CI=true`` a missing ``Rscript`` fails.
"""

from __future__ import annotations

import dataclasses
import os
import shutil

import pytest

import validation._common as common
from validation import STUDIES

SLACK_SE = 2.0


@pytest.fixture(autouse=True)
def one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-xdist already spreads the studies over the cores."""
    monkeypatch.setattr(common, "WORKERS", 1)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(set(STUDIES) - {"revenue"}))
def test_study_stays_in_its_bands(name: str) -> None:
    result = STUDIES[name].run(quick=True)
    assert result.figures or result.checks
    assert not result.failures(SLACK_SE), "\n".join(result.failures(SLACK_SE))


@pytest.mark.slow
def test_revenue_stays_in_its_bands_where_welchs_t_leaves_them() -> None:
    """Skewed revenue: every default-readout figure in its band; the Welch t figures of the same pilots,
    held to the same bands and slack, are outside at least one (the reduced run has the power to fail)."""
    from validation.revenue import AA_SPECS, WELCH

    result = STUDIES["revenue"].run(quick=True)
    assert not result.failures(SLACK_SE), "\n".join(result.failures(SLACK_SE))
    welch = [
        dataclasses.replace(f, band=AA_SPECS[f.name][1]) for f in result.figures if f.regime.endswith(WELCH)
    ]
    assert welch and not all(f.within(SLACK_SE) for f in welch)


def test_cross_checks_include_r() -> None:
    """R is installed for make test; in CI its absence is an error, never a skip."""
    if shutil.which("Rscript") is None:
        assert os.environ.get("CI") != "true", "Rscript is missing"
        return
    from validation.crosscheck import r_checks, run_r

    r = run_r()
    assert r is not None and all(check.ok for check in r_checks(r))


def test_report_is_deterministic() -> None:
    """Round trip: rendering the same results twice gives the same bytes (no clock, no host names)."""
    from validation.report import render

    results = [STUDIES["srm"].run(quick=True), STUDIES["power"].run(quick=True)]
    assert render(results, date="2025-01-01") == render(results, date="2025-01-01")

"""Every error code raised by the sequential engine has a sentence in both languages (oracle: the source
and the catalogs), and a bad input shows that sentence, not the core's English fallback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app_pages.i18n import error_text, load_catalog
from experiments import ArmCounts, SequentialPlan, group_sequential_test, sequential_bounds
from planner_common import InputError

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    ROOT / "experiments" / "design" / "sequential.py",
    ROOT / "experiments" / "design" / "sequential_plan.py",
    ROOT / "experiments" / "analysis" / "sequential.py",
    ROOT / "experiments" / "analysis" / "_sequential_inputs.py",
    ROOT / "experiments" / "analysis" / "monitor.py",
]


def _raised_codes() -> set[str]:
    pattern = re.compile(r'InputError\(\s*"([a-z_]+)"')
    return {code for path in SOURCES for code in pattern.findall(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_raised_code_has_a_sentence(lang: str) -> None:
    codes = _raised_codes()
    assert {"not_a_date", "rho_required", "looks_not_cumulative"} <= codes  # the scanner sees them
    catalog = load_catalog(lang)
    assert not sorted(code for code in codes if f"errors.{code}" not in catalog)


BAD = {
    "rho": lambda: sequential_bounds([1.0], spending="power"),
    "not increasing": lambda: sequential_bounds([0.5, 0.4]),
    "plan": lambda: SequentialPlan(
        kind="group-sequential", planned_n_control=1, planned_n_treatment=1, looks=99
    ),
    "cumulative": lambda: group_sequential_test(
        [(ArmCounts(1, 10), ArmCounts(2, 10)), (ArmCounts(1, 9), ArmCounts(2, 10))],
        planned_n_control=100,
        planned_n_treatment=100,
    ),
}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_gives_one_catalog_sentence(case: str, lang: str) -> None:
    with pytest.raises(InputError) as err:
        BAD[case]()
    text = error_text(err.value, lang)
    assert text != str(err.value) and "{" not in text and text.strip()

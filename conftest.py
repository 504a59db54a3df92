"""Root pytest configuration.

The packages are collected for their doctests only: a core module whose name happens to start with
``test_`` (``experiments/design/test_and_roll.py``) must not have its functions run as tests.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
CORE_PACKAGES = {"planner_common", "experiments", "economics", "datasources", "rollout"}
collect_ignore_glob = ["rollout/migrations/*", "benchmarks/*", "examples/*"]


def pytest_pycollect_makeitem(collector, name, obj):
    """Collect no unit tests from the core packages (their doctests are collected separately)."""
    path = Path(str(collector.path))
    if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in CORE_PACKAGES:
        return []
    return None

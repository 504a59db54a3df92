"""Shared test configuration."""

import contextlib
import functools
import os

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Tests never touch the user's real registry: every run gets its own SQLite file.
if "CAMPAIGN_PLANNER_DB_URL" not in os.environ:
    import tempfile

    os.environ["CAMPAIGN_PLANNER_DB_URL"] = (
        f"sqlite:///{tempfile.mkdtemp(prefix='cp-registry-')}/registry.sqlite"
    )

# ...nor the user's saved database connections (datasources.saved_connections).
if "CAMPAIGN_PLANNER_CONNECTIONS" not in os.environ:
    import tempfile

    os.environ["CAMPAIGN_PLANNER_CONNECTIONS"] = (
        f"{tempfile.mkdtemp(prefix='cp-connections-')}/connections.json"
    )


# Under pytest-xdist the browser groups are the longest chains of tests (each worker drives Chromium and
# a Streamlit server for minutes), so the other workers yield the CPU to them: they run their tests at
# a lower priority (nice 10), and the browser tests, with the server and Chromium they start, at the
# normal one. Only where the process may raise its priority again (root); a plain user keeps nice 0.
_CAN_RENICE = hasattr(os, "setpriority") and hasattr(os, "geteuid") and os.geteuid() == 0
_YIELDING_NICENESS = 10


@pytest.hookimpl(tryfirst=True)  # before the fixtures start the server and Chromium
def pytest_runtest_setup(item: pytest.Item) -> None:
    if not (_CAN_RENICE and os.environ.get("PYTEST_XDIST_WORKER")):
        return
    browser = any(str(m.args[0]).startswith("browser") for m in item.iter_markers("xdist_group") if m.args)
    with contextlib.suppress(OSError):  # a container without the capability: one priority for all
        os.setpriority(os.PRIO_PROCESS, 0, 0 if browser else _YIELDING_NICENESS)


def _scan_component_manifests_once() -> None:
    """Every ``AppTest`` run asks Streamlit to scan the metadata of all installed packages for components
    (about 500 distributions: 0.4 s of the 0.45 s a first run takes, against 0.04 s for a rerun). A
    ``streamlit run`` server scans once at start; the packages do not change during a test session, so
    the test processes scan once too."""
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)  # type: ignore[assignment]


_scan_component_manifests_once()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make ``--dist loadgroup`` keep a group in one worker again. pytest-xdist 3.8 tags a grouped test by
    setting ``item._nodeid`` to ``"<id>@<group>"``, which pytest 9 no longer reads (the id is
    ``item._id``): without this, every ``xdist_group`` was spread over the workers, and each worker
    started its own Spark, Streamlit server and Chromium."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        tagged = getattr(item, "_nodeid", None)
        if isinstance(tagged, str) and tagged != item.nodeid and tagged.startswith(item.nodeid + "@"):
            item._id = NodeId.parse(tagged)  # type: ignore[attr-defined]

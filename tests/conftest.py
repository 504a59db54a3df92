"""Shared test configuration."""

import os

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

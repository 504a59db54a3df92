"""The registry's acceptance rules on SQLite (the same tests run on PostgreSQL in tests/integration).

Oracles: see ``tests/registry_acceptance.py``.
"""

from __future__ import annotations

import pytest
from registry_acceptance import *  # noqa: F403 - the shared acceptance tests and their fixtures


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'registry.sqlite'}"

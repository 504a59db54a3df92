"""The portfolio's registry queries and actions on SQLite (the same tests run on PostgreSQL in
tests/integration). Oracles: see ``tests/portfolio_acceptance.py`` and ``tests/portfolio_actions_acceptance.py``.
"""

from __future__ import annotations

import pytest
from portfolio_acceptance import *  # noqa: F403 - the shared acceptance tests and their fixtures
from portfolio_actions_acceptance import *  # noqa: F403


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'registry.sqlite'}"

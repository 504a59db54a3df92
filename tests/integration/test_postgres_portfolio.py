"""The portfolio's registry queries and actions on a real PostgreSQL server (the same tests as on SQLite).

Oracles: see ``tests/portfolio_acceptance.py`` and ``tests/portfolio_actions_acceptance.py``; Alembic's
``compare_metadata`` for the 0003 schema is in ``test_postgres_registry_rules.py``.
"""

from __future__ import annotations

import pytest
from portfolio_acceptance import *  # noqa: F403 - the shared acceptance tests and their fixtures
from portfolio_actions_acceptance import *  # noqa: F403

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def url(fresh_pg_url):
    return fresh_pg_url

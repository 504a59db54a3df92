"""Fixtures of the integration tests: a real, throwaway PostgreSQL server (``tests/pg_server.py``).

``postgres_server`` session – the running server (``.url(db)``, ``.url(db, driver="postgres")`` for Ibis,
                  ``.create_database(name)``, ``.version()``); stopped and deleted at the end.
``pg_url``        session – SQLAlchemy URL (``postgresql+psycopg://...``) of one database on it.
``fresh_pg_url``  function – SQLAlchemy URL of a new, empty database (tests that count rows).

Mark the tests ``@pytest.mark.postgres``. Under ``pytest -n 3 --dist loadgroup`` they spread over the
workers like any other test: each worker that runs one starts its own server (a few seconds), so the
long ones never wait behind each other in one worker. PostgreSQL missing
(``scripts/ensure_postgres.sh`` installs it): the tests FAIL when ``CI=true``, otherwise they skip.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: make `pg_server` importable

import pg_server  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker; repeat it so `-p no:xdist` runs still pass --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): run in the same xdist worker as its group")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg_server.PgServer]:
    bindir = pg_server.find_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL's initdb/pg_ctl are not installed (apt-get install postgresql, or set "
            "$PG_BINDIR); `make test` installs them when run as root"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: the PostgreSQL tests must run, but {reason}")
        pytest.skip(reason)
    server = pg_server.start(bindir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_url(postgres_server: pg_server.PgServer) -> str:
    return postgres_server.create_database("campaign_planner")


@pytest.fixture
def fresh_pg_url(postgres_server: pg_server.PgServer) -> str:
    return postgres_server.create_database(f"t_{uuid.uuid4().hex[:12]}")

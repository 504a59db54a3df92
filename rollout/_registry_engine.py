"""Opening a registry database: the URL, safe targets, read-only mode, migrations, write transactions.

- ``CAMPAIGN_PLANNER_DB_URL`` (or ``url=``) names the database; by default a SQLite file in the user's
  data directory. ``CAMPAIGN_PLANNER_DB_READONLY=1`` (or ``read_only=True``) opens it for reading only
  (SQLite ``mode=ro``; PostgreSQL read-only transactions) and never migrates.
- A target that is not a registry (another application's SQLite file with its own tables, a text file,
  a PostgreSQL schema holding other tables) is refused **before** anything is written to it: no table
  added, no journal-mode change. It is inspected through a read-only SQLite connection.
- Every write runs in one transaction that first takes the registry's write lock (SQLite
  ``BEGIN IMMEDIATE``; PostgreSQL ``pg_advisory_xact_lock``), so audit rows are chained and timestamped in
  commit order.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.orm import Session

from rollout._registry_errors import RegistryError, db_errors

ENV_URL = "CAMPAIGN_PLANNER_DB_URL"
ENV_READ_ONLY = "CAMPAIGN_PLANNER_DB_READONLY"
MIGRATIONS = Path(__file__).parent / "migrations"
OUR_TABLES = frozenset({"alembic_version", "campaigns", "audit_events", "users", "campaign_segments"})
SQLITE_HEADER = b"SQLite format 3\x00"
# Migrations run one at a time: Alembic's ``context``/``op`` are process-wide globals (threads opening a
# registry at once broke each other), and on PostgreSQL two processes creating the same fresh schema
# collided (duplicate-key errors); SQLite already serialises them with ``BEGIN IMMEDIATE``.
_MIGRATING = threading.Lock()
_PG_MIGRATION_LOCK = 0x43504D47  # advisory-lock key shared by every process ("CPMG")
_PG_WRITE_LOCK = 0x43505752  # held by every write transaction ("CPWR"): one audit chain, in order
_WRITE = "campaign_planner_write"


def default_url() -> str:
    """``$CAMPAIGN_PLANNER_DB_URL`` or a SQLite file in the user's data directory."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("campaign-planner"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'registry.sqlite'}"


def read_only_default() -> bool:
    """Whether ``$CAMPAIGN_PLANNER_DB_READONLY`` asks for a read-only registry (``1``, ``true``, ``yes``)."""
    return os.environ.get(ENV_READ_ONLY, "").strip().lower() in {"1", "true", "yes", "on"}


@lru_cache(maxsize=1)
def known_revisions() -> tuple[str, str]:
    """(every revision id joined by spaces, the head revision) of the bundled migrations."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return " ".join(r.revision for r in script.walk_revisions()), str(script.get_current_head())


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (``None`` for an in-memory database)."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        database = database[5:].split("?", 1)[0]
    return Path(database)


def _not_a_registry(target: str, why: str) -> RegistryError:
    return RegistryError(
        "not_a_registry",
        f"{target} is not a campaign registry ({why}); it was left untouched. "
        f"Point {ENV_URL} at an empty database or an existing registry.",
        value=target,
    )


def check_tables(target: str, tables: set[str], revision: str | None) -> None:
    """Refuse a database holding tables that are not the registry's, or of an unknown revision."""
    if not tables:
        return
    if tables - OUR_TABLES or "alembic_version" not in tables:
        extra = sorted(tables - OUR_TABLES)[:3]
        raise _not_a_registry(target, f"it holds other tables: {', '.join(extra) or 'no alembic_version'}")
    every, _ = known_revisions()
    if revision not in every.split():
        raise RegistryError(
            "registry_newer",
            f"{target} was written by a newer release (schema revision {revision}); update the app.",
            value=revision,
        )


def probe_sqlite(path: Path) -> None:
    """Refuse, without writing to it, a file that is neither empty, missing nor a registry."""
    target = path.name
    with db_errors():
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                raise _not_a_registry(target, "it is not a SQLite database")
        connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            names = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            tables = {name for (name,) in names}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        except sqlite3.DatabaseError:
            raise _not_a_registry(target, "it is not a readable SQLite database") from None
        finally:
            connection.close()
    check_tables(target, tables, revision)


def _sqlite_events(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_conn.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")  # many writers queue; none gives up early
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        writing = conn.get_execution_options().get(_WRITE) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _postgres_read_only(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        cursor = dbapi_conn.cursor()
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.close()
        dbapi_conn.commit()


def open_engine(url: str, *, read_only: bool) -> Engine:
    """An engine on ``url`` after the safe-target check (SQLite files are probed read-only first)."""
    parsed = make_url(url)
    path = sqlite_file(parsed)
    if path is not None:
        probe_sqlite(path)
        if read_only:
            if not path.exists():
                raise RegistryError("registry_unavailable", "the read-only registry file does not exist.")
            parsed = parsed.set(database=f"file:{quote(str(path.resolve()))}?mode=ro").update_query_dict(
                {"uri": "true"}
            )
    engine = create_engine(parsed)
    if engine.dialect.name == "sqlite":
        _sqlite_events(engine, read_only=read_only)
    elif engine.dialect.name == "postgresql" and read_only:
        _postgres_read_only(engine)
    return engine


def _revision(connection: Connection) -> tuple[set[str], str | None]:
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables:
        return tables, None
    return tables, connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _foreign_keys(connection: Connection, on: bool) -> None:
    # Outside any transaction (SQLite ignores this PRAGMA inside one): table rebuilds of a migration
    # drop a parent table that audit rows reference; the whole result is checked before commit.
    driver: Any = connection.connection.driver_connection
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


@contextmanager
def _migration(engine: Engine) -> Iterator[Connection]:
    """One migration transaction: serialised, PostgreSQL advisory lock, SQLite foreign keys checked."""
    with db_errors(), _MIGRATING, engine.execution_options(**{_WRITE: True}).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _foreign_keys(connection, False)
        try:
            with connection.begin():
                if not sqlite:  # released at commit; the next one finds head
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                    )
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RegistryError(
                        "registry_conflict", "the migration left rows without their campaign."
                    )
        finally:
            if sqlite:
                _foreign_keys(connection, True)


def _alembic(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent; refuses foreign databases)."""
    from alembic import command

    with _migration(engine) as connection:
        tables, revision = _revision(connection)
        check_tables(engine.url.render_as_string(hide_password=True), tables, revision)
        if revision != known_revisions()[1]:
            command.upgrade(_alembic(connection), "head")


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (for tests and emergencies; account rows are lost)."""
    from alembic import command

    with _migration(engine) as connection:
        command.downgrade(_alembic(connection), revision)


def check_readable(engine: Engine) -> None:
    """A read-only registry must already be a registry at the newest revision (nothing is migrated)."""
    with db_errors(), engine.connect() as connection:
        tables, revision = _revision(connection)
    check_tables("the read-only registry", tables, revision)
    if revision != known_revisions()[1]:
        raise RegistryError(
            "registry_outdated",
            "the read-only registry was written by an older release; open a copy once read-write to "
            "upgrade it.",
            value=revision,
        )


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One write transaction holding the registry's write lock (errors become ``RegistryError``)."""
    with db_errors(), Session(engine.execution_options(**{_WRITE: True})) as session, session.begin():
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
        yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """One read transaction (errors become ``RegistryError``)."""
    with db_errors(), Session(engine) as session:
        yield session

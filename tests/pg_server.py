"""A throwaway PostgreSQL server for the integration tests (a real server, not a mock).

``start()`` creates a cluster in a fresh directory under the system temp folder with ``initdb``, starts it
with ``pg_ctl`` listening on a free loopback port (127.0.0.1 only; its unix socket inside that
directory), and returns a :class:`PgServer`; ``PgServer.stop()`` stops it (``-m immediate``) and removes
the directory. PostgreSQL refuses to run as root, so when the tests run as root the cluster belongs to
the ``postgres`` OS user (Debian's package creates it) and every server command runs through
``runuser -u postgres --``. The superuser ``postgres`` logs in over TCP with a random password
(scram-sha-256), so the URLs the tests use look like real ones.

The binaries are looked up in ``$PG_BINDIR``, then next to ``initdb`` / ``pg_ctl`` on ``PATH``, then in
Debian's ``/usr/lib/postgresql/<version>/bin`` (newest version first); ``scripts/ensure_postgres.sh``
installs them. The cluster is tuned for throwaway speed (``fsync=off``, no ``synchronous_commit``):
never point it at data you want to keep.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "shared_buffers": "'32MB'",
    "timezone": "'UTC'",
    "log_min_messages": "warning",
}


def find_bindir() -> Path | None:
    """Folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or ``None`` when PostgreSQL is missing."""
    candidates = [Path(os.environ["PG_BINDIR"])] if os.environ.get("PG_BINDIR") else []
    candidates += [
        Path(found).resolve().parent for name in ("initdb", "pg_ctl") if (found := shutil.which(name))
    ]
    debian = Path("/usr/lib/postgresql")
    versions = list(debian.glob("*/bin")) if debian.is_dir() else []
    candidates += sorted(
        versions, key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)], reverse=True
    )
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    """A running throwaway cluster."""

    bindir: Path
    root: Path
    port: int
    password: str
    as_postgres: bool

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        """SQLAlchemy URL (``driver="postgres"`` gives the Ibis form ``postgres://...``)."""
        return f"{driver}://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """``CREATE DATABASE name`` (UTF-8) and its SQLAlchemy URL."""
        import psycopg

        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"database name must be a plain lower-case identifier, got {name!r}")
        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=self.password,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            # FILE_COPY (PostgreSQL 15+) copies the template's files: several times faster than WAL_LOG here.
            strategy = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
            conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0{strategy}")
        return self.url(name)

    def version(self) -> str:
        """The server's ``SHOW server_version``."""
        import psycopg

        with psycopg.connect(self.url().replace("postgresql+psycopg", "postgresql")) as conn:
            return str(conn.execute("SHOW server_version").fetchone()[0])

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        try:
            _run(self, "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _run(server: PgServer, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    command = [str(server.bindir / program), *args]
    if server.as_postgres:
        command = ["runuser", "-u", SUPERUSER, "--", *command]
    done = subprocess.run(
        command,
        cwd=server.root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LC_ALL": "C"},
    )
    if check and done.returncode:
        log = server.root / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")
    return done


def start(bindir: Path) -> PgServer:
    """Create, configure and start a cluster; the caller must ``stop()`` it."""
    as_postgres = os.geteuid() == 0
    if as_postgres:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise RuntimeError(
                "running as root, but there is no 'postgres' OS user to own the test cluster "
                "(PostgreSQL refuses to run as root): install Debian's postgresql package "
                "(scripts/ensure_postgres.sh) or run the tests as a normal user"
            ) from None
    root = Path(tempfile.mkdtemp(prefix="cp-pg-"))
    server = PgServer(
        bindir=bindir, root=root, port=free_port(), password=secrets.token_hex(12), as_postgres=as_postgres
    )
    try:
        (root / "pwfile").write_text(server.password + "\n")
        if as_postgres:
            shutil.chown(root, user=SUPERUSER)
            shutil.chown(root / "pwfile", user=SUPERUSER)
        _run(
            server,
            "initdb",
            "-D",
            str(server.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(root / "pwfile"),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
            "--no-instructions",
        )
        settings = SETTINGS | {"port": str(server.port), "unix_socket_directories": f"'{root}'"}
        with (server.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        for attempt in range(3):  # the free port may be taken between free_port() and the start
            done = _run(
                server,
                "pg_ctl",
                "-D",
                str(server.data),
                "-l",
                str(root / "server.log"),
                "-w",
                "-t",
                "30",
                "start",
                check=attempt == 2,
            )
            if done.returncode == 0:
                break
            server.port = free_port()
            with (server.data / "postgresql.conf").open("a") as conf:
                conf.write(f"port = {server.port}\n")
            time.sleep(0.2)
    except BaseException:
        server.stop()
        raise
    return server

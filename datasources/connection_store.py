"""Saved database connections: a name and a URL without secrets, in a local settings file.

The app lists these so a user can pick "the CRM database" and a table instead of uploading a file. The
file is ``$CAMPAIGN_PLANNER_CONNECTIONS`` or ``connections.json`` in the user's data folder (beside the
default registry); it is never part of a campaign. A URL holding a password or a token is refused
(``secret_in_url``): the password comes, when the app connects, from ``st.secrets`` (section
``[connections.<name>]``, key ``password`` or ``token``) or from the environment (``PGPASSWORD``,
``SNOWFLAKE_PASSWORD``, ``SPARK_CONNECT_TOKEN``, ``DATABRICKS_TOKEN``), see :func:`datasources.connect`.
Writes replace the file atomically, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from datasources.engines import redacted, scheme_of
from planner_common import InputError

__all__ = [
    "ENV_CONNECTIONS",
    "SavedConnection",
    "connections_path",
    "remove_connection",
    "save_connection",
    "saved_connections",
]

ENV_CONNECTIONS = "CAMPAIGN_PLANNER_CONNECTIONS"
MAX_NAME = 100
MAX_URL = 2_000


@dataclass(frozen=True, slots=True, kw_only=True)
class SavedConnection:
    """A named database: ``url`` never holds a secret (see the module doc)."""

    name: str
    url: str

    @property
    def label(self) -> str:
        """``crm (postgres://analyst@db:5432/crm)``: the name and the URL as shown to users."""
        return f"{self.name} ({redacted(self.url)})"


def connections_path() -> Path:
    """``$CAMPAIGN_PLANNER_CONNECTIONS``, else ``connections.json`` in the user's data folder."""
    if os.environ.get(ENV_CONNECTIONS):
        return Path(os.environ[ENV_CONNECTIONS])
    from platformdirs import user_data_dir

    return Path(user_data_dir("campaign-planner")) / "connections.json"


def saved_connections(path: Path | None = None) -> tuple[SavedConnection, ...]:
    """The saved connections, by name (none when the file does not exist yet).

    Examples:
        >>> import tempfile, pathlib
        >>> where = pathlib.Path(tempfile.mkdtemp()) / "connections.json"
        >>> saved_connections(where)
        ()
    """
    file = path or connections_path()
    if not file.exists():
        return ()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        rows = [SavedConnection(name=str(r["name"]), url=str(r["url"])) for r in data["connections"]]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(
            "bad_connections_file",
            f"The saved connections file {file} cannot be read; fix or delete it.",
            field="connections",
            value=str(file),
        ) from None
    return tuple(sorted(rows, key=lambda c: c.name.casefold()))


def _check(name: object, url: object) -> SavedConnection:
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > MAX_NAME:
        raise InputError(
            "bad_connection_name",
            f"A connection needs a name of 1 to {MAX_NAME} characters, got {name!r}.",
            field="name", value=str(name)[:MAX_NAME], maximum=MAX_NAME,
        )  # fmt: skip
    if not isinstance(url, str) or "://" not in url or len(url) > MAX_URL or not scheme_of(url).isalnum():
        raise InputError(
            "bad_connection_url",
            f"url must look like 'backend://...', e.g. 'postgres://user@host/db'; got {redacted(str(url))!r}.",
            field="url", value=redacted(str(url))[:MAX_URL],
        )  # fmt: skip
    if redacted(url) != url:
        raise InputError(
            "secret_in_url",
            "A saved connection never holds a password or token: remove it from the URL and put it in "
            f"st.secrets or the environment ({redacted(url)}).",
            field="url", value=redacted(url),
        )  # fmt: skip
    return SavedConnection(name=text, url=url.strip())


def _write(file: Path, rows: tuple[SavedConnection, ...]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    body = {"connections": [{"name": c.name, "url": c.url} for c in rows]}
    handle, temp = tempfile.mkstemp(dir=file.parent, prefix=".connections-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(body, out, ensure_ascii=False, indent=2)
        os.replace(temp, file)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save_connection(name: str, url: str, *, path: Path | None = None) -> SavedConnection:
    """Save (or replace) the connection ``name``; a URL with a password or token is refused.

    Args:
        name: How users will pick it (e.g. ``"CRM"``).
        url: An engine URL without secrets (``postgres://analyst@db.example.com:5432/crm``).
        path: The settings file (default :func:`connections_path`).

    Returns:
        The saved connection.

    Raises:
        InputError: ``bad_connection_name``, ``bad_connection_url``, ``secret_in_url``,
            ``bad_connections_file``.

    Examples:
        The analyst saves the CRM database once; its password stays in ``.streamlit/secrets.toml``:

        >>> import tempfile, pathlib
        >>> where = pathlib.Path(tempfile.mkdtemp()) / "connections.json"
        >>> save_connection("CRM", "postgres://analyst@db.example.com:5432/crm", path=where).label
        'CRM (postgres://analyst@db.example.com:5432/crm)'
        >>> [c.name for c in saved_connections(where)]
        ['CRM']
        >>> save_connection("CRM", "postgres://analyst:s3cret@db.example.com/crm", path=where)
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: A saved connection never holds a password or token: ...

    References:
        RFC 3986 §3.2.1 (passwords in a URI are deprecated); Streamlit ``st.secrets``.
    """
    file = path or connections_path()
    new = _check(name, url)
    kept = tuple(c for c in saved_connections(file) if c.name.casefold() != new.name.casefold())
    _write(file, tuple(sorted((*kept, new), key=lambda c: c.name.casefold())))
    return new


def remove_connection(name: str, *, path: Path | None = None) -> bool:
    """Forget the connection ``name``; whether it existed.

    Examples:
        >>> import tempfile, pathlib
        >>> where = pathlib.Path(tempfile.mkdtemp()) / "connections.json"
        >>> _ = save_connection("CRM", "postgres://analyst@db/crm", path=where)
        >>> remove_connection("crm", path=where), saved_connections(where)
        (True, ())
    """
    file = path or connections_path()
    rows = saved_connections(file)
    kept = tuple(c for c in rows if c.name.casefold() != str(name).strip().casefold())
    if len(kept) != len(rows):
        _write(file, kept)
    return len(kept) != len(rows)

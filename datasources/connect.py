"""Ibis connections: an in-process DuckDB by default, any Ibis backend by URL."""

from __future__ import annotations

import re
from typing import Any

import ibis
from ibis.backends import BaseBackend

from planner_common import InputError


def redact(url: str) -> str:
    """Hide the password of a connection URL before it appears in a message.

    Examples:
        >>> redact("postgres://ana:secreto@db.example.com:5432/ventas")
        'postgres://ana:***@db.example.com:5432/ventas'
    """
    return re.sub(r"(//[^:/@]+:)[^@]*@", r"\1***@", url)


def connect(url: str | None = None, **kwargs: Any) -> BaseBackend:
    """An Ibis backend: a new in-process DuckDB when ``url`` is ``None``, else ``ibis.connect(url)``.

    Args:
        url: ``None`` for DuckDB in memory, or a URL such as ``"duckdb:///campaigns.ddb"``,
            ``"postgres://user:pass@host/db"`` or ``"bigquery://project/dataset"`` (the backend's
            driver must be installed).
        **kwargs: Passed to the backend, e.g. ``memory_limit="1GB"`` or ``threads=2`` for DuckDB.

    Returns:
        An Ibis backend; ``.table(name)`` gives a table the analysis engine can aggregate in place.

    Examples:
        >>> con = connect()
        >>> con.name
        'duckdb'
        >>> connect("duckdb://").name
        'duckdb'

    References:
        Ibis backends, https://ibis-project.org/backends/.
    """
    if url is None:
        return ibis.duckdb.connect(**kwargs)
    if not isinstance(url, str) or "://" not in url:
        raise InputError(
            "bad_connection_url",
            f"url must look like 'backend://...', e.g. 'postgres://user@host/db'; got {url!r}.",
            field="url",
            value=redact(str(url)),
        )
    try:
        return ibis.connect(url, **kwargs)
    except ImportError as exc:
        raise InputError(
            "backend_not_installed",
            f"the driver for {redact(url)} is not installed ({exc}); install the Ibis "
            "extra for that backend.",
            field="url",
            value=redact(url),
        ) from None
    except Exception as exc:  # noqa: BLE001 - every backend raises its own connection errors
        raise InputError(
            "connection_failed",
            f"could not connect to {redact(url)}: {redact(str(exc))[:200]}",
            field="url",
            value=redact(url),
        ) from None

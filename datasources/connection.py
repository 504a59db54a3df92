"""Ibis connections: an in-process DuckDB by default, Spark, PostgreSQL and warehouses by URL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
from ibis.backends import BaseBackend

from datasources import engines
from datasources.duckdb_schema import describe_with_cursor
from datasources.engines import redacted
from planner_common import InputError

redact = redacted  # the earlier name, kept for callers


def _bad_url(url: Any) -> InputError:
    return InputError(
        "bad_connection_url",
        f"url must look like 'backend://...', e.g. 'postgres://user@host/db'; got {redacted(str(url))!r}.",
        field="url",
        value=redacted(str(url)),
    )


def _open(url: str, scheme: str, secrets: Mapping[str, Any] | None, kwargs: dict[str, Any]) -> BaseBackend:
    key, value = engines.secret(scheme, secrets)
    if scheme == "pyspark":
        return ibis.pyspark.connect(engines.spark_session(engines.spark_conf(url)), **kwargs)
    if scheme == "sc":
        return ibis.pyspark.connect(engines.spark_connect_session(url, value), **kwargs)
    if scheme == "databricks":
        return ibis.databricks.connect(**engines.databricks_kwargs(url, value) | kwargs)
    if value is not None and key not in kwargs and not _has_password(url):
        kwargs = {key: value} | kwargs
    return ibis.connect(url, **kwargs)


def _has_password(url: str) -> bool:
    return redacted(url) != url


def connect(
    url: str | None = None, *, secrets: Mapping[str, Any] | None = None, **kwargs: Any
) -> BaseBackend:
    """An Ibis backend: a new in-process DuckDB when ``url`` is ``None``, else the engine the URL names.

    URLs (the engine table is in :mod:`datasources.engines`):

    * ``pyspark://?spark.master=local[2]&spark.driver.memory=2g`` – a local Spark built from those settings
      (web UI off unless ``spark.ui.enabled=true``); ``pyspark:///path`` sets the warehouse directory;
    * ``sc://host:15002`` – a remote Spark Connect server (needs ``pyspark[connect]``);
    * ``postgres://user@host:5432/db``, ``duckdb:///file.ddb``;
    * ``bigquery://project/dataset``, ``snowflake://user@account/db/schema``,
      ``databricks://host/sql/1.0/warehouses/id`` – each with its Ibis extra installed.

    Args:
        url: ``None`` for DuckDB in memory, or an engine URL as above.
        secrets: Where the password or token comes from (``st.secrets`` in the app): key ``password``
            (PostgreSQL, Snowflake) or ``token`` (Spark Connect, Databricks); without it the environment
            (``PGPASSWORD``, ``SNOWFLAKE_PASSWORD``, ``SPARK_CONNECT_TOKEN``, ``DATABRICKS_TOKEN``;
            BigQuery reads ``GOOGLE_APPLICATION_CREDENTIALS`` itself). Store URLs without secrets.
        **kwargs: Passed to the backend, e.g. ``memory_limit="1GB"`` or ``threads=2`` for DuckDB.

    Returns:
        An Ibis backend; ``.table(name)`` gives a table the analysis engine can aggregate in place.

    Raises:
        InputError: ``bad_connection_url``, ``bad_spark_option``, ``spark_session_running``,
            ``backend_not_installed`` (naming the package to install) or ``connection_failed``; no
            message ever shows a password or token.

    Examples:
        A marketing analyst opens the campaign database file, then the default in-memory engine:

        >>> connect("duckdb://").name
        'duckdb'
        >>> connect().name
        'duckdb'

    References:
        Ibis backends, https://ibis-project.org/backends/; Spark Connect,
        https://spark.apache.org/docs/4.0.0/spark-connect-overview.html.
    """
    if url is None:
        return describe_with_cursor(ibis.duckdb.connect(**kwargs))
    if not isinstance(url, str) or "://" not in url:
        raise _bad_url(url)
    scheme = engines.scheme_of(url)
    engines.require_driver(scheme, url)
    try:
        return describe_with_cursor(_open(url, scheme, secrets, dict(kwargs)))
    except InputError:
        raise
    except ImportError as exc:
        raise InputError(
            "backend_not_installed",
            f"the driver for {redacted(url)} is not installed ({exc}); install the Ibis "
            "extra for that backend.",
            field="url",
            value=redacted(url),
            extra=f"ibis-framework[{scheme}]",
        ) from None
    except Exception as exc:  # noqa: BLE001 - every backend raises its own connection errors
        raise InputError(
            "connection_failed",
            f"could not connect to {redacted(url)}: {_scrub(str(exc), url, secrets)[:200]}",
            field="url",
            value=redacted(url),
        ) from None


def _scrub(text: str, url: str, secrets: Mapping[str, Any] | None) -> str:
    """The driver's message with every known secret hidden."""
    text = redacted(text)
    for value in [engines.secret(engines.scheme_of(url), secrets)[1], *(secrets or {}).values()]:
        if value:
            text = text.replace(str(value), "***")
    return text

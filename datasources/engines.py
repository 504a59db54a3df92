"""Engine URLs: which Ibis extra each needs, where its secrets come from, how a Spark session is built.

Credentials never live in a URL that is stored or shown: :func:`redacted` hides them for display, and
:func:`connect` takes them from a ``secrets`` mapping (``st.secrets`` in the app) or the environment.

=============  =======================================  ==================  ===========================
scheme         example                                  Ibis extra          secret (mapping key / env)
=============  =======================================  ==================  ===========================
``pyspark``    ``pyspark://?spark.master=local[2]``     ``pyspark``         –
``sc``         ``sc://spark.example.com:15002``         ``pyspark``         ``token`` / SPARK_CONNECT_TOKEN
``postgres``   ``postgres://ana@db.example.com/crm``    ``postgres``        ``password`` / PGPASSWORD
``bigquery``   ``bigquery://project/dataset``           ``bigquery``        GOOGLE_APPLICATION_CREDENTIALS
``snowflake``  ``snowflake://ana@account/db/schema``    ``snowflake``       ``password`` / SNOWFLAKE_PASSWORD
``databricks`` ``databricks://host/sql/1.0/warehouses/x``  ``databricks``   ``token`` / DATABRICKS_TOKEN
=============  =======================================  ==================  ===========================
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from planner_common import InputError

# scheme → (Ibis extra, a module its driver provides)
EXTRAS: dict[str, tuple[str, str]] = {
    "pyspark": ("pyspark", "pyspark"),
    "sc": ("pyspark", "grpc"),
    "postgres": ("postgres", "psycopg"),
    "bigquery": ("bigquery", "google.cloud.bigquery"),
    "snowflake": ("snowflake", "snowflake.connector"),
    "databricks": ("databricks", "databricks.sql"),
    "trino": ("trino", "trino"),
}
# scheme → (keyword argument of the backend, environment variable) for the one secret it needs
SECRETS: dict[str, tuple[str, str]] = {
    "sc": ("token", "SPARK_CONNECT_TOKEN"),
    "postgres": ("password", "PGPASSWORD"),
    "snowflake": ("password", "SNOWFLAKE_PASSWORD"),
    "databricks": ("token", "DATABRICKS_TOKEN"),
}
# What a local Spark gets unless the URL says otherwise: no web UI, a quiet log.
SPARK_DEFAULTS = {
    "spark.master": "local[*]",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}
_SECRET_PARAMS = re.compile(r"(?i)([;?&](?:token|password|access_token|pwd)=)[^;&]*")


def redacted(url: str) -> str:
    """The URL to show or store: password and token parameters replaced by ``***``.

    Args:
        url: A connection URL.

    Returns:
        The same URL without its secrets.

    Examples:
        >>> redacted("postgres://ana:secreto@db.example.com:5432/ventas")
        'postgres://ana:***@db.example.com:5432/ventas'
        >>> redacted("sc://spark.example.com:15002/;token=abc123;user_id=ana")
        'sc://spark.example.com:15002/;token=***;user_id=ana'

    References:
        RFC 3986 §3.2.1 (user information in a URI; passwords in it are deprecated).
    """
    hidden = re.sub(r"(//[^:/@]+:)[^@]*@", r"\1***@", url)
    return _SECRET_PARAMS.sub(r"\1***", hidden)


def scheme_of(url: str) -> str:
    """``postgresql`` reads as ``postgres``; otherwise the URL's scheme in lower case."""
    scheme = url.split("://", 1)[0].lower()
    return "postgres" if scheme == "postgresql" else scheme


def require_driver(scheme: str, url: str) -> None:
    """Raise ``backend_not_installed`` naming the extra when the scheme's driver is missing."""
    extra, module = EXTRAS.get(scheme, ("", ""))
    needed = [module, "pyspark"] if scheme == "sc" else [module]  # Spark Connect: pyspark and grpc
    if module and not all(_importable(name) for name in needed):
        package = "pyspark[connect]" if scheme == "sc" else f"ibis-framework[{extra}]"
        raise InputError(
            "backend_not_installed",
            f"the driver for {redacted(url)} is not installed; install it with pip install '{package}'.",
            field="url",
            value=redacted(url),
            extra=package,
        )


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def secret(scheme: str, secrets: Mapping[str, Any] | None) -> tuple[str, str | None]:
    """The scheme's secret keyword and its value: from ``secrets`` first, else the environment."""
    key, env = SECRETS.get(scheme, ("", ""))
    if not key:
        return "", None
    value = (secrets or {}).get(key) or os.environ.get(env)
    return key, None if value is None else str(value)


def spark_conf(url: str) -> dict[str, str]:
    """Spark settings of a ``pyspark://`` URL: its ``spark.*`` query parameters (defaults added at start).

    A path (``pyspark:///data/warehouse``) is the warehouse directory (``spark.sql.warehouse.dir``), where
    the tables saved with ``saveAsTable`` live.

    Examples:
        >>> conf = spark_conf("pyspark://?spark.master=local[2]&spark.driver.memory=2g")
        >>> conf
        {'spark.master': 'local[2]', 'spark.driver.memory': '2g'}
        >>> spark_conf("pyspark:///srv/warehouse")["spark.sql.warehouse.dir"]
        '/srv/warehouse'

    References:
        Apache Spark 4.0 configuration, https://spark.apache.org/docs/4.0.0/configuration.html.
    """
    parts = urlsplit(url)
    conf: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if not key.startswith("spark."):
            raise InputError(
                "bad_spark_option",
                f"pyspark URL parameters are Spark settings starting with 'spark.', e.g. "
                f"spark.driver.memory=2g; got {key!r}.",
                field="url",
                value=key,
            )
        conf[key] = value
    path = unquote(parts.netloc + parts.path)
    if path.strip("/"):
        conf["spark.sql.warehouse.dir"] = os.path.abspath(path)
    return conf


def spark_session(conf: Mapping[str, str]) -> Any:
    """A SparkSession with these settings (over :data:`SPARK_DEFAULTS`); the running one if it has them."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    running = SparkContext._active_spark_context
    if running is None:
        builder = SparkSession.builder
        for key, value in (SPARK_DEFAULTS | dict(conf)).items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("WARN")
        return session
    session = SparkSession.builder.getOrCreate()
    _check_running(session, conf)
    return session


def _check_running(session: Any, conf: Mapping[str, str]) -> None:
    """Runtime settings are applied to the running session; a different static setting is an error."""
    static = dict(session.sparkContext.getConf().getAll())
    for key, value in conf.items():
        if session.conf.isModifiable(key):
            session.conf.set(key, value)
        elif static.get(key) != value:
            raise InputError(
                "spark_session_running",
                f"a Spark session is already running in this process with {key}="
                f"{static.get(key, '(default)')}, not {value}; Spark reads that setting only at "
                "start-up: restart the app or use the same setting.",
                field="url",
                value=key,
                running=static.get(key, "(default)"),
                wanted=value,
            )


def spark_connect_session(url: str, token: str | None) -> Any:
    """A Spark Connect session on ``sc://host:port`` (the token, if any, added to the URL)."""
    from pyspark.sql.connect.session import SparkSession as RemoteSession

    if token and ";token=" not in url:
        url = url.rstrip("/") + f"/;token={token}"
    return RemoteSession.builder.remote(url).getOrCreate()


def databricks_kwargs(url: str, token: str | None) -> dict[str, Any]:
    """``databricks://host/http/path?catalog=c&schema=s`` → the Databricks backend's keywords."""
    parts = urlsplit(url)
    kwargs: dict[str, Any] = {"server_hostname": parts.hostname, "http_path": parts.path or None}
    kwargs |= dict(parse_qsl(parts.query))
    if token:
        kwargs["access_token"] = token
    return kwargs

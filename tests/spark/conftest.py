"""Fixtures of the Spark tests: one local Spark for the whole run, reached in-process and by Spark Connect.

``spark``        session – the Ibis backend of a local Spark built by ``datasources.connect`` from a
                 ``pyspark://`` URL (``local[2]``, 1 GB, 4 shuffle partitions, Arrow transfers); the same JVM also serves
                 Spark Connect on a free loopback port.
``spark_remote`` session – an Ibis backend on that server through ``connect("sc://127.0.0.1:<port>")``.

Mark the tests ``@pytest.mark.spark`` and ``@pytest.mark.xdist_group("spark")`` so that ``pytest -n 3
--dist loadgroup`` runs them in one worker sharing one Spark. Java or pyspark missing
(``scripts/ensure_java.sh`` and requirements.lock install them): the tests FAIL when ``CI=true``, otherwise
they skip.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: make `engine_cases` importable


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker; repeat it so `-p no:xdist` runs still pass --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): run in the same xdist worker as its group")


def _missing() -> str | None:
    java = os.environ.get("JAVA_HOME", "")
    if not (java and Path(java, "bin", "java").exists()) and shutil.which("java") is None:
        return "Java is not installed (apt-get install openjdk-17-jre-headless; `make test` does it as root)"
    for module in ("pyspark", "grpc"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -r requirements.lock)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def spark_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory, spark_port: int) -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: the Spark tests must run, but {reason}")
        pytest.skip(reason)
    from datasources import connect

    warehouse = tmp_path_factory.mktemp("spark-warehouse")
    settings = {
        "spark.master": "local[2]",
        "spark.driver.memory": "1g",
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.warehouse.dir": str(warehouse),
        "spark.plugins": "org.apache.spark.sql.connect.SparkConnectPlugin",
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(spark_port),
    }
    backend = connect("pyspark://?" + "&".join(f"{k}={v}" for k, v in settings.items()))
    try:
        yield backend
    finally:
        backend.disconnect()


@pytest.fixture(scope="session")
def spark_remote(spark: Any, spark_port: int) -> Iterator[Any]:
    from datasources import connect

    backend = connect(f"sc://127.0.0.1:{spark_port}")
    try:
        yield backend
    finally:
        backend._session.stop()

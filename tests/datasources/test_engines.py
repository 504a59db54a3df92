"""Engine URLs: what ``connect`` does with Spark, Spark Connect and warehouse URLs before any server is
reached (oracles: the URLs' own text – RFC 3986 parts and Spark's documented setting names –, and the
Python import system for which drivers are installed here)."""

from __future__ import annotations

import importlib.util

import pytest

from app_pages.i18n import error_text
from datasources import connect, redacted
from datasources.engines import databricks_kwargs, secret, spark_conf
from planner_common import InputError


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgres://ana:s3cr3t@db:5432/crm", "postgres://ana:***@db:5432/crm"),
        ("snowflake://ana:p%40ss@acct/db/sch", "snowflake://ana:***@acct/db/sch"),
        ("sc://spark:15002/;token=abc;user_id=ana", "sc://spark:15002/;token=***;user_id=ana"),
        (
            "databricks://h/sql?access_token=xyz&catalog=main",
            "databricks://h/sql?access_token=***&catalog=main",
        ),
        ("bigquery://project/dataset", "bigquery://project/dataset"),
    ],
)
def test_redacted_hides_passwords_and_tokens(url: str, shown: str) -> None:
    assert redacted(url) == shown


def test_spark_settings_come_from_the_url() -> None:
    url = "pyspark://?spark.master=local[2]&spark.driver.memory=2g&spark.sql.shuffle.partitions=8"
    assert spark_conf(url) == {
        "spark.master": "local[2]",
        "spark.driver.memory": "2g",
        "spark.sql.shuffle.partitions": "8",
    }
    assert spark_conf("pyspark:///srv/campañas")["spark.sql.warehouse.dir"] == "/srv/campañas"
    assert spark_conf("pyspark://") == {}
    with pytest.raises(InputError) as caught:
        spark_conf("pyspark://?memory=2g")
    assert caught.value.code == "bad_spark_option" and caught.value.params["value"] == "memory"


@pytest.mark.parametrize(
    ("url", "module", "extra"),
    [
        ("bigquery://project/dataset", "google.cloud.bigquery", "ibis-framework[bigquery]"),
        ("snowflake://ana@account/db/schema", "snowflake.connector", "ibis-framework[snowflake]"),
        ("databricks://host/sql/1.0/warehouses/abc", "databricks.sql", "ibis-framework[databricks]"),
        ("trino://ana@host:8080/hive", "trino", "ibis-framework[trino]"),
    ],
)
def test_a_missing_driver_names_the_extra_to_install(url: str, module: str, extra: str) -> None:
    try:
        installed = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        installed = False
    assert not installed  # none of the warehouse drivers is a project dependency
    with pytest.raises(InputError) as caught:
        connect(url)
    assert caught.value.code == "backend_not_installed" and caught.value.params["extra"] == extra
    assert extra in error_text(caught.value, "es") and extra in error_text(caught.value, "en")


def test_secrets_come_from_the_mapping_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRICKS_TOKEN", "from-env")
    assert secret("databricks", {"token": "from-secrets"}) == ("token", "from-secrets")
    assert secret("databricks", None) == ("token", "from-env")
    assert secret("bigquery", {"password": "x"}) == ("", None)  # BigQuery reads its own credentials file
    kwargs = databricks_kwargs(
        "databricks://adb-1.azuredatabricks.net/sql/1.0/warehouses/abc?catalog=main", "t"
    )
    assert kwargs == {
        "server_hostname": "adb-1.azuredatabricks.net",
        "http_path": "/sql/1.0/warehouses/abc",
        "catalog": "main",
        "access_token": "t",
    }


def test_a_password_from_secrets_never_appears_in_the_error() -> None:
    with pytest.raises(InputError) as caught:
        connect("postgres://ana@127.0.0.1:1/crm", secrets={"password": "s3cr3t-del-banco"})
    assert caught.value.code == "connection_failed"
    assert "s3cr3t" not in str(caught.value) and "s3cr3t" not in error_text(caught.value, "es")

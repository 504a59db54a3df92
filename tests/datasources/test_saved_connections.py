"""Saved connections: names and URLs without secrets in a local settings file.

Oracles: the file itself read back with :mod:`json` (what is on disk is exactly the name and the URL,
never a password); round trips (save → list → remove); the refusal codes; the environment variable
naming the file (``monkeypatch``).
"""

from __future__ import annotations

import json

import pytest

from datasources import connections_path, remove_connection, save_connection, saved_connections
from planner_common import InputError


def test_save_list_replace_and_remove(tmp_path):
    file = tmp_path / "cfg" / "connections.json"
    save_connection("CRM", "postgres://analyst@db.example.com:5432/crm", path=file)
    save_connection("lago", "pyspark://?spark.master=local[2]", path=file)
    save_connection("crm", "postgres://analyst@db2.example.com:5432/crm", path=file)  # same name, any case
    on_disk = json.loads(file.read_text(encoding="utf-8"))
    assert on_disk == {
        "connections": [
            {"name": "crm", "url": "postgres://analyst@db2.example.com:5432/crm"},
            {"name": "lago", "url": "pyspark://?spark.master=local[2]"},
        ]
    }
    assert [c.name for c in saved_connections(file)] == ["crm", "lago"]
    assert remove_connection("CRM", path=file) and not remove_connection("CRM", path=file)
    assert [c.name for c in saved_connections(file)] == ["lago"]
    assert not list(file.parent.glob(".connections-*"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("name", "url", "code"),
    [
        ("CRM", "postgres://analyst:s3cret@db/crm", "secret_in_url"),
        ("Spark", "sc://spark.example.com:15002/;token=abc;user_id=ana", "secret_in_url"),
        ("CRM", "db.example.com/crm", "bad_connection_url"),
        ("CRM", "postgresql+psycopg://analyst@db/crm", "bad_connection_url"),
        ("  ", "postgres://analyst@db/crm", "bad_connection_name"),
        ("x" * 101, "postgres://analyst@db/crm", "bad_connection_name"),
    ],
)
def test_secrets_and_bad_entries_are_refused_and_nothing_is_written(tmp_path, name, url, code):
    file = tmp_path / "connections.json"
    with pytest.raises(InputError) as caught:
        save_connection(name, url, path=file)
    assert caught.value.code == code and not file.exists()
    assert "s3cret" not in str(caught.value) and "abc" not in str(caught.value.params)


def test_the_file_comes_from_the_environment_and_a_broken_one_is_one_sentence(tmp_path, monkeypatch):
    file = tmp_path / "mine.json"
    monkeypatch.setenv("CAMPAIGN_PLANNER_CONNECTIONS", str(file))
    assert connections_path() == file and saved_connections() == ()
    save_connection("CRM", "postgres://analyst@db/crm")
    assert [c.url for c in saved_connections()] == ["postgres://analyst@db/crm"]
    file.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        saved_connections()
    assert caught.value.code == "bad_connections_file"

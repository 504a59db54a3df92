"""Data from a database instead of a file: a saved connection and a table (Split, Analyse, Monitor).

A saved connection is a name and a URL *without secrets*, kept in a local settings file by
:func:`datasources.save_connection` – never in the campaign. The password or token comes from
``.streamlit/secrets.toml`` (section ``[connections.<name>]``, key ``password`` or ``token``) or from the
environment (``PGPASSWORD``, ``SPARK_CONNECT_TOKEN``...), see :func:`app_pages.cache.database`. The
chosen table is returned as a :class:`app_pages.cache.DatabaseTable`, which the pages pass to the same
cached readers as a file's bytes: the column mapping and the results are those of a file. A table has no
SHA-256 (its rows may change): records name the connection (URL redacted) and the table instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from app_pages import cache
from app_pages.components.feedback import show_error
from app_pages.i18n import t
from datasources import redacted, save_connection, saved_connections
from planner_common import InputError


def is_database(data: object) -> bool:
    """Whether a source's ``data`` is a database table (not file bytes or a bundled example)."""
    return isinstance(data, cache.DatabaseTable)


def source_mode(data: object) -> str:
    """``"database"``, ``"example"`` (bundled file) or ``"file"`` (upload): the record's ``mode``."""
    return "database" if is_database(data) else "example" if data is None else "file"


def _save(prefix: str) -> None:
    """Save the typed connection (refused with a sentence when the URL holds a secret)."""
    state = st.session_state
    name, url = state.get(f"{prefix}_db_new_name", ""), state.get(f"{prefix}_db_new_url", "")
    try:
        saved = save_connection(name, url)
    except InputError as exc:
        state[f"_{prefix}_db_error"] = exc
        return
    state[f"{prefix}.db_connection"] = saved.name
    state[f"{prefix}_db_new_url"] = ""  # never kept in the session once saved
    state.pop(f"{prefix}.db_table", None)


def _unset(key: str) -> dict[str, None]:
    """``index=None`` (nothing chosen) only for a widget whose value the session does not hold yet."""
    return {} if key in st.session_state else {"index": None}


def _reread(prefix: str) -> None:
    st.session_state[f"_{prefix}_db_read_at"] = datetime.now(UTC).isoformat()


def _new_connection(prefix: str, expanded: bool) -> None:
    """The form that saves a connection: a name and a URL; the secrets stay outside the app."""
    with st.expander(t("source.add"), expanded=expanded, icon=":material/add_link:"):
        left, right = st.columns([1, 2])
        left.text_input(t("source.name"), key=f"{prefix}_db_new_name", placeholder="CRM")
        right.text_input(t("source.url"), key=f"{prefix}_db_new_url", placeholder=t("source.url_example"))
        st.caption(t("source.secrets_help"))
        st.button(t("source.save"), key=f"{prefix}.db_save_btn", on_click=_save, args=(prefix,),
                  icon=":material/save:")  # fmt: skip
        error = st.session_state.pop(f"_{prefix}_db_error", None)
        if error is not None:
            show_error(error)


def _tables(name: str, url: str, read_at: str) -> list[str] | None:
    try:
        return cache.database_tables(name, url, read_at)
    except InputError as exc:
        show_error(exc)
    except Exception as exc:  # noqa: BLE001 - a database's own failure is one sentence, never a traceback
        detail = redacted(str(exc).splitlines()[0][:300]) if str(exc) else type(exc).__name__
        st.error(t("source.engine_error", detail=detail), icon=":material/error:")
    return None


def database_table(prefix: str) -> cache.DatabaseTable | None:
    """A saved connection and one of its tables (``prefix`` is the page's widget prefix); ``None`` until
    both are chosen."""
    try:
        connections = {c.name: c for c in saved_connections()}
    except InputError as exc:
        show_error(exc)
        return None
    key = f"{prefix}.db_connection"
    if st.session_state.get(key) not in connections:
        st.session_state.pop(key, None)
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    name = left.selectbox(
        t("source.connection"), list(connections), key=key, placeholder=t("source.pick_connection"),
        format_func=lambda n: connections[n].label if n in connections else n, **_unset(key),
    )  # fmt: skip
    _new_connection(prefix, expanded=not connections)
    if name is None:
        st.info(t("source.empty" if connections else "source.none_saved"), icon=":material/database:")
        return None
    read_at = st.session_state.setdefault(f"_{prefix}_db_read_at", "")
    tables = _tables(name, connections[name].url, read_at)
    if tables is None:
        return None
    table_key = f"{prefix}.db_table"
    if st.session_state.get(table_key) not in tables:
        st.session_state.pop(table_key, None)
    table = middle.selectbox(t("source.table"), tables, key=table_key, placeholder=t("source.pick_table"),
                             **_unset(table_key))  # fmt: skip
    right.button(t("source.reread"), key=f"{prefix}.db_reread_btn", on_click=_reread, args=(prefix,),
                 icon=":material/refresh:", help=t("source.reread_help"))  # fmt: skip
    if table is None:
        return None
    return cache.DatabaseTable(name, connections[name].url, table, read_at)

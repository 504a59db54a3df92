"""Libraries every page needs, imported in the background while a visitor reads the sign-in screen.

The first visitor of a freshly started server would otherwise wait, on the first page, for pandas,
pyarrow, Altair and SciPy's special functions to load (about half a second on 2 cores). The sign-in
screen needs none of them, so when it has been drawn :func:`start` imports them in one background
thread. Every script run first calls :func:`wait`, which waits for that thread: two threads never import
at the same time (so no import-lock deadlock), and a visitor who signs in faster than the imports finish
only waits for what is left. A library that fails to import is left for the page that needs it to report.
"""

from __future__ import annotations

import importlib
import threading

MODULES = ("pandas", "pyarrow", "altair", "scipy.special")
_started: list[threading.Thread] = []
_lock = threading.Lock()


def start() -> None:
    """Start the background imports (once per server process)."""
    with _lock:
        if not _started:
            thread = threading.Thread(target=_load, name="campaign-planner-warm-up", daemon=True)
            _started.append(thread)
            thread.start()


def wait() -> None:
    """Wait until the background imports, if started, are done (call first in every script run)."""
    if _started and _started[0] is not threading.current_thread():
        _started[0].join()


def _load() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - the page that needs the library says what is wrong
            continue

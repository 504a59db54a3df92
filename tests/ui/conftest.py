"""Fixtures for the UI tests: AppTest helpers and a real browser driving a real ``streamlit run``.

AppTest (no browser, fast):
    ``app_test(lang="es", user=..., **state)`` – a fresh ``AppTest`` of ``streamlit_app.py`` signed in as
    ``user`` (default: the test leader of ``_accounts.account()``; ``user=None`` shows the sign-in
    screen), with the session language (and any other session-state entries, e.g. ``campaign={...}``)
    set, already run once (the
    default page is rendered and ``st.navigation`` has registered every page); switch pages with
    ``at.switch_page("app_pages/<folder>/page.py").run()`` – every page is a ``page.py`` in its own
    folder (``brief``, ``design``, ``split``, ``analyze``, ``decision``, ``customer_value``,
    ``satisfaction``), found by its registered path, so ``switch_page`` needs that first run.

Browser (end-to-end; mark tests ``@pytest.mark.browser`` and ``@pytest.mark.xdist_group("browser")`` or
``"browser_b"``: ``pytest -n 3 --dist loadgroup`` runs each group in one worker, which starts its own
server and Chromium, so the two halves of the browser tests run side by side):
    ``app_url``   session – base URL of ``streamlit run streamlit_app.py`` started from the repo root on a
                  free port (``sys.executable -m streamlit``, headless, no usage stats) with its own
                  registry holding the accounts of ``_browser.ACCOUNTS`` (one per role, known passwords);
                  stopped at the end.
    ``app_registry_url`` session – that registry's URL, for tests that save campaigns the server lists
                  (``Registry(app_registry_url)``, saving as one of those accounts).
    ``browser``   session – Debian's Chromium (``/usr/bin/chromium`` or ``$CHROMIUM``) launched by the
                  Playwright driver bundled with the ``playwright`` package (never ``playwright install``);
                  each context gets a fresh profile. Missing Chromium: the test FAILS when ``CI=true``,
                  otherwise it is skipped with the reason.
    ``browser_locale`` – ``"es-CL"`` by default; override per test with
                  ``@pytest.mark.parametrize("browser_locale", ["en-US"])`` (the app picks its language
                  from the browser locale).
    ``page``      function – a new browser context (locale, 1400×1000 viewport) and page per test.
    ``open_page`` function – ``open_page("design")`` navigates ``page`` to ``{app_url}/design``, signs
                  in (as the leader; ``open_page("design", role="analyst")``) when the sign-in screen
                  shows, and waits until the script run has finished; url paths are ``brief``, ``design``, ``assign``
                  (folder ``split``), ``analyze``, ``rollout`` (folder ``decision``), ``customer_value``
                  and ``satisfaction``; ``open_page()`` opens the default page.
Page helpers (``metric_value``, ``set_number``, ``wait_idle``, ``screenshot`` into the git-ignored
``tests/ui/artifacts/``) live in ``tests/ui/_browser.py``: ``from _browser import metric_value``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # make `_browser` importable in any import mode

import _browser  # noqa: E402
from _accounts import account  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker; repeat it so `-p no:xdist` runs still pass --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): run in the same xdist worker as its group")


@pytest.fixture
def app_test() -> Callable:
    """Factory: ``app_test("en", campaign={...})`` → an AppTest of the whole app in that language, with
    the given session-state entries set before the first run, run once (the default page shown)."""
    from streamlit.testing.v1 import AppTest

    def make(lang: str = "es", user: object = "leader", **state):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        if user is not None:
            at.session_state["auth.user"] = account(user) if isinstance(user, str) else user
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()

    return make


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _browser.find_chromium()
    if path is None:
        reason = (
            "Debian's chromium is not installed (apt-get install chromium, or set $CHROMIUM); "
            "`make test` installs it when run as root"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: browser tests must run, but {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def app_registry_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of the registry the browser tests' server uses (seeded with ``_browser.ACCOUNTS``)."""
    return _browser.seed_registry(tmp_path_factory.mktemp("registry") / "registry.sqlite")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, app_registry_url: str) -> Iterator[str]:
    port = _browser.free_port()
    folder = tmp_path_factory.mktemp("streamlit")
    log_path = folder / "server.log"
    proc = _browser.start_streamlit(port, log_path, env={"CAMPAIGN_PLANNER_DB_URL": app_registry_url})
    url = f"http://127.0.0.1:{port}"
    try:
        _browser.wait_for_health(url, proc, log_path)
        yield url
    finally:
        _browser.stop_process(proc)


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=_browser.CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_locale() -> str:
    return "es-CL"


@pytest.fixture
def page(browser, browser_locale: str):
    context = browser.new_context(locale=browser_locale, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(_browser.TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def open_page(page, app_url: str) -> Callable:
    """``open_page("design", role="leader")`` → the Playwright page showing ``{app_url}/design``, idle,
    signed in as that role's account (a full page load starts a new Streamlit session: sign in again)."""
    return lambda url_path="", role="leader": _browser.goto(page, app_url, url_path, role=role)

"""Helpers for the end-to-end browser tests: a real ``streamlit run`` server and Debian's Chromium.

The fixtures in ``tests/ui/conftest.py`` use these; browser tests import the page helpers directly::

    from _browser import active_tab, metric, metric_value, set_number, screenshot, wait_idle

``goto`` and ``screenshot`` wait until Streamlit has finished its run (``data-test-script-state=
"notRunning"`` on the ``stApp`` element). After changing an input, wait for its effect with Playwright's
retrying assertions, e.g. ``expect(metric(page, "Piloto")).to_have_text("8.158")`` – never sleep.
Chromium is launched by Playwright's ``launch()``, which gives every run a fresh temporary profile
(user-data-dir) and removes it on close.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Streamlit serves the default page (``default=True`` in streamlit_app.py) at "/", not at its url path.
DEFAULT_PAGE = "design"
TIMEOUT_MS = 30_000
# The browser server's registry: one account per role (username = role), with these passwords.
ACCOUNTS = {role: f"clave-{role}-navegador" for role in ("admin", "marketer", "analyst", "leader")}
# ... and two analysed campaigns saved by the analyst: a plain name, and one that is markdown.
CAMPAIGN_NAME = "Catálogo de primavera – Región Ñuble"
MARKDOWN_NAME = "![p](http://host/pixel.png) [Aprobar aquí](http://host/phish)"


def analysed_campaign(name: str) -> dict:
    """docs/formulas.md §6: a 1,00 pp uplift on 20 000 pilot vs 5 000 control customers, with its money."""
    metric = {"kind": "proportion", "direction": "increase", "n_control": 5_000, "n_treatment": 20_000,
              "control": 0.02, "treatment": 0.03, "successes_control": 100, "successes_treatment": 600,
              "effect_size": 0.01, "effect_size_ci_lower": 0.00546, "effect_size_ci_upper": 0.01454,
              "std_error": 0.0023184, "rel_effect_size": 0.5, "pvalue": 2e-5}  # fmt: skip
    return {
        "stage": "analysed",
        "brief": {"name": name, "eligible_base": 225_000, "fixed_cost": 3_000_000, "cost_per_contact": 300,
                  "margin_per_response": 40_000},
        "readout": {"source": "piloto.csv", "alpha": 0.05, "primary": "respuesta", "srm_flagged": False,
                    "srm_pvalue": 0.6, "metrics": {"respuesta": metric}},
    }  # fmt: skip


def find_chromium() -> str | None:
    """Path of the Chromium binary (``$CHROMIUM`` overrides), or None when it is not installed."""
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def free_port() -> int:
    """A TCP port that is free right now on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_registry(path: Path) -> str:
    """A fresh registry at ``path`` holding :data:`ACCOUNTS` (display name "<Role> Navegador"); its URL."""
    from rollout.registry import Registry

    url = f"sqlite:///{path}"
    reg = Registry(url)
    admin = reg.create_first_admin("admin", ACCOUNTS["admin"], display_name="Admin Navegador")
    users = {
        role: reg.create_user(role, password, role, actor=admin, display_name=f"{role.title()} Navegador")
        for role, password in ACCOUNTS.items()
        if role != "admin"
    }
    for name in (CAMPAIGN_NAME, MARKDOWN_NAME):
        reg.save(analysed_campaign(name), actor=users["analyst"])
    reg.engine.dispose()
    return url


def start_streamlit(
    port: int, log_path: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
) -> subprocess.Popen:
    """Start ``streamlit run streamlit_app.py`` from the repo root with this venv's Python (``env``:
    extra environment variables, e.g. the registry's URL; ``args``: extra options, e.g. a secrets file)."""
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *args,
    ]
    log = log_path.open("wb")
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )


def wait_for_health(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 60.0) -> None:
    """Poll ``/_stcore/health`` until it answers ``ok``; raise with the server log if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    log = log_path.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"streamlit did not become healthy at {url} (exit code {proc.poll()}):\n{log}")


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate the server we started (kill it if it does not stop within 10 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_idle(page: Page) -> None:
    """Wait until the current script run has finished."""
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


def sign_in(page: Page, username: str, password: str) -> None:
    """Fill the sign-in screen and wait until the app behind it has drawn its navigation."""
    form = page.get_by_test_id("stForm")
    form.get_by_role("textbox").first.fill(username)
    form.locator("input[type=password]").fill(password)
    form.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=TIMEOUT_MS)
    wait_idle(page)


def goto(page: Page, app_url: str, url_path: str = "", *, role: str | None = "leader") -> Page:
    """Open a page of the app by its url path (the page file name: ``design``, ``analyze``, ...),
    signing in as ``role``'s account of :data:`ACCOUNTS` when the sign-in screen shows.

    Fails at once, with Streamlit's message, when the path is not a page of the app.
    """
    path = "" if url_path == DEFAULT_PAGE else url_path.strip("/")
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_test_id("stMain")).to_be_visible(timeout=TIMEOUT_MS)
    if role is not None and not page.get_by_test_id("stSidebarNav").count():
        sign_in(page, role, ACCOUNTS[role])
    dialog = page.get_by_role("dialog")
    if dialog.count():
        raise AssertionError(f"opening /{path} shows a dialog: {dialog.first.inner_text()!r}")
    return page


def go_to(page: Page, title: str) -> None:
    """Click a page in the sidebar navigation (keeps the session, unlike a new URL) and wait until that
    page's run has ended. The address changes first: without waiting for it, the "idle" state of the page
    being left can satisfy the wait, and the next action lands on the wrong page (a file uploaded to
    Split's box instead of Analyse's, seen on a loaded machine)."""
    text = page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True)
    target = urlparse(text.locator("xpath=ancestor::a[1]").get_attribute("href") or "").path.rstrip("/")
    text.click()
    page.wait_for_url(lambda url: urlparse(url).path.rstrip("/") == target, timeout=TIMEOUT_MS)
    wait_idle(page)


def open_campaign(page: Page, name: str, *, attempts: int = 3) -> None:
    """Pick the saved campaign ``name`` in the sidebar list, press "Abrir" and wait until the sidebar names
    it as the current campaign (its text, drawn after the page, is the proof the open took effect).

    On a busy machine the "Abrir" click can land before the run started by the pick has been seen, and
    be lost: the pick and the click are repeated until the sidebar names the campaign."""
    from app_pages.i18n import translate

    sidebar = page.get_by_test_id("stSidebar")
    select = sidebar.get_by_test_id("stSelectbox").filter(has_text=translate("app.saved_campaigns", "es"))
    current = sidebar.get_by_test_id("stText").filter(has_text=name)
    for _ in range(attempts):
        open_select(page, select, name).first.click()
        wait_idle(page)
        sidebar.get_by_role("button", name=translate("app.open", "es")).click()
        try:
            expect(current).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            continue
    expect(current).to_be_visible(timeout=TIMEOUT_MS)
    wait_idle(page)


def active_tab(page: Page) -> Locator:
    """The visible ``st.tabs`` panel (hidden panels are excluded by the role query)."""
    return page.get_by_role("tabpanel")


def metric(scope: Page | Locator, label: str) -> Locator:
    """The value element of the ``st.metric`` card labelled ``label`` inside ``scope`` (a page, or a
    locator such as :func:`active_tab` when other tabs have cards with the same label)."""
    page = scope if isinstance(scope, Page) else scope.page  # `has=` locators are relative to the card
    card = scope.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return card.get_by_test_id("stMetricValue").first


def metric_value(scope: Page | Locator, label: str) -> str:
    """The text of a metric card's big number, e.g. ``"13.914"``."""
    return metric(scope, label).inner_text(timeout=TIMEOUT_MS).strip()


def set_number(scope: Page | Locator, label: str, value: float | str) -> None:
    """Type ``value`` into the ``st.number_input`` labelled ``label`` and commit it (Enter)."""
    box = scope.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")


def screenshot(page: Page, name: str) -> Path:
    """Save a PNG of the whole page under ``tests/ui/artifacts/`` (git-ignored) and return its path.

    Streamlit scrolls inside its main block, so the viewport is stretched to the content's height for
    the shot (and restored after it).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight), 0)"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height) + 80)})
    try:
        wait_idle(page)
        page.wait_for_timeout(300)  # let charts re-layout to the new size
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def open_select(page: Page, select: Locator, option_text: str, *, attempts: int = 5) -> Locator:
    """Open ``select`` until its option containing ``option_text`` shows, and return that option.

    On a busy machine a click that lands while the script reruns (after signing in, after a save) is
    lost when the element is redrawn: wait for the app to be idle and click again."""
    option = page.get_by_role("option").filter(has_text=option_text)
    for _ in range(attempts):
        wait_idle(page)
        select.click()
        try:
            option.first.wait_for(state="visible", timeout=3_000)
            return option
        except Exception:  # noqa: BLE001 - the dropdown did not open or was redrawn: try again
            page.keyboard.press("Escape")
    option.first.wait_for(state="visible", timeout=TIMEOUT_MS)
    return option

"""How long typical interactions take in a real browser: a number typed, a page switched, an example loaded.

Starts ``streamlit run streamlit_app.py`` on a free port (its own temporary registry), drives Debian's
Chromium with Playwright, and times each interaction from the user's input (the pointer-down or key-down
the page receives: the click, the Enter that commits a typed number) to the moment the app is idle
again (the ``stApp`` element's ``data-test-script-state`` back to ``notRunning`` after a run, watched by a
MutationObserver inside the page, so the figure includes the server's script run, the websocket and the
browser's rendering of the new elements). The same interaction is also timed from the automation call,
which adds Playwright's element lookup and actionability checks (tens of ms a user does not wait for).
Prints the median and worst of each interaction, then the overall median, p90 and worst.

Run: ``python benchmarks/ui_interactions.py [--rounds 5] [--lang es]``. Needs ``chromium`` (``make test``
installs it). A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ui"))

import _browser  # noqa: E402  (the test helpers: server start, Chromium path, idle wait)

OBSERVER = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__runs = [];
  window.__inputs = [];
  new MutationObserver(() => window.__runs.push([app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  for (const kind of ['pointerdown', 'keydown']) {
    document.addEventListener(kind, () => window.__inputs.push(performance.now()), {capture: true});
  }
}"""
# (ms from t0 to the end of the run, ms from the user's input event to the end of the run) once idle.
SETTLED = """(t0) => {
  const runs = window.__runs.filter(r => r[1] >= t0);
  const started = runs.find(r => r[0] === 'running');
  const last = runs[runs.length - 1];
  if (!(started && last && last[0] === 'notRunning')) return null;
  const inputs = window.__inputs.filter(t => t >= t0 && t <= started[1]);
  const event = inputs.length ? inputs[inputs.length - 1] : t0;
  return [last[1] - t0, last[1] - event];
}"""


def timed(page, action) -> tuple[float, float]:
    """Milliseconds to the end of the script run ``action()`` caused: from the call (including the
    automation's element lookup and actionability checks) and from the input event the page received
    (the last pointer-down or key-down before the run started: the moment the user clicked or pressed
    Enter)."""
    _browser.wait_idle(page)  # a run still under way (the one after signing in) would swallow this one's
    page.wait_for_timeout(200)  # "running" → "notRunning" pair: start from a settled page
    _browser.wait_idle(page)
    page.evaluate(OBSERVER)
    t0 = page.evaluate("() => performance.now()")
    action()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if page.evaluate(SETTLED, t0) is not None:
            page.wait_for_timeout(150)  # a second run may follow (state restored after navigation)
            call, event = page.evaluate(SETTLED, t0)
            return float(call), float(event)
        page.wait_for_timeout(10)
    raise TimeoutError("the app did not become idle within 30 s")


def interactions(page, base: str, lang: str) -> list[tuple[str, object]]:
    """The scripted session: (label, action) pairs, each a typical user step."""
    es = lang == "es"

    def nav(label: str):
        return lambda: page.get_by_test_id("stSidebarNav").get_by_text(label, exact=True).click()

    def click(name: str):
        return lambda: page.get_by_role("button", name=name).first.click()

    def typed(label: str, value: str):
        def run() -> None:
            box = page.get_by_label(label, exact=True)
            box.fill(value)
            box.press("Enter")

        return run

    example = "Cargar ejemplo" if es else "Load example"
    return [
        ("switch to Brief", nav("Campaña" if es else "Campaign brief")),
        ("load Brief example", click(example)),
        ("switch to Size", nav("Dimensionar" if es else "Size the pilot")),
        (
            "type the baseline rate",
            typed(("Tasa de respuesta del control (%)" if es else "Control response rate (%)"), "4"),
        ),
        (
            "type the baseline rate back",
            typed(("Tasa de respuesta del control (%)" if es else "Control response rate (%)"), "3"),
        ),
        ("switch to Analyse", nav("Analizar piloto" if es else "Analyse pilot")),
        ("load Analyse example", click(example)),
        ("switch to Roll-out", nav("Despliegue" if es else "Roll-out decision")),
        ("load Roll-out example", click(example)),
        ("switch to Customer value", nav("Valor del cliente" if es else "Customer value")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lang", choices=("es", "en"), default="es")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="cp-bench-ui-"))
    url = _browser.seed_registry(folder / "registry.sqlite")  # one account per role; the session signs in
    os.environ["CAMPAIGN_PLANNER_DB_URL"] = url
    port = _browser.free_port()
    server = _browser.start_streamlit(port, folder / "server.log", env={"CAMPAIGN_PLANNER_DB_URL": url})
    base = f"http://127.0.0.1:{port}"
    timings: dict[str, list[tuple[float, float]]] = {}
    try:
        _browser.wait_for_health(base, server, folder / "server.log")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=_browser.find_chromium(), args=_browser.CHROMIUM_ARGS
            )
            locale = "es-CL" if args.lang == "es" else "en-US"
            for _ in range(args.rounds):
                context = chromium.new_context(locale=locale, viewport={"width": 1280, "height": 900})
                page = context.new_page()
                _browser.goto(page, base)
                for label, action in interactions(page, base, args.lang):
                    try:
                        timings.setdefault(label, []).append(timed(page, action))
                    except TimeoutError as exc:
                        page.screenshot(path=str(folder / "timeout.png"))
                        raise TimeoutError(f"{label}: {exc} (screenshot {folder / 'timeout.png'})") from None
                context.close()
            chromium.close()
    finally:
        _browser.stop_process(server)
    print(f"load average {os.getloadavg()[0]:.1f}; ms from the input event (from the automation call)")
    for label, values in timings.items():
        event, call = [v[1] for v in values], [v[0] for v in values]
        print(
            f"{label:32s} median {statistics.median(event):6.0f} ({statistics.median(call):6.0f})"
            f"   worst {max(event):6.0f} ({max(call):6.0f})"
        )
    for which, name in ((1, "from the input event"), (0, "from the automation call")):
        everything = sorted(v[which] for values in timings.values() for v in values)
        p90 = everything[int(0.9 * (len(everything) - 1))]
        print(
            f"all {len(everything)} interactions, {name}: median {statistics.median(everything):.0f} ms, "
            f"p90 {p90:.0f} ms, worst {everything[-1]:.0f} ms"
        )


if __name__ == "__main__":
    main()

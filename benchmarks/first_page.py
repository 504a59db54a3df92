"""The app's first script run (what a new visitor waits for) against a bare Streamlit script's.

Each round prepares a temporary registry with one account (in its own process, so nothing is imported
in advance), then starts a fresh Python process that runs ``streamlit_app.py`` through Streamlit's
AppTest: the first run is what a new visitor waits for (the sign-in screen), the second signs in and
draws the default page for the first time (every import that page needs), the third is a cached rerun.
It lists which heavy libraries the first page loaded. The floor is a one-line script (``st.write``) run
the same way in a fresh process. Prints the medians and the ratio. The first page is timed twice: signing
in at once after the screen shows, and ``--think`` seconds later (3 by default: a person typing a
password), while ``app_pages.warmup`` imports the page's libraries in the background.

Run: ``python benchmarks/first_page.py [--rounds 5] [--think 3]``. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scipy.stats", "statsmodels", "pandas", "altair", "sqlalchemy", "ibis", "duckdb", "pyarrow")

SETUP = """
import sys
from rollout.registry import Registry
reg = Registry(sys.argv[1])
reg.create_first_admin("admin", "clave-de-prueba-1")
admin = reg.authenticate("admin", "clave-de-prueba-1")
reg.create_user("lider", "clave-de-prueba-1", "leader", actor=admin)
"""

CHILD = """
import json, os, sys, time
os.environ["CAMPAIGN_PLANNER_DB_URL"] = sys.argv[3]
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300)
t = time.perf_counter(); at.run(); screen = time.perf_counter() - t
time.sleep(float(sys.argv[4]))  # the visitor reading the screen and typing
if "signin_username" in [w.key for w in at.text_input]:
    at.text_input(key="signin_username").input("lider")
    at.text_input(key="signin_password").input("clave-de-prueba-1")
    t = time.perf_counter(); at.button(key="signin_btn").click().run(); first = time.perf_counter() - t
else:
    first = screen
t = time.perf_counter(); at.run(); second = time.perf_counter() - t
heavy = [m for m in sys.argv[2].split(",") if m in sys.modules]
print(json.dumps({"screen": screen, "first": first, "second": second, "heavy": heavy, "errors": len(at.exception)}))
"""


def run_once(script: Path, think: float = 0.0) -> dict[str, object]:
    """One fresh process on a new registry: the script's runs (sign-in screen, first page, rerun), in s;
    ``think`` seconds pass between the sign-in screen and the click (a person typing a password)."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/registry.sqlite"
        subprocess.run([sys.executable, "-c", SETUP, url], cwd=ROOT, check=True, capture_output=True)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(script), ",".join(HEAVY), url, str(think)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--think", type=float, default=3.0, help="seconds a visitor takes to sign in")
    args = parser.parse_args()
    rounds = args.rounds
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text("import streamlit as st\nst.write('hola')\n")
        app = [run_once(ROOT / "streamlit_app.py") for _ in range(rounds)]
        floor = [run_once(bare) for _ in range(rounds)]
        typed = [run_once(ROOT / "streamlit_app.py", args.think) for _ in range(rounds)]
    screen = statistics.median(float(r["screen"]) for r in app)  # type: ignore[arg-type]
    first = statistics.median(float(r["first"]) for r in app)  # type: ignore[arg-type]
    second = statistics.median(float(r["second"]) for r in app)  # type: ignore[arg-type]
    after = statistics.median(float(r["first"]) for r in typed)  # type: ignore[arg-type]
    raw = statistics.median(float(r["screen"]) for r in floor)  # type: ignore[arg-type]
    print(f"sign-in screen (a new visitor's first script run): median {screen:.3f} s over {rounds} processes")
    print(f"first page after signing in at once (default page, first run): median {first:.3f} s")
    print(
        f"first page after signing in {args.think:g} s after the screen showed (the libraries imported "
        f"meanwhile): median {after:.3f} s (target ≤ 0.8 s)"
    )
    print(
        f"second run: {second:.3f} s; bare Streamlit script first run: {raw:.3f} s; ratio {first / raw:.1f}×"
    )
    print(f"heavy libraries the first page loaded: {', '.join(app[0]['heavy']) or 'none'}")  # type: ignore[arg-type]
    print(f"script errors: {sum(int(r['errors']) for r in app)}")  # type: ignore[call-overload]


if __name__ == "__main__":
    main()

"""The app's first script run (what a new visitor waits for) against a bare Streamlit script's.

Each round starts a fresh Python process, runs ``streamlit_app.py`` once through Streamlit's AppTest on a
temporary registry (the first run pays every import the default page needs) and once more (the cached
run), and lists which heavy libraries the first page loaded. The floor is the same measurement of a
one-line script (``st.write``) in a fresh process. Prints the medians and the ratio.

Run: ``python benchmarks/first_page.py [--rounds 5]``. A benchmark, not a test: nothing here asserts a time.
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

CHILD = """
import json, os, sys, tempfile, time
os.environ["CAMPAIGN_PLANNER_DB_URL"] = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "r.sqlite")
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300)
t = time.perf_counter(); at.run(); first = time.perf_counter() - t
t = time.perf_counter(); at.run(); second = time.perf_counter() - t
heavy = [m for m in sys.argv[2].split(",") if m in sys.modules]
print(json.dumps({"first": first, "second": second, "heavy": heavy, "errors": len(at.exception)}))
"""


def run_once(script: Path) -> dict[str, object]:
    """One fresh process: the first and second script runs of ``script``, in seconds."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(script), ",".join(HEAVY)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text("import streamlit as st\nst.write('hola')\n")
        app = [run_once(ROOT / "streamlit_app.py") for _ in range(rounds)]
        floor = [run_once(bare) for _ in range(rounds)]
    first = statistics.median(float(r["first"]) for r in app)  # type: ignore[arg-type]
    second = statistics.median(float(r["second"]) for r in app)  # type: ignore[arg-type]
    raw = statistics.median(float(r["first"]) for r in floor)  # type: ignore[arg-type]
    print(f"first page script run: median {first:.3f} s over {rounds} fresh processes (target ≤ 0.8 s)")
    print(
        f"second run: {second:.3f} s; bare Streamlit script first run: {raw:.3f} s; ratio {first / raw:.1f}×"
    )
    print(f"heavy libraries the first page loaded: {', '.join(app[0]['heavy']) or 'none'}")  # type: ignore[arg-type]
    print(f"script errors: {sum(int(r['errors']) for r in app)}")  # type: ignore[call-overload]


if __name__ == "__main__":
    main()

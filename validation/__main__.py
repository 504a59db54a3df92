"""``python -m validation [--quick] [--only NAME ...] [--date YYYY-MM-DD] --out docs/validation.md``."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from validation import STUDIES
from validation.report import render

CODE = ("experiments", "planner_common", "datasources", "validation")


def commit_date() -> str:
    """Date of the last commit that changed the validated code (stable when only the report changes)."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *CODE], capture_output=True, text=True, check=True
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/validation.md"))
    parser.add_argument("--quick", action="store_true", help="the reduced sizes make test uses")
    parser.add_argument("--only", nargs="+", choices=sorted(STUDIES), help="run only these studies")
    parser.add_argument("--date", default=None, help="date printed in the report (default: last code commit)")
    args = parser.parse_args(argv)
    results = []
    for name in args.only or STUDIES:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.append(STUDIES[name].run(quick=args.quick))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(results, date=args.date or commit_date(), quick=args.quick), encoding="utf-8")
    failures = [f"{r.key}: {msg}" for r in results for msg in r.failures()]
    for msg in failures:
        print(f"outside its band: {msg}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A package's lazily exported function keeps its name when its own submodule is imported first.

Oracle: a throwaway package whose function ``greet`` lives in the submodule ``pkg.greet`` (the shape that
once handed out the module instead of ``datasources.connect``); the function is identified by identity
with the submodule's attribute, in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_function_named_like_its_module_survives_importing_the_module_first(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from planner_common.lazy import lazy_exports\n"
        "_EXPORTS = {'greet': 'pkg.greet'}\n"
        "__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)\n"
    )
    (package / "greet.py").write_text("def greet():\n    return 'hola'\n")
    code = (
        "import sys, pkg.greet\n"
        "from pkg import greet\n"
        "assert callable(greet) and greet is sys.modules['pkg.greet'].greet, greet\n"
        "print(greet())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True,
        env={"PYTHONPATH": f"{tmp_path}:{ROOT}"},
    )  # fmt: skip
    assert out.stdout.strip() == "hola"

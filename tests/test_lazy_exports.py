"""A package's lazily exported function keeps its name when its own submodule is imported first.

Oracle: the import order that used to hand out the module (``datasources.connect``) instead of the
function; the function is identified by identity with the submodule's attribute.
"""

from __future__ import annotations

import subprocess
import sys


def test_function_named_like_its_module_survives_importing_the_module_first() -> None:
    code = (
        "import sys, datasources.connect, datasources.saved_connections\n"
        "from datasources import connect, saved_connections\n"
        "module = sys.modules['datasources.connect']\n"
        "assert callable(connect) and connect is module.connect, connect\n"
        "assert callable(saved_connections), saved_connections\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

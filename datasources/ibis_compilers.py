"""Load only the Ibis SQL compilers in use: ``ibis.backends.sql.compilers`` as a lazy package.

Ibis 12's ``ibis/backends/sql/compilers/__init__.py`` imports all twenty dialect compilers (and
sqlglot's dialects with them) as soon as any one backend loads: about 65 ms of a readout process's
start, for compilers it never uses. :func:`install` puts an import finder first on ``sys.meta_path``
that gives that package a module whose attributes load on first use, ``DuckDBCompiler`` from
``compilers/duckdb.py`` and so on; the submodules themselves are Ibis's own, untouched.

It imports nothing of Ibis itself, so ``import datasources`` stays cheap. If the package was
imported already, or Ibis changes its layout so that the finder cannot find the package, Ibis's own
``__init__`` runs as before.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence
from typing import Any

PACKAGE = "ibis.backends.sql.compilers"


def _attribute(package: str, name: str) -> Any:
    """``duckdb`` → the submodule; ``DuckDBCompiler`` → the class in ``duckdb.py``."""
    if name.startswith("__"):
        raise AttributeError(name)
    sub = name if name.islower() else name.removesuffix("Compiler").lower()
    try:
        module = importlib.import_module(f"{package}.{sub}")
    except ModuleNotFoundError:
        raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
    return module if name.islower() else getattr(module, name)


class _LazyCompilers(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finder and loader of the one package: its submodules are found by the normal path finder."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != PACKAGE:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or not real.submodule_search_locations:
            return None
        spec = importlib.util.spec_from_loader(fullname, self, origin=real.origin, is_package=True)
        if spec is None:  # pragma: no cover - spec_from_loader returns a spec for a loader object
            return None
        spec.submodule_search_locations = list(real.submodule_search_locations)
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        module.__getattr__ = lambda name: _attribute(module.__name__, name)  # type: ignore[method-assign]


def install() -> bool:
    """Put the finder in place (once); ``False`` when the package is already imported.

    Examples:
        A readout on DuckDB asks for its compiler, which comes from its own file:

        >>> _ = install()
        >>> from ibis.backends.sql.compilers import DuckDBCompiler
        >>> DuckDBCompiler.__module__
        'ibis.backends.sql.compilers.duckdb'
    """
    if PACKAGE in sys.modules:
        return False
    if not any(isinstance(finder, _LazyCompilers) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LazyCompilers())
    return True

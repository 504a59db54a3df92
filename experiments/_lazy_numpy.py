"""numpy's unused subpackages deferred before scipy copies numpy's namespace (issue 16, item 1).

:func:`install` (called by ``experiments``) puts a finder first on ``sys.meta_path`` that does
nothing but notice the first ``import scipy``: only then is numpy imported and its ``f2py`` and
``testing`` subpackages deferred, so a process that never reaches scipy does not pay for numpy either.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

# numpy's tool and test-helper subpackages: nothing here runs them, but scipy's array-API layer copies
# every public numpy name (``from numpy import *``), which imports them (~80 ms with the text-encoding
# detector f2py pulls in).
DEFERRED_NUMPY = ("f2py", "testing")


def defer_numpy_submodules(names: tuple[str, ...] = DEFERRED_NUMPY) -> list[str]:
    """Make numpy's ``names`` lazy modules that load on their first attribute read; return those deferred.

    A submodule already imported is left alone. The deferred module is the real one, created with the
    standard library's :class:`importlib.util.LazyLoader`: ``numpy.testing.assert_allclose`` or
    ``import numpy.f2py`` later loads it in full.

    Examples:
        >>> deferred = defer_numpy_submodules()
        >>> import numpy.testing
        >>> numpy.testing.assert_allclose(0.1 + 0.2, 0.3) is None
        True
    """
    import numpy

    deferred = []
    for name in names:
        full = f"numpy.{name}"
        spec = None if full in sys.modules else importlib.util.find_spec(full)
        if spec is None or spec.loader is None:
            continue
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[full] = module
        spec.loader.exec_module(module)
        setattr(numpy, name, module)
        deferred.append(name)
    return deferred


class _BeforeScipy:
    """A meta-path finder that finds nothing: on the first ``import scipy`` it defers numpy's extras."""

    done = False

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "scipy" and not self.done:
            self.done = True  # (the finder stays listed: removing it mid-search would skip the next one)
            defer_numpy_submodules()


def install() -> None:
    """Defer numpy's extras when scipy is first imported (nothing to do once scipy is loaded)."""
    if "scipy" not in sys.modules and not any(isinstance(f, _BeforeScipy) for f in sys.meta_path):
        sys.meta_path.insert(0, _BeforeScipy())

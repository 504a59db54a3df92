"""Lazy package exports (PEP 562): a name's module is imported on first use, not at package import."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package whose exported function shares its name with the submodule defining it
    (``datasources.connect``): importing the submodule must not replace the function on the package."""

    _exports: dict[str, str] = {}

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and self._exports.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


def lazy_exports(
    package: str, exports: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``__getattr__`` and ``__dir__`` for ``package``, which exports ``name -> defining module``.

    A resolved name is cached on the package, so later look-ups are plain attribute reads.

    Examples:
        >>> getattr_, dir_ = lazy_exports("demo", {"sqrt": "math"})
        >>> getattr_("sqrt")(16.0), "sqrt" in dir_()
        (4.0, True)
    """

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name]), name)
        if package in sys.modules:
            setattr(sys.modules[package], name, value)
        return value

    module = sys.modules.get(package)
    if module is not None and any(source == f"{package}.{name}" for name, source in exports.items()):
        module.__class__ = _LazyPackage
        setattr(module, "_exports", exports)  # noqa: B010 - the attribute exists only on the subclass

    def __dir__() -> list[str]:
        module = sys.modules.get(package)
        return sorted(set(vars(module) if module else ()) | set(exports))

    return __getattr__, __dir__

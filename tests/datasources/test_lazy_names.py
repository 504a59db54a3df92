"""Lazy package names stay the public functions after their modules are imported (oracle: identity with the
defining module's function; a submodule named like its function would shadow it on the package)."""

from __future__ import annotations

import importlib

import datasources


def test_every_public_name_is_the_function_not_a_module_even_after_submodule_imports():
    for module in ("datasources.read", "datasources.connection", "datasources.connection_store"):
        importlib.import_module(module)
    for name, module in datasources._EXPORTS.items():
        assert getattr(datasources, name) is getattr(importlib.import_module(module), name), name
        assert callable(getattr(datasources, name)) or isinstance(getattr(datasources, name), type), name


def test_the_same_holds_for_experiments():
    import experiments

    for module in sorted(set(experiments._EXPORTS.values())):
        importlib.import_module(module)
    for name, module in experiments._EXPORTS.items():
        assert getattr(experiments, name) is getattr(importlib.import_module(module), name), name

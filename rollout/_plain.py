"""Plain JSON values ↔ the frozen records of :mod:`rollout.campaign`, driven by the type hints.

``to_plain`` turns a record into dicts, lists, strings, numbers, booleans and ``None`` (a non-finite
float becomes ``None``, a numpy scalar a Python number), so ``json.dumps`` never fails and never
writes ``NaN``. ``from_plain`` reads such a value back into the annotated type; a ``None`` read into a
plain ``float`` field is ``nan`` again, keys a record does not know are ignored (the caller keeps
them), and a value of the wrong shape raises ``InputError("campaign_field", ...)`` naming the field.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from collections.abc import Mapping
from typing import Any

from planner_common import InputError


def to_plain(value: Any) -> Any:
    """A JSON-safe copy of ``value``.

    Examples:
        >>> to_plain({"rate": float("nan"), "sizes": (5_000, 20_000)})
        {'rate': None, 'sizes': [5000, 20000]}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fail(field: str, value: Any, expected: str) -> InputError:
    return InputError(
        "campaign_field",
        f"The saved campaign field {field} holds {value!r}, which is not {expected}.",
        field=field,
        value=value,
    )


def _scalar(kind: type, value: Any, field: str) -> Any:
    if kind is float:
        if value is None:
            return math.nan
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(field, value, "a number")
        return float(value)
    if kind is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(field, value, "a whole number")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise _fail(field, value, "true or false")
        return value
    if kind is str:
        if not isinstance(value, str):
            raise _fail(field, value, "text")
        return value
    return value


def from_plain(kind: Any, value: Any, field: str = "campaign") -> Any:
    """Read a plain value into ``kind`` (a record class, a scalar type, ``X | None``, tuple or dict).

    Examples:
        >>> from_plain(tuple[float, ...], [0.03, None])
        (0.03, nan)
        >>> from_plain(int | None, None) is None
        True
    """
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is Any or kind is object:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return from_plain(inner[0], value, field) if len(inner) == 1 else value
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return record_from_plain(kind, value, field)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise _fail(field, value, "a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v, f"{field}[{i}]") for i, v in enumerate(value))
        return tuple(
            from_plain(a, v, f"{field}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=False))
        )
    if origin in (dict, Mapping) or kind is dict:
        if not isinstance(value, Mapping):
            raise _fail(field, value, "a table of values")
        item = args[1] if args else Any
        return {str(k): from_plain(item, v, f"{field}.{k}") for k, v in value.items()}
    return _scalar(kind, value, field)


def record_from_plain(cls: type, value: Any, field: str) -> Any:
    """Build the record ``cls`` from a dict; missing keys take their defaults, unknown keys are ignored."""
    if isinstance(value, cls):
        return value
    if not isinstance(value, Mapping):
        raise _fail(field, value, "a table of values")
    hints = _hints(cls)
    kwargs = {
        f.name: from_plain(hints[f.name], value[f.name], f"{field}.{f.name}")
        for f in dataclasses.fields(cls)
        if f.name in value
    }
    return cls(**kwargs)

"""Dataclasses to JSON-ready values and back, through pydantic's ``TypeAdapter`` (so a saved analysis loads).

Loading is strict JSON validation: a wrong type is an error, never coerced ("many" is not a count, "3" is
not 3); a missing field with a default takes it (older files load), an unknown field is ignored (newer
files load). ``to_jsonable`` and ``from_jsonable`` work for any datamodel (or report) dataclass.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import TypeAdapter


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter(tp: Any) -> TypeAdapter[Any]:
    """The pydantic adapter of a type, built once per process (building one takes a fraction of a second)."""
    found = _ADAPTERS.get(tp)
    if found is None:
        from pydantic import TypeAdapter

        found = _ADAPTERS[tp] = TypeAdapter(tp)
    return found


def to_jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: dataclasses as objects, enums as their values, tuples as lists."""
    return adapter(type(value)).dump_python(value, mode="json")


def from_json(tp: Any, text: str | bytes) -> Any:
    """Parse and validate JSON text as a ``tp``; raises ``pydantic.ValidationError`` (a ``ValueError``)."""
    return adapter(tp).validate_json(text, strict=True)


def from_jsonable(tp: Any, data: Any) -> Any:
    """Rebuild a ``tp`` from data as ``json.loads`` gives it (the same strict rules as ``from_json``)."""
    return from_json(tp, json.dumps(data))

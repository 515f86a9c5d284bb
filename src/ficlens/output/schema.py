"""The ``ficlens.analysis/1`` schema, derived from the datamodel's type hints (so it cannot drift).

``json_schema()`` gives a JSON Schema (draft 2020-12) of the analysis file; ``markdown()`` the field
reference printed in the README (``python -m ficlens.output.schema``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any, Union

from ficlens.datamodel import SCHEMA, StoryAnalysis


def _is_optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType) and type(None) in typing.get_args(tp)


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        return {"anyOf": [_schema_of(arg, defs) for arg in typing.get_args(tp)]}
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema_of(args[0], defs)}
        return {"type": "array", "prefixItems": [_schema_of(a, defs) for a in args], "items": False}
    if origin in (list,):
        return {"type": "array", "items": _schema_of(typing.get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(typing.get_args(tp)[1], defs)}
    if tp is type(None):
        return {"type": "null"}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(tp)
            props = {f.name: _schema_of(hints[f.name], defs) for f in dataclasses.fields(tp)}
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().split("\n")[0],
                "properties": props,
                "required": [f.name for f in dataclasses.fields(tp)],
            }
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in simple:
        return {"type": simple[tp]}
    return {}


def json_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    root = _schema_of(StoryAnalysis, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": SCHEMA,
        **root,
        "$defs": defs,
    }


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(tp))
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return f"[{_type_name(args[0])}]"
        return "[" + ", ".join(_type_name(a) for a in args) + "]"
    if origin is dict:
        k, v = typing.get_args(tp)
        return f"{{{_type_name(k)}: {_type_name(v)}}}"
    if tp is type(None):
        return "null"
    if isinstance(tp, type) and issubclass(tp, Enum):
        return " / ".join(f'"{m.value}"' for m in tp)
    if isinstance(tp, type):
        return {"str": "string", "int": "int", "float": "number", "bool": "bool"}.get(
            tp.__name__, tp.__name__
        )
    return str(tp)


def markdown() -> str:
    """One table per object type, in the order they are reached from the root."""
    seen: list[type] = []

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            if tp in seen:
                return
            seen.append(tp)
            for hint in typing.get_type_hints(tp).values():
                visit(hint)
        for arg in typing.get_args(tp):
            visit(arg)

    visit(StoryAnalysis)
    parts = []
    for cls in seen:
        hints = typing.get_type_hints(cls)
        doc = (cls.__doc__ or "").strip().split("\n")[0]
        title = "the file" if cls is StoryAnalysis else cls.__name__
        rows = [f"**{title}**" + (f" — {doc}" if doc and not doc.startswith(cls.__name__ + "(") else ""), ""]
        rows += ["| field | type |", "|---|---|"]
        rows += [f"| `{f.name}` | {_type_name(hints[f.name])} |" for f in dataclasses.fields(cls)]
        parts.append("\n".join(rows))
    return "\n\n".join(parts)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--json"]:
        import json

        print(json.dumps(json_schema(), indent=2))
    else:
        print(markdown())

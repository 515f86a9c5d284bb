"""The documented schema is generated from the datamodel; the committed copies must be current."""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path

import jsonschema

from ficlens.datamodel import StoryAnalysis
from ficlens.output.json_io import load_analysis, write_json
from ficlens.output.schema import json_schema, markdown

DOCS = Path(__file__).parents[2] / "docs"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "harbour.v0.1.0-5a1396a.json"


def test_docs_schema_markdown_is_current() -> None:
    committed = (DOCS / "schema.md").read_text(encoding="utf-8")
    assert markdown() in committed, "run: python -m ficlens.output.schema > part of docs/schema.md"


def test_docs_json_schema_is_current() -> None:
    committed = json.loads((DOCS / "ficlens.analysis-1.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: python -m ficlens.output.schema --json"


def test_json_schema_names_every_top_level_field() -> None:
    schema = json_schema()
    props = schema["properties"]
    for key in ("schema", "source", "metadata", "text", "notes", "chapters", "scene_breaks", "characters"):
        assert key in props
    for key in ("mentions", "quotes", "entities"):
        assert props[key]["type"] == "array"


def _dataclasses() -> dict[str, type]:
    found: dict[str, type] = {}

    def visit(tp: object) -> None:
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            if tp.__name__ in found:
                return
            found[tp.__name__] = tp
            for hint in typing.get_type_hints(tp).values():
                visit(hint)
        for arg in typing.get_args(tp):
            visit(arg)

    visit(StoryAnalysis)
    return found


def test_the_schema_requires_only_what_has_no_default() -> None:
    schema = json_schema()
    for name, cls in _dataclasses().items():
        node = schema if cls is StoryAnalysis else schema["$defs"][name]
        no_default = {
            f.name
            for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        assert set(node.get("required", ())) == no_default, name
        assert set(node["properties"]) == {f.name for f in dataclasses.fields(cls)}, name


def test_saved_analyses_validate_against_the_schema(tmp_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    old = json.loads(FIXTURE.read_text(encoding="utf-8"))
    validator.validate(old)  # a file from an earlier version
    path = tmp_path / "again.json"
    write_json(load_analysis(FIXTURE), path)
    validator.validate(json.loads(path.read_text(encoding="utf-8")))
    old["characters"][0]["mention_count"] = "many"
    assert not validator.is_valid(old)

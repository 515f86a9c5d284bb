"""The documented schema is generated from the datamodel; the committed copies must be current."""

from __future__ import annotations

import json
from pathlib import Path

from ficlens.output.schema import json_schema, markdown

DOCS = Path(__file__).parents[2] / "docs"


def test_docs_schema_markdown_is_current() -> None:
    committed = (DOCS / "schema.md").read_text(encoding="utf-8")
    assert markdown() in committed, "run: python -m ficlens.output.schema > part of docs/schema.md"


def test_docs_json_schema_is_current() -> None:
    committed = json.loads((DOCS / "ficlens.analysis-1.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: python -m ficlens.output.schema --json"


def test_json_schema_names_every_top_level_field() -> None:
    schema = json_schema()
    props = schema["$defs"]["StoryAnalysis"]["properties"]
    for key in ("schema", "source", "metadata", "text", "notes", "chapters", "scene_breaks", "characters"):
        assert key in props
    for key in ("mentions", "quotes", "entities"):
        assert props[key]["type"] == "array"

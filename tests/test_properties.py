"""Property tests (issue 14): whatever Unicode or HTML a story holds, reading and analysing it either works
or raises ``InputError`` — never anything else — and every output stays valid: offsets index the text,
the JSON validates against the published JSON Schema, the GraphML parses, the report renders.

Examples are bounded so that the suite runs in seconds; ``benchmarks/fuzz_readers.py`` runs the readers
for as long as you like. A crash found either way is kept below as an explicit ``@example``.
"""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ficlens
from ficlens.datamodel import StoryAnalysis
from ficlens.errors import InputError
from ficlens.ingest import story_from_bytes, story_from_text

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "ficlens.analysis-1.schema.json").read_text(
        encoding="utf-8"
    )
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

_PHRASES = st.sampled_from(
    [
        '"We leave at dawn," Wren Halloway said to Ossian Vale.',
        "Ossian nodded. He packed the maps.",
        "“Not yet,” she whispered.",
        "—Where? asked Ines.",
        "Chapter 2",
        "* * *",
        "A/N: thanks for reading!",
        "Mr. Brandt looked at Wren.",
        "'Go,' he said. 'Go now.'",
        "[bold]Kestrel[/x]",
        "\x1b]0;title\x07",
    ]
)
# Every code point, surrogates and controls included: a str from Python can hold anything.
_ANY_CHAR = st.characters(codec=None, exclude_categories=())
_SEPARATORS = st.sampled_from([" ", "\n", "\n\n", "\r\n", "\t", "\u2028", "\x0c"])


@st.composite
def story_texts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.tuples(st.one_of(_PHRASES, st.text(_ANY_CHAR, max_size=12)), _SEPARATORS), max_size=12)
    )
    return "".join(p + s for p, s in parts)


_TAGS = [
    "p",
    "div",
    "span",
    "i",
    "em",
    "b",
    "strong",
    "blockquote",
    "center",
    "h2",
    "h3",
    "li",
    "td",
    "a",
    "s",
]
_VOID = ["br", "hr", "br/", "img src=x"]
_DROP = ["script", "style", "noscript"]


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, cls: str, inner: list[str], closed: bool) -> str:
        attrs = f' class="{cls}"' if cls else ""
        return f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if closed else "")

    return st.builds(
        build,
        st.sampled_from(_TAGS),
        st.sampled_from(["", "userstuff", "chapter", "notes", "summary", "endnotes", "meta"]),
        st.lists(children, max_size=4),
        st.booleans(),
    )


_HTML_TEXT = st.one_of(
    _PHRASES, st.text(_ANY_CHAR, max_size=10), st.sampled_from(["&amp;", "&#0;", "&bogus;", "<", ">"])
)
_HTML_LEAF = st.one_of(
    _HTML_TEXT,
    st.sampled_from([f"<{v}>" for v in _VOID]),
    st.builds(lambda t, s: f"<{t}>{s}</{t}>", st.sampled_from(_DROP), _HTML_TEXT),
)
html_fragments = st.recursive(_HTML_LEAF, lambda inner: _element(inner), max_leaves=25)

AO3_HEAD = (
    "<html><head><title>{title}</title></head><body><div id='preface'><p class='message'><b>{title}</b><br/>"
    "Posted originally on the Archive of Our Own</p><div class='meta'><dl class='tags'><dt>Characters:</dt>"
    "<dd><a>{title}</a></dd></dl><h1>{title}</h1></div></div><div id='chapters'>"
)


def assert_analysis_valid(analysis: StoryAnalysis) -> None:
    text = analysis.text
    n = len(text)
    for mention in analysis.mentions:
        assert 0 <= mention.start < mention.end <= n
        assert text[mention.start : mention.end] == mention.text
    for quote in analysis.quotes:
        assert 0 <= quote.start < quote.end <= n
        assert text[quote.start : quote.end] == quote.text
    for entity in analysis.entities:
        assert 0 <= entity.start < entity.end <= n
    for part in (*analysis.paragraphs, *analysis.chapters, *analysis.scene_breaks):
        assert 0 <= part.start <= part.end <= n
    ids = {c.id for c in analysis.characters}
    assert all(m.character in ids for m in analysis.mentions)
    prominence = [c.prominence for c in analysis.characters]
    assert prominence == sorted(prominence)

    from ficlens.output.json_io import dumps

    body = dumps(analysis)
    body.encode("utf-8")  # strict: no lone surrogate survives into a file
    VALIDATOR.validate(json.loads(body))

    from ficlens.output.graphml import write_graphml
    from ficlens.output.script import script_text
    from ficlens.report import render_report

    with tempfile.TemporaryDirectory() as tmp:
        for path in write_graphml(analysis, tmp, "story"):
            ET.parse(path)
    page = render_report(analysis)
    assert page.rstrip().endswith("</html>")
    page.encode("utf-8")
    for line in script_text(analysis).splitlines():
        assert "\x1b" not in line and "\r" not in line


_FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(story_texts())
@example("Mara \ud800 ran.")
@example("\x1b[2J\n\n“\udcff”")
def test_reading_any_text_gives_a_story_or_an_input_error(text: str) -> None:
    try:
        story = story_from_text(text, path="fuzz.txt")
    except InputError:
        return
    story.text.encode("utf-8")
    for p in story.paragraphs:
        assert 0 <= p.start < p.end <= len(story.text)


@_FAST
@given(html_fragments, st.text(_ANY_CHAR, max_size=12))
@example("<div>" * 500 + "x", "deep")
@example("<p>a<script>steal()</script></p>", "<script>x</script>[/x]")
def test_reading_any_ao3_html_gives_a_story_or_an_input_error(fragment: str, title: str) -> None:
    from html import escape

    page = AO3_HEAD.format(title=escape(title)) + fragment + "</div></body></html>"
    try:
        story = story_from_bytes(page.encode("utf-8", "surrogatepass"), path="fuzz.html", suffix=".html")
    except InputError:
        return
    story.text.encode("utf-8")
    assert "steal()" not in (story.metadata.title or "")
    for p in story.paragraphs:
        assert 0 <= p.start < p.end <= len(story.text)


@_SLOW
@given(story_texts())
@example('"Hi,\ud800" [/x]Wren Halloway said.\n\n\x1b]0;x\x07Ossian Vale\x0c nodded.')
def test_analysing_any_text_keeps_every_output_valid(text: str) -> None:
    try:
        analysis = ficlens.analyze_text(text)
    except InputError:
        return
    assert_analysis_valid(analysis)


@_SLOW
@given(html_fragments, st.text(_ANY_CHAR, max_size=12))
@example("<p>“Stay,” said <i>Wren Halloway</i>.<br><br>Ossian Vale\x0c left.<hr></p>", "\x0c\x07\x1b[/x]")
def test_analysing_any_ao3_html_keeps_every_output_valid(fragment: str, title: str) -> None:
    from html import escape

    page = AO3_HEAD.format(title=escape(title)) + fragment + "</div></body></html>"
    try:
        analysis = ficlens.analyze_text(page)
    except InputError:
        return
    assert_analysis_valid(analysis)

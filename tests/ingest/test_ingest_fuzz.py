"""Whatever the input, readers return a Story with valid offsets or raise InputError — never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import assert_offsets

from ficlens.errors import InputError
from ficlens.ingest import story_from_bytes, story_from_text

_PIECES = st.sampled_from(
    [
        "A/N: hi!",
        "Disclaimer: I own nothing.",
        "Chapter 2",
        "CHAPTER IV: Rain",
        "* * *",
        "oOo",
        "---",
        "# Heading",
        '"I don\'t own a car," she said.',
        "—Wait, he said.",
        "Mara ran *fast*.",
        "**bold**",
        "Thanks for reading!",
        "",
        " ",
        "\t",
        "x",
        "~",
    ]
)
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n\n\n", " "])


@st.composite
def stories(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.one_of(_PIECES, st.text(max_size=30)), _SEPARATORS), max_size=25))
    return "".join(p + s for p, s in parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_plain_text_never_breaks(text: str) -> None:
    try:
        story = story_from_text(text, path="fuzz.txt")
    except InputError:
        assert not text.strip() or text.lstrip().startswith("<")
        return
    assert story.text == text.removeprefix("\ufeff")
    assert_offsets(story)


_TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<em>",
        "</em>",
        "<br/>",
        "<hr/>",
        "<div>",
        "</div>",
        '<p align="center">',
        "<b>",
        "</i>",
        "<blockquote>",
        "</blockquote>",
        "<p>Notes</p>",
        '<h2 class="heading">Chapter 1: X</h2>',
        "&amp;",
        "&nbsp;",
    ]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_TAGS, st.text(max_size=12)), max_size=40))
def test_ao3_html_never_breaks(parts: list[str]) -> None:
    html = (
        '<html><body><div id="preface"><p class="message">Posted originally on the Archive of Our Own</p>'
        "</div>"
        '<div id="chapters" class="userstuff"><div class="userstuff">'
        + "".join(parts)
        + "</div></div></body></html>"
    )
    try:
        story = story_from_bytes(html.encode("utf-8", "surrogatepass"), path="fuzz.html", suffix=".html")
    except InputError:
        return
    assert_offsets(story)

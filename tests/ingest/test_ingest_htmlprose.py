"""The HTML-to-text engine on the markup AO3 stories really hold."""

from __future__ import annotations

import pytest
from ingest_helpers import assert_offsets
from selectolax.lexbor import LexborHTMLParser

from ficlens.datamodel import StyleKind
from ficlens.ingest import story_from_text
from ficlens.ingest.htmlprose import ProseBuilder


def _build(html: str):
    body = LexborHTMLParser(f"<html><body><div id='x'>{html}</div></body></html>").css_first("#x")
    assert body is not None
    builder = ProseBuilder()
    builder.start_chapter(None)
    builder.add_children(body)
    return builder.finish()


def _styled(built, kind: StyleKind) -> list[str]:
    return [built.text[s.start : s.end] for s in built.styled if s.kind is kind]


def test_text_without_p_tags_and_double_br() -> None:
    built = _build("Line one of the letter.<br/>Still the letter.<br/><br/>A new paragraph.")
    assert built.text == "Line one of the letter.\nStill the letter.\n\nA new paragraph."
    assert len(built.paragraphs) == 2


def test_whole_paragraph_italic_and_italic_across_paragraphs() -> None:
    built = _build("<p><em>Don't look back.</em></p><em><p>One.</p><p>Two.</p></em><p>Plain.</p>")
    assert _styled(built, StyleKind.ITALIC) == ["Don't look back.", "One.", "Two."]


def test_nested_inline_styles_and_spans() -> None:
    built = _build(
        '<p>She <em>really <strong>meant</strong> it</em>, <span style="font-style: italic">truly</span>.</p>'
    )
    assert built.text == "She really meant it, truly."
    assert _styled(built, StyleKind.ITALIC) == ["really meant it", "truly"]
    assert _styled(built, StyleKind.BOLD) == ["meant"]


@pytest.mark.parametrize(
    "markup",
    [
        "<hr/>",
        "<hr/><hr/>",
        "<p>* * *</p>",
        '<p align="center"><strong>~*~</strong></p>',
        '<p style="text-align:center">oOo</p><p align="center">&nbsp;</p>',
        "<center>xXx</center>",
    ],
)
def test_scene_break_variants(markup: str) -> None:
    built = _build(f"<p>Before.</p>{markup}<p>After.</p>")
    assert len(built.scene_breaks) == 1
    b = built.scene_breaks[0]
    assert built.text == f"Before.\n\n{b.marker}\n\nAfter."
    assert [built.text[p.start : p.end] for p in built.paragraphs] == ["Before.", "After."]


def test_breaks_at_chapter_edges_are_dropped() -> None:
    built = _build("<hr/><p>Only scene.</p><hr/>")
    assert built.text == "Only scene."
    assert built.scene_breaks == []


def test_lists_blockquotes_and_tables_become_paragraphs() -> None:
    built = _build(
        "<p>The list:</p><ul><li>eggs</li><li>salt</li></ul><blockquote><p>Dear Mara,</p><p>Come home.</p>"
        "</blockquote><table><tr><td>Cell</td></tr></table>"
    )
    assert [built.text[p.start : p.end] for p in built.paragraphs] == [
        "The list:",
        "eggs",
        "salt",
        "Dear Mara,",
        "Come home.",
        "Cell",
    ]


def test_scripts_styles_images_and_comments_are_ignored() -> None:
    built = _build(
        "<p>Hi<!-- secret --><script>var x = 1;</script><style>p{}</style><img src='a.png'/> there.</p>"
    )
    assert built.text == "Hi there."


def test_in_prose_author_note_in_ao3_chapter(fixture_path) -> None:
    html = fixture_path("ao3_single.html").read_text()
    html = html.replace(
        "<p>The storm came in sideways",
        "<p>A/N: Sorry for the wait, this one fought me.</p>\n<p>The storm came in sideways",
    )
    story = story_from_text(html)
    assert_offsets(story)
    notes = [n for n in story.notes if n.in_text]
    assert [n.text for n in notes] == ["A/N: Sorry for the wait, this one fought me."]
    assert notes[0].chapter == 1
    assert story.text[story.paragraphs[0].start :].startswith("The storm came in sideways")

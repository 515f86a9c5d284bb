"""The bundled example: structure the README's answer key promises, read back through the readers."""

from __future__ import annotations

import re

from ficlens.datamodel import NoteKind, RelationshipKind, SourceFormat
from ficlens.ingest import read_story


def test_example_text(example_path, check_offsets) -> None:
    path = example_path("camp-reyes.txt")
    story = read_story(path)
    check_offsets(story)
    assert story.text == path.read_text(encoding="utf-8")
    words = len(story.prose_text().split())
    assert 1500 <= words <= 3000
    assert [(n.kind, n.chapter) for n in story.notes] == [
        (NoteKind.AUTHOR_NOTE, None),
        (NoteKind.DISCLAIMER, None),
        (NoteKind.AUTHOR_NOTE, 2),
    ]
    assert [b.marker for b in story.scene_breaks] == ["* * *", "oOo"]
    assert [(c.index, c.title) for c in story.chapters] == [(1, "The Water Run"), (2, "What the River Keeps")]
    prose = story.prose_text()
    assert "Disclaimer" not in prose and "A/N" not in prose
    # Em-dash dialogue and the present-tense passage right after the second break.
    assert len(re.findall(r"^—", story.text, re.M)) == 4
    after = story.text[story.scene_breaks[1].end :].lstrip()
    assert after.startswith("The night is clear. Marisol walks the fence")


def test_example_aliases_are_in_the_prose(example_path) -> None:
    prose = read_story(example_path("camp-reyes.txt")).prose_text()
    for name in [
        "Marisol Vance",
        "Marisol",
        "Mari",
        "Vance",
        "Tobias Lindqvist",
        "Toby",
        "Lucía Reyes",
        "Idris Duarte",
        "Eleanor Okafor",
        "Nell",
        "Pip",
        "Ash Corrigan",
        "Camp Reyes",
        "Hector Reyes",
    ]:
        assert re.search(rf"\b{re.escape(name)}\b", prose), name


def test_example_html_matches_text(example_path, check_offsets) -> None:
    html = read_story(example_path("camp-reyes.html"))
    text = read_story(example_path("camp-reyes.txt"))
    check_offsets(html)
    assert html.source.format is SourceFormat.AO3_HTML
    m = html.metadata
    assert m.title == "Camp Reyes" and m.authors == ("lanternfish",)
    assert m.fandoms == ("The Long Dry (Web Serial)",)
    assert [r.kind for r in m.relationships] == [RelationshipKind.ROMANTIC, RelationshipKind.PLATONIC]
    assert "Marisol Vance" in m.characters and "Pip (The Long Dry)" in m.characters  # tags verbatim
    assert m.chapters == 2 and m.stated_words == len(html.prose_text().split()) == m.words
    assert [c.title for c in html.chapters] == [c.title for c in text.chapters]
    assert [b.marker for b in html.scene_breaks] == ["* * *", "oOo"]
    kinds = {n.kind for n in html.notes}
    assert {NoteKind.SUMMARY, NoteKind.WORK_NOTES, NoteKind.END_NOTES} <= kinds
    assert not any(n.in_text for n in html.notes)
    # Same paragraphs of prose in both (the plain text marks italics with asterisks).
    html_paragraphs = [html.text[p.start : p.end] for p in html.paragraphs]
    text_paragraphs = [
        text.text[p.start : p.end].replace("*", "")
        for p in text.paragraphs
        if text.chapters[0].start <= p.start and not text.text[p.start : p.end].startswith("Chapter ")
    ]
    assert html_paragraphs == text_paragraphs

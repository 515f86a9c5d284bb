"""Shared assertions of the ingest tests."""

from __future__ import annotations


def assert_offsets(story: object) -> None:
    """Every offset in a Story indexes what it claims to."""
    from ficlens.datamodel import Story

    assert isinstance(story, Story)
    text = story.text
    n = len(text)
    for b in story.scene_breaks:
        assert 0 <= b.start < b.end <= n
        assert text[b.start : b.end] == b.marker
    for note in story.notes:
        assert 0 <= note.start <= note.end <= n
        if note.in_text:
            assert text[note.start : note.end] == note.text
            assert note.text.strip() == note.text and note.text
        else:
            assert note.start == note.end and note.text.strip()
    previous_end = -1
    for p in story.paragraphs:
        assert 0 <= p.start < p.end <= n
        assert p.start >= previous_end, "paragraphs overlap or are out of order"
        assert text[p.start : p.end].strip() == text[p.start : p.end]
        previous_end = p.end
        for note in story.notes:
            if note.in_text:
                assert p.end <= note.start or p.start >= note.end, "a paragraph overlaps a note"
        for b in story.scene_breaks:
            assert p.end <= b.start or p.start >= b.end, "a paragraph overlaps a scene break"
    for c in story.chapters:
        assert 0 <= c.start <= c.end <= n and c.index >= 1
    for s in story.styled:
        assert 0 <= s.start < s.end <= n
        assert text[s.start : s.end].strip() == text[s.start : s.end]

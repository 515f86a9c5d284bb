from __future__ import annotations

import io
import zipfile

import pytest

from ficlens.datamodel import NoteKind, RelationshipKind, SourceFormat, StyleKind
from ficlens.errors import InputError
from ficlens.ingest import read_story


def test_epub(make_epub, write, check_offsets) -> None:
    story = read_story(write("mill.epub", make_epub()))
    check_offsets(story)
    m = story.metadata
    assert story.source.format is SourceFormat.AO3_EPUB
    assert (m.title, m.authors, m.rating, m.fandoms) == (
        "The Quiet Mill",
        ("wheelwright",),
        "Teen And Up Audiences",
        ("Millstream (Podcast)",),
    )
    assert m.characters == ("Agnes Thorn", "Matthias Bell", "Rook (Millstream)")
    assert [r.kind for r in m.relationships] == [RelationshipKind.ROMANTIC, RelationshipKind.PLATONIC]
    assert m.tags == ("Millers", "Slow Burn")
    assert (m.stated_words, m.chapters, m.chapters_planned, m.completed) == (1050, 2, 2, "2023-04-04")
    assert m.url == "https://archiveofourown.org/works/42424242"
    assert [(c.index, c.title) for c in story.chapters] == [(1, "The Wheel"), (2, "Flour")]
    assert story.text.startswith("Agnes Thorn heard the wheel stop")
    assert "Posted originally" not in story.text and "Please drop by" not in story.text
    assert [b.marker for b in story.scene_breaks] == ["* * *"]
    assert [story.text[s.start : s.end] for s in story.styled if s.kind is StyleKind.ITALIC] == [
        "It's always the sluice."
    ]
    assert [n.kind for n in story.notes] == [
        NoteKind.SUMMARY,
        NoteKind.WORK_NOTES,
        NoteKind.CHAPTER_NOTES,
        NoteKind.CHAPTER_END_NOTES,
        NoteKind.END_NOTES,
    ]


def test_epub_without_labelled_preface_sorts_subjects(make_epub, write) -> None:
    story = read_story(write("bare.epub", make_epub(with_preface=False)))
    m = story.metadata
    assert m.rating == "Teen And Up Audiences"
    assert m.categories == ("F/M",)
    assert m.warnings == ("No Archive Warnings Apply",)
    assert set(m.characters) == {"Agnes Thorn", "Matthias Bell", "Rook (Millstream)"}
    assert "Agnes Thorn/Matthias Bell" in [r.tag for r in m.relationships]
    assert story.warnings  # says the tags could not all be labelled
    assert len(story.chapters) == 2


def test_zip_bomb_is_refused(make_epub, write) -> None:
    bomb = {"OEBPS/padding.xhtml": b"\0" * (4 * 1024 * 1024)}
    with pytest.raises(InputError, match="compression ratio"):
        read_story(write("bomb.epub", make_epub(extra=bomb)))


def test_path_traversal_is_refused(make_epub, write) -> None:
    with pytest.raises(InputError, match="unsafe path"):
        read_story(write("evil.epub", make_epub(extra={"../../etc/evil.xhtml": b"<p>x</p>"})))
    with pytest.raises(InputError, match="unsafe path"):
        read_story(write("abs.epub", make_epub(extra={"/abs/evil.xhtml": b"<p>x</p>"})))


def test_not_a_zip_is_refused(write) -> None:
    with pytest.raises(InputError, match="not a zip archive"):
        read_story(write("fake.epub", b"This is just text pretending to be an EPUB."))


def test_truncated_epub_is_refused(make_epub, write) -> None:
    data = make_epub()
    with pytest.raises(InputError):
        read_story(write("cut.epub", data[: len(data) // 2]))


def test_epub_without_opf_is_refused(write) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
        zf.writestr("chapter.xhtml", "<p>Hello</p>")
    with pytest.raises(InputError, match=r"content\.opf"):
        read_story(write("noopf.epub", buf.getvalue()))


def test_other_zip_is_unsupported(write) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(InputError, match="unsupported format"):
        read_story(write("archive.zip", buf.getvalue()))


def test_too_many_members_is_refused(make_epub, write, monkeypatch) -> None:
    from ficlens.ingest import ao3_epub

    monkeypatch.setattr(ao3_epub, "MAX_MEMBERS", 5)
    with pytest.raises(InputError, match="files in the archive"):
        read_story(write("many.epub", make_epub()))

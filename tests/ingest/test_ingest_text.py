from __future__ import annotations

import pytest

from ficlens.datamodel import NoteKind, SourceFormat
from ficlens.ingest import read_story, story_from_text
from ficlens.ingest.paragraphs import uses_line_paragraphs
from ficlens.ingest.text import chapter_heading, parse_plain


def test_plain_text_is_unchanged(fixture_path, check_offsets) -> None:
    path = fixture_path("notes_and_breaks.txt")
    story = read_story(path)
    assert story.text == path.read_bytes().decode("utf-8")
    assert story.source.format is SourceFormat.TEXT
    assert story.source.path == str(path)
    check_offsets(story)


def test_crlf_and_odd_whitespace_are_kept(write, check_offsets) -> None:
    raw = "A/N: hello there.\r\n\r\nChapter 1\r\n\r\n  Ada ran.  \r\n\r\n* * *\r\n\r\nBo\tslept.\r\n"
    story = read_story(write("crlf.txt", raw.encode("utf-8")))
    assert story.text == raw
    check_offsets(story)
    assert [story.text[p.start : p.end] for p in story.paragraphs] == ["Chapter 1", "Ada ran.", "Bo\tslept."]
    assert [b.marker for b in story.scene_breaks] == ["* * *"]
    assert story.notes[0].text == "A/N: hello there."


def test_bom_is_the_only_change(write) -> None:
    raw = "Chapter 1\n\nIt rained.\n"
    story = read_story(write("bom.txt", b"\xef\xbb\xbf" + raw.encode("utf-8")))
    assert story.text == raw


def test_notes_disclaimers_chapters_and_breaks(fixture_path, check_offsets) -> None:
    story = read_story(fixture_path("notes_and_breaks.txt"))
    check_offsets(story)
    notes = [(n.kind, n.text.split()[0], n.chapter) for n in story.notes]
    assert notes == [
        (NoteKind.AUTHOR_NOTE, "A/N:", None),
        (NoteKind.DISCLAIMER, "Disclaimer:", None),
        (NoteKind.AUTHOR_NOTE, "(A/N:", 2),
        (NoteKind.AUTHOR_NOTE, "A/N:", 3),
    ]
    assert all(n.in_text for n in story.notes)
    # The end note runs to the sign-off line.
    assert story.notes[-1].text.endswith("See you next time!")
    assert [b.marker for b in story.scene_breaks] == ["* * *", "~~~", "oOo", "-x-", "///"]
    assert [(c.index, c.title) for c in story.chapters] == [(1, "Low Water"), (2, None), (3, None)]
    assert story.text[story.chapters[2].start :].startswith("CHAPTER III")


def test_prose_that_sounds_like_a_disclaimer_stays_prose(fixture_path) -> None:
    story = read_story(fixture_path("notes_and_breaks.txt"))
    prose = story.prose_text()
    assert '"I don\'t own a car," Bram said' in prose
    assert '"If you recognize it," Bram said' in prose
    assert "Disclaimer" not in prose and "A/N" not in prose


def test_notes_are_not_paragraphs(fixture_path) -> None:
    story = read_story(fixture_path("notes_and_breaks.txt"))
    paragraphs = [story.text[p.start : p.end] for p in story.paragraphs]
    assert not any(p.startswith(("A/N", "(A/N", "Disclaimer")) for p in paragraphs)
    assert "Ines found the lantern under the coil of rope, still warm." in paragraphs


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("A/N: first fic, be gentle", NoteKind.AUTHOR_NOTE),
        ("AN: short one today", NoteKind.AUTHOR_NOTE),
        ("A.N. I am back!", NoteKind.AUTHOR_NOTE),
        ("Author's Note: thank you all", NoteKind.AUTHOR_NOTE),
        ("Authors Note - this is late", NoteKind.AUTHOR_NOTE),
        ("(A/N: this was a prompt fill)", NoteKind.AUTHOR_NOTE),
        ("[A/N: set after book two]", NoteKind.AUTHOR_NOTE),
        ("**A/N:** bold label, markdown style", NoteKind.AUTHOR_NOTE),
        ("_Disclaimer_: not mine", NoteKind.DISCLAIMER),
        ("Disclaimer: nothing is mine.", NoteKind.DISCLAIMER),
        ("I don't own Starfall Academy.", NoteKind.DISCLAIMER),
        ("I do not own the characters, sadly.", NoteKind.DISCLAIMER),
        ("If you recognize it, it isn't mine.", NoteKind.DISCLAIMER),
        ("All rights belong to the original author.", NoteKind.DISCLAIMER),
        ("No copyright infringement intended.", NoteKind.DISCLAIMER),
    ],
)
@pytest.mark.parametrize("where", ["start", "end", "between"])
def test_note_patterns_at_the_edges(note: str, kind: NoteKind, where: str, check_offsets) -> None:
    prose = "Corin lit the stove and waited for the kettle.\n\nThe kettle took its time."
    if where == "start":
        text = f"{note}\n\n{prose}\n"
    elif where == "end":
        text = f"{prose}\n\n{note}\n"
    else:
        text = f"Chapter 1\n\n{prose}\n\nChapter 2\n\n{note}\n\n{prose}\n"
    story = story_from_text(text)
    check_offsets(story)
    assert [(n.kind, n.text) for n in story.notes] == [(kind, note)]
    assert "kettle" in story.prose_text()


@pytest.mark.parametrize(
    "line",
    [
        '"I don\'t own a car," Mari said.',
        "Mari didn't own anything but the boots she stood in.",
        "Note the way the light fell on the water.",
        "An old man sat on the pier.",
        "Everything belongs to the river in the end.",
    ],
)
def test_story_sentences_are_not_notes(line: str) -> None:
    text = f"{line}\n\nThe gulls circled.\n\nChapter 2\n\n{line}\n\nShe nodded.\n\n{line}\n"
    story = story_from_text(text)
    assert story.notes == ()


def test_labelled_note_in_the_middle_of_a_chapter() -> None:
    text = (
        "Ada ran.\n\nBo ran.\n\nCy ran.\n\nA/N: sorry, had to stop here last time!\n\n"
        "Di ran.\n\nEd ran.\n\nFy ran.\n\nGus."
    )
    story = story_from_text(text)
    assert [n.text for n in story.notes] == ["A/N: sorry, had to stop here last time!"]


def test_separator_after_a_top_note_belongs_to_the_note() -> None:
    text = "A/N: hi all!\n\nEnjoy!\n\n~~~\n\nMara woke early.\n\n* * *\n\nShe slept late."
    story = story_from_text(text)
    assert len(story.notes) == 1
    assert story.notes[0].text == "A/N: hi all!\n\nEnjoy!\n\n~~~"
    assert [b.marker for b in story.scene_breaks] == ["* * *"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Chapter 3", None),
        ("Chapter Three: The Well", "The Well"),
        ("CHAPTER IV", None),
        ("Chapter 12 - Ash", "Ash"),
        ("Chapter Twenty-One: Frost", "Frost"),
        ("Prologue", "Prologue"),
        ("Epilogue: After", "After"),
        ("Part Two", None),
    ],
)
def test_chapter_headings(line: str, title: str | None) -> None:
    assert chapter_heading(line) == title


@pytest.mark.parametrize(
    "line",
    ["Part two of the plan failed.", "Chapter one was done.", "The chapter ended.", "Chapters", ""],
)
def test_not_chapter_headings(line: str) -> None:
    assert chapter_heading(line) is False


def test_text_without_headings_is_one_chapter() -> None:
    story = story_from_text("Ada ran.\n\nBo ran.\n")
    assert [(c.index, c.start, c.end) for c in story.chapters] == [(1, 0, len("Ada ran.\n\nBo ran."))]


def test_single_newline_paragraphs(fixture_path, check_offsets) -> None:
    story = read_story(fixture_path("lines.txt"))
    check_offsets(story)
    paragraphs = [story.text[p.start : p.end] for p in story.paragraphs]
    assert paragraphs[:2] == [
        "Harriet unlocked the shop at seven and turned the sign around.",
        '"We\'re open," she told the empty street.',
    ]
    assert len(paragraphs) == 7
    assert [b.marker for b in story.scene_breaks] == ["#"]


def test_wrapped_paragraphs_stay_whole(fixture_path, check_offsets) -> None:
    path = fixture_path("wrapped.txt")
    assert not uses_line_paragraphs(path.read_text())
    story = read_story(path)
    check_offsets(story)
    assert len(story.paragraphs) == 3
    first = story.text[story.paragraphs[0].start : story.paragraphs[0].end]
    assert first.startswith("Harriet") and first.endswith("wake up.") and "\n" in first


def test_markdown(fixture_path, check_offsets) -> None:
    path = fixture_path("story.md")
    story = read_story(path)
    check_offsets(story)
    assert story.source.format is SourceFormat.MARKDOWN
    assert story.text == path.read_text()
    assert story.metadata.title == "The Glasshouse Letters"
    assert [(c.index, c.title) for c in story.chapters] == [(1, "Frost"), (2, "Thaw")]
    assert [b.marker for b in story.scene_breaks] == ["---"]
    styled = [(s.kind.value, story.text[s.start : s.end]) for s in story.styled]
    assert styled == [("italic", "first"), ("bold", "come home"), ("italic", "that")]


def test_markdown_setext_heading_is_not_a_break() -> None:
    text = "The Thaw\n--------\n\nIt melted.\n\n***\n\nIt froze."
    story = parse_plain(text, markdown=True)
    assert [b.marker for b in story.scene_breaks] == ["***"]
    assert [c.title for c in story.chapters] == ["The Thaw"]


def test_story_from_text_recognises_html(fixture_path) -> None:
    html = fixture_path("ao3_single.html").read_text()
    story = story_from_text(html)
    assert story.source.format is SourceFormat.AO3_HTML
    assert story.metadata.title == "Salt on the Lamp Glass"


def test_story_from_text_hash_is_stable() -> None:
    a = story_from_text("Ada ran.")
    b = story_from_text("Ada ran.")
    c = story_from_text("Bo ran.")
    assert a.source.sha256 == b.source.sha256 != c.source.sha256
    assert a.source.path is None


def test_separator_before_an_end_note_belongs_to_the_note() -> None:
    text = "Mara woke early.\n\n* * *\n\nShe slept late.\n\n~~~\n\nA/N: thanks for reading!\n\nxoxo"
    story = story_from_text(text)
    assert [b.marker for b in story.scene_breaks] == ["* * *"]
    assert [n.text for n in story.notes] == ["~~~\n\nA/N: thanks for reading!\n\nxoxo"]


def test_prose_after_an_early_note_is_not_swallowed() -> None:
    text = "A/N: set after the war.\n\nMara woke early and went down to the river.\n\nShe slept late."
    story = story_from_text(text)
    assert [n.text for n in story.notes] == ["A/N: set after the war."]
    assert story.text[story.paragraphs[0].start :].startswith("Mara woke early")


def test_title_lines_stay_out_of_the_leading_note() -> None:
    text = "The Ferry\nby someone\n\nA/N: hi!\n\nChapter 1\n\nIt rained."
    story = story_from_text(text)
    assert [n.text for n in story.notes] == ["A/N: hi!"]
    assert story.text[story.paragraphs[0].start : story.paragraphs[0].end] == "The Ferry\nby someone"


HEADER = """Title: The Lantern Ferry
Author: saltmarsh_quill
Fandom: Riverlight
Rating: T
Pairing: Ines Halloran/Bram Oduya, Ines Halloran & Tam
Characters: Ines Halloran, Bram Oduya, Tam (Riverlight)
Words: 3,201
Status: Complete
Chapters: 2
Summary: Eleven lanterns,
one too few.
Disclaimer: Riverlight is not mine.

Chapter 1

Ines counted the lanterns.
"""


def test_key_value_header_fills_metadata(check_offsets) -> None:
    story = story_from_text(HEADER)
    check_offsets(story)
    m = story.metadata
    assert (m.title, m.authors, m.fandoms, m.rating) == (
        "The Lantern Ferry",
        ("saltmarsh_quill",),
        ("Riverlight",),
        "T",
    )
    assert [(r.kind.value, r.characters) for r in m.relationships] == [
        ("romantic", ("Ines Halloran", "Bram Oduya")),
        ("platonic", ("Ines Halloran", "Tam")),
    ]
    assert m.characters == ("Ines Halloran", "Bram Oduya", "Tam (Riverlight)")
    assert (m.stated_words, m.chapters, m.chapters_planned) == (3201, 2, 2)
    assert m.summary == "Eleven lanterns, one too few."
    assert [n.kind for n in story.notes] == [NoteKind.AUTHOR_NOTE, NoteKind.SUMMARY, NoteKind.DISCLAIMER]
    assert story.notes[1].text == "Summary: Eleven lanterns,\none too few."
    assert [story.text[p.start : p.end] for p in story.paragraphs] == [
        "Chapter 1",
        "Ines counted the lanterns.",
    ]
    assert story.text == HEADER


@pytest.mark.parametrize(
    "text",
    [
        "Note: the bridge was out.\n\nMara swam.",
        'Mara: "Hello."\nBram: "Hi."\n\nThey laughed.',
        "Status: unknown.\n\nThe radio hissed.",
    ],
)
def test_story_lines_are_not_a_header(text: str) -> None:
    story = story_from_text(text)
    assert story.metadata.title is None
    assert all(n.kind is not NoteKind.SUMMARY for n in story.notes)
    assert "Mara" in story.prose_text() or "radio" in story.prose_text()


def test_unheaded_first_chapter_is_not_swallowed_by_the_top_note() -> None:
    long_para = "Mara walked the length of the harbour wall, counting the boats that had come back. " * 5
    text = f"A/N: hi!\n\n{long_para}\n\n{long_para}\n\nChapter 2\n\nShe slept."
    story = story_from_text(text)
    assert [n.text for n in story.notes] == ["A/N: hi!"]


CHAPTER_OPENING_NOTES = """Chapter 1

Thank you so much for all the reviews on the prologue, you are all wonderful!

quillfeather: yes, Bram is coming back, be patient!

Guest: no spoilers, sorry :)

Disclaimer: the Riverlight world belongs to its creator, not me.

Ines counted the lanterns twice. There were eleven.

"One is missing," Bram said.

Disclaimer - the ferry songs are my own, please ask before borrowing them.

Years before, the ferry had carried twelve.

Chapter 2

Tam woke before the bells.

She lit the stove and waited for the ferry.

Thanks for reading! Comments keep me going.
"""


def test_thanks_and_reviewer_replies_before_a_disclaimer_open_a_chapter_note() -> None:
    story = story_from_text(CHAPTER_OPENING_NOTES)
    assert [(n.kind, n.text.split("\n")[0], n.chapter) for n in story.notes] == [
        (
            NoteKind.AUTHOR_NOTE,
            "Thank you so much for all the reviews on the prologue, you are all wonderful!",
            1,
        ),
        (NoteKind.DISCLAIMER, "Disclaimer: the Riverlight world belongs to its creator, not me.", 1),
        (
            NoteKind.DISCLAIMER,
            "Disclaimer - the ferry songs are my own, please ask before borrowing them.",
            1,
        ),
        (NoteKind.AUTHOR_NOTE, "Thanks for reading! Comments keep me going.", 2),
    ]
    assert "Guest: no spoilers" in story.notes[0].text
    prose = " ".join(story.text[p.start : p.end] for p in story.paragraphs)
    assert "Ines counted" in prose and "She lit the stove" in prose
    assert "reviews" not in prose and "Disclaimer" not in prose and "Thanks for reading" not in prose


@pytest.mark.parametrize(
    "opening",
    [
        "Hello, said the sign on the chapter house, in letters a foot high.",
        "Sorry was not a word the harbourmaster used, not in thirty years of reviews and inspections.",
    ],
)
def test_a_story_that_opens_or_closes_with_such_words_keeps_them(opening: str) -> None:
    closing = "She thanked the keeper for reading the log aloud."
    text = f"Chapter 1\n\n{opening}\n\nIda climbed the stairs.\n\n{closing}\n"
    assert story_from_text(text).notes == ()

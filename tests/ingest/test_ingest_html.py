from __future__ import annotations

from ficlens.datamodel import NoteKind, RelationshipKind, Series, SourceFormat, StyleKind
from ficlens.ingest import read_story
from ficlens.ingest.ao3_common import clean_name, parse_stats, relationship


def _styled(story, kind: StyleKind) -> list[str]:
    return [story.text[s.start : s.end] for s in story.styled if s.kind is kind]


def test_ao3_single_chapter(fixture_path, check_offsets) -> None:
    story = read_story(fixture_path("ao3_single.html"))
    check_offsets(story)
    m = story.metadata
    assert story.source.format is SourceFormat.AO3_HTML
    assert m.title == "Salt on the Lamp Glass"
    assert m.authors == ("gullwing_ink",)
    assert m.fandoms == ("Lighthouse Keepers (Radio Drama)", "Tidewater Almanac")
    assert m.rating == "General Audiences"
    assert m.warnings == ("Creator Chose Not To Use Archive Warnings", "Major Character Death")
    assert m.categories == ("F/F",)
    assert [(r.tag, r.kind, r.characters) for r in m.relationships] == [
        ("Odile Marchetti/Hanne Voss", RelationshipKind.ROMANTIC, ("Odile Marchetti", "Hanne Voss")),
        ("Odile Marchetti & Benedikt Saar", RelationshipKind.PLATONIC, ("Odile Marchetti", "Benedikt Saar")),
    ]
    assert m.characters == ("Odile Marchetti", "Hanne Voss", "Benedikt Saar (Lighthouse Keepers)")
    assert m.tags == ("Storms", "Letters", "Fluff and Angst")
    assert (m.language, m.published, m.stated_words, m.chapters, m.chapters_planned) == (
        "English",
        "2024-11-02",
        1204,
        1,
        1,
    )
    assert m.url == "https://archiveofourown.org/works/81234567"
    assert m.summary == "Odile keeps the light. Hanne keeps writing."
    assert [(c.index, c.title, c.start, c.end) for c in story.chapters] == [(1, None, 0, len(story.text))]


def test_ao3_prose_text_and_markup(fixture_path) -> None:
    story = read_story(fixture_path("ao3_single.html"))
    text = story.text
    # Whitespace inside a <p> collapses; &nbsp;-only paragraphs vanish; <br/> is a newline; entities decode.
    assert text.startswith(
        "The storm came in sideways, and Odile climbed the ninety-one steps with the oil can"
    )
    assert "\n\n\n" not in text
    assert "under the door.\nI can see your light" in text
    assert "Odile laughed & let her in." in text
    assert _styled(story, StyleKind.BOLD) == ["DO NOT"]
    assert _styled(story, StyleKind.ITALIC) == ["Are you awake?", "I can see your light from the harbour."]
    assert _styled(story, StyleKind.STRIKE) == ["always"]
    assert _styled(story, StyleKind.CENTERED) == ["The End"]


def test_ao3_scene_breaks_are_marker_lines(fixture_path) -> None:
    story = read_story(fixture_path("ao3_single.html"))
    assert [b.marker for b in story.scene_breaks] == ["* * *", "~~~"]  # <hr/> and a centred "~~~"
    for b in story.scene_breaks:
        assert story.text[b.start - 2 : b.start] == "\n\n"
        assert story.text[b.end : b.end + 2] == "\n\n"
    assert all(story.text[p.start : p.end] not in {"* * *", "~~~"} for p in story.paragraphs)


def test_ao3_notes_are_anchored_not_in_text(fixture_path) -> None:
    story = read_story(fixture_path("ao3_single.html"))
    assert [(n.kind, n.start, n.end, n.in_text) for n in story.notes] == [
        (NoteKind.SUMMARY, 0, 0, False),
        (NoteKind.WORK_NOTES, 0, 0, False),
    ]
    assert "winter exchange" not in story.text


def test_ao3_multi_chapter(fixture_path, check_offsets) -> None:
    story = read_story(fixture_path("ao3_multi.html"))
    check_offsets(story)
    m = story.metadata
    assert m.authors == ("quillfinch", "mossbound")
    # "3/?" is a work in progress
    assert (m.stated_words, m.chapters, m.chapters_planned) == (613451, 3, None)
    assert (m.published, m.updated, m.completed) == ("2021-09-01", "2023-02-14", None)
    assert m.series == (Series("Harvest Cycle", 2), Series("Small Hours", 5))
    assert m.characters[-1] == "Grandmother Wren (Orchard Years)"  # verbatim, the disambiguator kept
    chapters = story.chapters
    assert [(c.index, c.title) for c in chapters] == [(1, "Windfalls"), (2, None), (3, "The Frost")]
    assert story.text[chapters[0].start : chapters[0].end].startswith("Tomasz Wren wrote")
    assert story.text[chapters[1].start : chapters[1].end] == (
        "Grandmother Wren did not believe in ledgers.\n\noOo\n\nShe believed in weather."
    )
    assert story.text[chapters[2].start : chapters[2].end] == "Ivo brought the frost in on his boots."
    # <hr/> at the very start and end of chapter 2 are decoration, not breaks between scenes.
    assert [b.marker for b in story.scene_breaks] == ["oOo"]


def test_ao3_multi_chapter_notes(fixture_path) -> None:
    story = read_story(fixture_path("ao3_multi.html"))
    c1, _c2, c3 = story.chapters
    notes = [(n.kind, n.start, n.chapter, n.text) for n in story.notes]
    assert notes == [
        (NoteKind.SUMMARY, 0, None, "Every apple is written down.\n\nAlmost every one."),
        (NoteKind.CHAPTER_SUMMARY, c1.start, 1, "Tomasz counts."),
        (NoteKind.CHAPTER_NOTES, c1.start, 1, "Beta'd by a very patient friend."),
        (NoteKind.CHAPTER_END_NOTES, c1.end, 1, "More soon!"),
        (NoteKind.CHAPTER_NOTES, c3.start, 3, "Short one, sorry."),
        (NoteKind.END_NOTES, len(story.text), None, "Thank you for reading."),
    ]


def test_ao3_work_page(fixture_path, check_offsets) -> None:
    story = read_story(fixture_path("ao3_page.html"))
    check_offsets(story)
    m = story.metadata
    assert story.source.format is SourceFormat.AO3_PAGE
    assert (m.title, m.authors, m.rating, m.language) == (
        "Kettle Weather",
        ("brambleclerk",),
        "Teen And Up Audiences",
        "English",
    )
    assert m.categories == ("F/M", "Multi")
    assert [r.kind for r in m.relationships] == [RelationshipKind.ROMANTIC, RelationshipKind.PLATONIC]
    assert m.characters == ("Priya Lenz", "Caspar Oyelaran", "Maud Fenwick (Harbour Street)")
    assert m.tags == ("Tea", "Rain")
    assert m.series == (Series("Wet Pavements", 3),)
    assert (m.published, m.updated, m.stated_words, m.chapters, m.chapters_planned) == (
        "2022-05-09",
        "2022-06-01",
        2310,
        2,
        3,
    )
    assert m.url == "https://archiveofourown.org/works/55500011"
    assert [(c.index, c.title) for c in story.chapters] == [(1, "First Kettle"), (2, None)]
    assert "Chapter Text" not in story.text
    assert "Great chapter" not in story.text and "Kudos" not in story.text
    assert [b.marker for b in story.scene_breaks] == ["* * *"]
    kinds = [(n.kind, n.chapter) for n in story.notes]
    assert kinds == [
        (NoteKind.SUMMARY, None),
        (NoteKind.WORK_NOTES, None),
        (NoteKind.CHAPTER_NOTES, 1),
        (NoteKind.CHAPTER_END_NOTES, 1),
        (NoteKind.END_NOTES, None),
    ]
    assert _styled(story, StyleKind.ITALIC) == ["She can always smell it."]


def test_ffn_page(fixture_path, check_offsets) -> None:
    story = read_story(fixture_path("ffn_page.html"))
    check_offsets(story)
    m = story.metadata
    assert story.source.format is SourceFormat.FFN_HTML
    assert (m.title, m.authors, m.fandoms, m.rating, m.language) == (
        "The Bell Jar Garden",
        ("thornpetal",),
        ("Moonvale Chronicles",),
        "T",
        "English",
    )
    assert m.tags == ("Romance", "Hurt/Comfort")
    assert m.characters == ("Wren H.", "Aldous B.", "Juniper K.")
    assert [(r.kind, r.characters) for r in m.relationships] == [
        (RelationshipKind.ROMANTIC, ("Wren H.", "Aldous B."))
    ]
    assert (m.stated_words, m.chapters, m.published, m.updated) == (21450, 7, "2023-01-01", "2024-02-01")
    assert m.summary is not None and m.summary.startswith("Wren grows things")
    # The page holds chapter 2 only; its title is the selected <option>'s text, not the following ones.
    assert [(c.index, c.title) for c in story.chapters] == [(2, "Cuttings")]
    assert "Seedlings" not in story.text and "Frost Cloth" not in story.text
    assert [b.marker for b in story.scene_breaks] == ["* * *"]
    disclaimers = [n for n in story.notes if n.in_text]
    assert [(n.kind, n.text) for n in disclaimers] == [
        (NoteKind.DISCLAIMER, "Disclaimer: I don't own Moonvale Chronicles.")
    ]
    assert story.text.endswith("Juniper said nothing at all.")


def test_tag_helpers() -> None:
    assert clean_name("Sable (Tidewater Saga)") == "Sable"
    assert clean_name("Pip") == "Pip"
    rel = relationship("Elizabeth Bennet/Fitzwilliam Darcy (Pride and Prejudice)")
    assert rel.kind is RelationshipKind.ROMANTIC and rel.characters == (
        "Elizabeth Bennet",
        "Fitzwilliam Darcy",
    )
    rel = relationship("Jo March & Theodore Laurence")
    assert rel.kind is RelationshipKind.PLATONIC and rel.characters == ("Jo March", "Theodore Laurence")
    stats = parse_stats("Published: 2020-03-04 Completed: 2020-05-01 Words: 4,559 Chapters: 12/12")
    assert (stats.published, stats.completed, stats.words, stats.chapters, stats.planned) == (
        "2020-03-04",
        "2020-05-01",
        4559,
        12,
        12,
    )


def test_ao3_page_showing_one_later_chapter(fixture_path) -> None:
    html = fixture_path("ao3_page.html").read_text()
    start = html.index('<div class="chapter" id="chapter-1">')
    end = html.index('<div class="chapter" id="chapter-2">')
    story = read_story_text(html[:start] + html[end:])
    assert [(c.index, c.title) for c in story.chapters] == [(2, None)]
    assert story.text.startswith("Maud Fenwick arrived soaked.")


def read_story_text(html: str):
    from ficlens.ingest import story_from_text

    return story_from_text(html)


def test_ao3_download_without_chapter_heading(fixture_path) -> None:
    from ficlens.ingest import story_from_text

    html = fixture_path("ao3_single.html").read_text()
    html = html.replace('<h2 class="toc-heading">Salt on the Lamp Glass</h2>', "")
    story = story_from_text(html)
    assert [(c.index, c.title, c.start) for c in story.chapters] == [(1, None, 0)]
    assert story.text.startswith("The storm came in sideways")


def test_character_tags_are_kept_verbatim() -> None:
    """Two tags that differ only in their disambiguator stay two tags; relationship names are cleaned."""
    from ficlens.ingest import story_from_text

    html = (
        "<html><head><title>Two Wrens</title></head><body>"
        '<div id="preface"><h1>Two Wrens</h1><div class="meta"><dl class="tags">'
        '<dt>Fandom:</dt><dd><a href="#">Kettle Hill Chronicles</a></dd>'
        '<dt>Relationship:</dt><dd><a href="#">Sorrel Wren (Kettle Hill)/Ambrose Pike</a></dd>'
        '<dt>Characters:</dt><dd><a href="#">Sorrel Wren (Kettle Hill)</a>, '
        '<a href="#">Sorrel Wren (Ironsides)</a>, <a href="#">Ambrose Pike</a></dd>'
        "</dl></div></div>"
        '<div id="chapters"><div class="userstuff"><p>Sorrel Wren crossed the yard. Ambrose waited.</p>'
        "</div></div></body></html>"
    )
    m = story_from_text(html).metadata
    assert m.characters == ("Sorrel Wren (Kettle Hill)", "Sorrel Wren (Ironsides)", "Ambrose Pike")
    assert m.relationships[0].tag == "Sorrel Wren (Kettle Hill)/Ambrose Pike"
    assert clean_name(m.characters[1]) == "Sorrel Wren"


AO3_BODY_NOTES = """<html><head><title>Lanterns</title></head><body>
<div id="preface"><div class="meta"><dl class="tags"><dt>Fandom:</dt><dd><a href="#">Riverlight</a></dd></dl>
<h1>Lanterns</h1><div class="byline">by <a rel="author" href="#">saltmarsh_quill</a></div></div></div>
<div id="chapters" class="userstuff">
<div class="meta group"><h2 class="heading">Chapter 1: Eleven</h2>
<p>Chapter Notes</p><blockquote class="userstuff"><p>Beta'd by moth_and_lamp.</p>
(See the end of the chapter for <a href="#chapter_1_endnotes">more notes</a>.)</blockquote></div>
<!--chapter content-->
<div class="userstuff">
<p>A/N: Hi all! Replies to reviews first.</p>
<p>quillfeather: Bram IS coming back, I promise.</p>
<p>Guest: thank you!! &lt;3</p>
<p>Disclaimer: I don't own Riverlight.</p>
<p>Ines counted the lanterns twice. There were eleven.</p>
<p>"One is missing," Bram said.</p>
<p><strong>A/N:</strong> the next bit is a flashback, sorry for the jump!</p>
<p>Years before, the ferry had carried twelve.</p>
</div>
<!--/chapter content-->
<div class="meta" id="endnotes1"><p>Chapter End Notes</p>
<blockquote class="userstuff"><p>Kudos feed the muse.</p></blockquote></div>
<div class="meta group"><h2 class="heading">Chapter 2: Twelve</h2></div>
<!--chapter content-->
<div class="userstuff">
<p>Thank you for the lovely comments on chapter one! You are the best.</p>
<p>Tam woke before the bells.</p>
<p>Thanks for reading! Next chapter on Friday.</p>
</div>
<!--/chapter content-->
</div></body></html>"""


def test_notes_inside_ao3_chapter_bodies_and_boilerplate() -> None:
    """Replies, a disclaimer and a mid-chapter note in the chapter text; an opening thanks and a closing
    thanks in the next chapter; AO3's own lines and labels out of the story text."""
    from ficlens.ingest import story_from_text

    story = story_from_text(AO3_BODY_NOTES)
    found = [(n.kind, n.text.split("\n")[0]) for n in story.notes]
    assert found == [
        (NoteKind.CHAPTER_NOTES, "Beta'd by moth_and_lamp."),
        (NoteKind.AUTHOR_NOTE, "A/N: Hi all! Replies to reviews first."),
        (NoteKind.DISCLAIMER, "Disclaimer: I don't own Riverlight."),
        (NoteKind.AUTHOR_NOTE, "A/N: the next bit is a flashback, sorry for the jump!"),
        (NoteKind.CHAPTER_END_NOTES, "Kudos feed the muse."),
        (NoteKind.AUTHOR_NOTE, "Thank you for the lovely comments on chapter one! You are the best."),
        (NoteKind.AUTHOR_NOTE, "Thanks for reading! Next chapter on Friday."),
    ]
    assert "Guest: thank you" in story.notes[1].text
    prose = story.prose_text()
    assert "Ines counted the lanterns" in prose and "Tam woke before the bells." in prose
    for leak in ("Replies", "Guest", "Disclaimer", "A/N", "lovely comments", "Thanks for reading", "Friday"):
        assert leak not in prose
    for boilerplate in ("See the end of the chapter", "Chapter Notes", "Chapter End Notes", "more notes"):
        assert boilerplate not in story.text

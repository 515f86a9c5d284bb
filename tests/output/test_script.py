"""The script output, built from a hand-made StoryAnalysis (no NLP)."""

from __future__ import annotations

import json
from pathlib import Path

from ficlens.datamodel.analysis import StoryAnalysis
from ficlens.datamodel.cast import Character, MentionCounts
from ficlens.datamodel.dialogue import AttributionType, Quote, QuoteKind
from ficlens.datamodel.inner import Pov
from ficlens.datamodel.story import Chapter, Metadata, Note, NoteKind, SceneBreak, Source, SourceFormat
from ficlens.output.script import NARRATOR, script_lines, script_text, write_script_jsonl, write_script_text

TEXT = (
    "A/N: I own nothing.\n\n"
    '"I shouldn\'t have left," Jo said.\n\n'
    "Laurie looked away.\n\n"
    "* * *\n\n"
    "Where are you?\n\n"
    "—Here, he said."
)


def _character(cid: str, name: str) -> Character:
    return Character(cid, name, (), 1, MentionCounts(), None, None, None, 1)


def _quote(qid: str, text: str, kind: QuoteKind, speaker: str | None, addressees: tuple[str, ...]) -> Quote:
    start = TEXT.index(text)
    return Quote(
        qid, start, start + len(text), text, kind, AttributionType.EXPLICIT, speaker, addressees, 0.9, 1
    )


def analysis(narrator: str | None = None) -> StoryAnalysis:
    note_end = TEXT.index("\n\n")
    brk = TEXT.index("* * *")
    return StoryAnalysis(
        source=Source(path=None, format=SourceFormat.TEXT, sha256="0"),
        metadata=Metadata(title="The Attic"),
        text=TEXT,
        notes=(Note(NoteKind.AUTHOR_NOTE, 0, note_end, TEXT[:note_end], True),),
        chapters=(Chapter(1, None, 0, len(TEXT)),),
        scene_breaks=(SceneBreak(brk, brk + 5, "* * *"),),
        characters=(_character("jo", "Jo"), _character("laurie", "Laurie")),
        quotes=(
            _quote("Q1", '"I shouldn\'t have left,"', QuoteKind.SPOKEN, "jo", ("laurie",)),
            _quote("Q2", "Where are you?", QuoteKind.WRITTEN, "jo", ()),
            _quote("Q3", "—Here,", QuoteKind.SPOKEN, "laurie", ("jo",)),
        ),
        pov=Pov(narrator=narrator),
    )


def test_lines_are_ordered_and_leave_out_notes_and_breaks() -> None:
    lines = script_lines(analysis())
    assert [(line.kind, line.speaker) for line in lines] == [
        ("spoken", "Jo"),
        ("narration", NARRATOR),
        ("narration", NARRATOR),
        ("written", "Jo"),
        ("spoken", "Laurie"),
        ("narration", NARRATOR),
    ]
    assert all("own nothing" not in line.text and "* * *" not in line.text for line in lines)
    assert [line.start for line in lines] == sorted(line.start for line in lines)
    for line in lines:
        assert TEXT[line.start : line.end] == line.text
    assert lines[0].addressees == ("Laurie",) and lines[0].chapter == 1


def test_screenplay_text_strips_quote_marks() -> None:
    text = script_text(analysis())
    assert "JO (to Laurie): I shouldn't have left," in text
    assert "JO (writing): Where are you?" in text
    assert "LAURIE (to Jo): Here," in text
    assert "NARRATOR: Jo said." in text


def test_first_person_narrator_speaks_the_narration() -> None:
    lines = script_lines(analysis(narrator="laurie"))
    assert {line.speaker for line in lines if line.kind == "narration"} == {"Laurie"}


def test_writers(tmp_path: Path) -> None:
    a = analysis()
    write_script_jsonl(a, tmp_path / "s.script.jsonl")
    write_script_text(a, tmp_path / "s.script.txt")
    rows = [json.loads(x) for x in (tmp_path / "s.script.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[0]["kind"] == "spoken" and rows[0]["speaker"] == "Jo"
    assert rows[0]["addressees"] == ["Laurie"] and rows[0]["chapter"] == 1
    assert {"kind", "speaker", "addressees", "text", "start", "end", "chapter"} <= set(rows[0])
    assert (tmp_path / "s.script.txt").read_text(encoding="utf-8").startswith("THE ATTIC")


def test_a_chapter_heading_in_the_text_is_a_heading_not_narration() -> None:
    text = "Chapter 1: Rain\n\nIt rained on the roof.\n\nChapter 2\n\nThe sun came out."
    second = text.index("Chapter 2")
    base = StoryAnalysis(
        source=Source(path="s.txt", format=SourceFormat.TEXT, sha256="0" * 64),
        metadata=Metadata(),
        text=text,
        chapters=(Chapter(1, "Rain", 0, second), Chapter(2, None, second, len(text))),
    )
    lines = script_lines(base)
    assert [(line.kind, line.text) for line in lines] == [
        ("heading", "Chapter 1: Rain"),
        ("narration", "It rained on the roof."),
        ("heading", "Chapter 2"),
        ("narration", "The sun came out."),
    ]
    assert "NARRATOR: Chapter" not in script_text(base)


def test_a_newline_in_a_name_cannot_forge_a_line_of_the_script() -> None:
    from ficlens.output.script import ScriptLine, format_line

    line = ScriptLine(
        kind="spoken",
        speaker="Wren\nNARRATOR: forged\x1b[2J",
        addressees=("Os\r\nsian",),
        text='"Go."',
        start=0,
        end=5,
        chapter=None,
    )
    assert format_line(line) == "WREN NARRATOR: FORGED [2J (to Os sian): Go."

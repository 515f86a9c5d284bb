"""Fan-fiction reading rules: the cast decision, notes, tense exclusions and flashbacks (invented text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from inner_helpers import annotate, load_sm
from spacy.language import Language

import ficlens
from ficlens.datamodel import NoteKind
from ficlens.datamodel.inner import Tense
from ficlens.errors import InputError
from ficlens.ingest.notes import classify, find_notes
from ficlens.pipeline.characters.cast import Evidence, decide, load_cast_file
from ficlens.pipeline.docdata import get_inner


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_sm()


@pytest.mark.parametrize(
    ("evidence", "keep"),
    [
        (Evidence(tagged=True, proper=1, mentions=1, not_a_name=True), True),  # an AO3 tag outweighs all
        (Evidence(proper=5, mentions=5, locative=4), False),  # "at Donwell", "from Donwell"
        (Evidence(proper=2, mentions=2, determined=2), False),  # "the Hundred"
        (Evidence(proper=3, mentions=5, locative=3, person_verbs=1, pronouns=2), True),  # a person after all
        (Evidence(titled=True, proper=2, mentions=2, determined=2), True),  # "the Duke of Hallam"
        (Evidence(proper=1, mentions=1, not_a_name=True), False),  # "Hm", "Breathe"
        (Evidence(proper=1, mentions=1, title_only=True), False),  # "Inspector"
        (Evidence(proper=1, mentions=1, gendered_name=True), False),  # named once: the minor tier
        (Evidence(proper=1, mentions=3, gendered_name=True), True),  # "Mr. Woodhouse" ... "her father"
        (Evidence(proper=1, mentions=1, person_verbs=1), True),  # "Gideon wanted to keep it lit"
    ],
)
def test_the_cast_needs_person_evidence(evidence: Evidence, keep: bool) -> None:
    assert decide(evidence) is keep


def _units(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for block in text.split("\n\n"):
        out.append((pos, pos + len(block)))
        pos += len(block) + 2
    return out


def test_a_top_note_runs_on_through_reviewer_replies() -> None:
    text = (
        "AN: back at last! Replies to reviews:\n\n"
        "quillpig: yes, the letters matter.\n\n"
        "Guest (who asked about Bram): he is in this one.\n\n"
        "***\n\n"
        "Bram counted the boats in the harbour and found one missing.\n\n"
        "He went down to the water."
    )
    units = _units(text)
    notes = find_notes(text, units, breaks=[3])
    assert len(notes) == 1 and notes[0].kind is NoteKind.AUTHOR_NOTE
    assert "he is in this one" in notes[0].text and "Bram counted" not in notes[0].text


@pytest.mark.parametrize(
    "paragraph",
    [
        "*(Mid-chapter note: sorry, I had to say this!)*",
        "> **Author's note, mid-chapter:** three parts, not one.",
        "AN 2: next chapter is Thursday!!",
    ],
)
def test_mid_chapter_and_numbered_notes_are_labelled(paragraph: str) -> None:
    assert classify(paragraph) is NoteKind.AUTHOR_NOTE


def test_a_closing_thanks_after_the_last_break_is_a_note_and_a_story_ending_is_not() -> None:
    story = "Mara shut the door. The house was quiet at last.\n\nShe slept until noon."
    text = story + "\n\n* * *\n\n*Thanks for reading! Kudos make my day.*"
    notes = find_notes(text, _units(text), breaks=[2])
    assert [n.text for n in notes] == ["* * *\n\n*Thanks for reading! Kudos make my day.*"]
    assert find_notes(story, _units(story)) == []


def test_letters_chat_lines_subordinate_clauses_and_modals_are_not_slips(nlp: Language) -> None:
    text = (
        "Iris walked to the window and read the letter again.\n\n"
        "> Dear Iris, the sea is grey and I miss you.\n\n"
        "Wren: are you up\n"
        "Iris: i am now\n\n"
        "She put the phone down. She could not think why it mattered. The man who lives next door waved.\n"
    )
    doc = annotate(nlp, text, names={"Iris": "iris"}, pronouns={"she": "iris"})
    report = get_inner(doc).tense
    assert report.dominant is Tense.PAST
    assert report.shifts == ()


def test_a_past_perfect_flashback_in_a_present_story_is_not_a_slip(nlp: Language) -> None:
    text = (
        "Noor ties the rope to the rail. She tests it twice and looks down at the water.\n\n"
        "Her sister had tied this knot a hundred times. She had laughed at the river.\n\n"
        "Noor pulls the knot tight and climbs over the rail.\n"
    )
    doc = annotate(nlp, text, names={"Noor": "noor"}, pronouns={"she": "noor"})
    report = get_inner(doc).tense
    assert report.dominant is Tense.PRESENT
    assert report.shifts == ()
    [(start, end)] = report.flashbacks
    assert start == text.index("Her sister") and text[start:end].endswith("She had")


def test_cast_file_lists_names_that_are_never_characters(tmp_path: Path) -> None:
    listed = tmp_path / "list.yaml"
    listed.write_text("- name: Tam Orrin\n  aliases: [Tam]\n- not_characters: [Marigold, Saint Vey]\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("characters:\n  - Tam Orrin\nnot_characters: [Marigold]\n")
    assert [(e.name, e.character) for e in load_cast_file(listed)] == [
        ("Tam Orrin", True),
        ("Marigold", False),
        ("Saint Vey", False),
    ]
    assert [(e.name, e.character) for e in load_cast_file(mapping)] == [
        ("Tam Orrin", True),
        ("Marigold", False),
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not_characters: {a: 1}\n")
    with pytest.raises(InputError, match="not_characters"):
        load_cast_file(bad)


def test_a_not_character_from_the_cast_file_stays_out_of_the_cast(tmp_path: Path) -> None:
    text = (
        "Tam Orrin looked up at Marigold Vance. Marigold Vance had watched over the valley for three hundred "
        "years, and she watched now.\n\n"
        '"You will hold," Tam said to her. Marigold Vance smiled at him, and she held. '
        "Marigold Vance always held.\n"
    )
    cast_file = tmp_path / "cast.yaml"
    cast_file.write_text("not_characters: [Marigold Vance]\n")
    assert {c.name for c in ficlens.analyze_text(text).characters} == {"Tam Orrin", "Marigold Vance"}
    assert {c.name for c in ficlens.analyze_text(text, cast=cast_file).characters} == {"Tam Orrin"}

"""Tense per paragraph and shifts between past and present, dialogue left out."""

from __future__ import annotations

import pytest
from inner_helpers import annotate, load_sm, make_story
from spacy.language import Language

from ficlens.datamodel.inner import Tense
from ficlens.pipeline.docdata import get_inner


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_sm()


SLIP = """Hester climbed onto the roof of the lighthouse. She checked the antenna and swore under her breath.

The wind picked up. She pulled her jacket tighter and reached for the wrench.

She tightens the last bolt. The radio crackles to life, and somewhere far away a voice answers.
"""


def test_past_to_present_slip_is_found_at_its_first_verb(nlp: Language) -> None:
    doc = annotate(nlp, SLIP, names={"Hester": "hester"}, pronouns={"she": "hester"})
    report = get_inner(doc).tense
    assert report.dominant is Tense.PAST
    assert [p.tense for p in report.paragraphs] == [Tense.PAST, Tense.PAST, Tense.PRESENT]
    assert len(report.shifts) == 1
    shift = report.shifts[0]
    assert (shift.from_tense, shift.to_tense) == (Tense.PAST, Tense.PRESENT)
    assert SLIP[shift.start : shift.end] == "tightens"
    assert shift.paragraph[0] == SLIP.index("She tightens")
    assert not shift.at_break


def test_present_dialogue_does_not_count() -> None:
    text = (
        '"I know what you are doing," Fenwick said. "You are stalling."\n\n'
        'Hester laughed. "I am fixing your radio," she said, and went back to work.\n'
    )
    doc = annotate(
        load_sm(), text, names={"Hester": "hester", "Fenwick": "fenwick"}, pronouns={"she": "hester"}
    )
    report = get_inner(doc).tense
    assert report.shifts == ()
    assert all(p.tense is Tense.PAST for p in report.paragraphs)
    assert all(p.present == 0 for p in report.paragraphs)


def test_a_lone_present_aside_is_not_a_shift(nlp: Language) -> None:
    text = "Hester walked to the fence. The pier is gone. She sat down and waited for the others.\n"
    doc = annotate(nlp, text, names={"Hester": "hester"}, pronouns={"she": "hester"})
    assert get_inner(doc).tense.shifts == ()


def test_shift_after_a_scene_break_is_marked_at_break(nlp: Language) -> None:
    text = (
        "Hester fixed the radio. She slept for an hour.\n***\n"
        "Hester opens her eyes. She walks to the fence and waits.\n"
    )
    story = make_story(text)
    doc = annotate(nlp, text, names={"Hester": "hester"}, pronouns={"she": "hester"}, story=story)
    shifts = get_inner(doc).tense.shifts
    assert len(shifts) == 1
    assert shifts[0].at_break
    assert text[shifts[0].start : shifts[0].end] == "opens"


def test_present_story_with_past_flashback_reports_both_shifts(nlp: Language) -> None:
    text = (
        "Ilse runs through the forest. She hears the drums and keeps going.\n\n"
        "Years ago her brother hid her under the floor. He sang to her in the dark.\n\n"
        "Now she stops at the river. She listens.\n"
    )
    doc = annotate(nlp, text, names={"Ilse": "ilse"}, pronouns={"she": "ilse"})
    report = get_inner(doc).tense
    assert report.dominant is Tense.PRESENT
    assert [(s.from_tense, s.to_tense) for s in report.shifts] == [
        (Tense.PRESENT, Tense.PAST),
        (Tense.PAST, Tense.PRESENT),
    ]


def test_a_one_sentence_present_paragraph_between_past_ones_is_an_aside(nlp: Language) -> None:
    text = (
        "Hester walked to the fence and looked at the sky.\n\n"
        "I have often thought about that night.\n\n"
        "She sat down and waited for the others. Nobody came.\n"
    )
    doc = annotate(nlp, text, names={"Hester": "hester"}, pronouns={"she": "hester"})
    report = get_inner(doc).tense
    assert report.shifts == ()
    assert [p.tense for p in report.paragraphs] == [Tense.PAST, Tense.PRESENT, Tense.PAST]

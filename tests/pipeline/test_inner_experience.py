"""Whose emotions a sentence holds: speakers, emotion predicates, the POV character."""

from __future__ import annotations

import pytest
from inner_helpers import annotate, load_sm
from spacy.language import Language

from ficlens.datamodel.inner import ExperienceHow
from ficlens.pipeline.docdata import get_inner, get_sentence_emotions


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_sm()


def _who(doc: object, text: str, needle: str) -> list[tuple[str, ExperienceHow]]:
    sentences = get_sentence_emotions(doc)  # type: ignore[attr-defined]
    by_index = {e.index: e.experiencers for e in get_inner(doc).experiencers}  # type: ignore[attr-defined]
    k = next(k for k, s in enumerate(sentences) if needle in text[s.start : s.end])
    return [(e.character, e.how) for e in by_index.get(k, ())]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Clarke cried.", "clarke"),
        ("Guilt ate at him.", "bellamy"),
        ("Bellamy was furious.", "bellamy"),
        ("Fear gripped her.", "clarke"),
        ("Tears streamed down her face.", "clarke"),
        ("His grief was a stone.", "bellamy"),
    ],
)
def test_emotion_predicates(nlp: Language, sentence: str, expected: str) -> None:
    # Bellamy holds the POV (he thinks), so a predicate for Clarke must beat the POV fallback
    text = f"Bellamy thought about the fire. He knew. {sentence}\n"
    doc = annotate(
        nlp,
        text,
        names={"Clarke": "clarke", "Bellamy": "bellamy"},
        pronouns={"her": "clarke", "him": "bellamy", "his": "bellamy", "he": "bellamy"},
    )
    assert _who(doc, text, sentence) == [(expected, ExperienceHow.PREDICATE)]


def test_speaker_owns_the_feelings_of_the_quote(nlp: Language) -> None:
    text = 'Clarke watched him. "I hate you," Bellamy said. "I am so afraid."\n'
    doc = annotate(
        nlp,
        text,
        names={"Clarke": "clarke", "Bellamy": "bellamy"},
        speakers=[("bellamy", ["clarke"]), ("bellamy", ["clarke"])],
    )
    assert _who(doc, text, "hate") == [("bellamy", ExperienceHow.SPEAKER)]
    assert _who(doc, text, "afraid") == [("bellamy", ExperienceHow.SPEAKER)]


def test_no_emotion_model_no_sentences(nlp: Language) -> None:
    doc = annotate(nlp, "Clarke cried.\n", names={"Clarke": "clarke"}, emotions=False)
    assert get_inner(doc).experiencers == ()

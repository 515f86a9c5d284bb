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
        ("Ingrid cried.", "ingrid"),
        ("Guilt ate at him.", "anselm"),
        ("Anselm was furious.", "anselm"),
        ("Fear gripped her.", "ingrid"),
        ("Tears streamed down her face.", "ingrid"),
        ("His grief was a stone.", "anselm"),
    ],
)
def test_emotion_predicates(nlp: Language, sentence: str, expected: str) -> None:
    # Anselm holds the POV (he thinks), so a predicate for Ingrid must beat the POV fallback
    text = f"Anselm thought about the fire. He knew. {sentence}\n"
    doc = annotate(
        nlp,
        text,
        names={"Ingrid": "ingrid", "Anselm": "anselm"},
        pronouns={"her": "ingrid", "him": "anselm", "his": "anselm", "he": "anselm"},
    )
    assert _who(doc, text, sentence) == [(expected, ExperienceHow.PREDICATE)]


def test_speaker_owns_the_feelings_of_the_quote(nlp: Language) -> None:
    text = 'Ingrid watched him. "I hate you," Anselm said. "I am so afraid."\n'
    doc = annotate(
        nlp,
        text,
        names={"Ingrid": "ingrid", "Anselm": "anselm"},
        speakers=[("anselm", ["ingrid"]), ("anselm", ["ingrid"])],
    )
    assert _who(doc, text, "hate") == [("anselm", ExperienceHow.SPEAKER)]
    assert _who(doc, text, "afraid") == [("anselm", ExperienceHow.SPEAKER)]


def test_no_emotion_model_no_sentences(nlp: Language) -> None:
    doc = annotate(nlp, "Ingrid cried.\n", names={"Ingrid": "ingrid"}, emotions=False)
    assert get_inner(doc).experiencers == ()

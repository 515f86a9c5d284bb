"""What characters do and are: agent/patient verbs, possessions, descriptors, and acts between them."""

from __future__ import annotations

import pytest
from inner_helpers import annotate, load_sm
from spacy.language import Language

from ficlens.datamodel.inner import DescriptorKind, Profile
from ficlens.pipeline.docdata import get_inner


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_sm()


TEXT = """Raven, the mechanic, fixed the radio. Murphy pushed Raven into the mud. Raven was furious.
Raven was a genius. Raven grabbed her wrench and threw it at Murphy. The tired Raven slept.
Murphy was hit by Raven again. "You are a menace," Murphy said.
"""


def _profile(doc: object, character: str) -> Profile:
    return next(p for p in get_inner(doc).profiles if p.character == character)  # type: ignore[attr-defined]


def test_agent_and_patient_verbs(nlp: Language) -> None:
    doc = annotate(nlp, TEXT, names={"Raven": "raven", "Murphy": "murphy"}, pronouns={"her": "raven"})
    raven = _profile(doc, "raven")
    murphy = _profile(doc, "murphy")
    agent = {i.lemma: i for i in raven.agent}
    assert {"fix", "grab", "throw", "hit"} <= set(agent)
    assert "push" in {i.lemma for i in raven.patient}
    assert "push" in {i.lemma for i in murphy.agent}
    assert "hit" in {i.lemma for i in murphy.patient}  # passive: "Murphy was hit by Raven"
    (start, end) = agent["fix"].examples[0]
    assert TEXT[start:end] == "fixed"
    # dialogue is speech, not a deed
    assert "be" not in {i.lemma for i in murphy.agent}


def test_descriptors_and_possessions(nlp: Language) -> None:
    doc = annotate(nlp, TEXT, names={"Raven": "raven", "Murphy": "murphy"}, pronouns={"her": "raven"})
    raven = _profile(doc, "raven")
    kinds = {(d.lemma, d.kind) for d in raven.descriptors}
    assert ("mechanic", DescriptorKind.APPOSITION) in kinds
    assert ("furious", DescriptorKind.ADJECTIVE) in kinds
    assert ("genius", DescriptorKind.PREDICATE_NOMINAL) in kinds
    assert ("tired", DescriptorKind.ADJECTIVE) in kinds
    assert [p.lemma for p in raven.possessions] == ["wrench"]
    murphy = _profile(doc, "murphy")
    assert "menace" not in {d.lemma for d in murphy.descriptors}  # said in a quote, not narrated


def test_counts_and_examples_are_capped(nlp: Language) -> None:
    text = " ".join(["Raven laughed."] * 5) + "\n"
    doc = annotate(nlp, text, names={"Raven": "raven"})
    laugh = next(i for i in _profile(doc, "raven").agent if i.lemma == "laugh")
    assert laugh.count == 5
    assert len(laugh.examples) == 3
    assert [text[s:e] for s, e in laugh.examples] == ["laughed"] * 3


def test_acts_between_characters(nlp: Language) -> None:
    text = "Bellamy took her hand. Clarke kissed Bellamy. Clarke and Bellamy argued.\n"
    doc = annotate(nlp, text, names={"Clarke": "clarke", "Bellamy": "bellamy"}, pronouns={"her": "clarke"})
    acts = {(a.agent, a.patient, a.lemma, a.reciprocal) for a in get_inner(doc).acts}
    assert ("bellamy", "clarke", "take", False) in acts  # "her hand": the owner is acted on
    assert ("clarke", "bellamy", "kiss", False) in acts
    assert ("clarke", "bellamy", "argue", True) in acts

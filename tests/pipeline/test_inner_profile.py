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


TEXT = """Rosalind, the mechanic, fixed the radio. Kofi pushed Rosalind into the mud. Rosalind was furious.
Rosalind was a genius. Rosalind grabbed her wrench and threw it at Kofi. The tired Rosalind slept.
Kofi was hit by Rosalind again. "You are a menace," Kofi said.
"""


def _profile(doc: object, character: str) -> Profile:
    return next(p for p in get_inner(doc).profiles if p.character == character)  # type: ignore[attr-defined]


def test_agent_and_patient_verbs(nlp: Language) -> None:
    doc = annotate(nlp, TEXT, names={"Rosalind": "rosalind", "Kofi": "kofi"}, pronouns={"her": "rosalind"})
    rosalind = _profile(doc, "rosalind")
    kofi = _profile(doc, "kofi")
    agent = {i.lemma: i for i in rosalind.agent}
    assert {"fix", "grab", "throw", "hit"} <= set(agent)
    assert "push" in {i.lemma for i in rosalind.patient}
    assert "push" in {i.lemma for i in kofi.agent}
    assert "hit" in {i.lemma for i in kofi.patient}  # passive: "Kofi was hit by Rosalind"
    (start, end) = agent["fix"].examples[0]
    assert TEXT[start:end] == "fixed"
    # dialogue is speech, not a deed
    assert "be" not in {i.lemma for i in kofi.agent}


def test_descriptors_and_possessions(nlp: Language) -> None:
    doc = annotate(nlp, TEXT, names={"Rosalind": "rosalind", "Kofi": "kofi"}, pronouns={"her": "rosalind"})
    rosalind = _profile(doc, "rosalind")
    kinds = {(d.lemma, d.kind) for d in rosalind.descriptors}
    assert ("mechanic", DescriptorKind.APPOSITION) in kinds
    assert ("furious", DescriptorKind.ADJECTIVE) in kinds
    assert ("genius", DescriptorKind.PREDICATE_NOMINAL) in kinds
    assert ("tired", DescriptorKind.ADJECTIVE) in kinds
    assert [p.lemma for p in rosalind.possessions] == ["wrench"]
    kofi = _profile(doc, "kofi")
    assert "menace" not in {d.lemma for d in kofi.descriptors}  # said in a quote, not narrated


def test_counts_and_examples_are_capped(nlp: Language) -> None:
    text = " ".join(["Rosalind laughed."] * 5) + "\n"
    doc = annotate(nlp, text, names={"Rosalind": "rosalind"})
    laugh = next(i for i in _profile(doc, "rosalind").agent if i.lemma == "laugh")
    assert laugh.count == 5
    assert len(laugh.examples) == 3
    assert [text[s:e] for s, e in laugh.examples] == ["laughed"] * 3


def test_acts_between_characters(nlp: Language) -> None:
    text = "Anselm took her hand. Ingrid kissed Anselm. Ingrid and Anselm argued.\n"
    doc = annotate(nlp, text, names={"Ingrid": "ingrid", "Anselm": "anselm"}, pronouns={"her": "ingrid"})
    acts = {(a.agent, a.patient, a.lemma, a.reciprocal) for a in get_inner(doc).acts}
    assert ("anselm", "ingrid", "take", False) in acts  # "her hand": the owner is acted on
    assert ("ingrid", "anselm", "kiss", False) in acts
    assert ("ingrid", "anselm", "argue", True) in acts


def test_punctuation_tagged_as_a_verb_is_not_listed(nlp: Language) -> None:
    """The tagger sometimes calls a dash a verb ("Rosalind — the radio"); a profile lists words only."""

    def mistagging(text: str):  # en_core_web_sm, then "Rosalind — Kofi." parsed as if the dash were a verb
        doc = nlp(text)
        rosalind, dash, kofi = doc[0], doc[1], doc[2]
        dash.pos_, dash.tag_, dash.dep_, dash.head = "VERB", "VBD", "ROOT", dash
        rosalind.dep_, rosalind.head = "nsubj", dash
        kofi.dep_, kofi.head = "dobj", dash
        return doc

    text = "Rosalind — Kofi. Rosalind fixed the radio.\n"
    doc = annotate(mistagging, text, names={"Rosalind": "rosalind", "Kofi": "kofi"})  # type: ignore[arg-type]
    rosalind = _profile(doc, "rosalind")
    assert "fix" in {i.lemma for i in rosalind.agent}
    lemmas = {i.lemma for p in get_inner(doc).profiles for i in (*p.agent, *p.patient)}  # type: ignore[union-attr]
    assert lemmas and all(any(ch.isalpha() for ch in lemma) for lemma in lemmas)
    assert not any(a.lemma == "—" for a in get_inner(doc).acts)  # type: ignore[union-attr]

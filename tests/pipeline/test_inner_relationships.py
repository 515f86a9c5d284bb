"""Relationships from short stories: a quarrel then reconciliation, a romantic and a platonic pair, ships."""

from __future__ import annotations

import pytest
from inner_helpers import analysis_for, annotate, load_sm, make_story
from spacy.language import Language

from ficlens.datamodel import RelationshipKind
from ficlens.datamodel.inner import InteractionType, Relationship, ToneKind


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_sm()


def _pair(analysis: object, a: str, b: str) -> Relationship:
    key = tuple(sorted((a, b)))
    return next(r for r in analysis.relationships.pairs if r.characters == key)  # type: ignore[attr-defined]


QUARREL = """Bellamy slammed the door. "You left me there," he said. "How could you?"

"I had no choice," Clarke said. Bellamy glared at her. He shoved the map off the table.

***

Later Clarke found Bellamy by the river. "I'm sorry," she said. "I'm so sorry."

Bellamy pulled her into a hug. "I forgive you," he said. Clarke held him for a long time.
"""


def test_quarrel_then_reconciliation(nlp: Language) -> None:
    doc = annotate(
        nlp,
        QUARREL,
        names={"Clarke": "clarke", "Bellamy": "bellamy"},
        pronouns={"he": "bellamy", "him": "bellamy", "she": "clarke", "her": "clarke"},
        speakers=[
            ("bellamy", ["clarke"]),
            ("bellamy", ["clarke"]),
            ("clarke", ["bellamy"]),
            ("clarke", ["bellamy"]),
            ("clarke", ["bellamy"]),
            ("bellamy", ["clarke"]),
        ],
        story=make_story(QUARREL),
    )
    analysis = analysis_for(doc, characters={"clarke": "Clarke", "bellamy": "Bellamy"})
    bond = _pair(analysis, "clarke", "bellamy")
    assert bond.rank == 1 and bond.strength == 1.0
    assert bond.tone.conflict > 0 and bond.tone.affection > 0
    assert bond.tone.romance == 0 and bond.tone.family == 0
    assert bond.shared_scenes == 2
    assert bond.lines_between == 6
    conflict = [c.start for c in bond.cues if c.kind is ToneKind.CONFLICT]
    affection = [c.start for c in bond.cues if c.kind is ToneKind.AFFECTION]
    assert max(conflict) < QUARREL.index("***") < min(affection)  # the quarrel comes first
    kinds = {e.type for e in analysis.interactions.edges}
    assert {InteractionType.SPEAKS_TO, InteractionType.ACTS_ON, InteractionType.CO_PRESENT} <= kinds


PAIRS = """Clarke found Lexa in the tent. Clarke kissed Lexa.
"I love you," Clarke said. Lexa smiled and kissed her.

***

Octavia ran to Bellamy. Bellamy hugged his sister. "I love you," Octavia told her brother.
"You are my brother," she said. Bellamy held Octavia close.

***

Raven fixed the radio. Murphy watched. Raven worked on.
"""


def test_romantic_and_platonic_pairs_against_their_tags(nlp: Language) -> None:
    story = make_story(
        PAIRS,
        relationships=[
            ("Clarke Griffin/Lexa", RelationshipKind.ROMANTIC, ("Clarke Griffin", "Lexa")),
            ("Bellamy Blake & Octavia Blake", RelationshipKind.PLATONIC, ("Bellamy Blake", "Octavia Blake")),
            ("Raven Reyes/John Murphy", RelationshipKind.ROMANTIC, ("Raven Reyes", "John Murphy")),
            ("Monty Green/Jasper Jordan", RelationshipKind.ROMANTIC, ("Monty Green", "Jasper Jordan")),
        ],
    )
    names = {"Clarke": "clarke", "Lexa": "lexa", "Octavia": "octavia", "Bellamy": "bellamy"}
    names |= {"Raven": "raven", "Murphy": "murphy"}
    doc = annotate(
        nlp,
        PAIRS,
        names=names,
        pronouns={"his": "bellamy", "she": "octavia"},
        speakers=[("clarke", ["lexa"]), ("octavia", ["bellamy"]), ("octavia", ["bellamy"])],
        story=story,
    )
    # "her" is Lexa's kiss on Clarke and Octavia's brother: the stand-in coreference cannot tell, so set it
    analysis = analysis_for(
        doc,
        characters={
            "clarke": "Clarke",
            "lexa": "Lexa",
            "octavia": "Octavia",
            "bellamy": "Bellamy",
            "raven": "Raven",
            "murphy": "Murphy",
        },
    )
    romantic = _pair(analysis, "clarke", "lexa")
    platonic = _pair(analysis, "octavia", "bellamy")
    assert romantic.tone.romance > platonic.tone.romance
    assert platonic.tone.family > 0 and romantic.tone.family == 0
    assert platonic.tone.affection > 0
    assert (romantic.tagged, romantic.borne_out) == ("romantic", True)
    assert (platonic.tagged, platonic.borne_out) == ("platonic", True)
    slow_burn = _pair(analysis, "raven", "murphy")
    assert slow_burn.tagged == "romantic" and not slow_burn.borne_out
    assert analysis.relationships.unmatched_tags == ("Monty Green/Jasper Jordan",)


def test_strong_untagged_pair_is_reported(nlp: Language) -> None:
    tag = ("Raven/Murphy", RelationshipKind.ROMANTIC, ("Raven", "Murphy"))
    story = make_story(QUARREL, relationships=[tag])
    doc = annotate(
        nlp,
        QUARREL,
        names={"Clarke": "clarke", "Bellamy": "bellamy"},
        pronouns={"he": "bellamy", "him": "bellamy", "she": "clarke", "her": "clarke"},
        speakers=[("bellamy", ["clarke"])] * 2 + [("clarke", ["bellamy"])] * 3 + [("bellamy", ["clarke"])],
        story=story,
    )
    analysis = analysis_for(doc, characters={"clarke": "Clarke", "bellamy": "Bellamy"})
    assert analysis.relationships.untagged_strong == (("bellamy", "clarke"),)
    assert analysis.relationships.unmatched_tags == ("Raven/Murphy",)

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


QUARREL = """Anselm slammed the door. "You left me there," he said. "How could you?"

"I had no choice," Ingrid said. Anselm glared at her. He shoved the map off the table.

***

Later Ingrid found Anselm by the river. "I'm sorry," she said. "I'm so sorry."

Anselm pulled her into a hug. "I forgive you," he said. Ingrid held him for a long time.
"""


def test_quarrel_then_reconciliation(nlp: Language) -> None:
    doc = annotate(
        nlp,
        QUARREL,
        names={"Ingrid": "ingrid", "Anselm": "anselm"},
        pronouns={"he": "anselm", "him": "anselm", "she": "ingrid", "her": "ingrid"},
        speakers=[
            ("anselm", ["ingrid"]),
            ("anselm", ["ingrid"]),
            ("ingrid", ["anselm"]),
            ("ingrid", ["anselm"]),
            ("ingrid", ["anselm"]),
            ("anselm", ["ingrid"]),
        ],
        story=make_story(QUARREL),
    )
    analysis = analysis_for(doc, characters={"ingrid": "Ingrid", "anselm": "Anselm"})
    bond = _pair(analysis, "ingrid", "anselm")
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


PAIRS = """Ingrid found Petra in the tent. Ingrid kissed Petra.
"I love you," Ingrid said. Petra smiled and kissed her.

***

Ottilie ran to Anselm. Anselm hugged his sister. "I love you," Ottilie told her brother.
"You are my brother," she said. Anselm held Ottilie close.

***

Rosalind fixed the radio. Kofi watched. Rosalind worked on.
"""


def test_romantic_and_platonic_pairs_against_their_tags(nlp: Language) -> None:
    story = make_story(
        PAIRS,
        relationships=[
            ("Ingrid Vasquez/Petra", RelationshipKind.ROMANTIC, ("Ingrid Vasquez", "Petra")),
            (
                "Anselm Ashdown & Ottilie Ashdown",
                RelationshipKind.PLATONIC,
                ("Anselm Ashdown", "Ottilie Ashdown"),
            ),
            ("Rosalind Reyes/John Kofi", RelationshipKind.ROMANTIC, ("Rosalind Reyes", "John Kofi")),
            ("Dmitri Green/Casimir Jordan", RelationshipKind.ROMANTIC, ("Dmitri Green", "Casimir Jordan")),
        ],
    )
    names = {"Ingrid": "ingrid", "Petra": "petra", "Ottilie": "ottilie", "Anselm": "anselm"}
    names |= {"Rosalind": "rosalind", "Kofi": "kofi"}
    doc = annotate(
        nlp,
        PAIRS,
        names=names,
        pronouns={"his": "anselm", "she": "ottilie"},
        speakers=[("ingrid", ["petra"]), ("ottilie", ["anselm"]), ("ottilie", ["anselm"])],
        story=story,
    )
    # "her" is Petra's kiss on Ingrid and Ottilie's brother: the stand-in coreference cannot tell, so set it
    analysis = analysis_for(
        doc,
        characters={
            "ingrid": "Ingrid",
            "petra": "Petra",
            "ottilie": "Ottilie",
            "anselm": "Anselm",
            "rosalind": "Rosalind",
            "kofi": "Kofi",
        },
    )
    romantic = _pair(analysis, "ingrid", "petra")
    platonic = _pair(analysis, "ottilie", "anselm")
    assert romantic.tone.romance > platonic.tone.romance
    assert platonic.tone.family > 0 and romantic.tone.family == 0
    assert platonic.tone.affection > 0
    assert (romantic.tagged, romantic.borne_out) == ("romantic", True)
    assert (platonic.tagged, platonic.borne_out) == ("platonic", True)
    slow_burn = _pair(analysis, "rosalind", "kofi")
    assert slow_burn.tagged == "romantic" and not slow_burn.borne_out
    assert analysis.relationships.unmatched_tags == ("Dmitri Green/Casimir Jordan",)


def test_strong_untagged_pair_is_reported(nlp: Language) -> None:
    tag = ("Rosalind/Kofi", RelationshipKind.ROMANTIC, ("Rosalind", "Kofi"))
    story = make_story(QUARREL, relationships=[tag])
    doc = annotate(
        nlp,
        QUARREL,
        names={"Ingrid": "ingrid", "Anselm": "anselm"},
        pronouns={"he": "anselm", "him": "anselm", "she": "ingrid", "her": "ingrid"},
        speakers=[("anselm", ["ingrid"])] * 2 + [("ingrid", ["anselm"])] * 3 + [("anselm", ["ingrid"])],
        story=story,
    )
    analysis = analysis_for(doc, characters={"ingrid": "Ingrid", "anselm": "Anselm"})
    assert analysis.relationships.untagged_strong == (("anselm", "ingrid"),)
    assert analysis.relationships.unmatched_tags == ("Rosalind/Kofi",)


def _scene(k: int) -> str:
    hug = " Maren hugged Tobiah." if k % 5 == 0 else ""
    return (
        f'Maren met Tobiah at the pier. "Tide turns at four," Maren said. "Then we wait," Tobiah said.{hug}\n'
    )


def test_tone_is_measured_against_the_volume_of_the_bond(nlp: Language) -> None:
    """Forty scenes together and eight hugs is a working bond with some warmth, not a saturated one; two hugs
    in two scenes is a warmer one."""
    long_text = "***\n".join(_scene(k) for k in range(40))
    short_text = "***\n".join(_scene(0) for _ in range(2))
    tones = []
    for text, lines in ((long_text, 80), (short_text, 4)):
        doc = annotate(
            nlp,
            text,
            names={"Maren": "maren", "Tobiah": "tobiah"},
            speakers=[("maren", ["tobiah"]), ("tobiah", ["maren"])] * (lines // 2),
            story=make_story(text),
        )
        bond = _pair(analysis_for(doc, characters={"maren": "Maren", "tobiah": "Tobiah"}), "maren", "tobiah")
        assert sum(1 for c in bond.cues if c.cue == "hug") == 1  # one chip per cue word
        tones.append(bond.tone.affection)
    long_tone, short_tone = tones
    assert long_tone < 0.5  # eight hugs in forty scenes: not saturated
    assert short_tone > long_tone


KIN = """Wren ran down the steps. Ned, her father, kissed Wren on the forehead. "I love you," Ned told Wren.
Wren kissed Ned on the cheek and went up to bed.
"""


def test_kinship_blocks_romance(nlp: Language) -> None:
    doc = annotate(
        nlp,
        KIN,
        names={"Wren": "wren", "Ned": "ned"},
        pronouns={"her": "wren"},
        speakers=[("ned", ["wren"])],
        story=make_story(KIN),
    )
    bond = _pair(analysis_for(doc, characters={"wren": "Wren", "ned": "Ned"}), "wren", "ned")
    assert bond.tone.family > 0
    assert bond.tone.romance == 0
    assert bond.tone.affection > 0  # the kisses and the "I love you" are a father's
    assert {c.cue for c in bond.cues if c.kind is ToneKind.AFFECTION} >= {"kiss", "i love you"}


SHIP = """Sable waited on the roof. Jonah climbed up beside Sable and sat close.
Sable looked at Jonah, and Jonah leaned in, and Sable kissed him, slow, as the city lights came on.
Later Jonah lay awake, hopelessly in love with Sable, and Sable blushed at Jonah's grin in the dark.
"""


def test_a_tagged_ship_gets_its_romance_cues_once_each(nlp: Language) -> None:
    tag = (
        "Sable Ortiz/Jonah Quill (Rooftop Saga)",
        RelationshipKind.ROMANTIC,
        ("Sable Ortiz", "Jonah Quill"),
    )
    doc = annotate(
        nlp,
        SHIP,
        names={"Sable": "sable", "Jonah": "jonah"},
        story=make_story(SHIP, relationships=[tag]),
    )
    # "kissed him": the stand-in coreference cannot resolve "him", so the kiss is found as a romance word
    bond = _pair(analysis_for(doc, characters={"sable": "Sable", "jonah": "Jonah"}), "sable", "jonah")
    assert bond.tagged == "romantic" and bond.borne_out
    assert bond.tone.romance > 0
    romance = [c.cue for c in bond.cues if c.kind is ToneKind.ROMANCE]
    assert {"kissed", "in love", "blushed"} <= set(romance)
    assert len(romance) == len(set(romance))


def test_kinship_cues_that_disagree_do_not_block_romance(nlp: Language) -> None:
    """Coreference slips put stray kin terms on a pair; only cues that agree on one relation make kin."""
    text = "Ned, her brother, kissed Wren. Wren, his aunt, kissed Ned. Ned, her son, waved.\n"
    doc = annotate(
        nlp,
        text,
        names={"Wren": "wren", "Ned": "ned"},
        pronouns={"her": "wren", "his": "ned"},
        story=make_story(text),
    )
    bond = _pair(analysis_for(doc, characters={"wren": "Wren", "ned": "Ned"}), "wren", "ned")
    assert {c.cue for c in bond.cues if c.kind is ToneKind.FAMILY} >= {"brother", "aunt"}
    assert bond.tone.romance > 0  # brother, aunt, son: no relation holds two thirds of the cues

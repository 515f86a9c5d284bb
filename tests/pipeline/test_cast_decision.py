"""The cast decision: who is a character, who is a minor name, and what is never a character."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coref_helpers import make_doc

import ficlens
from ficlens.output.json_io import dumps, load_analysis
from ficlens.pipeline.characters.cast import (
    Cast,
    CastMember,
    Evidence,
    Tier,
    _address_form,
    _bare_titles,
    _place_heads,
    _quantifier,
    _titled_surnames,
    alias_text,
    tier,
)
from ficlens.pipeline.characters.cluster import NameClusterer, NameMention
from ficlens.pipeline.characters.component import find_cast
from ficlens.pipeline.characters.nicknames import same_given_name


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (Evidence(tagged=True, proper=3, mentions=3, address_form=True), Tier.MAIN),  # a tag outweighs all
        (Evidence(proper=11, mentions=13, pronouns=2, person_verbs=3, address_form=True), Tier.NONE),
        (Evidence(proper=3, mentions=3), Tier.MINOR),  # named three times, never as a person
        (
            Evidence(proper=4, mentions=9, pronouns=5, person_verbs=2, quantifier=True),
            Tier.NONE,
        ),  # "Everyone"
        (Evidence(proper=2, mentions=2, gendered_name=True), Tier.MAIN),  # "Kitty", twice
        (Evidence(proper=5, mentions=5, saint=True, gendered_name=True), Tier.MINOR),  # "Saint Aurelia"
        (Evidence(proper=3, mentions=31, pronouns=28, person_verbs=2, saint=True), Tier.MAIN),  # "St. John"
        (Evidence(proper=4, mentions=30, pronouns=26, place_head=True, gendered_name=True), Tier.NONE),
        (Evidence(proper=4, mentions=9, pronouns=4, person_verbs=2, place_head=True), Tier.MAIN),
        (Evidence(proper=1, mentions=1, gendered_name=True), Tier.MINOR),  # named once: the minor tier
        (Evidence(proper=1, mentions=1, person_verbs=1), Tier.MAIN),  # "Gideon wanted to keep it lit"
        (Evidence(proper=3, mentions=3, title_only=True), Tier.NONE),  # "Inspector"
        (Evidence(proper=6, mentions=6, locative=2, determined=1), Tier.NONE),  # "the Lord of Aster"
    ],
)
def test_tiers(evidence: Evidence, expected: Tier) -> None:
    assert tier(evidence) is expected


@pytest.mark.parametrize(
    ("surface", "address"),
    [
        ("Your Majesty", True),
        ("His Grace", True),
        ("Highness", True),
        ("your Lordship's", True),
        ("Grace", False),  # a given name as often as a form of address
        ("Honor Blackwood", False),
        ("Queen Ysolde", False),
    ],
)
def test_forms_of_address_are_not_people(surface: str, address: bool) -> None:
    assert _address_form(surface) is address


def test_two_short_forms_of_one_formal_name_are_two_people_in_the_clusterer() -> None:
    assert same_given_name("Meg", "Daisy")  # both Margaret: the loose comparison still says so
    assert not same_given_name("Meg", "Daisy", through_formal=False)
    assert same_given_name("Lizzy", "Elizabeth", through_formal=False)
    assert same_given_name("Nell", "Eleanor", through_formal=False)  # a formal name and a short form of it
    assert not same_given_name("Ada", "Lena", through_formal=False)  # two names in their own right
    mentions = [
        NameMention(0, 1, ("Meg",), 0),
        NameMention(5, 6, ("Daisy",), 1),
        NameMention(9, 10, ("Meg",), 2),
    ]
    keys = NameClusterer().cluster(mentions)
    assert keys[0] == keys[2] != keys[1]


def test_a_nickname_clipped_from_a_surname_joins_its_only_bearer() -> None:
    mentions = [
        NameMention(0, 2, ("Oskar", "Vantongeren"), 0),
        NameMention(5, 7, ("Ines", "Barrowcliffe"), 1),
        NameMention(9, 10, ("Vanty",), 2),
        NameMention(12, 13, ("Barrow",), 3),
    ]
    keys = NameClusterer().cluster(mentions)
    assert keys[2] == keys[0] and keys[3] == keys[1] and keys[0] != keys[1]


def test_an_initial_says_nothing_of_a_titled_surname_in_the_cast() -> None:
    cast = Cast([CastMember("C1", "R. Haverford", ["R. Haverford"]), CastMember("C2", "Mr. Haverford", [])])
    assert _titled_surnames(cast) == {}
    cast.add(CastMember("C3", "Mr. Quill", []))
    cast.add(CastMember("C4", "Edmund Quill", [], gender="m"))
    assert _titled_surnames(cast) == {"C3": "C4"}


def test_an_initial_says_nothing_of_a_titled_surname() -> None:
    # "R. Haverford" signs a letter; "Mr. Haverford" and "Miss Haverford" are not that letter-writer
    mentions = [
        NameMention(0, 2, ("R.", "Haverford"), 0),
        NameMention(5, 7, ("Mr.", "Haverford"), 1),
        NameMention(9, 11, ("Miss", "Haverford"), 2),
    ]
    keys = NameClusterer().cluster(mentions)
    assert len({keys[0], keys[1], keys[2]}) == 3


def test_a_bare_title_or_address_is_its_only_holder() -> None:
    cast = Cast(
        [
            CastMember("C1", "Ysolde Marr", ["Queen Ysolde", "Ysolde"]),
            CastMember("C2", "Tamsin Oake", ["Captain Oake", "Tamsin"]),
            CastMember("C3", "Majesty", ["Your Majesty"]),
            CastMember("C4", "Cap", ["Cap"]),
            CastMember("C5", "Gen", ["Gen"]),  # a given name, not "General"
        ]
    )
    assert _bare_titles(cast) == {"C3": "C1", "C4": "C2"}
    cast.add(CastMember("C6", "King Aldric", ["King Aldric"]))
    assert "C3" not in _bare_titles(cast)  # a king and a queen: "Your Majesty" stays unresolved


def test_a_name_written_before_a_place_word_heads_a_place() -> None:
    doc = make_doc("They docked at Old Juniper Station. Old Juniper groaned around them.", {})
    assert "juniper" in _place_heads(doc)


def test_a_verb_glued_to_a_name_is_cut() -> None:
    text = 'Ellis Varga waited. "Trust Ellis to be late," said Ines. "I trust him." Oh Ellis, she thought.'
    doc = make_doc(text, {"Ellis Varga": "PER", "Trust Ellis": "PER", "Oh Ellis": "PER"})
    cast = find_cast(doc)
    assert [m.name for m in cast.members] == ["Ellis Varga"]
    assert list(cast.assignments.values()) == ["C1", "C1", "C1"]


STORY = (
    "Corporal Brannigan Holt marched up the hill. Brannigan looked at the fort and he sighed. "
    "He knew the winter would be long.\n\n"
    '"Brannigan," said Mirela Szabo. She handed him the map. Brannigan took it and he nodded. '
    "Mirela smiled and she turned back to the fire.\n\n"
    "Far away, a man named Ottokar Lindqvist was selling lamps. "
    "Brannigan and Mirela walked on, and she told him about her sister, and he listened.\n"
)


@pytest.fixture(scope="module")
def story_analysis() -> ficlens.StoryAnalysis:
    return ficlens.analyze_text(STORY)


def test_a_name_met_once_is_a_minor_character_not_a_cast_member(
    story_analysis: ficlens.StoryAnalysis,
) -> None:
    names = {c.name for c in story_analysis.characters}
    assert "Mirela Szabo" in names and any("Brannigan" in n for n in names)
    assert not any("Ottokar" in n for n in names)
    minor = {m.name: m for m in story_analysis.minor_characters}
    assert "Ottokar Lindqvist" in minor
    assert minor["Ottokar Lindqvist"].mention_count == 1
    at = minor["Ottokar Lindqvist"].first_mention
    assert story_analysis.text[at : at + len("Ottokar")] == "Ottokar"
    assert not any(m.character == minor["Ottokar Lindqvist"].id for m in story_analysis.mentions)


def test_the_minor_tier_round_trips_and_older_files_load_without_it(
    story_analysis: ficlens.StoryAnalysis, tmp_path: Path
) -> None:
    path = tmp_path / "a.json"
    path.write_text(dumps(story_analysis), encoding="utf-8")
    assert load_analysis(path).minor_characters == story_analysis.minor_characters
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["minor_characters"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_analysis(path).minor_characters == ()


@pytest.mark.parametrize(
    ("mention", "alias"),
    [
        ("Anna, who had been hurt by her friends at her own command", "Anna"),
        ("the man who sold lamps", "the man"),
        ("the old king \u2014 her father", "the old king"),
        ("Mrs. Rachel Lynde", "Mrs. Rachel Lynde"),
        ("Anne-with-an-e", "Anne-with-an-e"),
    ],
)
def test_appositive_and_relative_clauses_are_cut_from_aliases(mention: str, alias: str) -> None:
    assert alias_text(mention) == alias


@pytest.mark.parametrize(
    ("surface", "quantifier"),
    [("Everyone", True), ("Nobody's", True), ("All", True), ("Evelyn", False), ("Everyone Else", False)],
)
def test_quantifiers_are_never_one_person(surface: str, quantifier: bool) -> None:
    assert _quantifier(surface) is quantifier


def test_a_clipped_given_name_with_a_pet_ending_is_the_same_person() -> None:
    assert same_given_name("Juno", "Juniper", through_formal=False)  # "Jun" + a pet ending
    assert same_given_name("Ally", "Allegra", through_formal=False)
    assert not same_given_name("Juno", "Julian", through_formal=False)  # a stem that does not begin the name


def test_a_bare_title_calls_the_one_character_who_bears_it() -> None:
    cast = Cast(
        [CastMember("C1", "Captain Achterberg", ["Achterberg"]), CastMember("C2", "Ingrid Kell", ["Kell"])]
    )
    assert cast.find("Captain") == "C1"  # "Kell shouted at me, Captain."
    assert cast.find("Professor") is None
    two = Cast([CastMember("C1", "Captain Achterberg", []), CastMember("C2", "Captain Maro", [])])
    assert two.find("Captain") is None  # two captains: the title names neither


def test_a_pronoun_chain_that_met_one_description_once_is_no_character() -> None:
    from ficlens.datamodel import EntityType, MentionKind
    from ficlens.pipeline.characters.cast import _stable_unnamed
    from ficlens.pipeline.coref.result import ResolvedMention

    def chain(nominal: str, times: int, pronouns: int) -> list[ResolvedMention]:
        ms = [
            ResolvedMention(i, i + 1, i, i + 1, MentionKind.COMMON, EntityType.PER, 0, None, nominal)
            for i in range(times)
        ]
        ms += [
            ResolvedMention(k, k + 1, k, k + 1, MentionKind.PRONOUN, EntityType.PER, 0, None, "he")
            for k in range(times, times + pronouns)
        ]
        return ms

    assert not _stable_unnamed("the poor man", chain("the poor man", 1, 13))  # "give the poor man the cake"
    assert _stable_unnamed("the old woman", chain("the old woman", 3, 9))

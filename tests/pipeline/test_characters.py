"""Name rules: one character per person however they are called, never two people merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from coref_helpers import make_doc

from ficlens.errors import InputError
from ficlens.pipeline.characters.cast import load_cast_file
from ficlens.pipeline.characters.cluster import NameClusterer, NameMention, build_cast, parse_name
from ficlens.pipeline.characters.component import find_cast, tag_seeds
from ficlens.pipeline.characters.nicknames import name_gender, same_given_name


def cast_of(text: str, names: list[str], **kwargs: object) -> dict[str, set[str]]:
    doc = make_doc(text, dict.fromkeys(names, "PER"), **kwargs)  # type: ignore[arg-type]
    cast = find_cast(doc, cast_file=kwargs.get("options", {}).get("cast"))  # type: ignore[union-attr]
    by_id: dict[str, set[str]] = {}
    for (start, end), cid in cast.assignments.items():
        by_id.setdefault(cid, set()).add(doc[start:end].text)
    return by_id


def groups(by_id: dict[str, set[str]]) -> list[set[str]]:
    return sorted(by_id.values(), key=lambda s: sorted(s))


def test_nicknames_and_genders_come_from_the_name_data() -> None:
    assert same_given_name("Lizzy", "Elizabeth")
    assert same_given_name("Will", "Bill")  # both William
    assert not same_given_name("John", "James")
    assert name_gender("Margaret") == "f"
    assert name_gender("Alex") is None  # unisex


def test_parse_name_titles_and_possessives() -> None:
    p = parse_name(["Mr.", "John", "Knightley", "'s"])
    assert p.titles == ("mr",) and p.parts == ("john", "knightley")
    assert parse_name(["Lady", "Catherine"]).parts == ("catherine",)


def test_full_name_first_name_surname_and_nickname_merge() -> None:
    text = (
        "Elizabeth Bennet walked into the room. Lizzy smiled at her aunt. Later Miss Bennet's letter came, "
        "and Elizabeth read it twice."
    )
    by_id = cast_of(text, ["Elizabeth Bennet", "Lizzy", "Miss Bennet", "Elizabeth"])
    assert groups(by_id) == [{"Elizabeth Bennet", "Lizzy", "Miss Bennet", "Elizabeth"}]


def test_two_knightleys_stay_apart() -> None:
    text = (
        "Mr. Knightley and Mr. John Knightley came to dinner. Mr. Knightley spoke of the farm. "
        "John Knightley spoke of London. Mr. Knightley laughed."
    )
    by_id = cast_of(text, ["Mr. Knightley", "Mr. John Knightley", "John Knightley"])
    assert groups(by_id) == [{"Mr. John Knightley", "John Knightley"}, {"Mr. Knightley"}]


def test_title_joins_the_only_compatible_full_name() -> None:
    text = "Maren Okafor ran. Leonie Okafor followed. Mr. Okafor was long dead, and Maren missed him."
    by_id = cast_of(text, ["Maren Okafor", "Leonie Okafor", "Mr. Okafor", "Maren"])
    # Mr. (male) matches neither woman: a third person
    assert {"Mr. Okafor"} in groups(by_id)
    assert {"Maren Okafor", "Maren"} in groups(by_id)


def test_mrs_and_miss_with_one_surname_are_two_people() -> None:
    by_id = cast_of(
        "Mrs. Bennet sighed. Miss Bennet smiled. Mrs. Bennet left.", ["Mrs. Bennet", "Miss Bennet"]
    )
    assert len(by_id) == 2


def test_ambiguous_surname_goes_to_the_most_recent_compatible_person() -> None:
    text = (
        "Ines Quill waited. Tobias Quill arrived late. Quill apologised to everyone. "
        "Ines Quill was angry. Quill walked out."
    )
    doc = make_doc(text, {"Ines Quill": "PER", "Tobias Quill": "PER", "Quill": "PER"})
    cast = find_cast(doc)
    quills = sorted((s, cid) for (s, e), cid in cast.assignments.items() if doc[s:e].text == "Quill")
    ines = cast.find("Ines Quill")
    tobias = cast.find("Tobias Quill")
    assert [cid for _, cid in quills] == [tobias, ines]


def test_places_named_after_people_are_not_characters() -> None:
    text = "Casimir walked to Camp Casimir. Later he drove to Fort Knox and prayed at St. Mary's."
    by_id = cast_of(text, ["Casimir", "Camp Casimir", "Fort Knox", "St. Mary's"])
    assert groups(by_id) == [{"Casimir"}]


def test_groups_are_not_characters() -> None:
    text = "The raiders came at dawn. The 12 hid in the lifeboat."
    by_id = cast_of(text, ["The raiders", "The 12"])
    assert by_id == {}


def test_ao3_tags_seed_characters() -> None:
    text = "Maren looked at the sky. Okafor was the only one awake. Petra said nothing."
    doc = make_doc(
        text,
        {"Maren": "PER", "Okafor": "PER", "Petra": "PER"},
        characters=("Maren Okafor (Harbour Lights)", "Petra (Harbour Lights)", "Original Characters"),
    )
    cast = find_cast(doc)
    assert len(cast.members) == 2
    maren = cast.member(cast.find("Maren") or "")
    assert maren is not None and maren.name == "Maren Okafor" and maren.tag == "Maren Okafor (Harbour Lights)"
    assert cast.find("okafor") == maren.id
    assert [s.name for s in tag_seeds(("Petra (Harbour Lights)", "Original Female Character(s)"))] == [
        "Petra"
    ]


def test_cast_file_aliases(tmp_path: Path) -> None:
    path = tmp_path / "cast.yaml"
    path.write_text("- name: Maren Okafor\n  aliases: [Crow, Princess]\n- name: Petra\n", encoding="utf-8")
    text = "Crow rose from the throne. Maren spoke first. Petra listened."
    doc = make_doc(text, {"Crow": "PER", "Maren": "PER", "Petra": "PER"})
    cast = find_cast(doc, cast_file=path)
    assert cast.find("Crow") == cast.find("Maren") != cast.find("Petra")
    assert cast.member(cast.find("crow") or "").name == "Maren Okafor"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "content",
    [
        "name: Maren\n",
        "- aliases: [x]\n",
        "- name: Maren\n  aliases: 3\n",
        "- [unclosed\n",
        "- name: A\n  age: 3\n",
    ],
)
def test_bad_cast_file_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "cast.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_cast_file(path)
    assert str(path) in str(info.value)


def test_missing_cast_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_cast_file(tmp_path / "absent.yaml")


def test_ids_follow_first_mention_and_canonical_is_fullest() -> None:
    ms = [
        NameMention(0, 1, ("Tobias",), 0),
        NameMention(5, 6, ("Maren",), 1),
        NameMention(9, 11, ("Tobias", "Quill"), 2),
        NameMention(14, 15, ("Tobias",), 3),
    ]
    clusterer = NameClusterer()
    cast = build_cast(ms, clusterer.cluster(ms), clusterer)
    assert [(m.id, m.name) for m in cast.members] == [("C1", "Tobias Quill"), ("C2", "Maren")]
    assert cast.find("TOBIAS") == "C1" and cast.find("Nobody") is None


def test_rank_title_and_mrs_with_one_surname_stay_apart() -> None:
    by_id = cast_of("General Shaw rode out. Mrs. Shaw stayed home.", ["General Shaw", "Mrs. Shaw"])
    assert len(by_id) == 2


def test_mrs_with_husbands_name_is_not_the_husband() -> None:
    text = "Mrs. Joe Gargery was tall. Joe Gargery was a blacksmith."
    by_id = cast_of(text, ["Mrs. Joe Gargery", "Joe Gargery"])
    assert groups(by_id) == [{"Joe Gargery"}, {"Mrs. Joe Gargery"}]


def test_adjectives_before_a_name_are_not_part_of_it() -> None:
    text = "Thomas Johnson came in. Poor Thomas was wet through, and Thomas sat down."
    by_id = cast_of(text, ["Thomas Johnson", "Poor Thomas", "Thomas"])
    assert len(by_id) == 1


def test_miss_with_a_given_name_is_that_person() -> None:
    text = "Emma Woodhouse was clever. Miss Emma smiled. Emma laughed."
    by_id = cast_of(text, ["Emma Woodhouse", "Miss Emma", "Emma"])
    assert groups(by_id) == [{"Emma Woodhouse", "Miss Emma", "Emma"}]

"""Given-name data: shipped as the packages give it, read with its evidence, never a fandom's cast."""

from __future__ import annotations

from coref_helpers import make_doc

from ficlens.pipeline.characters import namedata
from ficlens.pipeline.characters.component import find_cast
from ficlens.pipeline.characters.nicknames import (
    STRONG_FEMALE,
    STRONG_MALE,
    female_share,
    is_given_name,
    name_gender,
    same_given_name,
    variants,
)


def test_shipped_given_names_are_what_nomquamgender_gives() -> None:
    assert namedata.GIVEN_NAMES.read_text(encoding="utf-8") == namedata.given_names_tsv(), (
        "run: python -m ficlens.pipeline.characters.namedata"
    )


def test_shipped_nicknames_are_what_the_nicknames_package_gives() -> None:
    assert namedata.NICKNAMES.read_text(encoding="utf-8") == namedata.nicknames_tsv(), (
        "run: python -m ficlens.pipeline.characters.namedata"
    )


def test_data_files_say_where_they_come_from() -> None:
    for path, package in ((namedata.GIVEN_NAMES, "nomquamgender"), (namedata.NICKNAMES, "nicknames")):
        head = path.read_text(encoding="utf-8")[:600]
        assert package in head and "licen" in head.lower() and "Rebuild:" in head
        assert (path.parent / f"LICENSE-{package}").is_file()


def test_a_name_gives_a_gender_only_at_strong_evidence() -> None:
    assert female_share("Maren") is not None and female_share("Maren") >= STRONG_FEMALE  # type: ignore[operator]
    assert name_gender("Maren") == "f" and name_gender("Tobias") == "m"
    for weak in ("Jordan", "Sam", "Alex", "Riley"):  # names many men and many women have
        share = female_share(weak)
        assert share is not None and STRONG_MALE < share < STRONG_FEMALE
        assert name_gender(weak) is None
    assert name_gender("Wexthorpe") is None and not is_given_name("Wexthorpe")  # not a recorded name


def test_nicknames_come_from_the_data_and_respect_gender() -> None:
    assert "elizabeth" in variants("Lizzy")
    assert same_given_name("Peggy", "Margaret")
    assert not same_given_name("Erin", "Aaron")  # the source pairs them; their genders disagree
    assert same_given_name("Zephyrine", "Zephyrinella")  # a clipped form that is no recorded name
    # a clipped form used by men and women alike may stand for a woman's name; one of the other gender not
    assert same_given_name("Tam", "Tamsin")
    assert not same_given_name("Alan", "Alana")


def _cast_genders(text: str, names: list[str]) -> dict[str, str | None]:
    doc = make_doc(text, dict.fromkeys(names, "PER"))
    cast = find_cast(doc, cast_file=None)
    return {m.name: m.gender for m in cast.members}


def test_weak_evidence_leaves_the_pronoun_set_unknown() -> None:
    genders = _cast_genders(
        "Jordan Vale met Tobias Marsh and Maren Ilsley at the mill. Wexthorpe Dunmore was late.",
        ["Jordan Vale", "Tobias Marsh", "Maren Ilsley", "Wexthorpe Dunmore"],
    )
    assert genders == {
        "Jordan Vale": None,
        "Tobias Marsh": "m",
        "Maren Ilsley": "f",
        "Wexthorpe Dunmore": None,
    }


def test_a_name_of_no_gender_takes_the_he_or_she_the_narration_goes_on_with() -> None:
    text = (
        "Jordan came in from the rain. He shook out his coat.\n\n"
        "Maren looked up from the fire. Jordan sat down. He was soaked.\n\n"
        "Sasha stayed by the door. Maren waited.\n\n"
        "Jordan laughed at last. She could not help smiling.\n\n"
        "Jordan stood. He went to the window.\n"
    )
    genders = _cast_genders(text, ["Jordan", "Maren", "Sasha"])
    # three openings say he, one (the focal character's "she") says she: three quarters are needed, and met
    assert genders["Jordan"] == "m"
    assert genders["Sasha"] is None  # nothing follows her but a name

"""Matching AO3 tag names to characters, and tone from acts."""

from __future__ import annotations

from ficlens.analysis.relationships import act_tone, match_character
from ficlens.datamodel import Alias, Character, MentionCounts
from ficlens.datamodel.inner import Act, ToneKind


def _c(cid: str, name: str, mentions: int, *aliases: str, tag: str | None = None) -> Character:
    return Character(
        cid, name, tuple(Alias(a, 1) for a in aliases), mentions, MentionCounts(), None, None, None, 1, tag
    )


CAST = [
    _c("anselm", "Anselm", 90, "Anselm Ashdown", "Ans"),
    _c("ottilie", "Ottilie", 40, "O"),
    _c("ingrid", "Ingrid", 80, tag="Ingrid Vasquez"),
    _c("leila", "Leila Vasquez", 10, "Dr. Vasquez"),
]


def test_exact_names_tags_and_aliases() -> None:
    assert match_character("Ingrid Vasquez", CAST) == "ingrid"  # the character's tag
    assert match_character("Anselm Ashdown", CAST) == "anselm"  # an alias
    assert match_character("Ingrid Vasquez (Emberfall)", CAST) == "ingrid"  # AO3 fandom disambiguation


def test_shared_surname_goes_by_first_name() -> None:
    # Ottilie is only ever "Ottilie" in the text; her brother is "Anselm Ashdown"
    assert match_character("Ottilie Ashdown", CAST) == "ottilie"
    assert match_character("Leila Vasquez", CAST) == "leila"


def test_unknown_name() -> None:
    assert match_character("Arjun", CAST) is None
    assert match_character("", CAST) is None


def test_act_tone() -> None:
    assert act_tone(Act("a", "b", "kiss", 0, 1)) is ToneKind.ROMANCE
    assert act_tone(Act("a", "b", "pull", 0, 1, ("hug",))) is ToneKind.AFFECTION
    assert act_tone(Act("a", "b", "shove", 0, 1)) is ToneKind.CONFLICT
    assert act_tone(Act("a", "b", "watch", 0, 1)) is None

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
    _c("bellamy", "Bellamy", 90, "Bellamy Blake", "Bell"),
    _c("octavia", "Octavia", 40, "O"),
    _c("clarke", "Clarke", 80, tag="Clarke Griffin"),
    _c("abby", "Abby Griffin", 10, "Dr. Griffin"),
]


def test_exact_names_tags_and_aliases() -> None:
    assert match_character("Clarke Griffin", CAST) == "clarke"  # the character's tag
    assert match_character("Bellamy Blake", CAST) == "bellamy"  # an alias
    assert match_character("Clarke Griffin (The 100)", CAST) == "clarke"  # AO3 fandom disambiguation


def test_shared_surname_goes_by_first_name() -> None:
    # Octavia is only ever "Octavia" in the text; her brother is "Bellamy Blake"
    assert match_character("Octavia Blake", CAST) == "octavia"
    assert match_character("Abby Griffin", CAST) == "abby"


def test_unknown_name() -> None:
    assert match_character("Lincoln", CAST) is None
    assert match_character("", CAST) is None


def test_act_tone() -> None:
    assert act_tone(Act("a", "b", "kiss", 0, 1)) is ToneKind.ROMANCE
    assert act_tone(Act("a", "b", "pull", 0, 1, ("hug",))) is ToneKind.AFFECTION
    assert act_tone(Act("a", "b", "shove", 0, 1)) is ToneKind.CONFLICT
    assert act_tone(Act("a", "b", "watch", 0, 1)) is None

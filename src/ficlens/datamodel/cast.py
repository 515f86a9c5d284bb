"""Who is in the story: characters, their mentions, and the other entities (places, organisations...)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EntityType(StrEnum):
    PER = "PER"
    FAC = "FAC"
    GPE = "GPE"
    LOC = "LOC"
    VEH = "VEH"
    ORG = "ORG"


class MentionKind(StrEnum):
    PROPER = "proper"
    COMMON = "common"
    PRONOUN = "pronoun"


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class MentionCounts:
    proper: int = 0
    common: int = 0
    pronoun: int = 0


@dataclass(frozen=True, slots=True)
class Character:
    id: str
    name: str
    aliases: tuple[Alias, ...]
    mention_count: int
    mention_counts: MentionCounts
    pronouns: str | None  # e.g. "she/her", "they/them"
    first_mention: int | None
    last_mention: int | None
    prominence: int  # 1 = the most prominent
    tag: str | None = None  # the AO3 character tag or cast-file name it was matched to


@dataclass(frozen=True, slots=True)
class MinorCharacter:
    """A name held out of the main cast on too little person evidence: met once with nothing a person does,
    or never acting, speaking or referred to as a person. Its mentions are in no character's count."""

    id: str
    name: str
    aliases: tuple[Alias, ...]
    mention_count: int
    first_mention: int
    last_mention: int


@dataclass(frozen=True, slots=True)
class Mention:
    character: str
    start: int
    end: int
    kind: MentionKind
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A place, organisation, vehicle or group: an entity mention that is not a character."""

    id: str
    type: EntityType
    kind: MentionKind
    start: int
    end: int
    text: str

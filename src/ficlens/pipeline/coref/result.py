"""What ``ficlens_coref`` hands on: resolved mentions with their cluster and character."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ficlens.datamodel import EntityType, MentionKind


@dataclass(slots=True)
class ResolvedMention:
    start: int  # token index
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    kind: MentionKind
    type: EntityType
    cluster: int
    character: str | None  # cast id
    text: str = ""
    person: int = 0  # 0 third, 1 first singular, 2 first plural, 3 second (pronouns only)
    quote: int = -1  # index of the quotation region the mention stands in, -1 in narration
    plural: bool = False  # a plural noun phrase or "we"/"us"


@dataclass(slots=True)
class CorefResult:
    mentions: list[ResolvedMention] = field(default_factory=list)  # sorted by (start, -end)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.mentions.sort(key=lambda m: (m.start_char, -m.end_char))
        self._starts = [m.start_char for m in self.mentions]

    def clusters(self) -> dict[int, list[ResolvedMention]]:
        out: dict[int, list[ResolvedMention]] = {}
        for m in self.mentions:
            out.setdefault(m.cluster, []).append(m)
        return out

    def character_at(self, char_offset: int) -> str | None:
        """The character of the innermost mention covering ``char_offset``, if any."""
        best: ResolvedMention | None = None
        for m in self.in_range(char_offset, char_offset + 1):
            if m.character is not None and (
                best is None or m.end_char - m.start_char < best.end_char - best.start_char
            ):
                best = m
        return best.character if best is not None else None

    def in_range(self, start_char: int, end_char: int) -> list[ResolvedMention]:
        """Mentions that overlap ``[start_char, end_char)``, in text order."""
        hi = bisect_left(self._starts, end_char)
        # a mention that starts before start_char may reach into the range (mentions are under 500 chars)
        lo = bisect_right(self._starts, start_char - 500)
        return [m for m in self.mentions[lo:hi] if m.end_char > start_char and m.start_char < end_char]

    def set_character(self, cluster: int, character: str | None) -> None:
        for m in self.mentions:
            if m.cluster == cluster:
                m.character = character

    def merge(self, keep: int, drop: int) -> None:
        """Fold cluster ``drop`` into ``keep``."""
        if keep == drop:
            return
        character = next((m.character for m in self.mentions if m.cluster == keep and m.character), None)
        for m in self.mentions:
            if m.cluster == drop:
                m.cluster = keep
                if character is not None:
                    m.character = character

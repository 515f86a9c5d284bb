"""Coreference: pronouns, common nouns and names resolved into entities, characters attached.

``collect(doc)`` turns ``doc._.ficlens_cast`` and ``doc._.ficlens_coref`` into datamodel objects.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ficlens.datamodel import Alias, Character, Entity, EntityType, Mention, MentionCounts, MentionKind
from ficlens.pipeline.characters.cast import alias_text
from ficlens.pipeline.coref.result import CorefResult, ResolvedMention
from ficlens.pipeline.lexicon import THEY_FORMS

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CorefResult", "ResolvedMention", "collect", "pronoun_label"]

_PARADIGMS = {
    "he/him": "he him his himself",
    "she/her": "she her hers herself",
    "they/them": "they them their theirs themselves themself",
    "xe/xem": "xe xem xyr xyrs xemself",
    "ze/zir": "ze zir zirs zirself",
    "ze/hir": "hir hirs hirself",
    "ey/em": "ey em eir eirs emself",
    "it/its": "it its itself",
}
_PARADIGM_OF = {w: label for label, words in _PARADIGMS.items() for w in words.split()}


def pronoun_label(pronouns: list[str]) -> str | None:
    """The commonest third-person paradigm ("she/her"); "she/they" when a second is a third as common."""
    counts = Counter(p for p in (_PARADIGM_OF.get(w.lower()) for w in pronouns) if p)
    if not counts:
        return None
    ranked = counts.most_common(2)
    top, n = ranked[0]
    if len(ranked) > 1 and ranked[1][1] * 3 >= n and ranked[1][1] >= 3:
        return f"{top.split('/')[0]}/{ranked[1][0].split('/')[0]}"
    return top


def collect(doc: Doc) -> tuple[tuple[Character, ...], tuple[Mention, ...], tuple[Entity, ...]]:
    """Characters (with prominence), every character mention, and the non-character entities."""
    from ficlens.pipeline.docdata import get_cast, get_coref

    result = get_coref(doc)
    cast = get_cast(doc)
    if result is None:
        return (), (), ()
    by_char: dict[str, list[ResolvedMention]] = {}
    for m in result.mentions:
        if m.character is not None:
            by_char.setdefault(m.character, []).append(m)
    members = [mem for mem in (cast.members if cast is not None else []) if mem.id in by_char]
    ranked = sorted(members, key=lambda mem: (-len(by_char[mem.id]), by_char[mem.id][0].start_char))
    rank = {mem.id: i for i, mem in enumerate(ranked, start=1)}
    characters = []
    for mem in members:
        ms = by_char[mem.id]
        kinds = Counter(m.kind for m in ms)
        names = Counter(
            alias_text(m.text)
            for m in ms
            if m.kind == MentionKind.PROPER or (not mem.named and m.kind == MentionKind.COMMON)
        )
        characters.append(
            Character(
                id=mem.id,
                name=mem.name,
                aliases=tuple(Alias(n, c) for n, c in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))),
                mention_count=len(ms),
                mention_counts=MentionCounts(
                    proper=kinds[MentionKind.PROPER],
                    common=kinds[MentionKind.COMMON],
                    pronoun=kinds[MentionKind.PRONOUN],
                ),
                pronouns=pronoun_label(
                    [m.text for m in ms if m.kind == MentionKind.PRONOUN and m.person == 0]
                ),
                first_mention=ms[0].start_char,
                last_mention=ms[-1].start_char,
                prominence=rank[mem.id],
                tag=mem.tag,
            )
        )
    mentions = tuple(
        Mention(m.character, m.start_char, m.end_char, m.kind, m.text) for m in result.mentions if m.character
    )
    clusters = result.clusters()
    entities = []
    for m in result.mentions:
        if m.character is not None:
            continue
        if m.type == EntityType.PER and not _is_group(clusters[m.cluster]):
            continue  # a passing person ("a man"): neither a character nor a place or group
        entities.append(Entity(f"E{m.cluster}", m.type, m.kind, m.start_char, m.end_char, m.text))
    return tuple(characters), mentions, tuple(entities)


_THEY = THEY_FORMS


def _is_group(ms: list[ResolvedMention]) -> bool:
    """A cluster mostly plural ("the raiders", "they") is a group, not a person."""
    plural = sum(1 for m in ms if m.plural or m.text.lower() in _THEY)
    return plural * 2 > len(ms)

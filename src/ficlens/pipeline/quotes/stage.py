"""Who is on stage: the characters present in a scene near a conversation, and who is only remembered there.

A scene runs between scene breaks (and chapter starts). A character is *present* near a conversation when
the narration has them act, speak or perceive in the scene shortly before or during it; a mention inside a
memory (a past-perfect clause, "had been", "remembered", "died") does not put them on stage, so a dead or
absent person talked about in the scene stays off it. Mentions inside quotations never count: being talked
about is not being there.

Everything here reads the cast and the coreference chains (character ids): without them (a bare Doc, as in
the LitBank evaluation) nobody is known to be on stage and the conversation pass leaves the scorer alone.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ficlens.pipeline.lexicon import pronoun_forms

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Token

    from ficlens.pipeline.characters.cast import Cast
    from ficlens.pipeline.coref.result import CorefResult

# verbs of remembering and of death: their clauses tell what was, not who is in the room
MEMORY_LEMMAS = frozenset(
    {"remember", "recall", "recollect", "reminisce", "mourn", "miss", "die", "bury", "grieve", "forget"}
)
# leaving the scene: "went out", "walked away", "left"
EXIT_LEMMAS = frozenset({"leave", "depart", "exit"})
MOTION_LEMMAS = frozenset(
    {"go", "walk", "step", "slip", "hurry", "run", "head", "wander", "stride", "storm", "stalk", "march"}
)
AWAY_WORDS = frozenset({"out", "away", "off"})
# a sleeper takes no part in a conversation: "snoring", "in his sleep", "asleep"
SLEEP_LEMMAS = frozenset({"sleep", "snore", "doze", "slumber"})
SLEEP_STATES = frozenset({"asleep", "unconscious", "sleeping"})
# "thought of X", "talked about X": X is in the mind or the talk, not in the room
THOUGHT_OF = frozenset({"think", "dream", "talk", "speak", "wonder", "hear"})
_MALE = pronoun_forms("he")
_FEMALE = pronoun_forms("she")
# how far before a conversation its scene's narration still counts as "recently" (characters)
LOOKBACK_CHARS = 1500


@dataclass(frozen=True, slots=True)
class NarrationMention:
    start: int  # char offsets
    end: int
    head: tuple[int, int]
    character: str
    kind: str  # proper / common / pronoun
    memory: bool
    person: int = 0  # as ``ResolvedMention.person``: 0 third, 1 "I", 2 "we", 3 "you"
    gone: bool = False  # the narration has them leave: "John went out", "him moving outside"


def pronoun_gender(word: str) -> str | None:
    low = word.lower()
    if low in _MALE:
        return "m"
    if low in _FEMALE:
        return "f"
    return None


def _memory(tok: Token, past_is_memory: bool = False) -> bool:
    """Is ``tok`` inside a remembered clause: past perfect ("had gone", "had been"), under a verb of
    remembering or dying, or the one thought or talked of ("she thought of Bastien")? In a story told in the
    present tense (``past_is_memory``) the simple past is a memory too ("Aunt Bea lit it every evening")."""
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ in ("of", "about") and prep.head.lemma_.lower() in THOUGHT_OF:
        return True
    verb = tok
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    seen = 0
    while seen < 3:
        if verb.lemma_.lower() in MEMORY_LEMMAS:
            return True
        if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children):
            return True
        if past_is_memory and verb.tag_ == "VBD":
            return True
        if verb.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or verb.head.i == verb.i:
            break
        verb = verb.head
        seen += 1
    return False


def _present_narration(doc: Doc, in_quote: object) -> bool:
    """Is the narration (outside quotations) told in the present tense: do its present-tense finite verbs
    outnumber its past-tense ones two to one?"""
    present = past = 0
    for tok in doc:
        if tok.tag_ in ("VBP", "VBZ"):
            present += not in_quote(tok.idx)  # type: ignore[operator]
        elif tok.tag_ == "VBD":
            past += not in_quote(tok.idx)  # type: ignore[operator]
    return present >= 2 * max(past, 1)


def _gone(tok: Token) -> bool:
    """Is ``tok`` the subject of leaving: "John went out", "she walked away", "him moving outside"?"""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = tok.head
    away = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")}
    if "outside" in away:
        return True
    if verb.lemma_.lower() in EXIT_LEMMAS:
        return not any(c.dep_ == "dobj" for c in verb.children)
    return verb.lemma_.lower() in MOTION_LEMMAS and bool(away & AWAY_WORDS)


def _asleep(tok: Token) -> bool:
    """Is ``tok`` the one asleep in its clause: "Mags was snoring", "Pip muttered in his sleep", "Pip was
    asleep"? A sleeper is in the room but takes no part in its talk."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = tok.head
    if verb.lemma_.lower() in SLEEP_LEMMAS:
        return True
    for child in verb.children:
        if child.dep_ in ("acomp", "attr") and child.lower_ in SLEEP_STATES:
            return True
        if child.dep_ == "prep" and any(g.lemma_.lower() in SLEEP_LEMMAS for g in child.children):
            return True
    return False


class Stage:
    """Narration mentions of characters in one Doc, scene by scene."""

    def __init__(
        self,
        doc: Doc,
        coref: CorefResult | None,
        cast: Cast | None,
        scene_starts: Sequence[int],
        in_quote: object,
    ) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token again on each use
        self.scene_starts = sorted({0, *scene_starts})
        self.mentions: list[NarrationMention] = []
        genders: dict[str, Counter[str]] = {}
        self.past_is_memory = coref is not None and _present_narration(doc, in_quote)
        if coref is not None:
            for m in coref.mentions:
                if m.character is None or m.quote >= 0 or m.plural:
                    continue
                if in_quote(m.start_char):  # type: ignore[operator]
                    continue
                head_tok = doc[max(m.start, m.end - 1)] if m.end > m.start else doc[m.start]
                kind = m.kind.value if hasattr(m.kind, "value") else str(m.kind)
                self.mentions.append(
                    NarrationMention(
                        m.start_char,
                        m.end_char,
                        (head_tok.idx, head_tok.idx + len(head_tok)),
                        m.character,
                        kind,
                        _memory(head_tok, self.past_is_memory) or _asleep(head_tok),
                        m.person,
                        _gone(head_tok),
                    )
                )
                g = pronoun_gender(m.text) if kind == "pronoun" else None
                if g is not None:
                    genders.setdefault(m.character, Counter())[g] += 1
        self.mentions.sort(key=lambda x: x.start)
        self._starts = [x.start for x in self.mentions]
        self.gender: dict[str, str] = {}
        for cid, counts in genders.items():
            (g, n), total = counts.most_common(1)[0], sum(counts.values())
            if n >= 2 and n * 3 >= total * 2:
                self.gender[cid] = g
        if cast is not None:
            for member in cast.members:
                if member.gender in ("m", "f"):
                    self.gender.setdefault(member.id, member.gender)

    def in_memory(self, tok: int) -> bool:
        """Is token ``tok`` (an index) inside a remembered clause?"""
        return _memory(self.doc[tok], self.past_is_memory)

    def scene_of(self, char: int) -> int:
        return bisect.bisect_right(self.scene_starts, char) - 1

    def scene_span(self, char: int, text_len: int) -> tuple[int, int]:
        k = self.scene_of(char)
        hi = self.scene_starts[k + 1] if k + 1 < len(self.scene_starts) else text_len
        return self.scene_starts[k], hi

    def within(self, lo: int, hi: int) -> list[NarrationMention]:
        a = bisect.bisect_left(self._starts, lo)
        b = bisect.bisect_left(self._starts, hi)
        return self.mentions[a:b]

    def on_stage(self, lo: int, hi: int) -> set[str]:
        """Characters the narration of [lo, hi) names outside memories, or calls "I" or "you".

        A third-person pronoun alone does not put anyone on stage: its chain may run to someone else."""
        return {
            m.character
            for m in self.within(lo, hi)
            if not m.memory and (m.kind == "proper" or (m.kind == "pronoun" and m.person in (1, 3)))
        }

    def only_remembered(self, character: str, lo: int, hi: int) -> bool:
        """Does the narration of [lo, hi) name ``character``, but only inside memories (never on stage)?"""
        mentioned = any(m.character == character and m.memory for m in self.within(lo, hi))
        return mentioned and character not in self.on_stage(lo, hi)

    def present(self, lo: int, hi: int, scene: tuple[int, int]) -> Counter[str]:
        """How strongly each character is present in the narration of [lo, hi): mentions outside memories
        (a name counts double), of characters on stage somewhere in ``scene``. A "she"/"he" whose chain
        runs to someone off stage (only remembered in the scene) is read again as a reader would: for the
        last person on stage it fits whom the narration named before it."""
        named = self.on_stage(*scene)
        counts: Counter[str] = Counter()
        for m in self.within(lo, hi):
            if m.memory:
                continue
            if m.character in named:
                counts[m.character] += 2 if m.kind == "proper" else 1
            elif m.kind == "pronoun" and m.person == 0:
                g = pronoun_gender(self.text[m.start : m.end])
                fits = {p for p in named if g is not None and self.gender.get(p) == g}
                last = self.last_named(fits, scene[0], m.start) if fits else None
                if last is not None:
                    counts[last] += 1
        return counts

    def gone(self, character: str, lo: int, hi: int) -> bool:
        """Has the narration of [lo, hi) had ``character`` leave, and not named them since?"""
        for m in reversed(self.within(lo, hi)):
            if m.character == character and not m.memory:
                return m.gone
        return False

    def last_named(self, characters: set[str], lo: int, hi: int) -> str | None:
        """Of ``characters``, the one the narration of [lo, hi) named last outside a memory."""
        for m in reversed(self.within(lo, hi)):
            if m.character in characters and m.kind == "proper" and not m.memory:
                return m.character
        return None

    def last_of(self, characters: set[str], lo: int, hi: int) -> str | None:
        """Of ``characters``, the one the narration of [lo, hi) mentioned last outside a memory."""
        for m in reversed(self.within(lo, hi)):
            if m.character in characters and not m.memory:
                return m.character
        return None

    def nearest(self, character: str, char: int, lo: int, hi: int) -> NarrationMention | None:
        """The narration mention of ``character`` in [lo, hi) nearest ``char`` (before it preferred)."""
        best: NarrationMention | None = None
        best_d = 0
        for m in self.within(lo, hi):
            if m.character != character:
                continue
            d = char - m.end if m.end <= char else 2 * (m.start - char)
            if best is None or d < best_d:
                best, best_d = m, d
        return best

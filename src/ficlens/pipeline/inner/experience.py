"""Whose emotions a sentence holds: the speaker of a quotation, the experiencer of an emotion predicate,
or the point-of-view character when the narration reports an inner state freely.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ficlens.datamodel.inner import ExperienceHow, Experiencer
from ficlens.pipeline.inner.lexicon import (
    BODY_PARTS,
    COPULAS,
    EMOTION_ADJECTIVES,
    EMOTION_NOUNS,
    EMOTION_VERBS,
)
from ficlens.pipeline.inner.raw import SentenceExperiencers

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ficlens.pipeline.inner.context import Context

_BODY_VERBS = frozenset(
    {"fill", "sting", "burn", "water", "well", "tremble", "shake", "clench", "tighten", "ache", "twist"}
)
NEUTRAL = "neutral"


def _first_character(ctx: Context, tokens: Sequence[Token]) -> str | None:
    """The first character among ``tokens``, or the possessor of a body part among them ("her face")."""
    chars = ctx.characters
    for t in tokens:
        if chars[t.i] is not None:
            return chars[t.i]
        if t.lemma_.lower() in BODY_PARTS:
            for child in t.children:
                if child.dep_ == "poss" and chars[child.i] is not None:
                    return chars[child.i]
    return None


def _subject_characters(ctx: Context, verb: Token) -> list[str]:
    from ficlens.pipeline.inner.profile import _subjects

    return _subjects(ctx, verb, {})


def predicate_experiencers(ctx: Context) -> list[tuple[int, str]]:
    """(token index, character) for every emotion predicate in the narration whose experiencer is known."""
    out: list[tuple[int, str]] = []
    chars = ctx.characters
    for token in ctx.tokens:
        if not ctx.narration(token.i):
            continue
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos == "VERB" and lemma in EMOTION_VERBS:
            out.extend((token.i, c) for c in _subject_characters(ctx, token))
        elif pos in ("VERB", "AUX") and lemma in COPULAS:
            for child in token.children:
                if child.dep_ == "acomp" and (lemma == "feel" or child.lemma_.lower() in EMOTION_ADJECTIVES):
                    out.extend((token.i, c) for c in _subject_characters(ctx, token))
                    break
        elif pos in ("NOUN", "PROPN") and lemma in EMOTION_NOUNS and chars[token.i] is None:
            owner = next((chars[c.i] for c in token.children if c.dep_ == "poss" and chars[c.i]), None)
            if owner is None and token.dep_ == "nsubj":
                verb = token.head
                candidates: list[Token] = []
                for child in verb.children:
                    if child.dep_ in ("dobj", "dative"):
                        candidates.append(child)
                    elif child.dep_ == "prep":
                        candidates.extend(g for g in child.children if g.dep_ == "pobj")
                owner = _first_character(ctx, candidates)
            elif owner is None and token.dep_ in ("dobj", "pobj"):
                verb = token.head if token.dep_ == "dobj" else token.head.head
                subjects = _subject_characters(ctx, verb) if verb.pos_ in ("VERB", "AUX") else []
                owner = subjects[0] if subjects else None
            if owner is not None:
                out.append((token.i, owner))
        elif (
            pos == "NOUN"
            and lemma in BODY_PARTS
            and token.dep_ == "nsubj"
            and token.head.lemma_.lower() in _BODY_VERBS
        ):
            owner = _first_character(ctx, [token])
            if owner is not None:
                out.append((token.i, owner))
    return out


def _main_subjects(ctx: Context) -> list[tuple[int, tuple[str, ...]]]:
    """(start offset, characters subject of the root verb) for each sentence of the parse."""
    doc = ctx.doc
    if len(doc) == 0 or not doc.has_annotation("SENT_START"):
        return []
    from ficlens.pipeline.inner.profile import _subjects

    memo: dict[int, list[str]] = {}
    return [(sent.start_char, tuple(_subjects(ctx, sent.root, memo))) for sent in doc.sents]


def _interval(value: Any) -> tuple[int, int]:
    return int(value.start), int(value.end)


def experiencers(
    ctx: Context,
    sentences: Sequence[Any],
    predicates: Sequence[tuple[int, str]],
    scene_pov: Sequence[tuple[int, int, str | None]],
) -> tuple[SentenceExperiencers, ...]:
    """Tie each scored sentence (objects with ``start``, ``end``, ``labels``) to the characters who feel it.

    ``scene_pov`` is (start, end, POV character) per scene, sorted.
    """
    if not sentences:
        return ()
    spans = [_interval(s) for s in sentences]
    order = sorted(range(len(spans)), key=lambda k: spans[k])
    starts = [spans[k][0] for k in order]
    found: dict[int, list[Experiencer]] = {}
    quoted: set[int] = set()

    def sentence_at(offset: int) -> int | None:
        pos = bisect_right(starts, offset) - 1
        if pos >= 0:
            k = order[pos]
            if spans[k][0] <= offset < spans[k][1]:
                return k
        return None

    def add(k: int, character: str, how: ExperienceHow) -> None:
        bucket = found.setdefault(k, [])
        if all(e.character != character for e in bucket):
            bucket.append(Experiencer(character, how))

    # speakers: every sentence that overlaps a quotation
    q = 0
    quotes = ctx.quotes
    for k in order:
        start, end = spans[k]
        while q < len(quotes) and quotes[q].end <= start:
            q += 1
        j = q
        while j < len(quotes) and quotes[j].start < end:
            quoted.add(k)
            speaker = quotes[j].speaker
            if speaker is not None:
                add(k, speaker, ExperienceHow.SPEAKER)
            j += 1
    tokens = ctx.tokens
    for i, character in predicates:
        at = sentence_at(tokens[i].idx)
        if at is not None:
            add(at, character, ExperienceHow.PREDICATE)
    # free indirect narration: an emotional sentence with nobody else to hold it belongs to the POV,
    # unless its main clause is about another character ("He shoved her.")
    subjects = _main_subjects(ctx)
    subject_starts = [start for start, _ in subjects]
    scene = 0
    for k in order:
        if k in found or k in quoted:
            continue
        labels = tuple(getattr(sentences[k], "labels", ()) or ())
        if not labels or all(label == NEUTRAL for label in labels):
            continue
        start, _end = spans[k]
        while scene < len(scene_pov) and scene_pov[scene][1] <= start:
            scene += 1
        if scene < len(scene_pov) and scene_pov[scene][0] <= start:
            pov_character = scene_pov[scene][2]
            at = bisect_right(subject_starts, start) - 1
            others = subjects[at][1] if at >= 0 else ()
            if pov_character is not None and (not others or pov_character in others):
                add(k, pov_character, ExperienceHow.POV)
    return tuple(SentenceExperiencers(k, tuple(found[k])) for k in sorted(found))

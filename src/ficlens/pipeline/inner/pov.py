"""Point of view: the narrative person, and per scene whose thoughts and perceptions the narration reports."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import NarrativePerson, Pov, ScenePov
from ficlens.pipeline.inner.context import FIRST_SINGULAR, SECOND, THIRD_SINGULAR
from ficlens.pipeline.inner.lexicon import INNER_BODY, OBSERVABLE_EMOTION_VERBS, PERCEPTION

if TYPE_CHECKING:
    from ficlens.pipeline.inner.context import Context

PERCEPTION_WEIGHT = 2.0
EMOTION_WEIGHT = 1.0  # an inner state: "she felt sick", "guilt ate at him"
OBSERVABLE_WEIGHT = 0.25  # what anyone could see: "he grinned"
THOUGHT_WEIGHT = 1.0  # an italic thought with a thinker (attribution of thoughts is uncertain)
INNER_BODY_WEIGHT = 1.0
SUBJECT_PRONOUN_WEIGHT = 0.5  # a gendered pronoun of the narration as a clause's subject
SUBJECT_NAME_WEIGHT = 0.5  # a name as the subject of a clause of narration
OPENING_SUBJECT_WEIGHT = 2.0  # the first subject of a scene's narration
# Share of the whole story's evidence a character brings to each scene: most stories keep one POV, so a
# scene with thin evidence leans towards the story's main POV character.
STORY_PRIOR = 1.0
FIRST_PERSON_SHARE = 0.3  # share of narration pronouns that are "I/me/my" for first-person narration
SECOND_PERSON_SHARE = 0.3


def scenes(ctx: Context) -> list[tuple[int, int, int | None]]:
    """(start, end, chapter) of each scene: chapters split at scene breaks; the whole text without them."""
    story = ctx.story
    n = len(ctx.text)
    if story is None:
        return [(0, n, None)]
    return scene_spans(
        n, [(c.start, c.end, c.index) for c in story.chapters], [(b.start, b.end) for b in story.scene_breaks]
    )


def narrative_person(first: int, second: int, third: int) -> NarrativePerson | None:
    total = first + second + third
    if total == 0:
        return None
    if first >= second and first / total >= FIRST_PERSON_SHARE:
        return NarrativePerson.FIRST
    if second > first and second / total >= SECOND_PERSON_SHARE:
        return NarrativePerson.SECOND
    return NarrativePerson.THIRD


def point_of_view(ctx: Context, predicates: Sequence[tuple[int, str]]) -> Pov:
    """Narrative person and POV per scene. ``predicates`` are (token, character) emotion experiencers."""
    from ficlens.pipeline.inner.profile import _subjects

    doc = ctx.doc
    chars = ctx.characters
    cuts = scenes(ctx)
    if not cuts or len(doc) == 0:
        return Pov()
    # per scene: pronoun persons, first-person referents, evidence per character, proper mentions
    persons = [[0, 0, 0] for _ in cuts]
    narrators: list[Counter[str]] = [Counter() for _ in cuts]
    readers: list[Counter[str]] = [Counter() for _ in cuts]
    evidence: list[dict[str, float]] = [{} for _ in cuts]
    proper: list[Counter[str]] = [Counter() for _ in cuts]
    words = [0] * len(cuts)
    predicate_at: dict[int, list[str]] = {}
    for i, c in predicates:
        predicate_at.setdefault(i, []).append(c)
    memo: dict[int, list[str]] = {}
    opened: set[int] = set()
    s = 0
    for token in ctx.tokens:
        pos = token.idx
        while s < len(cuts) and cuts[s][1] <= pos:
            s += 1
        if s == len(cuts):
            break
        if pos < cuts[s][0]:
            continue
        if not ctx.narration(token.i):
            continue
        if token.is_alpha:
            words[s] += 1
        lower = token.lower_
        who = chars[token.i]
        if token.pos_ == "PRON":
            if lower in FIRST_SINGULAR:
                persons[s][0] += 1
                if who is not None:
                    narrators[s][who] += 1
            elif lower in SECOND:
                persons[s][1] += 1
                if who is not None:
                    readers[s][who] += 1
            elif lower in THIRD_SINGULAR:
                persons[s][2] += 1
                if who is not None and token.dep_ in ("nsubj", "nsubjpass"):
                    # the focal character is the usual subject of the narration's "she"/"he"
                    evidence[s][who] = evidence[s].get(who, 0.0) + SUBJECT_PRONOUN_WEIGHT
        elif token.pos_ == "PROPN" and who is not None:
            proper[s][who] += 1
            if token.dep_ in ("nsubj", "nsubjpass"):
                evidence[s][who] = evidence[s].get(who, 0.0) + SUBJECT_NAME_WEIGHT
        if (
            who is not None
            and token.dep_ in ("nsubj", "nsubjpass")
            and token.pos_ in ("PROPN", "PRON")
            and s not in opened
        ):
            opened.add(s)  # the scene's first narrated subject usually is the one it follows
            evidence[s][who] = evidence[s].get(who, 0.0) + OPENING_SUBJECT_WEIGHT
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in PERCEPTION:
            for c in _subjects(ctx, token, memo):
                evidence[s][c] = evidence[s].get(c, 0.0) + PERCEPTION_WEIGHT
        if token.dep_ == "poss" and who is not None and token.head.lemma_.lower() in INNER_BODY:
            evidence[s][who] = evidence[s].get(who, 0.0) + INNER_BODY_WEIGHT  # "her heart began to slam"
        if token.i in predicate_at:
            weight = OBSERVABLE_WEIGHT if token.lemma_.lower() in OBSERVABLE_EMOTION_VERBS else EMOTION_WEIGHT
            for c in predicate_at[token.i]:
                evidence[s][c] = evidence[s].get(c, 0.0) + weight
    # italic or quoted thoughts with a known thinker
    s = 0
    for quote in ctx.quotes:
        if not quote.thought or quote.speaker is None:
            continue
        while s < len(cuts) and cuts[s][1] <= quote.start:
            s += 1
        if s < len(cuts) and cuts[s][0] <= quote.start:
            evidence[s][quote.speaker] = evidence[s].get(quote.speaker, 0.0) + THOUGHT_WEIGHT

    story_evidence: dict[str, float] = {}
    for scene_evidence in evidence:
        for c, v in scene_evidence.items():
            story_evidence[c] = story_evidence.get(c, 0.0) + v
    scored = sum(1 for e in evidence if e) or 1
    prior = {c: STORY_PRIOR * v / scored for c, v in story_evidence.items()}
    # The narrative person is the story's: a letter or a text message in "I" inside a third-person story
    # does not make its scene first-person.
    story_person = narrative_person(*(sum(p[i] for p in persons) for i in range(3)))
    out: list[ScenePov] = []
    for k, (start, end, chapter) in enumerate(cuts):
        if words[k] == 0:
            continue
        first, second, third = persons[k]
        person = story_person
        character: str | None = None
        confidence = 0.0
        if person is NarrativePerson.FIRST and narrators[k]:
            character, count = narrators[k].most_common(1)[0]
            confidence = round((count / max(first, 1)) * (1 - math.exp(-count / 3)), 3)
        elif person is NarrativePerson.SECOND and readers[k]:
            character, count = readers[k].most_common(1)[0]
            confidence = round((count / max(second, 1)) * (1 - math.exp(-count / 3)), 3)
        elif evidence[k]:
            # the story's main viewpoint competes in every scene, evidence there or not: POV seldom moves
            scores = {c: evidence[k].get(c, 0.0) + prior.get(c, 0.0) for c in {*evidence[k], *prior}}
            ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -proper[k][kv[0]], kv[0]))
            character, top = ranked[0]
            share = top / sum(scores.values())
            confidence = round(share * (1 - math.exp(-max(evidence[k].get(character, 0.0), 0.5) / 4)), 3)
        elif proper[k]:
            character = sorted(proper[k].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            confidence = 0.1
        out.append(ScenePov(start, end, character, confidence, person, chapter))

    first = sum(p[0] for p in persons)
    second = sum(p[1] for p in persons)
    third = sum(p[2] for p in persons)
    person = narrative_person(first, second, third)
    narrator: str | None = None
    if person is NarrativePerson.FIRST:
        total: Counter[str] = Counter()
        for counter in narrators:
            total.update(counter)
        if total:
            narrator = total.most_common(1)[0][0]
    return Pov(
        person=person,
        person_counts={"first": first, "second": second, "third": third},
        narrator=narrator,
        scenes=tuple(out),
    )


def scene_spans(
    length: int, chapters: Sequence[tuple[int, int, int]], breaks: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int | None]]:
    """(start, end, chapter) of each scene of a text of ``length`` characters.

    ``chapters`` are (start, end, index), ``breaks`` (start, end) of scene-break lines; chapters are split
    at the breaks inside them, and a text without chapters is one chapter ``None``.
    """
    parts: list[tuple[int, int, int | None]] = (
        [(s, e, i) for s, e, i in chapters] if chapters else [(0, length, None)]
    )
    ordered = sorted(breaks)
    out: list[tuple[int, int, int | None]] = []
    b = 0
    for start, end, chapter in parts:
        pos = start
        while b < len(ordered) and ordered[b][0] < end:
            if ordered[b][0] >= pos:
                out.append((pos, ordered[b][0], chapter))
                pos = ordered[b][1]
            b += 1
        out.append((pos, end, chapter))
    return [s for s in out if s[1] > s[0]]

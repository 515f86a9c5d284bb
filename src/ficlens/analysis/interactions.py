"""The interaction network: who speaks to, acts on, speaks of, and shares scenes with whom.

Computed from a ``StoryAnalysis`` alone (quotes, mentions, acts, chapters, scene breaks), so a saved analysis
gives the same network. Its GraphML files are written by ``ficlens.output.graphml``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ficlens.datamodel.inner import Interaction, Interactions, InteractionType, Offsets
from ficlens.pipeline.inner.context import FIRST_SINGULAR, SECOND
from ficlens.pipeline.inner.pov import scene_spans
from ficlens.pipeline.lexicon import FIRST_PLURAL_FORMS

if TYPE_CHECKING:
    from ficlens.datamodel import StoryAnalysis

__all__ = ["SCENE_WINDOW", "build_interactions", "windows"]

MAX_EXAMPLES = 3
PRESENT_MENTIONS = 2  # narration mentions that put a character in a scene (speaking once also does)
# A scene longer than this many characters (about 1,500 words) is cut into windows at paragraph ends for
# co-presence: a novel without scene breaks is not one scene in which everybody meets everybody.
SCENE_WINDOW = 8_000
_SPEAKER_SELF = FIRST_SINGULAR | SECOND | FIRST_PLURAL_FORMS


@dataclass(slots=True)
class _Edge:
    count: int = 0
    weight: float = 0.0
    examples: list[Offsets] = field(default_factory=list)

    def add(self, offsets: Offsets, weight: float = 1.0) -> None:
        self.count += 1
        self.weight += weight
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(offsets)


Key = tuple[str, str, InteractionType, int | None]


class _Edges:
    def __init__(self, chapters: Sequence[tuple[int, int, int]]) -> None:
        self.edges: dict[Key, _Edge] = {}
        self._starts = [c[0] for c in chapters]
        self._chapters = chapters

    def chapter_at(self, offset: int) -> int | None:
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and offset < self._chapters[k][1]:
            return self._chapters[k][2]
        return None

    def add(
        self, source: str, target: str, kind: InteractionType, offsets: Offsets, weight: float = 1.0
    ) -> None:
        if source == target:
            return
        chapter = self.chapter_at(offsets[0])
        self.edges.setdefault((source, target, kind, None), _Edge()).add(offsets, weight)
        if chapter is not None:
            self.edges.setdefault((source, target, kind, chapter), _Edge()).add(offsets, weight)

    def build(self) -> Interactions:
        story: list[Interaction] = []
        chapters: list[Interaction] = []
        for (source, target, kind, chapter), e in self.edges.items():
            edge = Interaction(
                source=source,
                target=target,
                type=kind,
                weight=round(e.weight, 4),
                count=e.count,
                chapter=chapter,
                examples=tuple(e.examples),
            )
            (story if chapter is None else chapters).append(edge)

        def order(e: Interaction) -> tuple[Any, ...]:
            return (e.chapter or 0, list(InteractionType).index(e.type), -e.weight, e.source, e.target)

        return Interactions(
            edges=tuple(sorted(story, key=order)), by_chapter=tuple(sorted(chapters, key=order))
        )


def build_interactions(analysis: StoryAnalysis) -> Interactions:
    """Speaks-to, acts-on, mentions and co-presence edges, for the story and per chapter."""
    chapters = [(c.start, c.end, c.index) for c in analysis.chapters]
    edges = _Edges(chapters)
    quotes = sorted(analysis.quotes, key=lambda q: q.start)
    for q in quotes:
        if q.speaker is None:
            continue
        for addressee in q.addressees:
            edges.add(q.speaker, addressee, InteractionType.SPEAKS_TO, (q.start, q.end))
    for act in analysis.acts:
        edges.add(act.agent, act.patient, InteractionType.ACTS_ON, (act.start, act.end))
        if act.reciprocal:
            edges.add(act.patient, act.agent, InteractionType.ACTS_ON, (act.start, act.end))

    mentions = sorted(analysis.mentions, key=lambda m: m.start)
    # one speaks of another: a mention inside the speaker's quotation (not "I"/"you", which are themselves)
    k = 0
    for m in mentions:
        while k < len(quotes) and quotes[k].end <= m.start:
            k += 1
        if k < len(quotes) and quotes[k].start <= m.start < quotes[k].end:
            q = quotes[k]
            if q.speaker is None or m.character in q.addressees or m.text.lower() in _SPEAKER_SELF:
                continue
            edges.add(q.speaker, m.character, InteractionType.MENTIONS, (m.start, m.end))

    # co-presence per scene
    scenes = windows(
        scene_spans(len(analysis.text), chapters, [(b.start, b.end) for b in analysis.scene_breaks]),
        [p.end for p in analysis.paragraphs],
    )
    counts: list[dict[str, int]] = [{} for _ in scenes]
    speakers: list[set[str]] = [set() for _ in scenes]
    scene_starts = [s[0] for s in scenes]

    def scene_of(offset: int) -> int | None:
        i = bisect_right(scene_starts, offset) - 1
        return i if i >= 0 and offset < scenes[i][1] else None

    k = 0
    for m in mentions:
        while k < len(quotes) and quotes[k].end <= m.start:
            k += 1
        if k < len(quotes) and quotes[k].start <= m.start < quotes[k].end:
            continue  # spoken of is not present
        s = scene_of(m.start)
        if s is not None:
            counts[s][m.character] = counts[s].get(m.character, 0) + 1
    for q in quotes:
        s = scene_of(q.start)
        if s is not None and q.speaker is not None:
            speakers[s].add(q.speaker)
    for s, (start, end, _chapter) in enumerate(scenes):
        present = sorted({c for c, n in counts[s].items() if n >= PRESENT_MENTIONS} | speakers[s])
        for x, a in enumerate(present):
            for b in present[x + 1 :]:
                weight = max(1, min(counts[s].get(a, 0), counts[s].get(b, 0)))
                edges.add(a, b, InteractionType.CO_PRESENT, (start, end), weight)
    return edges.build()


def windows(
    scenes: Sequence[tuple[int, int, int | None]], paragraph_ends: Sequence[int], *, size: int = SCENE_WINDOW
) -> list[tuple[int, int, int | None]]:
    """``scenes``, those longer than ``size`` characters cut at the first paragraph end past each ``size``."""
    ends = sorted(paragraph_ends)
    out: list[tuple[int, int, int | None]] = []
    for start, end, chapter in scenes:
        pos = start
        while end - pos > size:
            k = bisect_right(ends, pos + size - 1)
            cut = ends[k] if k < len(ends) and ends[k] < end else min(end, pos + size)
            out.append((pos, cut, chapter))
            pos = cut
        out.append((pos, end, chapter))
    return out

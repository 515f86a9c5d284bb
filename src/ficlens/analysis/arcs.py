"""Emotion arcs: each character's feelings per chapter and over N equal segments of the story.

Computed from the sentences of a ``StoryAnalysis`` alone, so a saved analysis gives the same arcs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import EMOTION_LABELS, ArcPoint, EmotionArc, Emotions, SentenceFeeling

if TYPE_CHECKING:
    from ficlens.datamodel import StoryAnalysis

SEGMENTS = 20  # the default of ``Emotions.segments``
DOMINANT = 3
NEUTRAL = "neutral"


def with_arcs(analysis: StoryAnalysis) -> Emotions:
    """``analysis.emotions`` with its arcs computed from its sentences (``Emotions.segments`` segments)."""
    emotions = analysis.emotions
    return replace(
        emotions,
        arcs=arcs(emotions.sentences, analysis, segments=emotions.segments, labels=emotions.labels),
    )


class _Acc:
    __slots__ = ("count", "sums", "valence")

    def __init__(self) -> None:
        self.count = 0
        self.sums: dict[str, float] = {}
        self.valence = 0.0

    def add(self, feeling: SentenceFeeling) -> None:
        self.count += 1
        self.valence += feeling.valence
        for label, value in feeling.scores.items():
            self.sums[label] = self.sums.get(label, 0.0) + value

    def point(self, index: int, start: int, end: int, labels: Sequence[str]) -> ArcPoint:
        if self.count == 0:
            return ArcPoint(index=index, start=start, end=end)
        return ArcPoint(
            index=index,
            start=start,
            end=end,
            count=self.count,
            scores={label: round(self.sums.get(label, 0.0) / self.count, 4) for label in labels},
            valence=round(self.valence / self.count, 4),
        )


def segment_bounds(start: int, end: int, segments: int) -> list[tuple[int, int]]:
    """``segments`` consecutive stretches of [start, end) of (nearly) equal length."""
    span = max(0, end - start)
    return [(start + span * i // segments, start + span * (i + 1) // segments) for i in range(segments)]


def arcs(
    feelings: Sequence[SentenceFeeling],
    analysis: StoryAnalysis,
    *,
    segments: int = SEGMENTS,
    labels: Sequence[str] = EMOTION_LABELS,
) -> tuple[EmotionArc, ...]:
    """One arc per character who experiences at least one sentence, ordered by prominence then id."""
    if not feelings or segments < 1:
        return ()
    lo = min(f.start for f in feelings)
    hi = max(f.end for f in feelings)
    bounds = segment_bounds(lo, hi, segments)
    bound_starts = [b[0] for b in bounds]
    chapter_index = {ch.index: i for i, ch in enumerate(analysis.chapters)}
    per_chapter: dict[str, list[_Acc]] = {}
    per_segment: dict[str, list[_Acc]] = {}
    overall: dict[str, _Acc] = {}
    for f in feelings:
        seg = max(0, bisect_right(bound_starts, f.start) - 1)
        for e in f.experiencers:
            c = e.character
            if c not in overall:
                overall[c] = _Acc()
                per_segment[c] = [_Acc() for _ in range(segments)]
                per_chapter[c] = [_Acc() for _ in analysis.chapters]
            overall[c].add(f)
            per_segment[c][seg].add(f)
            if f.chapter is not None and f.chapter in chapter_index:
                per_chapter[c][chapter_index[f.chapter]].add(f)
    rank = {ch.id: ch.prominence for ch in analysis.characters}
    out = []
    for c in sorted(overall, key=lambda c: (rank.get(c, 10**9), c)):
        whole = overall[c].point(0, lo, hi, labels)
        dominant = tuple(
            label
            for label, value in sorted(whole.scores.items(), key=lambda kv: (-kv[1], kv[0]))
            if label != NEUTRAL and value > 0
        )[:DOMINANT]
        out.append(
            EmotionArc(
                character=c,
                chapters=tuple(
                    acc.point(ch.index, ch.start, ch.end, labels)
                    for acc, ch in zip(per_chapter[c], analysis.chapters, strict=True)
                ),
                segments=tuple(
                    acc.point(i, b[0], b[1], labels)
                    for i, (acc, b) in enumerate(zip(per_segment[c], bounds, strict=True))
                ),
                overall=whole,
                dominant=dominant,
            )
        )
    return tuple(out)

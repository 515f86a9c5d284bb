"""Emotion arcs: each character's feelings per chapter and over N equal segments of the story."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ficlens.datamodel.inner import (
    EMOTION_LABELS,
    ArcPoint,
    EmotionArc,
    Emotions,
    Experiencer,
    SentenceFeeling,
)

if TYPE_CHECKING:
    from ficlens.datamodel import StoryAnalysis
    from ficlens.pipeline.inner.raw import SentenceExperiencers

SEGMENTS = 20
DOMINANT = 3
NEUTRAL = "neutral"


def build_emotions(
    analysis: StoryAnalysis,
    sentences: Sequence[Any],
    experiencers: Sequence[SentenceExperiencers],
    *,
    segments: int = SEGMENTS,
) -> Emotions:
    """Per-sentence feelings (scores from the emotion model, experiencers from the parse) and arcs.

    ``sentences`` are the emotion model's outputs (objects with ``start``, ``end``, ``scores``, ``labels``,
    ``valence``), ``experiencers`` the inner-life pass's ties of sentences (by index) to characters.
    """
    who: dict[int, tuple[Experiencer, ...]] = {e.index: e.experiencers for e in experiencers}
    chapters = analysis.chapters
    feelings = []
    c = 0
    order = sorted(range(len(sentences)), key=lambda k: (int(sentences[k].start), int(sentences[k].end)))
    for k in order:
        s = sentences[k]
        start = int(s.start)
        while c < len(chapters) and chapters[c].end <= start:
            c += 1
        chapter = chapters[c].index if c < len(chapters) and chapters[c].start <= start else None
        feelings.append(
            SentenceFeeling(
                start=start,
                end=int(s.end),
                scores={str(label): round(float(v), 4) for label, v in dict(s.scores).items()},
                labels=tuple(str(label) for label in s.labels),
                valence=round(float(s.valence), 4),
                experiencers=who.get(k, ()),
                chapter=chapter,
            )
        )
    labels = _labels(feelings)
    return Emotions(
        labels=labels,
        segments=segments,
        sentences=tuple(feelings),
        arcs=arcs(feelings, analysis, segments=segments, labels=labels),
    )


def _labels(feelings: Sequence[SentenceFeeling]) -> tuple[str, ...]:
    seen = {label for f in feelings for label in f.scores}
    known = tuple(label for label in EMOTION_LABELS if label in seen or not seen)
    return known + tuple(sorted(seen - set(EMOTION_LABELS)))


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

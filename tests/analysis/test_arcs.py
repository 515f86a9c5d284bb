"""Emotion arcs from per-sentence feelings, without any NLP."""

from __future__ import annotations

import itertools

from ficlens.analysis.arcs import arcs, segment_bounds
from ficlens.datamodel import Chapter, Metadata, Source, SourceFormat, StoryAnalysis
from ficlens.datamodel.inner import ExperienceHow, Experiencer, SentenceFeeling


def _feeling(start: int, who: str | None, label: str, valence: float, chapter: int) -> SentenceFeeling:
    scores = {"sadness": 0.0, "joy": 0.0, "neutral": 0.0, label: 1.0}
    experiencers = () if who is None else (Experiencer(who, ExperienceHow.PREDICATE),)
    return SentenceFeeling(start, start + 10, scores, (label,), valence, experiencers, chapter)


def _analysis() -> StoryAnalysis:
    return StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, "0" * 64),
        metadata=Metadata(),
        text="x" * 400,
        chapters=(Chapter(1, None, 0, 200), Chapter(2, None, 200, 400)),
    )


def test_chapter_and_segment_means() -> None:
    feelings = [
        _feeling(0, "nell", "sadness", -1.0, 1),
        _feeling(100, "nell", "sadness", -0.5, 1),
        _feeling(250, "nell", "joy", 1.0, 2),
        _feeling(300, "wren", "joy", 0.5, 2),
        _feeling(390, None, "sadness", -1.0, 2),
    ]
    result = arcs(feelings, _analysis(), segments=4, labels=("sadness", "joy", "neutral"))
    assert [a.character for a in result] == ["nell", "wren"]
    nell = result[0]
    assert [p.count for p in nell.chapters] == [2, 1]
    assert nell.chapters[0].valence == -0.75
    assert nell.chapters[0].scores["sadness"] == 1.0
    assert nell.chapters[1].scores == {"sadness": 0.0, "joy": 1.0, "neutral": 0.0}
    assert len(nell.segments) == 4
    assert [p.count for p in nell.segments] == [1, 1, 1, 0]  # [0, 100) [100, 200) [200, 300) [300, 400)
    assert nell.segments[3].scores == {} and nell.segments[3].valence == 0.0
    assert nell.overall.count == 3
    assert nell.dominant == ("sadness", "joy")
    # segments tile the span of the sentences
    assert nell.segments[0].start == 0 and nell.segments[-1].end == 400
    assert all(a.end == b.start for a, b in itertools.pairwise(nell.segments))


def test_segment_bounds_cover_without_gaps() -> None:
    bounds = segment_bounds(7, 1000, 20)
    assert len(bounds) == 20
    assert bounds[0][0] == 7 and bounds[-1][1] == 1000
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))


def test_no_feelings_no_arcs() -> None:
    assert arcs([], _analysis()) == ()

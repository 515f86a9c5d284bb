"""The interaction network from a hand-built analysis (its GraphML export: tests/output/test_graphml.py)."""

from __future__ import annotations

from dataclasses import replace

from ficlens.analysis.interactions import build_interactions, windows
from ficlens.datamodel import (
    Chapter,
    Character,
    Mention,
    MentionCounts,
    MentionKind,
    Metadata,
    Quote,
    QuoteKind,
    SceneBreak,
    Source,
    SourceFormat,
    StoryAnalysis,
)
from ficlens.datamodel.inner import Act, InteractionType

# chapter 1: [0, 100) with a scene break at [50, 53); chapter 2: [100, 200)
TEXT = "." * 200


def _character(cid: str, rank: int) -> Character:
    return Character(cid, cid.title(), (), 5, MentionCounts(), None, None, None, rank)


def _mention(cid: str, start: int, text: str = "X", kind: MentionKind = MentionKind.PROPER) -> Mention:
    return Mention(cid, start, start + 1, kind, text)


def _quote(start: int, end: int, speaker: str, addressees: tuple[str, ...]) -> Quote:
    return Quote(f"q{start}", start, end, "", QuoteKind.SPOKEN, None, speaker, addressees, 1.0)


def _analysis() -> StoryAnalysis:
    mentions = [
        # scene 1 (0-50): ana x3, ben x2 in narration; ana speaks of cal inside her quote
        _mention("ana", 1),
        _mention("ana", 2),
        _mention("ana", 3),
        _mention("ben", 4),
        _mention("ben", 5),
        _mention("ana", 11, "I", MentionKind.PRONOUN),  # inside ana's quote: herself
        _mention("ben", 12, "you", MentionKind.PRONOUN),  # inside: the addressee
        _mention("cal", 13, "Cal"),  # inside: spoken of
        # scene 2 (53-100): cal only once: not present
        _mention("ben", 60),
        _mention("ben", 61),
        _mention("cal", 62),
        # chapter 2: ana and cal
        _mention("ana", 110),
        _mention("ana", 111),
        _mention("cal", 112),
        _mention("cal", 113),
        _mention("cal", 114),
    ]
    return StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, "0" * 64),
        metadata=Metadata(title="Test"),
        text=TEXT,
        chapters=(Chapter(1, None, 0, 100), Chapter(2, None, 100, 200)),
        scene_breaks=(SceneBreak(50, 53, "***"),),
        characters=(_character("ana", 1), _character("ben", 2), _character("cal", 3)),
        mentions=tuple(mentions),
        quotes=(_quote(10, 20, "ana", ("ben",)), _quote(120, 130, "cal", ("ana",))),
    )


def test_edges_by_type() -> None:
    acts = [Act("ben", "ana", "hug", 30, 33), Act("ana", "cal", "kiss", 115, 119, reciprocal=True)]
    net = build_interactions(replace(_analysis(), acts=tuple(acts)))
    edges = {(e.source, e.target, e.type): e for e in net.edges}
    assert edges["ana", "ben", InteractionType.SPEAKS_TO].count == 1
    assert edges["cal", "ana", InteractionType.SPEAKS_TO].count == 1
    assert edges["ana", "cal", InteractionType.MENTIONS].count == 1
    assert ("ana", "ben", InteractionType.MENTIONS) not in edges  # "you" is the addressee
    assert edges["ben", "ana", InteractionType.ACTS_ON].count == 1
    assert edges["cal", "ana", InteractionType.ACTS_ON].count == 1  # reciprocal
    co = {(s, t): e for (s, t, k), e in edges.items() if k is InteractionType.CO_PRESENT}
    # scene 1: ana (3) and ben (2): weight min(3, 2); scene 2: cal has one mention: absent;
    # chapter 2: ana (2 mentions) and cal (3, and speaks)
    assert set(co) == {("ana", "ben"), ("ana", "cal")}
    assert co["ana", "ben"].weight == 2.0 and co["ana", "ben"].count == 1
    assert co["ana", "cal"].weight == 2.0
    assert all(e.chapter is None for e in net.edges)
    chapters = {(e.source, e.target, e.type, e.chapter) for e in net.by_chapter}
    assert ("ana", "ben", InteractionType.SPEAKS_TO, 1) in chapters
    assert ("cal", "ana", InteractionType.SPEAKS_TO, 2) in chapters
    assert ("ana", "ben", InteractionType.SPEAKS_TO, 2) not in chapters


def test_long_scenes_are_cut_into_windows_at_paragraph_ends() -> None:
    scenes = [(0, 25_000, 1), (25_000, 26_000, 2)]
    ends = [3_000, 7_000, 9_500, 12_000, 24_000, 25_000, 25_500]
    cut = windows(scenes, ends, size=8_000)
    assert cut == [(0, 9_500, 1), (9_500, 24_000, 1), (24_000, 25_000, 1), (25_000, 26_000, 2)]
    # without paragraphs the cut falls at the window size
    assert windows([(0, 20, None)], [], size=8) == [(0, 8, None), (8, 16, None), (16, 20, None)]

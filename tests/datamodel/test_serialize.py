from __future__ import annotations

import json

import pytest

from ficlens.datamodel import (
    Alias,
    AttributionType,
    Chapter,
    Character,
    Mention,
    MentionCounts,
    MentionKind,
    Metadata,
    Note,
    NoteKind,
    Quote,
    QuoteKind,
    RelationshipKind,
    RelationshipTag,
    Source,
    SourceFormat,
    StoryAnalysis,
)
from ficlens.datamodel.serialize import from_jsonable, to_jsonable


def small_analysis() -> StoryAnalysis:
    text = '"Go," said Ana. Ben went.'
    return StoryAnalysis(
        source=Source(path="s.txt", format=SourceFormat.TEXT, sha256="0" * 64),
        metadata=Metadata(
            title="S",
            relationships=(RelationshipTag("Ana/Ben", RelationshipKind.ROMANTIC, ("Ana", "Ben")),),
        ),
        text=text,
        notes=(Note(NoteKind.AUTHOR_NOTE, 0, 0, "A/N: hi", in_text=False),),
        chapters=(Chapter(1, None, 0, len(text)),),
        characters=(
            Character("C1", "Ana", (Alias("Ana", 1),), 1, MentionCounts(proper=1), "she/her", 11, 14, 1),
        ),
        mentions=(Mention("C1", 11, 14, MentionKind.PROPER, "Ana"),),
        quotes=(
            Quote(
                "Q1", 0, 5, '"Go,"', QuoteKind.SPOKEN, AttributionType.EXPLICIT, "C1", (), 0.9, 1, (11, 14)
            ),
        ),
    )


def test_round_trip_through_json_gives_an_equal_analysis() -> None:
    analysis = small_analysis()
    data = json.loads(json.dumps(to_jsonable(analysis)))
    assert data["quotes"][0]["speaker_mention"] == [11, 14]
    assert data["metadata"]["relationships"][0]["kind"] == "romantic"
    assert from_jsonable(StoryAnalysis, data) == analysis


def test_a_wrong_type_is_rejected() -> None:
    data = to_jsonable(small_analysis())
    data["characters"][0]["mention_count"] = "many"
    with pytest.raises(TypeError):
        from_jsonable(StoryAnalysis, data)

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
    with pytest.raises(ValueError, match="mention_count"):
        from_jsonable(StoryAnalysis, data)


def test_nothing_is_coerced() -> None:
    data = to_jsonable(small_analysis())
    data["characters"][0]["mention_count"] = "1"  # a string that looks like a number is still a string
    with pytest.raises(ValueError, match="mention_count"):
        from_jsonable(StoryAnalysis, data)


def test_absent_fields_take_their_defaults_and_unknown_ones_are_ignored() -> None:
    data = to_jsonable(small_analysis())
    for later in ("emotions", "profiles", "interactions", "relationships", "pov", "tense", "acts", "kinship"):
        del data[later]  # as in a file from before they existed
    data["a_field_from_a_later_version"] = {"x": 1}
    assert from_jsonable(StoryAnalysis, data) == small_analysis()


def test_a_malformed_file_is_one_line_naming_the_field(tmp_path: object) -> None:
    from pathlib import Path

    from ficlens.errors import InputError
    from ficlens.output.json_io import load_analysis

    data = to_jsonable(small_analysis())
    data["quotes"][0]["start"] = None
    path = Path(str(tmp_path)) / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_analysis(path)
    message = str(caught.value)
    assert "quotes.0.start" in message and "\n" not in message

"""The inner-life datamodel survives a JSON round trip, and old analyses without it still load."""

from __future__ import annotations

import json

from ficlens.datamodel import Metadata, Source, SourceFormat, StoryAnalysis
from ficlens.datamodel.inner import (
    ArcPoint,
    Cue,
    DescriptorKind,
    EmotionArc,
    Emotions,
    ExperienceHow,
    Experiencer,
    Interaction,
    Interactions,
    InteractionType,
    NarrativePerson,
    ParagraphTense,
    Pov,
    Profile,
    ProfileItem,
    Relationship,
    Relationships,
    ScenePov,
    SentenceFeeling,
    Tense,
    TenseReport,
    TenseShift,
    Tone,
    ToneKind,
)
from ficlens.datamodel.serialize import from_jsonable, to_jsonable


def _analysis() -> StoryAnalysis:
    point = ArcPoint(index=1, start=0, end=20, count=2, scores={"joy": 0.25, "sadness": 0.5}, valence=-0.25)
    return StoryAnalysis(
        source=Source(path=None, format=SourceFormat.TEXT, sha256="0" * 64),
        metadata=Metadata(),
        text="I cried. She smiled.",
        emotions=Emotions(
            sentences=(
                SentenceFeeling(
                    start=0,
                    end=8,
                    scores={"sadness": 0.9},
                    labels=("sadness",),
                    valence=-0.7,
                    experiencers=(Experiencer("c1", ExperienceHow.PREDICATE),),
                    chapter=1,
                ),
            ),
            arcs=(
                EmotionArc("c1", chapters=(point,), segments=(point,), overall=point, dominant=("sadness",)),
            ),
        ),
        profiles=(
            Profile(
                "c1",
                agent=(ProfileItem("cry", 1, ((2, 7),)),),
                descriptors=(ProfileItem("tired", 1, ((0, 1),), DescriptorKind.ADJECTIVE),),
            ),
        ),
        interactions=Interactions(
            edges=(Interaction("c1", "c2", InteractionType.SPEAKS_TO, 2.0, 2, None, ((0, 8),)),),
            by_chapter=(Interaction("c1", "c2", InteractionType.SPEAKS_TO, 2.0, 2, 1, ((0, 8),)),),
        ),
        relationships=Relationships(
            pairs=(
                Relationship(
                    characters=("c1", "c2"),
                    rank=1,
                    strength=1.0,
                    tone=Tone(affection=0.5, romance=0.25),
                    cues=(Cue(ToneKind.ROMANCE, "kiss", 9, 13),),
                    tag="A/B",
                    tagged="romantic",
                    borne_out=True,
                ),
            ),
            unmatched_tags=("X & Y",),
            untagged_strong=(("c1", "c3"),),
        ),
        pov=Pov(
            person=NarrativePerson.FIRST,
            person_counts={"first": 2, "second": 0, "third": 1},
            narrator="c1",
            scenes=(ScenePov(0, 20, "c1", 0.8, NarrativePerson.FIRST, None),),
        ),
        tense=TenseReport(
            dominant=Tense.PAST,
            paragraphs=(ParagraphTense(0, 20, Tense.MIXED, 1, 1),),
            shifts=(TenseShift(12, 18, Tense.PAST, Tense.PRESENT, (0, 20), False),),
        ),
    )


def test_inner_round_trip_through_json() -> None:
    analysis = _analysis()
    data = json.loads(json.dumps(to_jsonable(analysis)))
    assert data["pov"]["scenes"][0]["person"] == "first"
    assert data["relationships"]["pairs"][0]["tone"]["romance"] == 0.25
    assert from_jsonable(StoryAnalysis, data) == analysis


def test_analysis_without_inner_life_loads_with_empty_defaults() -> None:
    data = to_jsonable(_analysis())
    for key in ("emotions", "profiles", "interactions", "relationships", "pov", "tense"):
        del data[key]
    loaded = from_jsonable(StoryAnalysis, data)
    assert loaded.emotions == Emotions()
    assert loaded.profiles == ()
    assert loaded.pov.person is None
    assert loaded.tense.dominant is Tense.NONE

"""Typed, frozen data classes: what ficlens reads (Story) and what it finds (StoryAnalysis)."""

from ficlens.datamodel.analysis import SCHEMA, ModelRecord, StoryAnalysis
from ficlens.datamodel.cast import Alias, Character, Entity, EntityType, Mention, MentionCounts, MentionKind
from ficlens.datamodel.dialogue import AttributionType, Quote, QuoteKind
from ficlens.datamodel.story import (
    Chapter,
    Metadata,
    Note,
    NoteKind,
    Paragraph,
    RelationshipKind,
    RelationshipTag,
    SceneBreak,
    Series,
    Source,
    SourceFormat,
    Story,
    Styled,
    StyleKind,
)

__all__ = [
    "SCHEMA",
    "Alias",
    "AttributionType",
    "Chapter",
    "Character",
    "Entity",
    "EntityType",
    "Mention",
    "MentionCounts",
    "MentionKind",
    "Metadata",
    "ModelRecord",
    "Note",
    "NoteKind",
    "Paragraph",
    "Quote",
    "QuoteKind",
    "RelationshipKind",
    "RelationshipTag",
    "SceneBreak",
    "Series",
    "Source",
    "SourceFormat",
    "Story",
    "StoryAnalysis",
    "StyleKind",
    "Styled",
]

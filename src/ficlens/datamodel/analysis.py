"""The whole analysis of one story, as written to ``ficlens.analysis/1`` JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.datamodel.cast import Character, Entity, Mention, MinorCharacter
from ficlens.datamodel.dialogue import Quote
from ficlens.datamodel.inner import (
    Act,
    Emotions,
    Interactions,
    KinshipCue,
    Pov,
    Profile,
    Relationships,
    TenseReport,
)
from ficlens.datamodel.story import Chapter, Metadata, Note, Paragraph, SceneBreak, Source, Styled

SCHEMA = "ficlens.analysis/1"


@dataclass(frozen=True, slots=True)
class ModelRecord:
    """A trained model behind an analysis: name, version and SHA-256 of its weights file."""

    name: str
    version: str
    sha256: str


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    source: Source
    metadata: Metadata
    text: str
    notes: tuple[Note, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    scene_breaks: tuple[SceneBreak, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    styled: tuple[Styled, ...] = ()
    characters: tuple[Character, ...] = ()  # the main cast
    # names held out of the main cast on too little person evidence; empty in older analyses
    minor_characters: tuple[MinorCharacter, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    warnings: tuple[str, ...] = ()
    ficlens_version: str = ""
    schema: str = field(default=SCHEMA)
    # Inner life (see datamodel/inner.py); empty until the inner-life layer has run.
    emotions: Emotions = field(default_factory=Emotions)
    profiles: tuple[Profile, ...] = ()
    interactions: Interactions = field(default_factory=Interactions)
    relationships: Relationships = field(default_factory=Relationships)
    pov: Pov = field(default_factory=Pov)
    tense: TenseReport = field(default_factory=TenseReport)
    # What the parse found between characters; interactions and relationships are computed from these and
    # the fields above (``ficlens.analysis.derive``). Analyses saved before they existed load them empty.
    acts: tuple[Act, ...] = ()
    kinship: tuple[KinshipCue, ...] = ()
    # Which entity models produced this analysis (``--model fast|accurate``); empty in older analyses.
    models: tuple[ModelRecord, ...] = ()

    def character(self, character_id: str) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def _repr_html_(self) -> str | None:
        """The report's compact view in a notebook (None, the plain repr, when no view is set)."""
        from ficlens import display

        return None if display.analysis_html is None else display.analysis_html(self)

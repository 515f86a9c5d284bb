"""The whole analysis of one story, as written to ``ficlens.analysis/1`` JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.datamodel.cast import Character, Entity, Mention
from ficlens.datamodel.dialogue import Quote
from ficlens.datamodel.story import Chapter, Metadata, Note, Paragraph, SceneBreak, Source, Styled

SCHEMA = "ficlens.analysis/1"


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
    characters: tuple[Character, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    warnings: tuple[str, ...] = ()
    ficlens_version: str = ""
    schema: str = field(default=SCHEMA)

    def character(self, character_id: str) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def _repr_html_(self) -> str:
        from ficlens.report import render_compact

        return render_compact(self)

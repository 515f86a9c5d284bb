"""Doc -> StoryAnalysis: gather what each pipeline stage found into the typed, serialisable result."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ficlens import __version__
from ficlens.analysis.derive import derive
from ficlens.datamodel import StoryAnalysis

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel import Story


def build_analysis(story: Story, doc: Doc) -> StoryAnalysis:
    analysis = StoryAnalysis(
        source=story.source,
        metadata=story.metadata,
        text=story.text,
        notes=story.notes,
        chapters=story.chapters,
        scene_breaks=story.scene_breaks,
        paragraphs=story.paragraphs,
        styled=story.styled,
        warnings=story.warnings,
        ficlens_version=__version__,
    )
    if doc._.ficlens_coref is not None:
        from ficlens.pipeline.coref import collect as collect_cast

        characters, mentions, entities = collect_cast(doc)
        analysis = replace(analysis, characters=characters, mentions=mentions, entities=entities)
    if doc._.ficlens_quotes is not None:
        from ficlens.pipeline.quotes import collect as collect_quotes

        analysis = replace(analysis, quotes=collect_quotes(doc))
    if doc._.ficlens_inner is not None:
        from ficlens.pipeline.inner import collect as collect_inner

        analysis = collect_inner(doc, analysis)
    return derive(analysis)

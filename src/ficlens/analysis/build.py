"""Doc -> StoryAnalysis: gather what each pipeline stage found into the typed, serialisable result.

Everything is read from the Doc's plain-data hand-offs (``ficlens.pipeline.docdata``), so a Doc saved
with ``DocBin`` (or sent from a worker process) builds the same analysis as the Doc that was run.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ficlens.analysis.derive import derive
from ficlens.datamodel import StoryAnalysis
from ficlens.version import __version__

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel import Story


def build_analysis(story: Story | None, doc: Doc) -> StoryAnalysis:
    """The analysis of ``doc``; ``story`` defaults to the Story the runner put on the Doc."""
    from ficlens.pipeline.docdata import get_story

    if story is None:
        story = get_story(doc)
        if story is None:
            raise ValueError(
                "the Doc carries no Story (doc._.ficlens_story): run it through ficlens's runner"
            )
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
        from ficlens.pipeline.characters.cast import minor_characters
        from ficlens.pipeline.coref import collect as collect_cast

        characters, mentions, entities = collect_cast(doc)
        analysis = replace(
            analysis,
            characters=characters,
            mentions=mentions,
            entities=entities,
            minor_characters=minor_characters(doc),
        )
    if doc._.ficlens_quotes is not None:
        from ficlens.pipeline.quotes import collect as collect_quotes

        analysis = replace(analysis, quotes=collect_quotes(doc))
    if doc._.ficlens_inner is not None:
        from ficlens.pipeline.inner import collect as collect_inner

        analysis = collect_inner(doc, analysis)
    return derive(analysis)

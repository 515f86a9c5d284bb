"""The Python API behind ``ficlens.analyze``: read a story, run the pipeline, build the analysis."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficlens.datamodel import Story, StoryAnalysis
    from ficlens.pipeline.run import Progress


def load_story(source: str | Path) -> Story:
    from ficlens.ingest import read_story, story_from_text

    if isinstance(source, Path):
        return read_story(source)
    if "\n" not in source and len(source) < 4096:
        try:
            candidate = Path(source)
            if candidate.exists():
                return read_story(candidate)
        except OSError:
            pass
    return story_from_text(source)


def analyze_story(
    story: Story, *, cast: Path | None = None, progress: Progress | None = None
) -> StoryAnalysis:
    from ficlens.analysis.build import build_analysis
    from ficlens.pipeline.run import load_pipeline, read_options

    pipeline = load_pipeline()
    doc = pipeline.process(story, options=read_options(cast=cast), progress=progress)
    return build_analysis(story, doc)


def analyze(
    source: str | Path, *, cast: Path | None = None, progress: Progress | None = None
) -> StoryAnalysis:
    """Analyse a story given as a path or as its text (see ``ficlens.analyze``)."""
    return analyze_story(load_story(source), cast=cast, progress=progress)

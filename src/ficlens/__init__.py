"""ficlens: what is going on in every character's head, read from fan fiction and any English fiction.

``import ficlens`` is cheap: spaCy and the models load only when a story is analysed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ficlens import display
from ficlens.version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from ficlens.datamodel import StoryAnalysis


def analyze(source: str | Path, **options: object) -> StoryAnalysis:
    """Analyse a story: a path to a file in any supported format, or the story's text itself.

    A ``str`` that names an existing file is read as that file; any other ``str`` is the text of a story.
    """
    from ficlens.analysis.run import analyze as _analyze

    return _analyze(source, **options)  # type: ignore[arg-type]


def _compact_view(analysis: StoryAnalysis) -> str:
    from ficlens.report import render_compact

    return render_compact(analysis)


display.analysis_html = _compact_view  # how notebooks show an analysis (see ficlens.display)

__all__ = ["__version__", "analyze"]

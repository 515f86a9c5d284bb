"""ficlens: what is going on in every character's head, read from fan fiction and any English fiction.

``import ficlens`` is cheap: spaCy and the models load only when a story is analysed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ficlens import display
from ficlens.version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from ficlens.datamodel import Story, StoryAnalysis


def analyze(source: str | Path | Story, **options: object) -> StoryAnalysis:
    """Analyse a story file (a ``Path``, or a ``str`` naming one) or a ``Story``; ``analysis.characters``
    comes most prominent first. For a story's text use ``analyze_text``.

    Raises ``FileNotFoundError`` (no such file), ``IsADirectoryError``, ``ValueError`` (a ``str`` that is
    not a path, e.g. holds a line break), ``TypeError`` (not a path or a Story) and
    ``ficlens.errors.InputError`` (a file ficlens cannot read: empty, binary, malformed, over a limit).
    Options: ``cast`` (a YAML cast file), ``max_chars`` (default 10,000,000), ``progress``, ``model``
    (``"accurate"``, the default: the fine-tuned transformer entity recogniser, or ``"fast"``) and
    ``threads`` (CPU cores for a long story: its 20,000-character chunks are parsed in that many processes
    at once, this one and forked workers; the analysis is the same as with one).
    """
    from ficlens.analysis.run import analyze as _analyze

    return _analyze(source, **options)  # type: ignore[arg-type]


def analyze_text(text: str, **options: object) -> StoryAnalysis:
    """Analyse the text of a story (plain text, Markdown, or the HTML of a supported page).

    Raises ``TypeError`` if ``text`` is not a ``str`` and ``ficlens.errors.InputError`` if it holds no
    story (empty, over a limit). Lone surrogates are replaced by U+FFFD, with a warning in
    ``analysis.warnings``. Options as for ``analyze``.
    """
    from ficlens.analysis.run import analyze_text as _analyze_text

    return _analyze_text(text, **options)  # type: ignore[arg-type]


def _compact_view(analysis: StoryAnalysis) -> str:
    from ficlens.report import render_compact

    return render_compact(analysis)


display.analysis_html = _compact_view  # how notebooks show an analysis (see ficlens.display)

__all__ = ["__version__", "analyze", "analyze_text"]

"""The Python API behind ``ficlens.analyze`` and ``ficlens.analyze_text``: read, run the pipeline, build.

What each accepts, and the typed errors (documented in the README's Python section):

- ``analyze(Path | str | Story)``: a ``str`` is always a path, never a story's text (a typo in a file name
  must not be analysed as a nine-character story). A path that does not exist raises ``FileNotFoundError``
  (with a hint to ``analyze_text`` for text), a folder ``IsADirectoryError``, a ``str`` holding a line break
  ``ValueError``; anything else (``None``, ``bytes``) ``TypeError``.
- ``analyze_text(str)``: the text of a story; ``TypeError`` if it is not a ``str``. Lone surrogates are
  repaired (U+FFFD) with a warning in ``analysis.warnings``.
- A file or text ficlens cannot read (empty, binary, unsupported, malformed, over a limit) raises
  ``ficlens.errors.InputError`` (a ``FiclensError``), whose message is ``PATH: reason``.
"""

from __future__ import annotations

import errno
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ficlens.ingest.limits import MAX_CHARS
from ficlens.pipeline.run import DEFAULT_MODEL

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ficlens.datamodel import Story, StoryAnalysis
    from ficlens.pipeline.run import Progress

_TEXT_HINT = "to analyse a story's text, call ficlens.analyze_text(text)"


def _as_path(source: str | Path) -> Path:
    if isinstance(source, str):
        if "\n" in source or "\r" in source or "\x00" in source:
            raise ValueError(f"analyze() takes a path or a Story, and this str is not a path; {_TEXT_HINT}")
        if not source.strip():
            raise FileNotFoundError(errno.ENOENT, f"empty path; {_TEXT_HINT}", source)
    path = Path(source)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as err:  # a name too long for the OS is no file either
        raise FileNotFoundError(
            errno.ENOENT, f"no such file ({err.strerror}); {_TEXT_HINT}", str(source)
        ) from None
    if not exists:
        raise FileNotFoundError(errno.ENOENT, f"no such file; {_TEXT_HINT}", str(source))
    if is_dir:
        raise IsADirectoryError(
            errno.EISDIR, "a folder, not a story file (the CLI takes folders)", str(source)
        )
    return path


def load_story(source: str | Path | Story, *, max_chars: int = MAX_CHARS) -> Story:
    """The ``Story`` ``analyze`` would analyse: a Story as it is, a path (``Path`` or ``str``) read."""
    from ficlens.datamodel import Story
    from ficlens.ingest import read_story

    if isinstance(source, Story):
        return source
    if isinstance(source, str | Path):
        return read_story(_as_path(source), max_chars=max_chars)
    raise TypeError(
        f"analyze() takes a path, a Story or text (through analyze_text), not {type(source).__name__}"
    )


def analyze_story(
    story: Story,
    *,
    cast: Path | str | None = None,
    progress: Progress | None = None,
    model: str = DEFAULT_MODEL,
    threads: int = 1,
) -> StoryAnalysis:
    """Run the pipeline on a ``Story``; ``analysis.characters`` comes most prominent first. With ``threads``
    > 1 the chunks of a long story (over 20,000 characters) are parsed in that many processes at once (this
    one and ``threads - 1`` forked from it), each on one thread; the analysis is the same."""
    from ficlens.analysis.build import build_analysis
    from ficlens.pipeline.run import load_pipeline, model_records, read_options

    pipeline = load_pipeline(model=model)
    doc = pipeline.process(
        story,
        options=read_options(cast=None if cast is None else Path(cast)),
        progress=progress,
        workers=threads,
    )
    return _most_prominent_first(replace(build_analysis(story, doc), models=model_records(pipeline.nlp)))


def _most_prominent_first(analysis: StoryAnalysis) -> StoryAnalysis:
    ranked = tuple(sorted(analysis.characters, key=lambda c: (c.prominence, c.id)))
    return replace(analysis, characters=ranked) if ranked != analysis.characters else analysis


def analyze_stories(
    stories: Iterable[Story],
    *,
    cast: Path | str | None = None,
    processes: int = 1,
    model: str = DEFAULT_MODEL,
) -> Iterator[StoryAnalysis]:
    """The analyses of ``stories``, in order, as ``analyze_story`` makes them; with ``processes`` > 1 the
    pipeline runs in that many worker processes (``nlp.pipe(..., n_process=processes)``), the chunks of a
    long work spread over them too (so it takes no ``threads``: the processes already spread the chunks)."""
    from ficlens.analysis.build import build_analysis
    from ficlens.pipeline.run import load_pipeline, model_records, read_options

    pipeline = load_pipeline(model=model)
    options = read_options(cast=None if cast is None else Path(cast))
    models = model_records(pipeline.nlp)
    for doc in pipeline.process_many(stories, options=options, n_process=processes):
        yield _most_prominent_first(replace(build_analysis(None, doc), models=models))


def analyze(
    source: str | Path | Story,
    *,
    cast: Path | str | None = None,
    max_chars: int = MAX_CHARS,
    progress: Progress | None = None,
    model: str = DEFAULT_MODEL,
    threads: int = 1,
) -> StoryAnalysis:
    """Analyse a story file (``Path`` or ``str`` path) or a ``Story`` (see ``ficlens.analyze``); ``model``
    is ``fast`` or ``accurate`` (the fine-tuned transformer entity recogniser); ``threads`` > 1 parses the
    chunks of a long story in that many processes at once (see ``analyze_story``)."""
    return analyze_story(
        load_story(source, max_chars=max_chars), cast=cast, progress=progress, model=model, threads=threads
    )


def analyze_text(
    text: str,
    *,
    cast: Path | str | None = None,
    max_chars: int = MAX_CHARS,
    progress: Progress | None = None,
    model: str = DEFAULT_MODEL,
    threads: int = 1,
) -> StoryAnalysis:
    """Analyse the text of a story (plain text, Markdown or one of the HTML kinds, recognised by content)."""
    from ficlens.ingest import story_from_text

    if not isinstance(text, str):
        raise TypeError(f"analyze_text() takes the story's text as a str, not {type(text).__name__}")
    return analyze_story(
        story_from_text(text, max_chars=max_chars), cast=cast, progress=progress, model=model, threads=threads
    )

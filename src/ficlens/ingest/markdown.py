"""Markdown stories: plain text, with ``#`` headings as chapters, ``*emphasis*`` as styles, ``---`` as breaks.

The text is kept unchanged (markup characters included) so offsets index the file.
"""

from __future__ import annotations

from ficlens.datamodel import Story
from ficlens.ingest.text import parse_plain


def parse_markdown(
    text: str, *, path: str | None = None, sha256: str | None = None, warnings: tuple[str, ...] = ()
) -> Story:
    return parse_plain(text, path=path, sha256=sha256, markdown=True, warnings=warnings)

"""Paragraphs of a plain-text story: blank-line separated blocks, or single lines where a text puts one
paragraph on each line with no blank line between them."""

from __future__ import annotations

import re
from collections.abc import Callable

from ficlens.ingest.scenes import iter_lines

Span = tuple[int, int]

# A wrapped line ends mid-sentence; a paragraph's last line ends with one of these.
_PARAGRAPH_END = re.compile(r"[.!?\"”’'…)\]—–:*_~]\s*$")


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def line_blocks(text: str) -> list[list[Span]]:
    """Groups of consecutive non-blank lines (each line stripped of surrounding spaces)."""
    blocks: list[list[Span]] = []
    current: list[Span] = []
    for start, end in iter_lines(text):
        s, e = _strip(text, start, end)
        if s == e:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append((s, e))
    if current:
        blocks.append(current)
    return blocks


def uses_line_paragraphs(text: str, blocks: list[list[Span]] | None = None) -> bool:
    """True when each non-blank line is a paragraph (lines not wrapped, few blank lines between them)."""
    blocks = line_blocks(text) if blocks is None else blocks
    inner = [line for block in blocks for line in block[:-1]]
    if not inner:
        return False
    nonempty = sum(len(block) for block in blocks)
    if len(blocks) >= nonempty * 0.5:
        return False
    ended = sum(1 for s, e in inner if _PARAGRAPH_END.search(text, s, e))
    return ended / len(inner) > 0.5


def paragraph_units(text: str, *, is_own_line: Callable[[str], bool] | None = None) -> list[Span]:
    """Every paragraph-like unit of ``text`` in order (stripped spans).

    In block mode a line for which ``is_own_line`` is true (a scene break, a chapter heading) is split out of
    its block and becomes a unit of its own.
    """
    blocks = line_blocks(text)
    if uses_line_paragraphs(text, blocks):
        return [line for block in blocks for line in block]
    units: list[Span] = []
    for block in blocks:
        run: list[Span] = []
        for line in block:
            if is_own_line is not None and is_own_line(text[line[0] : line[1]]):
                if run:
                    units.append((run[0][0], run[-1][1]))
                    run = []
                units.append(line)
            else:
                run.append(line)
        if run:
            units.append((run[0][0], run[-1][1]))
    return units

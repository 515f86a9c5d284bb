"""Scene-break lines: ``***``, ``* * *``, ``~~~``, ``oOo``, ``-x-``, ``///``, ``---``, a lone symbol."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ficlens.datamodel import SceneBreak

# Symbols writers put on a line of their own between scenes.
_SYMBOLS = frozenset("*~-_=#+•·◦°○●◆◇■□♦♥♣♠❖§¶/\\|:<>^†‡✦✧★☆⁂❦❧※¤×=")
# A lone one of these on a line is prose (a trailing-off line, a dash of interrupted speech), not a break.
_NOT_ALONE = frozenset("-–—.…/|:\\<>^_")
_RING_LETTERS = frozenset("oOxX0")
_ALTERNATING = re.compile(r"^(?:[oO0]+|[xX]+)$")
_HR_TAG = re.compile(r"^<hr\s*/?>$", re.IGNORECASE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def is_break_marker(line: str) -> bool:
    """True when ``line`` (one line, surrounding spaces allowed) is a scene-break marker."""
    s = line.strip()
    if not s or len(s) > 40:
        return False
    if _HR_TAG.match(s):
        return True
    chars = s.replace(" ", "").replace("\t", "").replace("\u00a0", "")
    if not chars:
        return False
    letters = [c for c in chars if c.isalpha() or c.isdigit()]
    symbols = [c for c in chars if c in _SYMBOLS or c in "–—.…"]
    if len(letters) + len(symbols) != len(chars) or any(c not in _RING_LETTERS for c in letters):
        return False
    if not symbols:
        # "oOo", "OoO", "xXx": both cases, at least three letters (a lone "xxx" is a kiss, "ooo" a sound).
        return (
            len(chars) >= 3
            and _ALTERNATING.match(chars) is not None
            and chars.lower() != chars
            and chars.upper() != chars
        )
    if letters and len(letters) > len(symbols) + 1:
        return False
    if all(c in "–—.…" for c in chars):
        # Ellipses and dash lines are speech that trails off or breaks, unless long ("———").
        return len(chars) >= 3 and all(c in "–—" for c in chars)
    if len(chars) == 1:
        return chars not in _NOT_ALONE
    # "--" and ".." are punctuation; a pair of other symbols ("**", "~~") is a break.
    return bool(letters) or len(chars) != 2 or chars[0] not in _NOT_ALONE


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each line in ``text[start:end]``, without its line ending."""
    stop = len(text) if end is None else end
    for m in _LINE.finditer(text, start, stop):
        if m.start() == m.end():
            if m.start() >= stop:
                break
            continue
        line_end = m.end()
        while line_end > m.start() and text[line_end - 1] in "\r\n":
            line_end -= 1
        yield m.start(), line_end
        if m.end() >= stop:
            break


def find_scene_breaks(text: str, *, skip: list[tuple[int, int]] | None = None) -> list[SceneBreak]:
    """Every scene-break line in ``text`` not inside ``skip`` ranges; offsets cover the marker itself."""
    found: list[SceneBreak] = []
    for line_start, line_end in iter_lines(text):
        line = text[line_start:line_end]
        if not is_break_marker(line):
            continue
        lead = len(line) - len(line.lstrip())
        start = line_start + lead
        end = line_start + len(line.rstrip())
        if skip and any(a <= start < b for a, b in skip):
            continue
        found.append(SceneBreak(start=start, end=end, marker=text[start:end]))
    return found

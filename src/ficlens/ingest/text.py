"""Plain-text (and Markdown) stories. ``Story.text`` is the decoded file content, unchanged."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ficlens.datamodel import (
    Chapter,
    Metadata,
    Paragraph,
    SceneBreak,
    Source,
    SourceFormat,
    Story,
    Styled,
    StyleKind,
)
from ficlens.ingest.header import Header, find_header
from ficlens.ingest.notes import find_notes
from ficlens.ingest.paragraphs import Span, paragraph_units
from ficlens.ingest.scenes import is_break_marker

_WORD_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|first|second|"
    "third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final"
)
_NUMBER = rf"(?:\d+|[IVXLCDM]+|(?:{_WORD_NUMBERS})(?:[\s-](?:{_WORD_NUMBERS}))*)"
_HEADING = re.compile(
    rf"^(?:(?:chapter|chap\.|ch\.|part|book)\s+{_NUMBER}\.?"
    r"|prologue|epilogue|interlude|afterword|foreword)"
    r"(?:\s*[:.\-–—]+\s*(?P<title>\S.*?)?|\s+(?P<bare>[A-Z\"“'‘(].*?))?\s*$",
    re.IGNORECASE,
)
_ATX = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<title>.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_MAX_HEADING = 100
_EMPHASIS = (
    (re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1"), StyleKind.BOLD),
    (re.compile(r"(?<![*\w\\])(\*)(?=[^\s*])([^\n*]+?)(?<=[^\s*])\*(?!\*)"), StyleKind.ITALIC),
    (re.compile(r"(?<![_\w\\])(_)(?=[^\s_])([^\n_]+?)(?<=[^\s_])_(?![_\w])"), StyleKind.ITALIC),
)


@dataclass(frozen=True, slots=True)
class Heading:
    unit: int
    title: str | None
    level: int = 0  # Markdown heading level; 0 for "Chapter 3" style lines


def chapter_heading(line: str) -> str | bool | None:
    """False when ``line`` is not a chapter heading, else its title (None when it has none)."""
    s = line.strip()
    if not s or len(s) > _MAX_HEADING:
        return False
    m = _HEADING.match(s)
    if m is None:
        return False
    bare = m.group("bare")
    if bare is not None and s[-1] in ".!?,;" and not bare.endswith(("”", '"')):
        return False  # "Part Two was harder." is a sentence
    title = m.group("title") or bare
    keyword = s.split()[0].rstrip(":.").lower()
    if keyword in {"prologue", "epilogue", "interlude", "afterword", "foreword"} and not title:
        return s.rstrip(":.")
    return title.strip() if title else None


def _md_title(raw: str) -> str | None:
    """ "Chapter 1: Frost" -> "Frost"; "Chapter 2" -> None; "The Thaw" stays."""
    raw = raw.strip()
    if not raw:
        return None
    title = chapter_heading(raw)
    if title is False:
        return raw
    return title if isinstance(title, str) else None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _headings(text: str, units: list[Span], *, markdown: bool) -> tuple[list[Heading], set[int], str | None]:
    """Chapter headings (by unit index), setext underline units to drop, and a Markdown document title."""
    found: list[Heading] = []
    underlines: set[int] = set()
    for i, (start, end) in enumerate(units):
        line = text[start:end]
        if markdown:
            m = _ATX.match(line) if "\n" not in line else None
            if m is not None:
                found.append(Heading(i, _md_title(m.group("title")), len(m.group("hashes"))))
                continue
            if (
                i + 1 < len(units)
                and _SETEXT.match(text[units[i + 1][0] : units[i + 1][1]])
                and text[end : units[i + 1][0]].count("\n") == 1
                and "\n" not in line
            ):
                level = 1 if "=" in text[units[i + 1][0] : units[i + 1][1]] else 2
                found.append(Heading(i, _md_title(line), level))
                underlines.add(i + 1)
                continue
        if "\n" in line or "\r" in line:
            continue
        title = chapter_heading(line)
        if title is not False:
            found.append(Heading(i, title if isinstance(title, str) else None, 0))
    doc_title: str | None = None
    if markdown:
        md = [h for h in found if h.level > 0]
        top = [h for h in md if h.level == 1]
        if len(top) == 1 and md and md[0] is top[0] and len(md) > 1:
            doc_title = text[units[top[0].unit][0] : units[top[0].unit][1]].strip().lstrip("#").strip()
            found = [h for h in found if h is not top[0]]
        levels = [h.level for h in found if h.level > 0]
        if levels:
            chapter_level = min(levels)
            found = [h for h in found if h.level in (0, chapter_level)]
    return found, underlines, doc_title


def _styled(text: str, skip: list[Span]) -> list[Styled]:
    runs: list[Styled] = []
    for pattern, kind in _EMPHASIS:
        for m in pattern.finditer(text):
            start, end = m.start(2), m.end(2)
            if not any(ch.isalnum() for ch in m.group(2)):
                continue
            if any(a <= start < b for a, b in skip):
                continue
            inside_bold = any(r.kind is StyleKind.BOLD and r.start <= start < r.end for r in runs)
            touches_star = text[m.start() - 1 : m.start()] == "*" or text[m.end() : m.end() + 1] == "*"
            if kind is StyleKind.ITALIC and inside_bold and touches_star:
                continue
            runs.append(Styled(kind, start, end))
    return sorted(runs, key=lambda r: (r.start, r.end))


def _metadata(header: Header, doc_title: str | None, headings: int) -> Metadata:
    status = (header.first("status") or "").lower()
    chapters = header.number("chapters") or headings or None
    return Metadata(
        title=header.first("title") or doc_title,
        authors=header.items("authors"),
        fandoms=header.items("fandoms"),
        rating=header.first("rating"),
        warnings=header.items("warnings"),
        categories=header.items("categories"),
        relationships=header.relationships(),
        characters=header.characters(),
        tags=header.items("tags"),
        language=header.first("language"),
        summary=header.first("summary"),
        stated_words=header.number("words"),
        chapters=chapters,
        chapters_planned=chapters if status.startswith("complete") else None,
        published=header.date("published"),
        updated=header.date("updated"),
        completed=header.date("completed"),
        url=header.first("url"),
    )


def parse_plain(
    text: str,
    *,
    path: str | None = None,
    sha256: str | None = None,
    markdown: bool = False,
    warnings: tuple[str, ...] = (),
) -> Story:
    """Build a Story from plain text (or Markdown) without changing a character of ``text``."""

    def own_line(line: str) -> bool:
        s = line.strip()
        if is_break_marker(s) or chapter_heading(s) is not False:
            return True
        return markdown and (_ATX.match(s) is not None or _SETEXT.match(s) is not None)

    units = paragraph_units(text, is_own_line=own_line)
    headings, underlines, doc_title = _headings(text, units, markdown=markdown)
    heading_units = {h.unit for h in headings}
    break_units = [
        i
        for i, (s, e) in enumerate(units)
        if i not in heading_units
        and i not in underlines
        and "\n" not in text[s:e]
        and is_break_marker(text[s:e])
    ]
    header = find_header(text, units)
    skip = header.units
    notes = header.notes + find_notes(
        text,
        units[skip:],
        headings=[i - skip for i in sorted(heading_units) if i >= skip],
        breaks=[i - skip for i in break_units if i >= skip],
    )
    note_spans = [(n.start, n.end) for n in notes]

    def in_note(span: Span) -> bool:
        return any(a < span[1] and span[0] < b for a, b in note_spans)

    scene_breaks = tuple(
        SceneBreak(units[i][0], units[i][1], text[units[i][0] : units[i][1]])
        for i in break_units
        if not in_note(units[i])
    )
    break_set = set(break_units)
    paragraphs = tuple(
        Paragraph(s, e)
        for i, (s, e) in enumerate(units)
        if i not in break_set and i not in underlines and not in_note((s, e))
    )

    chapters: list[Chapter] = []
    text_end = len(text.rstrip())
    for n, heading in enumerate(headings):
        start = units[heading.unit][0]
        if n + 1 < len(headings):
            end = units[headings[n + 1].unit][0]
            while end > start and text[end - 1].isspace():
                end -= 1
        else:
            end = text_end
        chapters.append(Chapter(n + 1, heading.title, start, end))
    if not chapters and units:
        chapters.append(Chapter(1, None, units[0][0], text_end))

    fmt = SourceFormat.MARKDOWN if markdown else SourceFormat.TEXT
    return Story(
        text=text,
        source=Source(path, fmt, sha256 or _sha(text)),
        metadata=_metadata(header, doc_title, len(headings)),
        chapters=tuple(chapters),
        notes=tuple(notes),
        scene_breaks=scene_breaks,
        paragraphs=paragraphs,
        styled=tuple(_styled(text, note_spans)),
        warnings=warnings,
    )

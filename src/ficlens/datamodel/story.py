"""What a reader hands to the pipeline: one story, its metadata, and where its parts are.

Every offset is a character offset into ``Story.text``, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SourceFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    AO3_HTML = "ao3_html"
    AO3_EPUB = "ao3_epub"
    AO3_PAGE = "ao3_page"
    FFN_HTML = "ffn_html"


class NoteKind(StrEnum):
    AUTHOR_NOTE = "author_note"
    DISCLAIMER = "disclaimer"
    SUMMARY = "summary"
    WORK_NOTES = "work_notes"
    CHAPTER_SUMMARY = "chapter_summary"
    CHAPTER_NOTES = "chapter_notes"
    CHAPTER_END_NOTES = "chapter_end_notes"
    END_NOTES = "end_notes"


class RelationshipKind(StrEnum):
    ROMANTIC = "romantic"  # AO3 "A/B"
    PLATONIC = "platonic"  # AO3 "A & B"


@dataclass(frozen=True, slots=True)
class Source:
    path: str | None
    format: SourceFormat
    sha256: str


@dataclass(frozen=True, slots=True)
class RelationshipTag:
    tag: str
    kind: RelationshipKind
    characters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    part: int | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    relationships: tuple[RelationshipTag, ...] = ()
    characters: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    summary: str | None = None
    words: int | None = None  # ficlens's own count of the prose, by AO3's rule (ingest/words.py)
    chapters: int | None = None
    chapters_planned: int | None = None  # None for "?" (a work in progress)
    published: str | None = None  # ISO date
    updated: str | None = None
    completed: str | None = None
    series: tuple[Series, ...] = ()
    url: str | None = None
    stated_words: int | None = None  # the count the source states (AO3's stats line, a "Words:" header)


@dataclass(frozen=True, slots=True)
class Chapter:
    index: int  # 1-based
    title: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Note:
    """An author's note, disclaimer, summary or end note.

    ``in_text`` notes (plain-text stories) cover ``text[start:end]`` and are left out of the analysis.
    Notes that a download keeps apart from the prose (AO3 notes blocks) have ``start == end``: the point
    in the text where they stand (a chapter's start or end); their words are in ``text``.
    """

    kind: NoteKind
    start: int
    end: int
    text: str
    in_text: bool
    chapter: int | None = None


@dataclass(frozen=True, slots=True)
class SceneBreak:
    start: int
    end: int
    marker: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


class StyleKind(StrEnum):
    ITALIC = "italic"
    BOLD = "bold"
    CENTERED = "centered"
    STRIKE = "strike"


@dataclass(frozen=True, slots=True)
class Styled:
    """A run of text set apart by markup (italics hold thoughts, texts and letters in fan fiction)."""

    kind: StyleKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Story:
    text: str
    source: Source
    metadata: Metadata = field(default_factory=Metadata)
    chapters: tuple[Chapter, ...] = ()
    notes: tuple[Note, ...] = ()
    scene_breaks: tuple[SceneBreak, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    styled: tuple[Styled, ...] = ()
    warnings: tuple[str, ...] = ()

    def prose_ranges(self) -> list[tuple[int, int]]:
        """The parts of ``text`` that are story prose: everything but in-text notes and scene-break lines."""
        cut = sorted(
            [(n.start, n.end) for n in self.notes if n.in_text and n.end > n.start]
            + [(b.start, b.end) for b in self.scene_breaks if b.end > b.start]
        )
        ranges: list[tuple[int, int]] = []
        pos = 0
        for start, end in cut:
            if start > pos:
                ranges.append((pos, start))
            pos = max(pos, end)
        if pos < len(self.text):
            ranges.append((pos, len(self.text)))
        return ranges

    def prose_text(self) -> str:
        """``text`` with every non-prose character blanked (newlines kept), so offsets stay the same."""
        chars = list(self.text)
        prose = self.prose_ranges()
        keep = [False] * len(chars)
        for start, end in prose:
            keep[start:end] = [True] * (end - start)
        return "".join(c if k or c == "\n" else " " for c, k in zip(chars, keep, strict=True))

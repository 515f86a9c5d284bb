"""What the AO3 readers share: tag labels, stats, relationship tags, and the preface/chapters walker used by
the "Download → HTML" reader and the EPUB reader (whose Calibre markup renames every class, so the walker goes
by the labels AO3 prints — "Summary", "Chapter Notes", "Chapter 1: ..." — more than by classes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ficlens.datamodel import NoteKind, RelationshipKind, RelationshipTag, Series
from ficlens.ingest.htmlprose import ProseBuilder, attr, classes, inline_text, is_centered, plain_text

_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_CHAPTER_HEADING = re.compile(r"^\s*Chapter\s+(\d+)\s*(?:[:.\-–—]\s*(?P<title>.*\S))?\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"[\d][\d,.\u00a0\u202f' ]*")

NOTE_LABELS = {
    "summary": NoteKind.SUMMARY,
    "notes": NoteKind.WORK_NOTES,
    "chapter summary": NoteKind.CHAPTER_SUMMARY,
    "chapter notes": NoteKind.CHAPTER_NOTES,
    "chapter end notes": NoteKind.CHAPTER_END_NOTES,
    "end notes": NoteKind.END_NOTES,
}
_SKIP_PREFIXES = (
    "posted originally on the archive of our own",
    "please drop by the archive",
    "see the end of the work for",
    "see the end of the chapter for",
    "(see the end of the",
)

# AO3's fixed tag vocabularies, used to label the unlabelled dc:subject tags of an EPUB.
RATINGS = frozenset(
    {"General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"},
)
ARCHIVE_WARNINGS = frozenset(
    {
        "No Archive Warnings Apply",
        "Creator Chose Not To Use Archive Warnings",
        "Choose Not To Use Archive Warnings",
        "Graphic Depictions Of Violence",
        "Major Character Death",
        "Rape/Non-Con",
        "Underage",
        "Underage Sex",
    }
)
CATEGORIES = frozenset({"F/F", "F/M", "Gen", "M/M", "Multi", "Other"})


def clean_name(tag: str) -> str:
    """A character tag without its fandom qualifier: "Jo March (Little Women)" -> "Jo March".

    For matching a tag to a name in the text only: the metadata keeps the tags as written.
    """
    cleaned = _QUALIFIER.sub("", tag).strip()
    return cleaned or tag.strip()


def relationship(tag: str) -> RelationshipTag:
    """AO3 relationship tag: "A/B" romantic, "A & B" platonic; characters split out and cleaned."""
    tag = tag.strip()
    if "/" in tag:
        kind = RelationshipKind.ROMANTIC
        parts = re.split(r"\s*/\s*|\s+&\s+", tag)
    else:
        kind = RelationshipKind.PLATONIC
        parts = re.split(r"\s+&\s+", tag)
    names = tuple(clean_name(p) for p in parts if p.strip())
    return RelationshipTag(tag=tag, kind=kind, characters=names)


def parse_int(text: str | None) -> int | None:
    if not text:
        return None
    m = _NUMBER.search(text)
    if m is None:
        return None
    digits = re.sub(r"\D", "", m.group(0))
    return int(digits) if digits else None


@dataclass
class Stats:
    published: str | None = None
    updated: str | None = None
    completed: str | None = None
    words: int | None = None
    chapters: int | None = None
    planned: int | None = None


def parse_stats(text: str) -> Stats:
    """ "Published: 2020-03-04 Updated: 2021-01-01 Words: 4,559 Chapters: 3/?" """
    stats = Stats()
    for name in ("published", "updated", "completed"):
        m = re.search(rf"\b{name}:\s*(\d{{4}}-\d{{2}}-\d{{2}})", text, re.IGNORECASE)
        if m:
            setattr(stats, name, m.group(1))
    m = re.search(r"\bWords:\s*([\d][\d,.\u00a0\u202f' ]*)", text, re.IGNORECASE)
    if m:
        stats.words = parse_int(m.group(1))
    m = re.search(r"\bChapters:\s*(\d[\d,]*)\s*/\s*(\d[\d,]*|\?)", text, re.IGNORECASE)
    if m:
        stats.chapters = parse_int(m.group(1))
        stats.planned = None if m.group(2) == "?" else parse_int(m.group(2))
    return stats


def parse_series(node: LexborNode) -> tuple[Series, ...]:
    """ "Part 1 of <a>Name</a>" entries (several in one block when a work is in several series)."""
    text = inline_text(node)
    anchors = [inline_text(a) for a in node.css("a")]
    parts = [int(p) for p in re.findall(r"Part\s+(\d+)\s+of", text, re.IGNORECASE)]
    if not anchors:
        found = re.findall(
            r"Part\s+(\d+)\s+of\s+(?:the\s+)?(.+?)(?:\s+series)?(?=\s*,?\s*Part\s+\d+\s+of|$)", text
        )
        return tuple(Series(name.strip(), int(part)) for part, name in found)
    return tuple(Series(name, parts[i] if i < len(parts) else None) for i, name in enumerate(anchors) if name)


def dd_items(dd: LexborNode) -> list[str]:
    anchors = [inline_text(a) for a in dd.css("a")]
    items = [a for a in anchors if a]
    if items:
        return items
    return [part.strip() for part in inline_text(dd).split(",") if part.strip()]


@dataclass
class Fields:
    """Metadata as read, before it becomes a frozen ``Metadata``."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relationships: list[RelationshipTag] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    summary: str | None = None
    stats: Stats = field(default_factory=Stats)
    series: tuple[Series, ...] = ()
    url: str | None = None
    labelled: bool = False  # the dt/dd tag list was found

    def add_tag(self, label: str, items: list[str]) -> None:
        label = label.strip().rstrip(":").strip().lower()
        if label in {"rating", "ratings"}:
            self.rating = items[0] if items else None
        elif label in {"archive warning", "archive warnings", "warning", "warnings"}:
            self.warnings.extend(items)
        elif label in {"category", "categories"}:
            self.categories.extend(items)
        elif label in {"fandom", "fandoms"}:
            self.fandoms.extend(items)
        elif label in {"relationship", "relationships"}:
            self.relationships.extend(relationship(i) for i in items)
        elif label in {"character", "characters"}:
            # verbatim: "Sam (Hollow Creek)" and "Sam (Ironsides)" are two tags; matching uses clean_name
            self.characters.extend(i.strip() for i in items if i.strip())
        elif label in {"additional tags", "additional tag", "freeform", "freeforms"}:
            self.tags.extend(items)
        elif label == "language":
            self.language = items[0] if items else None


def read_tag_list(dl: LexborNode, fields: Fields) -> None:
    """A ``<dl>`` of ``<dt>Label:</dt><dd>…</dd>`` pairs."""
    label: str | None = None
    for child in dl.iter():
        if child.tag == "dt":
            label = inline_text(child)
        elif child.tag == "dd" and label is not None:
            key = label.strip().rstrip(":").strip().lower()
            if key == "stats":
                fields.stats = parse_stats(inline_text(child, spaced=True))
            elif key == "series":
                fields.series = parse_series(child)
            else:
                fields.add_tag(label, dd_items(child))
            label = None
    fields.labelled = True


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and (sibling.tag or "").startswith("-"):
        if sibling.tag == "-text" and (sibling.text(deep=False) or "").strip():
            return None
        sibling = sibling.next
    return sibling


class Ao3Walker:
    """Walks an AO3 download (or the concatenated EPUB bodies) in document order."""

    def __init__(self, fields: Fields) -> None:
        self.fields = fields
        self.builder = ProseBuilder()
        self.mode = "start"  # start | preface | chapters | afterword
        self.pending: NoteKind | None = None
        self.chapters_seen = 0

    def _is_chapter_heading(self, node: LexborNode, text: str) -> bool:
        if node.tag not in {"h1", "h2", "h3"}:
            return False
        cls = classes(node)
        if node.tag == "h2" and cls & {"heading", "toc-heading"}:
            return True
        if _CHAPTER_HEADING.match(text):
            return True
        if attr(node, "id").startswith("calibre_toc") and node.tag == "h2":
            return True
        return bool(self.fields.title) and node.tag == "h2" and text == self.fields.title

    def visit(self, node: LexborNode) -> None:
        tag = node.tag or ""
        if tag in {"script", "style", "head", "title"} or tag.startswith(("-comment", "!")):
            return
        if tag == "-text":
            if self.mode == "chapters" and (node.text(deep=False) or "").strip():
                if not self.builder.in_chapter:
                    self.builder.start_chapter(None, implicit=True)
                self.builder.add_node(node)
            return
        # Labels, headings and bylines are short leaf blocks; a chapter's <div> is never read whole here.
        leafy = tag in {"p", "h1", "h2", "h3"} or (
            tag == "div" and node.css_first("p, div, blockquote") is None
        )
        text = inline_text(node) if leafy else ""
        low = text.lower()
        if tag == "dl" and node.css_first("dt") is not None and self.mode != "chapters":
            read_tag_list(node, self.fields)
            return
        if tag in {"h1", "h2", "h3"}:
            if low in {"preface", "afterword"}:
                self.builder.end_chapter()
                self.mode = low
                return
            if self.mode != "chapters" and tag == "h1":
                self.fields.title = self.fields.title or text
                return
            if self._is_chapter_heading(node, text):
                m = _CHAPTER_HEADING.match(text)
                title: str | None
                if m:
                    title = m.group("title")
                elif text == self.fields.title or not text:
                    title = None
                else:
                    title = text
                self.builder.start_chapter(title)
                self.chapters_seen += 1
                self.mode = "chapters"
                return
        if tag == "div" and "byline" in classes(node):
            names = [inline_text(a) for a in node.css("a")]
            self.fields.authors = names or [re.sub(r"^by\s+", "", inline_text(node))]
            return
        if tag == "p" and "message" in classes(node) and self.mode != "chapters":
            link = node.css_first("a[href*='/works/']")
            if link is not None and not self.fields.url:
                self.fields.url = attr(link, "href")
            bold = node.css_first("b")
            if bold is not None and not self.fields.title:
                self.fields.title = inline_text(bold)
            return
        if tag in {"p", "div"} and low.startswith(_SKIP_PREFIXES):
            return
        if tag == "p" and low.rstrip(":") in NOTE_LABELS:
            following = _next_element(node)
            if following is not None and following.tag == "blockquote":
                self.pending = NOTE_LABELS[low.rstrip(":")]
                return
        if tag == "blockquote" and self.pending is not None:
            kind = self.pending
            self.pending = None
            note = plain_text(node)
            if kind is NoteKind.SUMMARY:
                self.fields.summary = note
            self.builder.add_note(kind, note)
            return
        if tag == "div" and attr(node, "id") == "chapters" and self.mode in {"start", "preface"}:
            # Chapter text may follow without a heading (a one-chapter work from an old download).
            self.mode = "chapters"
        if self.mode in {"start", "preface", "afterword"}:
            for child in node.iter(include_text=True):
                self.visit(child)
            return
        if not self.builder.in_chapter:
            self.builder.start_chapter(None, implicit=True)
        # Chapter text: recurse through plain containers, hand prose to the builder.
        if tag in {"div", "section", "article", "body", "html", "main"} and not is_centered(node):
            for child in node.iter(include_text=True):
                self.visit(child)
            self.builder.end_paragraph()
            return
        self.builder.add_node(node)

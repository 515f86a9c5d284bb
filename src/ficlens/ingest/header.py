"""A "Key: value" header at the top of a plain-text story (FanFicFare and many archives write one).

    Title: The Lantern Ferry
    Author: saltmarsh_quill
    Fandom: Riverlight
    Rating: T
    Pairing: Ines/Bram, Ines & Tam
    Summary: Eleven lanterns, one too few.

The header fills ``Metadata`` and becomes in-text notes (the summary line a ``summary`` note, a disclaimer
line a ``disclaimer`` note, the rest ``author_note``), so its names and words stay out of the analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficlens.datamodel import Note, NoteKind, RelationshipTag
from ficlens.ingest.ao3_common import clean_name, parse_int, relationship
from ficlens.ingest.paragraphs import Span
from ficlens.ingest.scenes import iter_lines

_KEYS = {
    "title": "title",
    "story": "title",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "writer": "authors",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "rating": "rating",
    "rated": "rating",
    "warning": "warnings",
    "warnings": "warnings",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "category": "categories",
    "categories": "categories",
    "pairing": "relationships",
    "pairings": "relationships",
    "relationship": "relationships",
    "relationships": "relationships",
    "ship": "relationships",
    "ships": "relationships",
    "character": "characters",
    "characters": "characters",
    "genre": "tags",
    "genres": "tags",
    "tags": "tags",
    "additional tags": "tags",
    "language": "language",
    "summary": "summary",
    "words": "words",
    "word count": "words",
    "wordcount": "words",
    "chapters": "chapters",
    "status": "status",
    "published": "published",
    "updated": "updated",
    "completed": "completed",
    "source": "url",
    "url": "url",
    "link": "url",
    "series": "ignore",
    "beta": "ignore",
    "beta reader": "ignore",
    "spoilers": "ignore",
    "timeline": "ignore",
    "setting": "ignore",
    "prompt": "ignore",
    "packaged": "ignore",
    "publisher": "ignore",
    "notes": "note",
    "author's notes": "note",
    "author's note": "note",
    "a/n": "note",
    "disclaimer": "disclaimer",
}
# A header must name at least one of these, so that "Note: the bridge was out." alone is not a header.
_STRONG = {"title", "authors", "fandoms", "rating", "relationships", "characters", "summary", "words"}
_LINE = re.compile(r"^\s*[*_]*(?P<key>[A-Za-z][A-Za-z'’/ ]{0,20}?)[*_]*\s*:\s*[*_]*\s*(?P<value>.*?)\s*$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Header:
    units: int = 0  # how many leading units the header covers
    notes: list[Note] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        values = self.values.get(name)
        return values[0] if values else None

    def items(self, name: str) -> tuple[str, ...]:
        out: list[str] = []
        for value in self.values.get(name, []):
            out.extend(part.strip() for part in value.split(",") if part.strip())
        return tuple(out)

    def relationships(self) -> tuple[RelationshipTag, ...]:
        return tuple(relationship(item) for item in self.items("relationships") if "/" in item or "&" in item)

    def characters(self) -> tuple[str, ...]:
        names = list(dict.fromkeys(self.items("characters")))  # verbatim, disambiguator kept
        for rel in self.relationships():
            known = {clean_name(n) for n in names}
            names.extend(n for n in rel.characters if n not in known)
        return tuple(names)

    def number(self, name: str) -> int | None:
        return parse_int(self.first(name))

    def date(self, name: str) -> str | None:
        value = self.first(name)
        m = _DATE.search(value) if value else None
        return m.group(0) if m else None


def _key(line: str) -> tuple[str, str] | None:
    m = _LINE.match(line)
    if m is None:
        return None
    name = _KEYS.get(m.group("key").strip().lower().replace("’", "'"))
    return (name, m.group("value")) if name else None


def find_header(text: str, units: list[Span]) -> Header:
    """The header at the top of ``text`` (its units, notes and values), or an empty ``Header``."""
    header = Header()
    lines: list[tuple[int, int, str]] = []  # (start, end, kind)
    keys: set[str] = set()
    for count, (start, end) in enumerate(units):
        unit_lines = [(a, b) for a, b in iter_lines(text, start, end) if text[a:b].strip()]
        parsed: list[tuple[int, int, str]] = []
        staged: list[list[str]] = []  # [name, value] pairs of this unit, kept only if the whole unit parses
        current: str | None = None
        for a, b in unit_lines:
            found = _key(text[a:b])
            if found is None:
                if current in {"summary", "note", "disclaimer"} and staged:
                    parsed.append((a, b, current))  # a summary or note that runs over several lines
                    staged[-1][1] += " " + text[a:b].strip()
                    continue
                parsed = []
                break
            current, value = found
            staged.append([current, value])
            parsed.append((a, b, current))
        if not parsed:
            break
        for name, value in staged:
            keys.add(name)
            header.values.setdefault(name, []).append(value)
        lines.extend(parsed)
        header.units = count + 1
    if not lines or not (keys & _STRONG):
        return Header()

    def kind_of(name: str) -> NoteKind:
        if name == "summary":
            return NoteKind.SUMMARY
        if name == "disclaimer":
            return NoteKind.DISCLAIMER
        return NoteKind.AUTHOR_NOTE

    for a, b, name in lines:
        kind = kind_of(name)
        a = a + len(text[a:b]) - len(text[a:b].lstrip())
        b = a + len(text[a:b].strip())
        prev = header.notes[-1] if header.notes else None
        if prev is not None and prev.kind is kind:
            header.notes[-1] = Note(kind, prev.start, b, text[prev.start : b], True, None)
        else:
            header.notes.append(Note(kind, a, b, text[a:b], True, None))
    return header

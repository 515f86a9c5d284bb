"""AO3 "Download → HTML" files."""

from __future__ import annotations

import re
from dataclasses import replace

from ficlens.datamodel import Chapter, Metadata, Note, Source, SourceFormat, Story
from ficlens.errors import InputError
from ficlens.ingest.ao3_common import Ao3Walker, Fields
from ficlens.ingest.htmlprose import Built, inline_text, parse_html
from ficlens.ingest.notes import find_notes

_FORMAT_NAMES = {
    SourceFormat.AO3_HTML: "AO3 HTML download",
    SourceFormat.AO3_EPUB: "AO3 EPUB",
    SourceFormat.AO3_PAGE: "AO3 work page",
    SourceFormat.FFN_HTML: "fanfiction.net page",
}


def looks_like(text: str) -> bool:
    head = text[:20000]
    return "Posted originally on the Archive of Our Own" in head or (
        'id="preface"' in head and 'id="chapters"' in text
    )


def metadata_from(fields: Fields) -> Metadata:
    stats = fields.stats
    return Metadata(
        title=fields.title or None,
        authors=tuple(a for a in fields.authors if a),
        fandoms=tuple(fields.fandoms),
        rating=fields.rating,
        warnings=tuple(fields.warnings),
        categories=tuple(fields.categories),
        relationships=tuple(fields.relationships),
        characters=tuple(fields.characters),
        tags=tuple(fields.tags),
        language=fields.language,
        summary=fields.summary,
        stated_words=stats.words,
        chapters=stats.chapters,
        chapters_planned=stats.planned,
        published=stats.published,
        updated=stats.updated,
        completed=stats.completed,
        series=fields.series,
        url=fields.url,
    )


def _notes_in_prose(built: Built) -> list[Note]:
    """Author's notes and disclaimers written into the chapter text itself (common on fanfiction.net)."""
    found: list[Note] = []
    chapters = built.chapters or [Chapter(1, None, 0, len(built.text))]
    for chapter in chapters:
        units = sorted(
            [(p.start, p.end) for p in built.paragraphs if chapter.start <= p.start < chapter.end]
            + [(b.start, b.end) for b in built.scene_breaks if chapter.start <= b.start < chapter.end]
        )
        breaks = [i for i, u in enumerate(units) if any(b.start == u[0] for b in built.scene_breaks)]
        for note in find_notes(built.text, units, breaks=breaks):
            found.append(replace(note, chapter=chapter.index if built.chapters else None))
    return found


def story_from_built(
    built: Built,
    fields: Fields,
    *,
    path: str | None,
    fmt: SourceFormat,
    sha256: str,
    warnings: tuple[str, ...] = (),
) -> Story:
    if not built.paragraphs:
        raise InputError(path, f"malformed {_FORMAT_NAMES.get(fmt, fmt.value)}: no chapter text found")
    in_text = _notes_in_prose(built)
    covered = [(n.start, n.end) for n in in_text]

    def outside(start: int, end: int) -> bool:
        return not any(a <= start and end <= b for a, b in covered)

    return Story(
        text=built.text,
        source=Source(path, fmt, sha256),
        metadata=metadata_from(fields),
        chapters=tuple(built.chapters),
        notes=tuple(sorted([*built.notes, *in_text], key=lambda n: (n.start, n.in_text))),
        scene_breaks=tuple(b for b in built.scene_breaks if outside(b.start, b.end)),
        paragraphs=tuple(p for p in built.paragraphs if outside(p.start, p.end)),
        styled=tuple(sorted(built.styled, key=lambda s: (s.start, s.end))),
        warnings=warnings,
    )


def parse_ao3_html(
    html: str, *, path: str | None = None, sha256: str, warnings: tuple[str, ...] = ()
) -> Story:
    tree = parse_html(html, path)
    body = tree.body
    if body is None:
        raise InputError(path, "malformed AO3 HTML: no <body>")
    fields = Fields()
    title_tag = tree.css_first("title")
    walker = Ao3Walker(fields)
    for child in body.iter(include_text=True):
        walker.visit(child)
    built = walker.builder.finish()
    if not fields.title and title_tag is not None:
        fields.title = re.split(r"\s+-\s+", inline_text(title_tag))[0] or None
    extra = warnings
    if not fields.labelled:
        extra = (*extra, "AO3 tag list (Rating, Fandom, ...) not found; metadata is incomplete")
    return story_from_built(
        built, fields, path=path, fmt=SourceFormat.AO3_HTML, sha256=sha256, warnings=extra
    )

"""An AO3 work page saved from the browser (the web page, with the site's menus, kudos and comments)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from ficlens.datamodel import NoteKind, SourceFormat, Story
from ficlens.errors import InputError
from ficlens.ingest.ao3_common import Fields, parse_series, parse_stats
from ficlens.ingest.ao3_html import story_from_built
from ficlens.ingest.htmlprose import ProseBuilder, attr, classes, inline_text, parse_html, plain_text

_TAG_BLOCKS = ("rating", "warning", "category", "fandom", "relationship", "character", "freeform")
_CHAPTER_TITLE = re.compile(r"^\s*Chapter\s+\d+\s*(?::\s*(?P<title>.*\S))?\s*$", re.IGNORECASE)


_SNIFF = re.compile(r"""class=["']?work meta group|id=["']?workskin""")


def looks_like(text: str) -> bool:
    return _SNIFF.search(text) is not None


def _note_block(node: LexborNode | None) -> str:
    if node is None:
        return ""
    quote = node.css_first("blockquote.userstuff") or node.css_first("blockquote")
    return plain_text(quote) if quote is not None else ""


def _add_prose(builder: ProseBuilder, userstuff: LexborNode) -> None:
    for child in userstuff.iter(include_text=True):
        if child.tag in {"h3", "h2"} and "landmark" in classes(child):
            continue  # the hidden "Chapter Text" heading
        builder.add_node(child)
    builder.end_paragraph()


def _chapter_notes(builder: ProseBuilder, preface: LexborNode | None) -> None:
    if preface is None:
        return
    summary = preface.css_first("div.summary")
    notes = preface.css_first("div.notes")
    builder.add_note(NoteKind.CHAPTER_SUMMARY, _note_block(summary))
    builder.add_note(NoteKind.CHAPTER_NOTES, _note_block(notes))


def parse_ao3_page(
    html: str, *, path: str | None = None, sha256: str, warnings: tuple[str, ...] = ()
) -> Story:
    tree = parse_html(html, path)
    meta = tree.css_first("dl.work.meta")
    workskin = tree.css_first("#workskin") or tree.body
    if workskin is None:
        raise InputError(path, "malformed AO3 work page: no work found")
    fields = Fields()
    if meta is not None:
        fields.labelled = True
        for name in _TAG_BLOCKS:
            dd = meta.css_first(f"dd.{name}")
            if dd is not None:
                label = {"warning": "warnings", "freeform": "additional tags"}.get(name, name)
                fields.add_tag(label, [inline_text(a) for a in dd.css("a.tag")] or [inline_text(dd)])
        language = meta.css_first("dd.language")
        fields.language = inline_text(language) or None if language is not None else None
        series = meta.css_first("dd.series")
        if series is not None:
            positions = series.css("span.position")
            fields.series = parse_series(positions[0] if len(positions) == 1 else series)
        stats = meta.css_first("dd.stats")
        if stats is not None:
            fields.stats = parse_stats(inline_text(stats, spaced=True))
    preface = workskin.css_first("div.preface.group")
    title = preface.css_first("h2.title") if preface is not None else tree.css_first("h2.title")
    fields.title = inline_text(title) or None if title is not None else None
    fields.authors = [inline_text(a) for a in workskin.css("h3.byline a[rel=author]")]
    fields.summary = _note_block(preface.css_first("div.summary") if preface is not None else None) or None
    canonical = tree.css_first("link[rel=canonical]")
    if canonical is not None and "/works/" in attr(canonical, "href"):
        fields.url = attr(canonical, "href")

    builder = ProseBuilder()
    if fields.summary:
        builder.add_note(NoteKind.SUMMARY, fields.summary)
    if preface is not None:
        builder.add_note(NoteKind.WORK_NOTES, _note_block(preface.css_first("div.notes")))
    chapters_root = workskin.css_first("#chapters")
    if chapters_root is None:
        raise InputError(path, "malformed AO3 work page: no #chapters block")
    chapter_divs = [
        node for node in chapters_root.css("div.chapter") if re.match(r"chapter-\d+$", attr(node, "id"))
    ]
    if chapter_divs:
        for div in chapter_divs:
            heading = div.css_first("h3.title")
            text = inline_text(heading) if heading is not None else ""
            m = _CHAPTER_TITLE.match(text)
            number = int(attr(div, "id").removeprefix("chapter-"))  # a one-chapter view may show chapter 7
            builder.start_chapter(m.group("title") if m else (text or None), index=number)
            _chapter_notes(builder, div.css_first("div.chapter.preface.group"))
            userstuff = div.css_first("div.userstuff")
            if userstuff is not None:
                _add_prose(builder, userstuff)
            end = div.css_first("div.end.notes") or div.css_first("div.chapter.preface.group ~ div.end")
            builder.add_note(NoteKind.CHAPTER_END_NOTES, _note_block(end))
    else:
        userstuff = chapters_root.css_first("div.userstuff")
        if userstuff is None:
            raise InputError(path, "malformed AO3 work page: no chapter text found")
        builder.start_chapter(None)
        _add_prose(builder, userstuff)
    builder.end_chapter()
    endnotes = workskin.css_first("#work_endnotes")
    builder.add_note(NoteKind.END_NOTES, _note_block(endnotes))
    built = builder.finish()
    return story_from_built(
        built, fields, path=path, fmt=SourceFormat.AO3_PAGE, sha256=sha256, warnings=warnings
    )

"""A fanfiction.net chapter page saved from the browser (one chapter per page)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from selectolax.lexbor import LexborNode

from ficlens.datamodel import NoteKind, RelationshipKind, RelationshipTag, SourceFormat, Story
from ficlens.errors import InputError
from ficlens.ingest.ao3_common import Fields, parse_int
from ficlens.ingest.ao3_html import story_from_built
from ficlens.ingest.htmlprose import ProseBuilder, attr, inline_text, parse_html

_RATING = re.compile(r"Rated:\s*(?:Fiction\s+)?(\S+)", re.IGNORECASE)
_KNOWN_FIELDS = re.compile(
    r"^(?:Rated|Chapters|Words|Reviews|Favs|Follows|Updated|Published|Status|id)\s*:", re.IGNORECASE
)
_GENRES = frozenset(
    [
        "Adventure",
        "Angst",
        "Crime",
        "Drama",
        "Family",
        "Fantasy",
        "Friendship",
        "General",
        "Horror",
        "Humor",
        "Hurt/Comfort",
        "Mystery",
        "Parody",
        "Poetry",
        "Romance",
        "Sci-Fi",
        "Spiritual",
        "Supernatural",
        "Suspense",
        "Tragedy",
        "Western",
    ]
)


def looks_like(text: str) -> bool:
    low = text[:200000].lower()
    return "storytext" in low and ("profile_top" in low or "fanfiction.net" in low)


def _date(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    stamp = attr(node, "data-xutime")
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), tz=UTC).date().isoformat()
    return None


def _characters(segment: str, fields: Fields) -> None:
    """ "[Riku, Sora] Kairi, Naminé": bracketed groups are pairings."""
    for group in re.findall(r"\[([^\]]*)\]", segment):
        names = tuple(n.strip() for n in group.split(",") if n.strip())
        if len(names) >= 2:
            fields.relationships.append(RelationshipTag("/".join(names), RelationshipKind.ROMANTIC, names))
    flat = segment.replace("[", ",").replace("]", ",")
    for name in flat.split(","):
        name = name.strip()
        if name and name not in fields.characters:
            fields.characters.append(name)


def _read_info_line(info: LexborNode, fields: Fields) -> None:
    line = inline_text(info, spaced=True)
    m = _RATING.search(line)
    if m:
        fields.rating = m.group(1)
    parts = [p.strip() for p in re.split(r"\s+-\s+", line)]
    free = [p for p in parts if p and not _KNOWN_FIELDS.match(p)]
    # The free-standing parts, in order: language, genres (optional), characters (optional).
    if free:
        fields.language = free[0]
        rest = free[1:]
        genres = rest[0].replace("Hurt/Comfort", "Hurt\0Comfort").split("/") if rest else []
        if genres and all(g.replace("\0", "/") in _GENRES for g in genres):
            fields.tags.extend(g.replace("\0", "/") for g in genres)
            rest = rest[1:]
        if rest:
            _characters(rest[0], fields)
    m = re.search(r"Chapters:\s*([\d,]+)", line)
    if m:
        fields.stats.chapters = parse_int(m.group(1))
    m = re.search(r"Words:\s*([\d,.]+)", line)
    if m:
        fields.stats.words = parse_int(m.group(1))
    dates = info.css("span[data-xutime]")
    labels = re.findall(r"(Updated|Published):", line)
    for label, span in zip(labels, dates, strict=False):
        setattr(fields.stats, label.lower(), _date(span))
    if re.search(r"Status:\s*Complete", line, re.IGNORECASE):
        fields.stats.completed = fields.stats.updated or fields.stats.published
        fields.stats.planned = fields.stats.chapters


def parse_ffn_html(
    html: str, *, path: str | None = None, sha256: str, warnings: tuple[str, ...] = ()
) -> Story:
    tree = parse_html(html, path)
    storytext = tree.css_first("#storytext") or tree.css_first(".storytext")
    if storytext is None:
        raise InputError(path, "malformed fanfiction.net page: no #storytext")
    fields = Fields(labelled=True)
    profile = tree.css_first("#profile_top")
    if profile is not None:
        title = profile.css_first("b.xcontrast_txt") or profile.css_first("b")
        fields.title = inline_text(title) or None if title is not None else None
        fields.authors = [
            inline_text(a) for a in profile.css("a.xcontrast_txt") if attr(a, "href").startswith("/u/")
        ][:1]
        summary = profile.css_first("div.xcontrast_txt")
        fields.summary = inline_text(summary) or None if summary is not None else None
        info = profile.css_first("span.xgray")
        if info is not None:
            _read_info_line(info, fields)
    crumbs = tree.css("#pre_story_links a")
    if crumbs:
        fields.fandoms = [inline_text(crumbs[-1])]
    canonical = tree.css_first("link[rel=canonical]")
    if canonical is not None:
        fields.url = attr(canonical, "href") or None

    chapter_title: str | None = None
    chapter_number: int | None = None
    select = tree.css_first("#chap_select") or tree.css_first("select[name=chapter]")
    if select is not None:
        chosen = select.css_first("option[selected]")
        if chosen is not None:
            # Unclosed <option>s: take the selected one's own text only.
            text = (chosen.text(deep=False) or "").strip()
            chapter_title = re.sub(r"^\d+\.\s*", "", text) or None
            value = attr(chosen, "value")
            chapter_number = int(value) if value.isdigit() else None
    builder = ProseBuilder()
    if fields.summary:
        builder.add_note(NoteKind.SUMMARY, fields.summary)
    builder.start_chapter(chapter_title, index=chapter_number)
    for child in storytext.iter(include_text=True):
        builder.add_node(child)
    builder.end_chapter()
    built = builder.finish()
    return story_from_built(
        built, fields, path=path, fmt=SourceFormat.FFN_HTML, sha256=sha256, warnings=warnings
    )

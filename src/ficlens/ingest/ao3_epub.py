"""AO3 EPUB downloads (Calibre conversions of the HTML download).

An EPUB is a zip archive from the internet: member count, sizes, compression ratios and member paths are
checked before anything is read, and every read is capped.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from html import unescape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.datamodel import SourceFormat, Story
from ficlens.errors import InputError
from ficlens.ingest.ao3_common import (
    ARCHIVE_WARNINGS,
    CATEGORIES,
    RATINGS,
    Ao3Walker,
    Fields,
    clean_name,
    relationship,
)
from ficlens.ingest.ao3_html import story_from_built
from ficlens.ingest.decode import decode_bytes
from ficlens.ingest.htmlprose import attr, parse_html, plain_text
from ficlens.ingest.limits import MAX_EPUB_BYTES, MAX_EPUB_RATIO

MAX_MEMBERS = 2000
MAX_TOTAL_BYTES = MAX_EPUB_BYTES
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
_SPLIT = re.compile(r"_split_(\d+)\.x?html?$", re.IGNORECASE)


def _check_archive(archive: zipfile.ZipFile, path: str | None, archive_size: int) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(path, f"EPUB rejected: {len(infos)} files in the archive (limit {MAX_MEMBERS})")
    total = 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
            raise InputError(path, f"EPUB rejected: unsafe path inside the archive ({name!r})")
        if info.flag_bits & 0x1:
            raise InputError(path, "EPUB rejected: encrypted archive member")
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(path, f"EPUB rejected: member {name!r} is too large ({info.file_size} bytes)")
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                path,
                f"EPUB rejected: member {name!r} has a compression ratio over {MAX_RATIO}:1 (zip bomb?)",
            )
    if total > MAX_TOTAL_BYTES:
        raise InputError(path, f"EPUB rejected: {total:,} bytes uncompressed (limit {MAX_TOTAL_BYTES:,})")
    # Many members each under the per-member checks can still expand a small archive enormously.
    if total > RATIO_MIN_BYTES and total > MAX_EPUB_RATIO * max(archive_size, 1):
        raise InputError(
            path,
            f"EPUB rejected: {total:,} bytes uncompressed from a {archive_size:,}-byte archive "
            f"(over {MAX_EPUB_RATIO}:1; zip bomb?)",
        )


def _read(archive: zipfile.ZipFile, name: str, path: str | None) -> bytes:
    """A member's bytes, never more than its declared size (headers can lie)."""
    try:
        info = archive.getinfo(name)
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except KeyError:
        raise InputError(path, f"malformed EPUB: {name!r} is listed but missing") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as err:
        # zlib.error: a corrupt deflate stream (found by benchmarks/fuzz_readers.py)
        raise InputError(path, f"malformed EPUB: cannot read {name!r} ({err})") from None
    if len(data) > info.file_size:
        raise InputError(path, f"EPUB rejected: {name!r} is larger than its header says")
    return data


def _text(archive: zipfile.ZipFile, name: str, path: str | None) -> str:
    return decode_bytes(_read(archive, name, path), path=path).text


def _opf_name(archive: zipfile.ZipFile, path: str | None) -> str:
    names = set(archive.namelist())
    if "META-INF/container.xml" in names:
        container = parse_html(_text(archive, "META-INF/container.xml", path), path)
        rootfile = container.css_first("rootfile")
        if rootfile is not None and attr(rootfile, "full-path") in names:
            return attr(rootfile, "full-path")
    opfs = sorted(n for n in names if n.lower().endswith(".opf"))
    if not opfs:
        raise InputError(path, "malformed EPUB: no content.opf package file")
    return opfs[0]


def _dc(tree: LexborHTMLParser, name: str) -> list[str]:
    return [unescape(n.text()).strip() for n in tree.css(f"dc\\:{name}") if n.text().strip()]


def _fields_from_opf(tree: LexborHTMLParser) -> Fields:
    """Metadata from content.opf; dc:subject tags are unlabelled, so sort them by AO3's fixed vocabularies."""
    fields = Fields()
    titles = _dc(tree, "title")
    fields.title = titles[0] if titles else None
    fields.authors = _dc(tree, "creator")
    language = _dc(tree, "language")
    fields.language = language[0] if language else None
    description = _dc(tree, "description")
    if description:
        fields.summary = plain_text(parse_html(description[0]).body) or None
    for identifier in _dc(tree, "identifier") + _dc(tree, "source"):
        if "archiveofourown.org/works/" in identifier:
            fields.url = identifier
    for subject in _dc(tree, "subject"):
        if subject in RATINGS:
            fields.rating = fields.rating or subject
        elif subject in ARCHIVE_WARNINGS:
            fields.warnings.append(subject)
        elif subject in CATEGORIES:
            fields.categories.append(subject)
        elif "/" in subject or " & " in subject:
            fields.relationships.append(relationship(subject))
        else:
            fields.tags.append(subject)
    # Names in the relationship tags show which of the leftover subjects are character tags.
    paired = {name for rel in fields.relationships for name in rel.characters}
    fields.characters = [t for t in fields.tags if clean_name(t) in paired]
    fields.tags = [t for t in fields.tags if clean_name(t) not in paired]
    dates = _dc(tree, "date")
    if dates and re.match(r"\d{4}-\d{2}-\d{2}", dates[0]):
        fields.stats.published = dates[0][:10]
    return fields


def _content_files(archive: zipfile.ZipFile, opf_name: str, tree: LexborHTMLParser) -> list[str]:
    base = posixpath.dirname(opf_name)
    manifest: dict[str, str] = {}
    for item in tree.css("item"):
        href = attr(item, "href")
        if href and attr(item, "id"):
            manifest[attr(item, "id")] = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    names = set(archive.namelist())
    spine = [manifest[attr(ref, "idref")] for ref in tree.css("itemref") if attr(ref, "idref") in manifest]
    spine = [n for n in spine if n in names and n.lower().endswith((".xhtml", ".html", ".htm"))]
    split = [n for n in spine if _SPLIT.search(n)]
    if split:
        return split
    if spine:
        return spine
    return sorted((n for n in names if _SPLIT.search(n)), key=lambda n: int(_SPLIT.search(n).group(1)))  # type: ignore[union-attr]


def parse_ao3_epub(data: bytes, *, path: str | None = None, sha256: str) -> Story:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(path, "malformed EPUB: not a zip archive") from None
    except (NotImplementedError, ValueError, EOFError, OSError) as err:
        # e.g. a central directory asking for zip version 23.6 (found by benchmarks/fuzz_readers.py)
        raise InputError(path, f"malformed EPUB: unreadable zip archive ({err})") from None
    with archive:
        _check_archive(archive, path, len(data))
        names = set(archive.namelist())
        if "mimetype" in names and _read(archive, "mimetype", path).strip() != b"application/epub+zip":
            raise InputError(path, "unsupported format: a zip archive that is not an EPUB")
        opf_name = _opf_name(archive, path)
        opf = parse_html(_text(archive, opf_name, path), path)
        opf_fields = _fields_from_opf(opf)
        files = _content_files(archive, opf_name, opf)
        if not files:
            raise InputError(path, "malformed EPUB: no XHTML content files")
        bodies: list[LexborNode] = []
        parsers: list[LexborHTMLParser] = []  # nodes are only valid while their parser lives
        for name in files:
            parsers.append(parse_html(_text(archive, name, path), path))
            body = parsers[-1].body
            if body is not None:
                bodies.append(body)

    fields = Fields(title=opf_fields.title)
    walker = Ao3Walker(fields)
    for body in bodies:
        for child in body.iter(include_text=True):
            walker.visit(child)
    built = walker.builder.finish()
    if not built.paragraphs and len(bodies) > 1:
        # No recognisable chapter headings: every file after the preface is one chapter.
        fields = Fields(title=opf_fields.title)
        walker = Ao3Walker(fields)
        for child in bodies[0].iter(include_text=True):
            walker.visit(child)
        for body in bodies[1:]:
            walker.builder.start_chapter(None)
            walker.mode = "chapters"
            for child in body.iter(include_text=True):
                walker.visit(child)
        built = walker.builder.finish()

    warnings: tuple[str, ...] = ()
    if not fields.labelled:
        warnings = ("EPUB has no labelled tag list; fandoms and some characters may be among the tags",)
        fields.fandoms, fields.characters = [], opf_fields.characters
        fields.stats = opf_fields.stats
        fields.rating = opf_fields.rating
        fields.warnings, fields.categories = opf_fields.warnings, opf_fields.categories
        fields.relationships, fields.tags = opf_fields.relationships, opf_fields.tags
    fields.title = fields.title or opf_fields.title
    fields.authors = fields.authors or opf_fields.authors
    fields.language = fields.language or opf_fields.language
    fields.summary = fields.summary or opf_fields.summary
    fields.url = fields.url or opf_fields.url
    return story_from_built(
        built, fields, path=path, fmt=SourceFormat.AO3_EPUB, sha256=sha256, warnings=warnings
    )

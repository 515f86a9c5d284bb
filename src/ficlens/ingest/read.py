"""Pick the reader for a file by its content (the extension is only a hint) and return a ``Story``."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from ficlens.datamodel import SourceFormat, Story
from ficlens.errors import InputError
from ficlens.ingest import ao3_html, ao3_page, ffn_html
from ficlens.ingest.decode import decode_bytes, repair_surrogates
from ficlens.ingest.limits import MAX_CHARS, check_chars
from ficlens.ingest.words import with_word_count

MAX_FILE_BYTES = 256 * 1024 * 1024
_MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd"}
_TEXT_EXTENSIONS = {".txt", ".text", ""}
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_MARKDOWN_HINTS = re.compile(
    r"^\s{0,3}#{1,6}\s+\S|\*\*\S[^\n]*\S\*\*|^\s*[-*_]{3,}\s*$|\[[^\]\n]+\]\([^)\n]+\)", re.M
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"BOOKMOBI", "a MOBI e-book"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office document"),
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff_bytes(data: bytes, suffix: str = "") -> SourceFormat | str:
    """The format of a file's bytes, or a description of an unsupported format."""
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        head = data[:2048]
        if b"mimetype" in head and b"application/epub+zip" in head:
            return SourceFormat.AO3_EPUB
        if b"word/" in data[:65536]:
            return "a Word document (.docx)"
        if b"META-INF/container.xml" in data or suffix.lower() == ".epub":
            return SourceFormat.AO3_EPUB
        return "a zip archive that is not an EPUB"
    if data[60:68] == b"BOOKMOBI":
        return "a MOBI e-book"
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return SourceFormat.TEXT


def sniff_text(text: str, suffix: str = "") -> SourceFormat | str:
    """The format of decoded text: one of the HTML kinds, Markdown or plain text."""
    suffix = suffix.lower()
    if _HTML_START.match(text[:4096]) or (suffix in {".html", ".htm", ".xhtml"} and "<" in text[:4096]):
        if ffn_html.looks_like(text):
            return SourceFormat.FFN_HTML
        if ao3_page.looks_like(text):
            return SourceFormat.AO3_PAGE
        if ao3_html.looks_like(text):
            return SourceFormat.AO3_HTML
        return "an HTML page that is not an AO3 download, AO3 work page or fanfiction.net chapter"
    if suffix in _MARKDOWN_EXTENSIONS:
        return SourceFormat.MARKDOWN
    if suffix not in _TEXT_EXTENSIONS and len(_MARKDOWN_HINTS.findall(text[:100000])) >= 2:
        return SourceFormat.MARKDOWN
    return SourceFormat.TEXT


def _guarded(read: Callable[[], Story], path: str | None, what: str) -> Story:
    """Run a reader; odd input that trips a reader bug is still a one-line ``InputError``, not a traceback."""
    try:
        return with_word_count(read())
    except InputError as err:
        if err.path is None and path is not None:
            raise InputError(path, err.reason) from None
        raise
    except RecursionError:
        raise InputError(path, "malformed file: markup nested too deeply to read") from None
    except (ValueError, UnicodeError, IndexError, KeyError, AttributeError, TypeError) as err:
        raise InputError(path, f"malformed {what}: {type(err).__name__}: {err}") from None


def story_from_bytes(
    data: bytes, *, path: str | None = None, suffix: str = "", max_chars: int = MAX_CHARS
) -> Story:
    """Read a story from a file's bytes (``path`` only names it in errors and in ``Story.source``).

    A work whose text holds more than ``max_chars`` characters is refused (see ``ingest.limits``)."""
    story = _guarded(
        lambda: _story_from_bytes(data, path=path, suffix=suffix, max_chars=max_chars),
        path,
        suffix.lstrip(".") or "file",
    )
    check_chars(len(story.text), path, max_chars)
    return story


def _story_from_bytes(data: bytes, *, path: str | None, suffix: str, max_chars: int) -> Story:
    if not data.strip():
        raise InputError(path, "empty file")
    sha = _sha256(data)
    kind = sniff_bytes(data, suffix)
    if kind is SourceFormat.AO3_EPUB:
        from ficlens.ingest.ao3_epub import parse_ao3_epub

        return parse_ao3_epub(data, path=path, sha256=sha)
    if isinstance(kind, str) and not isinstance(kind, SourceFormat):
        raise InputError(path, f"unsupported format: {kind}")
    if suffix.lower() == ".epub":
        raise InputError(path, "malformed EPUB: not a zip archive")
    # UTF-8 takes at most 4 bytes a character: a file over 4x the limit is refused before decoding, and the
    # decoded text (HTML markup included) before any parsing.
    check_chars(len(data) // 4, path, max_chars)
    decoded = decode_bytes(data, path=path)
    if not decoded.text.strip():
        raise InputError(path, "empty file (only whitespace)")
    return _parse_text(decoded.text, path=path, sha=sha, suffix=suffix, warnings=decoded.warnings)


def _parse_text(text: str, *, path: str | None, sha: str, suffix: str, warnings: tuple[str, ...]) -> Story:
    kind = sniff_text(text, suffix)
    if kind is SourceFormat.FFN_HTML:
        return ffn_html.parse_ffn_html(text, path=path, sha256=sha, warnings=warnings)
    if kind is SourceFormat.AO3_PAGE:
        return ao3_page.parse_ao3_page(text, path=path, sha256=sha, warnings=warnings)
    if kind is SourceFormat.AO3_HTML:
        return ao3_html.parse_ao3_html(text, path=path, sha256=sha, warnings=warnings)
    if isinstance(kind, str) and not isinstance(kind, SourceFormat):
        raise InputError(path, f"unsupported format: {kind}")
    from ficlens.ingest.text import parse_plain

    return parse_plain(text, path=path, sha256=sha, markdown=kind is SourceFormat.MARKDOWN, warnings=warnings)


def read_story(path: Path | str, *, max_chars: int = MAX_CHARS) -> Story:
    """Read a story file in any supported format; ``InputError`` (file and reason) when it cannot.

    A work whose text holds more than ``max_chars`` characters is refused (see ``ingest.limits``)."""
    p = Path(path)
    name = str(path)
    try:
        if not p.exists():
            raise InputError(name, "no such file")
        if p.is_dir():
            raise InputError(name, "is a directory, not a story file")
        if not p.is_file():
            raise InputError(name, "not a regular file")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(name, f"file too large ({size} bytes; limit {MAX_FILE_BYTES})")
        data = p.read_bytes()
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as err:
        raise InputError(name, f"cannot read file ({err.strerror or err})") from None
    return story_from_bytes(data, path=name, suffix=p.suffix, max_chars=max_chars)


def story_from_text(text: str, *, path: str | None = None, max_chars: int = MAX_CHARS) -> Story:
    """A story from text already in memory (the Python API): HTML kinds are recognised, else plain text.

    Lone surrogates (which no file can hold, but a ``str`` can) are replaced by U+FFFD, with a warning
    in ``Story.warnings``; surrogate pairs are joined into the character they encode."""
    if not isinstance(text, str):
        raise TypeError(f"story_from_text() takes a str, not {type(text).__name__}")
    if not text.strip():
        raise InputError(path, "empty text")
    check_chars(len(text), path, max_chars)
    text = text.removeprefix("\ufeff")
    text, repaired = repair_surrogates(text)
    warnings = (repaired,) if repaired else ()
    sha = _sha256(text.encode("utf-8"))
    suffix = Path(path).suffix if path else ""
    story = _guarded(
        lambda: _parse_text(text, path=path, sha=sha, suffix=suffix, warnings=warnings), path, "text"
    )
    check_chars(len(story.text), path, max_chars)
    return story

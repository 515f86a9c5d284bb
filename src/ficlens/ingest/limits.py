"""The limits every reader enforces, so that no input can make ficlens hang or exhaust memory.

Each is stated in the README; going over one is an ``InputError`` (one line, exit 2 on the command line).

- ``MAX_CHARS``: characters of story text per work (10 million, about 1.7 million words; ``--max-chars``
  or ``max_chars=`` changes it). Checked on the decoded text before any parsing, and again on what an HTML
  or EPUB reader extracts.
- ``MAX_HTML_CHARS``: characters in one HTML page or EPUB chapter file (32 million; an AO3 download of a
  million-word work holds about 7 million).
- ``MAX_HTML_DEPTH``: elements nested inside one another (400; AO3 pages nest about 20 deep). Measured by a
  linear scan of the tags *before* the HTML parser runs: lexbor's tree builder slows down with the square
  of the nesting (40,000 unclosed ``<div>``\\s take 11 s, 160,000 minutes).
- EPUB archives: ``MAX_EPUB_BYTES`` uncompressed in all (64 MB) and ``MAX_EPUB_RATIO`` (100:1) between
  that and the archive's own size, besides the per-member checks in ``ao3_epub``.
"""

from __future__ import annotations

import re

from ficlens.errors import InputError

MAX_CHARS = 10_000_000
MAX_HTML_CHARS = 32 * 1024 * 1024
MAX_HTML_DEPTH = 400
MAX_EPUB_BYTES = 64 * 1024 * 1024
MAX_EPUB_RATIO = 100

# Markup that never nests content (comments, doctype, scripts and styles, whose text is not markup) and
# the tags themselves. A tag ends at the next "<" or ">" (an attribute holding either ends it early, which
# only lowers the count), so that no tag match scans far: the scan stays linear.
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^<>]*>|<\?[^<>]*>"
    r"|<(script|style|textarea|title|xmp|plaintext)\b[^<>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*>",
    re.S | re.I,
)
# Elements that never hold others (void), and those a parser closes by itself when a sibling starts
# (``<p>a<p>b`` is two paragraphs, not one inside the other): neither deepens the tree when left open.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
        "frame",
        "basefont",
        "bgsound",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rtc",
        "rp",
        "html",
        "head",
        "body",
    ]
)


def check_chars(n: int, path: str | None, max_chars: int | None) -> None:
    limit = MAX_CHARS if max_chars is None else max_chars
    if n > limit:
        raise InputError(
            path, f"text too long: {n:,} characters (limit {limit:,}; raise it with --max-chars)"
        )


def html_depth(html: str, *, stop_at: int = MAX_HTML_DEPTH) -> int:
    """How deep elements nest in ``html`` (stops counting once past ``stop_at``); linear in its length."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    for match in _TAG.finditer(html):
        name = match.group(3)
        if name is None:
            continue
        name = name.lower()
        if name in _FLAT:
            continue
        if match.group(2):  # a closing tag pops up to its element, if that is open at all
            if open_count.get(name):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
            continue
        if match.group(0).endswith("/>") and ":" in name:  # XML-style empty element in a namespace
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > stop_at:
                break
    return deepest


def check_html(html: str, path: str | None) -> None:
    """Refuse HTML too large or too deeply nested to parse in bounded time and memory."""
    if len(html) > MAX_HTML_CHARS:
        raise InputError(path, f"HTML too large: {len(html):,} characters (limit {MAX_HTML_CHARS:,})")
    if html_depth(html) > MAX_HTML_DEPTH:
        raise InputError(
            path, f"malformed HTML: markup nested too deeply (more than {MAX_HTML_DEPTH} elements)"
        )

"""HTML prose to plain text with offsets: the shared engine of the HTML and EPUB readers.

Conventions (every HTML-based reader follows them):
- Paragraphs (``<p>``, ``<div>``, headings, list items ...) are joined with ``"\\n\\n"``; ``<br/>`` becomes
  ``"\\n"`` (two or more in a row end the paragraph). Runs of HTML whitespace collapse to one space.
- A scene break (``<hr>``, or a paragraph holding only a break symbol such as ``* * *`` or ``oOo``) is
  written into the text as a line of its own: ``* * *`` for ``<hr>``, the symbol itself otherwise.
  ``SceneBreak`` offsets cover that marker; breaks at the very start or end of a chapter are dropped.
- Notes kept apart from the prose (summary, work notes, chapter notes, end notes) are not in the text: they
  are ``Note(in_text=False, start=end=anchor)``, the anchor being 0 for work summary/notes, the chapter's
  start for chapter summary/notes, the chapter's end for chapter end notes and ``len(text)`` for work end
  notes.
- Italic, bold, struck-through and centred runs become ``Styled`` offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.datamodel import Chapter, Note, NoteKind, Paragraph, SceneBreak, Styled, StyleKind
from ficlens.ingest.scenes import is_break_marker

HR_MARKER = "* * *"
_SEE_END = re.compile(r"(?:^|\n\n)\(See the end of the (?:chapter|work) for\s+more notes\.?\)(?=\n\n|$)")
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2028\u2029]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")
_BLOCK = frozenset(
    [
        "p",
        "div",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "center",
        "pre",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "header",
        "footer",
        "main",
        "aside",
        "address",
        "details",
        "summary",
    ]
)
_SKIP = frozenset(
    [
        "script",
        "style",
        "head",
        "noscript",
        "template",
        "select",
        "option",
        "button",
        "form",
        "nav",
        "iframe",
        "svg",
        "math",
        "img",
        "input",
        "textarea",
        "audio",
        "video",
        "canvas",
        "object",
        "embed",
        "title",
        "meta",
        "link",
    ]
)
_INLINE_STYLE = {
    "em": StyleKind.ITALIC,
    "i": StyleKind.ITALIC,
    "cite": StyleKind.ITALIC,
    "var": StyleKind.ITALIC,
    "dfn": StyleKind.ITALIC,
    "strong": StyleKind.BOLD,
    "b": StyleKind.BOLD,
    "strike": StyleKind.STRIKE,
    "s": StyleKind.STRIKE,
    "del": StyleKind.STRIKE,
}


# Never text of the story or its metadata: their content would leak into titles, tags and authors.
_NOT_TEXT = ["script", "style", "noscript", "template"]


def parse_html(html: str, path: str | None = None) -> LexborHTMLParser:
    """Parse an HTML page within the limits (size, nesting depth; see ``ingest.limits``), scripts and
    styles removed."""
    from ficlens.ingest.limits import check_html

    check_html(html, path)
    tree = LexborHTMLParser(html)
    tree.strip_tags(_NOT_TEXT)
    return tree


def attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    return value or ""


def classes(node: LexborNode) -> set[str]:
    return set(attr(node, "class").split())


def _style_kinds(node: LexborNode) -> list[StyleKind]:
    style = attr(node, "style").lower().replace(" ", "")
    kinds: list[StyleKind] = []
    if "font-style:italic" in style or "font-style:oblique" in style:
        kinds.append(StyleKind.ITALIC)
    if "font-weight:bold" in style or "font-weight:700" in style or "font-weight:800" in style:
        kinds.append(StyleKind.BOLD)
    if "line-through" in style:
        kinds.append(StyleKind.STRIKE)
    return kinds


def is_centered(node: LexborNode) -> bool:
    if node.tag == "center" or attr(node, "align").lower() == "center":
        return True
    return "text-align:center" in attr(node, "style").lower().replace(" ", "")


def plain_text(node: LexborNode | None) -> str:
    """A node's text, whitespace collapsed, paragraphs separated by blank lines."""
    if node is None:
        return ""
    builder = ProseBuilder()
    builder.add_children(node)
    text = builder.finish().text
    # AO3 puts a pointer to the end notes inside the notes block.
    return _SEE_END.sub("", text).strip()


def inline_text(node: LexborNode | None, *, spaced: bool = False) -> str:
    """A node's text on one line; ``spaced`` puts a space between child elements ("Words:</dt><dd>12")."""
    if node is None:
        return ""
    raw = node.text(deep=True, separator=" ") if spaced else node.text(deep=True)
    return _SPACE.sub(" ", _INVISIBLE.sub("", raw)).strip()


@dataclass
class Built:
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    scene_breaks: list[SceneBreak] = field(default_factory=list)
    styled: list[Styled] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


class ProseBuilder:
    """Collects blocks of prose into one text, keeping offsets of paragraphs, breaks, styles and chapters."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._length = 0
        self._buf: list[str] = []
        self._buf_len = 0
        self._open: list[tuple[StyleKind, int]] = []
        self._runs: list[tuple[StyleKind, int, int]] = []
        self._centered = 0
        self._pending_break: str | None = None
        self._chapter_blocks = 0
        self._chapter: tuple[int, str | None, int] | None = None
        self._implicit = False
        self._chapter_notes: list[tuple[NoteKind, str]] = []
        self.paragraphs: list[Paragraph] = []
        self.scene_breaks: list[SceneBreak] = []
        self.styled: list[Styled] = []
        self.chapters: list[Chapter] = []
        self.notes: list[Note] = []

    # -- text inside a paragraph ---------------------------------------------------------------------------
    def _buffer_text(self) -> str:
        return "".join(self._buf)

    def add_text(self, raw: str) -> None:
        s = _SPACE.sub(" ", _INVISIBLE.sub("", raw))
        if not s:
            return
        last = self._buf[-1][-1:] if self._buf else ""
        if last in ("", " ", "\n"):
            s = s.lstrip(" ")
        if s:
            self._buf.append(s)
            self._buf_len += len(s)

    def _rstrip_buffer(self) -> None:
        text = self._buffer_text().rstrip(" ")
        self._buf = [text] if text else []
        self._buf_len = len(text)

    def line_break(self) -> None:
        self._rstrip_buffer()
        if not self._buf:
            return
        if self._buf[-1].endswith("\n"):
            text = self._buffer_text()[:-1]
            self._buf = [text]
            self._buf_len = len(text)
            self.end_paragraph()
            return
        self._buf.append("\n")
        self._buf_len += 1

    # -- blocks -------------------------------------------------------------------------------------------
    def end_paragraph(self) -> None:
        raw = self._buffer_text()
        open_kinds = [kind for kind, _ in self._open]
        for kind, start in self._open:
            self._runs.append((kind, start, self._buf_len))
        self._open = []
        self._buf = []
        self._buf_len = 0
        runs = self._runs
        self._runs = []
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        # Runs that cross a paragraph boundary continue in the next paragraph.
        self._open = [(kind, 0) for kind in open_kinds]
        if not text:
            return
        if "\n" not in text and is_break_marker(text):
            self.scene_break(text)
            return
        self._flush_break()
        start = self._next_start()
        self._emit(text)
        self.paragraphs.append(Paragraph(start, start + len(text)))
        for kind, a, b in runs:
            a = max(a - lead, 0)
            b = min(b - lead, len(text))
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                self.styled.append(Styled(kind, start + a, start + b))
        if self._centered:
            self.styled.append(Styled(StyleKind.CENTERED, start, start + len(text)))

    def _next_start(self) -> int:
        return self._length + (2 if self._length else 0)

    def _emit(self, text: str) -> None:
        if self._length:
            self._chunks.append("\n\n")
            self._length += 2
        self._chunks.append(text)
        self._length += len(text)
        self._chapter_blocks += 1

    def scene_break(self, marker: str = HR_MARKER) -> None:
        """A break between scenes; written only once prose follows it in the same chapter."""
        if self._buf:
            self.end_paragraph()
        if self._chapter_blocks:
            self._pending_break = marker

    def _flush_break(self) -> None:
        if self._pending_break is None:
            return
        marker = self._pending_break
        self._pending_break = None
        start = self._next_start()
        self._emit(marker)
        self.scene_breaks.append(SceneBreak(start, start + len(marker), marker))

    # -- walking HTML ---------------------------------------------------------------------------------------
    def add_children(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            self.add_node(child)

    def add_node(self, node: LexborNode) -> None:
        tag = node.tag or ""
        if tag == "-text":
            self.add_text(node.text(deep=False) or "")
            return
        if tag.startswith(("-", "_", "!")) or tag in _SKIP:
            return
        if tag == "br":
            self.line_break()
            return
        if tag == "hr":
            self.scene_break()
            return
        kinds = _style_kinds(node)
        if tag in _INLINE_STYLE:
            kinds.insert(0, _INLINE_STYLE[tag])
        if tag in _BLOCK:
            self.end_paragraph()
            centered = is_centered(node)
            self._centered += centered
            for kind in kinds:
                self._open.append((kind, self._buf_len))
            self.add_children(node)
            self.end_paragraph()
            self._centered -= centered
            self._open = [(k, s) for k, s in self._open if k not in kinds]
            return
        for kind in kinds:
            self._open.append((kind, self._buf_len))
        self.add_children(node)
        for kind in reversed(kinds):
            for i in range(len(self._open) - 1, -1, -1):
                if self._open[i][0] == kind:
                    _, start = self._open.pop(i)
                    if self._buf_len > start:
                        self._runs.append((kind, start, self._buf_len))
                    break

    # -- chapters and notes ----------------------------------------------------------------------------
    def start_chapter(self, title: str | None, *, index: int | None = None, implicit: bool = False) -> None:
        """A new chapter; ``index`` defaults to the next number (a saved page may hold chapter 7 alone).

        An ``implicit`` chapter (prose found before any heading) is dropped again if it stays empty.
        """
        self.end_chapter()
        number = index if index is not None else (self.chapters[-1].index + 1 if self.chapters else 1)
        self._chapter = (number, title, self._next_start())
        self._implicit = implicit
        self._chapter_blocks = 0
        self._pending_break = None

    @property
    def in_chapter(self) -> bool:
        return self._chapter is not None

    def end_chapter(self) -> None:
        self.end_paragraph()
        self._pending_break = None
        if self._chapter is None:
            return
        index, title, start = self._chapter
        self._chapter = None
        if self._chapter_blocks == 0:
            if self._implicit and not self._chapter_notes:
                return
            start = self._length
        self.chapters.append(Chapter(index, title, start, self._length))
        for kind, text in self._chapter_notes:
            self.notes.append(Note(kind, self._length, self._length, text, False, index))
        self._chapter_notes = []

    @property
    def chapter_index(self) -> int | None:
        return self._chapter[0] if self._chapter else None

    def add_note(self, kind: NoteKind, text: str) -> None:
        """A note kept apart from the prose, anchored by its kind (see the module docstring)."""
        text = text.strip()
        if not text:
            return
        if kind in (NoteKind.SUMMARY, NoteKind.WORK_NOTES):
            self.notes.append(Note(kind, 0, 0, text, False, None))
        elif kind in (NoteKind.CHAPTER_SUMMARY, NoteKind.CHAPTER_NOTES):
            anchor = self._next_start() if self._chapter_blocks == 0 else self._length
            self.notes.append(Note(kind, anchor, anchor, text, False, self.chapter_index))
        elif kind is NoteKind.CHAPTER_END_NOTES and self._chapter is not None:
            self._chapter_notes.append((kind, text))
        else:
            self.notes.append(Note(kind, -1, -1, text, False, None))

    def finish(self) -> Built:
        self.end_chapter()
        self.end_paragraph()
        text = "".join(self._chunks)
        notes: list[Note] = []
        for note in self.notes:
            if note.start < 0:
                # Work end notes: after the last chapter.
                note = Note(note.kind, len(text), len(text), note.text, False, None)
            elif note.start > len(text):
                note = Note(note.kind, len(text), len(text), note.text, False, note.chapter)
            notes.append(note)
        return Built(text, self.paragraphs, self.scene_breaks, self.styled, self.chapters, notes)

"""Readers: one module per source format, each returning a ``Story``. ``read_story`` picks the reader.

``read_story(path)`` sniffs the format from the bytes (zip → EPUB; HTML → AO3 download, AO3 work page or
fanfiction.net page by their markup; else Markdown for ``.md`` files or text with Markdown markup, else plain
text). Anything it cannot read raises ``InputError(path, reason)`` with a one-line reason: missing file,
directory, empty, binary, unsupported format (PDF, images, other zips, unknown HTML pages), malformed HTML or
EPUB, hostile EPUB (too many members, too large, compression ratio over 100:1, unsafe member paths).

Offsets (all character offsets into ``Story.text``, end exclusive):

- Plain text and Markdown: ``Story.text`` is the decoded file, unchanged (only a byte-order mark is dropped;
  ``\\r\\n`` stays). Author's notes and disclaimers found at the start, the end or next to a chapter heading
  are ``Note(in_text=True)`` covering whole paragraphs; scene-break lines are ``SceneBreak``s covering the
  marker (a separator right after a top note or right before an end note belongs to the note). Chapter
  headings stay in the text and in ``paragraphs``; ``Chapter.start`` is the heading's first character. A
  text without headings is one chapter.
- HTML and EPUB: ``Story.text`` is the chapters' prose, paragraphs joined by ``"\\n\\n"``, ``<br/>`` as
  ``"\\n"``; chapter headings are not in the text (their titles are ``Chapter.title``). Scene breaks are
  written into the text as a marker paragraph (``* * *`` for ``<hr>``, the author's own symbol for a
  centred-symbol paragraph) and ``SceneBreak`` covers it. Summary and notes blocks are
  ``Note(in_text=False)`` with ``start == end``: 0 for the work's summary and notes, the chapter's start for
  chapter summary/notes, the chapter's end for chapter end notes, ``len(text)`` for the work's end notes.
  "A/N:" paragraphs written into a chapter's prose (common on fanfiction.net) are ``Note(in_text=True)`` as
  in plain text.
- ``paragraphs`` never include notes or scene-break markers. ``styled`` holds italic/bold/struck/centred
  runs (Markdown ``*x*``/``_x_``/``**x**`` in text files, without the asterisks).
"""

from ficlens.ingest.read import read_story, sniff_bytes, sniff_text, story_from_bytes, story_from_text

__all__ = ["read_story", "sniff_bytes", "sniff_text", "story_from_bytes", "story_from_text"]

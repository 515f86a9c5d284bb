"""Quotations: detection (``detect``), speaker and addressee attribution (``attribute``), and ``collect``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ficlens.datamodel.dialogue import Quote
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.pipeline.ranges import Ranges

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["QuoteSpan", "collect"]


def collect(doc: Doc) -> tuple[Quote, ...]:
    """The Doc's quotations as datamodel ``Quote``s (ids Q1, Q2, ... in text order)."""
    from ficlens.pipeline.docdata import get_quotes, get_story

    spans: list[QuoteSpan] = get_quotes(doc) or []
    story = get_story(doc)
    chapters = sorted(story.chapters, key=lambda c: (c.start, c.end)) if story is not None else []
    chapter_ranges = Ranges((c.start, c.end) for c in chapters)
    out = []
    text = doc.text
    for k, q in enumerate(sorted(spans, key=lambda q: (q.start_char, q.end_char)), start=1):
        chapter = None
        c = chapter_ranges.index(q.start_char)
        if c >= 0:
            chapter = chapters[c].index
        out.append(
            Quote(
                id=f"Q{k}",
                start=q.start_char,
                end=q.end_char,
                text=text[q.start_char : q.end_char],
                kind=q.kind,
                type=q.type,
                speaker=q.speaker,
                addressees=tuple(q.addressees),
                confidence=float(q.confidence),
                chapter=chapter,
                speaker_mention=q.speaker_mention,
            )
        )
    return tuple(out)

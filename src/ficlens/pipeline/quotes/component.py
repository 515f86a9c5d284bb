"""spaCy glue for ``ficlens_quotes`` (find quotations) and ``ficlens_speakers`` (who says them, to whom)."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ficlens.pipeline.quotes.detect import detect_quotes, paragraphs_from_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel.story import Story


def doc_paragraphs(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """The story's paragraphs, or paragraphs from line breaks (then sentences) when the Doc has no Story."""
    story: Story | None = doc._.ficlens_story
    if story is not None and story.paragraphs:
        return [(p.start, p.end) for p in story.paragraphs]
    paras = paragraphs_from_text(doc.text if text is None else text)
    if len(paras) <= 1 and doc.has_annotation("SENT_START") and len(doc) > 0:
        # one line of text (e.g. a Doc over pre-tokenised words): a sentence is the best guess at a paragraph
        return [(s.start_char, s.end_char) for s in doc.sents]
    return paras


def doc_italics(doc: Doc) -> list[tuple[int, int]]:
    from ficlens.datamodel.story import StyleKind

    story: Story | None = doc._.ficlens_story
    if story is None:
        return []
    prose = story.prose_ranges()
    starts = [a for a, _ in prose]

    def in_prose(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and prose[k][0] <= pos < prose[k][1]

    return [(s.start, s.end) for s in story.styled if s.kind == StyleKind.ITALIC and in_prose(s.start)]


class QuoteFinder:
    """Sets ``doc._.ficlens_quotes``: every quotation (``QuoteSpan``), in text order."""

    def __init__(self, name: str = "ficlens_quotes") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        quotes = detect_quotes(text, doc_paragraphs(doc, text), italics=doc_italics(doc))
        doc._.ficlens_quotes = quotes
        return doc


class SpeakerAttributor:
    """Fills in speaker, addressees, type and confidence of ``doc._.ficlens_quotes``."""

    def __init__(self, name: str = "ficlens_speakers") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from ficlens.pipeline.quotes.attribute import attribute

        quotes = doc._.ficlens_quotes
        if quotes is None:
            text = doc.text
            quotes = detect_quotes(text, doc_paragraphs(doc, text), italics=doc_italics(doc))
            doc._.ficlens_quotes = quotes
        attribute(doc, quotes, doc_paragraphs(doc))
        return doc

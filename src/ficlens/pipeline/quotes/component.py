"""spaCy glue for ``ficlens_quotes`` (find quotations) and ``ficlens_speakers`` (who says them, to whom)."""

from __future__ import annotations

import bisect
import json
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.pipeline import Pipe

from ficlens.pipeline.docdata import get_story, set_quotes
from ficlens.pipeline.quotes.detect import detect_quotes, paragraphs_from_text
from ficlens.pipeline.weights import WeightedPipe

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel.story import Story
    from ficlens.pipeline.quotes.attribute import Scorer


def doc_paragraphs(doc: Doc, text: str | None = None, story: Story | None = None) -> list[tuple[int, int]]:
    """The story's paragraphs, or paragraphs from line breaks (then sentences) when the Doc has no Story."""
    if story is not None and story.paragraphs:
        return [(p.start, p.end) for p in story.paragraphs]
    paras = paragraphs_from_text(doc.text if text is None else text)
    if len(paras) <= 1 and doc.has_annotation("SENT_START") and len(doc) > 0:
        # one line of text (e.g. a Doc over pre-tokenised words): a sentence is the best guess at a paragraph
        return [(s.start_char, s.end_char) for s in doc.sents]
    return paras


def doc_italics(story: Story | None) -> list[tuple[int, int]]:
    from ficlens.datamodel.story import StyleKind

    if story is None:
        return []
    prose = story.prose_ranges()
    starts = [a for a, _ in prose]

    def in_prose(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and prose[k][0] <= pos < prose[k][1]

    return [(s.start, s.end) for s in story.styled if s.kind == StyleKind.ITALIC and in_prose(s.start)]


class QuoteFinder(Pipe):
    """``ficlens_quotes``: sets ``doc._.ficlens_quotes``, every quotation in text order (no speakers yet)."""

    def __init__(self, name: str = "ficlens_quotes") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        story = get_story(doc)
        quotes = detect_quotes(text, doc_paragraphs(doc, text, story), italics=doc_italics(story))
        set_quotes(doc, quotes)
        return doc


class SpeakerAttributor(WeightedPipe["Scorer"]):
    """``ficlens_speakers``: fills in speaker, addressees, type and confidence of ``doc._.ficlens_quotes``.

    Needs ``ficlens_quotes`` before it; uses the cast and coreference when ``ficlens_characters`` and
    ``ficlens_coref`` ran."""

    file_name = "speakers.json"
    shipped = "speakers/speakers.json"
    what = "speaker"

    def __init__(
        self, nlp: Language | None = None, name: str = "ficlens_speakers", *, weights: str = "shipped"
    ) -> None:
        super().__init__(nlp, name, weights=weights)

    @classmethod
    def parse(cls, data: bytes) -> Scorer:
        from ficlens.pipeline.quotes.attribute import Scorer

        raw = json.loads(data)
        return Scorer({k: float(v) for k, v in raw["weights"].items()}, float(raw["bias"]))

    def __call__(self, doc: Doc) -> Doc:
        from ficlens.pipeline.docdata import get_quotes
        from ficlens.pipeline.quotes.attribute import attribute

        scorer = self.require()
        quotes = get_quotes(doc)
        if quotes is None:
            raise ValueError(f"{self.name} needs ficlens_quotes before it in the pipeline")
        attribute(doc, quotes, doc_paragraphs(doc, story=get_story(doc)), scorer=scorer)
        set_quotes(doc, quotes)
        return doc

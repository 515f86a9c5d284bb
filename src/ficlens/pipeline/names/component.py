"""spaCy glue for ``ficlens_names``: add the person names the recogniser missed to the entity spans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.pipeline import Pipe

from ficlens.pipeline.docdata import ENTITY_SPANS, get_options, get_story
from ficlens.pipeline.names.propagate import missing_person_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _seeds(doc: Doc) -> list[str]:
    from ficlens.pipeline.characters.component import tag_seeds

    names: list[str] = []
    story = get_story(doc)
    if story is not None:
        names += [s.name for s in tag_seeds(story.metadata.characters)]
    for entry in get_options(doc).cast:
        if entry.character:  # a cast file's not_characters are not person names
            names += [entry.name, *entry.aliases]
    return names


class NamePropagator(Pipe):
    """``ficlens_names``: one name, one referent: a person's name is a person wherever it recurs."""

    def __init__(self, name: str = "ficlens_names") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if get_options(doc).coref_gold_mentions:
            return doc  # scoring against gold mention spans: leave them as they are
        spans = list(doc.spans.get(ENTITY_SPANS, []))
        added, replaced = missing_person_spans(doc, spans, _seeds(doc))
        if added:
            drop = {(s.start, s.end, s.label_) for s in replaced}
            kept = [s for s in spans if (s.start, s.end, s.label_) not in drop]
            doc.spans[ENTITY_SPANS] = sorted([*kept, *added], key=lambda s: (s.start, -s.end))
        return doc

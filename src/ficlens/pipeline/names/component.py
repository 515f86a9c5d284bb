"""spaCy glue for ``ficlens_names``: add the person names the recogniser missed to the entity spans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ficlens.pipeline.extensions import ENTITY_SPANS, register_extensions
from ficlens.pipeline.names.propagate import missing_person_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _seeds(doc: Doc) -> list[str]:
    from ficlens.pipeline.characters.cast import load_cast_file
    from ficlens.pipeline.characters.component import tag_seeds

    names: list[str] = []
    story = doc._.ficlens_story
    if story is not None:
        names += [s.name for s in tag_seeds(story.metadata.characters)]
    cast = (doc._.ficlens_options or {}).get("cast")
    if cast:
        from pathlib import Path

        for entry in load_cast_file(Path(cast)):
            names += [entry.name, *entry.aliases]
    return names


class NamePropagator:
    """``ficlens_names``: one name, one referent: a person's name is a person wherever it recurs."""

    def __init__(self, name: str = "ficlens_names") -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if (doc._.ficlens_options or {}).get("coref_gold_mentions"):
            return doc  # scoring against gold mention spans: leave them as they are
        spans = list(doc.spans.get(ENTITY_SPANS, []))
        added, replaced = missing_person_spans(doc, spans, _seeds(doc))
        if added:
            drop = {(s.start, s.end, s.label_) for s in replaced}
            kept = [s for s in spans if (s.start, s.end, s.label_) not in drop]
            doc.spans[ENTITY_SPANS] = sorted([*kept, *added], key=lambda s: (s.start, -s.end))
        return doc

"""``ficlens_inner``: spaCy glue for the inner-life passes (profiles, experiencers, POV, tense)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.pipeline import Pipe

from ficlens.pipeline.docdata import get_sentence_emotions, set_inner
from ficlens.pipeline.inner.context import build_context
from ficlens.pipeline.inner.experience import experiencers, predicate_experiencers
from ficlens.pipeline.inner.pov import point_of_view
from ficlens.pipeline.inner.profile import profile
from ficlens.pipeline.inner.raw import InnerRaw
from ficlens.pipeline.inner.tense import tense

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def compute(doc: Doc) -> InnerRaw:
    """Everything the inner-life layer reads off the parse, as plain data."""
    ctx = build_context(doc)
    profiles, acts, terms = profile(ctx)
    predicates = predicate_experiencers(ctx)
    pov = point_of_view(ctx)
    sentences = get_sentence_emotions(doc) or ()
    scene_pov = [(s.start, s.end, s.character) for s in pov.scenes]
    return InnerRaw(
        experiencers=experiencers(ctx, sentences, predicates, scene_pov),
        profiles=profiles,
        acts=acts,
        terms=terms,
        pov=pov,
        tense=tense(ctx),
    )


class InnerLife(Pipe):
    """Reads the parse, cast, coreference, quotes and sentence emotions; sets ``doc._.ficlens_inner``."""

    def __init__(self, nlp: Language, name: str = "ficlens_inner") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        set_inner(doc, compute(doc))
        return doc

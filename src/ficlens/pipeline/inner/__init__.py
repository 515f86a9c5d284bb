"""Inner life: emotions per character, profiles, acts, kinship cues, point of view and tense."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel import StoryAnalysis


def collect(doc: Doc, analysis: StoryAnalysis) -> StoryAnalysis:
    """``analysis`` with what ``ficlens_inner`` read off the parse: sentence feelings, profiles, acts, POV...

    Call it after characters, mentions and quotes are in ``analysis``. Arcs, interactions and relationships
    are computed from the result by ``ficlens.analysis.derive``.
    """
    from ficlens.datamodel.inner import Emotions
    from ficlens.pipeline.docdata import get_inner, get_sentence_emotions
    from ficlens.pipeline.inner.feelings import feeling_labels, sentence_feelings

    raw = get_inner(doc)
    if raw is None:
        return analysis
    feelings = sentence_feelings(analysis.chapters, get_sentence_emotions(doc) or (), raw.experiencers)
    return replace(
        analysis,
        emotions=Emotions(labels=feeling_labels(feelings), sentences=feelings),
        profiles=raw.profiles,
        pov=raw.pov,
        tense=raw.tense,
        acts=raw.acts,
        kinship=raw.terms,
    )

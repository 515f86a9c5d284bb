"""Inner life: emotions per character, profiles, interactions, relationships, point of view and tense."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel import StoryAnalysis


def collect(doc: Doc, analysis: StoryAnalysis) -> StoryAnalysis:
    """``analysis`` with its inner-life fields filled in from what ``ficlens_inner`` left on ``doc``.

    Call it after characters, mentions and quotes are in ``analysis``.
    """
    from ficlens.pipeline.inner.arcs import build_emotions
    from ficlens.pipeline.inner.bonds import build_relationships
    from ficlens.pipeline.inner.network import build_interactions
    from ficlens.pipeline.inner.raw import InnerRaw

    raw: InnerRaw | None = doc._.ficlens_inner
    if raw is None:
        return analysis
    emotions = build_emotions(analysis, doc._.ficlens_sentence_emotions or (), raw.experiencers)
    analysis = replace(analysis, emotions=emotions, profiles=raw.profiles, pov=raw.pov, tense=raw.tense)
    interactions = build_interactions(analysis, raw.acts)
    analysis = replace(analysis, interactions=interactions)
    relationships = build_relationships(analysis, raw.acts, raw.terms)
    return replace(analysis, relationships=relationships)

"""Relationships and ships: bond strength, tone, and whether the AO3 tags bear a pairing out.

Implemented beside ``collect`` in the pipeline layer (which fills ``StoryAnalysis.relationships``) and
re-exported here with the other things computed from an analysis without NLP.
"""

from __future__ import annotations

from ficlens.pipeline.inner.bonds import act_tone, build_relationships, match_character

__all__ = ["act_tone", "build_relationships", "match_character"]

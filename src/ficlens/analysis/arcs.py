"""Emotion arcs: each character's feelings per chapter and over N equal segments of the story.

Implemented beside ``collect`` in the pipeline layer (which fills ``StoryAnalysis.emotions``); usable on a
saved analysis: ``arcs(analysis.emotions.sentences, analysis, segments=10)``.
"""

from __future__ import annotations

from ficlens.pipeline.inner.arcs import SEGMENTS, arcs, build_emotions, segment_bounds

__all__ = ["SEGMENTS", "arcs", "build_emotions", "segment_bounds"]

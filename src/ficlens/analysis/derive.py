"""What is computed from an analysis without NLP: emotion arcs, the interaction network, relationships.

``derive`` is the last step of every run and can be re-run on a saved analysis: the result is the same.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ficlens.analysis.arcs import with_arcs
from ficlens.analysis.interactions import build_interactions
from ficlens.analysis.relationships import build_relationships

if TYPE_CHECKING:
    from ficlens.datamodel import StoryAnalysis


def derive(analysis: StoryAnalysis) -> StoryAnalysis:
    """``analysis`` with arcs, interactions and relationships (re)computed from its other fields."""
    analysis = replace(analysis, emotions=with_arcs(analysis), interactions=build_interactions(analysis))
    return replace(analysis, relationships=build_relationships(analysis))

"""The interaction network of a ``StoryAnalysis``, per story and chapter.

The network itself is built by ``build_interactions`` (in the pipeline layer, so that ``collect`` can fill
``StoryAnalysis.interactions``); it is re-exported here with the other things computed without NLP. Its
GraphML files are written by ``ficlens.output.graphml``.
"""

from __future__ import annotations

from ficlens.pipeline.inner.network import SCENE_WINDOW, build_interactions, windows

__all__ = ["SCENE_WINDOW", "build_interactions", "windows"]

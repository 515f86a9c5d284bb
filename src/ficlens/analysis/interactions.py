"""The interaction network of a ``StoryAnalysis`` as networkx graphs and GraphML files, per story and chapter.

The network itself is built by ``build_interactions`` (in the pipeline layer, so that ``collect`` can fill
``StoryAnalysis.interactions``); it is re-exported here with the other things computed without NLP.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import InteractionType
from ficlens.pipeline.inner.network import SCENE_WINDOW, build_interactions, windows

if TYPE_CHECKING:
    import networkx as nx

    from ficlens.datamodel import StoryAnalysis

__all__ = ["SCENE_WINDOW", "build_interactions", "to_graph", "to_graphml", "windows", "write_graphml"]


def to_graph(analysis: StoryAnalysis, *, chapter: int | None = None) -> nx.MultiDiGraph:
    """The interaction network as a networkx ``MultiDiGraph`` (one edge per type, keyed by type).

    ``co_present`` edges are stored once (source < target) with ``directed=False``.
    """
    import networkx as nx

    graph = nx.MultiDiGraph(name=analysis.metadata.title or "", chapter=-1 if chapter is None else chapter)
    for c in analysis.characters:
        graph.add_node(c.id, name=c.name, prominence=c.prominence, mentions=c.mention_count)
    edges = analysis.interactions.edges if chapter is None else analysis.interactions.by_chapter
    for e in edges:
        if e.chapter != chapter:
            continue
        for node in (e.source, e.target):
            if node not in graph:
                graph.add_node(node, name=node, prominence=0, mentions=0)
        graph.add_edge(
            e.source,
            e.target,
            key=e.type.value,
            type=e.type.value,
            weight=e.weight,
            count=e.count,
            directed=e.type is not InteractionType.CO_PRESENT,
        )
    return graph


def to_graphml(analysis: StoryAnalysis, path: str | Path, *, chapter: int | None = None) -> Path:
    """Write the interaction network (the whole story, or one chapter) as GraphML; returns the path."""
    import networkx as nx

    out = Path(path)
    partial = out.with_name(out.name + ".partial")
    nx.write_graphml(to_graph(analysis, chapter=chapter), partial)
    partial.replace(out)  # written whole or not at all
    return out


def write_graphml(analysis: StoryAnalysis, out_dir: str | Path, stem: str) -> list[Path]:
    """``<stem>.graphml`` for the story and ``<stem>.ch<N>.graphml`` per chapter (stories with chapters)."""
    folder = Path(out_dir)
    paths = [to_graphml(analysis, folder / f"{stem}.graphml")]
    if len(analysis.chapters) > 1:
        for ch in analysis.chapters:
            paths.append(to_graphml(analysis, folder / f"{stem}.ch{ch.index}.graphml", chapter=ch.index))
    return paths

"""The interaction network as GraphML files, for Gephi, Cytoscape or networkx.

Two graphs per story (and per chapter, for stories with chapters), since GraphML tools treat a graph as
either directed or undirected:

- ``NAME.graphml``: who speaks to, acts on, or talks about whom. Directed, one edge per ordered pair of
  characters; the interaction types are edge attributes (``speaks_to``, ``acts_on``, ``mentions``: the weight
  of each, 0 when absent; ``types``: the names of those present) and ``weight`` is their sum.
- ``NAME.copresence.graphml``: who shares scenes with whom. Undirected, ``weight`` as in
  ``Interaction.weight`` and ``scenes`` the number of shared scenes.

Every node has ``label`` (the character's name, which Gephi shows), ``name``, ``prominence`` and ``mentions``
(within the chapter, in a chapter's graph). A chapter's graphs hold only the characters mentioned in that
chapter or in one of its interactions. Characters outside XML 1.0 (control characters, lone surrogates)
are written as ``\\uXXXX`` so every file parses. Files are written whole or not at all.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import InteractionType
from ficlens.output.files import atomic_write_text

if TYPE_CHECKING:
    import networkx as nx

    from ficlens.datamodel import StoryAnalysis
    from ficlens.datamodel.inner import Interaction

__all__ = ["DIRECTED_TYPES", "copresence_graph", "interaction_graph", "write_graphml", "xml_safe"]

DIRECTED_TYPES = (InteractionType.SPEAKS_TO, InteractionType.ACTS_ON, InteractionType.MENTIONS)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: str) -> str:
    """``value`` with every character XML 1.0 cannot hold written as ``\\uXXXX``."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def _edges(analysis: StoryAnalysis, chapter: int | None) -> list[Interaction]:
    stored = analysis.interactions.edges if chapter is None else analysis.interactions.by_chapter
    return [e for e in stored if e.chapter == chapter]


def _mentions_in(analysis: StoryAnalysis, chapter: int | None) -> Counter[str]:
    if chapter is None:
        return Counter({c.id: c.mention_count for c in analysis.characters})
    ordered = sorted(analysis.chapters, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    counts: Counter[str] = Counter()
    for m in analysis.mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and ordered[i].index == chapter:
            counts[m.character] += 1
    return counts


def _add_nodes(
    graph: nx.Graph, analysis: StoryAnalysis, chapter: int | None, edges: list[Interaction]
) -> None:
    mentions = _mentions_in(analysis, chapter)
    wanted = {e.source for e in edges} | {e.target for e in edges} | {k for k, n in mentions.items() if n}
    known = {c.id: c for c in analysis.characters}
    for c in sorted(analysis.characters, key=lambda c: c.prominence):
        if chapter is None or c.id in wanted:
            name = xml_safe(c.name)
            graph.add_node(
                xml_safe(c.id), label=name, name=name, prominence=c.prominence, mentions=mentions[c.id]
            )
    for node in sorted(wanted - known.keys()):  # an edge to someone the cast does not hold
        graph.add_node(xml_safe(node), label=xml_safe(node), name=xml_safe(node), prominence=0, mentions=0)


def _graph_attrs(analysis: StoryAnalysis, chapter: int | None) -> dict[str, object]:
    return {"name": xml_safe(analysis.metadata.title or ""), "chapter": -1 if chapter is None else chapter}


def interaction_graph(analysis: StoryAnalysis, *, chapter: int | None = None) -> nx.DiGraph:
    """Speaks-to, acts-on and mentions edges of the story (or of one chapter) as a directed graph."""
    import networkx as nx

    edges = [e for e in _edges(analysis, chapter) if e.type in DIRECTED_TYPES]
    graph = nx.DiGraph(**_graph_attrs(analysis, chapter))
    _add_nodes(graph, analysis, chapter, edges)
    for e in edges:
        u, v = xml_safe(e.source), xml_safe(e.target)
        if not graph.has_edge(u, v):
            graph.add_edge(u, v, weight=0.0, count=0, **{t.value: 0.0 for t in DIRECTED_TYPES})
        data = graph.edges[u, v]
        data[e.type.value] += e.weight
        data["weight"] += e.weight
        data["count"] += e.count
    for _, _, data in graph.edges(data=True):
        data["types"] = " ".join(t.value for t in DIRECTED_TYPES if data[t.value])
    return graph


def copresence_graph(analysis: StoryAnalysis, *, chapter: int | None = None) -> nx.Graph:
    """Who shares scenes with whom, in the story (or one chapter), as an undirected graph."""
    import networkx as nx

    edges = [e for e in _edges(analysis, chapter) if e.type is InteractionType.CO_PRESENT]
    graph = nx.Graph(**_graph_attrs(analysis, chapter))
    _add_nodes(graph, analysis, chapter, edges)
    for e in edges:
        u, v = xml_safe(e.source), xml_safe(e.target)
        if graph.has_edge(u, v):
            graph.edges[u, v]["weight"] += e.weight
            graph.edges[u, v]["scenes"] += e.count
        else:
            graph.add_edge(u, v, weight=e.weight, scenes=e.count)
    return graph


def _write(graph: nx.Graph, path: Path) -> Path:
    import networkx as nx

    atomic_write_text(path, "\n".join(nx.generate_graphml(graph, encoding="utf-8")) + "\n")
    return path


def write_graphml(analysis: StoryAnalysis, out_dir: str | Path, stem: str) -> list[Path]:
    """``STEM.graphml`` and ``STEM.copresence.graphml``, and the same pair per chapter (``STEM.chN...``)."""
    folder = Path(out_dir)
    parts: list[tuple[str, int | None]] = [(stem, None)]
    if len(analysis.chapters) > 1:
        parts += [(f"{stem}.ch{ch.index}", ch.index) for ch in analysis.chapters]
    paths = []
    for name, chapter in parts:
        paths.append(_write(interaction_graph(analysis, chapter=chapter), folder / f"{name}.graphml"))
        paths.append(
            _write(copresence_graph(analysis, chapter=chapter), folder / f"{name}.copresence.graphml")
        )
    return paths

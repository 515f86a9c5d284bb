"""GraphML of the interaction network: labels, types as attributes, co-presence apart, chapters apart."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ficlens.datamodel import (
    Chapter,
    Character,
    Mention,
    MentionCounts,
    MentionKind,
    Metadata,
    Source,
    SourceFormat,
    StoryAnalysis,
)
from ficlens.datamodel.inner import Interaction, Interactions, InteractionType
from ficlens.output.graphml import write_graphml, xml_safe

SPEAKS, ACTS, MENTIONS, CO = (
    InteractionType.SPEAKS_TO,
    InteractionType.ACTS_ON,
    InteractionType.MENTIONS,
    InteractionType.CO_PRESENT,
)


def _analysis() -> StoryAnalysis:
    # chapter 1 [0, 100): Ines, Bram; chapter 2 [100, 200): Ines, Odo. Odo's name holds a control character.
    cast = (
        Character("c1", "Ines Marlow", (), 3, MentionCounts(), None, None, None, 1),
        Character("c2", "Bram", (), 2, MentionCounts(), None, None, None, 2),
        Character("c3", "Odo\x07 <Reed> & co", (), 2, MentionCounts(), None, None, None, 3),
    )
    mentions = tuple(
        Mention(cid, at, at + 1, MentionKind.PROPER, "X")
        for cid, at in (("c1", 5), ("c2", 10), ("c2", 20), ("c1", 110), ("c1", 120), ("c3", 130), ("c3", 140))
    )

    def edge(s: str, t: str, kind: InteractionType, w: float, ch: int | None) -> Interaction:
        return Interaction(s, t, kind, w, int(w), ch)

    whole = (
        edge("c1", "c2", SPEAKS, 2, None),
        edge("c1", "c2", ACTS, 1, None),
        edge("c3", "c1", MENTIONS, 1, None),
        edge("c1", "c2", CO, 3, None),
        edge("c1", "c3", CO, 2, None),
    )
    by_chapter = (
        edge("c1", "c2", SPEAKS, 2, 1),
        edge("c1", "c2", ACTS, 1, 1),
        edge("c1", "c2", CO, 3, 1),
        edge("c3", "c1", MENTIONS, 1, 2),
        edge("c1", "c3", CO, 2, 2),
    )
    return StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, "0" * 64),
        metadata=Metadata(title="Tide\x0b Lines"),
        text="." * 200,
        chapters=(Chapter(1, None, 0, 100), Chapter(2, None, 100, 200)),
        characters=cast,
        mentions=mentions,
        interactions=Interactions(edges=whole, by_chapter=by_chapter),
    )


def test_files_per_story_and_chapter(tmp_path: Path) -> None:
    paths = write_graphml(_analysis(), tmp_path, "tide")
    assert [p.name for p in paths] == [
        "tide.graphml",
        "tide.copresence.graphml",
        "tide.ch1.graphml",
        "tide.ch1.copresence.graphml",
        "tide.ch2.graphml",
        "tide.ch2.copresence.graphml",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)  # no temporary left


def test_nodes_are_labelled_and_edge_types_are_attributes(tmp_path: Path) -> None:
    write_graphml(_analysis(), tmp_path, "tide")
    graph = nx.read_graphml(tmp_path / "tide.graphml")
    assert graph.is_directed()
    assert graph.nodes["c1"]["label"] == "Ines Marlow"
    assert graph.nodes["c3"]["label"] == "Odo\\u0007 <Reed> & co"
    assert set(graph.edges) == {("c1", "c2"), ("c3", "c1")}  # one edge per pair; no co-presence here
    pair = graph.edges["c1", "c2"]
    assert (pair["speaks_to"], pair["acts_on"], pair["mentions"]) == (2.0, 1.0, 0.0)
    assert pair["types"] == "speaks_to acts_on" and pair["weight"] == 3.0
    assert graph.graph["name"] == "Tide\\u000b Lines"


def test_copresence_is_a_separate_undirected_graph(tmp_path: Path) -> None:
    write_graphml(_analysis(), tmp_path, "tide")
    co = nx.read_graphml(tmp_path / "tide.copresence.graphml")
    assert not co.is_directed()
    assert {frozenset(e) for e in co.edges} == {frozenset({"c1", "c2"}), frozenset({"c1", "c3"})}
    assert co.edges["c2", "c1"]["weight"] == 3.0


def test_a_chapter_graph_holds_that_chapters_characters_only(tmp_path: Path) -> None:
    write_graphml(_analysis(), tmp_path, "tide")
    one = nx.read_graphml(tmp_path / "tide.ch1.graphml")
    two = nx.read_graphml(tmp_path / "tide.ch2.copresence.graphml")
    assert set(one.nodes) == {"c1", "c2"}
    assert set(two.nodes) == {"c1", "c3"}
    assert one.nodes["c1"]["mentions"] == 1 and two.nodes["c1"]["mentions"] == 2


def test_xml_safe_escapes_what_xml_cannot_hold() -> None:
    assert xml_safe("a\x00b\ud800c\tok\U0001f600") == "a\\u0000b\\ud800c\tok\U0001f600"

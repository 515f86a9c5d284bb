"""The report's data context: a golden copy for a hand-built story, and the rules it follows."""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from pathlib import Path

from report_stories import LANTERN, find, harbour_analysis, lantern_analysis

from ficlens.analysis.interactions import build_interactions
from ficlens.datamodel import (
    Chapter,
    Character,
    Mention,
    MentionCounts,
    MentionKind,
    Metadata,
    Note,
    NoteKind,
    Paragraph,
    Quote,
    QuoteKind,
    SceneBreak,
    Source,
    SourceFormat,
    StoryAnalysis,
)
from ficlens.datamodel.inner import POV_UNCLEAR_BELOW, Interactions, NarrativePerson, Pov, ScenePov
from ficlens.datamodel.serialize import to_jsonable
from ficlens.report import build_context
from ficlens.report.context import BLOCK_CHARS, CONTEXT_SCHEMA

GOLDEN = Path(__file__).parent / "golden" / "lantern-context.json"
REGENERATE = os.environ.get("FICLENS_REGENERATE_GOLDEN") == "1"


def _pretty(value: object, indent: str = "") -> str:
    """Indented JSON with every list of plain values on one line, so diffs stay readable."""
    if isinstance(value, dict):
        inner = indent + " "
        items = [f"{inner}{json.dumps(k)}: {_pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        inner = indent + " "
        return "[\n" + ",\n".join(inner + _pretty(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def test_context_matches_golden() -> None:
    got = json.loads(json.dumps(to_jsonable(build_context(lantern_analysis()))))
    if REGENERATE:
        GOLDEN.write_text(_pretty(got) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == want, "context changed; if on purpose, rerun with FICLENS_REGENERATE_GOLDEN=1"


def test_context_is_deterministic() -> None:
    assert build_context(lantern_analysis()) == build_context(lantern_analysis())


def test_cast_is_ordered_by_prominence_with_distinct_colours(lantern: StoryAnalysis) -> None:
    ctx = build_context(lantern)
    assert ctx.schema == CONTEXT_SCHEMA
    assert [c.id for c in ctx.cast] == ["wren", "jonah", "sol"]
    assert [c.index for c in ctx.cast] == [0, 1, 2]
    assert len({c.colour for c in ctx.cast}) == 3
    wren = ctx.cast[0]
    assert wren.lines == 1 and wren.words_spoken == len(lantern.quotes[0].text.split())
    assert wren.aliases == ("Wren", "Birdie")  # the name itself is not repeated as an alias
    assert wren.agent[0] == ("climb", 1)
    assert wren.spark == (-0.5, 0.7)
    assert ctx.cast[2].spark == (None, -0.4)  # Sol feels nothing in the first half


def test_mentions_are_flat_triples_sorted_by_start(lantern: StoryAnalysis) -> None:
    ctx = build_context(lantern)
    flat = ctx.text.mentions
    assert len(flat) == 3 * len(lantern.mentions)
    triples = [flat[i : i + 3] for i in range(0, len(flat), 3)]
    assert [t[0] for t in triples] == sorted(t[0] for t in triples)
    for start, end, who in triples:
        assert LANTERN[start:end] in {"Wren Calloway", "Wren", "Birdie", "She", "her", "Jonah", "He", "Sol"}
        assert 0 <= who < 3


def test_paragraphs_leave_out_notes_and_scene_breaks(lantern: StoryAnalysis) -> None:
    ctx = build_context(lantern)
    pairs = [ctx.text.paragraphs[i : i + 2] for i in range(0, len(ctx.text.paragraphs), 2)]
    texts = [LANTERN[s:e] for s, e in pairs]
    assert not any("A/N" in t or t == "* * *" for t in texts)
    assert texts[0].startswith("Wren Calloway climbed")
    assert ctx.text.breaks == find(LANTERN, "* * *")
    note = ctx.notes[0]
    assert note.in_text and note.label == "Author's note" and note.text.startswith("A/N:")


def test_network_uses_stored_interactions(lantern: StoryAnalysis) -> None:
    net = build_context(lantern).network
    assert not net.derived
    whole = [e for e in net.edges if e[4] == 0]
    assert len(whole) == len(lantern.interactions.edges)
    assert net.chapters == (1, 2)


def test_network_is_built_by_the_analysis_code_when_absent(lantern: StoryAnalysis) -> None:
    bare = dataclasses.replace(lantern, interactions=Interactions())
    net = build_context(bare).network
    assert net.derived
    # the same network a run stores: the report has no network algorithm of its own
    stored = build_context(dataclasses.replace(lantern, interactions=build_interactions(bare))).network
    assert not stored.derived and net.edges == stored.edges
    types = {(e[0], e[1], net.types[e[2]]) for e in net.edges if e[4] == 0}
    assert (0, 1, "speaks_to") in types and (1, 0, "speaks_to") in types and (2, 0, "speaks_to") in types
    together = {frozenset(e[:2]) for e in net.edges if net.types[e[2]] == "co_present"}
    assert {frozenset((0, 1)), frozenset((0, 2))} <= together  # Wren and Sol share the scene after the break


def _tiny(text: str, **kw: object) -> StoryAnalysis:
    return StoryAnalysis(source=Source(None, SourceFormat.TEXT, ""), metadata=Metadata(), text=text, **kw)  # type: ignore[arg-type]


def test_offsets_become_utf16_units_after_astral_characters() -> None:
    text = '😀😀 Ann waved. "Hi," Ann said.'
    start = text.index("Ann")
    q = text.index('"Hi,"')
    analysis = _tiny(
        text,
        characters=(Character("a", "Ann", (), 2, MentionCounts(2, 0, 0), None, start, None, 1),),
        mentions=(Mention("a", start, start + 3, MentionKind.PROPER, "Ann"),),
        quotes=(Quote("q", q, q + 5, '"Hi,"', QuoteKind.SPOKEN, None, "a", (), 0.9),),
    )
    ctx = build_context(analysis)
    js = text.encode("utf-16-le")
    s16, e16 = ctx.text.mentions[0], ctx.text.mentions[1]
    assert js[2 * s16 : 2 * e16].decode("utf-16-le") == "Ann"
    assert s16 == start + 2
    assert ctx.text.quotes[:2] == (q + 2, q + 7)
    assert ctx.cast[0].first == start + 2


def test_untitled_story_without_metadata_counts_prose_words() -> None:
    text = "AN: skip me please\n\nOne two three.\n\n***\n\nFour five."
    analysis = _tiny(
        text,
        notes=(Note(NoteKind.AUTHOR_NOTE, 0, 18, text[:18], True),),
        scene_breaks=(SceneBreak(text.index("***"), text.index("***") + 3, "***"),),
    )
    header = build_context(analysis).header
    assert header.title == "Untitled story"
    assert header.words == 5
    assert header.chapters == 1


def test_long_chapters_are_cut_into_blocks_at_paragraph_ends() -> None:
    para = "Word " * 199 + "end."
    text = "\n\n".join([para] * 120)
    paragraphs = []
    pos = 0
    for _ in range(120):
        paragraphs.append(Paragraph(pos, pos + len(para)))
        pos += len(para) + 2
    analysis = _tiny(text, paragraphs=tuple(paragraphs), chapters=(Chapter(1, None, 0, len(text)),))
    ctx = build_context(analysis)
    blocks = [ctx.text.blocks[i : i + 3] for i in range(0, len(ctx.text.blocks), 3)]
    assert len(blocks) > 5
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
    ends = {p.end for p in paragraphs}
    for (s, e, ch), nxt in itertools.pairwise(blocks):
        assert e == nxt[0] and e in ends and ch == 1
        assert e - s <= BLOCK_CHARS * 1.5 + len(para)


def test_blocks_tile_the_whole_text_even_past_the_last_chapter() -> None:
    text = "Preface.\n\nOne.\n\nTwo.\n\nAfterword."
    one, two, after = text.index("One"), text.index("Two"), text.index("After")
    analysis = _tiny(text, chapters=(Chapter(1, None, one, one + 4), Chapter(2, None, two, two + 4)))
    blocks = build_context(analysis).text.blocks
    assert blocks == (0, one, 0, one, two, 1, two, len(text), 2)
    assert after < len(text)


def test_empty_analysis_builds() -> None:
    ctx = build_context(_tiny(""))
    assert ctx.cast == () and ctx.text.mentions == () and ctx.network.edges == ()
    assert ctx.emotions.arcs == () and ctx.relationships.pairs == () and ctx.pov.scenes == ()


def test_pov_guesses_keep_their_calibrated_confidence_and_the_unclear_threshold(
    lantern: StoryAnalysis,
) -> None:
    # the threshold is the datamodel's: below it a calibrated guess is more likely wrong than right
    assert POV_UNCLEAR_BELOW == 0.5
    unsure = dataclasses.replace(
        lantern,
        pov=Pov(
            person=NarrativePerson.THIRD,
            scenes=(
                ScenePov(0, 10, "wren", 0.49, NarrativePerson.THIRD, 1),
                ScenePov(10, 20, "sol", 0.51, NarrativePerson.THIRD, 1),
                ScenePov(20, 30, None, 0.0, NarrativePerson.THIRD, 1),
            ),
        ),
    )
    pov = build_context(unsure).pov
    assert pov.unclear_below == POV_UNCLEAR_BELOW
    index = {c.id: c.index for c in build_context(unsure).cast}
    assert [(s.character, s.confidence) for s in pov.scenes] == [
        (index["wren"], 0.49),
        (index["sol"], 0.51),
        (-1, 0.0),
    ]


def test_minor_tier_is_listed_apart_from_the_cast_in_order_of_first_mention() -> None:
    harbour = harbour_analysis()
    ctx = build_context(harbour)
    assert [m.name for m in ctx.minor] == [
        "Tobiah Marsh",
        "Mistress Quillon",
        "Admiral Pennywhistle-Fairweather",
    ]
    tobiah = ctx.minor[0]
    assert tobiah.aliases == ("Old Tobiah Marsh", "Tobiah") and tobiah.mentions == 2
    assert harbour.text[tobiah.first :].startswith("Old Tobiah Marsh")
    assert ctx.minor[1].aliases == ()  # its only name is the name itself
    # kept out of the cast, its colours and the marks in the text
    assert [c.name for c in ctx.cast] == ["Wren Calloway", "Jonah"]
    assert set(ctx.text.mentions[2::3]) == {0, 1}
    # an analysis saved before the minor tier existed has none
    assert build_context(dataclasses.replace(harbour, minor_characters=())).minor == ()


def test_minor_first_mentions_are_utf16_offsets_too() -> None:
    harbour = harbour_analysis()
    shifted = dataclasses.replace(
        harbour,
        text="\U0001f30a" + harbour.text,
        minor_characters=tuple(
            dataclasses.replace(m, first_mention=m.first_mention + 1, last_mention=m.last_mention + 1)
            for m in harbour.minor_characters
        ),
    )
    before = [m.first for m in build_context(harbour).minor]
    assert [m.first for m in build_context(shifted).minor] == [f + 2 for f in before]

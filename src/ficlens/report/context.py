"""What the report page receives: one typed context object built from a ``StoryAnalysis`` alone.

``build_context`` never runs NLP; it only rearranges what the analysis holds into the shapes the page's
script draws, and computes a few things the analysis does not hold yet (an interaction network from
quotations and mentions when the analysis has none).

Conventions of the context, so a 300,000-word novel stays small and fast:

- characters are referred to by their **cast index** (position in ``ReportContext.cast``, most prominent
  first), -1 meaning nobody;
- every offset is a **UTF-16 code unit** offset into ``TextView.text`` (what JavaScript indexes), which
  equals the analysis's character offset unless the text holds characters outside the BMP (emoji);
- long per-text lists are **flat integer arrays** of fixed-width records (``TextView.mentions`` is
  ``[start, end, cast_index, start, end, cast_index, ...]``), sorted by start.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ficlens.analysis.interactions import build_interactions
from ficlens.datamodel import NoteKind, QuoteKind, StoryAnalysis, StyleKind
from ficlens.datamodel.inner import POV_UNCLEAR_BELOW, ArcPoint, ProfileItem
from ficlens.ingest.words import prose_words
from ficlens.report.palette import EDGE_COLOURS, EDGE_TYPES, character_colour, emotion_colour

CONTEXT_SCHEMA = "ficlens.report/1"

# The text is drawn lazily in blocks of about this many characters (a chapter, or a piece of a long one).
BLOCK_CHARS = 6_000

QUOTE_KINDS = (QuoteKind.SPOKEN, QuoteKind.WRITTEN, QuoteKind.THOUGHT)
STYLE_KINDS = (StyleKind.ITALIC, StyleKind.BOLD, StyleKind.CENTERED, StyleKind.STRIKE)
TENSES = ("none", "past", "present", "mixed")

NOTE_LABELS = {
    NoteKind.AUTHOR_NOTE: "Author's note",
    NoteKind.DISCLAIMER: "Disclaimer",
    NoteKind.SUMMARY: "Summary",
    NoteKind.WORK_NOTES: "Notes",
    NoteKind.CHAPTER_SUMMARY: "Chapter summary",
    NoteKind.CHAPTER_NOTES: "Chapter notes",
    NoteKind.CHAPTER_END_NOTES: "Chapter end notes",
    NoteKind.END_NOTES: "End notes",
}

# How many items of each profile list a cast card shows.
PROFILE_TOP = 6
RELATIONSHIPS_TOP = 40


# --- The context -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TagView:
    tag: str
    kind: str  # "romantic" or "platonic"


@dataclass(frozen=True, slots=True)
class Header:
    """The work's metadata, as shown at the top of the page. Every string is story data: set as text only."""

    title: str
    authors: tuple[str, ...]
    fandoms: tuple[str, ...]
    rating: str | None
    warnings: tuple[str, ...]
    categories: tuple[str, ...]
    relationships: tuple[TagView, ...]
    characters: tuple[str, ...]
    tags: tuple[str, ...]
    language: str | None
    summary: str | None
    words: int  # ficlens's count by AO3's rule (ficlens.ingest.words)
    stated_words: int | None  # the count the source states, when it states one
    chapters: int
    chapters_planned: int | None
    published: str | None
    updated: str | None
    completed: str | None
    series: tuple[str, ...]
    url: str | None  # shown as text, never as a link
    source_name: str | None
    source_format: str
    ficlens_version: str


@dataclass(frozen=True, slots=True)
class NoteView:
    """An author's note or disclaimer, kept apart from the prose.

    ``in_text`` notes cover ``text[start:end]``; the others stand at the point ``start`` (== ``end``).
    """

    kind: str
    label: str
    chapter: int | None
    start: int
    end: int
    in_text: bool
    text: str


@dataclass(frozen=True, slots=True)
class CastMember:
    """One character's card. Profile lists are ``(lemma, count)`` pairs, most frequent first."""

    index: int
    id: str
    name: str
    colour: str
    aliases: tuple[str, ...]
    pronouns: str | None
    prominence: int
    tag: str | None
    mentions: int
    mention_kinds: tuple[int, int, int]  # proper, common, pronoun
    lines: int  # quotations spoken, written or thought by the character
    words_spoken: int
    first: int  # offset of the first mention, -1 if none
    agent: tuple[tuple[str, int], ...]
    patient: tuple[tuple[str, int], ...]
    possessions: tuple[tuple[str, int], ...]
    descriptors: tuple[tuple[str, int], ...]
    emotions: tuple[str, ...]  # dominant emotions, strongest first
    spark: tuple[float | None, ...]  # valence per story segment, None where the character feels nothing


@dataclass(frozen=True, slots=True)
class MinorView:
    """A name of the minor tier: kept out of the cast on too little person evidence (met once, or never
    acting, speaking or called anything a person is), listed so it is not lost. It has no cast index and
    no marks in the text: its mentions are in no character's count."""

    id: str
    name: str
    aliases: tuple[str, ...]  # the other names it goes by
    mentions: int
    first: int  # offset of the first mention


@dataclass(frozen=True, slots=True)
class ChapterView:
    index: int
    title: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextView:
    """The story text and everything drawn on it (flat arrays, sorted by start).

    - ``blocks``: ``[start, end, chapter]`` units of lazy drawing (chapter 0: the story has no chapters);
    - ``paragraphs``: ``[start, end]`` prose paragraphs, with notes and scene breaks cut out;
    - ``mentions``: ``[start, end, cast_index]``;
    - ``quotes``: ``[start, end, speaker, kind, confidence_percent]``; kind indexes ``quote_kinds``;
    - ``addressees``: ``[quote_number, addressee, ...]`` for the quotes that have addressees;
    - ``styled``: ``[start, end, kind]``, kind indexes ``style_kinds``;
    - ``breaks``: ``[start, end]`` scene-break lines;
    - ``feelings``: ``[start, end, valence_percent, label]`` for each sentence with an emotion other than
      neutral, label indexing ``feeling_labels`` (its strongest label), valence in -100..100.
    """

    text: str
    chapters: tuple[ChapterView, ...]
    blocks: tuple[int, ...]
    paragraphs: tuple[int, ...]
    mentions: tuple[int, ...]
    quotes: tuple[int, ...]
    addressees: tuple[tuple[int, ...], ...]
    styled: tuple[int, ...]
    breaks: tuple[int, ...]
    feelings: tuple[int, ...]
    feeling_labels: tuple[str, ...]
    quote_kinds: tuple[str, ...] = tuple(k.value for k in QUOTE_KINDS)
    style_kinds: tuple[str, ...] = tuple(k.value for k in STYLE_KINDS)


@dataclass(frozen=True, slots=True)
class NetworkView:
    """Who interacts with whom. ``edges`` are ``[source, target, type, weight, chapter]`` with ``type``
    indexing ``types`` and chapter 0 for the whole story. ``derived`` is True when the analysis held no
    interactions and the report built them with ``ficlens.analysis.interactions``, the code a run uses."""

    types: tuple[str, ...]
    colours: tuple[str, ...]
    edges: tuple[tuple[int, int, int, float, int], ...]
    chapters: tuple[int, ...]
    derived: bool


@dataclass(frozen=True, slots=True)
class ArcView:
    """One character's emotion arc. ``segments`` and ``chapters`` rows are
    ``[sentence_count, valence, score of labels[0], score of labels[1], ...]`` (scores empty: None)."""

    character: int
    dominant: tuple[str, ...]
    overall: tuple[float | None, ...]
    segments: tuple[tuple[float | None, ...], ...]
    chapters: tuple[tuple[float | None, ...], ...]


@dataclass(frozen=True, slots=True)
class EmotionView:
    """Emotion arcs over story time: ``segments`` equal stretches, chapter starts at ``boundaries``
    (fractions of the story, 0..1). ``story`` is the mean valence of all sentences per segment."""

    labels: tuple[str, ...]
    colours: tuple[str, ...]
    segments: int
    boundaries: tuple[tuple[int, float], ...]
    arcs: tuple[ArcView, ...]
    story: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class PairView:
    """A ranked bond. ``tone`` is ``[affection, conflict, family, romance]``; ``cues`` are
    ``[kind, cue, start]``."""

    a: int
    b: int
    rank: int
    strength: float
    tone: tuple[float, float, float, float]
    cues: tuple[tuple[str, str, int], ...]
    shared_scenes: int
    lines_between: int
    acts_between: int
    tag: str | None
    tagged: str | None
    borne_out: bool


@dataclass(frozen=True, slots=True)
class RelationshipsView:
    pairs: tuple[PairView, ...]
    unmatched_tags: tuple[str, ...]
    untagged_strong: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class SceneView:
    start: int
    end: int
    character: int
    confidence: float
    person: str | None
    chapter: int | None


@dataclass(frozen=True, slots=True)
class PovView:
    """``unclear_below``: a scene whose guess is less sure than this is drawn as unclear, not as a claim."""

    person: str | None
    narrator: int
    person_counts: tuple[tuple[str, int], ...]
    scenes: tuple[SceneView, ...]
    unclear_below: float = 0.0


@dataclass(frozen=True, slots=True)
class ShiftView:
    start: int
    end: int
    from_tense: str
    to_tense: str
    paragraph: int  # start of the paragraph the shift is in
    at_break: bool


@dataclass(frozen=True, slots=True)
class TenseView:
    """``paragraphs`` is ``[start, end, tense]`` with tense indexing ``tenses``."""

    dominant: str
    tenses: tuple[str, ...]
    paragraphs: tuple[int, ...]
    shifts: tuple[ShiftView, ...]


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything the report template receives, and nothing else: the page draws from this alone."""

    schema: str
    header: Header
    notes: tuple[NoteView, ...]
    cast: tuple[CastMember, ...]
    minor: tuple[MinorView, ...]  # in order of first mention
    text: TextView
    network: NetworkView
    emotions: EmotionView
    relationships: RelationshipsView
    pov: PovView
    tense: TenseView
    warnings: tuple[str, ...]


# --- Building it -------------------------------------------------------------------------------------------


class _Utf16:
    """Maps character offsets to UTF-16 offsets (each character outside the BMP takes two units)."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)


def _r(value: float, digits: int = 3) -> float:
    return round(float(value), digits)


def _subtract(start: int, end: int, cuts: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` minus the sorted ranges ``cuts``."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for c_start, c_end in cuts:
        if c_end <= pos or c_start >= end:
            continue
        if c_start > pos:
            pieces.append((pos, c_start))
        pos = max(pos, c_end)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _paragraph_ranges(analysis: StoryAnalysis) -> list[tuple[int, int]]:
    if analysis.paragraphs:
        return [(p.start, p.end) for p in analysis.paragraphs]
    text = analysis.text
    sep = r"\n[ \t\r]*\n" if re.search(r"\n[ \t\r]*\n", text) else r"\n"
    ranges = []
    pos = 0
    for match in re.finditer(sep, text):
        ranges.append((pos, match.start()))
        pos = match.end()
    ranges.append((pos, len(text)))
    return ranges


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _title(analysis: StoryAnalysis) -> str:
    if analysis.metadata.title and analysis.metadata.title.strip():
        return analysis.metadata.title.strip()
    if analysis.source.path:
        return PurePath(analysis.source.path).stem
    return "Untitled story"


def _header(analysis: StoryAnalysis) -> Header:
    md = analysis.metadata
    series = tuple(f"{s.name}, part {s.part}" if s.part else s.name for s in md.series)
    return Header(
        title=_title(analysis),
        authors=md.authors,
        fandoms=md.fandoms,
        rating=md.rating,
        warnings=md.warnings,
        categories=md.categories,
        relationships=tuple(TagView(tag=r.tag, kind=r.kind.value) for r in md.relationships),
        characters=md.characters,
        tags=md.tags,
        language=md.language,
        summary=md.summary,
        # An analysis saved before ficlens counted words itself may hold none: count them the same way.
        words=md.words if md.words is not None else prose_words(analysis),
        stated_words=md.stated_words,
        chapters=md.chapters if md.chapters is not None else max(1, len(analysis.chapters)),
        chapters_planned=md.chapters_planned,
        published=md.published,
        updated=md.updated,
        completed=md.completed,
        series=series,
        url=md.url,
        source_name=PurePath(analysis.source.path).name if analysis.source.path else None,
        source_format=analysis.source.format.value,
        ficlens_version=analysis.ficlens_version,
    )


def _notes(analysis: StoryAnalysis, u16: _Utf16) -> tuple[NoteView, ...]:
    views = []
    for note in sorted(analysis.notes, key=lambda n: (n.start, n.end)):
        text = analysis.text[note.start : note.end] if note.in_text else note.text
        views.append(
            NoteView(
                kind=note.kind.value,
                label=NOTE_LABELS.get(note.kind, "Note"),
                chapter=note.chapter,
                start=u16(note.start),
                end=u16(note.end),
                in_text=note.in_text,
                text=text.strip() if text else note.text.strip(),
            )
        )
    return tuple(views)


def _chapter_of(starts: Sequence[int], indexes: Sequence[int], offset: int) -> int:
    """The index of the chapter holding ``offset`` (0 when the story has no chapters)."""
    i = bisect.bisect_right(starts, offset) - 1
    return indexes[i] if i >= 0 else (indexes[0] if indexes else 0)


def _profile_items(items: Iterable[ProfileItem]) -> tuple[tuple[str, int], ...]:
    return tuple((str(item.lemma), int(item.count)) for item in list(items)[:PROFILE_TOP])


def _cast(analysis: StoryAnalysis, u16: _Utf16) -> tuple[list[CastMember], dict[str, int]]:
    ordered = sorted(analysis.characters, key=lambda c: (c.prominence, -c.mention_count, c.name, c.id))
    index = {c.id: i for i, c in enumerate(ordered)}
    lines: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for quote in analysis.quotes:
        if quote.speaker in index:
            lines[quote.speaker] += 1
            words[quote.speaker] += len(quote.text.split())
    profiles = {p.character: p for p in analysis.profiles}
    arcs = {a.character: a for a in analysis.emotions.arcs}
    members = []
    for i, c in enumerate(ordered):
        profile = profiles.get(c.id)
        arc = arcs.get(c.id)
        members.append(
            CastMember(
                index=i,
                id=c.id,
                name=c.name,
                colour=character_colour(i),
                aliases=tuple(a.name for a in c.aliases if a.name != c.name),
                pronouns=c.pronouns,
                prominence=c.prominence,
                tag=c.tag,
                mentions=c.mention_count,
                mention_kinds=(c.mention_counts.proper, c.mention_counts.common, c.mention_counts.pronoun),
                lines=lines[c.id],
                words_spoken=words[c.id],
                first=u16(c.first_mention) if c.first_mention is not None else -1,
                agent=_profile_items(profile.agent) if profile else (),
                patient=_profile_items(profile.patient) if profile else (),
                possessions=_profile_items(profile.possessions) if profile else (),
                descriptors=_profile_items(profile.descriptors) if profile else (),
                emotions=tuple(arc.dominant) if arc else (),
                spark=tuple(_r(p.valence) if p.count else None for p in arc.segments) if arc else (),
            )
        )
    return members, index


def _minor(analysis: StoryAnalysis, u16: _Utf16) -> tuple[MinorView, ...]:
    ordered = sorted(analysis.minor_characters, key=lambda m: (m.first_mention, m.name, m.id))
    return tuple(
        MinorView(
            id=m.id,
            name=m.name,
            aliases=tuple(dict.fromkeys(a.name for a in m.aliases if a.name != m.name)),
            mentions=m.mention_count,
            first=u16(m.first_mention),
        )
        for m in ordered
    )


def _blocks(
    text: str, chapters: Sequence[ChapterView], paragraphs: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """Lazy-drawing units: each chapter, cut at paragraph ends into pieces of about BLOCK_CHARS."""
    # Blocks tile the whole text: each chapter runs to the next one's start (or the end of the text), and
    # text before the first chapter (work notes, a preface) is a block of its own.
    starts = sorted({min(max(0, ch.start), len(text)): ch.index for ch in chapters}.items())
    chapter_ends = [s for s, _ in starts[1:]] + [len(text)] if starts else []
    spans = [(s, e, index) for (s, index), e in zip(starts, chapter_ends, strict=True)]
    spans = [span for span in spans if span[1] > span[0]] or [(0, len(text), 0)]
    if spans[0][0] > 0:
        spans.insert(0, (0, spans[0][0], 0))
    ends = sorted(e for _, e in paragraphs)
    blocks = []
    for start, end, chapter in spans:
        pos = start
        while end - pos > BLOCK_CHARS * 1.5:
            i = bisect.bisect_left(ends, pos + BLOCK_CHARS)
            cut = ends[i] if i < len(ends) and ends[i] < end - BLOCK_CHARS // 2 else end
            blocks.append((pos, cut, chapter))
            pos = cut
        blocks.append((pos, end, chapter))
    return blocks


def _text_view(analysis: StoryAnalysis, cast_index: dict[str, int], u16: _Utf16) -> TextView:
    text = analysis.text
    chapters = tuple(
        ChapterView(index=ch.index, title=ch.title, start=ch.start, end=ch.end)
        for ch in sorted(analysis.chapters, key=lambda ch: ch.start)
    )
    cuts = sorted(
        [(n.start, n.end) for n in analysis.notes if n.in_text and n.end > n.start]
        + [(b.start, b.end) for b in analysis.scene_breaks if b.end > b.start]
    )
    paragraphs = []
    for p_start, p_end in _paragraph_ranges(analysis):
        for s, e in _subtract(p_start, p_end, cuts):
            trimmed = _trim(text, s, e)
            if trimmed:
                paragraphs.append(trimmed)
    paragraphs.sort()
    blocks = _blocks(text, chapters, paragraphs)

    mentions = sorted(
        (m.start, m.end, cast_index[m.character]) for m in analysis.mentions if m.character in cast_index
    )
    quotes = sorted(analysis.quotes, key=lambda q: (q.start, q.end))
    quote_rows = []
    addressees = []
    for number, q in enumerate(quotes):
        quote_rows.append(
            (
                u16(q.start),
                u16(q.end),
                cast_index.get(q.speaker, -1) if q.speaker else -1,
                QUOTE_KINDS.index(q.kind),
                round(q.confidence * 100),
            )
        )
        to = [cast_index[a] for a in q.addressees if a in cast_index]
        if to:
            addressees.append((number, *to))
    styled = sorted((s.start, s.end, STYLE_KINDS.index(s.kind)) for s in analysis.styled)
    breaks = sorted((b.start, b.end) for b in analysis.scene_breaks if b.end > b.start)
    labels = tuple(label for label in analysis.emotions.labels if label != "neutral")
    feelings = []
    for sentence in sorted(analysis.emotions.sentences, key=lambda s: s.start):
        felt = [label for label in sentence.labels if label in labels]
        if felt:
            strongest = max(felt, key=lambda label: sentence.scores.get(label, 0.0))
            valence = round(max(-1.0, min(1.0, sentence.valence)) * 100)
            feelings.append((sentence.start, sentence.end, valence, labels.index(strongest)))
    return TextView(
        text=text,
        chapters=tuple(
            ChapterView(index=ch.index, title=ch.title, start=u16(ch.start), end=u16(ch.end))
            for ch in chapters
        ),
        blocks=tuple(v for s, e, ch in blocks for v in (u16(s), u16(e), ch)),
        paragraphs=tuple(u16(v) for pair in paragraphs for v in pair),
        mentions=tuple(v for s, e, c in mentions for v in (u16(s), u16(e), c)),
        quotes=tuple(v for row in quote_rows for v in row),
        addressees=tuple(addressees),
        styled=tuple(v for s, e, k in styled for v in (u16(s), u16(e), k)),
        breaks=tuple(u16(v) for pair in breaks for v in pair),
        feelings=tuple(v for row in feelings for v in (u16(row[0]), u16(row[1]), row[2], row[3])),
        feeling_labels=labels,
    )


def _network(analysis: StoryAnalysis, cast_index: dict[str, int]) -> NetworkView:
    interactions = analysis.interactions
    derived = not interactions.edges
    if derived:
        # an analysis saved without its network: the code that builds it in a run draws it here
        interactions = build_interactions(analysis)
    edges: list[tuple[int, int, int, float, int]] = []
    for e in (*interactions.edges, *interactions.by_chapter):
        kind = e.type.value
        if e.source in cast_index and e.target in cast_index and kind in EDGE_TYPES:
            edges.append(
                (
                    cast_index[e.source],
                    cast_index[e.target],
                    EDGE_TYPES.index(kind),
                    _r(e.weight),
                    e.chapter or 0,
                )
            )
    edges.sort(key=lambda e: (e[4], e[2], e[0], e[1]))
    return NetworkView(
        types=EDGE_TYPES,
        colours=tuple(EDGE_COLOURS[t] for t in EDGE_TYPES),
        edges=tuple(edges),
        chapters=tuple(sorted({e[4] for e in edges if e[4]})),
        derived=derived,
    )


def _arc_row(point: ArcPoint, labels: Sequence[str]) -> tuple[float | None, ...]:
    if not point.count:
        return (0, None, *(None for _ in labels))
    return (point.count, _r(point.valence), *(_r(point.scores.get(label, 0.0)) for label in labels))


def _emotion_view(analysis: StoryAnalysis, cast_index: dict[str, int]) -> EmotionView:
    emotions = analysis.emotions
    labels = tuple(emotions.labels)
    segments = int(emotions.segments)
    length = max(1, len(analysis.text))
    boundaries = tuple(
        (ch.index, _r(ch.start / length, 4)) for ch in sorted(analysis.chapters, key=lambda c: c.start)
    )
    arcs = []
    story: tuple[float | None, ...] = ()
    if emotions.arcs:
        for arc in emotions.arcs:
            if arc.character not in cast_index:
                continue
            arcs.append(
                ArcView(
                    character=cast_index[arc.character],
                    dominant=tuple(arc.dominant),
                    overall=_arc_row(arc.overall, labels),
                    segments=tuple(_arc_row(p, labels) for p in arc.segments),
                    chapters=tuple(_arc_row(p, labels) for p in arc.chapters),
                )
            )
        arcs.sort(key=lambda a: a.character)
        if segments and emotions.sentences:
            sums = [0.0] * segments
            counts = [0] * segments
            for s in emotions.sentences:
                seg = min(segments - 1, s.start * segments // length)
                sums[seg] += s.valence
                counts[seg] += 1
            story = tuple(_r(t / n) if n else None for t, n in zip(sums, counts, strict=True))
    return EmotionView(
        labels=labels,
        colours=tuple(emotion_colour(label) for label in labels),
        segments=segments,
        boundaries=boundaries,
        arcs=tuple(arcs),
        story=story,
    )


def _relationships(analysis: StoryAnalysis, cast_index: dict[str, int], u16: _Utf16) -> RelationshipsView:
    rel = analysis.relationships
    pairs = []
    for p in rel.pairs:
        a, b = p.characters
        if a not in cast_index or b not in cast_index:
            continue
        ia, ib = sorted((cast_index[a], cast_index[b]))
        pairs.append(
            PairView(
                a=ia,
                b=ib,
                rank=p.rank,
                strength=_r(p.strength),
                tone=(_r(p.tone.affection), _r(p.tone.conflict), _r(p.tone.family), _r(p.tone.romance)),
                cues=tuple((c.kind.value, c.cue, u16(c.start)) for c in p.cues),
                shared_scenes=p.shared_scenes,
                lines_between=p.lines_between,
                acts_between=p.acts_between,
                tag=p.tag,
                tagged=p.tagged,
                borne_out=p.borne_out,
            )
        )
    pairs.sort(key=lambda p: (p.rank, -p.strength, p.a, p.b))
    tagged = [p for p in pairs[RELATIONSHIPS_TOP:] if p.tag]
    strong = tuple(
        tuple(sorted((cast_index[a], cast_index[b])))
        for a, b in rel.untagged_strong
        if a in cast_index and b in cast_index
    )
    return RelationshipsView(
        pairs=tuple(pairs[:RELATIONSHIPS_TOP] + tagged),
        unmatched_tags=tuple(rel.unmatched_tags),
        untagged_strong=strong,  # type: ignore[arg-type]
    )


def _pov(analysis: StoryAnalysis, cast_index: dict[str, int], u16: _Utf16) -> PovView:
    pov = analysis.pov
    return PovView(
        person=pov.person.value if pov.person else None,
        narrator=cast_index.get(pov.narrator, -1) if pov.narrator else -1,
        person_counts=tuple(sorted(pov.person_counts.items())),
        scenes=tuple(
            SceneView(
                start=u16(s.start),
                end=u16(s.end),
                character=cast_index.get(s.character, -1) if s.character else -1,
                confidence=_r(s.confidence, 2),
                person=s.person.value if s.person else None,
                chapter=s.chapter,
            )
            for s in sorted(pov.scenes, key=lambda s: s.start)
        ),
        unclear_below=POV_UNCLEAR_BELOW,
    )


def _tense(analysis: StoryAnalysis, u16: _Utf16) -> TenseView:
    tense = analysis.tense
    return TenseView(
        dominant=tense.dominant.value,
        tenses=TENSES,
        paragraphs=tuple(
            v
            for p in sorted(tense.paragraphs, key=lambda p: p.start)
            for v in (u16(p.start), u16(p.end), TENSES.index(p.tense.value))
        ),
        shifts=tuple(
            ShiftView(
                start=u16(s.start),
                end=u16(s.end),
                from_tense=s.from_tense.value,
                to_tense=s.to_tense.value,
                paragraph=u16(s.paragraph[0]),
                at_break=s.at_break,
            )
            for s in sorted(tense.shifts, key=lambda s: s.start)
        ),
    )


def build_context(analysis: StoryAnalysis) -> ReportContext:
    """Arrange ``analysis`` into what the report page draws. Pure: the same analysis, the same context."""
    u16 = _Utf16(analysis.text)
    cast, cast_index = _cast(analysis, u16)
    return ReportContext(
        schema=CONTEXT_SCHEMA,
        header=_header(analysis),
        notes=_notes(analysis, u16),
        cast=tuple(cast),
        minor=_minor(analysis, u16),
        text=_text_view(analysis, cast_index, u16),
        network=_network(analysis, cast_index),
        emotions=_emotion_view(analysis, cast_index),
        relationships=_relationships(analysis, cast_index, u16),
        pov=_pov(analysis, cast_index, u16),
        tense=_tense(analysis, u16),
        warnings=analysis.warnings,
    )

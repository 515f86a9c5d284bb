"""Hand-built analyses for the report tests: a small invented story with every section filled in,
and a story whose every string is an attack on the page."""

from __future__ import annotations

import re
from dataclasses import replace

from ficlens.datamodel import (
    Alias,
    AttributionType,
    Chapter,
    Character,
    Mention,
    MentionCounts,
    MentionKind,
    Metadata,
    MinorCharacter,
    Note,
    NoteKind,
    Paragraph,
    Quote,
    QuoteKind,
    RelationshipKind,
    RelationshipTag,
    SceneBreak,
    Series,
    Source,
    SourceFormat,
    StoryAnalysis,
    Styled,
    StyleKind,
)
from ficlens.datamodel.inner import (
    ArcPoint,
    Cue,
    DescriptorKind,
    EmotionArc,
    Emotions,
    ExperienceHow,
    Experiencer,
    Interaction,
    Interactions,
    InteractionType,
    NarrativePerson,
    ParagraphTense,
    Pov,
    Profile,
    ProfileItem,
    Relationship,
    Relationships,
    ScenePov,
    SentenceFeeling,
    Tense,
    TenseReport,
    TenseShift,
    Tone,
    ToneKind,
)

LANTERN = (
    "A/N: Thanks for reading! I own nothing but the lighthouse.\n"
    "\n"
    "Wren Calloway climbed the stairs of the lighthouse. She was tired.\n"
    "\n"
    '"Jonah, the lamp is out again," Wren said.\n'
    "\n"
    '"I\'ll fix it," Jonah replied. He took her hand.\n'
    "\n"
    "* * *\n"
    "\n"
    "Sol waited by the boats. She is worried now, and the sea is loud.\n"
    "\n"
    '"Birdie, come inside," Sol called to Wren.\n'
    "\n"
    "Wren laughed. Jonah hugged her.\n"
)


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        out.append(Paragraph(m.start(), m.end()))
    return tuple(out)


def point(index: int, start: int, end: int, count: int, valence: float, **scores: float) -> ArcPoint:
    return ArcPoint(index=index, start=start, end=end, count=count, scores=dict(scores), valence=valence)


def lantern_analysis() -> StoryAnalysis:
    """Two chapters, an author's note, a scene break, three characters, inner life filled in."""
    t = LANTERN
    ch2 = t.index('"Birdie')
    note_end = t.index("\n")
    brk = find(t, "* * *")

    def mention(cid: str, needle: str, nth: int = 0, kind: MentionKind = MentionKind.PROPER) -> Mention:
        s, e = find(t, needle, nth)
        return Mention(cid, s, e, kind, t[s:e])

    mentions = (
        mention("wren", "Wren Calloway"),
        mention("wren", "She", 0, MentionKind.PRONOUN),
        mention("jonah", "Jonah"),
        mention("wren", "Wren", 1),
        mention("jonah", "Jonah", 1),
        mention("jonah", "He", 0, MentionKind.PRONOUN),
        mention("wren", "her", 0, MentionKind.PRONOUN),
        mention("sol", "Sol"),
        mention("sol", "She", 1, MentionKind.PRONOUN),
        mention("wren", "Birdie"),
        mention("sol", "Sol", 1),
        mention("wren", "Wren", 2),
        mention("wren", "Wren", 3),
        mention("jonah", "Jonah", 2),
        mention("wren", "her", 1, MentionKind.PRONOUN),
    )
    q1, q2, q3 = (
        find(t, '"Jonah, the lamp is out again,"'),
        find(t, '"I\'ll fix it,"'),
        find(t, '"Birdie, come inside,"'),
    )
    quotes = (
        Quote(
            "q1",
            *q1,
            t[q1[0] : q1[1]],
            QuoteKind.SPOKEN,
            AttributionType.EXPLICIT,
            "wren",
            ("jonah",),
            0.93,
            1,
        ),
        Quote(
            "q2",
            *q2,
            t[q2[0] : q2[1]],
            QuoteKind.SPOKEN,
            AttributionType.EXPLICIT,
            "jonah",
            ("wren",),
            0.9,
            1,
        ),
        Quote(
            "q3", *q3, t[q3[0] : q3[1]], QuoteKind.SPOKEN, AttributionType.EXPLICIT, "sol", ("wren",), 0.88, 2
        ),
    )
    characters = (
        Character(
            "wren",
            "Wren Calloway",
            (Alias("Wren Calloway", 1), Alias("Wren", 3), Alias("Birdie", 1)),
            8,
            MentionCounts(5, 0, 3),
            "she/her",
            mentions[0].start,
            mentions[-1].start,
            1,
            "Wren Calloway",
        ),
        Character(
            "jonah",
            "Jonah Vale",
            (Alias("Jonah", 3),),
            4,
            MentionCounts(3, 0, 1),
            "he/him",
            q1[0] + 1,
            None,
            2,
        ),
        Character(
            "sol", "Marisol Ortega", (Alias("Sol", 2),), 3, MentionCounts(2, 0, 1), "she/her", None, None, 3
        ),
    )
    shift = find(t, "is worried")
    sentences = (
        SentenceFeeling(
            *find(t, "She was tired."),
            {"sadness": 0.6, "joy": 0.05},
            ("sadness",),
            -0.5,
            (Experiencer("wren", ExperienceHow.PREDICATE),),
            1,
        ),
        SentenceFeeling(
            *find(t, "Wren laughed."),
            {"joy": 0.8},
            ("joy",),
            0.7,
            (Experiencer("wren", ExperienceHow.POV),),
            2,
        ),
    )
    emotions = Emotions(
        segments=2,
        sentences=sentences,
        arcs=(
            EmotionArc(
                "wren",
                chapters=(point(1, 0, ch2, 1, -0.5, sadness=0.6), point(2, ch2, len(t), 1, 0.7, joy=0.8)),
                segments=(
                    point(0, 0, len(t) // 2, 1, -0.5, sadness=0.6),
                    point(1, len(t) // 2, len(t), 1, 0.7, joy=0.8),
                ),
                overall=point(0, 0, len(t), 2, 0.1, sadness=0.3, joy=0.425),
                dominant=("joy", "sadness"),
            ),
            EmotionArc(
                "sol",
                chapters=(point(1, 0, ch2, 1, -0.4, fear=0.7), point(2, ch2, len(t), 0, 0.0)),
                segments=(point(0, 0, len(t) // 2, 0, 0.0), point(1, len(t) // 2, len(t), 1, -0.4, fear=0.7)),
                overall=point(0, 0, len(t), 1, -0.4, fear=0.7),
                dominant=("fear",),
            ),
        ),
    )
    climbed, took, hugged = find(t, "climbed"), find(t, "took"), find(t, "hugged")
    profiles = (
        Profile(
            "wren",
            agent=(ProfileItem("climb", 1, (climbed,)), ProfileItem("laugh", 1, (find(t, "laughed"),))),
            patient=(ProfileItem("hug", 1, (hugged,)),),
            possessions=(ProfileItem("hand", 1, (find(t, "hand"),)),),
            descriptors=(ProfileItem("tired", 1, (find(t, "tired"),), DescriptorKind.ADJECTIVE),),
        ),
        Profile("jonah", agent=(ProfileItem("take", 1, (took,)), ProfileItem("hug", 1, (hugged,)))),
    )
    interactions = Interactions(
        edges=(
            Interaction("wren", "jonah", InteractionType.SPEAKS_TO, 1.0, 1, None, (q1,)),
            Interaction("jonah", "wren", InteractionType.SPEAKS_TO, 1.0, 1, None, (q2,)),
            Interaction("sol", "wren", InteractionType.SPEAKS_TO, 1.0, 1, None, (q3,)),
            Interaction("jonah", "wren", InteractionType.ACTS_ON, 2.0, 2, None, (took, hugged)),
            Interaction("jonah", "wren", InteractionType.CO_PRESENT, 3.0, 2, None, ()),
            Interaction("sol", "wren", InteractionType.CO_PRESENT, 1.0, 1, None, ()),
        ),
        by_chapter=(
            Interaction("wren", "jonah", InteractionType.SPEAKS_TO, 1.0, 1, 1, (q1,)),
            Interaction("jonah", "wren", InteractionType.SPEAKS_TO, 1.0, 1, 1, (q2,)),
            Interaction("sol", "wren", InteractionType.SPEAKS_TO, 1.0, 1, 2, (q3,)),
            Interaction("jonah", "wren", InteractionType.ACTS_ON, 1.0, 1, 1, (took,)),
            Interaction("jonah", "wren", InteractionType.ACTS_ON, 1.0, 1, 2, (hugged,)),
        ),
    )
    relationships = Relationships(
        pairs=(
            Relationship(
                ("jonah", "wren"),
                1,
                1.0,
                Tone(affection=0.8, romance=0.4),
                (Cue(kind=ToneKind.AFFECTION, cue="hug", start=hugged[0], end=hugged[1]),),
                2,
                2,
                2,
                "Wren Calloway/Jonah Vale",
                "romantic",
                True,
            ),
            Relationship(("sol", "wren"), 2, 0.4, Tone(family=0.5), (), 1, 1, 0),
        ),
        unmatched_tags=("Harbourmaster & Wren Calloway",),
    )
    pov = Pov(
        person=NarrativePerson.THIRD,
        person_counts={"first": 0, "second": 0, "third": 6},
        scenes=(
            ScenePov(note_end + 2, brk[0], "wren", 0.8, NarrativePerson.THIRD, 1),
            ScenePov(brk[1] + 2, ch2, "sol", 0.6, NarrativePerson.THIRD, 1),
            ScenePov(ch2, len(t), "wren", 0.5, NarrativePerson.THIRD, 2),
        ),
    )
    paras = paragraphs(t)
    para_of = {p.start: p for p in paras}
    sol_para = next(p for p in paras if p.start <= shift[0] < p.end)
    tense = TenseReport(
        dominant=Tense.PAST,
        paragraphs=tuple(
            ParagraphTense(
                p.start, p.end, Tense.MIXED if p is sol_para else Tense.PAST, 1, 1 if p is sol_para else 0
            )
            for p in para_of.values()
            if p.start > note_end and p.start != brk[0]
        ),
        shifts=(TenseShift(*shift, Tense.PAST, Tense.PRESENT, (sol_para.start, sol_para.end), True),),
    )
    return StoryAnalysis(
        source=Source("stories/the-lantern.txt", SourceFormat.TEXT, "0" * 64),
        metadata=Metadata(
            title="The Lantern Keeper",
            authors=("quietgull",),
            fandoms=("Lighthouse Stories (Original Work)",),
            rating="Teen And Up Audiences",
            relationships=(
                RelationshipTag(
                    "Wren Calloway/Jonah Vale", RelationshipKind.ROMANTIC, ("Wren Calloway", "Jonah Vale")
                ),
            ),
            characters=("Wren Calloway", "Jonah Vale"),
            tags=("Hurt/Comfort", "Storms"),
            summary="A keeper, a storm, a lamp that will not stay lit.",
            chapters=2,
            chapters_planned=2,
        ),
        text=t,
        notes=(Note(NoteKind.AUTHOR_NOTE, 0, note_end, t[:note_end], True, 1),),
        chapters=(Chapter(1, "The Lamp", note_end + 2, ch2), Chapter(2, "The Storm", ch2, len(t))),
        scene_breaks=(SceneBreak(*brk, "* * *"),),
        paragraphs=paras,
        styled=(Styled(StyleKind.ITALIC, *find(t, "again")),),
        characters=characters,
        mentions=mentions,
        quotes=quotes,
        ficlens_version="0.1.0",
        emotions=emotions,
        profiles=profiles,
        interactions=interactions,
        relationships=relationships,
        pov=pov,
        tense=tense,
    )


HARBOUR = (
    "Wren Calloway walked down to the harbour before dawn.\n"
    "\n"
    "Old Tobiah Marsh had kept the lamp before her, the net-menders said, and Mistress Quillon still sold "
    "the oil from her shed above the slipway.\n"
    "\n"
    '"Ask Tobiah about the lens," Jonah told her.\n'
    "\n"
    "Wren only nodded. A gull called Admiral Pennywhistle-Fairweather watched them from the post.\n"
)


def harbour_analysis() -> StoryAnalysis:
    """Two characters and a minor tier of three names met once or twice, never doing anything in the story."""
    t = HARBOUR

    def mention(cid: str, needle: str, nth: int = 0, kind: MentionKind = MentionKind.PROPER) -> Mention:
        s, e = find(t, needle, nth)
        return Mention(cid, s, e, kind, t[s:e])

    mentions = (
        mention("wren", "Wren Calloway"),
        mention("wren", "her", 0, MentionKind.PRONOUN),
        mention("jonah", "Jonah"),
        mention("wren", "her", 2, MentionKind.PRONOUN),
        mention("wren", "Wren", 1),
    )
    q = find(t, '"Ask Tobiah about the lens,"')
    tobiah, quillon = find(t, "Old Tobiah Marsh"), find(t, "Mistress Quillon")
    admiral = find(t, "Admiral Pennywhistle-Fairweather")
    return StoryAnalysis(
        source=Source("stories/harbour.txt", SourceFormat.TEXT, "2" * 64),
        metadata=Metadata(title="The Harbour Before Dawn"),
        text=t,
        paragraphs=paragraphs(t),
        characters=(
            Character(
                "wren",
                "Wren Calloway",
                (Alias("Wren Calloway", 1), Alias("Wren", 1)),
                4,
                MentionCounts(2, 0, 2),
                "she/her",
                mentions[0].start,
                mentions[-1].start,
                1,
            ),
            Character("jonah", "Jonah", (Alias("Jonah", 1),), 1, MentionCounts(1, 0, 0), None, q[1], None, 2),
        ),
        minor_characters=(
            MinorCharacter(
                "m1",
                "Tobiah Marsh",
                (Alias("Old Tobiah Marsh", 1), Alias("Tobiah", 1)),
                2,
                tobiah[0],
                find(t, "Tobiah", 1)[0],
            ),
            MinorCharacter(
                "m2", "Mistress Quillon", (Alias("Mistress Quillon", 1),), 1, quillon[0], quillon[0]
            ),
            MinorCharacter(
                "m3",
                "Admiral Pennywhistle-Fairweather",
                (Alias("Admiral Pennywhistle-Fairweather", 1),),
                1,
                admiral[0],
                admiral[0],
            ),
        ),
        mentions=mentions,
        quotes=(
            Quote(
                "q1", *q, t[q[0] : q[1]], QuoteKind.SPOKEN, AttributionType.EXPLICIT, "jonah", ("wren",), 0.9
            ),
        ),
        ficlens_version="0.1.0",
    )


XSS = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
XSS_LINK = '<a href="javascript:window.__pwned=3">click</a>'


def xss_analysis() -> StoryAnalysis:
    """Every story string is an attack: title, tags, names, aliases, notes, the text itself."""
    text = (
        f"{XSS} opened the door.\n\n"
        f'"{XSS_LINK} and \u2028 and \u2029 and <!-- and ]]>," said {XSS}.\n\n'
        f"<style>body{{display:none}}</style> {XSS} left. \U0001f600 done.\n"
    )
    name_at = [m.start() for m in re.finditer(re.escape(XSS), text)]
    quote = find(text, '"' + XSS_LINK)
    quote_end = text.index(',"') + 2
    mentions = tuple(Mention("x", s, s + len(XSS), MentionKind.PROPER, XSS) for s in name_at)
    return StoryAnalysis(
        source=Source(f"{XSS}.txt", SourceFormat.TEXT, "1" * 64),
        metadata=Metadata(
            title=XSS,
            authors=(XSS_LINK,),
            fandoms=(XSS,),
            rating=XSS,
            warnings=(XSS,),
            relationships=(RelationshipTag(f"{XSS}/{XSS_LINK}", RelationshipKind.ROMANTIC, (XSS, XSS_LINK)),),
            characters=(XSS,),
            tags=(XSS, XSS_LINK, "javascript:alert(1)"),
            summary=XSS,
            url="javascript:window.__pwned=4",
            series=(Series(XSS, 1),),
        ),
        text=text,
        notes=(Note(NoteKind.END_NOTES, len(text), len(text), XSS + XSS_LINK, False, None),),
        characters=(
            Character("x", XSS, (Alias(XSS_LINK, 1),), 3, MentionCounts(3, 0, 0), XSS, 0, None, 1, XSS),
            Character("y", XSS_LINK, (), 0, MentionCounts(), None, None, None, 2),
        ),
        minor_characters=(MinorCharacter("z", XSS_LINK, (Alias(XSS, 1),), 1, 0, 0),),
        mentions=mentions,
        quotes=(
            Quote(
                "q", quote[0], quote_end, text[quote[0] : quote_end], QuoteKind.SPOKEN, None, "x", ("y",), 0.5
            ),
        ),
        warnings=(XSS,),
        relationships=Relationships(
            pairs=(
                Relationship(
                    ("x", "y"),
                    1,
                    1.0,
                    Tone(),
                    (Cue(cue=XSS, start=0, end=3),),
                    tag=XSS,
                    tagged="romantic",
                ),
            ),
            unmatched_tags=(XSS,),
        ),
        profiles=(Profile("x", agent=(ProfileItem(XSS, 1),), descriptors=(ProfileItem(XSS_LINK, 2),)),),
        emotions=Emotions(
            segments=1,
            arcs=(EmotionArc("x", segments=(point(0, 0, len(text), 1, 0.2, joy=0.5),), dominant=(XSS,)),),
        ),
    )


# --- A large cast: 90 invented characters ----------------------------------------------------------------

_FIRST = ("Ka", "Ve", "Lo", "Mi", "Da", "Ru", "Sen", "Tal", "Or", "Ib", "Fen", "Yo")
_SECOND = ("ra", "din", "mo", "sel", "vik", "na", "tho", "lia")
_FAMILY = (
    "Ashgrove",
    "Pellbrook",
    "Quenwright",
    "Marrowby",
    "Tindale",
    "Olvercott",
    "Brisk",
    "Hallowell",
    "Corrin",
    "Vantry",
    "Élanour",
    "Fitzwarren-Delacourt",
)
_PLACES = ("mill", "ferry", "orchard", "archive", "lighthouse", "market", "chapel", "forge")


def cast_names(n: int = 90) -> list[str]:
    """``n`` invented, distinct names (first name from two syllables, a family name)."""
    names: list[str] = []
    for k in range(n):
        first = _FIRST[k % len(_FIRST)] + _SECOND[(k // len(_FIRST)) % len(_SECOND)]
        names.append(f"{first} {_FAMILY[(k * 5) % len(_FAMILY)]}")
    assert len(set(names)) == n
    return names


def big_cast_analysis(n: int = 90, chapters: int = 6, paragraphs_per_chapter: int = 30) -> StoryAnalysis:
    """A story with ``n`` characters whose presence falls off with rank (the first few in most scenes, the
    last ones in one or two): mentions, quotations, an interaction network, feelings, bonds and POV."""
    import random

    from ficlens.analysis.interactions import build_interactions

    rng = random.Random(7)
    names = cast_names(n)
    ids = [f"p{k}" for k in range(n)]
    weights = [1 / (k + 1) ** 0.9 for k in range(n)]
    parts: list[str] = []
    mentions: list[Mention] = []
    quotes: list[Quote] = []
    chapter_spans: list[Chapter] = []
    scenes: list[ScenePov] = []
    pos = 0

    def put(piece: str) -> int:
        nonlocal pos
        at = pos
        parts.append(piece)
        pos += len(piece)
        return at

    def name(k: int) -> None:
        at = put(names[k])
        mentions.append(Mention(ids[k], at, at + len(names[k]), MentionKind.PROPER, names[k]))

    rare = list(range(n))  # everyone appears at least once: the rarest get a paragraph each in turn
    for ch in range(1, chapters + 1):
        ch_start = pos
        for p in range(paragraphs_per_chapter):
            present = {rng.choices(range(n), weights)[0] for _ in range(3)}
            if rare and p % 2 == 0:
                present.add(rare.pop())
            who = sorted(present)
            if len(who) < 2:
                who.append((who[0] + 1) % n)
            a, b = who[0], who[1]
            name(a)
            put(" found ")
            name(b)
            put(f" by the {_PLACES[(ch + p) % len(_PLACES)]}. ")
            q_start = put('"We cannot wait for the tide," ')
            quotes.append(
                Quote(
                    f"q{len(quotes)}",
                    q_start,
                    q_start + 30,
                    '"We cannot wait for the tide,"',
                    QuoteKind.SPOKEN,
                    AttributionType.EXPLICIT,
                    ids[a],
                    (ids[b],),
                    0.8,
                    ch,
                )
            )
            name(a)
            put(" said.")
            for c in who[2:]:
                put(" ")
                name(c)
                put(" listened.")
            put("\n\n")
        chapter_spans.append(Chapter(ch, f"Tide {ch}", ch_start, pos))
        narrator = (ch - 1) % 3
        scenes.append(
            ScenePov(ch_start, pos, ids[narrator], 0.2 if ch % 3 == 0 else 0.7, NarrativePerson.THIRD, ch)
        )
    text = "".join(parts)
    counts = {cid: 0 for cid in ids}
    for m in mentions:
        counts[m.character] += 1
    first = {}
    for m in mentions:
        first.setdefault(m.character, m.start)
    ranked = sorted(range(n), key=lambda k: (-counts[ids[k]], k))
    characters = tuple(
        Character(
            ids[k],
            names[k],
            (Alias(names[k], counts[ids[k]]), Alias(names[k].split()[0], 0)),
            counts[ids[k]],
            MentionCounts(counts[ids[k]], 0, 0),
            None,
            first[ids[k]],
            None,
            rank + 1,
        )
        for rank, k in enumerate(ranked)
    )
    segments = 10
    size = len(text) // segments
    arcs = tuple(
        EmotionArc(
            ids[k],
            chapters=tuple(
                point(c.index, c.start, c.end, 2, 0.6 * (-1) ** (c.index + j), joy=0.5) for c in chapter_spans
            ),
            segments=tuple(
                point(i, i * size, (i + 1) * size, 1, ((i + j) % 5 - 2) / 2.5) for i in range(segments)
            ),
            overall=point(0, 0, len(text), 10, 0.1, joy=0.3),
            dominant=("joy",),
        )
        for j, k in enumerate(ranked[:8])
    )
    pairs = tuple(
        Relationship(
            tuple(sorted((ids[ranked[j]], ids[ranked[j + 1]]))),  # type: ignore[arg-type]
            j + 1,
            round(1 - j * 0.08, 2),
            Tone(affection=0.5, conflict=0.2 * (j % 3)),
            (),
            3,
            4,
            1,
        )
        for j in range(10)
    )
    analysis = StoryAnalysis(
        source=Source("stories/ninety.txt", SourceFormat.TEXT, "0" * 64),
        metadata=Metadata(title="Ninety at the Tide Mill", authors=("saltmarsh",), chapters=chapters),
        text=text,
        chapters=tuple(chapter_spans),
        paragraphs=paragraphs(text),
        characters=characters,
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        emotions=Emotions(segments=segments, arcs=arcs),
        relationships=Relationships(pairs=pairs),
        pov=Pov(person=NarrativePerson.THIRD, person_counts={"third": 10}, scenes=tuple(scenes)),
        ficlens_version="0.1.0",
    )
    return replace(analysis, interactions=build_interactions(analysis))

"""Relationships and ships: how strong each pair's bond is, its tone, and whether the AO3 tags bear it out.

Computed from a ``StoryAnalysis`` alone (its interactions, acts, kinship cues, quotes and sentence emotions).

Strength adds up what the pair shares: scenes (weighted by how much both are in them), lines spoken to
each other, acts one does to the other, mentions of each other in speech, and tone cues. Tone comes from
cues: embraces and kisses, blows and shoves, declarations in their quotations ("I love you", "I hate you"),
the emotions of their lines to each other, and kinship or partner terms ("her brother", "my girlfriend").

Each tone is the pair's cues of that kind against the pair's volume of interaction (scenes, lines, acts,
mentions), so that a long novel's busiest pairs do not all saturate: it reaches 0.5 at ``TONE_HALF`` cues
plus one per ``VOLUME_PER_CUE`` interactions. Kinship blocks romance (a father's kiss is affection) unless
the pair is tagged as a romantic ship; a pair is kin when most of its kinship cues agree on one relation.
For a tagged romantic ship, the sentences that name both are also read for romance words ("kissed", "in
love", "darling"), and the "love" of their lines is romance. The cues listed for a pair (the report's
chips) name each cue word once, at its first occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import Act, Cue, InteractionType, Relationship, Relationships, Tone, ToneKind

if TYPE_CHECKING:
    from ficlens.datamodel import Character, RelationshipTag, StoryAnalysis

MAX_CUES = 10
MAX_PAIRS = 100  # pairs kept (tagged pairs are kept beyond it), so a crowded novel stays readable
BORNE_OUT_STRENGTH = 0.25  # a tagged pair whose bond is at least this strong (relative) is borne out
UNTAGGED_STRONG = 0.5  # an untagged pair this strong is one "nobody tagged"
TONE_HALF = 2.0  # a tone score reaches 0.5 at this many cues (plus one per VOLUME_PER_CUE interactions)
VOLUME_PER_CUE = 10.0  # interactions that one more cue must match for the same tone: a long bond needs more

WEIGHT_LINE = 2.0
WEIGHT_ACT = 3.0
WEIGHT_MENTION = 1.0
WEIGHT_CUE = 2.0

AFFECTION_ACTS = frozenset(
    {
        "hug", "embrace", "hold", "comfort", "squeeze", "stroke", "pat", "cradle", "console", "reassure",
        "protect", "thank", "forgive", "smile", "lean", "nudge", "soothe", "rescue", "save", "tuck",
    }
)  # fmt: skip
ROMANCE_ACTS = frozenset(
    {"kiss", "caress", "cuddle", "nuzzle", "marry", "snuggle", "seduce", "court", "date"}
)
CONFLICT_ACTS = frozenset(
    {
        "hit", "shove", "slap", "punch", "push", "kick", "strike", "glare", "yell", "shout", "snap",
        "scream", "attack", "stab", "shoot", "threaten", "betray", "blame", "accuse", "curse", "argue",
        "fight", "quarrel", "sneer", "wrestle", "bicker", "insult", "kill", "choke", "tackle", "glower",
        "snarl", "scowl", "hiss",
    }
)  # fmt: skip
AFFECTION_OBJECTS = frozenset({"hug", "embrace", "arm", "hand", "shoulder"})
ROMANCE_OBJECTS = frozenset({"kiss", "lip", "mouth"})

_DECLARATIONS: tuple[tuple[ToneKind, str, re.Pattern[str]], ...] = tuple(
    (kind, cue, re.compile(pattern))
    for kind, cue, pattern in (
        (ToneKind.ROMANCE, "i love you", r"\bi love you\b|\bi'm in love with you\b"),
        (ToneKind.ROMANCE, "marry me", r"\bmarry me\b|\bkiss me\b"),
        (ToneKind.AFFECTION, "i missed you", r"\bi missed you\b|\bi've missed you\b"),
        (ToneKind.AFFECTION, "i'm sorry", r"\bi'm (?:so )?sorry\b|\bi apologi[sz]e\b"),
        (ToneKind.AFFECTION, "i forgive you", r"\bi forgive you\b"),
        (ToneKind.AFFECTION, "thank you", r"\bthank you\b"),
        (ToneKind.AFFECTION, "i trust you", r"\bi trust you\b|\bi'm proud of you\b|\bi need you\b"),
        (ToneKind.AFFECTION, "i've got you", r"\bi've got you\b|\bi'm here\b"),
        (ToneKind.AFFECTION, "best friend", r"\bbest friend\b"),
        (ToneKind.CONFLICT, "i hate you", r"\bi hate you\b"),
        (ToneKind.CONFLICT, "get out", r"\bget out\b|\bleave me alone\b|\bgo to hell\b|\bdon't touch me\b"),
        (ToneKind.CONFLICT, "how could you", r"\bhow could you\b|\byour fault\b|\byou left me\b"),
        (ToneKind.CONFLICT, "shut up", r"\bshut up\b|\bliar\b"),
    )
)
# kin terms by the relation they name, both ends of it in one group ("father" and "daughter"): a pair is kin
# when most of its kinship cues agree on one relation, since a cue that a coreference slip put on the pair
# ("his aunt" with the wrong "his") seldom agrees with the rest
_KIN_GROUPS = (
    ("parent", "mother father mom mum dad mama papa mommy daddy son daughter parent child stepmother "
     "stepfather"),
    ("sibling", "sister brother sis bro sibling twin stepbrother stepsister half-brother half-sister"),
    ("grandparent", "grandmother grandfather grandma grandpa gran granddaughter grandson grandchild"),
    ("aunt", "aunt uncle niece nephew"),
    ("cousin", "cousin"),
)  # fmt: skip
_KIN_GROUP = {term: group for group, terms in _KIN_GROUPS for term in terms.split()}
KIN_AGREEMENT = (
    2 / 3
)  # the share of a pair's kinship cues that must name one relation for kinship to block romance
_EMOTION_TONE = {"anger": ToneKind.CONFLICT, "love": ToneKind.AFFECTION}
# romance words read in the sentences that name both characters of a tagged romantic ship
_ROMANCE_WORDS = re.compile(
    r"\b(?:kiss(?:ed|es|ing)?|lips|in love|darling|sweetheart|blush(?:ed|es|ing)?|caress(?:ed|es|ing)?"
    r"|hand in hand|held hands|adored?)\b",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*\([^)]*\)")
_WORD = re.compile(r"[\w'-]+")

Pair = tuple[str, str]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass(slots=True)
class _Bond:
    co_weight: float = 0.0
    shared_scenes: int = 0
    lines: int = 0
    acts: int = 0
    mentions: int = 0
    cues: list[Cue] = field(default_factory=list)

    def volume(self) -> int:
        """How much the pair interacts: shared scenes, lines, acts and mentions."""
        return self.shared_scenes + self.lines + self.acts + self.mentions

    def raw(self) -> float:
        return (
            self.co_weight
            + WEIGHT_LINE * self.lines
            + WEIGHT_ACT * self.acts
            + WEIGHT_MENTION * self.mentions
            + WEIGHT_CUE * len(self.cues)
        )


def act_tone(act: Act) -> ToneKind | None:
    """The tone an act shows: "kissed", "pulled her into a hug", "shoved him"."""
    if act.lemma in ROMANCE_ACTS or any(o in ROMANCE_OBJECTS for o in act.objects):
        return ToneKind.ROMANCE
    if act.lemma in CONFLICT_ACTS:
        return ToneKind.CONFLICT
    if act.lemma in AFFECTION_ACTS or any(o in AFFECTION_OBJECTS for o in act.objects):
        return ToneKind.AFFECTION
    return None


def _normalise(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def build_relationships(analysis: StoryAnalysis) -> Relationships:
    """Ranked bonds from ``analysis.interactions`` (build those first), its acts, kinship cues and quotes."""
    bonds: dict[Pair, _Bond] = defaultdict(_Bond)
    for e in analysis.interactions.edges:
        bond = bonds[_pair(e.source, e.target)]
        if e.type is InteractionType.CO_PRESENT:
            bond.co_weight += e.weight
            bond.shared_scenes += e.count
        elif e.type is InteractionType.SPEAKS_TO:
            bond.lines += e.count
        elif e.type is InteractionType.MENTIONS:
            bond.mentions += e.count
    kin_terms: dict[Pair, Counter[str]] = defaultdict(Counter)
    for t in analysis.kinship:
        if t.of == t.named:
            continue
        pair = _pair(t.of, t.named)
        bonds[pair].cues.append(Cue(t.kind, t.term, t.start, t.end))
        if t.kind is ToneKind.FAMILY:
            kin_terms[pair][_KIN_GROUP.get(t.term, t.term)] += 1
    family = {pair for pair, groups in kin_terms.items() if _agree(groups)}
    for act in analysis.acts:
        bond = bonds[_pair(act.agent, act.patient)]
        bond.acts += 1
        shown = act_tone(act)
        if shown is not None:
            bond.cues.append(Cue(shown, act.lemma, act.start, act.end))
    tags = _tagged_pairs(analysis)
    ships = {pair for pair, (_, kind) in tags.items() if kind == "romantic"}
    _quote_cues(analysis, bonds, family, ships)
    _ship_cues(analysis, bonds, ships)
    for pair in family - ships:  # kinship blocks romance: a father's kiss, a sister's "darling"
        bond = bonds[pair]
        bond.cues = [
            Cue(ToneKind.AFFECTION, c.cue, c.start, c.end) if c.kind is ToneKind.ROMANCE else c
            for c in bond.cues
        ]

    raws = {pair: bond.raw() for pair, bond in bonds.items()}
    top = max(raws.values(), default=0.0)
    matched = {pair for pair, _ in tags.items()}
    for pair in matched:
        bonds.setdefault(pair, _Bond())
        raws.setdefault(pair, 0.0)
    ranked = sorted(bonds, key=lambda p: (-raws[p], p))
    pairs = []
    untagged_strong = []
    for rank, pair in enumerate(ranked, start=1):
        if rank > MAX_PAIRS and pair not in tags:
            continue
        bond = bonds[pair]
        strength = round(raws[pair] / top, 4) if top > 0 else 0.0
        kinds = Counter(c.kind for c in bond.cues)
        half = TONE_HALF + bond.volume() / VOLUME_PER_CUE
        tone = Tone(**{k.value: round(kinds[k] / (kinds[k] + half), 3) for k in ToneKind})
        tag = tags.get(pair)
        if tag is not None:
            # a romantic tag needs warmth in the text too (a kiss, an embrace, "I love you"), not only company
            warm = tone.romance > 0 or tone.affection > 0
            borne_out = strength >= BORNE_OUT_STRENGTH and (tag[1] != "romantic" or warm)
        else:
            borne_out = strength >= UNTAGGED_STRONG
            if borne_out and analysis.metadata.relationships:
                untagged_strong.append(pair)
        cues = tuple(_first_of_each(bond.cues)[:MAX_CUES])
        pairs.append(
            Relationship(
                characters=pair,
                rank=rank,
                strength=strength,
                tone=tone,
                cues=cues,
                shared_scenes=bond.shared_scenes,
                lines_between=bond.lines,
                acts_between=bond.acts,
                tag=None if tag is None else tag[0],
                tagged=None if tag is None else tag[1],
                borne_out=borne_out,
            )
        )
    unmatched = tuple(
        t.tag for t in analysis.metadata.relationships if t.tag not in {v[0] for v in tags.values()}
    )
    return Relationships(pairs=tuple(pairs), unmatched_tags=unmatched, untagged_strong=tuple(untagged_strong))


def _agree(groups: Counter[str]) -> bool:
    """Most of a pair's kinship cues name one relation (parent and child, siblings, ...)."""
    total = sum(groups.values())
    return total > 0 and max(groups.values()) >= KIN_AGREEMENT * total


def _first_of_each(cues: Sequence[Cue]) -> list[Cue]:
    """The cues in text order, each cue word once (its first occurrence): the report's chips."""
    seen: set[tuple[ToneKind, str]] = set()
    out = []
    for cue in sorted(cues, key=lambda c: (c.start, c.end)):
        if (cue.kind, cue.cue) not in seen:
            seen.add((cue.kind, cue.cue))
            out.append(cue)
    return out


def _ship_cues(analysis: StoryAnalysis, bonds: dict[Pair, _Bond], ships: set[Pair]) -> None:
    """Romance words in the narration of the sentences that name both characters of a tagged ship."""
    if not ships:
        return
    spans = [(s.start, s.end) for s in analysis.emotions.sentences] or [
        (p.start, p.end) for p in analysis.paragraphs
    ]
    spans.sort()
    starts = [start for start, _ in spans]
    named: dict[int, set[str]] = defaultdict(set)  # sentence index -> characters named in it
    for mention in analysis.mentions:
        k = bisect_right(starts, mention.start) - 1
        if k >= 0 and mention.start < spans[k][1]:
            named[k].add(mention.character)
    quoted = sorted((q.start, q.end) for q in analysis.quotes)
    text = analysis.text
    for k, who in named.items():
        pairs = [p for p in ships if p[0] in who and p[1] in who]
        if not pairs:
            continue
        start, end = spans[k]
        for m in _ROMANCE_WORDS.finditer(text, start, end):
            q = bisect_right(quoted, (m.start(), len(text))) - 1
            if q >= 0 and quoted[q][0] <= m.start() < quoted[q][1]:
                continue  # what is said is read by the quotation cues
            for pair in pairs:
                bond = bonds[pair]
                if any(c.start <= m.start() < c.end or m.start() <= c.start < m.end() for c in bond.cues):
                    continue  # the same kiss, already an act
                bond.cues.append(Cue(ToneKind.ROMANCE, m.group(0).lower(), m.start(), m.end()))


def _quote_cues(
    analysis: StoryAnalysis, bonds: dict[Pair, _Bond], family: set[Pair], ships: set[Pair]
) -> None:
    """Declarations in a quotation and the emotions of its sentences: cues between speaker and addressee."""
    sentences = analysis.emotions.sentences
    s = 0
    for q in sorted(analysis.quotes, key=lambda q: q.start):
        if q.speaker is None or not q.addressees:
            continue
        text = _normalise(q.text)
        found: list[Cue] = []
        for kind, _name, pattern in _DECLARATIONS:
            m = pattern.search(text)
            if m is None:
                continue
            found.append(Cue(kind, m.group(0), q.start + m.start(), q.start + m.end()))
        while s < len(sentences) and sentences[s].end <= q.start:
            s += 1
        j = s
        felt: set[str] = set()  # one cue per quotation and label, however many sentences it has
        while j < len(sentences) and sentences[j].start < q.end:
            for label in sentences[j].labels:
                if label in _EMOTION_TONE and label not in felt:
                    felt.add(label)
                    found.append(Cue(_EMOTION_TONE[label], label, sentences[j].start, sentences[j].end))
            j += 1
        for addressee in q.addressees:
            if addressee == q.speaker:
                continue
            pair = _pair(q.speaker, addressee)
            for cue in found:
                if pair in ships and cue.kind is ToneKind.AFFECTION and cue.cue == "love":
                    cue = Cue(ToneKind.ROMANCE, cue.cue, cue.start, cue.end)  # love between a tagged ship
                bonds[pair].cues.append(cue)


def _tokens(name: str) -> list[str]:
    return _WORD.findall(_PAREN.sub("", _normalise(name)))


def match_character(name: str, characters: Sequence[Character]) -> str | None:
    """The id of the character an AO3 name ("Elizabeth Bennet (Pride and Prejudice)") refers to, or None."""
    wanted = " ".join(_tokens(name))
    if not wanted:
        return None
    for c in characters:
        names = [c.name, *(a.name for a in c.aliases), *([c.tag] if c.tag else [])]
        if any(" ".join(_tokens(n)) == wanted for n in names):
            return c.id
    tag_tokens = _tokens(name)
    best: tuple[float, int, str] | None = None
    for c in characters:
        known = {t for n in (c.name, *(a.name for a in c.aliases)) for t in _tokens(n)}
        # the first name counts double: siblings share a surname
        score = sum((2.0 if i == 0 else 1.0) for i, t in enumerate(tag_tokens) if t in known)
        if score <= 0:
            continue
        key = (score, c.mention_count, c.id)
        if best is None or key[:2] > best[:2]:
            best = key
    return None if best is None else best[2]


def _tagged_pairs(analysis: StoryAnalysis) -> dict[Pair, tuple[str, str]]:
    """Each character pair named together in an AO3 relationship tag -> (tag, "romantic" | "platonic")."""
    out: dict[Pair, tuple[str, str]] = {}
    for tag in analysis.metadata.relationships:
        ids = _match_tag(tag, analysis.characters)
        if ids is None:
            continue
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                if a != b:
                    out.setdefault(_pair(a, b), (tag.tag, str(tag.kind.value)))
    return out


def _match_tag(tag: RelationshipTag, characters: Sequence[Character]) -> list[str] | None:
    ids = []
    for name in tag.characters:
        found = match_character(name, characters)
        if found is None:
            return None
        ids.append(found)
    return ids if len(set(ids)) >= 2 else None

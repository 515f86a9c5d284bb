"""The cast a story's names add up to: pipeline-internal, set on ``doc._.ficlens_cast``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from ficlens.datamodel import EntityType, MentionKind
from ficlens.errors import InputError
from ficlens.pipeline.lexicon import (
    IT_FORMS,
    POSSESSIVE_DETERMINERS,
    THIRD_SINGULAR_GENDERED,
    is_title,
    title_key,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel import MinorCharacter
    from ficlens.pipeline.coref.result import CorefResult, ResolvedMention


@dataclass(slots=True)
class CastMember:
    id: str  # "C1", "C2", ... in order of first mention
    name: str  # canonical: the fullest frequent name, or the tag / cast-file name
    aliases: list[str] = field(default_factory=list)  # every surface name seen, fullest first
    tag: str | None = None  # the AO3 character tag or cast-file name it was matched to
    gender: str | None = None  # "m" / "f" from titles and given names; None when unknown
    named: bool = True  # False for characters found without a proper name ("the narrator")


@dataclass(frozen=True, slots=True)
class MinorMember:
    """A name held out of the main cast: its canonical name, surface names and mention character offsets."""

    id: str
    name: str
    aliases: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # (start_char, end_char) of each mention, in text order


@dataclass(slots=True)
class Cast:
    members: list[CastMember] = field(default_factory=list)
    # character id of each proper PER mention, keyed by its token span (start, end)
    assignments: dict[tuple[int, int], str] = field(default_factory=dict)
    # the minor tier: names with too little person evidence for the cast (met once, or never doing anything a
    # person does), kept with where they were met instead of being lost
    minor: list[MinorMember] = field(default_factory=list)
    _index: dict[str, str] = field(default_factory=dict, repr=False)
    # (character id, first and last name part) of every alias, built with ``_index``
    _alias_parts: list[tuple[str, str, str]] = field(default_factory=list, repr=False)
    # (character id, title) of every alias that opens with a title ("Captain Maro"), built with ``_index``
    _titles: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def member(self, cid: str) -> CastMember | None:
        for m in self.members:
            if m.id == cid:
                return m
        return None

    def add(self, member: CastMember) -> None:
        self.members.append(member)
        self._index.clear()

    def find(self, name: str) -> str | None:
        """The character id for a surface name (case-insensitive, possessive and title tolerant)."""
        if not self._index:
            self._build_index()
        key = _norm(name)
        if key in self._index:
            return self._index[key]
        from ficlens.pipeline.characters.cluster import parse_name

        parsed = parse_name(name.split())
        if parsed.parts and len(parsed.parts) == 1:
            part = parsed.parts[0]
            hits = {cid for cid, first, last in self._alias_parts if part in (first, last)}
            if len(hits) == 1:
                return hits.pop()
        words = name.split()
        if len(words) == 1 and is_title(words[0]):
            # a bare title ("Sorry, Professor."; "Yes, Captain") calls the one character who bears it
            titled = {cid for cid, title in self._titles if title == title_key(words[0])}
            if len(titled) == 1:
                return titled.pop()
        return None

    def _build_index(self) -> None:
        from ficlens.pipeline.characters.cluster import parse_name

        self._titles = {
            (m.id, title_key(alias.split()[0]))
            for m in self.members
            for alias in [m.name, *m.aliases]
            if len(alias.split()) > 1 and is_title(alias.split()[0])
        }
        self._alias_parts = [
            (m.id, p.parts[0], p.parts[-1])
            for m in self.members
            for alias in m.aliases
            if (p := parse_name(alias.split())).parts
        ]
        ambiguous: set[str] = set()
        for m in self.members:
            for alias in [m.name, *m.aliases]:
                key = _norm(alias)
                if key in self._index and self._index[key] != m.id:
                    ambiguous.add(key)
                self._index.setdefault(key, m.id)
        for key in ambiguous:
            del self._index[key]


# where an appositive or a relative clause starts inside a mention ("Anna, who had been hurt ...")
_CLAUSE = re.compile(r"\s*(?:[,;:(\u2014\u2013]|\s-+\s|\b(?:who|whom|whose|which|that)\b)", re.IGNORECASE)


def alias_text(mention: str) -> str:
    """The name or description a mention's text gives, without an appositive or a relative clause after it:
    "Anna, who had been hurt by her friends" -> "Anna"; "the man who sold lamps" -> "the man"."""
    text = " ".join(mention.split())
    cut = _CLAUSE.search(text, 1)
    head = text[: cut.start()].strip() if cut else text
    return head or text


def _norm(name: str) -> str:
    text = " ".join(name.replace("’", "'").split()).lower()
    for suffix in ("'s", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip()


@dataclass(frozen=True, slots=True)
class CastEntry:
    """One character of a user's cast file: a canonical name and the other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()
    character: bool = True  # False: a name that must never become a character ("not_characters:")


def load_cast_file(path: Path) -> list[CastEntry]:
    """Read a cast file: a YAML list of ``{name: canonical, aliases: [..]}`` entries, where an entry
    ``{not_characters: [names]}`` lists names that are never characters (places, groups, objects named like
    people); or a mapping ``{characters: [entries], not_characters: [names]}``.

    Raises ``InputError`` naming the file and what is wrong with it.
    """
    import yaml

    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read the cast file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "the cast file is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"the cast file is not valid YAML ({exc.__class__.__name__})") from exc
    if raw is None:
        return []
    if isinstance(raw, dict) and set(raw) <= {"characters", "not_characters"}:
        raw = [*(raw.get("characters") or []), {"not_characters": raw.get("not_characters") or []}]
    if not isinstance(raw, list):
        raise InputError(str(path), "a cast file must be a YAML list of {name: ..., aliases: [...]} entries")
    entries: list[CastEntry] = []
    for i, item in enumerate(raw, start=1):
        if isinstance(item, str):
            item = {"name": item}
        if isinstance(item, dict) and set(item) == {"not_characters"}:
            names = item["not_characters"] or []
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
                raise InputError(str(path), f"entry {i}: 'not_characters' must be a list of names")
            entries += [CastEntry(n.strip(), (), character=False) for n in names]
            continue
        if not isinstance(item, dict):
            raise InputError(str(path), f"entry {i} is not a mapping with a 'name'")
        unknown = set(item) - {"name", "aliases"}
        if unknown:
            raise InputError(str(path), f"entry {i} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InputError(str(path), f"entry {i} has no 'name' (a non-empty string)")
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise InputError(str(path), f"entry {i} ({name}): 'aliases' must be a list of names")
        entries.append(CastEntry(name.strip(), tuple(a.strip() for a in aliases)))
    return entries


# --- The cast decision -------------------------------------------------------------------------------
# A name the entity model calls a person becomes a character only with person evidence: an AO3 tag or a
# cast-file entry, a title ("Mrs."), a given name or gendered pronouns that refer back to it, or being the
# subject of a verb only people do. Place, group, interjection and verb evidence outweighs the weak kinds.

_PERSON_VERBS = frozenset(
    [
        "say",
        "ask",
        "reply",
        "answer",
        "whisper",
        "shout",
        "murmur",
        "mutter",
        "call",
        "cry",
        "tell",
        "think",
        "know",
        "feel",
        "want",
        "remember",
        "forget",
        "smile",
        "grin",
        "laugh",
        "nod",
        "sigh",
        "frown",
        "shrug",
        "glance",
        "stare",
        "look",
        "watch",
        "see",
        "hear",
        "notice",
        "realise",
        "realize",
        "wonder",
        "decide",
        "hope",
        "believe",
        "wish",
        "love",
        "hate",
        "like",
        "fear",
        "worry",
        "mind",
        "agree",
        "refuse",
        "promise",
        "lie",
        "kiss",
        "hug",
        "hold",
        "take",
        "give",
        "bring",
        "carry",
        "walk",
        "run",
        "sit",
        "stand",
        "turn",
        "wait",
        "come",
        "go",
        "climb",
        "lean",
        "reach",
        "pull",
        "push",
        "touch",
        "grab",
        "sleep",
        "wake",
        "eat",
        "drink",
        "read",
        "write",
        "breathe",
        "speak",
        "talk",
        "blush",
        "wince",
        "swallow",
        "hesitate",
        "pause",
        "step",
        "press",
    ]
)
_LOCATIVE = frozenset(
    [
        "in",
        "at",
        "to",
        "from",
        "into",
        "toward",
        "towards",
        "near",
        "above",
        "below",
        "over",
        "across",
        "through",
        "beyond",
        "around",
        "outside",
        "inside",
        "onto",
        "past",
        "via",
        "under",
        "behind",
        "within",
    ]
)
INTERJECTIONS = frozenset(
    [
        "hm",
        "hmm",
        "hmph",
        "um",
        "uh",
        "oh",
        "ah",
        "eh",
        "huh",
        "mm",
        "mhm",
        "ok",
        "okay",
        "what",
        "wow",
        "ugh",
        "oops",
        "yes",
        "no",
        "hey",
        "well",
        "right",
        "sorry",
        "please",
        "thanks",
        "god",
    ]
)
# titles that name places as often as people ("Saint Clare's", "St Oda")
_PLACE_TITLES = frozenset({"saint", "st", "st."})
_DATIVE_VERBS = frozenset(
    [
        "say",
        "tell",
        "whisper",
        "shout",
        "murmur",
        "mutter",
        "call",
        "cry",
        "talk",
        "speak",
        "write",
        "send",
        "give",
        "hand",
        "show",
        "read",
        "explain",
        "nod",
        "wave",
        "turn",
        "introduce",
        "reply",
        "answer",
        "listen",
        "point",
        "belong",
        "happen",
    ]
)
# forms of address that stand for a title, not a name ("Your Majesty", "His Grace")
_ADDRESS_FORMS = frozenset(
    [
        "your",
        "his",
        "her",
        "their",
        "majesty",
        "highness",
        "grace",
        "lordship",
        "ladyship",
        "honour",
        "honor",
        "excellency",
    ]
)
_GENDERED = THIRD_SINGULAR_GENDERED
READER_MIN_MENTIONS = 10  # narration "you"s that make a second-person story's reader a character
# and the share of the narration's personal pronouns they must make: a second-person story still says "he" and
# "she" of everyone else, often as often as "you" (the share POV reads second person from, inner/pov.py)
READER_SHARE = 0.3
NARRATOR_SHARE = 1.5  # a narrator needs mentions * this >= the narration's gendered third-person pronouns
UNNAMED_KEEP_MENTIONS = 10  # a common-noun character ("the old woman") needs this many mentions
UNNAMED_KEEP_PRONOUNS = 4  # ... of which this many gendered pronouns
UNNAMED_HEAD_SHARE = 0.6  # ... and one noun phrase for most of its nominal mentions
UNNAMED_HEAD_MIN = 2  # ... said more than once: a pronoun chain that met one description is no person yet
UNNAMED_POSSESSIVE_NOMINAL = 5  # ... said this many times when it is a possessive ("her husband")
_POSSESSIVES = POSSESSIVE_DETERMINERS - IT_FORMS
_DETERMINERS = frozenset(["the", "a", "an"])
# what children and grandchildren call someone: recorded as given names, but no evidence of who it is
_KIN_NAMES = frozenset(
    {
        "papa", "pa", "mama", "mamma", "ma", "mum", "mom", "mommy", "mummy", "dad", "daddy", "father",
        "mother", "gran", "granny", "grandma", "grandpa", "grandmother", "grandfather", "nana", "nan",
        "auntie",
    }
)  # fmt: skip
_ADDRESS_NOUNS = frozenset(
    ["majesty", "highness", "lordship", "ladyship", "excellency", "eminence", "holiness", "worship"]
)
# place words that are not also common surnames ("Hall", "Wood", "Hill" are both)
_PLACE_WORDS = frozenset(
    {
        "station", "street", "road", "lane", "avenue", "square", "bridge", "hospital", "school", "academy",
        "college", "university", "tower", "county", "city", "town", "village", "river", "island", "bay",
        "harbour", "harbor", "abbey", "church", "chapel", "cathedral", "castle", "manor", "palace", "inn",
        "hotel", "farm",
    }
)  # fmt: skip


class Tier(Enum):
    """Where the cast decision puts a name."""

    MAIN = "main"  # a character
    MINOR = "minor"  # maybe a person, on too little evidence: kept out of the cast, not lost
    NONE = "none"  # not a character: a place, a group, an interjection, a form of address


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a cast member is (or is not) a person; see ``tier``."""

    tagged: bool = False
    titled: bool = False
    gendered_name: bool = False  # a recorded given name of one gender, or a gendered title
    pronouns: int = 0  # gendered third-person pronouns in its chain
    person_verbs: int = 0  # proper mentions that are the subject of a verb only people do (speech verbs
    # included: "Pink observed", "cried Pink"), or spoken to
    proper: int = 0
    mentions: int = 0  # every mention in its chain: names, nouns ("her father") and pronouns
    locative: int = 0  # proper mentions after "in", "at", "to", "from" ...
    determined: int = 0  # proper mentions after "the" or "a" ("the Hundred", "a Lamplighter")
    not_a_name: bool = False  # an interjection, a verb, a word the story also writes in lower case
    title_only: bool = False
    address_form: bool = False  # "Your Majesty", "His Grace": how someone is addressed, not who
    quantifier: bool = False  # "Everyone", "Nobody": however the pronouns fall, never one person
    saint: bool = False  # "Saint Oda": invoked, prayed to, or a church and a station named for them
    place_head: bool = False  # the story also writes it before a place word ("Old Margaret Station")


def tier(ev: Evidence) -> Tier:
    """The cast decision for one named cast member.

    A character needs person evidence: an AO3 tag or a cast-file entry, a person's title, a gendered given
    name, gendered pronouns that refer back to it, or being the subject of a verb only people do. Place,
    group, interjection and verb evidence outweighs the weak kinds; a form of address is never a character.
    A name met once with nothing a person does, or met several times without any person evidence, goes to
    the minor tier."""
    if ev.tagged:
        return Tier.MAIN
    if ev.address_form or ev.quantifier:
        return Tier.NONE
    strong = ev.person_verbs >= 1 and ev.pronouns >= 2
    if ev.title_only or ev.not_a_name:
        return Tier.MAIN if strong else Tier.NONE
    placed = ev.proper > 0 and (ev.locative + ev.determined) * 2 >= ev.proper
    if (placed and not ev.titled) or ev.place_head:
        return Tier.MAIN if strong else Tier.NONE  # "at Donwell", "the Hundred": a place or a group
    if ev.saint:  # unless a pronoun chain makes them someone named for a saint ("St. John Rivers")
        return Tier.MAIN if ev.person_verbs >= 1 and ev.pronouns >= UNNAMED_KEEP_PRONOUNS else Tier.MINOR
    if ev.mentions <= 1 and ev.person_verbs == 0:
        return Tier.MINOR  # a name met once with nothing else
    person = ev.titled or ev.gendered_name or ev.pronouns >= 2 or ev.person_verbs >= 1
    return Tier.MAIN if person else Tier.MINOR


def decide(ev: Evidence) -> bool:
    """Keep a named cast member in the main cast?"""
    return tier(ev) is Tier.MAIN


def member_evidence(
    doc: Doc,
    member: CastMember,
    ms: list[ResolvedMention],
    *,
    lower_words: set[str],
    place_heads: set[str],
) -> Evidence:
    """The person evidence of one named member, from its name and its resolved mentions ``ms``."""
    from ficlens.pipeline.characters.cluster import parse_name
    from ficlens.pipeline.lexicon import is_title

    words = [w for w in member.name.replace("’", "'").split() if w not in ("'s", "'")]
    parsed = parse_name(words)
    proper = [m for m in ms if m.kind == MentionKind.PROPER]
    surfaces = [member.name, *member.aliases, *(m.text for m in proper)]
    parsed_surfaces = [parse_name(s.replace("’", "'").split()) for s in surfaces]
    kin = bool(parsed.parts) and all(p in _KIN_NAMES for p in parsed.parts) and not parsed.titles
    return Evidence(
        tagged=member.tag is not None,
        titled=bool(set(parsed.titles) - _PLACE_TITLES) and bool(parsed.parts),
        # "Papa" and "Gran" are recorded as given names, but say only how someone is called at home
        gendered_name=member.gender is not None and not kin,
        pronouns=sum(1 for m in ms if m.kind == MentionKind.PRONOUN and m.text.lower() in _GENDERED),
        person_verbs=sum(1 for m in proper if _person_subject(doc, m) or _spoken_to(doc, m)),
        proper=len(proper),
        mentions=len(ms),
        locative=sum(1 for m in proper if _locative(doc, m)),
        determined=sum(1 for m in proper if _before(doc, m) in _DETERMINERS or doc[m.start].lower_ == "the"),
        not_a_name=_not_a_name(doc, proper, lower_words),
        title_only=bool(words)
        and all(is_title(w.lower().rstrip(".")) or w.lower() in _ADDRESS_FORMS for w in words),
        address_form=bool(words) and all(_address_form(s) for s in surfaces if s.strip()),
        quantifier=bool(words) and all(_quantifier(s) for s in surfaces if s.strip()),
        saint=any(set(p.titles) & _PLACE_TITLES for p in parsed_surfaces)
        and not any(p.titles and not set(p.titles) & _PLACE_TITLES for p in parsed_surfaces),
        place_head=bool(parsed.parts) and " ".join(parsed.parts) in place_heads,
    )


def prune_cast(doc: Doc, result: CorefResult, cast: Cast) -> None:
    """Hold the cast to people: drop members without person evidence (the weakly evidenced ones go to the
    minor tier), merge shouted (ALL-CAPS) and verb-glued names into their characters, and hold unnamed
    common-noun characters to a stable, well-mentioned referent."""
    by_id: dict[str, list[ResolvedMention]] = {}
    for m in result.mentions:
        if m.character is not None:
            by_id.setdefault(m.character, []).append(m)
    lower_words = {t.text for t in doc if t.is_lower}
    place_heads = _place_heads(doc)
    from ficlens.pipeline.docdata import get_options

    banned = {_norm(e.name) for e in get_options(doc).cast if not e.character}
    merged = _merge_variants(doc, cast, by_id)
    from ficlens.pipeline.characters.narrator import name_narrators

    def not_a_person(member: CastMember) -> bool:
        ev = member_evidence(
            doc, member, by_id.get(member.id, []), lower_words=lower_words, place_heads=place_heads
        )
        return tier(ev) is Tier.NONE

    # being "I" is person evidence for the characters found to tell the story
    narrated_by, tellers = name_narrators(doc, result, cast, by_id, not_a_person=not_a_person)
    # a teller found under a variant ("NOOR") is the member that variant merges into
    tellers = {merged.get(t, t) for t in tellers}
    merged.update({k: merged.get(v, v) for k, v in narrated_by.items() if k != merged.get(v, v)})
    drop: set[str] = set(merged)
    drop.update(
        m.id
        for m in cast.members
        if m.name == "the narrator"
        and m.id not in merged
        and (not by_id.get(m.id) or letters_only(result, by_id.get(m.id, [])))
    )
    minor: list[CastMember] = []
    for member in cast.members:
        if member.id in drop:
            continue
        ms = by_id.get(member.id, [])
        surfaces = {member.name, *member.aliases}
        surfaces.update(m.text for m in ms if m.kind == MentionKind.PROPER)
        if banned & {_norm(a) for a in surfaces}:
            drop.add(member.id)  # the user's cast file says so
            continue
        if _norm(member.name) in ("y/n", "the reader") and not member.tag:
            continue  # the reader of a second-person story (``add_reader``): "you" is their evidence
        if not member.named:
            if member.name != "the narrator" and not _stable_unnamed(member.name, ms):
                drop.add(member.id)
            continue
        if member.id in tellers:
            continue
        decision = tier(member_evidence(doc, member, ms, lower_words=lower_words, place_heads=place_heads))
        if decision is not Tier.MAIN:
            drop.add(member.id)
            if decision is Tier.MINOR and ms:
                minor.append(member)
    if not drop:
        return
    for member in minor:
        ms = sorted(by_id[member.id], key=lambda m: m.start_char)
        names = [alias_text(m.text) for m in ms if m.kind == MentionKind.PROPER] or [member.name]
        cast.minor.append(
            MinorMember(
                member.id,
                member.name,
                tuple(dict.fromkeys(names)),
                tuple((m.start_char, m.end_char) for m in ms),
            )
        )
    for m in result.mentions:
        if m.character in drop:
            m.character = merged.get(m.character)
    cast.assignments = {
        span: merged.get(cid, cid)
        for span, cid in cast.assignments.items()
        if cid not in drop or cid in merged
    }
    cast.members = [m for m in cast.members if m.id not in drop]
    cast._index.clear()


def minor_characters(doc: Doc) -> tuple[MinorCharacter, ...]:
    """The minor tier of ``doc``'s cast as datamodel objects, in order of first mention."""
    from ficlens.datamodel import Alias, MinorCharacter
    from ficlens.pipeline.docdata import get_cast

    cast = get_cast(doc)
    if cast is None:
        return ()
    text = doc.text  # Doc.text joins every token again on each use
    out = []
    for m in sorted(cast.minor, key=lambda m: m.spans[0][0] if m.spans else 0):
        if not m.spans:
            continue
        counts = Counter(alias_text(text[s:e]) for s, e in m.spans)
        names = [n for n in m.aliases if n in counts] or [m.name]
        out.append(
            MinorCharacter(
                id=m.id,
                name=m.name,
                aliases=tuple(Alias(n, counts.get(n, 0)) for n in names),
                mention_count=len(m.spans),
                first_mention=m.spans[0][0],
                last_mention=m.spans[-1][0],
            )
        )
    return tuple(out)


def add_reader(doc: Doc, result: CorefResult, cast: Cast) -> None:
    """A second-person story's "you" is a character: the reader ("Y/N" when the story writes it)."""
    from ficlens.pipeline.coref.result import ResolvedMention
    from ficlens.pipeline.lexicon import FIRST, SECOND, THIRD

    you = [
        m
        for m in result.mentions
        if m.kind == MentionKind.PRONOUN and m.person == SECOND and m.quote < 0 and m.character is None
    ]
    others = sum(
        1
        for m in result.mentions
        if m.kind == MentionKind.PRONOUN and m.person in (FIRST, THIRD) and m.quote < 0
    )
    if len(you) < READER_MIN_MENTIONS or len(you) < READER_SHARE * (len(you) + others):
        return
    placeholders = [
        i
        for i in range(len(doc) - 2)
        if doc[i].text == "Y" and doc[i + 1].text == "/" and doc[i + 2].text == "N"
    ]
    existing = next((m for m in cast.members if _norm(m.name) == "y/n"), None)
    if existing is None:
        cid = f"C{max((int(m.id[1:]) for m in cast.members if m.id[1:].isdigit()), default=0) + 1}"
        existing = CastMember(id=cid, name="Y/N" if placeholders else "the reader", named=bool(placeholders))
        cast.add(existing)
    for m in you:
        m.character = existing.id
    cluster = max((m.cluster for m in result.mentions), default=-1) + 1
    taken = {(m.start, m.end) for m in result.mentions}
    for i in placeholders:
        if (i, i + 3) not in taken:
            end = doc[i + 2].idx + len(doc[i + 2].text)
            result.mentions.append(
                ResolvedMention(
                    i, i + 3, doc[i].idx, end, MentionKind.PROPER, EntityType.PER, cluster, existing.id, "Y/N"
                )
            )
    existing.aliases = list(dict.fromkeys([*existing.aliases, "Y/N"])) if placeholders else existing.aliases
    result.reindex()


def letters_only(result: CorefResult, ms: list[ResolvedMention]) -> bool:
    """ "I" of letters and text messages in a third-person story: no narrator. The narration's gendered
    third-person pronouns far outnumber the narrator's mentions."""
    third = sum(
        1
        for m in result.mentions
        if m.kind == MentionKind.PRONOUN and m.person == 0 and m.quote < 0 and m.text.lower() in _GENDERED
    )
    return len(ms) * NARRATOR_SHARE < third


def _merge_variants(doc: Doc, cast: Cast, by_id: dict[str, list[ResolvedMention]]) -> dict[str, str]:
    """Members that are another member under a different surface: "JUNO", "Trust Noor", "Maren's"."""
    keys: dict[str, str] = {}
    ranked = sorted(cast.members, key=lambda m: -len(by_id.get(m.id, [])))
    for member in ranked:
        if member.named:
            for alias in (member.name, *member.aliases):
                keys.setdefault(_norm(alias), member.id)
    merged: dict[str, str] = {}
    merged.update(_titled_surnames(cast))
    merged.update({k: v for k, v in _bare_titles(cast).items() if k not in merged})
    for member in ranked:
        if not member.named or member.id in merged:
            continue
        candidates = {_norm(member.name)}
        words = member.name.split()
        first = [m for m in by_id.get(member.id, []) if m.kind == MentionKind.PROPER]
        if len(words) >= 2 and first and all(_glued_verb(doc, m) for m in first):
            candidates.add(_norm(" ".join(words[1:])))
        for key in candidates:
            target = keys.get(key)
            if target is not None and target != member.id and target not in merged:
                merged[member.id] = target
                break
    return merged


# forms of address and the titles they stand for ("Your Majesty" is the king's or the queen's)
_ADDRESSED_TITLES = {
    "majesty": ("king", "queen", "emperor", "empress"),
    "highness": ("prince", "princess"),
    "lordship": ("lord",),
    "ladyship": ("lady",),
}


def _bare_titles(cast: Cast) -> dict[str, str]:
    """A title said alone ("Captain", "Cap", "Coach") or a form of address ("Your Majesty") is the one
    member who holds that title; with two holders it stays unresolved (and the cast decision drops it)."""
    from ficlens.pipeline.characters.cluster import parse_name
    from ficlens.pipeline.characters.nicknames import is_given_name
    from ficlens.pipeline.lexicon import TITLES

    held: dict[str, set[str]] = {}
    for member in cast.members:
        if not member.named:
            continue
        for alias in (member.name, *member.aliases):
            parsed = parse_name(alias.split())
            if parsed.parts:
                for title in parsed.titles:
                    held.setdefault(title, set()).add(member.id)
    out: dict[str, str] = {}
    for member in cast.members:
        words = [w.lower().strip(".,") for w in member.name.split() if w.lower() not in _POSSESSIVES]
        if not member.named or len(words) != 1:
            continue
        word = words[0]
        if word in _ADDRESSED_TITLES:
            titles: tuple[str, ...] = _ADDRESSED_TITLES[word]
        else:
            # "Cap" for "Captain": a clipped title, when it clips only one
            if word in TITLES:
                titles = (word,)
            else:
                titles = tuple(t for t in TITLES if len(word) >= 3 and t.startswith(word))
            longest = max(titles, key=len, default="")
            # one title in its spellings ("capt", "captain"), not two
            if not titles or not all(longest.startswith(t) for t in titles):
                continue
            if word not in TITLES and is_given_name(word):
                continue
            said = {a.lower().strip(".,") for a in member.aliases}
            if not all(longest.startswith(a) for a in said):
                continue
        holders = set().union(*(held.get(t, set()) for t in titles)) - {member.id}
        if len(holders) == 1:
            out[member.id] = holders.pop()
    return out


def _titled_surnames(cast: Cast) -> dict[str, str]:
    """ "Mrs. Hudson" is "Martha Hudson" when she is the only one of that surname with a given name whose
    gender does not clash with the title."""
    from ficlens.pipeline.characters.cluster import parse_name, title_gender

    full: dict[str, list[CastMember]] = {}
    for member in cast.members:
        parsed = parse_name(member.name.split())
        # a given name that is only an initial ("G. Darcy") says nothing of who "Mr. Darcy" is
        if member.named and len(parsed.parts) >= 2 and len(parsed.parts[0]) > 1:
            full.setdefault(parsed.parts[-1].lower(), []).append(member)
    out: dict[str, str] = {}
    for member in cast.members:
        parsed = parse_name(member.name.split())
        if not member.named or len(parsed.parts) != 1 or not parsed.titles:
            continue
        others = [m for m in full.get(parsed.parts[0].lower(), []) if m.id != member.id]
        gender = title_gender(parsed.titles)
        others = [m for m in others if gender is None or m.gender is None or m.gender == gender]
        if len(others) == 1:
            out[member.id] = others[0].id
    return out


def _glued_verb(doc: Doc, m: ResolvedMention) -> bool:
    """ "Trust Ellis": an imperative verb opening the sentence, taken into the name."""
    tok = doc[m.start]
    return tok.is_sent_start is True and tok.tag_ == "VB" and m.end - m.start >= 2


def _locative(doc: Doc, m: ResolvedMention) -> bool:
    """After "in", "at", "from" ...; "to" only when it does not follow a verb of saying or giving."""
    if m.start == 0:
        return False
    prep = doc[m.start - 1]
    if prep.lower_ == "of" and m.start >= 2:  # "the Lord of Aster": what a title holds is a place
        from ficlens.pipeline.lexicon import is_title

        return is_title(doc[m.start - 2].lower_)
    if prep.lower_ not in _LOCATIVE:
        return False
    return not (prep.lower_ == "to" and prep.head.lemma_.lower() in _DATIVE_VERBS)


def _spoken_to(doc: Doc, m: ResolvedMention) -> bool:
    """ "said to Corwin", "handed it to Mags": someone spoken or given to is a person."""
    if m.start == 0:
        return False
    prep = doc[m.start - 1]
    return prep.lower_ == "to" and prep.head.lemma_.lower() in _DATIVE_VERBS


def _before(doc: Doc, m: ResolvedMention) -> str:
    return doc[m.start - 1].lower_ if m.start > 0 else ""


def _person_subject(doc: Doc, m: ResolvedMention) -> bool:
    from ficlens.pipeline.lexicon import SPEECH_FORMS_UNLEMMATISED, SPEECH_TAG_LEMMAS

    root = doc[m.start : m.end].root
    verb = root.head
    lemma = verb.lemma_.lower()
    speech = verb.pos_ == "VERB" and (lemma in SPEECH_TAG_LEMMAS or verb.lower_ in SPEECH_FORMS_UNLEMMATISED)
    if root.dep_ not in ("nsubj", "nsubjpass"):
        # an inverted speech tag right after its quotation, which the parser reads as a modifier:
        # '"Look!" cried Pink' (not "she asked Kenz", "the vats they call Old Copper")
        return (
            speech
            and verb.i == m.start - 1
            and verb.i > 0
            and (doc[verb.i - 1].is_quote or doc[verb.i - 1].is_punct)
            and root.dep_ in ("advmod", "npadvmod", "dobj", "attr")
        )
    return lemma in _PERSON_VERBS or speech


def _not_a_name(doc: Doc, proper: list[ResolvedMention], lower_words: set[str]) -> bool:
    """Every mention is an interjection, a verb, a short all-capitals abbreviation ("PM"), or a word the
    story also writes in lower case ("Healer" beside "healer")."""
    if not proper:
        return False
    for m in proper:
        toks = [t for t in doc[m.start : m.end] if t.text not in ("'s", "’s", "'", "’")]
        if not toks:
            return False
        if len(toks) == 1:
            t = toks[0]
            if t.lower_ in INTERJECTIONS or t.pos_ in ("INTJ", "VERB", "AUX", "ADV", "ADJ"):
                continue
            if t.is_upper and len(t.text) <= 3:
                continue
            if t.lower_ in lower_words:
                continue
        return False
    return True


def _stable_unnamed(name: str, ms: list[ResolvedMention]) -> bool:
    """A common-noun character needs many mentions, gendered pronouns, and one description for most of its
    nominal mentions. One named by a possessive ("her husband") needs that description several times over:
    its pronouns follow whoever "her" is, so they are weak evidence that it is one person."""
    nominal = Counter(m.text.lower() for m in ms if m.kind == MentionKind.COMMON)
    gendered = sum(1 for m in ms if m.kind == MentionKind.PRONOUN and m.text.lower() in _GENDERED)
    if len(ms) < UNNAMED_KEEP_MENTIONS or gendered < UNNAMED_KEEP_PRONOUNS or not nominal:
        return False
    head = nominal.most_common(1)[0][1]
    if name.split()[0].lower() in _POSSESSIVES and head < UNNAMED_POSSESSIVE_NOMINAL:
        return False
    return head >= UNNAMED_HEAD_MIN and head >= UNNAMED_HEAD_SHARE * sum(nominal.values())


def _address_form(surface: str) -> bool:
    """ "Your Majesty", "His Grace", "Majesty": a form of address stands for a title, not for a person."""
    words = [w.lower().strip(".,") for w in surface.replace("’", "'").split() if w not in ("'s", "'")]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    if len(words) >= 2 and words[0] in _POSSESSIVES:
        return all(w in _ADDRESS_NOUNS or w in ("grace", "honour", "honor") for w in words[1:])
    # "Grace" and "Honor" alone are given names as often as forms of address
    return len(words) == 1 and words[0] in _ADDRESS_NOUNS


_QUANTIFIERS = frozenset(
    {
        "everyone", "everybody", "everything", "someone", "somebody", "anyone", "anybody", "nobody", "no-one",
        "none", "nothing", "all", "each", "both", "either", "neither", "many", "most", "few", "several",
    }
)  # fmt: skip


def _quantifier(surface: str) -> bool:
    words = [w.lower().strip(".,!?'’") for w in surface.split() if w not in ("'s", "’s")]
    return len(words) == 1 and (words[0].removesuffix("'s").removesuffix("’s") in _QUANTIFIERS)


def _place_heads(doc: Doc) -> set[str]:
    """Names the story writes before a place word ("Old Margaret Station", "Aster Bridge"), as name parts."""
    from ficlens.pipeline.characters.cluster import parse_name

    heads: set[str] = set()
    for tok in doc:
        if tok.i == 0 or not tok.is_title or tok.lower_ not in _PLACE_WORDS:
            continue
        words: list[str] = []
        i = tok.i - 1
        while i >= 0 and doc[i].is_title and doc[i].is_alpha and doc[i].lower_ not in _PLACE_WORDS:
            words.insert(0, doc[i].text)
            i -= 1
        parts = parse_name(words).parts if words else ()
        if parts:
            heads.add(" ".join(parts))
    return heads

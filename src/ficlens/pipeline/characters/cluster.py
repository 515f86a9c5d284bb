"""Cluster proper-name person mentions into characters by name rules.

The rules, in the order they apply:

1. seeds: AO3 character tags and cast-file entries are characters before any text is read;
2. names with a given name and a surname ("Maren Okafor", "Mr. John Knightley") are characters,
   one per (given name, surname) pair, given names compared through the nickname list;
3. a title and one name ("Mr. Knightley", "Lady Catherine") joins the one compatible character with that
   surname (or given name), unless that character is ever called by the same title *with* the given name
   ("Mr. John Knightley": the bare "Mr. Knightley" is then, by English usage, someone else), or the two
   forms stand in one sentence as two people; otherwise it is a character of its own;
4. a bare name ("Knightley", "Lizzy") joins the characters it can name; if several, each mention goes
   to the one mentioned most recently (else the most mentioned).

Two characters are never merged after the fact, so two people sharing a surname or a title stay apart.
Names of places after people ("Camp Casimir", "St. Mary's") and plural names ("the Bennets") are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ficlens.pipeline.characters.cast import Cast, CastMember
from ficlens.pipeline.characters.nicknames import name_gender, same_given_name, variants
from ficlens.pipeline.lexicon import (
    EITHER_TITLES,
    FEMALE_TITLES,
    GIVEN_TITLES,
    MALE_TITLES,
    SURNAME_TITLES,
    TITLES,
    YOUTH_TITLES,
    title_key,
)


def _words(text: str) -> list[str]:
    return text.split()


# Words that make a name a place: "Camp Casimir", "Fort Knox", "Mount Vesper", "Vale Station", "St. Mary's".
PLACE_FIRST = frozenset(_words("camp fort mount mt lake port cape glen point castle"))
PLACE_LAST = frozenset(
    _words(
        """street st road rd lane avenue ave hall park house manor castle abbey church chapel cathedral square
    bridge station hospital school academy college university tower county city town village river island
    bay hill hills mountain forest wood woods valley farm inn hotel court place gardens garden palace
    cottage lodge harbour harbor"""
    )
)
# words capitalised before a name that are not part of it ("Dear Miss Woodhouse", "Poor Thomas")
_NOT_NAME = frozenset(
    [
        "jr",
        "jr.",
        "sr",
        "sr.",
        "dear",
        "dearest",
        "poor",
        "little",
        "old",
        "young",
        "good",
        "my",
        "our",
        "your",
        "his",
        "her",
        "the",
        "a",
        "an",
        "sweet",
        "darling",
        "even",
        "all",
        "oh",
        "o",
        "ah",
    ]
)
RECENT = 20  # an ambiguous name goes to a person named within this many name mentions, if any
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_CLASHING_TITLES = frozenset(
    frozenset(pair)
    for pair in [("mrs", "miss"), ("mrs", "ms"), ("madame", "mademoiselle"), ("mrs", "mademoiselle")]
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PARTICLES = frozenset({"de", "du", "van", "von", "der", "le", "la", "di", "da", "del", "st.", "o'"})


@dataclass(frozen=True, slots=True)
class ParsedName:
    titles: tuple[str, ...]  # lower-case, without dots
    parts: tuple[str, ...]  # lower-case name words after the titles
    surface: str  # the name as written, possessive stripped

    @property
    def title(self) -> str | None:
        return self.titles[-1] if self.titles else None


def parse_name(words: Sequence[str]) -> ParsedName:
    """Split a name's words into titles and name parts ("Mr. John Knightley's" -> mr; john, knightley)."""
    kept = [w for w in words if w not in _POSSESSIVE]
    if kept:
        last = kept[-1]
        for suffix in ("'s", "’s"):
            if last.lower().endswith(suffix) and len(last) > len(suffix):
                kept[-1] = last[: -len(suffix)]
    kept = [w for w in kept if any(c.isalnum() for c in w)]
    titles: list[str] = []
    while len(kept) > 1 and kept[0].lower() in _NOT_NAME:
        kept = kept[1:]
    i = 0
    while i < len(kept) - 1 and title_key(kept[i]) in TITLES:
        titles.append(title_key(kept[i]))
        i += 1
    named = [
        w
        for w in kept[i:]
        if w.lower() not in _NOT_NAME
        and _NAME_WORD.match(w)
        and "--" not in w
        and (w[:1].isupper() or w.lower() in _PARTICLES)
    ]
    parts = tuple(w.lower().strip(".") for w in named)
    # initials ("J. Alfred Prufrock") are not given names
    if len(parts) > 2:
        parts = (parts[0], *[p for p in parts[1:-1] if len(p) > 1], parts[-1])
    return ParsedName(tuple(titles), parts, " ".join([*kept[:i], *named]) if named else " ".join(kept))


def is_place_name(words: Sequence[str], before: str | None) -> bool:
    """Whether a "person" name is really a place named after one ("Camp Casimir", "St. Mary's")."""
    lowered = [w.lower().rstrip(".") for w in words if w not in _POSSESSIVE]
    if not lowered:
        return True
    if before is not None and before.lower().rstrip(".") in PLACE_FIRST and before[:1].isupper():
        return True
    if lowered[0] in PLACE_FIRST and len(lowered) > 1:
        return True
    if len(lowered) > 1 and lowered[-1] in PLACE_LAST:
        return True
    # "St. Mary's" with nothing after it names a church or a hospital, not a saint
    return lowered[0] in {"st", "saint"} and bool(words) and words[-1] in _POSSESSIVE | {"'s"}


def title_gender(titles: Sequence[str]) -> str | None:
    for t in titles:
        if t in MALE_TITLES:
            return "m"
        if t in FEMALE_TITLES:
            return "f"
    return None


@dataclass(frozen=True, slots=True)
class NameMention:
    """A proper-name person mention as the clustering sees it."""

    start: int
    end: int
    words: tuple[str, ...]
    sentence: int


@dataclass(frozen=True, slots=True)
class Seed:
    name: str
    aliases: tuple[str, ...] = ()
    tag: str | None = None


@dataclass(slots=True)
class _Character:
    key: int
    firsts: set[str] = field(default_factory=set)
    lasts: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)  # lower-case surface names that name only this one
    titled_full: set[tuple[str, str]] = field(default_factory=set)  # (title, last) used with a given name
    titles: set[str] = field(default_factory=set)
    gender: str | None = None
    canonical: str | None = None
    tag: str | None = None
    sentences: set[int] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    first_pos: int = 1 << 62


def _clips(nick: str, surname: str) -> bool:
    """ "soko" clips "sokolov"; "lindy" and "marchy" are "lind" and "march" with a pet ending."""
    stems = [nick]
    if nick.endswith(("y", "o", "s")):
        stems.append(nick[:-1])
    if nick.endswith("ie"):
        stems.append(nick[:-2])
    return any(len(st) >= 4 and len(surname) > len(st) + 1 and surname.startswith(st) for st in stems)


def _known_given(name: str) -> bool:
    return name_gender(name) is not None or variants(name) != (name,)


def _given_match(a: str, firsts: set[str]) -> bool:
    return any(same_given_name(a, f, through_formal=False) for f in firsts)


class NameClusterer:
    """Runs the rules over one document's proper-name person mentions."""

    def __init__(self, seeds: Sequence[Seed] = ()) -> None:
        self.chars: list[_Character] = []
        self.exact: dict[str, int] = {}
        for seed in seeds:
            char = self._new()
            char.canonical = seed.name
            char.tag = seed.tag
            for alias in (seed.name, *seed.aliases):
                parsed = parse_name(alias.split())
                self.exact.setdefault(alias.lower(), char.key)
                self.exact.setdefault(parsed.surface.lower(), char.key)
                if parsed.parts:
                    self._learn(char, parsed)

    def _new(self) -> _Character:
        char = _Character(len(self.chars))
        self.chars.append(char)
        return char

    def _learn(self, char: _Character, parsed: ParsedName) -> None:
        parts = parsed.parts
        title = parsed.title
        char.titles.update(parsed.titles)
        if len(parts) >= 2:
            char.firsts.add(parts[0])
            char.lasts.add(parts[-1])
            if title in SURNAME_TITLES | EITHER_TITLES:
                char.titled_full.add((title or "", parts[-1]))
        elif parts:
            # "Sir William"; "Miss Emma" and "Master Tom" when the name is a known given name
            if title in GIVEN_TITLES or (title in YOUTH_TITLES and _known_given(parts[0])):
                char.firsts.add(parts[0])
            elif title is not None:
                char.lasts.add(parts[0])
            else:
                char.firsts.add(parts[0])
        gender = title_gender(parsed.titles) or (name_gender(parts[0]) if len(parts) >= 2 else None)
        if char.gender is None:
            char.gender = gender

    def cluster(self, mentions: Sequence[NameMention]) -> list[int | None]:
        """The character key of each mention (None for a mention the rules drop)."""
        parsed = [parse_name(m.words) for m in mentions]
        by_surface: dict[str, list[int]] = {}
        for i, p in enumerate(parsed):
            if p.parts:
                by_surface.setdefault(p.surface.lower(), []).append(i)
        # surface forms in the order the rules take them: seeds' exact names, full names, titled, bare
        forms = sorted(
            by_surface,
            key=lambda s: (self._rank(parsed[by_surface[s][0]]), by_surface[s][0]),
        )
        fixed: dict[str, int] = {}
        ambiguous: dict[str, list[int]] = {}
        for surface in forms:
            idxs = by_surface[surface]
            p = parsed[idxs[0]]
            if surface in self.exact:
                fixed[surface] = self.exact[surface]
                continue
            sentences = {mentions[i].sentence for i in idxs}
            if len(p.parts) >= 2:
                fixed[surface] = self._full(p)
            elif p.title is not None:
                fixed[surface] = self._titled(p, sentences)
            else:
                candidates = self._bare(p.parts[0])
                if len(candidates) == 1:
                    fixed[surface] = candidates[0]
                elif not candidates:
                    char = self._new()
                    self._learn(char, p)
                    fixed[surface] = char.key
                else:
                    ambiguous[surface] = candidates
                    continue
            self.chars[fixed[surface]].sentences |= sentences
        out: list[int | None] = [None] * len(mentions)
        counts: Counter[int] = Counter()
        for surface, key in fixed.items():
            counts[key] += len(by_surface[surface])
        last_seen: dict[int, int] = {}
        for i, p in enumerate(parsed):
            if not p.parts:
                continue
            surface = p.surface.lower()
            found = fixed.get(surface)
            if found is None:
                cands = ambiguous[surface]
                recent = [k for k in cands if i - last_seen.get(k, -RECENT) < RECENT]
                if recent:  # the one named lately ("Knightley" after "John Knightley")
                    found = max(recent, key=lambda k: last_seen[k])
                else:  # else the one most often named
                    found = max(cands, key=lambda k: (counts[k], -k))
            key = found
            out[i] = key
            last_seen[key] = i
            char = self.chars[key]
            char.names[p.surface] += 1
            char.first_pos = min(char.first_pos, mentions[i].start)
        return out

    def _rank(self, p: ParsedName) -> int:
        if p.surface.lower() in self.exact:
            return 0
        if len(p.parts) >= 2:
            return 1 if p.titles else 2
        return 3 if p.title is not None else 4

    def _full(self, p: ParsedName) -> int:
        first, last = p.parts[0], p.parts[-1]
        # "Mrs. Joe Gargery" is Joe's wife: a title's gender outranks the given name's
        gender = title_gender(p.titles) or name_gender(first)
        for char in self.chars:
            if last in char.lasts and _given_match(first, char.firsts):
                if gender and char.gender and gender != char.gender:
                    continue
                self._learn(char, p)
                return char.key
        # a seed known only by a given name ("Petra") takes the first full name that starts with it
        for char in self.chars:
            if char.tag is not None and not char.lasts and _given_match(first, char.firsts):
                self._learn(char, p)
                return char.key
        char = self._new()
        self._learn(char, p)
        return char.key

    def _titled(self, p: ParsedName, sentences: set[int]) -> int:
        name, title = p.parts[0], p.title or ""
        gender = title_gender(p.titles)
        candidates = []
        for char in self.chars:
            if title in GIVEN_TITLES:
                hit = _given_match(name, char.firsts)
            elif title in EITHER_TITLES:
                hit = name in char.lasts or _given_match(name, char.firsts)
            else:
                hit = name in char.lasts
                if title in YOUTH_TITLES and _known_given(name):
                    hit = hit or _given_match(name, char.firsts)
            if not hit or (gender and char.gender and gender != char.gender):
                continue
            if gender and not char.gender and char.firsts and all(len(f) == 1 for f in char.firsts):
                continue  # "G. Darcy" says nothing of who "Mr. Darcy" or "Miss Darcy" is
            if any(frozenset((title, t)) in _CLASHING_TITLES for t in char.titles):  # Mrs. X is not Miss X
                continue
            if (title, name) in char.titled_full:  # "Mr. John Knightley" exists: "Mr. Knightley" is another
                continue
            if char.sentences & sentences:  # named side by side: two people
                continue
            if title not in GIVEN_TITLES and not char.firsts:  # "General Shaw" is not "Mrs. Shaw"
                continue
            if title == "mrs" and "mrs" not in char.titles:  # "Mrs. Welland" is often May Welland's mother
                continue
            candidates.append(char)
        if len(candidates) == 1:
            char = candidates[0]
            if char.gender is None:
                char.gender = gender
            return char.key
        char = self._new()
        self._learn(char, p)
        return char.key

    def _bare(self, name: str) -> list[int]:
        found = [c.key for c in self.chars if name in c.lasts or _given_match(name, c.firsts)]
        if found or _known_given(name):
            return found
        # a nickname clipped from a surname ("Soko" for Sokolov, "Lindy" for Lindqvist), when only one
        # surname fits
        clipped = [c.key for c in self.chars if any(_clips(name, last) for last in c.lasts)]
        return clipped if len(clipped) == 1 else []


def canonical_name(char_names: Counter[str], fallback: str | None) -> str:
    """The fullest name among those used often enough (at least a fifth as often as the commonest)."""
    if fallback:
        return fallback
    if not char_names:
        return ""
    # the full name when the story gives one ("Marisol Vance", though she is mostly "Mari"), else the
    # fullest name among those used often enough (a fifth as often as the commonest)
    full = [n for n in char_names if len(parse_name(n.split()).parts) >= 2]
    if full:
        return max(full, key=lambda n: (char_names[n], -len(parse_name(n.split()).titles), -len(n)))
    top = max(char_names.values())
    frequent = [n for n, c in char_names.items() if c * 5 >= top or c >= 3]
    return max(frequent, key=lambda n: (len(parse_name(n.split()).parts), char_names[n], -len(n)))


def build_cast(mentions: Sequence[NameMention], keys: Sequence[int | None], clusterer: NameClusterer) -> Cast:
    """Number the characters that have mentions in order of first mention and record each mention's id."""
    used = sorted({k for k in keys if k is not None}, key=lambda k: clusterer.chars[k].first_pos)
    ids = {k: f"C{i}" for i, k in enumerate(used, start=1)}
    cast = Cast()
    for k in used:
        char = clusterer.chars[k]
        aliases = sorted(char.names, key=lambda n: (-len(n.split()), -char.names[n], n))
        gender: str | None = char.gender
        if gender is None:
            for alias in aliases:
                parts = parse_name(alias.split()).parts
                if parts and (g := name_gender(parts[0])):
                    gender = g
                    break
        cast.add(
            CastMember(
                id=ids[k],
                name=canonical_name(char.names, char.canonical),
                aliases=aliases,
                tag=char.tag,
                gender=gender,
            )
        )
    for m, key in zip(mentions, keys, strict=True):
        if key is not None:
            cast.assignments[(m.start, m.end)] = ids[key]
    return cast

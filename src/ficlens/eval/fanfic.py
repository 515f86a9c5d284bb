"""Score ficlens on the fan-fiction gold set (``ficlens eval fanfic``).

Each story is analysed exactly as ``ficlens analyze`` would (same reader, same pipeline); the saved
``StoryAnalysis`` is then compared with the hand annotations (see ``fanfic_gold`` and the set's README).
Figures are micro-averaged over the stories of each split (``dev``, ``test``) and over ``all``.

Matching rules (the numbers depend on them):

- **Character mapping.** A predicted character maps to the gold character whose names (name and aliases)
  its own name and aliases match, weighted by each alias's count. Names are compared lower-cased, without
  full stops, a possessive ``'s``, a leading title (Mr, Mrs, Captain, ...) or an AO3 disambiguator in
  parentheses; a predicted name that contains a gold full name of two or more words also matches it.
- **Cast** precision/recall/F1 by name: recall over the gold characters not marked ``minor``; precision
  over the predicted characters, where a character is right when it maps to a non-minor gold character
  that no more prominent predicted character already took (so one person split in two costs precision),
  and predicted characters that map to a ``minor`` gold character are left out of the count.
  ``non_characters`` counts predicted characters named like an entry of ``not_characters``.
- **Alias purity**: of all alias occurrences (alias counts) of mapped predicted characters that name some
  gold character, the share that names the character's own gold character.
- **Speaker / addressee accuracy**: each gold quotation is found by its anchor; the predicted quotation
  that contains the anchor's position (or starts at most 2 characters after it) is compared. The speaker
  is right when it maps to the gold speaker; the addressees when the mapped set equals the gold set
  exactly (only quotations with gold addressees count). A quotation ficlens missed counts as wrong.
- **POV accuracy per scene**: the predicted scene whose span contains the gold scene's anchor; right when
  its character maps to the gold POV character.
- **Tense slips**: the predicted slips are the shifts away from the dominant tense (the return to it is no
  second slip); one is right when a gold slip's anchor lies in the shift's paragraph;
  precision over predicted shifts, recall over gold slips. With no predicted shifts precision is 1.0
  (nothing was claimed, so nothing was wrong; the counts are reported beside it).
- **Flashbacks**: recall of the gold flashbacks whose first words lie in a reported flashback span.
- **Notes F1**: over words (lower-cased, as multisets) of the gold notes' text against the words of the
  notes ficlens found (summaries are metadata, not notes). ``boilerplate_in_text`` counts AO3
  boilerplate lines left in the story text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datamodel import NoteKind
from ficlens.eval.fanfic_gold import (
    DATA_DIR,
    Anchor,
    GoldCharacter,
    GoldStory,
    find_anchor,
    load_gold,
    note_text,
    source_text,
)

if TYPE_CHECKING:
    from ficlens.datamodel import StoryAnalysis
    from ficlens.datamodel.cast import Character

# The scorer's own title list, so that the figures do not move when the pipeline's lexicon changes.
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "doctor",
        "sir",
        "ser",
        "dame",
        "lady",
        "lord",
        "captain",
        "cap",
        "capt",
        "inspector",
        "lieutenant",
        "lt",
        "sergeant",
        "professor",
        "prof",
        "master",
        "mistress",
        "madam",
        "madame",
        "mother",
        "father",
        "brother",
        "sister",
        "aunt",
        "uncle",
        "grandpa",
        "grandma",
        "gran",
        "queen",
        "king",
        "prince",
        "princess",
        "duke",
        "duchess",
        "director",
        "coach",
        "commander",
        "general",
        "colonel",
        "major",
        "headmistress",
        "headmaster",
        "guildmistress",
        "harbourmaster",
        "saint",
        "st",
        "reverend",
        "rev",
    }
)
BOILERPLATE = (
    "See the end of the chapter for",
    "See the end of the work for",
    "Chapter Notes",
    "Chapter End Notes",
    "Posted originally on the Archive of Our Own",
    "Please drop by the Archive",
)
_WORD = re.compile(r"[a-z0-9]+")


def normalise(name: str) -> str:
    name = name.replace("’", "'").strip()
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # AO3 disambiguator: "Maren Vell (Crownless)"
    name = re.sub(r"'s?$", "", name)
    name = name.replace(".", " ")
    return " ".join(name.lower().split())


def _untitled(norm: str) -> str:
    words = norm.split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


@dataclass
class CastIndex:
    """Gold names of one story, to map predicted names onto gold characters."""

    characters: tuple[GoldCharacter, ...]
    not_characters: tuple[str, ...] = ()
    exact: dict[str, str] = field(default_factory=dict)
    full_names: list[tuple[str, str]] = field(default_factory=list)
    nonchar: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        ambiguous: set[str] = set()
        for ch in self.characters:
            for label in (ch.name, *ch.aliases):
                for key in {normalise(label), _untitled(normalise(label))}:
                    if key in self.exact and self.exact[key] != ch.name:
                        ambiguous.add(key)
                    self.exact[key] = ch.name
                if len(normalise(label).split()) >= 2:
                    self.full_names.append((normalise(label), ch.name))
        for key in ambiguous:
            self.exact.pop(key, None)
        self.nonchar = {normalise(x) for x in self.not_characters} | {
            _untitled(normalise(x)) for x in self.not_characters
        }
        self.full_names.sort(key=lambda item: -len(item[0]))

    def lookup(self, name: str) -> str | None:
        """The gold character a single predicted name refers to, if any."""
        norm = normalise(name)
        for key in (norm, _untitled(norm)):
            if key in self.exact:
                return self.exact[key]
        padded = f" {norm} "
        for full, gold in self.full_names:
            if f" {full} " in padded:
                return gold
        return None

    def is_nonchar(self, name: str) -> bool:
        norm = normalise(name)
        return norm in self.nonchar or _untitled(norm) in self.nonchar

    def minor(self, gold: str) -> bool:
        return any(c.name == gold and c.minor for c in self.characters)


def character_names(ch: Character) -> list[tuple[str, int]]:
    """A predicted character's names with their counts, as ``map_character`` reads them (the full name
    counts as often as its commonest alias)."""
    return [
        (ch.name, max((a.count for a in ch.aliases), default=1)),
        *((a.name, a.count) for a in ch.aliases),
    ]


def map_character(index: CastIndex, names: Iterable[tuple[str, int]]) -> str | None:
    """The gold character most of a predicted character's (name, count) pairs refer to."""
    votes: Counter[str] = Counter()
    for name, count in names:
        gold = index.lookup(name)
        if gold is not None:
            votes[gold] += max(count, 1)
    return votes.most_common(1)[0][0] if votes else None


@dataclass
class Tally:
    """Counts summed over stories; ``figures()`` turns them into rates."""

    gold_cast: int = 0
    cast_found: int = 0
    predicted_cast: int = 0
    cast_right: int = 0
    non_characters: int = 0
    alias_pure: int = 0
    alias_total: int = 0
    speaker_total: int = 0
    speaker_right: int = 0
    quote_found: int = 0
    addressee_total: int = 0
    addressee_right: int = 0
    scenes: int = 0
    pov_right: int = 0
    pov_unclear: int = 0
    slips_gold: int = 0
    slips_predicted: int = 0
    slips_pred_right: int = 0
    slips_gold_found: int = 0
    flashbacks_gold: int = 0
    flashbacks_found: int = 0
    note_gold_words: int = 0
    note_pred_words: int = 0
    note_common_words: int = 0
    boilerplate_in_text: int = 0
    unlocated_anchors: int = 0
    stories: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, Any]:
        def ratio(a: int, b: int, empty: float = 0.0) -> float:
            return a / b if b else empty

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        cp, cr = ratio(self.cast_right, self.predicted_cast), ratio(self.cast_found, self.gold_cast)
        tp = ratio(self.slips_pred_right, self.slips_predicted, 1.0)
        tr = ratio(self.slips_gold_found, self.slips_gold, 1.0)
        np_, nr = (
            ratio(self.note_common_words, self.note_pred_words, 1.0),
            ratio(self.note_common_words, self.note_gold_words, 1.0),
        )
        return {
            "stories": self.stories,
            "cast": {
                "precision": cp,
                "recall": cr,
                "f1": f1(cp, cr),
                "gold": self.gold_cast,
                "predicted": self.predicted_cast,
                "non_characters": self.non_characters,
            },
            "alias_purity": ratio(self.alias_pure, self.alias_total, 1.0),
            "speakers": {
                "accuracy": ratio(self.speaker_right, self.speaker_total),
                "n": self.speaker_total,
                "quotes_found": ratio(self.quote_found, self.speaker_total),
            },
            "addressees": {
                "accuracy": ratio(self.addressee_right, self.addressee_total),
                "n": self.addressee_total,
            },
            "pov": {
                "accuracy": ratio(self.pov_right, self.scenes),
                "n": self.scenes,
                "unclear": self.pov_unclear,
            },
            "tense_slips": {
                "precision": tp,
                "recall": tr,
                "gold": self.slips_gold,
                "predicted": self.slips_predicted,
            },
            "flashbacks": {
                "recall": ratio(self.flashbacks_found, self.flashbacks_gold, 1.0),
                "gold": self.flashbacks_gold,
            },
            "notes": {
                "precision": np_,
                "recall": nr,
                "f1": f1(np_, nr),
                "boilerplate_in_text": self.boilerplate_in_text,
            },
            "unlocated_anchors": self.unlocated_anchors,
        }


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def score_story(gold: GoldStory, analysis: StoryAnalysis) -> Tally:
    """Compare one story's analysis with its gold annotations."""
    t = Tally(stories=1)
    index = CastIndex(gold.cast, gold.not_characters)
    text = analysis.text

    # Cast: map every predicted character, most prominent first.
    mapping: dict[str, str | None] = {}
    taken: set[str] = set()
    for ch in sorted(analysis.characters, key=lambda c: c.prominence):
        gold_name = map_character(index, character_names(ch))
        mapping[ch.id] = gold_name
        if gold_name is not None and index.minor(gold_name):
            continue
        t.predicted_cast += 1
        if gold_name is None:
            t.non_characters += index.is_nonchar(ch.name)
        elif gold_name not in taken:
            t.cast_right += 1
            taken.add(gold_name)
        for alias in ch.aliases:
            alias_gold = index.lookup(alias.name)
            if gold_name is not None and alias_gold is not None:
                t.alias_total += alias.count
                t.alias_pure += alias.count * (alias_gold == gold_name)
    major = [c.name for c in gold.cast if not c.minor]
    t.gold_cast = len(major)
    t.cast_found = sum(1 for name in major if name in taken)

    def locate(anchor_at: str, n: int) -> int | None:
        pos = find_anchor(text, Anchor(anchor_at, n))
        if pos is None:
            t.unlocated_anchors += 1
        return pos

    quotes = sorted(analysis.quotes, key=lambda q: q.start)
    for gq in gold.quotes:
        pos = locate(gq.anchor.at, gq.anchor.n)
        hit = None
        if pos is not None:
            hit = next((q for q in quotes if q.start <= pos < q.end or 0 <= q.start - pos <= 2), None)
        if gq.speaker is not None:
            t.speaker_total += 1
            t.quote_found += hit is not None
            if hit is not None and hit.speaker is not None and mapping.get(hit.speaker) == gq.speaker:
                t.speaker_right += 1
        if gq.addressees:
            t.addressee_total += 1
            if hit is not None:
                predicted = {mapping.get(a) for a in hit.addressees}
                t.addressee_right += predicted == set(gq.addressees)

    for gs in gold.scenes:
        t.scenes += 1
        pos = locate(gs.anchor.at, gs.anchor.n)
        if pos is None:
            continue
        scene = next((s for s in analysis.pov.scenes if s.start <= pos < s.end), None)
        predicted_pov = mapping.get(scene.character) if scene is not None and scene.character else None
        if scene is None or scene.character is None:
            t.pov_unclear += 1
        t.pov_right += predicted_pov == gs.pov

    shifts = [s for s in analysis.tense.shifts if s.to_tense != analysis.tense.dominant]
    t.slips_gold = len(gold.tense_slips)
    t.slips_predicted = len(shifts)
    slip_positions = [p for p in (locate(a.at, a.n) for a in gold.tense_slips) if p is not None]

    def in_shift(pos: int, shift: Any) -> bool:
        lo, hi = shift.paragraph if shift.paragraph != (0, 0) else (shift.start, shift.end)
        return lo <= pos < hi or shift.start <= pos < shift.end

    t.slips_pred_right = sum(1 for s in shifts if any(in_shift(p, s) for p in slip_positions))
    t.slips_gold_found = sum(1 for p in slip_positions if any(in_shift(p, s) for s in shifts))

    t.flashbacks_gold = len(gold.flashbacks)
    for anchor in gold.flashbacks:
        pos = locate(anchor.at, anchor.n)
        t.flashbacks_found += pos is not None and any(lo <= pos <= hi for lo, hi in analysis.tense.flashbacks)

    source = source_text(gold.path)
    gold_words: Counter[str] = Counter()
    for note in gold.notes:
        gold_words += _words(note_text(gold, source, note))
    pred_words: Counter[str] = Counter()
    for pn in analysis.notes:
        if pn.kind not in (NoteKind.SUMMARY, NoteKind.CHAPTER_SUMMARY):  # summaries are metadata
            pred_words += _words(pn.text)
    t.note_gold_words = sum(gold_words.values())
    t.note_pred_words = sum(pred_words.values())
    t.note_common_words = sum((gold_words & pred_words).values())
    t.boilerplate_in_text = sum(text.count(b) for b in BOILERPLATE)
    return t


def evaluate(
    data: Path = DATA_DIR,
    split: str = "all",
    *,
    analyse: Callable[[Path], StoryAnalysis] | None = None,
) -> dict[str, Any]:
    """Analyse every story of ``split`` in ``data`` and score it; figures per split and per story."""
    if analyse is None:
        from ficlens.analysis.run import analyze

        analyse = analyze
    stories = load_gold(data, split)
    per_split: dict[str, Tally] = {}
    rows = []
    for gold in stories:
        tally = score_story(gold, analyse(gold.path))
        per_split.setdefault(gold.split, Tally()).add(tally)
        per_split.setdefault("all", Tally()).add(tally)
        rows.append({"story": gold.name, "split": gold.split, **tally.figures()})
    return {
        "data": str(data),
        "split": split,
        **{name: per_split[name].figures() for name in ("dev", "test", "all") if name in per_split},
        "stories": rows,
    }


def format_report(result: dict[str, Any]) -> str:
    lines = [f"Fan-fiction gold set ({result['data']}), split {result['split']}"]
    header = (
        f"{'':8}{'cast P/R/F1':>20}{'alias':>7}{'speaker':>9}{'addressee':>11}{'POV':>7}"
        f"{'slip P/R':>11}{'notes F1':>10}"
    )
    lines.append(header)
    for name in ("dev", "test", "all"):
        if name not in result:
            continue
        r = result[name]
        c = r["cast"]
        lines.append(
            f"{name:8}{c['precision']:>8.2f}/{c['recall']:.2f}/{c['f1']:.2f}{r['alias_purity']:>7.2f}"
            f"{r['speakers']['accuracy']:>9.1%}{r['addressees']['accuracy']:>11.1%}{r['pov']['accuracy']:>7.1%}"
            f"{r['tense_slips']['precision']:>6.2f}/{r['tense_slips']['recall']:.2f}{r['notes']['f1']:>10.2f}"
        )
    lines.append("")
    for row in result["stories"]:
        c = row["cast"]
        lines.append(
            f"  {row['story'][:44]:44} {row['split']:4} cast {c['f1']:.2f}"
            f" ({c['predicted']} found, {c['gold']} gold)"
            f"  speaker {row['speakers']['accuracy']:.0%}  POV {row['pov']['accuracy']:.0%}"
            f"  slips {row['tense_slips']['predicted']}/{row['tense_slips']['gold']}"
            f"  notes {row['notes']['f1']:.2f}"
        )
    return "\n".join(lines)

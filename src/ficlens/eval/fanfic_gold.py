"""The fan-fiction gold set: load and validate hand annotations (``*.gold.json`` beside each story).

The format is documented in ``fanfic_data/README.md``. Every annotation points into its story by an
*anchor*: a short piece of the story's text (``at``) and which occurrence of it is meant (``n``, 0-based,
default 0), never by character offsets, so the annotations survive re-encoding and changes in how ficlens
cleans text. Loading checks every anchor against the story file and every name against the cast, and
raises :class:`GoldError` naming the file and the problem.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

DATA_DIR = Path(__file__).with_name("fanfic_data")
SPLITS = ("dev", "test")


class GoldError(ValueError):
    """A gold file that does not match its story or the documented format."""


@dataclass(frozen=True)
class GoldCharacter:
    name: str
    aliases: tuple[str, ...] = ()
    minor: bool = False  # named but marginal: neither required nor penalised in the cast


@dataclass(frozen=True)
class Anchor:
    at: str
    n: int = 0


@dataclass(frozen=True)
class GoldQuote:
    anchor: Anchor  # the quotation's opening (its mark included)
    speaker: str | None
    addressees: tuple[str, ...]


@dataclass(frozen=True)
class GoldScene:
    anchor: Anchor  # the scene's first words
    pov: str | None  # the focal character (the narrator in first person, the reader in second person)


@dataclass(frozen=True)
class GoldNote:
    begin: Anchor
    end: Anchor  # the note's last words; the note runs from ``begin`` to the end of ``end``


@dataclass(frozen=True)
class GoldStory:
    path: Path
    split: str
    fandom: str
    forms: tuple[str, ...]
    cast: tuple[GoldCharacter, ...]
    not_characters: tuple[str, ...]
    quotes: tuple[GoldQuote, ...]
    scenes: tuple[GoldScene, ...]
    tense_slips: tuple[Anchor, ...]
    flashbacks: tuple[Anchor, ...]
    notes: tuple[GoldNote, ...]

    @property
    def name(self) -> str:
        return self.path.name


def source_text(path: Path, *, chapters_only: bool = False) -> str:
    """The story file as a reader sees it: HTML reduced to its text (paragraphs on their own lines).

    ``chapters_only`` keeps only an AO3 download's chapters (no preface, no afterword).
    """
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() not in (".html", ".htm", ".xhtml"):
        return raw
    tree = LexborHTMLParser(raw)
    for node in tree.css("head, script, style"):
        node.decompose()
    for node in tree.css("p, div, blockquote, h1, h2, h3, dt, dd, br, li"):
        node.insert_after("\n")
    root = tree.css_first("#chapters") if chapters_only else tree.body
    return root.text(separator="") if root is not None else ""


def find_anchor(text: str, anchor: Anchor) -> int | None:
    """Start offset of occurrence ``anchor.n`` of ``anchor.at`` in ``text`` (curly quotes equal straight)."""
    hay, needle = fold(text), fold(anchor.at)
    pos = -1
    for _ in range(anchor.n + 1):
        pos = hay.find(needle, pos + 1)
        if pos < 0:
            return None
    return pos


_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


def fold(text: str) -> str:
    """One character for one: curly quotes and apostrophes made straight, so offsets stay aligned."""
    return text.translate(_FOLD)


def _anchor(raw: Any, where: str) -> Anchor:
    if not isinstance(raw, dict) or not isinstance(raw.get("at"), str) or not raw["at"].strip():
        raise GoldError(f"{where}: needs a non-empty 'at' text")
    n = raw.get("n", 0)
    if not isinstance(n, int) or n < 0:
        raise GoldError(f"{where}: 'n' must be a non-negative integer")
    return Anchor(raw["at"], n)


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise GoldError(f"{where}: must be a list of non-empty strings")
    return tuple(raw)


def parse_gold(data: dict[str, Any], story: Path, text: str) -> GoldStory:
    """Build and validate one story's gold from its parsed JSON and the story's text."""
    name = story.name
    split = data.get("split")
    if split not in SPLITS:
        raise GoldError(f"{name}: split must be one of {', '.join(SPLITS)}")
    cast: list[GoldCharacter] = []
    names: dict[str, str] = {}
    for i, raw in enumerate(data.get("cast") or []):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise GoldError(f"{name}: cast[{i}] needs a 'name'")
        ch = GoldCharacter(
            raw["name"],
            _strings(raw.get("aliases", []), f"{name}: cast[{i}].aliases"),
            bool(raw.get("minor")),
        )
        for label in (ch.name, *ch.aliases):
            if label in names and names[label] != ch.name:
                raise GoldError(f"{name}: the name {label!r} is given to two characters")
            names[label] = ch.name
        if not any(
            re.search(rf"(?<!\w){re.escape(fold(x))}(?!\w)", fold(text)) for x in (ch.name, *ch.aliases)
        ):
            raise GoldError(f"{name}: cast member {ch.name!r} is never named in the story")
        cast.append(ch)
    if not cast:
        raise GoldError(f"{name}: the cast is empty")
    canonical = {c.name for c in cast}

    def who(value: Any, where: str) -> str | None:
        if value is None:
            return None
        if value not in canonical:
            raise GoldError(f"{where}: {value!r} is not a cast name")
        return str(value)

    def placed(anchor: Anchor, where: str) -> Anchor:
        if find_anchor(text, anchor) is None:
            raise GoldError(f"{where}: {anchor.at!r} (occurrence {anchor.n}) is not in the story")
        return anchor

    quotes = []
    for i, raw in enumerate(data.get("quotes") or []):
        where = f"{name}: quotes[{i}]"
        addressees = tuple(who(a, where) or "" for a in raw.get("addressees", []))
        quotes.append(
            GoldQuote(placed(_anchor(raw, where), where), who(raw.get("speaker"), where), addressees)
        )
    scenes = []
    for i, raw in enumerate(data.get("scenes") or []):
        where = f"{name}: scenes[{i}]"
        scenes.append(GoldScene(placed(_anchor(raw, where), where), who(raw.get("pov"), where)))
    slips = tuple(
        placed(_anchor(r, f"{name}: tense_slips[{i}]"), name)
        for i, r in enumerate(data.get("tense_slips") or [])
    )
    flashbacks = tuple(
        placed(_anchor(r, f"{name}: flashbacks[{i}]"), name)
        for i, r in enumerate(data.get("flashbacks") or [])
    )
    notes = []
    for i, raw in enumerate(data.get("notes") or []):
        where = f"{name}: notes[{i}]"
        if not isinstance(raw, dict):
            raise GoldError(f"{where}: must be an object with 'begin' and 'end'")
        begin = placed(_anchor({"at": raw.get("begin"), "n": raw.get("begin_n", 0)}, where), where)
        end = placed(_anchor({"at": raw.get("end"), "n": raw.get("end_n", 0)}, where), where)
        b, e = find_anchor(text, begin), find_anchor(text, end)
        if b is None or e is None or e < b:
            raise GoldError(f"{where}: the note ends before it begins")
        notes.append(GoldNote(begin, end))
    return GoldStory(
        path=story,
        split=split,
        fandom=str(data.get("fandom", "")),
        forms=_strings(data.get("forms", []), f"{name}: forms"),
        cast=tuple(cast),
        not_characters=_strings(data.get("not_characters", []), f"{name}: not_characters"),
        quotes=tuple(quotes),
        scenes=tuple(scenes),
        tense_slips=slips,
        flashbacks=flashbacks,
        notes=tuple(notes),
    )


def load_story_gold(gold_path: Path) -> GoldStory:
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{gold_path.name}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("story"), str):
        raise GoldError(f"{gold_path.name}: needs a 'story' file name")
    story = gold_path.with_name(data["story"])
    if not story.is_file():
        raise GoldError(f"{gold_path.name}: its story {data['story']!r} is missing")
    return parse_gold(data, story, source_text(story))


def load_gold(folder: Path = DATA_DIR, split: str = "all") -> list[GoldStory]:
    """Every annotated story in ``folder`` (``split``: dev, test or all), sorted by file name."""
    if not folder.is_dir():
        raise GoldError("not a folder")
    files = sorted(folder.glob("*.gold.json"))
    if not files:
        raise GoldError("no *.gold.json files in this folder")
    stories = [load_story_gold(f) for f in files]
    return [s for s in stories if split == "all" or s.split == split]


def note_text(story: GoldStory, text: str, note: GoldNote) -> str:
    """The text a gold note covers in ``text`` (the story's source text)."""
    b, e = find_anchor(text, note.begin), find_anchor(text, note.end)
    if b is None or e is None:
        raise GoldError(f"{story.name}: a note anchor moved")
    return text[b : e + len(note.end.at)]


def word_count(story: GoldStory) -> int:
    """Words of story text (notes excluded)."""
    text = source_text(story.path, chapters_only=True)
    for note in story.notes:
        if find_anchor(text, note.begin) is not None and find_anchor(text, note.end) is not None:
            text = text.replace(note_text(story, text, note), " ")
    return len(re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*", text))

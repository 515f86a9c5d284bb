"""The story as a script: ordered narration passages and quotations, with who speaks and to whom.

Reads a ``StoryAnalysis`` only (never a Doc), so a script can be rebuilt from saved JSON. Narration is
everything in the story prose that is not a quotation, cut at paragraph breaks; author's notes kept in the
text and scene-break lines are left out. Narration is given to the first-person narrator when the analysis
knows one, otherwise to ``NARRATOR``.

Two forms: JSON Lines (one object per line: kind, speaker, addressees, text, offsets, chapter) and a
screenplay-like text (``MAREN (to Tobias): I shouldn't have left.``) with the quote marks taken off.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ficlens.datamodel.analysis import StoryAnalysis
from ficlens.datamodel.dialogue import QuoteKind
from ficlens.output.files import atomic_write_text
from ficlens.pipeline.lexicon import PERSONAL_PRONOUNS
from ficlens.pipeline.ranges import Ranges, subtract

NARRATOR = "NARRATOR"
UNKNOWN = "UNKNOWN"
_MARKS = "\"“”„'‘’«»‹›"
_EDGE = re.compile(rf"^[\s{_MARKS}—–―-]+|[\s{_MARKS}]+$")
_LINE_START_MARK = re.compile(rf"\n\s*[{_MARKS}]")
_BREAKS = re.compile(r"\n+")
_HEADING = re.compile(r"(?i)\s*(chapter|part|book|prologue|epilogue|interlude)\b|\s*#")


@dataclass(frozen=True, slots=True)
class ScriptLine:
    kind: str  # "narration", "spoken", "written", "thought", or "heading" (a chapter heading in the text)
    speaker: str  # a character name, or NARRATOR / UNKNOWN
    addressees: tuple[str, ...]
    text: str  # as it stands in the story (quote marks kept)
    start: int
    end: int
    chapter: int | None
    speaker_id: str | None = None
    addressee_ids: tuple[str, ...] = ()
    confidence: float | None = None  # of the speaker, for quotations
    type: str | None = None  # explicit / anaphoric / implicit, for quotations

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        out["addressees"] = list(self.addressees)
        out["addressee_ids"] = list(self.addressee_ids)
        return out


def _excluded(analysis: StoryAnalysis) -> list[tuple[int, int]]:
    cut = [(n.start, n.end) for n in analysis.notes if n.in_text and n.end > n.start]
    cut += [(b.start, b.end) for b in analysis.scene_breaks if b.end > b.start]
    return sorted(cut)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _mention_name(text: str, mention: tuple[int, int] | None) -> str:
    """With no character id (no cast), a speaker mention that is a name still says who speaks."""
    if mention is None:
        return UNKNOWN
    words = text[mention[0] : mention[1]].split()
    if words and words[0][:1].isupper() and words[0].lower() not in PERSONAL_PRONOUNS:
        return " ".join(words)
    return UNKNOWN


def script_lines(analysis: StoryAnalysis) -> list[ScriptLine]:
    """Narration passages and quotations in story order."""
    text = analysis.text
    names = {c.id: c.name for c in analysis.characters}
    narrator_id = analysis.pov.narrator
    narrator = names.get(narrator_id, NARRATOR) if narrator_id else NARRATOR
    chapters = Ranges((c.start, c.end) for c in analysis.chapters)
    chapter_index = [c.index for c in sorted(analysis.chapters, key=lambda c: (c.start, c.end))]

    def chapter_of(pos: int) -> int | None:
        k = chapters.index(pos)
        return chapter_index[k] if k >= 0 else None

    excluded = _excluded(analysis)
    quotes = sorted(analysis.quotes, key=lambda q: (q.start, q.end))
    lines: list[ScriptLine] = []
    for q in quotes:
        if any(cs < q.end and q.start < ce for cs, ce in excluded):
            continue
        addressee_ids = tuple(q.addressees)
        lines.append(
            ScriptLine(
                kind=q.kind.value,
                speaker=names.get(q.speaker, q.speaker)
                if q.speaker
                else _mention_name(text, q.speaker_mention),
                addressees=tuple(names.get(a, a) for a in addressee_ids),
                text=text[q.start : q.end],
                start=q.start,
                end=q.end,
                chapter=q.chapter if q.chapter is not None else chapter_of(q.start),
                speaker_id=q.speaker,
                addressee_ids=addressee_ids,
                confidence=q.confidence,
                type=q.type.value if q.type is not None else None,
            )
        )
    narration = subtract([(0, len(text))], sorted([*excluded, *((q.start, q.end) for q in quotes)]))
    heading_at = {c.start for c in analysis.chapters if c.start < len(text)}
    for start, end in narration:
        pos = start
        for m in [*_BREAKS.finditer(text, start, end), None]:
            piece_end = m.start() if m is not None else end
            s, e = _trim(text, pos, piece_end)
            if e > s and any(ch.isalnum() for ch in text[s:e]):
                # a plain text keeps its chapter headings in the text: they are not the narrator's words
                heading = s in heading_at and _HEADING.match(text[s:e]) is not None
                lines.append(
                    ScriptLine(
                        kind="heading" if heading else "narration",
                        speaker="" if heading else narrator,
                        addressees=(),
                        text=text[s:e],
                        start=s,
                        end=e,
                        chapter=chapter_of(s),
                        speaker_id=None if heading else narrator_id,
                    )
                )
            if m is not None:
                pos = m.end()
    lines.sort(key=lambda line: (line.start, line.end))
    return lines


def plain_text(line: ScriptLine) -> str:
    """The line's words without quote marks or dialogue dashes, on one line."""
    if line.kind == "narration":
        body = line.text
    else:
        body = _LINE_START_MARK.sub("\n", line.text)
        body = _EDGE.sub("", body)
    return one_line(body)


# Names and titles come from the story (or a cast file): a newline or other control character in one must
# not start a line of its own in the script ("forged" lines), nor hide text on a terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def one_line(text: str) -> str:
    """``text`` on one line: control characters and line breaks become single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def format_line(line: ScriptLine) -> str:
    who = one_line(line.speaker).upper()
    notes: list[str] = []
    if line.kind == QuoteKind.THOUGHT.value:
        notes.append("thinking")
    elif line.kind == QuoteKind.WRITTEN.value:
        notes.append("writing")
    if line.addressees:
        notes.append("to " + ", ".join(one_line(a) for a in line.addressees))
    tag = f" ({'; '.join(notes)})" if notes else ""
    return f"{who}{tag}: {plain_text(line)}"


def script_text(analysis: StoryAnalysis) -> str:
    out: list[str] = []
    title = analysis.metadata.title
    if title:
        out += [one_line(title).upper(), ""]
    chapter: int | None = None
    titles = {c.index: c.title for c in analysis.chapters}
    for line in script_lines(analysis):
        if line.chapter is not None and line.chapter != chapter and len(analysis.chapters) > 1:
            chapter = line.chapter
            chapter_title = one_line(titles.get(chapter) or "")
            heading = f"CHAPTER {chapter}" + (f": {chapter_title}" if chapter_title else "")
            out += ["", heading, ""]
        if line.kind == "heading":
            if len(analysis.chapters) <= 1:
                out += ["", one_line(line.text).upper(), ""]
            continue
        out.append(format_line(line))
    return "\n".join(out) + "\n"


def write_script_jsonl(analysis: StoryAnalysis, path: Path) -> None:
    body = "".join(json.dumps(line.to_json(), ensure_ascii=False) + "\n" for line in script_lines(analysis))
    atomic_write_text(Path(path), body)


def write_script_text(analysis: StoryAnalysis, path: Path) -> None:
    atomic_write_text(Path(path), script_text(analysis))

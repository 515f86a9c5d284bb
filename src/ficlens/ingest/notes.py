"""Author's notes and disclaimers in plain-text stories.

Notes sit at the edges: before the story, after it, and just after or before a chapter heading. Only there
do disclaimer phrases ("I don't own ...") count, and never in a paragraph that opens with dialogue, so a
character who says "I don't own a car" in the middle of a chapter stays in the story. A paragraph labelled
"A/N:" or "Author's Note:" is a note wherever it stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ficlens.datamodel import Note, NoteKind

Span = tuple[int, int]

_AUTHOR_LABEL = re.compile(
    r"^[\s>]*[(\[*_~\s]*(?:A\s?/\s?N\b|A\.\s?N\.|Author[’']?s?[’']?\s+Notes?\b|Authors?\s+Notes?\b"
    r"|(?:Mid-?\s?chapter|Quick|Small|Short|Tiny)\s+(?:author[’']?s?\s+)?notes?\b)",
    re.IGNORECASE,
)
# "AN" and "Note" are ordinary words; they count as labels only with a colon or dash after them.
_WEAK_LABEL = re.compile(
    r"^[\s>]*[(\[]?[*_~\s]*(?:AN|A\.N|Notes?|N/A|Final Notes?|End Notes?)(?:\s*\d{1,2})?[*_\s]*[:\-–—]",
    re.IGNORECASE,
)
_DISCLAIMER_LABEL = re.compile(r"^\s*[(\[]?[*_~\s]*Disclaimers?(?![a-z])", re.IGNORECASE)
# "Disclaimer:" with its colon or dash: a note wherever it stands, like "A/N:"
_DISCLAIMER_COLON = re.compile(r"^\s*[(\[]?[*_~\s]*Disclaimers?[*_\s]*[:\-–—]", re.IGNORECASE)
_DISCLAIMER_PHRASES = re.compile(
    # Case matters for "I don't own Harry..." (a proper name follows) but not for the set phrases.
    r"\bI\s+(?:do\s+not|don[’']?t|dont)\s+own\s+(?:(?i:anything|it\b|this\b|them\b|any\b|the\s+(?:characters|"
    r"rights|show|series|books?|franchise|world|universe|song|lyrics|story|original)|these\s+characters)|[A-Z])"
    r"|(?i:\bI\s+own\s+(?:nothing|only|none)\b"
    r"|\bif\s+you\s+recogni[sz]e\s+(?:it|anything|something|them)\b"
    r"|\ball\s+rights\s+(?:belong|go|reserved|to)\b"
    r"|\brights\s+belong\s+to\b"
    r"|\bno\s+copyright\s+infringement\b"
    r"|\bnot\s+making\s+(?:any\s+)?(?:money|profit)\b"
    r"|\bno\s+profit\s+is\s+(?:being\s+)?made\b"
    r"|\bis\s+the\s+property\s+of\b)",
)
_SOFT = re.compile(
    r"\b(?:enjoy|reviews?|thanks?|thank\s+you|hope\s+you|this\s+(?:story|fic|fanfic|chapter|one-?shot)|beta(?:ed|'d)?|"
    r"prompt|inspired\s+by|spoilers?|kudos|comments?|updates?|readers?|fics?|written\s+for|content\s+warnings?|"
    r"trigger\s+warnings?|on\s+with\s+the\s+(?:story|show)|reading)\b",
    re.IGNORECASE,
)
# A reply to a reviewer inside an author's note: "Guest: ...", "To marchmadness: ...", "*@rook:* ...".
_REPLY = re.compile(
    r"^\s*[-*•]?\s*[*_]{0,2}(?:to\s+|re:?\s+|@)?[\w@.'’-]+(?:\s[\w@.'’-]+){0,3}[*_]{0,2}"
    r"(?:\s*\([^)\n]{0,80}\))?[*_]{0,2}\s*:",
    re.IGNORECASE,
)
# An unlabelled closing note set apart at the very end ("Thanks for reading! Kudos make me write faster").
_CLOSING = re.compile(
    r"\bthank(?:s|\s+you)(?:\s+\w+){0,3}\s+for\s+reading\b|\bkudos\b|\bcomments?\s+(?:and\s+kudos\s+)?"
    r"(?:make|feed|are|mean|keep)\b|\bnext\s+(?:chapter|part|time)\b|\bif\s+(?:you\s+liked|people\s+want)\b",
    re.IGNORECASE,
)
# ... and the part of it that no story sentence says: a closing note even with no scene break before it
_READER_CLOSING = re.compile(
    r"\bthank(?:s|\s+you)(?:\s+\w+){0,3}\s+for\s+reading\b|\bkudos\b"
    r"|\bcomments?\s+(?:and\s+kudos\s+)?(?:make|feed|keep)\b",
    re.IGNORECASE,
)
# An unlabelled opening note: thanks or an apology to the readers ("Thank you for the lovely comments on
# chapter one!", "Sorry for the wait, reviews are replied below")
_READER_OPENING = re.compile(
    r"^(?=[^\n]*(?:\bthank(?:s|\s+you)(?:\s+\w+){0,4}\s+for\b|\bsorry\s+(?:for|about)\b"
    r"|\b(?:hi|hello|hey)\s+(?:everyone|all|guys|y'all|friends|lovelies|readers)\b))"
    r"(?=[^\n]*\b(?:reviews?|reviewers?|comments?|kudos|readers?|chapter|update|favou?rites?|follows?)\b)",
    re.IGNORECASE,
)
_DIALOGUE_OPENERS = "\"“”'‘’—–-«»"
_EDGE_WINDOW = 6
_MAX_NOTE_UNITS = 8
_MAX_SOFT_CHARS = 500
_MAX_SIGN_OFF = 80
_MAX_PREFACE_CHARS = 300
_SIGN_OFF = re.compile(
    r"(?:love|cheers|bye|see\s+you|until|xo|xx|ciao|peace|stay|happy|take\s+care|best|thanks|hugs|[(:;]?[:;]-?[)D])",
    re.IGNORECASE,
)


def _labelled(text: str) -> NoteKind | None:
    if _DISCLAIMER_LABEL.match(text):
        return NoteKind.DISCLAIMER
    if _AUTHOR_LABEL.match(text) or _WEAK_LABEL.match(text):
        return NoteKind.AUTHOR_NOTE
    return None


def classify(text: str) -> NoteKind | None:
    """The kind of note a paragraph is by its own words, or None."""
    kind = _labelled(text)
    if kind is not None:
        return kind
    if text.lstrip()[:1] in _DIALOGUE_OPENERS:
        return None
    if _DISCLAIMER_PHRASES.search(text):
        return NoteKind.DISCLAIMER
    return None


def _soft(text: str) -> bool:
    return (
        len(text) <= _MAX_SOFT_CHARS
        and text.lstrip()[:1] not in _DIALOGUE_OPENERS
        and _SOFT.search(text) is not None
    )


def _reply(text: str) -> bool:
    return (
        len(text) <= _MAX_SOFT_CHARS
        and text.lstrip()[:1] not in _DIALOGUE_OPENERS
        and bool(_REPLY.match(text))
    )


def _note_like(text: str) -> bool:
    """Could be part of a note before the first chapter: labelled, note words, or short and not dialogue."""
    if classify(text) is not None or _soft(text):
        return True
    return len(text) <= _MAX_PREFACE_CHARS and text.lstrip()[:1] not in _DIALOGUE_OPENERS


def _sign_off(text: str) -> bool:
    """A short closing line after an end note ("Bye!", "- lanternfish")."""
    t = text.strip()
    if len(t) > _MAX_SIGN_OFF or "\n" in t or t[:1] in "\"“‘'":
        return False
    return t.endswith("!") or t[:1] in "-~–—" or _SIGN_OFF.match(t) is not None


def find_notes(
    text: str,
    units: Sequence[Span],
    *,
    headings: Sequence[int] = (),
    breaks: Sequence[int] = (),
) -> list[Note]:
    """Notes among ``units`` (paragraph spans). ``headings``/``breaks`` are indices of heading/break units."""
    heading_set = set(headings)
    break_set = set(breaks)
    kinds: dict[int, NoteKind] = {}
    chapter_of: dict[int, int | None] = {}

    # Segments: the units before the first heading, then each chapter's units.
    segments: list[tuple[list[int], int | None, bool]] = []
    current: list[int] = []
    chapter: int | None = None
    for i in range(len(units)):
        if i in heading_set:
            segments.append((current, chapter, chapter is None and bool(heading_set)))
            chapter = 1 if chapter is None else chapter + 1
            current = []
        else:
            current.append(i)
    segments.append((current, chapter, chapter is None and bool(heading_set)))

    def unit_text(i: int) -> str:
        return text[units[i][0] : units[i][1]]

    for seg, seg_chapter, before_first_heading in segments:
        if not seg:
            continue
        for i in seg:
            chapter_of[i] = seg_chapter
        taken: set[int] = set()
        # Leading note: a labelled or disclaimer paragraph among the first three units (with the thanks and
        # replies before it), or an opening thanks to the readers.
        start_pos = next(
            (p for p, i in enumerate(seg[:3]) if i not in break_set and classify(unit_text(i)) is not None),
            None,
        )
        if start_pos is None:
            # an opening thanks to the readers, reviewer replies after it, maybe a "Disclaimer:" further on
            opening = [i for i in seg[:_MAX_NOTE_UNITS] if i not in break_set]
            if opening and _soft(unit_text(opening[0])) and _READER_OPENING.match(unit_text(opening[0])):
                start_pos = seg.index(opening[0])
        else:
            # reviewer replies and thanks before the label belong to the note
            while start_pos > 0 and (
                _reply(unit_text(seg[start_pos - 1])) or _soft(unit_text(seg[start_pos - 1]))
            ):
                start_pos -= 1
        if start_pos is not None:
            preface = seg[start_pos:]
            if (
                before_first_heading
                and len(preface) <= _MAX_NOTE_UNITS
                and all(i in break_set or _note_like(unit_text(i)) for i in preface)
            ):
                # Before the first chapter heading there is only a title and the author's words.
                run = preface
            else:
                run = [seg[start_pos]]
                for i in seg[start_pos + 1 : start_pos + _MAX_NOTE_UNITS]:
                    if i in break_set:
                        run.append(i)  # the divider between the note and the story
                        break
                    t = unit_text(i)
                    previous = unit_text(run[-1]).rstrip()
                    if classify(t) is None and not _soft(t) and not (_reply(t) or previous.endswith(":")):
                        break
                    run.append(i)
            _assign(run, kinds, unit_text, break_set)
            taken.update(run)
        # Trailing note: the earliest labelled paragraph near the end after which only note-like text follows.
        tail = [i for i in seg[-_EDGE_WINDOW:] if i not in taken]
        for p, i in enumerate(tail):
            if i in break_set or classify(unit_text(i)) is None:
                continue
            rest = tail[p + 1 :]
            if all(
                j in break_set
                or classify(unit_text(j)) is not None
                or _soft(unit_text(j))
                or _sign_off(unit_text(j))
                for j in rest
            ):
                run = tail[p:]
                pos = seg.index(i)
                if pos > 0 and seg[pos - 1] in break_set and seg[pos - 1] not in taken:
                    run = [seg[pos - 1], *run]  # the divider between the story and the note
                _assign(run, kinds, unit_text, break_set)
                taken.update(run)
                break
        # An unlabelled closing note after the last scene break: "Thank you for reading! ..."
        if not any(i in taken for i in tail):
            last_break = max((p for p, i in enumerate(seg) if i in break_set), default=None)
            closing = seg[last_break + 1 :] if last_break is not None else []
            if (
                last_break is not None
                and closing
                and len(closing) <= 2
                and all(_soft(unit_text(i)) for i in closing)
                and any(_CLOSING.search(unit_text(i)) for i in closing)
            ):
                run = [seg[last_break], *closing]
                _assign(run, kinds, unit_text, break_set)
                taken.update(run)
            elif last_break is None or last_break < len(seg) - 1:
                # no break before it: only a thanks for reading or a word about kudos and comments
                closing = [i for i in seg[-2:] if i not in taken and i not in break_set]
                while closing and not (
                    _soft(unit_text(closing[0])) and _CLOSING.search(unit_text(closing[0]))
                ):
                    closing = closing[1:]
                if (
                    closing
                    and any(_READER_CLOSING.search(unit_text(i)) for i in closing)
                    and all(_soft(unit_text(i)) or _sign_off(unit_text(i)) for i in closing)
                ):
                    _assign(closing, kinds, unit_text, break_set)
                    taken.update(closing)
        # Labelled notes anywhere: "A/N:" / "(A/N ...)" paragraphs in the middle of a chapter.
        for i in seg:
            if i not in taken and i not in break_set and _AUTHOR_LABEL.match(unit_text(i)):
                kinds[i] = NoteKind.AUTHOR_NOTE
            elif i not in taken and i not in break_set and _DISCLAIMER_COLON.match(unit_text(i)):
                kinds[i] = NoteKind.DISCLAIMER

    notes: list[Note] = []
    for i in sorted(kinds):
        start, end = units[i]
        prev = notes[-1] if notes else None
        adjacent = (
            prev is not None and (i - 1) in kinds and kinds[i - 1] == kinds[i] and prev.kind == kinds[i]
        )
        if prev is not None and adjacent and chapter_of.get(i - 1) == chapter_of.get(i):
            notes[-1] = Note(prev.kind, prev.start, end, text[prev.start : end], True, prev.chapter)
        else:
            notes.append(Note(kinds[i], start, end, text[start:end], True, chapter_of.get(i)))
    return notes


def _assign(
    run: list[int], kinds: dict[int, NoteKind], unit_text: Callable[[int], str], break_set: set[int]
) -> None:
    kind = NoteKind.AUTHOR_NOTE
    first = next((classify(unit_text(i)) for i in run if i not in break_set), None)
    if first is not None:
        kind = first
    for i in run:
        own = None if i in break_set else classify(unit_text(i))
        if own is None and i not in break_set and _soft(unit_text(i)):
            own = NoteKind.AUTHOR_NOTE
        if own is not None:
            kind = own
        kinds[i] = kind

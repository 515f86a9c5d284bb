"""Find quotations in story text, in every style fans and novelists write them.

Works on characters, not tokens, so it runs before and independently of the parse:

- double quotes (straight and curly), British single quotes (apostrophes in "don't", "'em", "the Potters'
  house", "rock 'n' roll" are told apart from quote marks), guillemets « » and ‹ ›;
- em-dash and en-dash dialogue: a paragraph that opens with a dash, interrupted by narration either between
  dashes ("—I know —she said—, but") or after a speech tag ("—I know, she said, —but");
- a quotation over several paragraphs (opening mark repeated, closing mark left out until the last) is one
  span;
- nested quotations stay inside the outer one (only the outer family of marks is matched);
- an unclosed quote ends at its paragraph's end, so one missing mark never swallows the story;
- italic runs set apart as sentences become ``written`` (texts, letters, notes) or ``thought``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from ficlens.datamodel.dialogue import QuoteKind
from ficlens.pipeline.lexicon import SPEECH_FORMS
from ficlens.pipeline.quotes.spans import QuoteSpan

DASHES = re.compile(r"--|[—–―]")
PARAGRAPH_DASH = re.compile(r"\s*(?:--|[—–―])\s*(?=\S)")
_WORDS_RE = "|".join(sorted(SPEECH_FORMS))
_WHO = r"(?:he|she|I|they|we|you|[A-Z][\w'.]*(?:\s+[A-Z][\w'.]*){0,2})"
# A speech tag inside dash dialogue with no dash around it: "—Thanks, old chap, he cried. That will do."
_INNER_TAG = re.compile(
    rf"([,.!?…])\s+(?:{_WHO}\s+(?:{_WORDS_RE})|(?:{_WORDS_RE})\s+{_WHO})\b(?:\s+[\w']+){{0,3}}?\s*[.,;:](?=\s+\S)\s+"
)
_CONTRACTION = re.compile(
    r"(?:em|cause|cos|coz|tis|twas|til|till|bout|round|cept|nuff|n|s|t|ll|re|ve|d|m|im|er|ere|ow|e|un|twere)\b"
)
_ROCK_N_ROLL = re.compile(r"['’‘]n['’‘]")
_WRITTEN_CUES = re.compile(
    r"\b(?:text(?:s|ed|ing)?|message[sd]?|messaging|phone|screen|letters?|notes?|wrote|written|writes?|"
    r"reads?|typed|types|e-?mails?|cards?|signed|notifications?|chat|postcard|memo|scrawled|scribbled|"
    r"inbox|DM|DMs|sms|envelope)\b",
    re.IGNORECASE,
)
_THOUGHT_CUES = re.compile(
    r"\b(?:thought|thinks?|thinking|wondered|wonders?|wondering|mused|"
    r"reminded (?:him|her|them|my)sel(?:f|ves)|"
    r"told (?:him|her|them|my)sel(?:f|ves)|prayed|hoped)\b",
    re.IGNORECASE,
)
_LETTER_SHAPE = re.compile(
    r"^\s*(?:Dear|To:|From:|Hey\b)|(?:^|\n)\s*(?:Love|Yours|Sincerely|Best|xx?o?)\b|\n\s*[-–—~]\s*[A-Z]"
)
_CLOSING_PUNCT = set(",.!?;:…—–-)]")
_OPENING_PUNCT = set("([{—–-/")


class Role(IntEnum):
    NONE = 0  # an apostrophe, or a mark that cannot be a quote here
    OPEN = 1
    CLOSE = 2
    EITHER = 3  # a straight mark with spaces on both sides (pre-tokenised text) or none
    WEAK_CLOSE = 4  # "s'" followed by a word: a closing quote or a plural possessive


@dataclass(frozen=True, slots=True)
class Mark:
    pos: int
    family: str  # "d" double, "s" single, "g" guillemet, "h" single guillemet
    role: Role
    char: str


def _prev_nonspace(text: str, i: int, lo: int) -> str:
    j = i - 1
    while j >= lo and text[j].isspace():
        j -= 1
    return text[j] if j >= lo else ""


def _next_nonspace(text: str, i: int, hi: int) -> str:
    j = i + 1
    while j < hi and text[j].isspace():
        j += 1
    return text[j] if j < hi else ""


def _classify(text: str, i: int, lo: int, hi: int, skip: set[int]) -> Mark | None:
    c = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    left_space = prev.isspace() or prev in _OPENING_PUNCT or i == lo
    right_space = nxt.isspace() or i + 1 >= hi
    if c in "“„":
        return Mark(i, "d", Role.OPEN, c)
    if c == "”":
        return Mark(i, "d", Role.CLOSE, c)
    if c in "«‹":
        return Mark(i, "g" if c == "«" else "h", Role.OPEN, c)
    if c in "»›":
        return Mark(i, "g" if c == "»" else "h", Role.CLOSE, c)
    if c == '"':
        if left_space and not right_space:
            return Mark(i, "d", Role.OPEN, c)
        if right_space and not left_space:
            return Mark(i, "d", Role.CLOSE, c)
        return Mark(i, "d", Role.EITHER, c)
    if c not in "'‘’":
        return None
    if i in skip:
        return None
    if prev.isalnum() and nxt.isalnum():
        return None  # don't, o'clock
    if (prev.isspace() or i == lo or prev in _OPENING_PUNCT) and not nxt.isspace():
        if _CONTRACTION.match(text, i + 1, hi):
            return None  # 'em, 'cause, and pre-tokenised "I 've"
        if nxt in _CLOSING_PUNCT and nxt not in "—–-":
            return None
        if c == "’" and not prev.isspace() and i != lo:
            return None
        return Mark(i, "s", Role.OPEN, c)
    if c == "‘" and nxt.isspace():
        pn = _prev_nonspace(text, i, lo)
        nn = _next_nonspace(text, i, hi)
        if nn and (nn.isalnum() or nn in '“"') and (not pn or pn in ".!?:;,—–-\"”'’"):
            return Mark(i, "s", Role.OPEN, c)
        return None
    if not right_space and not (nxt in _CLOSING_PUNCT or nxt in '"”'):
        return None
    if prev.isspace():
        # pre-tokenised text: a lone mark between spaces
        pn = _prev_nonspace(text, i, lo)
        nn = _next_nonspace(text, i, hi)
        if not nn:
            return Mark(i, "s", Role.CLOSE, c)
        if pn == "s" and nn.isalpha() and nn.islower():
            return Mark(i, "s", Role.WEAK_CLOSE, c)
        if pn in _CLOSING_PUNCT and (c == "’" or not (nn.isupper() or nn in '"“')):
            return Mark(i, "s", Role.CLOSE, c)
        if not pn or pn in '"“”':
            return Mark(i, "s", Role.OPEN, c)
        return Mark(i, "s", Role.EITHER, c)
    if (
        (prev in "sSzZ" or text[max(lo, i - 2) : i] == "in")
        and right_space
        and _next_nonspace(text, i, hi).isalpha()
    ):
        return Mark(i, "s", Role.WEAK_CLOSE, c)
    return Mark(i, "s", Role.CLOSE, c)


def _marks(text: str, lo: int, hi: int) -> list[Mark]:
    skip: set[int] = set()
    for m in _ROCK_N_ROLL.finditer(text, lo, hi):
        skip.update((m.start(), m.end() - 1))
    out = []
    for i in range(lo, hi):
        if text[i] in "\"“”„'‘’«»‹›":
            mark = _classify(text, i, lo, hi, skip)
            if mark is not None and mark.role != Role.NONE:
                out.append(mark)
    return out


def _rstrip_end(text: str, lo: int, end: int) -> int:
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end


def _has_speech_tag(segment: str) -> int | None:
    """Where a trailing speech tag ("…, she said," / "…. Ines sobbed out.") begins in ``segment``."""
    best = None
    for m in re.finditer(r"[,.!?…;]\s+", segment):
        tail = segment[m.end() :]
        words = re.findall(r"[A-Za-z']+", tail)
        if 1 < len(words) <= 8 and any(w.lower() in SPEECH_FORMS for w in words[:4]):
            best = m.end()
            break
    return best


_SENTENCE_END = re.compile(r"[.!?…]\s+(?=[A-Z*_])")
_SPEAKER_WORDS = re.compile(r"\b(?:I|I'm|I'll|I've|I'd|me|my|mine|we|us|our|you|your|yours)\b", re.IGNORECASE)
_NARRATION_WORDS = re.compile(r"\b(?:he|she|his|her|him|they|their|them|it|its|\w+ed)\b", re.IGNORECASE)


def _beat_before(text: str, lo: int, dash: int) -> int | None:
    """Where the speech before a reopening dash ends, when the last sentence before the dash is
    narration (third person, no "I" or "you"), not more speech; None otherwise."""
    if _prev_nonspace(text, dash, lo) not in ".!?…*_":
        return None
    ends = [m for m in _SENTENCE_END.finditer(text, lo, dash) if m.end() < dash]
    if not ends:
        return None
    last = ends[-1]
    beat = text[last.end() : dash]
    if len(beat.split()) < 3 or _SPEAKER_WORDS.search(beat) or not _NARRATION_WORDS.search(beat):
        return None
    return last.start() + 1


def _dash_quotes(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Quotations in a paragraph that opens with a dialogue dash."""
    first = PARAGRAPH_DASH.match(text, lo, hi)
    assert first is not None
    out: list[tuple[int, int]] = []
    first_pos = text.index(first.group().strip()[0], lo)
    q_start: int | None = first_pos
    seg_start = first_pos
    pos = first.end()
    for m in DASHES.finditer(text, pos, hi):
        d, d_end = m.start(), m.end()
        before = text[d - 1] if d > lo else " "
        after = text[d_end] if d_end < hi else " "
        start_type = before.isspace() and not after.isspace()
        end_type = not before.isspace() and (after.isspace() or after in _CLOSING_PUNCT)
        spaced = before.isspace() and after.isspace()
        if q_start is not None:
            tag = _has_speech_tag(text[seg_start:d]) if (start_type or spaced) else None
            if tag is not None:
                out.append((q_start, _rstrip_end(text, q_start, seg_start + tag)))
                q_start = d
                seg_start = d
            elif start_type and after.islower():
                out.append((q_start, _rstrip_end(text, q_start, d)))
                q_start = None
                seg_start = d_end
            elif start_type and (beat := _beat_before(text, seg_start, d)) is not None:
                # "—An hour ago. Benedek spread his hands. —Imra, she's sixteen.": the sentence before the
                # dash that reopens the speech is narration
                out.append((q_start, _rstrip_end(text, q_start, beat)))
                q_start = d
                seg_start = d
        elif end_type or start_type or (spaced and _prev_nonspace(text, d, lo) in ".:"):
            q_start = d
            seg_start = d
    if q_start is not None:
        end = _rstrip_end(text, q_start, hi)
        tag = _has_speech_tag(text[seg_start:end])
        if tag is not None:
            end = _rstrip_end(text, q_start, seg_start + tag)
        out.append((q_start, end))
    split: list[tuple[int, int]] = []
    for s, e in out:
        pos = s
        for m in _INNER_TAG.finditer(text, s, e):
            split.append((pos, m.end(1)))
            pos = m.end()
        split.append((pos, e))
    return [(s, e) for s, e in split if e > s + 1]


def detect_quotes(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    *,
    italics: Sequence[tuple[int, int]] = (),
) -> list[QuoteSpan]:
    """Every quotation in ``text``, in order. ``paragraphs`` are (start, end) character ranges."""
    quotes: list[QuoteSpan] = []
    carry: tuple[int, str, int, str] | None = None  # (start, family, paragraph, mark) of an open quote
    n = len(paragraphs)
    for p, (lo, hi) in enumerate(paragraphs):
        if carry is None and PARAGRAPH_DASH.match(text, lo, hi):
            for s, e in _dash_quotes(text, lo, hi):
                quotes.append(QuoteSpan(s, e, paragraph=p, mark=text[s]))
            continue
        marks = _marks(text, lo, hi)
        open_: tuple[int, str, int, str] | None = None
        if carry is not None:
            open_ = carry
            carry = None
            # the repeated opening mark of a continued quotation
            first_mark = marks[0] if marks else None
            if (
                first_mark is not None
                and first_mark.family == open_[1]
                and first_mark.role in (Role.OPEN, Role.EITHER)
                and not text[lo : first_mark.pos].strip()
            ):
                marks = marks[1:]
        for k, mk in enumerate(marks):
            if open_ is None:
                if mk.role in (Role.OPEN, Role.EITHER):
                    open_ = (mk.pos, mk.family, p, mk.char)
                continue
            if mk.family != open_[1]:
                continue  # a nested quotation of the other family
            if mk.role in (Role.CLOSE, Role.EITHER) or (
                mk.role == Role.WEAK_CLOSE
                and not any(
                    m2.family == mk.family and m2.role in (Role.CLOSE, Role.EITHER) for m2 in marks[k + 1 :]
                )
            ):
                quotes.append(QuoteSpan(open_[0], mk.pos + 1, paragraph=open_[2], mark=open_[3]))
                open_ = None
            elif mk.role == Role.OPEN and mk.char in "“‘«‹":
                # an opening mark while one is open: the closing mark was forgotten
                quotes.append(
                    QuoteSpan(
                        open_[0], _rstrip_end(text, open_[0], mk.pos), paragraph=open_[2], mark=open_[3]
                    )
                )
                open_ = (mk.pos, mk.family, p, mk.char)
        if open_ is not None:
            nxt = paragraphs[p + 1] if p + 1 < n else None
            if nxt is not None and _opens_with(text, nxt, open_[1]):
                carry = open_
            else:
                end = _rstrip_end(text, open_[0], hi)
                if end > open_[0] + 1:
                    quotes.append(QuoteSpan(open_[0], end, paragraph=open_[2], mark=open_[3]))
    if carry is not None:
        end = _rstrip_end(text, carry[0], paragraphs[-1][1])
        quotes.append(QuoteSpan(carry[0], end, paragraph=carry[2], mark=carry[3]))
    quotes = [q for q in quotes if not _is_scare_quote(text, q)]
    quotes.extend(_chat_lines(text, paragraphs, quotes))
    quotes.extend(_italic_quotes(text, paragraphs, italics, quotes))
    quotes.sort(key=lambda q: q.start_char)
    return quotes


def _is_scare_quote(text: str, q: QuoteSpan) -> bool:
    """A short quoted term inside a sentence ("had “made a fortune”") rather than speech."""
    if q.mark in "—–-" or "\n" in text[q.start_char : q.end_char]:
        return False
    j = q.start_char - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or not (text[j].isalnum() or text[j] in "("):
        return False
    prev_word = re.search(r"(\w+)\W*$", text[max(0, j - 30) : j + 1])
    if prev_word and prev_word.group(1).lower() in SPEECH_FORMS:
        return False
    return len(re.findall(r"\w+", text[q.start_char : q.end_char])) <= 5


# "Theo: running late" — a chat log or a run of text messages, one sender's name before each line
_CHAT_LINE = re.compile(
    r"(?m)^[ \t]*(@?[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2}|@?[a-z][a-z0-9_.]{2,23}):[ \t]+(?=\S)"
)
# labels that take a colon at a line's start without being anyone's name
_NOT_SENDERS = frozenset(
    [
        "chapter",
        "part",
        "note",
        "notes",
        "a/n",
        "an",
        "disclaimer",
        "summary",
        "warning",
        "warnings",
        "rating",
        "fandom",
        "pairing",
        "pairings",
        "characters",
        "tags",
        "title",
        "words",
        "status",
        "category",
        "date",
        "from",
        "to",
        "subject",
        "re",
        "cc",
        "time",
        "location",
        "p.s",
        "ps",
    ]
)
CHAT_MARK = ":"


def _chat_lines(
    text: str, paragraphs: Sequence[tuple[int, int]], marked: Sequence[QuoteSpan]
) -> list[QuoteSpan]:
    """Chat logs and text messages written as "Name: message" lines: ``written`` quotations whose sender
    is the name before the colon (``mark`` is ``CHAT_MARK``). It takes two such lines in a row (in one
    paragraph or in consecutive ones) to make a log, so a lone "Note: ..." never does."""
    lines: list[tuple[int, int, int, int]] = []  # (message start, message end, paragraph, line start)
    for p, (lo, hi) in enumerate(paragraphs):
        for m in _CHAT_LINE.finditer(text, lo, hi):
            if m.group(1).lower().lstrip("@") in _NOT_SENDERS:
                continue
            end = text.find("\n", m.end(), hi)
            end = _rstrip_end(text, m.end(), hi if end < 0 else end)
            if end > m.end() and not any(q.start_char < end and m.start() < q.end_char for q in marked):
                lines.append((m.end(), end, p, m.start()))
    out = []
    for k, (s, e, p, line) in enumerate(lines):
        # consecutive lines: nothing but blank lines between one message's end and the next line
        prev_ok = k > 0 and not text[lines[k - 1][1] : line].strip()
        next_ok = k + 1 < len(lines) and not text[e : lines[k + 1][3]].strip()
        if prev_ok or next_ok:
            out.append(QuoteSpan(s, e, kind=QuoteKind.WRITTEN, paragraph=p, mark=CHAT_MARK))
    return out


def _opens_with(text: str, para: tuple[int, int], family: str) -> bool:
    lo, hi = para
    marks = _marks(text, lo, min(hi, lo + 200))
    return bool(
        marks
        and marks[0].family == family
        and marks[0].role in (Role.OPEN, Role.EITHER)
        and not text[lo : marks[0].pos].strip()
    )


def _italic_quotes(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    italics: Sequence[tuple[int, int]],
    marked: Sequence[QuoteSpan],
) -> list[QuoteSpan]:
    """Italic runs set apart as sentences: texts, letters and notes (``written``) or thoughts."""
    out: list[QuoteSpan] = []
    if not italics:
        return out
    starts = [lo for lo, _ in paragraphs]
    import bisect

    for s, e in sorted(italics):
        while s < e and text[s].isspace():
            s += 1
        e = _rstrip_end(text, s, e)
        run = text[s:e]
        words = re.findall(r"\w+", run)
        if len(words) < 2:
            continue
        inside = next((q for q in marked if q.start_char <= s and e <= q.end_char), None)
        if inside is not None:
            if _WRITTEN_CUES.search(text[max(0, s - 200) : e]):
                inside.kind = QuoteKind.WRITTEN
            continue
        if any(q.start_char < e and s < q.end_char for q in marked):
            continue
        p = max(0, bisect.bisect_right(starts, s) - 1)
        lo, hi = paragraphs[p] if paragraphs else (0, len(text))
        before = text[lo:s].rstrip()
        set_apart = not before or before[-1] in '.!?:…”"’' or before.endswith(("—", "–"))
        para_chars = len(text[lo:hi].strip()) or 1
        if not set_apart and len(run) < 0.6 * para_chars:
            continue
        if len(words) < 3 and len(run) < 0.6 * para_chars:
            continue
        own = text[lo:s] + " " + text[e:hi]
        if _THOUGHT_CUES.search(own):
            written = False
        else:
            written = bool(
                _LETTER_SHAPE.search(run)
                or _WRITTEN_CUES.search(own)
                or _WRITTEN_CUES.search(text[max(lo - 150, 0) : lo])
            )
        kind = QuoteKind.WRITTEN if written else QuoteKind.THOUGHT
        out.append(QuoteSpan(s, e, kind=kind, paragraph=p, mark=""))
    return out


def paragraphs_from_text(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges from line breaks (for a Doc with no Story); the whole text if it has none."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\n", text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out

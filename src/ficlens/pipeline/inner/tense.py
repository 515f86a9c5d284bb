"""Tense of the narration per paragraph, and the slips between past and present.

Finite verbs of main clauses carry the narration's tense: VBD (and the "had" of a past perfect) is past,
VBP/VBZ present. Left out: quotations and italics (dialogue, thoughts, texts), letters set off as quotes
(lines opening with ">") or written out in plain paragraphs ("Dear Ada," to the sign-off and signature),
telegrams in capitals, chat and text-message lines ("Priya: did u eat"), relative and other subordinate
clauses ("who died", "that the homes were"), verbs under a modal ("could not think", "would have made"),
and the ambiguous contractions 's and 'd. A sentence takes the tense most of its counted verbs have;
consecutive sentences in one tense form a run. A lone sentence in the other tense between two runs of the
same tense ("The pier is gone.") is an aside, unless it tells three deeds or more, or tells a deed of a
person between sentences of the other tense in its own paragraph ("The channel runs where the water says.
She turned the key twice. Then she sits down."): one verb is enough evidence there.

Precision comes first: a run in the other tense is reported as a slip (with the return from it) only on
strong evidence. It must tell at least two deeds of people (or be that one-deed sentence inside a
paragraph) — verbs whose subject is a personal pronoun, a name or a character, that are not states ("was a
teacher", "is the kindest man"), habits ("always", "used to") or a narrator's comment ("I remember"); it
must not be a flashback (a past run inside present narration opened by a past perfect, "Samira had tied
this knot", or naming a past time, "Years ago", "Last winter", "every evening"), nor backstory after a
present perfect ("She has rehearsed it. Some of it was cutting."), nor longer than two paragraphs, nor a
whole scene told in the other tense (a choice, not a slip).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import ParagraphTense, Tense, TenseReport, TenseShift
from ficlens.pipeline.inner.context import FIRST_SINGULAR, THIRD_SINGULAR
from ficlens.pipeline.lexicon import FIRST, FIRST_PLURAL, IT_FORMS, PRONOUNS, SUBJECT_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ficlens.pipeline.inner.context import Context

PAST_TAGS = frozenset({"VBD"})
PRESENT_TAGS = frozenset({"VBP", "VBZ"})
# the clause heads whose verbs are the narration's own (not relative, complement or adverbial clauses)
_MAIN_DEPS = frozenset({"ROOT"})
_AMBIGUOUS = frozenset({"'s", "’s", "'d", "’d"})
# a letter quoted in Markdown, a chat or text-message line ("Theo: ok", "**junie:** hi", "[10:42] Kes: hey")
_SET_APART_LINE = re.compile(
    r"\s*(?:>|(?:\[[^\]\n]{1,20}\]\s*)?(?:\*\*)?[\w@.'-]+(?: [\w@.'-]+){0,2}(?:\*\*)?:(?:\*\*)?\s)"
)
PRESENT_SHARE = 2 / 3  # a paragraph with at least this share of present verbs is present (1/3 or less: past)
_PARAGRAPH_BREAK = re.compile(r"\n")


# past-time adverbials: a past sentence that names its own time ("years ago", "last night") recalls, not slips
_PAST_TIME = re.compile(
    r"\b(?:ago|yesterday|once upon|used to|back then|in those days|as a (?:child|girl|boy|kid)"
    r"|(?:last|that) (?:night|week|month|year|summer|winter|spring|autumn|fall|time|morning|evening|day)"
    r"|the (?:night|day|week|year|summer|winter|morning|evening) (?:before|after)"
    r"|every (?:night|day|morning|evening|week|summer|winter|spring|autumn|year)"
    r"|years (?:before|earlier)|when (?:she|he|i|we|they|you) (?:was|were)\b)",
    re.IGNORECASE,
)
# a narrator's present comment inside a past narration ("I remember", "I suppose") is no slip
_COMMENT_LEMMAS = frozenset(
    {"remember", "think", "know", "suppose", "wonder", "believe", "imagine", "admit", "confess", "doubt",
     "hope", "guess", "recall", "expect", "bet", "swear", "mean", "see"}
)  # fmt: skip
_PERSONAL = SUBJECT_PRONOUNS - IT_FORMS  # I, he, she, we, they, you
_FIRST_SUBJECTS = frozenset(w for w in _PERSONAL if PRONOUNS[w].person in (FIRST, FIRST_PLURAL))  # I, we
# states, not deeds: "He is the best man I know", "Her mother was a teacher" describe, they do not narrate,
# and either tense suits a state that lasts or lasted; a slip is a deed told in the wrong tense
_STATIVE = frozenset(
    {"be", "have", "know", "seem", "sound", "like", "love", "hate", "want", "need", "wish", "believe",
     "mean", "own", "belong", "remain", "matter", "consist", "appear", "resemble", "deserve", "understand",
     "prefer", "contain", "cost", "owe", "lack", "depend", "exist", "live"}
)  # fmt: skip
# habitual or lasting time: "He always takes the stairs", "She never learned to swim", "I still keep it"
_HABITUAL = frozenset(
    {"always", "never", "often", "usually", "still", "sometimes", "once", "ever", "nowadays"}
)
# a letter in plain paragraphs: from its salutation to its sign-off (and the signature after it)
_SALUTATION = re.compile(r"\s*(?:[*_]{1,2})?(?:my )?(?:dear|dearest|darling)\b[^\n]{0,60}[,:!]\s*$", re.I)
_SIGN_OFF = re.compile(
    r"\s*(?:[*_]{1,2})?(?:yours|your\s+\w+|with\s+\w+|love|all my love|sincerely|ever|affectionately"
    r"|faithfully|fondly|best|regards|respectfully)\b[^\n]{0,50}[,.!]?\s*(?:[*_]{1,2})?\s*$",
    re.I,
)
LETTER_PARAGRAPHS = 12  # a salutation with no sign-off within this many paragraphs opened no letter
# "I/me/my" at least this share of the narration's personal pronouns: a first-person narrator
FIRST_PERSON_SHARE = 0.25
SLIP_DEEDS = 2  # a slip tells a sequence: at least this many deeds in the other tense
LONE_SLIP_DEEDS = 3  # ... and a lone sentence in the other tense, this many ("She looked, took it, held it")
SLIP_PARAGRAPHS = 2  # a run in the other tense over more paragraphs than this is a section, not a slip


@dataclass(slots=True)
class _Sentence:
    tense: Tense
    start: int  # offsets of its first verb in that tense
    end: int
    last: int  # end offset of its last verb in that tense
    paragraph: int
    perfect: bool  # its first past verb is a past perfect ("had gone"): a flashback cue
    recalled: bool  # names a past time ("years ago", "last night", "used to"): a flashback cue
    anterior: bool  # a present perfect ("she has rehearsed"): what follows in the past is backstory
    deeds: int  # verbs in this tense that tell a deed of a person ("she", "Jo", a character), no excuse


@dataclass(slots=True)
class _Run:
    sentences: list[_Sentence]

    @property
    def tense(self) -> Tense:
        return self.sentences[0].tense

    @property
    def first(self) -> _Sentence:
        return self.sentences[0]

    @property
    def last(self) -> int:
        return self.sentences[-1].last


def _counts(token: Token) -> bool:
    """Does this finite verb carry the narration's tense (main clause, no modal, not a contraction)?"""
    if token.text in _AMBIGUOUS:
        return False
    head = token.head if token.dep_ in ("aux", "auxpass") else token
    if any(c.tag_ == "MD" for c in head.children):
        return False
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ in _MAIN_DEPS


def _past_perfect(token: Token) -> bool:
    return token.lower_ in ("had", "'d", "’d") and token.head.tag_ == "VBN"


def _present_perfect(token: Token) -> bool:
    return token.lower_ in ("has", "have") and token.dep_ == "aux" and token.head.tag_ == "VBN"


def _deed_of_a_person(token: Token, ctx: Context, tense: Tense, *, narrator: bool) -> bool:
    """This verb tells a deed (not a state, not a habit) and its subject is a person: a personal pronoun,
    a name, a character. Without a first-person ``narrator``, an "I" or "we" in narration is someone's
    unmarked words (a message, a thought), not the narration."""
    head = token.head if token.dep_ in ("aux", "auxpass") else token
    while True:
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or head.dep_ != "conj" or head.head is head:
            break
        head = head.head  # "Meg had cried and then got up": the second verb shares the subject
    if head.lemma_.lower() in _STATIVE or any(c.lower_ in _HABITUAL for c in head.children):
        return False
    for subject in subjects:
        lower = subject.lower_
        if lower == "you" and tense is Tense.PRESENT:
            continue  # "You never forget ..." in past narration is generic
        if lower in _FIRST_SUBJECTS and not narrator:
            continue
        if lower in _PERSONAL or any(_named(t, ctx) for t in (subject, *subject.conjuncts)):
            comment = (
                tense is Tense.PRESENT and lower in _FIRST_SUBJECTS and head.lemma_.lower() in _COMMENT_LEMMAS
            )
            return not comment
    return False


def _first_person(ctx: Context) -> bool:
    """Is the narration in the first person: are "I/me/my" at least a quarter of its personal pronouns?"""
    first = third = 0
    for token in ctx.tokens:
        lower = token.lower_
        if (lower in FIRST_SINGULAR or lower in THIRD_SINGULAR) and ctx.narration(token.i):
            first += lower in FIRST_SINGULAR
            third += lower in THIRD_SINGULAR
    return first >= FIRST_PERSON_SHARE * (first + third) and first > 0


def _named(token: Token, ctx: Context) -> bool:
    """A character, or a name: a proper noun, or a capitalised word inside the sentence ("Then Anders")."""
    if ctx.characters[token.i] is not None or token.pos_ == "PROPN":
        return True
    return token.pos_ == "NOUN" and token.is_title and not token.is_sent_start


def _paragraphs(ctx: Context) -> list[tuple[int, int]]:
    story = ctx.story
    if story is not None and story.paragraphs:
        return sorted((p.start, p.end) for p in story.paragraphs)
    text = ctx.text
    out = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _breaks(ctx: Context) -> list[int]:
    story = ctx.story
    if story is None:
        return []
    return sorted([b.start for b in story.scene_breaks] + [c.start for c in story.chapters[1:]])


def _letters(text: str, paragraphs: list[tuple[int, int]]) -> list[bool]:
    """Which paragraphs belong to a letter written out in plain paragraphs ("Dear Ada," ... "Yours, Tom")
    or to a telegram (a paragraph in capitals): the letter's own tense is not the narration's."""
    inside = [False] * len(paragraphs)
    p = 0
    while p < len(paragraphs):
        start, end = paragraphs[p]
        body = text[start:end]
        letters = [ch for ch in body if ch.isalpha()]
        if len(letters) >= 12 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters):
            inside[p] = True  # ARRIVE TUESDAY STOP
        if _SALUTATION.match(body.split("\n", 1)[0]):
            for q in range(p, min(p + LETTER_PARAGRAPHS, len(paragraphs))):
                lines = text[paragraphs[q][0] : paragraphs[q][1]].split("\n")
                if any(_SIGN_OFF.match(line) for line in lines[1 if q == p else 0 :]):
                    # the sign-off, and the signature when it stands in a paragraph of its own
                    short_next = q + 1 < len(paragraphs) and len(text[slice(*paragraphs[q + 1])]) < 40
                    last = q + 1 if short_next else q
                    for r in range(p, last + 1):
                        inside[r] = True
                    p = last
                    break
        p += 1
    return inside


def tense(ctx: Context) -> TenseReport:
    doc = ctx.doc
    if len(doc) == 0:
        return TenseReport()
    paragraphs = _paragraphs(ctx)
    counts = [[0, 0] for _ in paragraphs]
    starts = [start for start, _ in paragraphs]
    p = 0
    has_sents = doc.has_annotation("SENT_START")
    text = ctx.text
    in_letter = _letters(text, paragraphs)
    narrator = _first_person(ctx)
    sentences: list[_Sentence] = []
    set_apart: dict[int, bool] = {}
    for sent in doc.sents if has_sents else [doc[:]]:
        verbs: dict[Tense, list[Token]] = {Tense.PAST: [], Tense.PRESENT: []}
        for token in ctx.tokens[sent.start : sent.end]:
            tag = token.tag_
            if tag not in PAST_TAGS and tag not in PRESENT_TAGS:
                continue
            if not ctx.narration(token.i) or not _counts(token):
                continue
            line = text.rfind("\n", 0, token.idx) + 1
            if line not in set_apart:
                set_apart[line] = bool(_SET_APART_LINE.match(text, line))
            if set_apart[line]:
                continue
            while p < len(paragraphs) and paragraphs[p][1] <= token.idx:
                p += 1
            if p < len(paragraphs) and paragraphs[p][0] <= token.idx:
                if in_letter[p]:
                    continue
                counts[p][0 if tag in PAST_TAGS else 1] += 1
            verbs[Tense.PAST if tag in PAST_TAGS else Tense.PRESENT].append(token)
        past, present = verbs[Tense.PAST], verbs[Tense.PRESENT]
        if len(past) == len(present):
            continue
        kind = Tense.PAST if len(past) > len(present) else Tense.PRESENT
        own = verbs[kind]
        first, last = own[0], own[-1]
        recalled = kind is Tense.PAST and bool(_PAST_TIME.search(sent.text))
        sentences.append(
            _Sentence(
                tense=kind,
                start=first.idx,
                end=first.idx + len(first.text),
                last=last.idx + len(last.text),
                paragraph=max(0, bisect_right(starts, first.idx) - 1),
                perfect=kind is Tense.PAST and _past_perfect(first),
                recalled=recalled,
                anterior=kind is Tense.PRESENT and any(_present_perfect(t) for t in own),
                deeds=0 if recalled else sum(_deed_of_a_person(t, ctx, kind, narrator=narrator) for t in own),
            )
        )

    runs: list[_Run] = []
    for sentence in sentences:
        if runs and runs[-1].tense is sentence.tense:
            runs[-1].sentences.append(sentence)
        else:
            runs.append(_Run([sentence]))
        # fold a lone aside back into the run around it, unless it tells a whole sequence of deeds
        if len(runs) >= 3:
            before, aside, after = runs[-3], runs[-2], runs[-1]
            lone = len(aside.sentences) == 1 and aside.first.deeds < LONE_SLIP_DEEDS
            if lone and aside.first.deeds and _inside_paragraph(before, aside, after):
                lone = False  # "The channel runs where it says. She turned the key. Then she sits down."
            if lone and before.tense is after.tense:
                before.sentences.extend(after.sentences)
                del runs[-2:]

    out_paragraphs = []
    total_past = total_present = 0
    for (start, end), (past_n, present_n) in zip(paragraphs, counts, strict=True):
        total_past += past_n
        total_present += present_n
        paragraph_tense = _paragraph_tense(past_n, present_n)
        out_paragraphs.append(ParagraphTense(start, end, paragraph_tense, past_n, present_n))

    if total_past + total_present == 0:
        dominant = Tense.NONE
    else:
        dominant = Tense.PAST if total_past >= total_present else Tense.PRESENT

    breaks = _breaks(ctx)
    sentence_starts = [s.start for s in sentences]

    def flashback(k: int) -> bool:
        run = runs[k]
        if dominant is not Tense.PRESENT or run.tense is not Tense.PAST:
            return False
        return run.first.perfect or any(s.recalled for s in run.sentences)

    def slip(k: int) -> bool:
        """A run in the other tense that is a slip: short, in narration, with a person doing something in
        that tense, and no reason for the tense (a flashback, backstory after a present perfect, a whole
        scene written in it)."""
        run = runs[k]
        if run.tense is dominant or flashback(k):
            return False
        lone = len(run.sentences) == 1 and 0 < k < len(runs) - 1
        inside = lone and run.first.deeds > 0 and _inside_paragraph(runs[k - 1], run, runs[k + 1])
        if sum(s.deeds for s in run.sentences) < SLIP_DEEDS and not inside:
            return False  # one verb is a habit or a comment as often as a slip ("Diana writes as she rides")
        first, last_paragraph = run.first.paragraph, run.sentences[-1].paragraph
        if last_paragraph - first + 1 > SLIP_PARAGRAPHS:
            return False
        if k > 0 and runs[k - 1].sentences[-1].anterior and runs[k - 1].sentences[-1].paragraph == first:
            return False  # "She has rehearsed several things. Some of them were cutting."
        b = bisect_right(breaks, run.first.start)
        scene_start = breaks[b - 1] if b > 0 else 0
        scene_end = breaks[b] if b < len(breaks) else len(text)
        # no sentence of the scene before the run, none after it
        opens_scene = bisect_left(sentence_starts, scene_start) == bisect_left(
            sentence_starts, run.first.start
        )
        fills_scene = bisect_right(sentence_starts, run.last) == bisect_left(sentence_starts, scene_end)
        return not (opens_scene and fills_scene)  # a scene told in the other tense is a choice

    flashbacks = [  # from the start of the paragraph the flashback opens in
        (paragraphs[run.first.paragraph][0] if paragraphs else run.first.start, run.last)
        for k, run in enumerate(runs)
        if flashback(k)
    ]
    shifts = []
    for k, run in enumerate(runs):
        if not slip(k):
            continue
        # the slip, and the return from it
        pairs: list[tuple[_Run | None, _Run | None]] = [
            (runs[k - 1] if k > 0 else None, run),
            (run, runs[k + 1] if k + 1 < len(runs) else None),
        ]
        for left, right in pairs:
            if right is None:
                continue
            at_break = left is not None and any(left.last <= b < right.first.start for b in breaks)
            span = paragraphs[right.first.paragraph] if paragraphs else (right.first.start, right.first.end)
            from_tense = left.tense if left is not None else dominant
            shifts.append(
                TenseShift(right.first.start, right.first.end, from_tense, right.tense, span, at_break)
            )
    return TenseReport(
        dominant=dominant,
        paragraphs=tuple(out_paragraphs),
        shifts=tuple(shifts),
        flashbacks=tuple(flashbacks),
    )


def _inside_paragraph(before: _Run, aside: _Run, after: _Run) -> bool:
    """Is the one sentence of ``aside`` told between sentences of the other tense in its own paragraph?"""
    paragraph = aside.first.paragraph
    return before.sentences[-1].paragraph == paragraph == after.first.paragraph


def _paragraph_tense(past: int, present: int) -> Tense:
    total = past + present
    if total == 0:
        return Tense.NONE
    share = present / total
    if share >= PRESENT_SHARE:
        return Tense.PRESENT
    if share <= 1 - PRESENT_SHARE:
        return Tense.PAST
    return Tense.MIXED

"""Tense of the narration per paragraph, and every shift between past and present.

Finite verbs of main clauses carry the narration's tense: VBD (and the "had" of a past perfect) is past,
VBP/VBZ present. Left out: quotations and italics (dialogue, thoughts, texts), letters set off as quotes
(lines opening with ">"), chat and text-message lines ("Priya: did u eat"), relative and other subordinate
clauses ("who died", "that the homes were"), verbs under a modal ("could not think", "would have made"),
and the ambiguous contractions 's and 'd. A sentence takes the tense most of its counted verbs have;
consecutive sentences in one tense form a run, and a shift is reported where one run gives way to the next
(a slip into the other tense and the return from it are two shifts). A lone sentence in the other tense
between two runs of the same tense ("The pier is gone.") is an aside, not a shift; and a past run that opens
with a past perfect ("Samira had tied this knot...") inside a present-tense narration is a flashback, not a
slip (nor is the return from it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import ParagraphTense, Tense, TenseReport, TenseShift

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


@dataclass(slots=True)
class _Run:
    tense: Tense
    start: int  # offsets of the run's first verb
    end: int
    paragraph: int
    sentences: int
    last: int  # end offset of the run's last verb
    perfect: bool = False  # opens with a past perfect ("had gone"): a flashback cue


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


def tense(ctx: Context) -> TenseReport:
    doc = ctx.doc
    if len(doc) == 0:
        return TenseReport()
    paragraphs = _paragraphs(ctx)
    counts = [[0, 0] for _ in paragraphs]
    runs: list[_Run] = []
    starts = [start for start, _ in paragraphs]
    p = 0
    has_sents = doc.has_annotation("SENT_START")
    sentences = doc.sents if has_sents else [doc[:]]
    text = ctx.text
    set_apart: dict[int, bool] = {}
    for sent in sentences:
        past = present = 0
        first_past: tuple[int, int] | None = None
        first_present: tuple[int, int] | None = None
        last_past = last_present = 0
        perfect = False
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
            offsets = (token.idx, token.idx + len(token.text))
            while p < len(paragraphs) and paragraphs[p][1] <= token.idx:
                p += 1
            if p < len(paragraphs) and paragraphs[p][0] <= token.idx:
                counts[p][0 if tag in PAST_TAGS else 1] += 1
            if tag in PAST_TAGS:
                past += 1
                if first_past is None:
                    perfect = _past_perfect(token)
                first_past = first_past or offsets
                last_past = offsets[1]
            else:
                present += 1
                first_present = first_present or offsets
                last_present = offsets[1]
        if past == present:
            continue
        kind = Tense.PAST if past > present else Tense.PRESENT
        first = first_past if kind is Tense.PAST else first_present
        last = last_past if kind is Tense.PAST else last_present
        assert first is not None
        para = max(0, bisect_right(starts, first[0]) - 1)
        if runs and runs[-1].tense is kind:
            runs[-1].sentences += 1
            runs[-1].last = last
        else:
            runs.append(_Run(kind, first[0], first[1], para, 1, last, kind is Tense.PAST and perfect))
        # fold a lone aside back into the run around it
        if len(runs) >= 3:
            before, aside, after = runs[-3], runs[-2], runs[-1]
            if aside.sentences == 1 and before.tense is after.tense:
                before.sentences += after.sentences
                before.last = after.last
                del runs[-2:]

    out_paragraphs = []
    total_past = total_present = 0
    for (start, end), (past, present) in zip(paragraphs, counts, strict=True):
        total_past += past
        total_present += present
        out_paragraphs.append(ParagraphTense(start, end, _paragraph_tense(past, present), past, present))

    if total_past + total_present == 0:
        dominant = Tense.NONE
    else:
        dominant = Tense.PAST if total_past >= total_present else Tense.PRESENT

    flashbacks = [  # from the start of the paragraph the flashback opens in
        (paragraphs[run.paragraph][0] if paragraphs else run.start, run.last)
        for run in runs
        if dominant is Tense.PRESENT and run.tense is Tense.PAST and run.perfect
    ]
    breaks = _breaks(ctx)
    shifts = []
    b = 0
    for prev, run in pairwise(runs):
        while b < len(breaks) and breaks[b] < prev.last:
            b += 1
        if dominant is Tense.PRESENT and (run.perfect or prev.perfect):
            continue  # into a flashback or out of it: not a slip
        at_break = b < len(breaks) and breaks[b] < run.start
        span = paragraphs[run.paragraph] if paragraphs else (run.start, run.end)
        shifts.append(TenseShift(run.start, run.end, prev.tense, run.tense, span, at_break))
    return TenseReport(
        dominant=dominant,
        paragraphs=tuple(out_paragraphs),
        shifts=tuple(shifts),
        flashbacks=tuple(flashbacks),
    )


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

"""Who says each quotation, to whom, and how sure we are.

The rooms, in the order they run:

- ``candidates``: the sieves that propose speaker candidates from the text around each quotation (speech
  tags, beats, vocatives, the last narration subject, the point-of-view character for thoughts);
- ``turns``: quotations grouped into turns and conversations, and the candidates turn-taking proposes
  (alternation, replies to a vocative, the other party);
- ``scorer``: a small logistic regression over each candidate's features; the best candidate wins and its
  score is the quotation's confidence;
- ``addressees``: to whom each turn is spoken.

Speaker mentions become character ids through ``ficlens_coref`` (or the cast) when those ran. The training
hook (``observe``) lets ``ficlens.training.speakers`` read every candidate the scorer saw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ficlens.datamodel.dialogue import AttributionType, QuoteKind
from ficlens.pipeline.quotes.addressees import assign_addressees
from ficlens.pipeline.quotes.candidates import BEAT_WINDOW_CHARS, TAG_SIEVES, Candidate, Sieves
from ficlens.pipeline.quotes.detect import CHAT_MARK
from ficlens.pipeline.quotes.scorer import FEATURES, Scorer, score_candidates
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.pipeline.quotes.stage import Stage
from ficlens.pipeline.quotes.structure import Gate, Recorder, current_recorder, participants, restructure
from ficlens.pipeline.quotes.turns import (
    Turn,
    conversation_sizes,
    group_turns,
    neighbour,
    neighbour_candidates,
)
from ficlens.pipeline.ranges import last_start

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FEATURES", "Candidate", "Scorer", "attribute"]

Observer = Callable[[QuoteSpan, list[Candidate]], None]


class _Attribution:
    """One document's attribution: the sieves' findings per turn, then a decision per turn in text order."""

    def __init__(
        self,
        doc: Doc,
        quotes: Sequence[QuoteSpan],
        paragraphs: Sequence[tuple[int, int]],
        scorer: Scorer,
        observe: Observer | None,
        gate: Gate,
        record: Recorder | None = None,
    ) -> None:
        self.quotes = list(quotes)
        self.paragraphs = list(paragraphs)
        self.para_starts = [p[0] for p in self.paragraphs]
        self.sieves = Sieves(doc, self.quotes)
        self.text = self.sieves.text
        self.scorer = scorer
        self.observe = observe
        self.gate = gate
        self.record = record
        self.passes = 1  # 2 adds a backward-looking pass; it gained nothing on LitBank train/dev
        self.stage = Stage(
            doc,
            self.sieves.resolver.coref,
            self.sieves.resolver.cast,
            scene_starts(doc),
            self.sieves.in_quote,
        )

    def para_of(self, char: int) -> int:
        return last_start(self.para_starts, char)

    def paragraph(self, q: QuoteSpan) -> tuple[int, int, int]:
        """The index, start and end of the paragraph of ``q``."""
        p = q.paragraph if q.paragraph is not None else self.para_of(q.start_char)
        plo, phi = self.paragraphs[p] if self.paragraphs else (0, len(self.text))
        return p, plo, phi

    def run(self) -> None:
        quotes, sv = self.quotes, self.sieves
        spoken = [i for i, q in enumerate(quotes) if q.kind == QuoteKind.SPOKEN]
        turns = group_turns(
            quotes,
            spoken,
            self.text,
            self.para_of,
            has_paragraphs=bool(self.paragraphs),
            scene_of=self.stage.scene_of,
        )
        pov = sv.pov() if any(q.kind == QuoteKind.THOUGHT for q in quotes) else None
        conv_sizes = conversation_sizes(turns)
        # pass 1: what each turn says about itself (tags, beats, vocatives, whom it is told to)
        for turn in turns:
            q0 = quotes[turn.quotes[0]]
            p, plo, phi = self.paragraph(q0)
            for qi in turn.quotes:
                q = quotes[qi]
                nxt = quotes[qi + 1].start_char if qi + 1 < len(quotes) else phi
                prv = quotes[qi - 1].end_char if qi > 0 else plo
                c, tl, _ = sv.tag_after(q, min(max(nxt, q.end_char), max(phi, q.end_char)))
                if c is not None:
                    turn.local.append(c)
                turn.told.extend(tl)
                c2, tl2 = sv.tag_before(q, max(prv, plo) if prv <= q.start_char else plo)
                if c2 is not None:
                    turn.local.append(c2)
                turn.told.extend(tl2)
                turn.vocatives.extend(sv.vocatives(q))
            qlast = quotes[turn.quotes[-1]]
            hi = max(phi, qlast.end_char)
            turn.local.extend(
                sv.beats(
                    q0,
                    max(plo, q0.start_char - BEAT_WINDOW_CHARS),
                    min(hi, qlast.end_char + BEAT_WINDOW_CHARS),
                )
            )
            c = sv.narration_prev(q0, self.paragraphs[max(0, p - 2)][0] if self.paragraphs else 0, plo)
            if c is not None:
                turn.local.append(c)
            turn.named = sv.named_before(q0, self.paragraphs[max(0, p - 4)][0] if self.paragraphs else 0, plo)
        # pass 2: in order, with turn-taking; pass 3 looks again at the guessed turns, now that the turns
        # after them are decided too (turn t+2's speaker is a candidate for turn t)
        for refine in range(self.passes):
            for t_idx, turn in enumerate(turns):
                if refine and (turn.cand is None or turn.cand.sieve in TAG_SIEVES):
                    continue
                self.decide(turns, t_idx, conv_sizes, refine=bool(refine))
        # a name hailed as a sentence of its own ("Ada. You're late.") is someone spoken to as well; the
        # scorer was trained without these, so they join only the conversation pass and the addressees
        for turn in turns:
            seen = {(v.start, v.end) for v in turn.vocatives}
            for qi in turn.quotes:
                for v in sv.vocatives(quotes[qi], hails=True):
                    if (v.start, v.end) not in seen:
                        turn.vocatives.append(v)
                        seen.add((v.start, v.end))
        people = self.conversations(turns)
        assign_addressees(turns, quotes, people, self.text)
        for q in quotes:
            if q.kind != QuoteKind.SPOKEN:
                self.inner_voice(q, pov)

    def conversations(self, turns: list[Turn]) -> dict[int, list[str]]:
        """Each conversation read again as a whole (``structure``); returns its participants."""
        by_conv: dict[int, list[Turn]] = {}
        for t in turns:
            by_conv.setdefault(t.conversation, []).append(t)
        people: dict[int, list[str]] = {}
        for conv_id, conv in by_conv.items():
            present = participants(conv, self.quotes, self.stage, len(self.text))
            people[conv_id] = list(present)
            for turn, better in zip(
                conv,
                restructure(conv, self.quotes, present, self.stage, self.sieves, self.gate, self.record),
                strict=True,
            ):
                if better is None:
                    continue
                turn.cand = better
                turn.speaker_key = better.key
                for qi in turn.quotes:
                    _assign(self.quotes[qi], better)
        return people

    def decide(self, turns: list[Turn], t_idx: int, conv_sizes: dict[int, int], *, refine: bool) -> None:
        turn = turns[t_idx]
        q0 = self.quotes[turn.quotes[0]]
        cands = list(turn.local)
        cands.extend(neighbour_candidates(turns, t_idx, q0, self.sieves, refine=refine))
        prev = neighbour(turns, t_idx, -1)
        gap = 0 if prev is None else max(0, (turn.paragraph or 0) - (prev.paragraph or 0) - 1)
        best = self.choose(
            cands, q0, prev.cand if prev is not None else None, conv_sizes[turn.conversation], gap
        )
        if self.observe is not None:
            self.observe(q0, cands)
        turn.cand = best
        turn.speaker_key = best.key if best is not None else None
        turn.margin = _margin(cands, best)
        for qi in turn.quotes:
            _assign(self.quotes[qi], best)

    def choose(
        self, cands: list[Candidate], q: QuoteSpan, prev: Candidate | None, conv_len: int, gap: int = 0
    ) -> Candidate | None:
        tok_at = self.sieves.tok_at
        n_tok = max(1, tok_at(q.end_char - 1) - tok_at(q.start_char))
        return score_candidates(
            cands, self.scorer, text=self.text, prev=prev, conv_len=conv_len, n_tok=n_tok, gap=gap
        )

    def inner_voice(self, q: QuoteSpan, pov: Candidate | None) -> None:
        """Thoughts and written text: a tag next to them, the point-of-view character, a signature."""
        sv = self.sieves
        _, plo, phi = self.paragraph(q)
        cands: list[Candidate] = []
        c, _, _ = sv.tag_after(q, phi)
        if c is not None and c.sieve == "tag_after":
            cands.append(c)
        c2, _ = sv.tag_before(q, plo)
        if c2 is not None:
            cands.append(c2)
        if q.kind == QuoteKind.THOUGHT and pov is not None:
            cands.append(sv.relabel(pov, "pov", q))
        if q.kind == QuoteKind.WRITTEN:
            sc = sv.sender(q) if q.mark == CHAT_MARK else sv.signature(q)
            if sc is not None and q.mark == CHAT_MARK:
                cands = [sc]  # a chat line names its sender; the narration around it does not
            elif sc is not None:
                cands.append(sc)
        _assign(q, self.choose(cands, q, None, 1))


def scene_starts(doc: Doc) -> list[int]:
    """Where the story's scenes begin: chapter starts and the ends of scene breaks (none for a bare Doc)."""
    from ficlens.pipeline.docdata import get_story

    story = get_story(doc)
    if story is None:
        return []
    return sorted({c.start for c in story.chapters} | {b.end for b in story.scene_breaks})


def _margin(cands: Sequence[Candidate], best: Candidate | None) -> float:
    """How far the best candidate's score is above the best score of a candidate naming someone else."""
    if best is None:
        return 0.0
    others = [
        c.score
        for c in cands
        if (c.key != best.key if best.key is not None else c.head != best.head) and c.head != best.head
    ]
    return best.score - max(others, default=0.0)


def _assign(q: QuoteSpan, best: Candidate | None) -> None:
    q.sieve = best.sieve if best is not None else None
    if best is None:
        q.speaker, q.speaker_mention, q.speaker_head, q.type, q.confidence = None, None, None, None, 0.0
        return
    q.speaker = best.character
    q.speaker_mention = (best.start, best.end)
    q.speaker_head = best.head
    q.confidence = round(best.score, 4)
    if best.sieve in TAG_SIEVES:
        q.type = AttributionType.ANAPHORIC if best.kind == "pronoun" else AttributionType.EXPLICIT
    else:
        q.type = AttributionType.IMPLICIT


def attribute(
    doc: Doc,
    quotes: Sequence[QuoteSpan],
    paragraphs: Sequence[tuple[int, int]],
    *,
    scorer: Scorer | None = None,
    observe: Observer | None = None,
    gate: Gate | None = None,
    record: Recorder | None = None,
) -> list[QuoteSpan]:
    """Fill in speaker, addressees, type and confidence of ``quotes`` (in place) and return them.

    ``observe(quote, candidates)`` is called for every decided turn (with its first quotation) after its
    candidates are scored: the training hook. ``gate`` weighs the conversation's pick against the scorer's
    (the shipped ``conversation/conversation.json`` when None); ``record`` sees each turn it weighs
    (``structure.restructure``): the gate's training hook."""
    if not quotes:
        return list(quotes)
    att = _Attribution(
        doc,
        quotes,
        paragraphs,
        scorer if scorer is not None else Scorer.default(),
        observe,
        gate if gate is not None else Gate.default(),
        record if record is not None else current_recorder(),
    )
    att.run()
    return att.quotes

"""Who says each quotation, to whom, and how sure we are.

For every quotation the rules below propose speaker candidates, each a mention in the text:

- ``tag_after`` / ``tag_before``: the subject of a speech verb next to the quote ("…," Clarke said /
  said Clarke / Clarke sobbed out / she told him: "…");
- ``beat_after``: a person acting right after the quote ("…," she smiled.);
- ``beat``: a person who is the subject of narration in the quote's own paragraph;
- ``vocative_prev``: the previous turn addressed someone by name ("Clarke, wait!"), who answers now;
- ``addressee_prev``: the previous turn was told to someone ("she told Bellamy");
- ``alternation``: the speaker of the turn before last, in a conversation that alternates;
- ``vocative_next``: the next turn addresses someone by name, so that someone spoke this turn;
- ``narration_prev``: the last person who was the subject of narration before the quote;
- ``pov``: for thoughts, the point-of-view character.

A small logistic regression (weights in ``ficlens/models/speakers/speakers.json``, trained by
``ficlens.training.speakers`` on LitBank train+dev) scores every candidate from its rule, distance, mention
kind and agreement with the other rules; the best candidate wins and its score is the quote's confidence.
Speaker mentions become character ids through ``ficlens_coref`` (or the cast) when those ran.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ficlens.datamodel.dialogue import AttributionType, QuoteKind
from ficlens.pipeline.lexicon import (
    PERSON_PRONOUNS,
    SPEECH_FORMS_UNLEMMATISED,
    SPEECH_TAG_LEMMAS,
    TITLES,
    is_title,
)
from ficlens.pipeline.quotes.spans import QuoteSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_INTERJECTIONS = frozenset(
    [
        "oh",
        "o",
        "ah",
        "yes",
        "no",
        "well",
        "hey",
        "hi",
        "hello",
        "dear",
        "thanks",
        "sorry",
        "please",
        "now",
        "look",
        "listen",
    ]
)
_QUOTE_CHARS = set("\"“”„'‘’«»‹›")
_SENT_END = {".", "!", "?", ";"}

SIEVES = (
    "tag_after",
    "tag_before",
    "beat_after",
    "beat",
    "vocative_prev",
    "addressee_prev",
    "alternation",
    "alternation_next",
    "vocative_next",
    "other_party",
    "narration_prev",
    "pov",
)
TAG_SIEVES = frozenset({"tag_after", "tag_before"})
FEATURES = (
    *[f"sieve={s}" for s in SIEVES],
    "kind=proper",
    "kind=common",
    "kind=pronoun",
    "first_person",
    "log_distance",
    "agree",
    "disagree_tag",
    "same_as_prev_turn",
    "inherited_confidence",
    "log_conversation",
    "n_candidates",
    "speech_verb",
    "log_quote_tokens",
    "has_character",
    "gap_paragraphs",
)


@dataclass(slots=True)
class Candidate:
    sieve: str
    start: int  # mention char offsets
    end: int
    head: tuple[int, int]
    kind: str  # proper / common / pronoun
    distance: int  # tokens between the mention and the quote
    key: str | None = None  # character id, coref cluster or normalised name: who it is
    character: str | None = None
    inherited: float = 1.0
    speech_verb: bool = False
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


@dataclass(slots=True)
class _Turn:
    quotes: list[int]
    paragraph: int | None
    speaker_key: str | None = None
    cand: Candidate | None = None
    vocatives: list[Candidate] = field(default_factory=list)
    told: list[Candidate] = field(default_factory=list)
    local: list[Candidate] = field(default_factory=list)
    named: list[Candidate] = field(default_factory=list)
    conversation: int = 0


class Scorer:
    """Logistic regression over candidate features, numpy-free at this size (pure Python dot products)."""

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias

    @classmethod
    def default(cls) -> Scorer:
        return _load_scorer()

    def __call__(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


SHIPPED_SCORER = "speakers/speakers.json"


@cache
def _load_scorer() -> Scorer:
    return read_scorer(Path(str(resources.files("ficlens.models").joinpath(SHIPPED_SCORER))))


def read_scorer(path: Path) -> Scorer:
    """The speaker scorer saved at ``path``; a missing or malformed file raises ``ModelError`` naming it."""
    from ficlens.pipeline.quotes.component import SpeakerAttributor

    return SpeakerAttributor.read(path)


_TITLE_PREFIX = re.compile(
    r"^(?:(?:" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)) + r")\.?)\s+"
)


class Resolver:
    """Maps a mention to a character id and an identity key, through coreference or the cast when present."""

    def __init__(self, doc: Doc) -> None:
        from ficlens.pipeline.docdata import get_cast, get_coref

        self.coref = get_coref(doc)
        self.cast = get_cast(doc)

    def resolve(
        self, start: int, end: int, head: tuple[int, int], text: str, kind: str
    ) -> tuple[str | None, str | None]:
        if self.coref is not None:
            best = None
            for m in self.coref.in_range(head[0], head[1]):
                inside = m.start_char <= head[0] and head[1] <= m.end_char
                if inside and (best is None or m.end_char - m.start_char < best.end_char - best.start_char):
                    best = m
            if best is not None:
                character = best.character
                if character is None and kind == "proper" and self.cast is not None:
                    character = self.cast.find(text)
                return character, character or f"cluster:{best.cluster}"
        if kind == "proper":
            character = self.cast.find(text) if self.cast is not None else None
            name = _TITLE_PREFIX.sub("", text.lower())
            return character, character or f"name:{name.split()[-1] if name.split() else name}"
        return None, None


class Attributor:
    def __init__(self, doc: Doc, quotes: Sequence[QuoteSpan], paragraphs: Sequence[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access
        self.quotes = list(quotes)
        self.paragraphs = list(paragraphs)
        self.para_starts = [p[0] for p in self.paragraphs]
        from spacy.attrs import DEP, IDX, IS_SPACE, LOWER, POS

        cols = doc.to_array([IDX, IS_SPACE, DEP, POS, LOWER]).tolist() if len(doc) else []
        self.tok_starts = [c[0] for c in cols]
        self.parsed = doc.has_annotation("DEP")
        self.resolver = Resolver(doc)
        self.on_choose: Callable[[QuoteSpan, list[Candidate]], None] | None = None  # training hook
        self.passes = 1  # 2 adds a backward-looking pass; it gained nothing on LitBank train/dev
        # char ranges inside quotes, for telling narration from speech
        self.q_ranges = sorted((q.start_char, q.end_char) for q in self.quotes)
        self.q_starts = [r[0] for r in self.q_ranges]
        # per token, once: is it narration (outside quotes, not space)? which are narration subjects?
        self.narr = [False] * len(doc)
        self.subjects: list[int] = []  # narration subjects that are names or he/she/I
        self.named_subjects: list[int] = []  # ... that are names
        strings = doc.vocab.strings
        subj = {strings.add("nsubj"), strings.add("nsubjpass")}
        propn = strings.add("PROPN")
        personal = {strings.add(w) for w in ("he", "she", "i")}
        for i, (idx, space, dep, pos, lower) in enumerate(cols):
            if space or self.in_quote(idx):
                continue
            self.narr[i] = True
            if dep in subj:
                if pos == propn:
                    self.subjects.append(i)
                    self.named_subjects.append(i)
                elif lower in personal:
                    self.subjects.append(i)

    # --- helpers -----------------------------------------------------------------------------------------
    def tok_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.tok_starts, char) - 1)

    def para_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self.q_starts, char) - 1
        return k >= 0 and self.q_ranges[k][0] <= char < self.q_ranges[k][1]

    def mention(
        self, head: Token, sieve: str, quote: QuoteSpan, *, speech_verb: bool = False
    ) -> Candidate | None:
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS:
            if lower not in PERSON_PRONOUNS:
                return None
            kind = "pronoun"
            first = head
        elif head.pos_ == "PROPN":
            kind = "proper"
            first = head
            while (
                first.i > 0
                and (self.doc[first.i - 1].pos_ == "PROPN" or is_title(self.doc[first.i - 1].lower_))
                and self.in_quote(self.doc[first.i - 1].idx) == self.in_quote(head.idx)
            ):
                first = self.doc[first.i - 1]
        elif head.pos_ == "NOUN":
            kind = "common"
            first = head.left_edge if head.left_edge.i >= head.i - 4 else head
        else:
            return None
        start, end = first.idx, head.idx + len(head)
        text = self.text[start:end]
        if head.i + 1 < len(self.doc) and kind == "proper":
            nxt = self.doc[head.i + 1]
            if nxt.pos_ == "PROPN" and nxt.idx == end + 1 and nxt.dep_ in ("compound", "flat", "appos"):
                end = nxt.idx + len(nxt)
                text = self.text[start:end]
        qs, qe = self.tok_at(quote.start_char), self.tok_at(max(quote.start_char, quote.end_char - 1))
        distance = qs - head.i if head.i < qs else max(0, head.i - qe)
        character, key = self.resolver.resolve(start, end, (head.idx, head.idx + len(head)), text, kind)
        return Candidate(
            sieve,
            start,
            end,
            (head.idx, head.idx + len(head)),
            kind,
            distance,
            key=key,
            character=character,
            speech_verb=speech_verb,
        )

    def narration_tokens(self, lo: int, hi: int) -> list[Token]:
        """Tokens in [lo, hi) chars that are narration (outside every quotation)."""
        if hi <= lo:
            return []
        a, b = self.tok_at(lo), self.tok_at(hi - 1) + 1
        starts, narr, doc = self.tok_starts, self.narr, self.doc
        return [doc[i] for i in range(a, b) if narr[i] and lo <= starts[i] < hi]

    def _between(self, indices: list[int], lo: int, hi: int) -> list[int]:
        """Token indices from ``indices`` whose token starts in [lo, hi), in order."""
        a = bisect.bisect_left(indices, self.tok_at(lo))
        b = bisect.bisect_right(indices, self.tok_at(hi - 1)) if hi > lo else a
        return [i for i in indices[a:b] if lo <= self.tok_starts[i] < hi]

    # --- speech tags -------------------------------------------------------------------------------------
    def _subject(self, verb: Token, window: list[Token]) -> Token | None:
        ids = {t.i for t in window}
        heads = [verb]
        if verb.dep_ in ("conj", "xcomp") and verb.head.i in ids:
            heads.append(verb.head)  # "He beckoned him in and said sternly:"
        for h in heads:
            for child in h.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i in ids:
                    return child
        pos = [t.i for t in window].index(verb.i)
        # inverted "said Clarke" / "interposed, softly, a young wife", then "Clarke said" the parse missed
        for t in window[pos + 1 : pos + 8]:
            if t.pos_ in ("PROPN", "NOUN") or t.lower_ in PERSON_PRONOUNS:
                return _np_head(t, window)
            if (
                t.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ")
                or t.text in _SENT_END
                or t.text in _QUOTE_CHARS
            ):
                break
        for t in reversed(window[max(0, pos - 3) : pos]):
            if t.pos_ in ("PROPN", "NOUN") or t.lower_ in PERSON_PRONOUNS:
                return t
        return None

    def tag_after(self, q: QuoteSpan, seg_end: int) -> tuple[Candidate | None, list[Candidate], bool]:
        toks = self.narration_tokens(q.end_char, seg_end)
        window: list[Token] = []
        for t in toks:
            if t.text in _QUOTE_CHARS:
                break
            window.append(t)
            if t.text in _SENT_END or len(window) >= 14:
                break
        told: list[Candidate] = []
        # a quote that ends with a comma is followed by its tag, whatever the verb ("…," glowed Carol)
        open_ended = self.text[q.start_char : q.end_char].rstrip("\"”’'»› ").endswith((",", "—", "–", "-"))
        for k, t in enumerate(window[:7]):
            if _is_speech_verb(t) or (open_ended and k < 3 and t.pos_ == "VERB"):
                subj = self._subject(t, window)
                if subj is not None:
                    told = self._told(t, window, q)
                    cand = self.mention(subj, "tag_after", q, speech_verb=True)
                    if cand is not None:
                        return cand, told, True
        # "…," she smiled.
        lead = [t for t in window if not t.is_punct][:3]
        if len(lead) >= 2 and (lead[0].pos_ == "PROPN" or lead[0].lower_ in PERSON_PRONOUNS):
            head = _np_head(lead[0], window)
            nxt = next((t for t in window if t.i > head.i and not t.is_punct), None)
            if nxt is not None and nxt.pos_ in ("VERB", "AUX"):
                return self.mention(head, "beat_after", q), [], False
        return None, told, False

    def tag_before(self, q: QuoteSpan, seg_start: int) -> tuple[Candidate | None, list[Candidate]]:
        toks = self.narration_tokens(seg_start, q.start_char)
        window: list[Token] = []
        for t in reversed(toks):
            if t.text in _QUOTE_CHARS:
                break
            if t.text in _SENT_END and window:
                break
            window.insert(0, t)
            if len(window) >= 14:
                break
        if not window or (window[-1].text not in (":", ",", "—", "-", "--", "–") and len(window) > 8):
            return None, []
        for t in reversed(window):
            if _is_speech_verb(t):
                subj = self._subject(t, window)
                if subj is not None:
                    return self.mention(subj, "tag_before", q, speech_verb=True), self._told(t, window, q)
        return None, []

    def _told(self, verb: Token, window: list[Token], q: QuoteSpan) -> list[Candidate]:
        ids = {t.i for t in window}
        out = []
        for child in verb.children:
            target = None
            if child.dep_ in ("dobj", "dative") and child.i in ids:
                target = child
            elif child.dep_ == "prep" and child.lower_ == "to":
                target = next((g for g in child.children if g.dep_ == "pobj" and g.i in ids), None)
            if target is not None:
                c = self.mention(target, "addressee_prev", q)
                if c is not None and c.kind != "common":
                    out.append(c)
        return out

    def beats(self, q: QuoteSpan, lo: int, hi: int) -> list[Candidate]:
        """Subjects of narration clauses in the quote's own paragraph, nearest first."""
        out = []
        for t in self.narration_tokens(lo, hi):
            if t.dep_ in ("nsubj", "nsubjpass") and (t.pos_ == "PROPN" or t.lower_ in PERSON_PRONOUNS):
                if t.lower_ in ("it", "you"):
                    continue
                c = self.mention(t, "beat", q)
                if c is not None:
                    out.append(c)
        out.sort(key=lambda c: c.distance)
        return out[:1]

    def named_before(self, q: QuoteSpan, lo: int, hi: int, *, limit: int = 4) -> list[Candidate]:
        """Named narration subjects before the quote, nearest first (for "the other party")."""
        out: list[Candidate] = []
        for i in reversed(self._between(self.named_subjects, lo, min(hi, q.start_char))):
            c = self.mention(self.doc[i], "other_party", q)
            if c is not None and c.key is not None:
                out.append(c)
                if len(out) >= limit:
                    break
        return out

    def narration_prev(self, q: QuoteSpan, lo: int, hi: int) -> Candidate | None:
        found = self._between(self.subjects, lo, min(hi, q.start_char))
        return self.mention(self.doc[found[-1]], "narration_prev", q) if found else None

    def vocatives(self, q: QuoteSpan) -> list[Candidate]:
        """Names set off by punctuation inside the quote: "Clarke, wait!", "Well, Mr. Bennet?"."""
        a, b = self.tok_at(q.start_char), self.tok_at(max(q.start_char, q.end_char - 1)) + 1
        toks = [t for t in self.doc[a:b] if q.start_char <= t.idx < q.end_char and not t.is_space]
        out = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.pos_ == "PROPN" or (
                is_title(t.lower_) and i + 1 < len(toks) and toks[i + 1].pos_ == "PROPN"
            ):
                j = i
                while j + 1 < len(toks) and (toks[j + 1].pos_ == "PROPN" or is_title(toks[j + 1].lower_)):
                    j += 1
                before = toks[i - 1] if i > 0 else None
                k = i - 1
                while k >= 0 and toks[k].lower_ in ("my", "dear", "dearest", "poor", "little", "old"):
                    k -= 1
                before = toks[k] if k >= 0 and toks[k].text not in _QUOTE_CHARS else None
                after = toks[j + 1] if j + 1 < len(toks) and toks[j + 1].text not in _QUOTE_CHARS else None
                words = sum(1 for w in toks if w.is_alpha)
                name_ok = toks[j].text[:1].isupper() and toks[j].is_alpha and words >= j - i + 2
                if before is None:
                    ok = after is not None and after.text in (",", "—", "--", "–")
                elif before.text in (",", "—", "--", "–") or before.lower_ in _INTERJECTIONS:
                    ok = after is None or after.text in (",", ".", "!", "?", ";", "—", "--", "–", "…")
                else:
                    ok = False
                if ok and name_ok:
                    c = self.mention(toks[j], "vocative_prev", q)
                    if c is not None and c.kind == "proper":
                        out.append(c)
                i = j + 1
            else:
                i += 1
        return out

    # --- the whole document ------------------------------------------------------------------------------
    def run(self, scorer: Scorer) -> None:
        spoken = [i for i, q in enumerate(self.quotes) if q.kind == QuoteKind.SPOKEN]
        turns = self._turns(spoken)
        pov = self._pov() if any(q.kind == QuoteKind.THOUGHT for q in self.quotes) else None
        conv_sizes: dict[int, int] = {}
        for turn in turns:
            conv_sizes[turn.conversation] = conv_sizes.get(turn.conversation, 0) + 1
        # pass 1: what each turn says about itself (tags, beats, vocatives, whom it is told to)
        for turn in turns:
            q0 = self.quotes[turn.quotes[0]]
            p = q0.paragraph if q0.paragraph is not None else self.para_of(q0.start_char)
            plo, phi = self.paragraphs[p] if self.paragraphs else (0, len(self.text))
            for qi in turn.quotes:
                q = self.quotes[qi]
                nxt = self.quotes[qi + 1].start_char if qi + 1 < len(self.quotes) else phi
                prv = self.quotes[qi - 1].end_char if qi > 0 else plo
                c, tl, _ = self.tag_after(q, min(max(nxt, q.end_char), max(phi, q.end_char)))
                if c is not None:
                    turn.local.append(c)
                turn.told.extend(tl)
                c2, tl2 = self.tag_before(q, max(prv, plo) if prv <= q.start_char else plo)
                if c2 is not None:
                    turn.local.append(c2)
                turn.told.extend(tl2)
                turn.vocatives.extend(self.vocatives(q))
            qlast = self.quotes[turn.quotes[-1]]
            turn.local.extend(self.beats(q0, plo, max(phi, qlast.end_char)))
            c = self.narration_prev(q0, self.paragraphs[max(0, p - 2)][0] if self.paragraphs else 0, plo)
            if c is not None:
                turn.local.append(c)
            turn.named = self.named_before(
                q0, self.paragraphs[max(0, p - 4)][0] if self.paragraphs else 0, plo
            )
        # pass 2: in order, with turn-taking; pass 3 looks again at the guessed turns, now that the turns
        # after them are decided too (turn t+2's speaker is a candidate for turn t)
        for refine in range(self.passes):
            for t_idx, turn in enumerate(turns):
                if refine and (turn.cand is None or turn.cand.sieve in TAG_SIEVES):
                    continue
                self._decide(turns, t_idx, scorer, conv_sizes, refine=bool(refine))
        self._addressees(turns)
        for q in self.quotes:
            if q.kind != QuoteKind.SPOKEN:
                self._inner_voice(q, pov, scorer)

    def _decide(
        self, turns: list[_Turn], t_idx: int, scorer: Scorer, conv_sizes: dict[int, int], *, refine: bool
    ) -> None:
        turn = turns[t_idx]
        q0 = self.quotes[turn.quotes[0]]

        def near(k: int) -> _Turn | None:
            if 0 <= k < len(turns) and turns[k].conversation == turn.conversation:
                return turns[k]
            return None

        prev, prev2, nxt_turn, nxt2 = near(t_idx - 1), near(t_idx - 2), near(t_idx + 1), near(t_idx + 2)
        cands = list(turn.local)
        if prev is not None:
            cands.extend(_as(v, "vocative_prev", q0, self) for v in prev.vocatives)
            cands.extend(_as(v, "addressee_prev", q0, self) for v in prev.told)
        if prev2 is not None and prev2.cand is not None:
            alt = _as(prev2.cand, "alternation", q0, self)
            alt.inherited = prev2.cand.score
            cands.append(alt)
        if nxt2 is not None:
            ahead = nxt2.cand if refine else next((c for c in nxt2.local if c.sieve in TAG_SIEVES), None)
            if ahead is not None:
                alt_next = _as(ahead, "alternation_next", q0, self)
                alt_next.inherited = ahead.score if refine else 1.0
                cands.append(alt_next)
        if nxt_turn is not None:
            cands.extend(_as(v, "vocative_next", q0, self) for v in nxt_turn.vocatives)
        if prev is not None and prev.cand is not None and prev.cand.key is not None:
            other = next((c for c in turn.named if c.key != prev.cand.key), None)
            if other is not None:
                cands.append(_as(other, "other_party", q0, self))
        gap = 0 if prev is None else max(0, (turn.paragraph or 0) - (prev.paragraph or 0) - 1)
        best = self._choose(cands, scorer, prev, conv_sizes[turn.conversation], q0, gap=gap)
        if self.on_choose is not None:
            self.on_choose(q0, cands)
        turn.cand = best
        turn.speaker_key = best.key if best is not None else None
        for qi in turn.quotes:
            self._assign(self.quotes[qi], best, turn, cands)

    def _choose(
        self,
        cands: list[Candidate],
        scorer: Scorer,
        prev: _Turn | None,
        conv_len: int,
        q: QuoteSpan,
        *,
        gap: int = 0,
    ) -> Candidate | None:
        if not cands:
            return None
        n_tok = max(1, self.tok_at(q.end_char - 1) - self.tok_at(q.start_char))
        tag_keys = {c.key for c in cands if c.sieve in TAG_SIEVES and c.key is not None}
        for c in cands:
            f = {f"sieve={c.sieve}": 1.0, f"kind={c.kind}": 1.0}
            if c.kind == "pronoun" and self.text[c.head[0] : c.head[1]].lower() in ("i", "me", "we"):
                f["first_person"] = 1.0
            f["log_distance"] = math.log1p(c.distance)
            agree = sum(
                1
                for o in cands
                if o is not c and ((o.key is not None and o.key == c.key) or (o.head == c.head))
            )
            f["agree"] = float(min(agree, 3))
            f["disagree_tag"] = (
                1.0 if tag_keys and c.key not in tag_keys and c.sieve not in TAG_SIEVES else 0.0
            )
            same = (
                prev is not None
                and prev.cand is not None
                and ((c.key is not None and c.key == prev.cand.key) or c.head == prev.cand.head)
            )
            f["same_as_prev_turn"] = 1.0 if same else 0.0
            f["inherited_confidence"] = c.inherited if c.sieve == "alternation" else 0.0
            f["log_conversation"] = math.log1p(conv_len)
            f["n_candidates"] = float(min(len(cands), 6))
            f["speech_verb"] = 1.0 if c.speech_verb else 0.0
            f["log_quote_tokens"] = math.log1p(n_tok)
            f["has_character"] = 1.0 if c.character is not None else 0.0
            f["gap_paragraphs"] = float(min(gap, 2))
            c.features = f
            c.score = scorer(f)
        return max(cands, key=lambda c: c.score)

    def _assign(self, q: QuoteSpan, best: Candidate | None, turn: _Turn, cands: list[Candidate]) -> None:
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

    def _addressees(self, turns: list[_Turn]) -> None:
        by_conv: dict[int, list[_Turn]] = {}
        for t in turns:
            by_conv.setdefault(t.conversation, []).append(t)
        for conv in by_conv.values():
            keys = {t.speaker_key for t in conv if t.speaker_key is not None}
            chars = {t.speaker_key: t.cand.character for t in conv if t.cand is not None and t.speaker_key}
            for i, t in enumerate(conv):
                ids: list[str] = []
                spans: list[tuple[int, int]] = []
                for v in [*t.vocatives, *t.told]:
                    if v.key == t.speaker_key and v.key is not None:
                        continue
                    spans.append((v.start, v.end))
                    if v.character is not None and v.character not in ids:
                        ids.append(v.character)
                if not spans and len(keys) == 2 and t.speaker_key in keys:
                    other = next(k for k in keys if k != t.speaker_key)
                    ch = chars.get(other)
                    if ch is not None:
                        ids.append(ch)
                    src = next((u.cand for u in conv if u.speaker_key == other and u.cand is not None), None)
                    if src is not None:
                        spans.append((src.start, src.end))
                elif not spans:
                    # the speaker of the previous or next turn, when different
                    for u in (conv[i - 1] if i > 0 else None, conv[i + 1] if i + 1 < len(conv) else None):
                        if u is not None and u.cand is not None and u.speaker_key != t.speaker_key:
                            if u.cand.character is not None:
                                ids.append(u.cand.character)
                            spans.append((u.cand.start, u.cand.end))
                            break
                for qi in t.quotes:
                    self.quotes[qi].addressees = list(ids)
                    self.quotes[qi].addressee_mentions = list(spans)

    def _pov(self) -> Candidate | None:
        """The point-of-view character: a first-person narrator, else the most frequent narration subject."""
        counts: dict[str, int] = {}
        firsts: dict[str, Token] = {}
        n_i = 0
        for i in self.subjects:
            t = self.doc[i]
            if t.lower_ == "i":
                n_i += 1
                firsts.setdefault("i", t)
            elif t.pos_ == "PROPN":
                counts[t.text] = counts.get(t.text, 0) + 1
                firsts.setdefault(t.text, t)
        best_name = max(counts, key=lambda k: counts[k]) if counts else None
        if n_i >= 3 and (best_name is None or n_i >= counts[best_name]):
            tok = firsts["i"]
        elif best_name is not None:
            tok = firsts[best_name]
        else:
            return None
        dummy = QuoteSpan(tok.idx, tok.idx + 1)
        return self.mention(tok, "pov", dummy)

    def _inner_voice(self, q: QuoteSpan, pov: Candidate | None, scorer: Scorer) -> None:
        p = q.paragraph if q.paragraph is not None else self.para_of(q.start_char)
        plo, phi = self.paragraphs[p] if self.paragraphs else (0, len(self.text))
        cands: list[Candidate] = []
        c, _, _ = self.tag_after(q, phi)
        if c is not None and c.sieve == "tag_after":
            cands.append(c)
        c2, _ = self.tag_before(q, plo)
        if c2 is not None:
            cands.append(c2)
        if q.kind == QuoteKind.THOUGHT and pov is not None:
            cands.append(_as(pov, "pov", q, self))
        if q.kind == QuoteKind.WRITTEN:
            sig = re.search(
                r"(?:[-–—~]\s*|\b(?:Love|Yours|From),?\s+)([A-Z][\w]+)\W*$",
                self.text[q.start_char : q.end_char],
            )
            if sig is not None:
                s = q.start_char + sig.start(1)
                tok = self.doc[self.tok_at(s)]
                sc = self.mention(tok, "tag_before", q)
                if sc is not None:
                    cands.append(sc)
        best = self._choose(cands, scorer, None, 1, q)
        dummy = _Turn([], p)
        self._assign(q, best, dummy, cands)

    def _turns(self, spoken: list[int]) -> list[_Turn]:
        turns: list[_Turn] = []
        conv = 0
        last_end = None
        last_para = None
        for qi in spoken:
            q = self.quotes[qi]
            p = q.paragraph if q.paragraph is not None else self.para_of(q.start_char)
            adjacent = last_end is not None and not self.text[last_end : q.start_char].strip()
            if turns and last_para == p and not adjacent:
                # a second quote in the same paragraph is the same turn unless narration names a new speaker
                turns[-1].quotes.append(qi)
            else:
                if last_end is not None:
                    gap_paras = p - (last_para or 0) - 1
                    if gap_paras > 1 or len(self.text[last_end : q.start_char].split()) > 120:
                        conv += 1
                turns.append(_Turn([qi], p, conversation=conv))
            last_end = q.end_char
            last_para = self.para_of(q.end_char - 1) if self.paragraphs else p
        return turns


def _as(c: Candidate, sieve: str, q: QuoteSpan, att: Attributor) -> Candidate:
    qs = att.tok_at(q.start_char)
    head_tok = att.tok_at(c.head[0])
    return Candidate(
        sieve,
        c.start,
        c.end,
        c.head,
        c.kind,
        abs(qs - head_tok),
        key=c.key,
        character=c.character,
    )


def _is_speech_verb(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX", "NOUN") and (
        t.lemma_.lower() in SPEECH_TAG_LEMMAS or t.lower_ in SPEECH_FORMS_UNLEMMATISED
    )


def _np_head(t: Token, window: list[Token]) -> Token:
    """The last word of a name or noun phrase that starts at ``t`` ("Mr. Bennet", "his wife")."""
    ids = [w.i for w in window]
    pos = ids.index(t.i) if t.i in ids else -1
    head = t
    for w in window[pos + 1 : pos + 4] if pos >= 0 else []:
        if (
            ((head.pos_ == "PROPN" or is_title(head.lower_)) and w.pos_ == "PROPN")
            or (
                head.pos_ in ("DET", "PRON")
                and head.dep_ in ("det", "poss")
                and w.pos_ in ("NOUN", "ADJ", "PROPN")
            )
            or (head.pos_ == "ADJ" and w.pos_ == "NOUN")
        ):
            head = w
        else:
            break
    return head


def attribute(
    doc: Doc,
    quotes: Sequence[QuoteSpan],
    paragraphs: Sequence[tuple[int, int]],
    *,
    scorer: Scorer | None = None,
) -> list[QuoteSpan]:
    """Fill in speaker, addressees, type and confidence of ``quotes`` (in place) and return them."""
    if not quotes:
        return list(quotes)
    att = Attributor(doc, quotes, paragraphs)
    att.run(scorer if scorer is not None else Scorer.default())
    return att.quotes


def candidate_table(
    doc: Doc,
    quotes: Sequence[QuoteSpan],
    paragraphs: Sequence[tuple[int, int]],
    *,
    scorer: Scorer | None = None,
) -> list[tuple[int, list[Candidate]]]:
    """For training: every quote's candidates with their features (after a full attribution pass)."""
    att = Attributor(doc, quotes, paragraphs)
    index = {id(q): i for i, q in enumerate(att.quotes)}
    latest: dict[int, list[Candidate]] = {}
    att.on_choose = lambda q, cands: latest.__setitem__(index.get(id(q), -1), list(cands))
    att.run(scorer if scorer is not None else Scorer.default())
    return sorted(latest.items(), key=lambda kv: kv[0])

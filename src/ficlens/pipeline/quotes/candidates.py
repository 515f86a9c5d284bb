"""Speaker candidates: the sieves that propose who says a quotation, each a mention in the text.

- ``tag_after`` / ``tag_before``: the subject of a speech verb next to the quote ("…," Wren said /
  said Wren / Wren sobbed out / she told him: "…");
- ``beat_after``: a person acting right after the quote ("…," she smiled.);
- ``beat``: a person who is the subject of narration in the quote's own paragraph;
- ``vocatives``: names the quote addresses ("Wren, wait!"), for the turns around it;
- ``narration_prev``: the last person who was the subject of narration before the quote;
- ``named_before``: named narration subjects before the quote (for "the other party");
- ``pov``: for thoughts, the point-of-view character.

The sieves that look at the turns around a quote (alternation, replies to a vocative) are in ``turns``.
Every sieve reads only a window of the text next to its quotation, bounded in characters as well as in
paragraphs, so a story without paragraph breaks costs no more per word than one with them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ficlens.pipeline.lexicon import (
    FEMALE,
    FIRST,
    MALE,
    PERSON_PRONOUNS,
    PRONOUNS,
    SINGULAR_YOU,
    SPEECH_FORMS_UNLEMMATISED,
    SPEECH_TAG_LEMMAS,
    SUBJECT_PRONOUNS,
    TITLES,
    is_title,
)
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.pipeline.ranges import Ranges, last_start

if TYPE_CHECKING:
    from collections.abc import Sequence

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
# How far from its quotation a speech tag's window reaches, and a beat's: a tag's 14 tokens and a beat in the
# quote's paragraph lie well within these, which keep a story without paragraph breaks linear.
TAG_WINDOW_CHARS = 1000
BEAT_WINDOW_CHARS = 2000
_SIGNATURE = re.compile(r"(?:[-–—~]\s*|\b(?:Love|Yours|From),?\s+)([A-Z][\w]+)\W*$")


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
                if kind == "proper" and self.cast is not None:
                    # a name says who it is more surely than the chain it was put in ("Ada said" stays Ada's
                    # even when coreference merged her with the woman she remembers)
                    character = self.cast.find(text) or character
                return character, character or f"cluster:{best.cluster}"
        if kind == "proper":
            character = self.cast.find(text) if self.cast is not None else None
            name = _TITLE_PREFIX.sub("", text.lower())
            return character, character or f"name:{name.split()[-1] if name.split() else name}"
        return None, None


class Sieves:
    """The candidate-proposing rules over one parsed Doc and its quotations (token tables built once)."""

    def __init__(self, doc: Doc, quotes: Sequence[QuoteSpan]) -> None:
        from spacy.attrs import DEP, IDX, IS_SPACE, LOWER, POS

        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access
        cols = doc.to_array([IDX, IS_SPACE, DEP, POS, LOWER]).tolist() if len(doc) else []
        self.tok_starts = [c[0] for c in cols]
        self.resolver = Resolver(doc)
        # char ranges inside quotes, for telling narration from speech
        self.quoted = Ranges((q.start_char, q.end_char) for q in quotes)
        self.quote_spans = sorted((q.start_char, q.end_char) for q in quotes)
        # per token, once: is it narration (outside quotes, not space)? which are narration subjects?
        self.narr = [False] * len(doc)
        self.subjects: list[int] = []  # narration subjects that are names or he/she/I
        self.named_subjects: list[int] = []  # ... that are names
        self.beat_subjects: list[int] = []  # narration subjects that are names or personal pronouns but "you"
        strings = doc.vocab.strings
        subj = {strings.add("nsubj"), strings.add("nsubjpass")}
        propn = strings.add("PROPN")
        personal = {  # he, she, I
            strings.add(w)
            for w in SUBJECT_PRONOUNS
            if PRONOUNS[w].person == FIRST or PRONOUNS[w].gender in (MALE, FEMALE)
        }
        person = {strings.add(w) for w in PERSON_PRONOUNS}
        not_beat = {strings.add("it"), strings.add("you")}  # whatever the tagger calls them
        for i, (idx, space, dep, pos, lower) in enumerate(cols):
            if space or self.in_quote(idx):
                continue
            self.narr[i] = True
            if dep in subj:
                if (pos == propn or lower in person) and lower not in not_beat:
                    self.beat_subjects.append(i)
                if pos == propn:
                    self.subjects.append(i)
                    self.named_subjects.append(i)
                elif lower in personal:
                    self.subjects.append(i)

    def tok_at(self, char: int) -> int:
        return last_start(self.tok_starts, char)

    def in_quote(self, char: int) -> bool:
        return char in self.quoted

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

    def between(self, indices: list[int], lo: int, hi: int) -> range:
        """Positions in ``indices`` (sorted token indices) of the tokens that start in [lo, hi), in order."""
        a = bisect.bisect_left(indices, self.tok_at(lo))
        b = bisect.bisect_right(indices, self.tok_at(hi - 1)) if hi > lo else a
        starts = self.tok_starts
        while a < b and starts[indices[a]] < lo:
            a += 1
        while b > a and starts[indices[b - 1]] >= hi:
            b -= 1
        return range(a, b)

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
        # inverted "said Ines" / "interposed, softly, a young wife", then "Ines said" the parse missed
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
        """The speech tag (or beat) in the narration after ``q``, up to ``seg_end``; also whom it is told to
        and whether it is a tag (not a beat)."""
        toks = self.narration_tokens(q.end_char, min(seg_end, q.end_char + TAG_WINDOW_CHARS))
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
        """The speech tag in the narration before ``q``, from ``seg_start``; also whom it is told to."""
        toks = self.narration_tokens(max(seg_start, q.start_char - TAG_WINDOW_CHARS), q.start_char)
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
        """The nearest subject of a narration clause in [lo, hi): the quote's own paragraph, which the caller
        bounds to ``BEAT_WINDOW_CHARS`` around its turn."""
        qs, qe = self.tok_at(q.start_char), self.tok_at(max(q.start_char, q.end_char - 1))
        found = [self.beat_subjects[k] for k in self.between(self.beat_subjects, lo, hi)]
        # nearest first (text order among equals); only the first that makes a mention is looked up
        found.sort(key=lambda i: qs - i if i < qs else max(0, i - qe))
        for i in found:
            c = self.mention(self.doc[i], "beat", q)
            if c is not None:
                return [c]
        return []

    def named_before(self, q: QuoteSpan, lo: int, hi: int, *, limit: int = 4) -> list[Candidate]:
        """Named narration subjects before the quote, nearest first (for "the other party")."""
        out: list[Candidate] = []
        named = self.named_subjects
        for k in reversed(self.between(named, lo, min(hi, q.start_char))):
            c = self.mention(self.doc[named[k]], "other_party", q)
            if c is not None and c.key is not None:
                out.append(c)
                if len(out) >= limit:
                    break
        return out

    def narration_prev(self, q: QuoteSpan, lo: int, hi: int) -> Candidate | None:
        found = self.between(self.subjects, lo, min(hi, q.start_char))
        return self.mention(self.doc[self.subjects[found[-1]]], "narration_prev", q) if found else None

    def vocatives(self, q: QuoteSpan, *, hails: bool = False) -> list[Candidate]:
        """Names set off by punctuation inside the quote: "Ines, wait!", "Well, Mr. Bennet?"; with
        ``hails`` also a name that opens the quote as a sentence of its own ("Ada. You're late.")."""
        a, b = self.tok_at(q.start_char), self.tok_at(max(q.start_char, q.end_char - 1)) + 1
        toks = [t for t in self.doc[a:b] if q.start_char <= t.idx < q.end_char and not t.is_space]
        out = []
        words = sum(1 for w in toks if w.is_alpha)
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
                name_ok = toks[j].text[:1].isupper() and toks[j].is_alpha and words >= j - i + 2
                # with ``hails``, a line that is only a character's name ("Robin." / "—Captain Maro?" /
                # '"Mr. Finch," said the Captain')
                lone = (
                    hails
                    and not name_ok
                    and toks[j].text[:1].isupper()
                    and toks[j].is_alpha
                    and (after is None or after.text in (".", "!", ","))
                    and self._lone_call(toks, i, j, q)
                )
                if before is None:
                    # "Wren, wait!" / "Wren — wait"; with ``hails``, "Ada. I can see you." and "PELL!"
                    ok = lone or (
                        after is not None
                        and (
                            after.text in (",", "—", "--", "–")
                            or (hails and after.text in (".", "!") and _hailed(toks, j + 2))
                        )
                    )
                elif before.text in (",", "—", "--", "–") or before.lower_ in _INTERJECTIONS:
                    ok = after is None or after.text in (",", ".", "!", "?", ";", "—", "--", "–", "…")
                else:
                    ok = False
                if ok and (name_ok or lone):
                    c = self.mention(toks[j], "vocative_prev", q)
                    if c is not None and c.kind == "proper" and (c.character is not None or not lone):
                        out.append(c)
                i = j + 1
            else:
                i += 1
        return out

    def _lone_call(self, toks: Sequence[Token], i: int, j: int, q: QuoteSpan) -> bool:
        """Is the line only the name ``toks[i..j]`` (and punctuation), called out: not an answer to the line
        before it ('"Where to?" -- "Ashcombe."') nor an echo of a name it said ('"Gisborne dined with us."
        -- "Gisborne," he said')?"""
        if any(t.is_alpha for t in (*toks[:i], *toks[j + 1 :])):
            return False
        k = bisect.bisect_left(self.quote_spans, (q.start_char, q.end_char)) - 1
        if k < 0:
            return True
        a, b = self.quote_spans[k]
        before = self.text[a:b].rstrip(" \"'”’»›")
        if before.endswith("?"):
            return False
        said = {w.lower() for w in re.findall(r"\w+", before)}
        return not any(t.lower_ in said for t in toks[i : j + 1] if not is_title(t.lower_))

    def pov(self) -> Candidate | None:
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

    def relabel(self, c: Candidate, sieve: str, q: QuoteSpan) -> Candidate:
        """Candidate ``c`` proposed again for quote ``q`` by another sieve (a neighbouring turn's speaker)."""
        qs = self.tok_at(q.start_char)
        head_tok = self.tok_at(c.head[0])
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

    def sender(self, q: QuoteSpan) -> Candidate | None:
        """The name before the colon of a chat line ("Theo: good game tonight")."""
        colon = self.text.rfind(":", max(0, q.start_char - 40), q.start_char)
        if colon <= 0:
            return None
        tok = self.doc[self.tok_at(colon - 1)]
        if tok.is_punct or tok.is_space:
            return None
        c = self.mention(tok, "tag_before", q)
        if c is None or c.kind == "common":
            # a handle the tagger does not call a name ("lindy_skates"): a name all the same
            character, key = self.resolver.resolve(
                tok.idx, tok.idx + len(tok), (tok.idx, tok.idx + len(tok)), tok.text, "proper"
            )
            c = Candidate(
                "tag_before",
                tok.idx,
                tok.idx + len(tok),
                (tok.idx, tok.idx + len(tok)),
                "proper",
                0,
                key=key,
                character=character,
                speech_verb=True,
            )
        return c

    def signature(self, q: QuoteSpan) -> Candidate | None:
        """The name a written note is signed with ("… Love, Wren", "— Tobin")."""
        sig = _SIGNATURE.search(self.text[q.start_char : q.end_char])
        if sig is None:
            return None
        tok = self.doc[self.tok_at(q.start_char + sig.start(1))]
        return self.mention(tok, "tag_before", q)


def _hailed(toks: Sequence[Token], k: int) -> bool:
    """Does the sentence from ``toks[k]`` speak to someone: an order ("Look at the water.") or "you"?
    ("Ash. Ash Corrigan." and "Penrose. I was told ..." are a name given, not a name called.)"""
    if k >= len(toks) or not toks[k].is_alpha:
        return False
    if toks[k].tag_ == "VB":
        return True
    for t in toks[k : k + 25]:
        if t.text in _SENT_END:
            return False
        if t.lower_ in SINGULAR_YOU:
            return True
    return False


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

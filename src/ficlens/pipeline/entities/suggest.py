"""Candidate entity spans from the dependency parse: every noun phrase and the nested phrases inside it.

LitBank marks maximal noun phrases ("the man who lived by the river") and the entities nested inside them
("[[Maren]'s mother]"). Every nominal head proposes the spans that start at the left edge of any of its
left dependents (or at itself) and end at the right edge of any of its right dependents (or at itself),
stopping at a coordinated conjunct, so "Tom and Huck" proposes "Tom" and "Huck". Runs of proper nouns
add their sub-runs ("Captain Abraham Pannel" → "Abraham Pannel"). Personal pronouns propose nothing:
coreference adds them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import DEP, IS_PUNCT, LOWER, POS, TAG
from spacy.parts_of_speech import IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

MAX_SPAN_TOKENS = 40

NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
# The pronouns that can head a literary entity ("one of the girls", "those who knew him").
QUANTIFIER_PRONOUNS = frozenset(
    {
        "one", "ones", "those", "others", "another", "all", "some", "both", "each", "none", "either",
        "neither", "everybody", "somebody", "nobody", "anybody", "everyone", "someone", "anyone",
        "whoever", "many", "few", "several", "most", "these", "this", "that",
    }
)  # fmt: skip
_STOP_DEPS = ("conj", "cc")
_EDGE_DEPS = ("cc", "preconj")


def _ids(strings: Iterable[str]) -> frozenset[int]:
    return frozenset(int(get_string_id(s)) for s in strings)


_NOMINAL_IDS = frozenset(int(IDS[p]) for p in NOMINAL_POS if p != "PRON")
_PRON_ID = int(IDS["PRON"])
_PROPN_ID = int(IDS["PROPN"])
_QUANTIFIER_IDS = _ids(QUANTIFIER_PRONOUNS)
_STOP_IDS = _ids(_STOP_DEPS)
_EDGE_IDS = _ids(_EDGE_DEPS)
_POSSESSIVE_ID = int(get_string_id("POS"))
_FIELDS = [POS, TAG, DEP, LOWER, IS_PUNCT]


def suggest_spans(doc: Doc, *, max_tokens: int = MAX_SPAN_TOKENS) -> list[tuple[int, int]]:
    """Candidate (start, end) token spans, end exclusive, sorted and without duplicates."""
    n = len(doc)
    if n == 0:
        return []
    table = doc.to_array(_FIELDS).astype(numpy.int64)
    pos, tag, dep, lower, punct = (table[:, k].tolist() for k in range(len(_FIELDS)))
    trim_start = [bool(punct[i]) or dep[i] in _EDGE_IDS for i in range(n)]
    trim_end = [trim_start[i] or tag[i] == _POSSESSIVE_ID for i in range(n)]
    # a name never runs across a paragraph break (a heading line and the paragraph under it are two lines)
    breaks = [0]
    for t in doc:
        breaks.append(breaks[-1] + (t.is_space and t.text.count("\n") >= 2))
    found: set[tuple[int, int]] = set()
    for i in range(n):
        p = pos[i]
        if not (p in _NOMINAL_IDS or (p == _PRON_ID and lower[i] in _QUANTIFIER_IDS)):
            continue
        token = doc[i]
        starts = {token.left_edge.i, i}
        for child in token.lefts:
            starts.add(child.left_edge.i)
        ends = {i + 1}
        for child in token.rights:
            if child.dep in _STOP_IDS:
                break
            ends.add(child.right_edge.i + 1)
        for s0 in starts:
            for e0 in ends:
                s, e = s0, e0
                while s < e and trim_start[s]:
                    s += 1
                while e > s and trim_end[e - 1]:
                    e -= 1
                if s < e and e - s <= max_tokens and breaks[e] == breaks[s]:
                    found.add((s, e))
    i = 0
    while i < n:
        if pos[i] != _PROPN_ID:
            i += 1
            continue
        j = i
        while j < n and pos[j] == _PROPN_ID:
            j += 1
        if j - i <= 6:
            for a in range(i, j):
                for b in range(a + 1, j + 1):
                    found.add((a, b))
        i = j
    return sorted(found)


def noun_phrase_suggester(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
    """spaCy ``spancat`` suggester: the candidates of :func:`suggest_spans` for each doc."""
    if ops is None:
        ops = get_current_ops()
    rows: list[tuple[int, int]] = []
    lengths: list[int] = []
    for doc in docs:
        spans = suggest_spans(doc)
        rows.extend(spans)
        lengths.append(len(spans))
    data = ops.asarray2i(rows) if rows else ops.alloc2i(0, 2)
    return Ragged(data, ops.asarray1i(lengths))

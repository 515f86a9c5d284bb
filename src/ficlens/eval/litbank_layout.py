"""Paragraph breaks for LitBank documents, recovered by aligning LitBank's tokens to the original text.

LitBank's token files keep sentences but not paragraphs. Dialogue turns are paragraphs, so the quotation
evaluation aligns each document's tokens to ``original/<id>.txt`` (greedy, left to right) and starts a
paragraph at each token that follows a blank line. Unaligned tokens simply stay in the current paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

from ficlens.training.litbank import LitBankDoc

_VARIANTS = {
    "“": ('"', "``"),
    "”": ('"', "''"),
    '"': ("“", "”", "``", "''"),
    "‘": ("'", "`"),
    "’": ("'",),
    "'": ("’", "‘"),
    "--": ("—", "–", "-"),
    "—": ("--", "-"),
}
_BLANK = re.compile(r"\n[ \t\r]*\n")


def token_starts(doc: LitBankDoc) -> list[int]:
    """Character offset of each token in ``doc.to_doc(...).text`` (tokens joined by single spaces)."""
    out, pos = [], 0
    for w in doc.words:
        out.append(pos)
        pos += len(w) + 1
    return out


def paragraph_starts(doc: LitBankDoc, original: str, *, window: int = 120) -> list[int]:
    """Token indices that begin a paragraph (always including 0)."""
    words = doc.words
    starts = [0]
    cursor = 0
    head = " ".join(words[:4])
    probe = original.find(words[0]) if words else -1
    if probe >= 0 and head:
        cursor = probe
    for i, w in enumerate(words):
        found = -1
        length = len(w)
        for cand in (w, *_VARIANTS.get(w, ())):
            j = original.find(cand, cursor, cursor + window + len(cand))
            if j >= 0 and (found < 0 or j < found):
                found, length = j, len(cand)
        if found < 0 and w.startswith(("'", "’")) and len(w) > 1:
            j = original.find(w[1:], cursor, cursor + window)
            if j >= 1:
                found, length = j - 1, len(w)
        if found < 0:
            continue
        if i > 0 and _BLANK.search(original, cursor, found + 1) and _BLANK.search(original, cursor, found):
            if starts[-1] != i:
                starts.append(i)
        cursor = found + length
    return starts


def paragraph_ranges(doc: LitBankDoc, data: Path) -> list[tuple[int, int]]:
    """Paragraph (start, end) character ranges in the text of ``doc.to_doc(vocab)``.

    Falls back to one paragraph per sentence when the original text is missing.
    """
    offsets = token_starts(doc)
    n = len(offsets)
    if n == 0:
        return []
    path = data / "original" / f"{doc.id.removesuffix('_brat')}.txt"
    if path.exists():
        firsts = paragraph_starts(doc, path.read_text(encoding="utf-8"))
    else:
        firsts = doc.sentence_offsets()
    words = doc.words
    bounds = [*firsts, n]
    return [
        (offsets[a], offsets[b - 1] + len(words[b - 1])) for a, b in zip(bounds, bounds[1:], strict=False) if b > a
    ]

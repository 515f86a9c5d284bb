"""Paragraph breaks for LitBank documents, recovered by aligning LitBank's tokens to the original text.

LitBank's token files keep sentences but not paragraphs. Dialogue turns are paragraphs, so the quotation
evaluation aligns each document's tokens to ``original/<id>.txt`` (greedy, left to right) and starts a
paragraph at each token that follows a blank line. Unaligned tokens simply stay in the current paragraph.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from ficlens.datasets.files import read_text
from ficlens.datasets.litbank import LitBankDoc

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


def _single_newline_breaks(original: str) -> str:
    """For texts that mark paragraphs by a short line instead of a blank line: insert the blank lines."""
    lines = original.split("\n")
    lengths = sorted(len(x) for x in lines if x.strip())
    if not lengths:
        return original
    width = lengths[len(lengths) * 3 // 4]
    out = []
    for k, line in enumerate(lines):
        out.append(line)
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if line.strip() and nxt.strip() and (len(line) < 0.8 * width or nxt.lstrip()[:1] in "\"“'‘"):
            out.append("")
    return "\n".join(out)


def paragraph_starts(doc: LitBankDoc, original: str, *, window: int = 120) -> list[int]:
    """Token indices that begin a paragraph (always including 0)."""
    starts = _align(doc, original, window=window)
    if len(starts) * 300 < len(doc.words):
        starts = _align(doc, _single_newline_breaks(original), window=window)
    return starts


def _align(doc: LitBankDoc, original: str, *, window: int) -> list[int]:
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
            # lost (OCR slips, hyphenation, editorial changes): resynchronise on the next three tokens
            nxt = words[i : i + 3]
            if len(nxt) == 3 and all(nxt):
                pattern = re.compile(r"\s*".join(re.escape(x) for x in nxt))
                m = pattern.search(original, cursor, cursor + 5000)
                if m is not None:
                    found, length = m.start(), len(w)
            if found < 0:
                continue
        if i > 0 and starts[-1] != i and _BLANK.search(original, cursor, found):
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
    firsts = paragraph_starts(doc, read_text(path)) if path.exists() else doc.sentence_offsets()
    words = doc.words
    bounds = [*firsts, n]
    return [(offsets[a], offsets[b - 1] + len(words[b - 1])) for a, b in itertools.pairwise(bounds) if b > a]

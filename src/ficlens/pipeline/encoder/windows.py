"""WordPiece input for the encoder: spaCy tokens aligned to wordpieces by character offsets, and windows.

The encoder sees at most ``max_len`` wordpieces at a time (including ``[CLS]`` and ``[SEP]``), so a text of
any length is cut into overlapping windows. Each token belongs to exactly one window, the one in whose
middle part (its *core*) the token's first wordpiece falls; the ``context`` wordpieces either side of a core
are read but not predicted from, so every prediction sees some text on both sides.

Nothing here imports torch: training and run time share this code, so the model is trained on exactly the
inputs it gets when it runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:
    from tokenizers import Tokenizer

# Case of a wordpiece's own characters in the original text. The encoder is uncased (its tokenizer
# lowercases), and capitals are the strongest cue for names, so the case is fed back in beside the ids.
CASE_SPECIAL, CASE_OTHER, CASE_LOWER, CASE_TITLE, CASE_UPPER = range(5)
N_CASES = 5


def _case(piece: str) -> int:
    letters = [c for c in piece if c.isalpha()]
    if not letters:
        return CASE_OTHER
    if not letters[0].isupper():
        return CASE_LOWER
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return CASE_UPPER
    return CASE_TITLE


@dataclass(frozen=True)
class Alignment:
    """A text's wordpieces and, per token, the first and last wordpiece it overlaps.

    ``first[t] > last[t]`` never happens: a token that no wordpiece covers (whitespace, characters the
    tokenizer drops) gets its neighbour's position and ``has_pieces[t] == False``, so that no entity starts
    or ends on it."""

    ids: numpy.ndarray  # int64 [n_pieces]
    cases: numpy.ndarray  # int64 [n_pieces]
    first: numpy.ndarray  # int64 [n_tokens]
    last: numpy.ndarray  # int64 [n_tokens]
    has_pieces: numpy.ndarray  # bool [n_tokens]

    @property
    def n_pieces(self) -> int:
        return len(self.ids)

    @property
    def n_tokens(self) -> int:
        return len(self.first)


def load_tokenizer(path: str) -> Tokenizer:
    """The WordPiece tokenizer from a ``tokenizer.json``, without truncation, padding or special tokens'
    post-processing (windows add ``[CLS]``/``[SEP]`` themselves)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(path)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def align(tokenizer: Tokenizer, text: str, token_spans: Sequence[tuple[int, int]]) -> Alignment:
    """Tokenize ``text`` into wordpieces and map each token (``token_spans``: character start, end) onto
    the wordpieces that overlap it."""
    encoding = tokenizer.encode(text, add_special_tokens=False)
    ids = numpy.asarray(encoding.ids, dtype=numpy.int64)
    offsets = encoding.offsets
    starts = numpy.asarray([s for s, _ in offsets], dtype=numpy.int64)
    ends = numpy.asarray([e for _, e in offsets], dtype=numpy.int64)
    cases = numpy.asarray([_case(text[s:e]) for s, e in offsets], dtype=numpy.int64)
    n_tokens = len(token_spans)
    if n_tokens == 0:
        empty = numpy.zeros(0, dtype=numpy.int64)
        return Alignment(ids, cases, empty, empty, numpy.zeros(0, dtype=bool))
    tok = numpy.asarray(token_spans, dtype=numpy.int64).reshape(-1, 2)
    # first piece that ends after the token starts; last piece that starts before the token ends
    first = numpy.searchsorted(ends, tok[:, 0], side="right")
    last = numpy.searchsorted(starts, tok[:, 1], side="left") - 1
    has = (first <= last) & (tok[:, 1] > tok[:, 0])
    if len(ids) == 0:
        zeros = numpy.zeros(n_tokens, dtype=numpy.int64)
        return Alignment(ids, cases, zeros, zeros, numpy.zeros(n_tokens, dtype=bool))
    first = numpy.clip(first, 0, len(ids) - 1)
    last = numpy.where(has, last, first)
    last = numpy.clip(last, first, len(ids) - 1)
    return Alignment(ids, cases, first, last, has)


@dataclass(frozen=True)
class Window:
    """One encoder input: wordpieces ``[piece_start, piece_end)`` of the text between ``[CLS]`` and
    ``[SEP]``; tokens ``[token_start, token_end)`` are read in it and ``[core_start, core_end)`` are
    predicted from it."""

    piece_start: int
    piece_end: int
    token_start: int
    token_end: int
    core_start: int
    core_end: int


def windows(alignment: Alignment, *, max_len: int = 256, context: int = 32) -> Iterator[Window]:
    """Overlapping windows of at most ``max_len`` wordpieces covering every token once in some core."""
    if max_len < 3 + 2 * context:
        raise ValueError(f"max_len {max_len} leaves no core with context {context}")
    body = max_len - 2
    stride = body - 2 * context
    n = alignment.n_pieces
    n_tokens = alignment.n_tokens
    if n_tokens == 0:
        return
    count = 1 + max(0, -(-(n - body) // stride))
    first = alignment.first
    for k in range(count):
        a = k * stride
        b = min(a + body, n)
        core_a = 0 if k == 0 else a + context
        core_b = n if k == count - 1 else a + context + stride
        # tokens whose first piece lies inside the window / inside the core (first is non-decreasing)
        tok_a = int(numpy.searchsorted(first, a, side="left"))
        tok_b = int(numpy.searchsorted(first, b, side="left")) if k < count - 1 else n_tokens
        core_ta = int(numpy.searchsorted(first, core_a, side="left")) if k > 0 else 0
        core_tb = int(numpy.searchsorted(first, core_b, side="left")) if k < count - 1 else n_tokens
        yield Window(a, b, tok_a, tok_b, core_ta, core_tb)


@dataclass(frozen=True)
class WindowInput:
    """Arrays for one window, ready for the encoder (batch of one)."""

    input_ids: numpy.ndarray  # int64 [1, pieces + 2]
    case_ids: numpy.ndarray  # int64 [1, pieces + 2]
    attention_mask: numpy.ndarray  # int64 [1, pieces + 2]
    token_first: numpy.ndarray  # int64 [1, tokens]: position of each token's first piece in the window
    token_last: numpy.ndarray  # int64 [1, tokens]


def window_input(alignment: Alignment, window: Window, *, cls_id: int, sep_id: int) -> WindowInput:
    a, b = window.piece_start, window.piece_end
    ids = numpy.concatenate([[cls_id], alignment.ids[a:b], [sep_id]]).astype(numpy.int64)
    cases = numpy.concatenate([[CASE_SPECIAL], alignment.cases[a:b], [CASE_SPECIAL]]).astype(numpy.int64)
    t0, t1 = window.token_start, window.token_end
    # +1 for [CLS]; a token running past the window's end is cut at its last piece inside
    first = numpy.clip(alignment.first[t0:t1] - a, 0, b - a - 1) + 1
    last = numpy.clip(alignment.last[t0:t1] - a, 0, b - a - 1) + 1
    return WindowInput(
        ids[None, :],
        cases[None, :],
        numpy.ones((1, len(ids)), dtype=numpy.int64),
        first[None, :].astype(numpy.int64),
        last[None, :].astype(numpy.int64),
    )


def span_mask(alignment: Alignment, window: Window, *, max_width: int) -> numpy.ndarray:
    """bool [tokens in window, max_width]: span (i, i + w + 1) may be predicted from this window: it starts
    in the core, ends inside the window and both its first and last token have wordpieces."""
    t0, t1 = window.token_start, window.token_end
    n = t1 - t0
    starts = numpy.arange(n)[:, None]
    ends = starts + numpy.arange(max_width)[None, :]  # inclusive, local
    in_window = ends < n
    ends_c = numpy.minimum(ends, max(n - 1, 0))
    has = alignment.has_pieces[t0:t1]
    inside = alignment.last[t0:t1] < window.piece_end
    core = (starts + t0 >= window.core_start) & (starts + t0 < window.core_end)
    if n == 0:
        return numpy.zeros((0, max_width), dtype=bool)
    return core & in_window & has[starts] & has[ends_c] & inside[ends_c]

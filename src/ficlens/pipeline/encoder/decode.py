"""Turn span scores into a consistent set of nested entities.

The head scores every span of up to ``max_width`` tokens on its own. LitBank nests entities but never
crosses them and never gives one span two types, so the most confident span wins each conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy


@dataclass(frozen=True, slots=True)
class ScoredSpan:
    start: int  # token index
    end: int  # exclusive
    label: int  # index into the entity types (without "none")
    score: float  # 1 - p(none)


def softmax(logits: numpy.ndarray) -> numpy.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = numpy.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def candidates(
    logits: numpy.ndarray, mask: numpy.ndarray, *, offset: int, threshold: float
) -> list[ScoredSpan]:
    """Spans of one window whose p(none) (class 0) is below ``threshold``; ``logits`` [tokens, width,
    1 + types], ``mask`` [tokens, width], ``offset`` the window's first token in the document."""
    probs = softmax(logits.astype(numpy.float64))
    p_none = probs[..., 0]
    chosen = numpy.argwhere(mask & (p_none < threshold))
    out = []
    for i, w in chosen:
        label = int(probs[i, w, 1:].argmax())
        out.append(
            ScoredSpan(offset + int(i), offset + int(i) + int(w) + 1, label, 1.0 - float(p_none[i, w]))
        )
    return out


def select(spans: list[ScoredSpan]) -> list[ScoredSpan]:
    """Greedily keep the most confident spans that neither cross nor repeat a kept span; sorted by
    (start, -end)."""
    kept: list[ScoredSpan] = []
    covering: dict[int, list[ScoredSpan]] = {}
    for span in sorted(spans, key=lambda s: -s.score):
        near = {id(k): k for t in range(span.start, span.end) for k in covering.get(t, ())}.values()
        if any(
            (k.start, k.end) == (span.start, span.end)
            or k.start < span.start < k.end < span.end
            or span.start < k.start < span.end < k.end
            for k in near
        ):
            continue
        kept.append(span)
        for t in range(span.start, span.end):
            covering.setdefault(t, []).append(span)
    kept.sort(key=lambda s: (s.start, -s.end))
    return kept

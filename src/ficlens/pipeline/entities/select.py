"""Choose a consistent set of entities among scored candidates.

The classifier scores every candidate span on its own, so it can accept both "the man" and "the man who
lived by the river" for one person, or two spans that cross. LitBank nests entities but never crosses
them, and never marks two entities with the same syntactic head, so the most confident candidate wins
each such conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int  # exclusive
    label: int
    score: float
    head: int  # token index of the span's syntactic head


def _crosses(a: Candidate, b: Candidate) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def select_entities(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Greedily keep the most confident candidates that neither cross a kept span nor share its head.

    Returns the kept candidates sorted by (start, -end)."""
    kept: list[Candidate] = []
    heads: set[int] = set()
    covering: dict[int, list[Candidate]] = {}
    for cand in sorted(candidates, key=lambda c: -c.score):
        if cand.head in heads:
            continue
        clash = False
        for tok in range(cand.start, cand.end):
            if any(_crosses(cand, other) for other in covering.get(tok, ())):
                clash = True
                break
        if clash:
            continue
        kept.append(cand)
        heads.add(cand.head)
        for tok in range(cand.start, cand.end):
            covering.setdefault(tok, []).append(cand)
    kept.sort(key=lambda c: (c.start, -c.end))
    return kept

"""Arithmetic on half-open character ranges ``[start, end)``: which range holds a position, which ranges
a run of positions falls in, and what is left of ranges once others are cut out.

Quotations, paragraphs, italics, chapters and notes are all such ranges; every rule that asks "is this
offset inside one of them" uses this module, in O(log n) per question or one linear sweep for many.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence


def last_start(starts: Sequence[int], pos: int) -> int:
    """Index of the last of the sorted ``starts`` at or before ``pos`` (0 when ``pos`` precedes them all).

    With token or paragraph starts this is the token or paragraph ``pos`` falls in."""
    return max(0, bisect_right(starts, pos) - 1)


class Ranges:
    """Ranges sorted by start; a position is looked up in the last range that starts at or before it."""

    __slots__ = ("ranges", "starts")

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [r[0] for r in self.ranges]

    def __len__(self) -> int:
        return len(self.ranges)

    def index(self, pos: int) -> int:
        """The index of the range holding ``pos``, or -1."""
        k = bisect_right(self.starts, pos) - 1
        return k if k >= 0 and self.ranges[k][0] <= pos < self.ranges[k][1] else -1

    def __contains__(self, pos: int) -> bool:
        return self.index(pos) >= 0


def mark(positions: Iterable[int], ranges: Sequence[tuple[int, int]]) -> list[int]:
    """For each of the ascending ``positions``, the index of the (sorted, non-overlapping) range holding it,
    or -1: one sweep over both."""
    out: list[int] = []
    k, n = 0, len(ranges)
    for pos in positions:
        while k < n and ranges[k][1] <= pos:
            k += 1
        out.append(k if k < n and ranges[k][0] <= pos < ranges[k][1] else -1)
    return out


def subtract(ranges: Iterable[tuple[int, int]], cut: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """What is left of each of ``ranges`` once the sorted ``cut`` ranges are taken out of it."""
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        pos = start
        for cs, ce in cut:
            if cs >= end:
                break  # the cut is sorted: no later one reaches into this range
            if ce <= pos:
                continue
            if cs > pos:
                out.append((pos, cs))
            pos = max(pos, ce)
        if pos < end:
            out.append((pos, end))
    return out

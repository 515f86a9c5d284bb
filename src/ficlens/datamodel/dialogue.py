"""What is said: quotations, their speakers and addressees."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuoteKind(StrEnum):
    SPOKEN = "spoken"
    WRITTEN = "written"  # texts, letters, notes set apart in italics
    THOUGHT = "thought"  # italic unspoken thoughts of the point-of-view character


class AttributionType(StrEnum):
    EXPLICIT = "explicit"  # "...," Maren said
    ANAPHORIC = "anaphoric"  # "...," she said
    IMPLICIT = "implicit"  # turn-taking, vocatives, the one who acts nearby


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    type: AttributionType | None
    speaker: str | None  # character id
    addressees: tuple[str, ...]
    confidence: float  # calibrated probability that ``speaker`` is right
    chapter: int | None = None
    speaker_mention: tuple[int, int] | None = None  # offsets of the mention that names the speaker
